//! Analyses over people and results: the cohort view of a team, assessor
//! calibration, equality monitoring of an outcome across groups, and
//! Delphi rating rounds; the statistics they share.

pub mod assessors;
pub mod cohort;
pub mod delphi;
pub mod equality;
pub mod impact;
pub mod stats;
mod table;
