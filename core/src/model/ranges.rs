//! The numeric ranges frameworks, profiles and policies keep to (the
//! README's table of numbers under "Errors and limits"), and the scorer's
//! tolerances they are chosen for: values outside are refused where they
//! are read (the model's validation, the policy's checks).

/// Lightest weight accepted (evidence kinds, criteria, competencies): with
/// [`WEIGHT_MAX`], weights within a factor of a million of each other, a
/// range that weighted means and the scorer's fixed-point sums (see
/// `core/src/scoring/score.rs`) compute to full precision.
pub const WEIGHT_MIN: f64 = 0.001;

/// Heaviest weight accepted; see [`WEIGHT_MIN`].
pub const WEIGHT_MAX: f64 = 1000.0;

/// Largest magnitude of a rating scale bound.
pub const SCALE_LIMIT: f64 = 1e12;

/// A rating scale must be at least this wide, and at least
/// `1 / SCALE_WIDTH_RATIO` of its larger bound's magnitude, so that
/// `(value − min)/(max − min)` keeps at least 40 bits of precision.
pub const SCALE_MIN_WIDTH: f64 = 1e-6;

/// See [`SCALE_MIN_WIDTH`].
pub const SCALE_WIDTH_RATIO: f64 = 1000.0;

/// The finest difference between thresholds that scores are compared
/// against (level thresholds, `min_coverage`, `min_gain`): scores are
/// compared to within [`LEVEL_EPSILON`] (1e-9), so thresholds
/// closer than this to each other or to 0 could not be told apart.
pub const THRESHOLD_STEP: f64 = 1e-6;

/// The tolerance of every comparison of a score with a threshold: scores
/// within this distance below a level's threshold still reach it (so that
/// e.g. a rating of 3.6 on 1–5, 0.6499999999999999 in floating point, is
/// `competent`), and the same holds for `min_coverage` and `min_gain`.
pub const LEVEL_EPSILON: f64 = 1e-9;

/// Items whose weight is below 2^-RESOLUTION_BITS of the heaviest kind
/// weight in the scorer (after decay: about 47 half-lives for that kind) are expired:
/// every weight summed is then at least 2^39 quanta, exact to 1 part in
/// 2^39, so a score is exact to about 2e-12 whatever the ages.
pub const RESOLUTION_BITS: i32 = 47;
