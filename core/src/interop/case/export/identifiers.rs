//! Identifiers of the written package: those that are not the UUIDs CASE
//! 1.1 requires replaced by derived ones, and associations given one
//! identifier twice made unique; every reference rewritten.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::base::error::Diagnostic;
use crate::base::text::clip;

use super::super::conform::{diagnostic as export_note, Walker};
use super::super::uuid::{fresh_uuid, uri_of};

/// An identifier [`export`] replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Replacement {
    /// The identifier as it was.
    pub old: String,
    /// The UUID written instead.
    pub new: String,
    /// JSON path of the object it identifies (or of the property that
    /// refers to it), in the exported package.
    pub path: String,
}

/// Every `identifier` in `v`, links included.
pub(crate) fn all_ids(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("identifier") {
                out.insert(id.clone());
            }
            m.values().for_each(|x| all_ids(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| all_ids(x, out)),
        _ => {}
    }
}

/// Rewrites every reference to a replaced identifier: `identifier` (also in
/// links), the rubric back-references, and `urn:uuid:` URIs.
pub(crate) fn rewrite_ids(v: &mut Value, map: &HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match (k.as_str(), &mut *x) {
                    ("identifier" | "rubricId" | "rubricCriterionId", Value::String(s)) => {
                        if let Some(new) = map.get(s.as_str()) {
                            *s = new.clone();
                        }
                    }
                    ("uri", Value::String(s)) => {
                        if let Some(new) = s.strip_prefix("urn:uuid:").and_then(|o| map.get(o)) {
                            *s = uri_of(new);
                        }
                    }
                    _ => rewrite_ids(x, map),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite_ids(x, map)),
        _ => {}
    }
}

/// Replaces the identifiers that are not CASE 1.1 UUIDs where CASE 1.1
/// requires one (kept from a CASE 1.0-era package read with
/// [`Mode::Lenient`]) by name-based UUIDs derived from the framework id and
/// the old identifier, rewriting every reference to them.
pub(crate) fn replace_non_uuids(package: Value, framework_id: &str) -> (Value, Vec<Replacement>) {
    let mut package = package;
    let mut walker = Walker::new(false);
    walker.package(&mut package);
    if walker.non_uuids.is_empty() {
        return (package, Vec::new());
    }
    // A derived UUID may already be an identifier of the package (or of a
    // link out of it): then the next one is taken.
    let mut taken = HashSet::default();
    all_ids(&package, &mut taken);
    let base = format!("proficient:{framework_id}");
    let replaced: Vec<Replacement> = walker
        .non_uuids
        .into_iter()
        .map(|(old, path)| {
            let new = fresh_uuid(&format!("{base}:identifier:{old}"), &taken);
            taken.insert(new.clone());
            let path = path
                .strip_suffix(".identifier")
                .unwrap_or(&path)
                .to_string();
            Replacement { new, old, path }
        })
        .collect();
    let map: HashMap<String, String> = replaced
        .iter()
        .map(|r| (r.old.clone(), r.new.clone()))
        .collect();
    rewrite_ids(&mut package, &map);
    (package, replaced)
}

/// Gives a fresh identifier to the second and later CFAssociations with
/// the same identifier, which only an edited framework file can hold
/// (items are given theirs in [`write_package`]).
pub(crate) fn dedupe(package: &mut Value, framework_id: &str, notes: &mut Vec<Diagnostic>) {
    let twice: Vec<usize> = {
        let mut seen: HashSet<&str> = HashSet::default();
        package
            .get("CFAssociations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, x)| {
                x.get("identifier")
                    .and_then(Value::as_str)
                    .is_some_and(|id| !seen.insert(id))
            })
            .map(|(i, _)| i)
            .collect()
    };
    if twice.is_empty() {
        return;
    }
    let mut taken = HashSet::default();
    all_ids(package, &mut taken);
    let Some(Value::Array(list)) = package.get_mut("CFAssociations") else {
        return;
    };
    for i in twice {
        let Some(Value::String(id)) = list.get_mut(i).and_then(|x| x.get_mut("identifier")) else {
            continue;
        };
        let new = fresh_uuid(&format!("proficient:{framework_id}:duplicate:{id}"), &taken);
        notes.push(export_note(
            &format!("CFAssociations[{i}].identifier"),
            "duplicate_id",
            format!(
                "identifier `{}` is used a second time in the framework's CASE data: `{new}` written here",
                clip(id, 40)
            ),
        ));
        taken.insert(new.clone());
        *id = new;
    }
}
