//! The trainer's report's table of ratings by criterion, for frameworks
//! with anchored rating scales or sections of criteria (none otherwise):
//! each competency's criteria in reading order under their section
//! headings, with the mean rating and the anchor that describes it, and
//! the latest rating given with its anchor.

use std::fmt::Write as _;

use crate::model::anchors::{by_section, rating_bounds};
use crate::model::Framework;
use crate::render::html::escape;
use crate::scoring::score::WorkerScore;

/// Whether the framework has anything this table shows.
pub fn applies(fw: &Framework) -> bool {
    !fw.anchored_scales.is_empty()
        || fw
            .competencies
            .iter()
            .any(|c| !c.sections.is_empty() || c.criteria.iter().any(|k| !k.anchors.is_empty()))
}

/// A rating as written in the report (to 1e-9, as read back).
fn rating(r: f64) -> String {
    let r = (r * 1e9).round() / 1e9;
    format!("{}", crate::base::text::Num(r))
}

/// The table of `w`'s ratings by criterion (empty when the framework has
/// no anchors or sections).
pub fn ratings_table(fw: &Framework, w: &WorkerScore) -> String {
    if !applies(fw) {
        return String::new();
    }
    let mut h = String::from(
        "<details class=\"ratings\"><summary>Ratings by criterion</summary><div class=\"scroll\"><table><thead><tr><th scope=\"col\">criterion</th><th scope=\"col\">score</th><th scope=\"col\">rating</th><th scope=\"col\">latest rating given</th></tr></thead><tbody>",
    );
    for (comp, result) in fw.competencies.iter().zip(&w.competencies) {
        let _ = write!(
            h,
            "<tr><th scope=\"rowgroup\" colspan=\"4\">{}</th></tr>",
            escape(&comp.id)
        );
        for (section, criteria) in by_section(comp) {
            if let Some(s) = section {
                let _ = write!(
                    h,
                    "<tr class=\"section\"><td colspan=\"4\">§ {}</td></tr>",
                    escape(&s.label)
                );
            }
            for cr in criteria {
                let Some(k) = comp
                    .criteria
                    .iter()
                    .position(|x| std::ptr::eq(x, cr))
                    .and_then(|i| result.criteria.get(i))
                else {
                    continue;
                };
                let top = rating_bounds(fw, cr).map_or(String::new(), |(_, max)| rating(max));
                let mean = match (k.rating, &k.anchor) {
                    (Some(r), Some(a)) => {
                        format!("{r:.2} of {top} — nearest anchor ‘{}’", escape(a))
                    }
                    _ => "–".into(),
                };
                let latest = k
                    .evidence
                    .iter()
                    .rev()
                    .find_map(|e| e.rating.map(|r| (e, r)))
                    .map_or_else(
                        || "–".into(),
                        |(e, r)| {
                            format!(
                                "{} of {top}{} ({})",
                                rating(r),
                                e.anchor.as_deref().map_or_else(
                                    || " (no anchor at this point)".to_string(),
                                    |a| format!(" — ‘{}’", escape(a))
                                ),
                                e.date
                            )
                        },
                    );
                let _ = write!(
                    h,
                    "<tr><td title=\"{}\">{}</td><td class=\"num\">{}</td><td>{mean}</td><td>{latest}</td></tr>",
                    escape(&cr.statement),
                    escape(&cr.id),
                    k.score.map_or_else(|| "–".into(), |s| format!("{s:.2}")),
                );
            }
        }
    }
    h.push_str("</tbody></table></div></details>");
    h
}
