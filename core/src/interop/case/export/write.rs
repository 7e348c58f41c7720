//! The package as the model holds it: items, associations and the
//! document written from a framework, identifiers kept or derived; the
//! package as JSON and back.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::base::error::Diagnostic;
use crate::base::text::clip;
use crate::model::Framework;

use super::super::conform::diagnostic as export_note;
use super::super::uuid::uri_of;
use super::nodes::{nodes, Identity, Node};
use super::order::{acyclic, fresh_item_ids, write_positions};
use super::rubrics::add_anchors_rubric;

/// The issuer-independent typed shape of a CFPackage as written by
/// [`export`] (for its JSON Schema, `proficient schema case-package`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CfPackage {
    /// The root document.
    #[serde(rename = "CFDocument")]
    pub document: Map<String, Value>,
    /// The items.
    #[serde(rename = "CFItems", default)]
    pub items: Vec<Map<String, Value>>,
    /// The associations.
    #[serde(rename = "CFAssociations", default)]
    pub associations: Vec<Map<String, Value>>,
    /// Definitions, rubrics and extensions.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// The package as the model holds it: identifiers, associations and
/// properties kept from an import, the rest derived; an `isChildOf` link to
/// nothing in the package or closing a cycle (possible only in an edited
/// framework file) is left out, with a note. [`export_at`] then makes it
/// valid CASE 1.1.
pub(crate) fn write_package(
    fw: &Framework,
    last_change: &str,
    notes: &mut Vec<Diagnostic>,
) -> CfPackage {
    let ident = Identity::of(fw);
    let (mut nodes, comp_nodes) = nodes(fw, &ident);
    fresh_item_ids(&mut nodes, &ident, notes);
    let (ix, edges) = acyclic(&mut nodes, &ident, notes);
    write_positions(&mut nodes, &comp_nodes, &ix, &edges);
    let (items, associations) = items_and_associations(&nodes, fw, &ix, &ident, last_change, notes);
    let mut other = fw
        .case
        .as_ref()
        .map(|d| d.package.clone())
        .unwrap_or_default();
    add_anchors_rubric(&mut other, fw, &nodes, &comp_nodes, last_change, notes);
    CfPackage {
        document: document(fw, &ident, last_change),
        items,
        associations,
        other,
    }
}

/// A list of CASE objects.
type Objects = Vec<Map<String, Value>>;

/// The CFItems and CFAssociations: each node's data, its parent links and
/// other associations, then the document's associations (an `isChildOf`
/// from no item left out).
fn items_and_associations(
    nodes: &[Node<'_>],
    fw: &Framework,
    ix: &HashMap<String, usize>,
    ident: &Identity,
    last_change: &str,
    notes: &mut Vec<Diagnostic>,
) -> (Objects, Objects) {
    let (doc_identifier, doc_uri, doc_case) =
        (&ident.doc_identifier, &ident.doc_uri, fw.case.as_ref());
    // Title and URI of an association end.
    let end = |id: &str| -> Value {
        let (title, uri) = if id == doc_identifier {
            (fw.title.clone(), doc_uri.clone())
        } else {
            match ix.get(id).and_then(|&i| nodes.get(i)) {
                Some(n) => (
                    clip(n.statement, 80),
                    n.case.uri.clone().unwrap_or_else(|| uri_of(id)),
                ),
                None => (id.to_string(), uri_of(id)),
            }
        };
        json!({"title": title, "identifier": id, "uri": uri})
    };

    let mut items = Vec::new();
    let mut associations = Vec::new();
    for n in nodes {
        let mut m: Map<String, Value> = n
            .case
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        m.insert("identifier".into(), json!(n.case.identifier));
        m.insert("fullStatement".into(), json!(n.statement));
        let uri = n
            .case
            .uri
            .clone()
            .unwrap_or_else(|| uri_of(&n.case.identifier));
        m.insert("uri".into(), json!(uri));
        if let Some(t) = &n.case.item_type {
            m.insert("CFItemType".into(), json!(t));
        }
        if let Some(h) = &n.case.human_coding_scheme {
            m.insert("humanCodingScheme".into(), json!(h));
        }
        m.entry("lastChangeDateTime")
            .or_insert_with(|| json!(last_change));
        if !n.ext.is_null() {
            let ext = m.entry("extensions").or_insert_with(|| json!({}));
            if !ext.is_object() {
                *ext = json!({});
            }
            if let Value::Object(e) = ext {
                e.insert("proficient".into(), n.ext.clone());
            }
        }
        items.push(m);
        for l in n.case.parents.iter().chain(&n.case.associations) {
            let mut a: Map<String, Value> = l
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            a.insert("identifier".into(), json!(l.identifier));
            a.insert("associationType".into(), json!(l.association_type));
            a.entry("uri")
                .or_insert_with(|| json!(uri_of(&l.identifier)));
            // The ends are the item and the link's target, whatever an
            // edited file says.
            let origin = a.get("originNodeURI").cloned();
            let keep_origin = origin
                .as_ref()
                .and_then(|o| o.get("identifier"))
                .and_then(Value::as_str)
                == Some(n.case.identifier.as_str());
            if !keep_origin {
                a.insert("originNodeURI".into(), end(&n.case.identifier));
            }
            let dest = a.get("destinationNodeURI").cloned();
            let keep_dest = dest
                .as_ref()
                .and_then(|o| o.get("identifier"))
                .and_then(Value::as_str)
                == Some(l.target.as_str());
            if !keep_dest {
                a.insert("destinationNodeURI".into(), end(&l.target));
            }
            a.entry("lastChangeDateTime")
                .or_insert_with(|| json!(last_change));
            associations.push(a);
        }
    }
    if let Some(dc) = &doc_case {
        for a in &dc.associations {
            let Value::Object(m) = a else { continue };
            if m.get("associationType").and_then(Value::as_str) == Some("isChildOf") {
                notes.push(export_note(
                    "CFAssociations",
                    "unknown_reference",
                    format!(
                        "isChildOf association `{}` from no item of the package: left out",
                        clip(
                            m.get("identifier").and_then(Value::as_str).unwrap_or(""),
                            40
                        )
                    ),
                ));
                continue;
            }
            let mut a = m.clone();
            if let Some(uri) = a.get("identifier").and_then(Value::as_str).map(uri_of) {
                a.entry("uri").or_insert_with(|| json!(uri));
            }
            a.entry("lastChangeDateTime")
                .or_insert_with(|| json!(last_change));
            associations.push(a);
        }
    }

    (items, associations)
}

/// The CFDocument: its data kept from an import, the framework's title,
/// version and description, and the rest of the framework in
/// `extensions.proficient`.
fn document(fw: &Framework, ident: &Identity, last_change: &str) -> Map<String, Value> {
    let (doc_identifier, doc_uri, doc_case) =
        (&ident.doc_identifier, &ident.doc_uri, fw.case.as_ref());
    // Document.
    let mut doc: Map<String, Value> = doc_case
        .as_ref()
        .map(|d| {
            d.fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    doc.insert("identifier".into(), json!(doc_identifier));
    doc.insert("uri".into(), json!(doc_uri));
    doc.insert("title".into(), json!(fw.title));
    if !doc.get("creator").is_some_and(Value::is_string) {
        doc.insert(
            "creator".into(),
            json!(fw
                .source
                .publisher
                .clone()
                .unwrap_or_else(|| "proficient".into())),
        );
    }
    doc.insert("lastChangeDateTime".into(), json!(last_change));
    if doc_case.is_none() {
        doc.insert("caseVersion".into(), json!("1.1"));
    }
    if doc_case.is_none() || doc.contains_key("version") || fw.version != "1.0" {
        doc.insert("version".into(), json!(fw.version));
    }
    match &fw.description {
        Some(d) => {
            doc.insert("description".into(), json!(d));
        }
        None => {
            doc.remove("description");
        }
    }
    let mut fw_ext = json!({
        "id": fw.id,
        "source": fw.source,
        "rating_scale": fw.rating_scale,
        "levels": fw.levels,
        "evidence_kinds": fw.evidence_kinds,
        "evidence_policy": fw.evidence_policy,
        "categories": fw.categories,
    });
    if let (Some(u), Value::Object(m)) = (fw.updated, &mut fw_ext) {
        m.insert("updated".into(), json!(u));
    }
    if let (false, Value::Object(m)) = (fw.anchored_scales.is_empty(), &mut fw_ext) {
        m.insert("anchored_scales".into(), json!(fw.anchored_scales));
    }
    let ext = doc.entry("extensions").or_insert_with(|| json!({}));
    if !ext.is_object() {
        *ext = json!({});
    }
    if let Value::Object(e) = ext {
        e.insert("proficient".into(), fw_ext);
    }
    doc
}

pub(crate) fn package_value(p: CfPackage) -> Value {
    let mut m = Map::new();
    m.insert("CFDocument".into(), Value::Object(p.document));
    m.insert(
        "CFItems".into(),
        Value::Array(p.items.into_iter().map(Value::Object).collect()),
    );
    m.insert(
        "CFAssociations".into(),
        Value::Array(p.associations.into_iter().map(Value::Object).collect()),
    );
    for (k, v) in p.other {
        m.insert(k, v);
    }
    Value::Object(m)
}

pub(crate) fn package_of(v: Value) -> CfPackage {
    let mut m = match v {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let objects = |v: Option<Value>| -> Vec<Map<String, Value>> {
        match v {
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|x| match x {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let document = match m.remove("CFDocument") {
        Some(Value::Object(d)) => d,
        _ => Map::new(),
    };
    let items = objects(m.remove("CFItems"));
    let associations = objects(m.remove("CFAssociations"));
    CfPackage {
        document,
        items,
        associations,
        other: m.into_iter().collect(),
    }
}
