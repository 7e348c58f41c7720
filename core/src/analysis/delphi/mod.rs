//! Delphi analysis: expert ratings of items (participant, panel group,
//! round, item, score 1–10) summarised per item and round, overall and by
//! panel group, as in the Delphi survey behind the job retention skills set
//! (items scored 1–10; 1–3 low, 4–7 middle, 8–10 high priority; mean and
//! standard deviation; items ranked).
//!
//! Per item and round: `n`; `mean`; `sd`, the sample standard deviation
//! (divisor n − 1; null when n = 1); `median`, `q1`, `q3` and `iqr = q3 − q1`
//! with the quantile definition of NumPy's default (`linear`, Hyndman & Fan
//! type 7: for sorted scores x₀ ≤ … ≤ x₍ₙ₋₁₎ the p-quantile is
//! `x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋)` with `h = (n − 1)p`); the count and share
//! of low (1–3), middle (4–7) and high (8–10) ratings; the **modal band**
//! (the band with most ratings; null on a tie); **consensus** when the
//! largest band share is at least the threshold (default 0.7; shares are
//! compared as floating-point numbers), with its band; the **rank** by mean
//! descending, then SD ascending (an item with one rating, whose SD is
//! undefined, after those with an SD), items equal on both sharing the
//! lowest rank of their tie (1, 2, 2, 4); means and SDs are compared
//! exactly, from integer sums; **stability**: the change in the high
//! share since the previous round present in the data in which the item
//! was rated (same panel group for group results), and `stable` when its
//! absolute value is at most the stability threshold (default 0.15).
//!
//! Ratings that cannot count are **excluded and listed** with their line,
//! first failing reason wins: `unknown_item` (an item list is given and
//! does not name the item), `invalid_score` (missing, not a whole number,
//! or outside 1–10), `conflicting_group` (the participant appears in more
//! than one panel group: all their ratings), then, among the rest, ratings
//! of the same participant, round and item: identical copies count once
//! (the others are `duplicate`), differing ones are all `conflicting_rating`.
//! Results do not depend on the order of the rows.

mod analyse;
mod html;
mod priorities;
mod read;
mod result;
mod stats;
#[cfg(test)]
mod tests;

pub use crate::base::error::MAX_PROBLEMS;
pub use analyse::{analyse, Delphi};
pub use priorities::{set_priorities, PriorityReport, PriorityUpdate};
pub use read::{
    read_items_csv, read_ratings_csv, read_ratings_json, ItemInfo, Rating, RatingRef, RatingsError,
    RatingsProblem,
};
pub use result::{
    band_name, band_of, DelphiOptionError, DelphiOptions, DelphiResult, ExcludedRating, Exclusion,
    GroupRound, ItemStats, PanelCount, RatingCounts, RoundResult, DEFAULT_CONSENSUS,
    DEFAULT_STABILITY, MAX_SCORE, MIN_SCORE,
};
