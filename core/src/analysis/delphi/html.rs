//! The analysis as a self-contained HTML page.

use crate::analysis::delphi::result::{band_name, DelphiResult, ItemStats, RoundResult};
use crate::model::PriorityBand;
use crate::render::html::{escape, page, percent, range_chart, table, Cell, Interval, RangeRow};

fn band_class(b: Option<PriorityBand>) -> &'static str {
    match b {
        Some(PriorityBand::High) => "band-high",
        Some(PriorityBand::Middle) => "band-middle",
        Some(PriorityBand::Low) => "band-low",
        None => "band-none",
    }
}

fn opt2(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

/// The columns of an item table.
const ITEM_HEADER: [&str; 14] = [
    "rank",
    "item",
    "category",
    "n",
    "mean",
    "SD",
    "median",
    "IQR",
    "low",
    "middle",
    "high",
    "consensus",
    "Δ high",
    "stable",
];

/// One item's row of an item table.
fn item_row(st: &ItemStats) -> Vec<Cell> {
    vec![
        Cell::Number(st.rank.to_string()),
        Cell::Header(match &st.label {
            Some(l) => format!("{} — {}", st.item, l),
            None => st.item.clone(),
        }),
        Cell::Text(st.category.clone().unwrap_or_default()),
        Cell::Number(st.n.to_string()),
        Cell::Number(format!("{:.2}", st.mean)),
        Cell::Number(opt2(st.sd)),
        Cell::Number(format!("{:.1}", st.median)),
        Cell::Number(format!("{:.2}", st.iqr)),
        Cell::Number(percent(st.low_share)),
        Cell::Number(percent(st.middle_share)),
        Cell::Number(percent(st.high_share)),
        Cell::Text(
            st.consensus_band
                .map_or("no".into(), |b| band_name(b).to_string()),
        ),
        Cell::Number(
            st.high_share_change
                .map_or("–".into(), |x| format!("{:+.1} pts", x * 100.0)),
        ),
        Cell::Text(match st.stable {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "–".into(),
        }),
    ]
}

impl DelphiResult {
    /// A self-contained HTML page: per round, a chart of item means with
    /// ±1 SD bars coloured by consensus band, the item table, and the same
    /// by panel group; then the panel and the excluded ratings.
    pub fn to_html(&self) -> String {
        let title = "Delphi analysis";
        let mut body = format!("<h1>{title}</h1>\n");
        body += &format!(
            "<p class=\"note\">Scores 1–10: 1–3 low, 4–7 middle, 8–10 high priority. Mean and sample SD (n − 1); \
             median and quartiles by linear interpolation (NumPy's default). Consensus: at least {} of an item's \
             ratings in one band. Stability: change in the share of high ratings since the previous round \
             (stable when at most {} points). Rank: mean descending, then SD ascending; ties share a rank. \
             {} ratings read, {} counted, {} excluded.</p>\n",
            percent(self.options.consensus),
            (self.options.stability * 100.0).round(),
            self.counts.ratings,
            self.counts.used,
            self.counts.excluded
        );
        body += "<p class=\"note\">Colour = consensus band: \
                 <span class=\"swatch band-high\"></span>high \
                 <span class=\"swatch band-middle\"></span>middle \
                 <span class=\"swatch band-low\"></span>low \
                 <span class=\"swatch band-none\"></span>no consensus</p>\n";
        for r in &self.rounds {
            body += &round_section(r);
        }
        body += &self.panel_and_excluded();
        page(title, &body)
    }

    /// The panel by group and round, unrated items and excluded ratings.
    fn panel_and_excluded(&self) -> String {
        let mut body = "<h2>Panel</h2>\n".to_string();
        let mut ph: Vec<String> = vec!["panel group".into(), "participants".into()];
        ph.extend(self.rounds.iter().map(|r| format!("round {}", r.round)));
        let ph: Vec<&str> = ph.iter().map(String::as_str).collect();
        let rows: Vec<Vec<Cell>> = self
            .panel
            .iter()
            .map(|p| {
                let mut row = vec![
                    Cell::Header(p.group.clone()),
                    Cell::Number(p.participants.to_string()),
                ];
                row.extend(p.by_round.iter().map(|x| Cell::Number(x.to_string())));
                row
            })
            .collect();
        body += &table("Participants by panel group and round", &ph, &rows);
        if !self.unrated_items.is_empty() {
            body += &format!(
                "<p class=\"note\">Items in the list with no counted rating: {}</p>\n",
                escape(&self.unrated_items.join(", "))
            );
        }
        if !self.excluded.is_empty() {
            let rows: Vec<Vec<Cell>> = self
                .excluded
                .iter()
                .map(|x| {
                    vec![
                        Cell::Number(x.line.to_string()),
                        Cell::Text(x.participant.clone()),
                        Cell::Number(x.round.to_string()),
                        Cell::Text(x.item.clone()),
                        Cell::Text(x.reason.as_str().to_string()),
                        Cell::Text(x.detail.clone()),
                    ]
                })
                .collect();
            body += "<h2>Excluded ratings</h2>\n";
            body += &table(
                "Ratings not counted",
                &["line", "participant", "round", "item", "reason", "detail"],
                &rows,
            );
        }
        body
    }
}

/// One round: the chart of means, the item table, and the table by panel
/// group.
fn round_section(r: &RoundResult) -> String {
    let mut body = format!(
        "<h2>Round {} ({} participants, {} ratings)</h2>\n",
        r.round, r.participants, r.ratings
    );
    let rows: Vec<RangeRow> = r
        .items
        .iter()
        .map(|st| {
            let sd = st.sd.unwrap_or(0.0);
            RangeRow {
                label: format!("{}. {}", st.rank, st.label.as_deref().unwrap_or(&st.item)),
                interval: Interval {
                    value: st.mean,
                    low: st.mean - sd,
                    high: st.mean + sd,
                },
                class: band_class(st.consensus_band).to_string(),
                tooltip: format!(
                    "{}: mean {:.2}, SD {}, n {}, high {}, consensus {}",
                    st.item,
                    st.mean,
                    opt2(st.sd),
                    st.n,
                    percent(st.high_share),
                    st.consensus_band.map_or("none", band_name)
                ),
            }
        })
        .collect();
    body += "<figure>\n";
    body += &range_chart(
        &format!("Round {}: item means with ±1 SD", r.round),
        "Items in rank order; dot at the mean, bar from mean − SD to mean + SD, coloured by consensus band.",
        &rows,
        (1.0, 10.0),
        "score (1–10)",
    );
    body += "<figcaption>Dots: means; bars: ±1 standard deviation; colour: consensus band.</figcaption>\n</figure>\n";
    let rows: Vec<Vec<Cell>> = r.items.iter().map(item_row).collect();
    body += &table(
        &format!("Round {}: items ranked", r.round),
        &ITEM_HEADER,
        &rows,
    );
    if !r.groups.is_empty() {
        body += &groups_table(r);
    }
    body
}

/// One round's items by panel group: mean ± SD, rank within the group,
/// consensus band.
fn groups_table(r: &RoundResult) -> String {
    let mut gh: Vec<String> = vec!["item".into()];
    gh.extend(
        r.groups
            .iter()
            .map(|g| format!("{} (n={})", g.group, g.participants)),
    );
    let gh: Vec<&str> = gh.iter().map(String::as_str).collect();
    let rows: Vec<Vec<Cell>> = r
        .items
        .iter()
        .map(|st| {
            let mut row = vec![Cell::Header(st.item.clone())];
            for g in &r.groups {
                row.push(match g.items.iter().find(|x| x.item == st.item) {
                    Some(x) => Cell::Number(format!(
                        "{:.2} ± {} (#{}{})",
                        x.mean,
                        opt2(x.sd),
                        x.rank,
                        x.consensus_band
                            .map_or(String::new(), |b| format!(", {}", band_name(b)))
                    )),
                    None => Cell::Number("–".into()),
                });
            }
            row
        })
        .collect();
    table(
        &format!(
            "Round {}: mean ± SD (rank within group, consensus band) by panel group",
            r.round
        ),
        &gh,
        &rows,
    )
}
