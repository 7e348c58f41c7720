//! Links of the written package: rubric criteria for no item left out,
//! and the titles and URIs of the package's objects, for links that lack
//! them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Map, Value};

use crate::base::error::Diagnostic;
use crate::base::text::clip;

use super::super::conform::diagnostic as export_note;

/// Leaves out the `CFItemURI` of rubric criteria that names no item of the
/// package (tolerated by a lenient import).
pub(crate) fn drop_dangling_rubric_links(package: &mut Value, notes: &mut Vec<Diagnostic>) {
    let any = package
        .get("CFRubrics")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty());
    if !any {
        return;
    }
    let mut nodes: HashSet<String> = package
        .get("CFItems")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("identifier").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    if let Some(d) = package
        .pointer("/CFDocument/identifier")
        .and_then(Value::as_str)
    {
        nodes.insert(d.to_string());
    }
    let Some(Value::Array(rubrics)) = package.get_mut("CFRubrics") else {
        return;
    };
    for (ri, r) in rubrics.iter_mut().enumerate() {
        let Some(Value::Array(criteria)) = r.get_mut("CFRubricCriteria") else {
            continue;
        };
        for (ci, c) in criteria.iter_mut().enumerate() {
            let Value::Object(cm) = c else { continue };
            let dangling = cm
                .get("CFItemURI")
                .and_then(|l| l.get("identifier"))
                .and_then(Value::as_str)
                .filter(|id| !nodes.contains(*id))
                .map(str::to_string);
            if let Some(id) = dangling {
                cm.remove("CFItemURI");
                notes.push(export_note(
                    &format!("CFRubrics[{ri}].CFRubricCriteria[{ci}].CFItemURI"),
                    "unknown_reference",
                    format!("rubric criterion for `{}`, which is not an item of the package: its `CFItemURI` left out", clip(&id, 40)),
                ));
            }
        }
    }
}

/// Whether a link (the value of a `...URI` property, or an element of it)
/// lacks its title or URI.
pub(crate) fn lacks_title_or_uri(v: &Value) -> bool {
    let link_lacks = |x: &Value| match x {
        Value::Object(l) => {
            !l.get("title").is_some_and(Value::is_string)
                || !l.get("uri").is_some_and(Value::is_string)
        }
        Value::Array(a) => a.iter().any(|y| {
            y.as_object().is_some_and(|l| {
                !l.get("title").is_some_and(Value::is_string)
                    || !l.get("uri").is_some_and(Value::is_string)
            })
        }),
        _ => false,
    };
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, x)| (k.ends_with("URI") && link_lacks(x)) || lacks_title_or_uri(x)),
        Value::Array(a) => a.iter().any(lacks_title_or_uri),
        _ => false,
    }
}

/// Titles and URIs of the objects a package defines, by identifier (to
/// complete links that lack them).
pub(crate) fn known_objects(package: &Value) -> HashMap<String, (String, String)> {
    let mut out = HashMap::default();
    let mut add = |m: &Map<String, Value>, title_key: &str| {
        let (Some(id), Some(uri)) = (
            m.get("identifier").and_then(Value::as_str),
            m.get("uri").and_then(Value::as_str),
        ) else {
            return;
        };
        let title = m
            .get(title_key)
            .and_then(Value::as_str)
            .map_or_else(|| id.to_string(), |t| clip(t, 80));
        out.entry(id.to_string())
            .or_insert((title, uri.to_string()));
    };
    if let Some(Value::Object(d)) = package.get("CFDocument") {
        add(d, "title");
    }
    for x in package
        .get("CFItems")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Value::Object(m) = x {
            add(m, "fullStatement");
        }
    }
    if let Some(Value::Object(defs)) = package.get("CFDefinitions") {
        for list in defs.values().filter_map(Value::as_array) {
            for x in list {
                if let Value::Object(m) = x {
                    add(m, "title");
                }
            }
        }
    }
    for x in package
        .get("CFRubrics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Value::Object(m) = x {
            add(m, "title");
        }
    }
    out
}
