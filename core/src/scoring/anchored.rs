//! Ratings of anchored criteria described in results: each rating given
//! and each criterion's mean, back on the criterion's scale, with the
//! anchor that describes it (see `model::anchors`).

use std::sync::Arc;

use crate::model::anchors::{anchor_at, nearest_anchor, rating_bounds};
use crate::model::Framework;
use crate::scoring::result::WorkerScore;

/// Sets `rating` and `anchor` on the criteria of `w` that have anchors
/// (their own or a shared scale's) and on their used items. A mean is
/// described by the anchor at it, else the nearest one (the lower of two
/// equally near); a rating given by the anchor at it, if any (its value
/// then the anchor's, exactly).
pub(super) fn describe(fw: &Framework, w: &mut WorkerScore) {
    if fw.anchored_scales.is_empty()
        && !fw
            .competencies
            .iter()
            .any(|c| c.criteria.iter().any(|k| !k.anchors.is_empty()))
    {
        return;
    }
    for (comp, result) in fw.competencies.iter().zip(&mut w.competencies) {
        for (cr, k) in comp.criteria.iter().zip(&mut result.criteria) {
            let anchors = fw.anchors_of(cr);
            let Some((min, max)) = rating_bounds(fw, cr).filter(|_| !anchors.is_empty()) else {
                continue;
            };
            let width = max - min;
            if let Some(s) = k.score {
                let r = min + s * width;
                k.rating = Some(r);
                k.anchor = nearest_anchor(anchors, r, width).map(|a| Arc::from(a.label.as_str()));
            }
            for e in &mut k.evidence {
                // The rating read back from its normalised value; the
                // anchor's own value when one is at it (exact).
                let r = min + e.value * width;
                let at = anchor_at(anchors, r, width);
                e.rating = Some(at.map_or(r, |a| a.value));
                e.anchor = at.map(|a| Arc::from(a.label.as_str()));
            }
        }
    }
}
