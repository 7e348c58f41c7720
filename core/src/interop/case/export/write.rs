//! The package as the model holds it: items, associations and the
//! document written from a framework, identifiers kept or derived.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::base::error::Diagnostic;
use crate::base::text::clip;
use crate::model::{CaseLink, CaseRef, Criterion, Domain, Framework};

use super::super::conform::diagnostic as export_note;
use super::super::tree::{self, describe_cycle, seq_of};
use super::super::uuid::{uri_of, uuid_v5};

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

pub(crate) struct Node<'a> {
    statement: &'a str,
    /// Borrowed from the framework; copied only when an edited file's data
    /// must be changed.
    case: Cow<'a, CaseRef>,
    ext: Value,
}

/// The package as the model holds it: identifiers, associations and
/// properties kept from an import, the rest derived; an `isChildOf` link to
/// nothing in the package or closing a cycle (possible only in an edited
/// framework file) is left out, with a note. [`export_at`] then makes it
/// valid CASE 1.1.
#[allow(clippy::too_many_lines)] // SPLIT: issue 17
pub(crate) fn write_package(
    fw: &Framework,
    last_change: &str,
    notes: &mut Vec<Diagnostic>,
) -> CfPackage {
    let base = format!("proficient:{}", fw.id);
    let doc_case = fw.case.as_ref();
    let doc_identifier = doc_case
        .as_ref()
        .map(|d| d.identifier.clone())
        .unwrap_or_else(|| uuid_v5(&format!("{base}:document")));
    let doc_uri = doc_case
        .as_ref()
        .and_then(|d| d.uri.clone())
        .unwrap_or_else(|| uri_of(&doc_identifier));

    let derive = |kind: &str, id: &str, parent: Option<(&str, &str)>, seq: usize| -> CaseRef {
        let identifier = uuid_v5(&format!("{base}:{kind}:{id}"));
        let (parent_id, parent_key) = match parent {
            Some((pid, key)) => (
                uuid_v5(&format!("{base}:{key}:{pid}")),
                format!("{key}:{pid}"),
            ),
            None => (doc_identifier.clone(), "document".into()),
        };
        let link_id = uuid_v5(&format!("{base}:isChildOf:{kind}:{id}:{parent_key}"));
        let mut fields = BTreeMap::new();
        fields.insert("sequenceNumber".into(), json!(seq));
        CaseRef {
            identifier,
            uri: None,
            item_type: None,
            human_coding_scheme: Some(id.to_string()),
            parents: vec![CaseLink {
                identifier: link_id,
                association_type: "isChildOf".into(),
                target: parent_id,
                fields,
            }],
            associations: Vec::new(),
            fields: BTreeMap::new(),
        }
    };

    let mut nodes: Vec<Node<'_>> = Vec::new();
    // A domain is an item when it came from one, in a native framework, or
    // when a competency without CASE identity needs it as a parent (so the
    // domain an import made up for root competencies stays out).
    let needed: HashSet<&str> = fw
        .competencies
        .iter()
        .filter(|c| c.case.is_none())
        .map(|c| c.domain.as_str())
        .collect();
    let domains: Vec<&Domain> = fw
        .domains
        .iter()
        .filter(|d| d.case.is_some() || doc_case.is_none() || needed.contains(d.id.as_str()))
        .collect();
    for (i, d) in domains.iter().enumerate() {
        let case = match &d.case {
            Some(c) => Cow::Borrowed(c),
            None => {
                let mut r = derive("domain", &d.id, None, i + 1);
                r.item_type = Some("Domain".into());
                Cow::Owned(r)
            }
        };
        nodes.push(Node {
            statement: &d.label,
            case,
            ext: json!({"kind": "domain", "id": d.id}),
        });
    }
    if let Some(dc) = &doc_case {
        for g in &dc.groupings {
            nodes.push(Node {
                statement: &g.statement,
                case: Cow::Borrowed(&g.item),
                ext: Value::Null,
            });
        }
    }
    let domain_ids: HashMap<&str, String> = domains
        .iter()
        .zip(nodes.iter())
        .map(|(d, n)| (d.id.as_str(), n.case.identifier.clone()))
        .collect();
    let mut seq_in_domain: HashMap<&str, usize> = HashMap::default();
    // Node of each competency, and of each of its criteria (none when the
    // competency and its one criterion are one item).
    let mut comp_nodes: Vec<(usize, Vec<usize>)> = Vec::new();
    for c in &fw.competencies {
        let seq = seq_in_domain.entry(c.domain.as_str()).or_insert(0);
        *seq += 1;
        let case = match &c.case {
            Some(r) => Cow::Borrowed(r),
            None => {
                let mut r = derive("competency", &c.id, Some((&c.domain, "domain")), *seq);
                if let (Some(l), Some(d)) =
                    (r.parents.first_mut(), domain_ids.get(c.domain.as_str()))
                {
                    l.target = d.clone();
                }
                r.item_type = Some("Competency".into());
                Cow::Owned(r)
            }
        };
        let mut ext = json!({"kind": "competency", "id": c.id, "domain": c.domain});
        if let Value::Object(m) = &mut ext {
            if let Some(cat) = &c.category {
                m.insert("category".into(), json!(cat));
            }
            if c.weight != 1.0 {
                m.insert("weight".into(), json!(c.weight));
            }
            if let Some(p) = &c.priority {
                m.insert(
                    "priority".into(),
                    serde_json::to_value(p).unwrap_or(Value::Null),
                );
            }
            if let Some(n) = &c.notes {
                m.insert("notes".into(), json!(n));
            }
        }
        let comp_identifier = case.identifier.clone();
        let flat = matches!(c.criteria.as_slice(),
            [only] if only.case.as_ref().is_some_and(|k| k.identifier == comp_identifier));
        if flat {
            if let (Value::Object(m), Some(k)) = (&mut ext, c.criteria.first()) {
                let mut ke = criterion_ext(k);
                if let Value::Object(km) = &mut ke {
                    km.insert("id".into(), json!(k.id));
                }
                m.insert("criterion".into(), ke);
            }
        }
        let comp_node = nodes.len();
        nodes.push(Node {
            statement: &c.statement,
            case,
            ext,
        });
        let mut crit_nodes = Vec::new();
        if !flat {
            for (j, k) in c.criteria.iter().enumerate() {
                let case = match &k.case {
                    Some(r) => Cow::Borrowed(r),
                    None => {
                        let mut r = derive("criterion", &k.id, Some((&c.id, "competency")), j + 1);
                        if let Some(l) = r.parents.first_mut() {
                            l.target = comp_identifier.clone();
                        }
                        r.item_type = Some("Criterion".into());
                        Cow::Owned(r)
                    }
                };
                let mut ext = criterion_ext(k);
                if let Value::Object(m) = &mut ext {
                    m.insert("kind".into(), json!("criterion"));
                    m.insert("id".into(), json!(k.id));
                }
                crit_nodes.push(nodes.len());
                nodes.push(Node {
                    statement: &k.statement,
                    case,
                    ext,
                });
            }
        }
        comp_nodes.push((comp_node, crit_nodes));
    }

    // The hierarchy as an import will read it back: links to nothing in the
    // package and links closing cycles are left out; where the framework's
    // order of competencies (or of a competency's criteria) is not the one
    // the hierarchy gives, their positions are written.
    // Two items with one identifier (possible only in an edited framework
    // file): the second gets a fresh one.
    let mut seen: HashSet<String> = HashSet::default();
    seen.insert(doc_identifier.clone());
    for n in &mut nodes {
        if seen.insert(n.case.identifier.clone()) {
            continue;
        }
        let old = n.case.identifier.clone();
        let mut k = 1;
        let mut new = uuid_v5(&format!("{base}:duplicate:{old}"));
        while seen.contains(&new) {
            k += 1;
            new = uuid_v5(&format!("{base}:duplicate:{old}:{k}"));
        }
        notes.push(export_note(
            "CFItems",
            "duplicate_id",
            format!(
                "identifier `{}` is used a second time in the framework's CASE data: `{new}` written for the item `{}`",
                clip(&old, 40),
                clip(n.statement, 40)
            ),
        ));
        seen.insert(new.clone());
        n.case.to_mut().identifier = new;
    }
    let ix: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.case.identifier.clone(), i))
        .collect();
    let mut edges: Vec<Vec<tree::Edge>> = Vec::with_capacity(nodes.len());
    for n in &mut nodes {
        let known = |l: &CaseLink| l.target == doc_identifier || ix.contains_key(&l.target);
        if n.case.parents.iter().all(known) {
            edges.push(
                n.case
                    .parents
                    .iter()
                    .map(|l| tree::Edge {
                        to: ix.get(&l.target).copied(),
                        seq: seq_of(l),
                    })
                    .collect(),
            );
            continue;
        }
        let from = n.case.identifier.clone();
        n.case.to_mut().parents.retain(|l| {
            let ok = known(l);
            if !ok {
                notes.push(export_note(
                    "CFAssociations",
                    "unknown_reference",
                    format!(
                        "isChildOf association `{}` from `{}` to `{}`, which is neither the document nor an item of the package: left out",
                        clip(&l.identifier, 40),
                        clip(&from, 40),
                        clip(&l.target, 40)
                    ),
                ));
            }
            ok
        });
        edges.push(
            n.case
                .parents
                .iter()
                .map(|l| tree::Edge {
                    to: ix.get(&l.target).copied(),
                    seq: seq_of(l),
                })
                .collect(),
        );
    }
    let mut cycles = tree::break_cycles(&mut edges);
    let name = |m: usize| {
        nodes
            .get(m)
            .map(|x| format!("`{}`", clip(&x.case.identifier, 40)))
            .unwrap_or_default()
    };
    for c in &cycles {
        notes.push(export_note(
            "CFAssociations",
            "cycle",
            format!(
                "{}: the association that closes it is left out",
                describe_cycle(c, &name)
            ),
        ));
    }
    cycles.sort_unstable_by_key(|c| std::cmp::Reverse((c.child, c.edge)));
    for c in &cycles {
        if let Some(n) = nodes.get_mut(c.child) {
            if c.edge < n.case.parents.len() {
                n.case.to_mut().parents.remove(c.edge);
            }
        }
    }
    let order = tree::first_parent_tree(&edges).order;
    let is_comp: HashSet<usize> = comp_nodes.iter().map(|(c, _)| *c).collect();
    let read_back: Vec<usize> = order.into_iter().filter(|i| is_comp.contains(i)).collect();
    let written: Vec<usize> = comp_nodes.iter().map(|(c, _)| *c).collect();
    if read_back != written {
        for (k, &c) in written.iter().enumerate() {
            if let Some(Value::Object(m)) = nodes.get_mut(c).map(|n| &mut n.ext) {
                m.insert("position".into(), json!(k + 1));
            }
        }
    }
    for (comp, crits) in &comp_nodes {
        // An import orders a competency's criteria by the sequence number
        // of their link to it, then by their place in the package.
        let key = |k: usize| -> Option<(i64, usize)> {
            let link = nodes
                .get(k)?
                .case
                .parents
                .iter()
                .find(|l| ix.get(&l.target).is_some_and(|t| is_comp.contains(t)))?;
            (ix.get(&link.target) == Some(comp)).then(|| (seq_of(link), k))
        };
        let keys: Vec<Option<(i64, usize)>> = crits.iter().map(|&k| key(k)).collect();
        let in_order = keys.windows(2).all(|w| match (w.first(), w.get(1)) {
            (Some(Some(a)), Some(Some(b))) => a < b,
            _ => true,
        });
        if !in_order {
            for (j, &k) in crits.iter().enumerate() {
                if let Some(Value::Object(m)) = nodes.get_mut(k).map(|n| &mut n.ext) {
                    m.insert("position".into(), json!(j + 1));
                }
            }
        }
    }

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
    for n in &nodes {
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
    let ext = doc.entry("extensions").or_insert_with(|| json!({}));
    if !ext.is_object() {
        *ext = json!({});
    }
    if let Value::Object(e) = ext {
        e.insert("proficient".into(), fw_ext);
    }
    CfPackage {
        document: doc,
        items,
        associations,
        other: doc_case.map(|d| d.package.clone()).unwrap_or_default(),
    }
}

pub(crate) fn criterion_ext(k: &Criterion) -> Value {
    let mut m = Map::new();
    if k.weight != 1.0 {
        m.insert("weight".into(), json!(k.weight));
    }
    m.insert(
        "measure".into(),
        serde_json::to_value(&k.measure).unwrap_or(Value::Null),
    );
    if let Some(kinds) = &k.kinds {
        m.insert("kinds".into(), json!(kinds));
    }
    if let Some(n) = &k.notes {
        m.insert("notes".into(), json!(n));
    }
    Value::Object(m)
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
