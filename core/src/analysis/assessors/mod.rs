//! Assessor calibration: how far each assessor's values differ from their
//! colleagues' on the same worker × criterion (leniency, with a 95% t
//! interval over the pairs and the pairs behind a flag), how well
//! assessors agree (Krippendorff's alpha, ordinal for ratings and nominal
//! for yes/no, per criterion and overall; exact and adjacent agreement),
//! and self-assessments against assessors' values by competency.
//!
//! Only evidence the scoring policy accepts counts. On each worker ×
//! criterion an assessor's *latest* item (date, then line) is their value.
//! An item is a **self-assessment** when its kind is the self-assessment
//! kind (option `self_kind`; by default the framework's kind
//! `self-assessment` when it has one) or its assessor is the worker;
//! self-assessments are compared with assessors, never counted as one.
//! Items with no assessor are left out. Values are compared on the 0–1
//! scale of the scorer; exact and adjacent agreement on the criterion's
//! own rating scale (adjacent: at most one point apart). Rate and count
//! criteria count in leniency, not in alpha.

mod analyse;
mod html;
mod result;
pub mod rows;
#[cfg(test)]
mod tests;

pub use analyse::{calibrate, CalibrateOptions, DEFAULT_MIN_PAIRS};
pub use result::{
    AssessorAgreement, AssessorCounts, AssessorPair, AssessorRow, AssessorSettings,
    AssessorsResult, FigureExplanation, SelfAssessmentRow,
};

/// The evidence kind taken as self-assessment when the framework has it.
pub const SELF_KIND: &str = "self-assessment";
