//! CASE export: a framework written as a CFPackage, then made valid CASE
//! 1.1 (identifiers, links, what CASE 1.1 requires filled in), with notes
//! of what was changed.

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::base::date::Date;
use crate::base::error::{Diagnostic, MAX_PROBLEMS};
use crate::model::Framework;

use super::conform::{self, diagnostic, Walker};

mod identifiers;
mod links;
mod nodes;
mod order;
mod rubrics;
mod write;

pub use identifiers::Replacement;
use identifiers::{dedupe, replace_non_uuids};
use links::{drop_dangling_rubric_links, known_objects, lacks_title_or_uri};
pub use write::CfPackage;
use write::{package_of, package_value, write_package};

/// `secs` seconds after 1970-01-01T00:00:00Z, as an RFC 3339 date-time in
/// UTC (e.g. a file's modification time, for [`export_at`]).
pub fn rfc3339_utc(secs: i64) -> String {
    let days = i32::try_from(secs.div_euclid(86_400)).unwrap_or(0);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}+00:00",
        Date::from_days(days),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The current time in seconds since 1970-01-01T00:00:00Z.
#[cfg(feature = "clock")]
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0)
}

/// The `lastChangeDateTime` of an export: the package's own (kept from an
/// import), else the framework's `updated` date, else `fallback` (with a
/// note saying so).
fn time_stamp(fw: &Framework, fallback: i64, origin: &str) -> (String, Option<Diagnostic>) {
    let kept = fw
        .case
        .as_ref()
        .and_then(|d| d.fields.get("lastChangeDateTime"))
        .and_then(Value::as_str)
        .and_then(conform::normalise_date_time);
    if let Some(t) = kept {
        return (t, None);
    }
    if let Some(d) = fw.updated {
        return (format!("{d}T00:00:00+00:00"), None);
    }
    let t = rfc3339_utc(fallback);
    let note = diagnostic(
        "CFDocument.lastChangeDateTime",
        "time_stamp",
        format!(
            "the framework has no date of its own, so lastChangeDateTime is {origin}, `{t}`; add `updated: YYYY-MM-DD` to the framework for an export that does not change"
        ),
    );
    (t, Some(note))
}

/// A CFPackage written by [`export`], the identifiers it replaced, and
/// what else it changed to make the package valid CASE 1.1.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The package.
    pub package: CfPackage,
    /// Identifiers replaced, in package order (empty for native frameworks
    /// and packages whose identifiers are all UUIDs).
    pub replaced: Vec<Replacement>,
    /// What was written differently from the framework's CASE data, or
    /// made up, so that the package is valid CASE 1.1: one note per kind
    /// of change, at the first place it was made (with how many places in
    /// all). Empty for native frameworks with an `updated` date and for
    /// valid CASE 1.1 packages read back.
    pub notes: Vec<Diagnostic>,
}

impl Export {
    /// The package as pretty JSON with a final newline.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&self.package)
            .map(|s| s + "\n")
            .unwrap_or_default()
    }
}

/// The walker's findings (one per kind of change, at the first place it
/// was made) as notes.
fn summarise(findings: Vec<conform::Finding>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|f| diagnostic(&f.path, f.code, f.message()))
        .collect()
}

/// Exports `fw` as a CASE 1.1 CFPackage that passes a strict import (and
/// the CASE 1.1 JSON Schema).
///
/// Identifiers kept from an import are written back when they are UUIDs;
/// native frameworks get name-based UUIDs (version 5) of the framework id
/// and item ids, so re-exports are identical. `lastChangeDateTime` is the
/// package's own when the framework was imported, else the framework's
/// `updated` date, else `fallback` (seconds since 1970, e.g. the framework
/// file's modification time; `origin` says what it is, for the note).
///
/// What CASE 1.1 does not allow is written in its form or left out, each
/// kind of change listed in [`Export::notes`]: properties it does not
/// define (e.g. CASE 1.0's `CFDocumentURI`, `CFPackageURI`) and null values
/// are left out, `caseVersion` is `1.1`, a `subject` string becomes an
/// array, date-times without a time zone are read as UTC, sequence numbers
/// are integers, association types outside the vocabulary become
/// `ext:NAME`, what CASE 1.1 requires and the data lacks is filled in (a
/// `uri`, a `lastChangeDateTime`, a CFItemType's `description`) or the
/// object left out, and identifiers that are not UUIDs are replaced by
/// UUIDs derived from the framework id and the old identifier, each listed
/// in [`Export::replaced`]. This is stable: importing the export strictly
/// and exporting again gives the same package.
pub fn export_at(fw: &Framework, fallback: i64, origin: &str) -> Export {
    let (stamp, stamp_note) = time_stamp(fw, fallback, origin);
    let mut notes: Vec<Diagnostic> = stamp_note.into_iter().collect();
    let mut package = package_value(write_package(fw, &stamp, &mut notes));
    drop_dangling_rubric_links(&mut package, &mut notes);
    let (mut package, replaced) = replace_non_uuids(package, &fw.id);
    dedupe(&mut package, &fw.id, &mut notes);
    // Titles and URIs by identifier, for links that lack them (only data
    // kept from a lenient import or an edited file can).
    let known = if lacks_title_or_uri(&package) {
        known_objects(&package)
    } else {
        HashMap::default()
    };
    let mut walker = Walker::new(true);
    walker.fill = true;
    walker.stamp = Some(&stamp);
    walker.known = Some(&known);
    walker.package(&mut package);
    let unlisted = walker.unlisted;
    notes.extend(summarise(walker.findings));
    if unlisted > 0 {
        notes.push(diagnostic(
            "",
            "too_many_notes",
            format!("{unlisted} more values written in CASE 1.1 form, of kinds past the first {MAX_PROBLEMS}, only those are listed"),
        ));
    }
    Export {
        package: package_of(package),
        replaced,
        notes,
    }
}

/// [`export_at`] with the time of export as the fallback time stamp.
#[cfg(feature = "clock")]
pub fn export(fw: &Framework) -> Export {
    export_at(fw, now_secs(), "the time of export")
}

/// [`export`] as pretty JSON with a final newline.
#[cfg(feature = "clock")]
pub fn export_json(fw: &Framework) -> String {
    export(fw).json()
}
