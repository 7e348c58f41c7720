//! The items of an export, one node per domain, grouping, competency and
//! criterion of the framework: CASE data kept from an import, or derived
//! from the framework id and the model's ids.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{json, Map, Value};

use crate::model::{CaseLink, CaseRef, Competency, Criterion, Domain, Framework};

use super::super::uuid::{uri_of, uuid_v5};

/// One CFItem to write.
pub(crate) struct Node<'a> {
    pub(crate) statement: &'a str,
    /// Borrowed from the framework; copied only when an edited file's data
    /// must be changed.
    pub(crate) case: Cow<'a, CaseRef>,
    pub(crate) ext: Value,
}

/// The node of each competency, and of each of its criteria (none when the
/// competency and its one criterion are one item).
pub(crate) type CompNodes = Vec<(usize, Vec<usize>)>;

/// The document's identifier and URI, and the name identifiers are derived
/// from (`proficient:FRAMEWORK-ID`).
pub(crate) struct Identity {
    pub(crate) base: String,
    pub(crate) doc_identifier: String,
    pub(crate) doc_uri: String,
}

impl Identity {
    /// Kept from an import, or derived.
    pub(crate) fn of(fw: &Framework) -> Identity {
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
        Identity {
            base,
            doc_identifier,
            doc_uri,
        }
    }

    /// CASE data for a part of the model that has none: a derived
    /// identifier and one `isChildOf` link to its parent (the document when
    /// `parent` is none) with the sequence number `seq`.
    fn derive(&self, kind: &str, id: &str, parent: Option<(&str, &str)>, seq: usize) -> CaseRef {
        let base = &self.base;
        let identifier = uuid_v5(&format!("{base}:{kind}:{id}"));
        let (parent_id, parent_key) = match parent {
            Some((pid, key)) => (
                uuid_v5(&format!("{base}:{key}:{pid}")),
                format!("{key}:{pid}"),
            ),
            None => (self.doc_identifier.clone(), "document".into()),
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
    }
}

/// The nodes of the framework's domains, groupings, competencies and
/// criteria, in that order.
pub(crate) fn nodes<'a>(fw: &'a Framework, ident: &Identity) -> (Vec<Node<'a>>, CompNodes) {
    let doc_case = fw.case.as_ref();
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
                let mut r = ident.derive("domain", &d.id, None, i + 1);
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
        let at = competency(
            c,
            *seq,
            domain_ids.get(c.domain.as_str()),
            ident,
            &mut nodes,
        );
        comp_nodes.push(at);
    }
    (nodes, comp_nodes)
}

/// Pushes the node of a competency and those of its criteria (none when it
/// and its one criterion are one item); returns where they are.
fn competency<'a>(
    c: &'a Competency,
    seq: usize,
    domain_id: Option<&String>,
    ident: &Identity,
    nodes: &mut Vec<Node<'a>>,
) -> (usize, Vec<usize>) {
    let case = match &c.case {
        Some(r) => Cow::Borrowed(r),
        None => {
            let mut r = ident.derive("competency", &c.id, Some((&c.domain, "domain")), seq);
            if let (Some(l), Some(d)) = (r.parents.first_mut(), domain_id) {
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
        if !c.sections.is_empty() {
            m.insert("sections".into(), json!(c.sections));
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
                    let mut r =
                        ident.derive("criterion", &k.id, Some((&c.id, "competency")), j + 1);
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
    (comp_node, crit_nodes)
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
    if let Some(s) = &k.section {
        m.insert("section".into(), json!(s));
    }
    if !k.anchors.is_empty() {
        m.insert("anchors".into(), json!(k.anchors));
    }
    if let Some(s) = &k.scale {
        m.insert("scale".into(), json!(s));
    }
    Value::Object(m)
}
