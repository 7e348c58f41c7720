//! `screen` with a people file: the shortlist and its adverse impact by
//! group (table: the shortlist, then one table per attribute; CSV: one row
//! per attribute × group; JSON: the result with `adverse_impact`).

use std::io::Write;

use crate::analysis::equality::Representation;
use crate::analysis::impact::{AdverseImpact, ImpactGroup, ScreenJson};
use crate::model::{Framework, Profile};
use crate::present::csv::Csv;
use crate::present::text::{table, Chunked, Sink};
use crate::present::{Format, Style};
use crate::scoring::screen::ScreenResult;

/// Writes a `screen` result and, when there is one, its adverse impact.
pub fn write_screened(
    out: &mut dyn Write,
    fw: &Framework,
    profile: &Profile,
    r: &ScreenResult,
    impact: Option<&AdverseImpact>,
    style: Style,
) -> std::io::Result<()> {
    let Some(impact) = impact else {
        return crate::present::scoring::write_screen(out, fw, profile, r, style);
    };
    match style.format {
        Format::Json => {
            let both = ScreenJson {
                result: r,
                adverse_impact: Some(impact),
            };
            crate::render::json::write_json(out, &both)
        }
        Format::Csv => out.write_all(impact_csv(impact, style.csv).as_bytes()),
        Format::Table => {
            crate::present::scoring::write_screen(out, fw, profile, r, style)?;
            Chunked::write(out, true, |o| o.put(&impact_table(impact)))
        }
        Format::Html => crate::present::scoring::write_screen(out, fw, profile, r, style),
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn two(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.2}"))
}

fn row(label: &str, g: &ImpactGroup) -> Vec<String> {
    if g.suppressed {
        let mut r = vec![label.to_string()];
        r.extend(std::iter::repeat_n("*".to_string(), 8));
        return r;
    }
    let opt = |x: Option<u64>| x.map_or_else(|| "-".into(), |v| v.to_string());
    vec![
        label.to_string(),
        opt(g.candidates),
        opt(g.meeting_essentials),
        pct(g.selection_rate),
        match (g.ci_low, g.ci_high) {
            (Some(a), Some(b)) => format!("{:.1}–{:.1}%", a * 100.0, b * 100.0),
            _ => "-".into(),
        },
        two(g.relative_likelihood),
        two(g.ratio_to_most_selected),
        match g.four_fifths {
            Some(true) => "below 4/5".into(),
            Some(false) => String::new(),
            None => "-".into(),
        },
        g.fisher_p.map_or_else(String::new, |p| format!("{p:.3}")),
    ]
}

/// The adverse impact as tables, one per attribute.
pub fn impact_table(a: &AdverseImpact) -> String {
    let mut out = format!(
        "\nadverse impact of the screening against `{}` (meeting every essential requirement) · groups under {} candidates suppressed (*)\n",
        a.profile, a.min_cell
    );
    out += "relative likelihood = most selected group's rate ÷ group rate; 4/5 rule: rate below 0.8 × the most selected group's; Fisher p (group against the other candidates) where an expected count is below 5\n";
    out += &format!(
        "candidates with no row in the people file: {}; people file rows naming no candidate: {}\n",
        a.unmatched.map_or_else(|| "*".into(), |u| u.to_string()),
        a.not_candidates
    );
    let header = [
        "group",
        "candidates",
        "meeting",
        "rate",
        "95% CI",
        "rel. likelihood",
        "ratio",
        "4/5",
        "Fisher p",
    ];
    for attr in &a.attributes {
        out += &format!(
            "\n{} (most selected: {}):\n",
            attr.attribute,
            attr.most_selected.as_deref().unwrap_or("-")
        );
        let mut rows: Vec<Vec<String>> = attr
            .groups
            .iter()
            .map(|g| row(g.group.as_deref().unwrap_or(""), g))
            .collect();
        rows.push(row("all candidates", &attr.total));
        out += &table(&header, &rows);
    }
    out
}

/// The adverse impact as CSV: one row per attribute × group.
pub fn impact_csv(a: &AdverseImpact, csv: Csv) -> String {
    let mut out = String::from(
        "attribute,group,candidates,meeting_essentials,selection_rate,ci_low,ci_high,relative_likelihood,ratio_to_most_selected,four_fifths,fisher_p,suppressed\n",
    );
    for attr in &a.attributes {
        for g in attr.groups.iter().chain(std::iter::once(&attr.total)) {
            csv.row(&mut out)
                .text(&attr.attribute)
                .text(g.group.as_deref().unwrap_or(""))
                .opt(g.candidates)
                .opt(g.meeting_essentials)
                .opt(g.selection_rate)
                .opt(g.ci_low)
                .opt(g.ci_high)
                .opt(g.relative_likelihood)
                .opt(g.ratio_to_most_selected)
                .opt(g.four_fifths)
                .opt(g.fisher_p)
                .num(g.suppressed)
                .end();
        }
    }
    out
}

/// Representation against reference shares, as a table.
pub fn representation_table(rows: &[Representation]) -> String {
    let mut out = String::from(
        "\nshare of the outcome against the profile (all periods; under/over: the profile share lies above/below the 95% interval):\n",
    );
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|x| {
            if x.suppressed {
                let mut r = vec![x.group.clone(), pct(Some(x.reference_share))];
                r.extend(std::iter::repeat_n("*".to_string(), 4));
                return r;
            }
            vec![
                x.group.clone(),
                pct(Some(x.reference_share)),
                format!(
                    "{} of {}",
                    x.count.map_or_else(|| "-".into(), |c| c.to_string()),
                    x.total.map_or_else(|| "-".into(), |c| c.to_string())
                ),
                format!(
                    "{} ({})",
                    pct(x.share),
                    match (x.ci_low, x.ci_high) {
                        (Some(a), Some(b)) => format!("{:.1}–{:.1}%", a * 100.0, b * 100.0),
                        _ => "-".into(),
                    }
                ),
                two(x.ratio),
                x.flag.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out += &table(
        &[
            "group",
            "profile share",
            "with the outcome",
            "share (95% CI)",
            "ratio",
            "flag",
        ],
        &body,
    );
    out
}
