//! What a trainer works with: development plans and CPD, progress against
//! them, and the trainer's HTML report.

pub mod plans;
pub mod progress;
pub mod ratings;
pub mod report;
