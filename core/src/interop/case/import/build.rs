//! From a parsed CFPackage to a [`Framework`]: items and associations read,
//! the hierarchy settled, roles given, the model's parts built.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Map, Value};

use crate::base::text::clip;
use crate::model::{
    CaseDocument, CaseGrouping, CaseRef, Competency, Criterion, Domain, EvidenceKind,
    EvidencePolicy, Framework, Level, Measure, RatingScale, Source,
};

use super::super::conform::kind_of as kind;
use super::super::tree::seq_of;
use super::hierarchy::{settle, Hierarchy, Role};
use super::ids::{slug, unique_id, Ids};
use super::read::{read_associations, read_items, take_list, Item};
use super::report::Ctx;
use super::rubric::{
    anchors_from_rubrics, default_levels, read_rubrics, rubric_levels, take_anchors_rubrics,
};

pub(crate) fn from_ext<T: serde::de::DeserializeOwned>(
    ext: &Map<String, Value>,
    key: &str,
) -> Option<T> {
    ext.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// The item's CASE data, moved out (each item goes to one place in the
/// framework).
pub(crate) fn take_case(c: &mut CaseRef) -> CaseRef {
    std::mem::replace(c, bare_case(String::new()))
}

/// CASE data with an identifier only.
fn bare_case(identifier: String) -> CaseRef {
    CaseRef {
        identifier,
        uri: None,
        item_type: None,
        human_coding_scheme: None,
        parents: Vec::new(),
        associations: Vec::new(),
        fields: BTreeMap::new(),
    }
}

/// The model's parts the hierarchy gives, beside domains.
struct Parts {
    competencies: Vec<Competency>,
    /// The `position` an export wrote for each competency.
    positions: Vec<Option<u64>>,
    /// The competency each competency item became.
    comp_index: HashMap<usize, usize>,
    groupings: Vec<CaseGrouping>,
    /// Some competency is under no domain: the `general` one is added.
    need_general: bool,
}

/// The CFDocument and the rest of the package.
struct Doc<'a> {
    pkg: &'a Map<String, Value>,
    fields: &'a Map<String, Value>,
    /// Its `extensions.proficient`.
    ext: Map<String, Value>,
    title: Option<String>,
    identifier: String,
    /// Associations from the document (or from outside the package).
    associations: Vec<Value>,
}

pub(crate) fn build(root: Value, cx: &mut Ctx<'_>) -> Option<Framework> {
    let mut pkg = match root {
        Value::Object(m) => m,
        other => {
            cx.error(
                "",
                "shape",
                format!("expected a CFPackage (an object), found {}", kind(&other)),
            );
            return None;
        }
    };
    let item_vals = take_list(&mut pkg, "CFItems", cx);
    let assoc_vals = take_list(&mut pkg, "CFAssociations", cx);
    let doc_v = match pkg.get("CFDocument") {
        Some(v) => v,
        None => {
            cx.error(
                "",
                "missing",
                "missing required property `CFDocument`".into(),
            );
            return None;
        }
    };
    let doc = cx.object(doc_v, "CFDocument", "a CFDocument")?;
    let doc_id = cx.text(doc, "identifier", "CFDocument");
    let title = cx.string(doc, "title", "CFDocument", true);
    let doc_ext: Map<String, Value> = doc
        .get("extensions")
        .and_then(|e| e.get("proficient"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();

    let (mut items, by_id) = read_items(item_vals, cx);

    let doc_identifier = doc_id.unwrap_or_default();
    let doc_assocs = read_associations(assoc_vals, &doc_identifier, &mut items, &by_id, cx);

    let h = settle(&mut items, &by_id, cx)?;
    let (ids, mut used) = give_ids(&items, &h);
    let (mut domains, domain_at) = domains(&mut items, &h, &ids);
    let mut parts = competencies(&mut items, &h, &ids, &domains, &domain_at, &mut used);
    place_criteria(&mut items, &h, &ids, &by_id, &mut parts, cx);
    if parts.need_general {
        domains.push(Domain {
            levels: Vec::new(),
            id: "general".into(),
            label: "General".into(),
            case: None,
        });
    }
    let d = Doc {
        pkg: &pkg,
        fields: doc,
        ext: doc_ext,
        title,
        identifier: doc_identifier,
        associations: doc_assocs,
    };
    framework(d, &ids, &by_id, domains, parts, cx)
}

/// Ids, in the order of the hierarchy. Groupings are no part of the
/// model: their ids (only for notes) are made apart, so that they never
/// take the name of a domain, competency or criterion (which would then
/// change on the next import). Returns the ids in use beside groupings'.
fn give_ids(items: &[Item], h: &Hierarchy) -> (Vec<String>, Ids) {
    let n = items.len();
    let mut used = Ids::default();
    let mut grouping_ids = Ids::default();
    let mut ids: Vec<String> = vec![String::new(); n];
    for &i in &h.tree.order {
        let Some(it) = items.get(i) else { continue };
        let base = from_ext::<String>(&it.ext, "id")
            .or_else(|| it.case.human_coding_scheme.clone())
            .unwrap_or_default();
        let set = if h.role(i) == Role::Grouping {
            &mut grouping_ids
        } else {
            &mut used
        };
        if let Some(slot) = ids.get_mut(i) {
            *slot = unique_id(&base, &it.identifier, set);
        }
    }
    (ids, used)
}

/// Domains, and the domain each item is under (the nearest domain up its
/// first parents), in one pass down the hierarchy.
fn domains(items: &mut [Item], h: &Hierarchy, ids: &[String]) -> (Vec<Domain>, Vec<Option<usize>>) {
    let n = items.len();
    let mut domains: Vec<Domain> = Vec::new();
    let mut domain_at: Vec<Option<usize>> = vec![None; n];
    for &i in &h.tree.order {
        let d = if h.role(i) == Role::Domain {
            Some(i)
        } else {
            h.first_parent(i)
                .and_then(|p| domain_at.get(p).copied().flatten())
        };
        if let Some(slot) = domain_at.get_mut(i) {
            *slot = d;
        }
        if h.role(i) == Role::Domain {
            if let Some(it) = items.get_mut(i) {
                domains.push(Domain {
                    levels: Vec::new(),
                    id: ids.get(i).cloned().unwrap_or_default(),
                    label: std::mem::take(&mut it.statement),
                    case: Some(take_case(&mut it.case)),
                });
            }
        }
    }
    (domains, domain_at)
}

/// Competencies (a flat one with its one criterion) and groupings, in the
/// order of the hierarchy.
fn competencies(
    items: &mut [Item],
    h: &Hierarchy,
    ids: &[String],
    domains: &[Domain],
    domain_at: &[Option<usize>],
    used: &mut Ids,
) -> Parts {
    let domain_ids: HashSet<&str> = domains.iter().map(|d| d.id.as_str()).collect();
    let mut need_general = false;
    let mut competencies: Vec<Competency> = Vec::new();
    let mut positions: Vec<Option<u64>> = Vec::new();
    let mut comp_index: HashMap<usize, usize> = HashMap::default();
    let mut groupings = Vec::new();
    for &i in &h.tree.order {
        let Some(it) = items.get_mut(i) else { continue };
        let id = ids.get(i).cloned().unwrap_or_default();
        match h.role(i) {
            Role::Competency | Role::Flat => {
                let domain = from_ext::<String>(&it.ext, "domain")
                    .filter(|d| domain_ids.contains(d.as_str()))
                    .or_else(|| {
                        domain_at
                            .get(i)
                            .copied()
                            .flatten()
                            .and_then(|d| ids.get(d).cloned())
                    })
                    .unwrap_or_else(|| {
                        need_general = true;
                        "general".to_string()
                    });
                let mut criteria = Vec::new();
                let single = it.ext.get("criterion").and_then(Value::as_object);
                if h.role(i) == Role::Flat || single.is_some() {
                    let k = single.cloned().unwrap_or_default();
                    let kid = from_ext::<String>(&k, "id").unwrap_or_else(|| format!("{id}.1"));
                    criteria.push(Criterion {
                        required: false,
                        id: unique_id(&kid, &format!("{id}.c"), used),
                        statement: it.statement.clone(),
                        weight: from_ext(&k, "weight").unwrap_or(1.0),
                        measure: from_ext(&k, "measure").unwrap_or(Measure::Rating {
                            min: None,
                            max: None,
                        }),
                        kinds: from_ext(&k, "kinds"),
                        notes: from_ext(&k, "notes"),
                        section: from_ext(&k, "section"),
                        anchors: from_ext(&k, "anchors").unwrap_or_default(),
                        scale: from_ext(&k, "scale"),
                        case: Some(bare_case(it.identifier.clone())),
                    });
                }
                comp_index.insert(i, competencies.len());
                positions.push(from_ext::<u64>(&it.ext, "position"));
                competencies.push(Competency {
                    rule: None,
                    id,
                    domain,
                    category: from_ext(&it.ext, "category"),
                    statement: std::mem::take(&mut it.statement),
                    weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                    priority: from_ext(&it.ext, "priority"),
                    notes: from_ext(&it.ext, "notes"),
                    criteria,
                    sections: from_ext(&it.ext, "sections").unwrap_or_default(),
                    case: Some(take_case(&mut it.case)),
                });
            }
            Role::Grouping => groupings.push(CaseGrouping {
                statement: std::mem::take(&mut it.statement),
                item: take_case(&mut it.case),
            }),
            Role::Domain | Role::Criterion => {}
        }
    }
    Parts {
        competencies,
        positions,
        comp_index,
        groupings,
        need_general,
    }
}

/// Criteria go under their first competency parent, ordered by the
/// sequenceNumber of that isChildOf association (then package order), or
/// by the positions an export wrote when every criterion has one; then
/// competencies are put in order and each must have a criterion.
fn place_criteria(
    items: &mut [Item],
    h: &Hierarchy,
    ids: &[String],
    by_id: &HashMap<String, usize>,
    parts: &mut Parts,
    cx: &mut Ctx<'_>,
) {
    let comp_index = &parts.comp_index;
    let mut placed: Vec<(usize, i64, usize, Option<u64>, Criterion)> = Vec::new();
    for (i, it) in items.iter_mut().enumerate() {
        if h.role(i) != Role::Criterion {
            continue;
        }
        let parent = it.case.parents.iter().find_map(|l| {
            let p = by_id.get(&l.target)?;
            comp_index.get(p).map(|&c| (c, seq_of(l)))
        });
        let Some((c, seq)) = parent else {
            cx.error(
                &it.path(),
                "unplaced",
                format!(
                    "criterion item `{}` has no competency parent, expected an isChildOf association to a competency",
                    clip(&it.identifier, 40)
                ),
            );
            continue;
        };
        placed.push((
            c,
            seq,
            i,
            from_ext::<u64>(&it.ext, "position"),
            Criterion {
                required: false,
                id: ids.get(i).cloned().unwrap_or_default(),
                statement: std::mem::take(&mut it.statement),
                weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                measure: from_ext(&it.ext, "measure").unwrap_or(Measure::Rating {
                    min: None,
                    max: None,
                }),
                kinds: from_ext(&it.ext, "kinds"),
                notes: from_ext(&it.ext, "notes"),
                section: from_ext(&it.ext, "section"),
                anchors: from_ext(&it.ext, "anchors").unwrap_or_default(),
                scale: from_ext(&it.ext, "scale"),
                case: Some(take_case(&mut it.case)),
            },
        ));
    }
    placed.sort_by_key(|(c, seq, i, _, _)| (*c, *seq, *i));
    let mut by_comp: Vec<Vec<(Option<u64>, Criterion)>> =
        vec![Vec::new(); parts.competencies.len()];
    for (c, _, _, pos, k) in placed {
        if let Some(list) = by_comp.get_mut(c) {
            list.push((pos, k));
        }
    }
    for (comp, mut list) in parts.competencies.iter_mut().zip(by_comp) {
        if !list.is_empty() && list.iter().all(|(p, _)| p.is_some()) {
            list.sort_by_key(|(p, _)| *p);
        }
        comp.criteria.extend(list.into_iter().map(|(_, k)| k));
    }
    // Competencies in the order of the hierarchy, or by the positions an
    // export wrote when every competency has one (the framework's order
    // was not the hierarchy's).
    if !parts.competencies.is_empty() && parts.positions.iter().all(Option::is_some) {
        let mut with: Vec<(Option<u64>, Competency)> = std::mem::take(&mut parts.positions)
            .into_iter()
            .zip(std::mem::take(&mut parts.competencies))
            .collect();
        with.sort_by_key(|(p, _)| *p);
        parts.competencies = with.into_iter().map(|(_, c)| c).collect();
    }
    for c in &parts.competencies {
        if c.criteria.is_empty() {
            let path = c
                .case
                .as_ref()
                .and_then(|r| by_id.get(&r.identifier))
                .and_then(|&i| items.get(i))
                .map(Item::path)
                .unwrap_or_default();
            cx.error(
                &path,
                "empty",
                format!(
                    "competency item `{}` has no criteria, expected at least one child item",
                    clip(&c.id, 40)
                ),
            );
        }
    }
}

/// The framework: the document's data, levels (checked against the
/// rubrics), the parts built; `None` when there are errors.
fn framework(
    d: Doc<'_>,
    ids: &[String],
    by_id: &HashMap<String, usize>,
    domains: Vec<Domain>,
    parts: Parts,
    cx: &mut Ctx<'_>,
) -> Option<Framework> {
    let Doc {
        pkg,
        fields: doc,
        ext: doc_ext,
        title,
        identifier: doc_identifier,
        associations: doc_assocs,
    } = d;
    let Parts {
        competencies,
        groupings,
        ..
    } = parts;
    // Package parts kept verbatim, but for the rubric an export wrote for
    // anchored scales (the anchors are the criteria's; it is written anew).
    let mut package = BTreeMap::new();
    for (k, v) in pkg {
        if !matches!(k.as_str(), "CFDocument" | "CFItems" | "CFAssociations") {
            package.insert(k.clone(), v.clone());
        }
    }
    let ours = take_anchors_rubrics(&mut package);
    let mut competencies = competencies;
    anchors_from_rubrics(&ours, &mut competencies, cx);
    let levels = from_ext::<Vec<Level>>(&doc_ext, "levels")
        .or_else(|| rubric_levels(pkg.get("CFRubrics"), cx))
        .unwrap_or_else(default_levels);
    let item_id = |identifier: &str| -> Option<String> {
        if identifier == doc_identifier {
            return Some(from_ext::<String>(&doc_ext, "id").unwrap_or_else(|| "(document)".into()));
        }
        by_id.get(identifier).and_then(|&i| ids.get(i)).cloned()
    };
    read_rubrics(package.get("CFRubrics"), &item_id, &levels, cx);
    let mut doc_fields: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in doc {
        match k.as_str() {
            "identifier" | "uri" => {}
            "extensions" => {
                let mut e = v.as_object().cloned().unwrap_or_default();
                e.remove("proficient");
                if !e.is_empty() {
                    doc_fields.insert(k.clone(), Value::Object(e));
                }
            }
            _ => {
                doc_fields.insert(k.clone(), v.clone());
            }
        }
    }
    let title = title.unwrap_or_default();
    let str_field = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_string);
    let source = from_ext::<Source>(&doc_ext, "source").unwrap_or_else(|| Source {
        citation: match str_field("creator") {
            Some(c) => format!("{c}. {title}."),
            None => format!("{title}."),
        },
        publisher: str_field("publisher"),
        year: None,
        url: str_field("officialSourceURL"),
        method: None,
        panel: None,
        notes: Some("imported from a CASE package".into()),
    });
    if !cx.errors.is_empty() {
        return None;
    }
    Some(Framework {
        overall_levels: Vec::new(),
        id: from_ext::<String>(&doc_ext, "id")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let s = slug(&title);
                if s.is_empty() {
                    "case-framework".into()
                } else {
                    s
                }
            }),
        title,
        version: str_field("version").unwrap_or_else(|| "1.0".into()),
        description: str_field("description"),
        updated: from_ext(&doc_ext, "updated"),
        source,
        rating_scale: from_ext(&doc_ext, "rating_scale").unwrap_or(RatingScale {
            min: 1.0,
            max: 5.0,
            labels: Vec::new(),
        }),
        anchored_scales: from_ext(&doc_ext, "anchored_scales").unwrap_or_default(),
        levels,
        evidence_kinds: from_ext(&doc_ext, "evidence_kinds").unwrap_or_else(|| {
            vec![EvidenceKind {
                id: "observation".into(),
                label: "Observation".into(),
                weight: 1.0,
                description: None,
            }]
        }),
        evidence_policy: from_ext::<EvidencePolicy>(&doc_ext, "evidence_policy")
            .unwrap_or_default(),
        categories: from_ext(&doc_ext, "categories").unwrap_or_default(),
        domains,
        competencies,
        case: Some(CaseDocument {
            identifier: doc_identifier,
            uri: str_field("uri"),
            fields: doc_fields,
            groupings,
            associations: doc_assocs,
            package,
        }),
    })
}
