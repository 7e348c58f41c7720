//! The engine: the scoring policy, the scorer (evidence in, explained
//! scores out), screening against role profiles, and the reading/scoring
//! pipeline.

/// Whether competency rules, required criteria, level bands of domains and
/// the overall score, and aggregates other than `weighted_mean` are scored
/// (feature `rules`, ARCHITECTURE.md "Core features"). Without it their
/// code is left out: the wasm main module, which scores only the shipped
/// frameworks that use none of them.
pub(crate) const RULES: bool = cfg!(feature = "rules");

// Compiled for the core's own tests too (`input::doc` tests it).
mod anchored;
#[cfg(any(test, feature = "call-options"))]
pub mod call;
mod checks;
mod exact;
mod finish;
mod group;
mod history;
mod latest;
mod parallel;
pub(crate) mod phases;
pub mod pipeline;
pub mod policy;
mod records;
mod result;
pub mod score;
pub mod screen;
mod settle;
mod spill;
mod texts;
mod value;
