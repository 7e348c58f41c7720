//! `proficient`: a competency assessment engine.
//!
//! Load a knowledge-and-skills [`Framework`] from YAML, score workers
//! against dated evidence, and explain every score. Errors carry file, line,
//! column and document path (see [`base::error`]).
//!
//! ```
//! let fw = proficient::Framework::load("job-retention").map_err(|e| e.to_string())?;
//! assert_eq!(fw.competencies.len(), 16);
//! # Ok::<(), String>(())
//! ```

#![forbid(unsafe_code)]

pub mod analysis;
pub mod api;
pub mod base;
pub mod evidence;
pub mod input;
pub mod interop;
pub mod model;
pub mod present;
pub mod render;
pub mod schema;
pub mod scoring;
pub mod trainer;

pub use base::date::Date;
pub use base::error::{Diagnostic, LoadError, Location, SyntaxError, ValidationError};
pub use evidence::{EvidenceError, EvidenceItem, ItemRef};
pub use model::ranges;
pub use model::{
    Competency, Criterion, Domain, EvidenceKind, EvidencePolicy, Framework, Importance, Level,
    Measure, Profile, RatingScale, Requirement,
};
pub use scoring::policy::{PolicyOverrides, ScoringPolicy};
pub use scoring::score::{score_items, Explain, Reason, ScoreResult, Scorer};
pub use scoring::screen::{screen, ScreenResult};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
