//! The calibration as HTML: a section of the trainer's report
//! ([`AssessorsResult::html_section`]) and a page of its own
//! ([`AssessorsResult::to_html`]). Every text is escaped.

use std::fmt::Write as _;

use crate::analysis::assessors::result::AssessorsResult;
use crate::analysis::assessors::rows;
use crate::render::html::{escape, page, table, Cell};

/// `rows` as HTML cells, each column as `kinds` says (see [`rows::Kinds`]).
fn cells(rows: Vec<Vec<String>>, kinds: rows::Kinds) -> Vec<Vec<Cell>> {
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .zip(kinds.chars())
                .map(|(text, kind)| match kind {
                    'h' => Cell::Header(text),
                    't' => Cell::Text(text),
                    _ => Cell::Number(text),
                })
                .collect()
        })
        .collect()
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
        let (header, kinds) = rows::ASSESSORS;
        h += &table("Assessors", &header, &cells(self.assessor_rows("–"), kinds));
        let agreement = self.agreement_rows("–");
        if !agreement.is_empty() {
            let (header, kinds) = rows::AGREEMENT;
            h += &table(
                "Agreement (Krippendorff's alpha)",
                &header,
                &cells(agreement, kinds),
            );
        }
        if !self.self_assessment.is_empty() {
            let (header, kinds) = rows::SELF_ASSESSMENT;
            h += &table(
                "Self-assessment against assessors",
                &header,
                &cells(self.self_assessment_rows("–"), kinds),
            );
        }
        for a in self.assessors.iter().filter(|a| a.flag.is_some()) {
            let (header, kinds) = rows::PAIRS;
            let caption = format!(
                "Pairs behind {} ({})",
                a.assessor,
                a.flag.as_deref().unwrap_or_default()
            );
            h += &table(&caption, &header, &cells(a.pair_rows(), kinds));
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
