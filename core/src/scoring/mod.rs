//! The engine: the scoring policy, the scorer (evidence in, explained
//! scores out), screening against role profiles, and the reading/scoring
//! pipeline.

// Compiled for the core's own tests too (`input::doc` tests it).
mod anchored;
#[cfg(any(test, feature = "call-options"))]
pub mod call;
mod exact;
mod finish;
mod group;
mod history;
mod latest;
mod parallel;
pub mod pipeline;
pub mod policy;
mod result;
pub mod score;
pub mod screen;
mod texts;
mod value;
