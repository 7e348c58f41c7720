//! Analyses over people and results: the cohort view of a team, equality
//! monitoring of an outcome across groups, and Delphi rating rounds.

pub mod cohort;
pub mod delphi;
pub mod equality;
mod table;
