//! The analysis as a self-contained HTML page.

use crate::analysis::equality::result::{EqualityResult, Estimate, ReasonTable};
use crate::render::html::{escape, interval_chart, page, table, Cell, Interval, Series};

fn fmt_opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.digits$}"))
}

fn estimate_cells(
    e: &Estimate,
    label: crate::render::html::Cell,
) -> Vec<crate::render::html::Cell> {
    use crate::render::html::Cell;
    let mut row = vec![label];
    if e.suppressed {
        row.extend((0..7).map(|_| Cell::Suppressed("*".into())));
        return row;
    }
    row.push(Cell::Number(e.n.map(|x| x.to_string()).unwrap_or_default()));
    row.push(Cell::Number(
        e.count.map(|x| x.to_string()).unwrap_or_default(),
    ));
    row.push(Cell::Number(
        e.rate.map_or("–".into(), crate::render::html::percent),
    ));
    row.push(Cell::Number(match (e.ci_low, e.ci_high) {
        (Some(a), Some(b)) => format!(
            "{} – {}",
            crate::render::html::percent(a),
            crate::render::html::percent(b)
        ),
        _ => "–".into(),
    }));
    row.push(Cell::Number(fmt_opt(e.relative_likelihood, 2)));
    row.push(Cell::Number(fmt_opt(e.ratio_to_highest, 2)));
    row.push(Cell::Text(match e.four_fifths {
        Some(true) => "below 4/5".into(),
        Some(false) => "".into(),
        None => "–".into(),
    }));
    row
}

const HEADER: [&str; 8] = [
    "group",
    "n",
    "with outcome",
    "rate",
    "95% interval",
    "relative likelihood",
    "ratio to highest",
    "four-fifths",
];

impl EqualityResult {
    /// A self-contained HTML page: a chart of the rates with their 95%
    /// intervals per group over periods, and the tables. Suppressed numbers
    /// appear nowhere on the page.
    pub fn to_html(&self) -> String {
        let s = &self.settings;
        let title = format!("Equality monitoring: {} by {}", s.outcome, s.group);
        let mut body = format!("<h1>{}</h1>\n", escape(&title));
        body += &format!(
            "<p class=\"note\">Outcome column <code>{}</code>, group column <code>{}</code>{}. \
             Rates with 95% Wilson intervals. Relative likelihood = rate of the reference group \
             <strong>{}</strong> ÷ rate of the group (above 1: the reference group is more likely to have the outcome). \
             Ratio to highest = rate ÷ highest shown group rate in the same period; below 0.8 fails the four-fifths rule. \
             Cells with fewer than {} people are suppressed (*), and further cells or totals where needed so that \
             no suppressed number can be worked out from the others.</p>\n",
            escape(&s.outcome),
            escape(&s.group),
            match (&s.cross, &s.period) {
                (Some(c), _) => format!(", crossed with column <code>{}</code> (intersectional groups)", escape(c)),
                (None, Some(p)) => format!(", period column <code>{}</code>", escape(p)),
                (None, None) => String::new(),
            },
            escape(s.reference.as_deref().unwrap_or("(none)")),
            s.min_cell
        );
        body += &self.chart();
        body += &self.rate_tables();
        if !self.trends.is_empty() {
            body += &self.trend_table();
        }
        if let Some(r) = &self.reasons {
            body += &reasons_table(r);
        }
        if let Some(r) = &self.representation {
            body += &representation_table(r);
        }
        body += &self.rows_read();
        page(&title, &body)
    }

    /// The chart of each group's rates with their intervals, by period.
    fn chart(&self) -> String {
        let s = &self.settings;
        let mut body = String::new();
        let series: Vec<Series> = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, name)| Series {
                name: name.clone(),
                points: (0..self.periods.len())
                    .map(|t| {
                        self.cells.get(t * self.groups.len() + g).and_then(|e| {
                            match (e.rate, e.ci_low, e.ci_high) {
                                (Some(value), Some(low), Some(high)) => {
                                    Some(Interval { value, low, high })
                                }
                                _ => None,
                            }
                        })
                    })
                    .collect(),
            })
            .collect();
        let by = s.cross.as_deref().unwrap_or("period");
        body += "<figure>\n";
        body += &interval_chart(
            &format!("Rate of {} by {} and {by}", s.outcome, s.group),
            &format!("Each group's rate with its 95% Wilson interval in each {by}; suppressed cells are left out."),
            &self.periods,
            &series,
            (0.0, 1.0),
            true,
        );
        body += "<figcaption>Dots: rates; bars: 95% Wilson intervals. Gaps are suppressed cells.</figcaption>\n</figure>\n";
        body
    }

    /// The rates by group: per period, over all periods, and overall.
    fn rate_tables(&self) -> String {
        let s = &self.settings;
        let mut body = String::new();
        for (t, period) in self.periods.iter().enumerate() {
            let rows: Vec<Vec<Cell>> = self
                .cells
                .iter()
                .skip(t * self.groups.len())
                .take(self.groups.len())
                .map(|e| estimate_cells(e, Cell::Header(e.group.clone().unwrap_or_default())))
                .chain(
                    self.period_totals
                        .get(t)
                        .map(|e| estimate_cells(e, Cell::Header("all groups".into()))),
                )
                .collect();
            let heading = match (&s.cross, &s.period) {
                (Some(c), _) => format!("{c}: {period}"),
                (None, Some(_)) => format!("Period {period}"),
                (None, None) => "All people".to_string(),
            };
            body += &format!("<h2>{}</h2>\n", escape(&heading));
            body += &table(&format!("Rates by group: {heading}"), &HEADER, &rows);
        }
        if !self.group_totals.is_empty() {
            let (heading, caption) = match &s.cross {
                Some(c) => (
                    format!("Every {c}"),
                    format!("Each {} over every {c}", s.group),
                ),
                None => ("All periods".into(), "Each group over all periods".into()),
            };
            body += &format!("<h2>{}</h2>\n", escape(&heading));
            let rows: Vec<Vec<Cell>> = self
                .group_totals
                .iter()
                .map(|e| estimate_cells(e, Cell::Header(e.group.clone().unwrap_or_default())))
                .collect();
            body += &table(&caption, &HEADER, &rows);
        }
        body += "<h2>Overall</h2>\n";
        body += &table(
            "Everyone",
            &HEADER,
            &[estimate_cells(&self.total, Cell::Header("everyone".into()))],
        );
        body
    }

    /// Each group's shown rates across periods.
    fn trend_table(&self) -> String {
        let mut body = String::new();
        body += "<h2>Trend</h2>\n";
        let rows: Vec<Vec<Cell>> = self
            .trends
            .iter()
            .map(|t| {
                vec![
                    Cell::Header(t.group.clone()),
                    Cell::Number(t.periods.to_string()),
                    Cell::Text(t.first_period.clone().unwrap_or_else(|| "–".into())),
                    Cell::Text(t.last_period.clone().unwrap_or_else(|| "–".into())),
                    Cell::Number(
                        t.first_rate
                            .map_or("–".into(), crate::render::html::percent),
                    ),
                    Cell::Number(t.last_rate.map_or("–".into(), crate::render::html::percent)),
                    Cell::Number(
                        t.change
                            .map_or("–".into(), |x| format!("{:+.1} pts", x * 100.0)),
                    ),
                    Cell::Number(
                        t.slope
                            .map_or("–".into(), |x| format!("{:+.1} pts", x * 100.0)),
                    ),
                    Cell::Number(fmt_opt(t.first_relative_likelihood, 2)),
                    Cell::Number(fmt_opt(t.last_relative_likelihood, 2)),
                ]
            })
            .collect();
        body += &table(
            "Each group's shown rates across periods",
            &[
                "group",
                "periods shown",
                "first",
                "last",
                "first rate",
                "last rate",
                "change",
                "slope per period",
                "first relative likelihood",
                "last relative likelihood",
            ],
            &rows,
        );
        body
    }

    /// Rows read, counted and not counted, and the rows not counted.
    fn rows_read(&self) -> String {
        let mut body = String::new();
        body += &format!(
            "<p class=\"note\">Rows read: {}; counted: {}; not counted: {}.</p>\n",
            self.counts
                .rows
                .map_or("withheld".into(), |x| x.to_string()),
            self.counts
                .used
                .map_or("withheld".into(), |x| x.to_string()),
            self.counts.rejected
        );
        if !self.rejected.is_empty() {
            let rows: Vec<Vec<Cell>> = self
                .rejected
                .iter()
                .map(|r| {
                    vec![
                        Cell::Number(r.line.to_string()),
                        Cell::Text(r.column.clone()),
                        Cell::Text(r.reason.as_str().to_string()),
                        Cell::Text(r.detail.clone()),
                    ]
                })
                .collect();
            body += &table(
                "Rows not counted",
                &["line", "column", "reason", "detail"],
                &rows,
            );
        }
        body
    }
}

/// Each group's share of the outcome against its reference share.
fn representation_table(rows: &[crate::analysis::equality::result::Representation]) -> String {
    use crate::render::html::percent;
    let mut body = String::from("<h2>Representation against the profile</h2>\n<p class=\"note\">Each group's share of the people with the outcome (all periods) with its 95% Wilson interval, against its share of the workforce or community; under/over: the profile share lies above/below the interval. A share is withheld (*) when the group's count or the total is suppressed.</p>\n");
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|x| {
            let mut row = vec![
                Cell::Header(x.group.clone()),
                Cell::Number(percent(x.reference_share)),
            ];
            if x.suppressed {
                row.extend((0..6).map(|_| Cell::Suppressed("*".into())));
                return row;
            }
            let n = |v: Option<u64>| v.map_or_else(|| "–".into(), |c| c.to_string());
            row.extend([
                Cell::Number(n(x.count)),
                Cell::Number(n(x.total)),
                Cell::Number(x.share.map_or_else(|| "–".into(), percent)),
                Cell::Number(match (x.ci_low, x.ci_high) {
                    (Some(a), Some(b)) => format!("{} – {}", percent(a), percent(b)),
                    _ => "–".into(),
                }),
                Cell::Number(fmt_opt(x.ratio, 2)),
            ]);
            row.push(Cell::Text(x.flag.clone().unwrap_or_default()));
            row
        })
        .collect();
    body += &table(
        "Share of the outcome against the profile",
        &[
            "group",
            "profile share",
            "with the outcome",
            "of all with it",
            "share",
            "95% interval",
            "ratio",
            "flag",
        ],
        &cells,
    );
    body
}

/// Reasons for "no" outcomes by group, all periods.
fn reasons_table(r: &ReasonTable) -> String {
    let mut body = String::new();
    body += "<h2>Reasons for \"no\" outcomes</h2>\n";
    let mut header: Vec<&str> = vec!["group", "declined"];
    header.extend(r.reasons.iter().map(String::as_str));
    let mut rows: Vec<Vec<Cell>> = r
        .groups
        .iter()
        .map(|row| {
            let mut cells = vec![Cell::Header(row.group.clone())];
            match (&row.declined, &row.counts) {
                (Some(d), Some(counts)) if !row.suppressed => {
                    cells.push(Cell::Number(d.to_string()));
                    cells.extend(counts.iter().map(|x| Cell::Number(x.to_string())));
                }
                _ => cells.extend((0..=r.reasons.len()).map(|_| Cell::Suppressed("*".into()))),
            }
            cells
        })
        .collect();
    if let Some(t) = &r.totals {
        let mut cells = vec![
            Cell::Header("all groups".into()),
            Cell::Number(t.iter().sum::<u64>().to_string()),
        ];
        cells.extend(t.iter().map(|x| Cell::Number(x.to_string())));
        rows.push(cells);
    }
    body += &table("Reasons by group, all periods", &header, &rows);
    body
}
