//! Equality monitoring of a yes/no outcome (accessed non-mandatory
//! training or CPD, shortlisted, appointed, met the essential requirements)
//! across staff groups and periods, as in the Workforce Race Equality
//! Standard indicator "relative likelihood of white staff accessing
//! non-mandatory training and CPD compared to BME staff".
//!
//! For each group × period *cell*: `n` people, `count` with the outcome,
//! `rate = count / n` with a 95% Wilson score interval
//! (`z =` [`Z95`]), the **relative likelihood** against a reference group
//! (`reference rate ÷ group rate`: above 1 the reference group is more
//! likely to have the outcome), the **ratio to the highest** group rate in
//! the same period and the **four-fifths flag** (ratio below 0.8). The same
//! for each group over all periods and each period over all groups, the
//! overall total, and each group's trend across periods.
//!
//! **Suppression.** A cell or total with `n` below `min_cell` (default 10)
//! shows no n, count, rate, interval or ratio. Then, so that no suppressed
//! number can be recovered by subtraction from the totals, more entries are
//! suppressed (*secondary suppression*) until no suppressed entry is
//! determined by the published ones. The table of cells and totals is a
//! set of linear equations (each group's cells sum to its total, each
//! period's to its total, the totals to the grand total); an entry is
//! recoverable exactly when its unit vector lies in the row space of the
//! equations restricted to the suppressed entries, which is checked exactly
//! (integer elimination) after every addition. Only totals are ever
//! suppressed to protect a cell, so every group cell with at least
//! `min_cell` people is shown (comparisons between groups are the point):
//! with periods, the totals of the cheapest cycle through the exposed
//! entry (fewest totals, then fewest people); without, the overall total.
//! The protection is against exact recovery; as with any cell suppression,
//! bounds on a suppressed number can still be narrowed (it is below
//! `min_cell`). Counts of rows read and used are withheld when the grand
//! total is suppressed. Decline reasons are shown for a group only when its
//! all-period total is shown (they add up to its "no" outcomes), and reason
//! totals only when every group's reasons are shown.

mod analyse;
mod html;
mod options;
mod people;
mod profile;
mod result;
mod suppress;
#[cfg(test)]
mod tests;

pub use crate::base::error::MAX_PROBLEMS;
pub use analyse::{analyse, wilson};
pub use options::{EqualityOptions, DEFAULT_MIN_CELL, NOT_RECORDED, Z95};
pub(crate) use people::people_fault;
pub use people::{
    parse_outcome, read_people, People, PeopleError, PeopleProblem, Person, RejectedRow, RowReason,
    RowWarning,
};
pub use profile::{read_shares, representation};
pub use result::{
    EqualityResult, Estimate, OptionError, ReasonRow, ReasonTable, Representation, RowCounts,
    Settings, Trend,
};
