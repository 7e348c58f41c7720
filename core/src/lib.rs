//! `proficient`: a competency assessment engine.
//!
//! Load a knowledge-and-skills [`Framework`] from YAML, score workers
//! against dated evidence, and explain every score. Errors carry file, line,
//! column and document path (see [`error`]).
//!
//! ```
//! let fw = proficient::Framework::load("job-retention").map_err(|e| e.to_string())?;
//! assert_eq!(fw.competencies.len(), 16);
//! # Ok::<(), String>(())
//! ```

#![forbid(unsafe_code)]

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod badge;
pub mod bake;
pub mod batch;
pub mod case;
pub mod cohort;
pub mod csv_out;
pub mod date;
pub mod delphi;
pub mod doc;
pub mod equality;
pub mod error;
pub mod evidence;
pub mod generate;
pub mod html;
pub mod input;
pub mod load;
pub mod model;
mod parallel;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod pipeline;
pub mod plans;
pub mod policy;
pub mod progress;
pub mod report;

/// The numeric ranges frameworks, profiles and policies keep to (the
/// README's table of numbers under "Errors and limits"): values outside
/// are refused where they are read.
pub mod ranges {
    pub use crate::score::{LEVEL_EPSILON, RESOLUTION_BITS};
    pub use crate::validate::{
        SCALE_LIMIT, SCALE_MIN_WIDTH, SCALE_WIDTH_RATIO, THRESHOLD_STEP, WEIGHT_MAX, WEIGHT_MIN,
    };
}
pub mod schema;
pub mod score;
pub mod screen;
pub mod shipped;
pub mod text;
mod validate;
pub mod yaml;

pub use date::Date;
pub use error::{Diagnostic, LoadError, Location, SyntaxError, ValidationError};
pub use evidence::{EvidenceError, EvidenceItem, ItemRef};
pub use model::{
    Competency, Criterion, Domain, EvidenceKind, EvidencePolicy, Framework, Importance, Level,
    Measure, Profile, RatingScale, Requirement,
};
pub use policy::{PolicyOverrides, ScoringPolicy};
pub use score::{score_items, Explain, Reason, ScoreResult, Scorer};
pub use screen::{screen, ScreenResult};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
