//! The calibration as HTML: a section of the trainer's report
//! ([`AssessorsResult::html_section`]) and a page of its own
//! ([`AssessorsResult::to_html`]). Every text is escaped.

use std::fmt::Write as _;

use crate::analysis::assessors::result::{AssessorAgreement, AssessorsResult};
use crate::render::html::{escape, page, table, Cell};

fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{v:+.3}"))
}

fn plain(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{v:.3}"))
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{:.0}%", v * 100.0))
}

fn interval(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(a), Some(b)) => format!("{a:+.3} to {b:+.3}"),
        _ => "–".into(),
    }
}

fn agreement_row(a: &AssessorAgreement) -> Vec<Cell> {
    vec![
        Cell::Header(a.criterion.clone().unwrap_or_else(|| "all".into())),
        Cell::Text(a.level.clone()),
        Cell::Number(a.units.to_string()),
        Cell::Number(a.pairs.to_string()),
        Cell::Number(plain(a.alpha)),
        Cell::Number(pct(a.exact)),
        Cell::Number(pct(a.adjacent)),
    ]
}

impl AssessorsResult {
    /// The calibration's tables and explanations, as the body of a
    /// section; one plain line when the evidence names no assessor.
    pub fn html_section(&self) -> String {
        let c = &self.counts;
        if self.assessors.is_empty() {
            return format!(
                "<p class=\"meta note\">No evidence item names an assessor ({} accepted items): there is nothing to calibrate.</p>",
                c.items
            );
        }
        let mut h = format!(
            "<p class=\"meta note\">{} accepted items: {} by assessors, {} self-assessments, {} with no assessor; {} worker × criterion units rated by two or more assessors. Leniency: the mean difference from other assessors' values on the same worker × criterion (0–1 scale), flagged when its 95% interval excludes 0 with at least {} pairs.</p>",
            c.items, c.assessed, c.self_assessed, c.unattributed, c.shared_units, self.settings.min_pairs
        );
        let rows: Vec<Vec<Cell>> = self
            .assessors
            .iter()
            .map(|a| {
                vec![
                    Cell::Header(a.assessor.clone()),
                    Cell::Number(a.items.to_string()),
                    Cell::Number(a.workers.to_string()),
                    Cell::Number(format!("{:.3}", a.mean_value)),
                    Cell::Number(a.pairs.to_string()),
                    Cell::Number(signed(a.leniency)),
                    Cell::Number(interval(a.ci_low, a.ci_high)),
                    Cell::Text(a.flag.clone().unwrap_or_default()),
                ]
            })
            .collect();
        h += &table(
            "Assessors",
            &[
                "assessor", "items", "workers", "mean", "pairs", "leniency", "95% CI", "flag",
            ],
            &rows,
        );
        if !self.criteria.is_empty() {
            let mut rows: Vec<Vec<Cell>> = self.criteria.iter().map(agreement_row).collect();
            rows.extend(self.overall.iter().map(agreement_row));
            h += &table(
                "Agreement (Krippendorff's alpha)",
                &[
                    "criterion",
                    "level",
                    "units",
                    "pairs",
                    "alpha",
                    "exact",
                    "adjacent",
                ],
                &rows,
            );
        }
        if !self.self_assessment.is_empty() {
            let rows: Vec<Vec<Cell>> = self
                .self_assessment
                .iter()
                .map(|s| {
                    vec![
                        Cell::Header(s.competency.clone()),
                        Cell::Number(s.pairs.to_string()),
                        Cell::Number(s.workers.to_string()),
                        Cell::Number(signed(s.mean_difference)),
                        Cell::Number(interval(s.ci_low, s.ci_high)),
                        Cell::Text(s.flag.clone().unwrap_or_default()),
                    ]
                })
                .collect();
            h += &table(
                "Self-assessment against assessors",
                &[
                    "competency",
                    "pairs",
                    "workers",
                    "self − assessors",
                    "95% CI",
                    "flag",
                ],
                &rows,
            );
        }
        for a in self.assessors.iter().filter(|a| a.flag.is_some()) {
            let rows: Vec<Vec<Cell>> = a
                .flagged_pairs
                .iter()
                .map(|p| {
                    vec![
                        Cell::Header(p.worker.clone()),
                        Cell::Text(p.criterion.clone()),
                        Cell::Number(format!("{:.3} (line {})", p.value, p.line)),
                        Cell::Text(p.other.clone()),
                        Cell::Number(format!("{:.3} (line {})", p.other_value, p.other_line)),
                        Cell::Number(format!("{:+.3}", p.difference)),
                    ]
                })
                .collect();
            h += &table(
                &format!(
                    "Pairs behind {} ({})",
                    a.assessor,
                    a.flag.as_deref().unwrap_or_default()
                ),
                &[
                    "worker",
                    "criterion",
                    "value",
                    "other",
                    "other's value",
                    "difference",
                ],
                &rows,
            );
        }
        h.push_str("<ul class=\"meta note\">");
        for e in &self.explanations {
            let _ = write!(
                h,
                "<li><strong>{}</strong>: {}</li>",
                escape(&e.figure),
                escape(&e.text)
            );
        }
        h.push_str("</ul>");
        h
    }

    /// A self-contained HTML page of the calibration.
    pub fn to_html(&self) -> String {
        let title = "Assessor calibration";
        page(
            title,
            &format!("<h1>{title}</h1>\n{}\n", self.html_section()),
        )
    }
}
