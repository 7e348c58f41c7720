//! What CASE 1.1 allows, property by property, and how a value it does not
//! allow is brought into its form.
//!
//! One table ([`props`]) lists, for every object of a CFPackage, the
//! properties of the CASE 1.1 JSON Schema (`getCFPackage` response, draft
//! 2020-12) with their types, formats and whether they are required. The
//! same walk over a package ([`Walker`]) serves three purposes, so that they
//! cannot disagree:
//!
//! - a strict import reports every value the schema refuses (an error);
//! - a lenient import changes each such value in place into the form CASE
//!   1.1 allows (or leaves it out) and notes what it did;
//! - an export does the same to the package it writes, and also fills in
//!   what CASE 1.1 requires and the model does not hold (a `uri`, a
//!   `lastChangeDateTime`, a CFItemType's `description`), so the result is
//!   valid CASE 1.1 and a strict import of it finds nothing to report.
//!
//! Properties the importer reads itself (an item's `identifier` and
//! `fullStatement`, an association's ends, ...) are only checked here for
//! their format; a missing or mistyped one is the importer's error.

mod finding;
mod format;
mod table;
mod value;
mod walk;

pub(crate) use finding::{diagnostic, kind_of, Finding};
pub use format::is_case_uuid;
pub(crate) use format::normalise_date_time;
pub(crate) use walk::Walker;
