//! What frameworks add for reading, not scoring: anchored rating scales
//! (what each point of a rating means: the anchor that describes a rating,
//! a criterion's rating bounds) and sections of a competency's criteria
//! (reading order). Their checks are in `validate`.

use crate::model::{Anchor, Competency, Criterion, Framework, Measure, Section};

/// Ratings within this share of the scale's width of an anchor's value are
/// described by it (a rating read back from its normalised value differs
/// from the one given in the last bits).
pub const ANCHOR_TOLERANCE: f64 = 1e-9;

/// The anchor at `rating` (within [`ANCHOR_TOLERANCE`] of the scale's
/// width `width`), if any.
pub fn anchor_at(anchors: &[Anchor], rating: f64, width: f64) -> Option<&Anchor> {
    anchors
        .iter()
        .find(|a| (a.value - rating).abs() <= ANCHOR_TOLERANCE * width.abs().max(1.0))
}

/// How a rating that need not be a point of the scale (a criterion's
/// weighted mean) is described: the anchor at it when there is one, else
/// the nearest anchor, the lower of two equally near. `None` without
/// anchors.
pub fn nearest_anchor(anchors: &[Anchor], rating: f64, width: f64) -> Option<&Anchor> {
    if let Some(a) = anchor_at(anchors, rating, width) {
        return Some(a);
    }
    anchors.iter().min_by(|a, b| {
        let (da, db) = ((a.value - rating).abs(), (b.value - rating).abs());
        da.total_cmp(&db).then(a.value.total_cmp(&b.value))
    })
}

/// The bounds of criterion `cr`'s rating scale (its own, else the
/// framework's); `None` for other measures.
pub fn rating_bounds(fw: &Framework, cr: &Criterion) -> Option<(f64, f64)> {
    match &cr.measure {
        Measure::Rating { min, max } => Some((
            min.unwrap_or(fw.rating_scale.min),
            max.unwrap_or(fw.rating_scale.max),
        )),
        _ => None,
    }
}

/// A competency's criteria in reading order, grouped by section: those in
/// no section first (no heading), then each section in the order of
/// `sections`, its criteria in file order. Sections without criteria are
/// left out.
pub fn by_section(comp: &Competency) -> Vec<(Option<&Section>, Vec<&Criterion>)> {
    let mut out: Vec<(Option<&Section>, Vec<&Criterion>)> = Vec::new();
    let loose: Vec<&Criterion> = comp
        .criteria
        .iter()
        .filter(|k| {
            k.section
                .as_deref()
                .is_none_or(|s| !comp.sections.iter().any(|x| x.id == s))
        })
        .collect();
    if !loose.is_empty() {
        out.push((None, loose));
    }
    for s in &comp.sections {
        let mine: Vec<&Criterion> = comp
            .criteria
            .iter()
            .filter(|k| k.section.as_deref() == Some(s.id.as_str()))
            .collect();
        if !mine.is_empty() {
            out.push((Some(s), mine));
        }
    }
    out
}

/// Anchors sorted by value.
pub fn sorted(anchors: &[Anchor]) -> Vec<&Anchor> {
    let mut v: Vec<&Anchor> = anchors.iter().collect();
    v.sort_by(|a, b| a.value.total_cmp(&b.value));
    v
}
