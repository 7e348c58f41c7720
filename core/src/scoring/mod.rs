//! The engine: the scoring policy, the scorer (evidence in, explained
//! scores out), screening against role profiles, and the reading/scoring
//! pipeline.

mod parallel;
pub mod pipeline;
pub mod policy;
pub mod score;
pub mod screen;
