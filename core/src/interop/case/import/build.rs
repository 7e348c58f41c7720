//! From a parsed CFPackage to a [`Framework`]: items and associations read,
//! the hierarchy settled, roles given, the model's parts built.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Map, Value};

use crate::base::text::clip;
use crate::model::{
    CaseDocument, CaseGrouping, CaseLink, CaseRef, Competency, Criterion, Domain, EvidenceKind,
    EvidencePolicy, Framework, Level, Measure, RatingScale, Source,
};

use super::super::conform::kind_of as kind;
use super::super::tree::{self, describe_cycle, seq_of};
use super::ids::{slug, unique_id, Ids};
use super::report::{join, Ctx, Mode};
use super::rubric::{default_levels, read_rubrics, rubric_levels};

/// A parsed CFItem.
pub(crate) struct Item {
    /// Its index in `CFItems`.
    index: usize,
    identifier: String,
    statement: String,
    ext: Map<String, Value>,
    case: CaseRef,
    /// The index in `CFAssociations` of each of `case.parents`.
    parent_assocs: Vec<usize>,
}

impl Item {
    /// Its JSON path.
    fn path(&self) -> String {
        format!("CFItems[{}]", self.index)
    }
}

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
    std::mem::replace(
        c,
        CaseRef {
            identifier: String::new(),
            uri: None,
            item_type: None,
            human_coding_scheme: None,
            parents: Vec::new(),
            associations: Vec::new(),
            fields: BTreeMap::new(),
        },
    )
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Role {
    Domain,
    Competency,
    Criterion,
    Flat,
    Grouping,
}

#[allow(clippy::too_many_lines)] // SPLIT: issue 17
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
    let item_vals = match pkg.remove("CFItems") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => Vec::new(),
        Some(other) => {
            cx.error(
                "CFItems",
                "shape",
                format!("`CFItems` must be an array, found {}", kind(&other)),
            );
            Vec::new()
        }
    };
    let assoc_vals = match pkg.remove("CFAssociations") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => Vec::new(),
        Some(other) => {
            cx.error(
                "CFAssociations",
                "shape",
                format!("`CFAssociations` must be an array, found {}", kind(&other)),
            );
            Vec::new()
        }
    };
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

    // Items.
    let mut items: Vec<Item> = Vec::with_capacity(item_vals.len());
    let mut by_id: HashMap<String, usize> =
        HashMap::with_capacity_and_hasher(item_vals.len(), Default::default());
    for (i, v) in item_vals.into_iter().enumerate() {
        let path = format!("CFItems[{i}]");
        let Some(m) = cx.object(&v, &path, "a CFItem") else {
            continue;
        };
        let identifier = cx.text(m, "identifier", &path);
        let statement = cx.text(m, "fullStatement", &path);
        let (Some(identifier), Some(statement)) = (identifier, statement) else {
            continue;
        };
        if let Some(&first) = by_id.get(&identifier) {
            let first_path = items.get(first).map(Item::path).unwrap_or_default();
            cx.error(
                &join(&path, "identifier"),
                "duplicate_id",
                format!(
                    "duplicate item identifier `{}`, each identifier may appear once (first defined at {first_path})",
                    clip(&identifier, 40)
                ),
            );
            continue;
        }
        let Value::Object(m) = v else { continue };
        let text_of = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let (uri, item_type, human_coding_scheme) = (
            text_of("uri"),
            text_of("CFItemType"),
            text_of("humanCodingScheme"),
        );
        let mut ext = Map::new();
        // Keys come in order: collected in bulk.
        let fields: BTreeMap<String, Value> = m
            .into_iter()
            .filter_map(|(k, v)| match k.as_str() {
                "identifier" | "uri" | "fullStatement" | "CFItemType" | "humanCodingScheme" => None,
                "extensions" => {
                    let mut e = match v {
                        Value::Object(e) => e,
                        _ => Map::new(),
                    };
                    if let Some(Value::Object(p)) = e.remove("proficient") {
                        ext = p;
                    }
                    (!e.is_empty()).then_some((k, Value::Object(e)))
                }
                _ => Some((k, v)),
            })
            .collect();
        by_id.insert(identifier.clone(), items.len());
        items.push(Item {
            index: i,
            identifier: identifier.clone(),
            statement,
            ext,
            case: CaseRef {
                identifier,
                uri,
                item_type,
                human_coding_scheme,
                parents: Vec::new(),
                associations: Vec::new(),
                fields,
            },
            parent_assocs: Vec::new(),
        });
    }

    // Associations.
    let mut doc_assocs = Vec::new();
    let doc_identifier = doc_id.clone().unwrap_or_default();
    let mut seen_assoc: HashSet<String> = HashSet::default();
    for (i, v) in assoc_vals.into_iter().enumerate() {
        let path = format!("CFAssociations[{i}]");
        let Some(m) = cx.object(&v, &path, "a CFAssociation") else {
            continue;
        };
        let id = cx.text(m, "identifier", &path);
        let ty = cx.string(m, "associationType", &path, true);
        let origin = node_id(m, "originNodeURI", &path, cx);
        let dest = node_id(m, "destinationNodeURI", &path, cx);
        // Written as an integer in lenient mode; a string is an error of
        // strict mode, reported with the other CASE 1.1 checks.
        match m.get("sequenceNumber") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) => {}
            Some(Value::String(s)) if s.trim().parse::<i32>().is_ok() => {}
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => cx.error(
                &join(&path, "sequenceNumber"),
                "out_of_range",
                format!(
                    "sequenceNumber {n} is outside the 32-bit integers CASE 1.1 allows, expected {} to {}",
                    i32::MIN,
                    i32::MAX
                ),
            ),
            Some(other) => cx.error(
                &join(&path, "sequenceNumber"),
                "shape",
                format!(
                    "sequenceNumber must be an integer, found `{}`",
                    clip(other.to_string().trim_matches('"'), 20)
                ),
            ),
        }
        let (Some(id), Some(ty), Some(origin), Some(dest)) = (id, ty, origin, dest) else {
            continue;
        };
        if !seen_assoc.insert(id.clone()) {
            cx.error(
                &join(&path, "identifier"),
                "duplicate_id",
                format!(
                    "duplicate association identifier `{}`, each identifier may appear once",
                    clip(&id, 40)
                ),
            );
            continue;
        }
        let origin_ix = by_id.get(&origin).copied();
        if ty != "isChildOf" && origin_ix.is_none() {
            // From the document (or from outside the package): kept as it is.
            doc_assocs.push(v);
            continue;
        }
        let Value::Object(m) = v else { continue };
        let fields: BTreeMap<String, Value> = m
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "identifier" | "associationType"))
            .collect();
        let link = CaseLink {
            identifier: id,
            association_type: ty.clone(),
            target: dest.clone(),
            fields,
        };
        if ty == "isChildOf" {
            let Some(o) = origin_ix else {
                cx.error(
                    &join(&path, "originNodeURI.identifier"),
                    "unknown_reference",
                    format!(
                        "isChildOf from `{}`, which is not an item of the package, expected the identifier of one of its CFItems",
                        clip(&origin, 40)
                    ),
                );
                continue;
            };
            if dest != doc_identifier && !by_id.contains_key(&dest) {
                cx.error(
                    &join(&path, "destinationNodeURI.identifier"),
                    "unknown_reference",
                    format!(
                        "isChildOf to `{}`, which is neither the document nor an item of the package, expected the identifier of the CFDocument or of one of its CFItems",
                        clip(&dest, 40)
                    ),
                );
                continue;
            }
            if let Some(item) = items.get_mut(o) {
                item.case.parents.push(link);
                item.parent_assocs.push(i);
            }
        } else if let Some(item) = origin_ix.and_then(|o| items.get_mut(o)) {
            item.case.associations.push(link);
        }
    }

    // The hierarchy: cycles broken (lenient) or refused (strict), then the
    // tree of first parents, in linear time.
    let n = items.len();
    let mut edges: Vec<Vec<tree::Edge>> = items
        .iter()
        .map(|it| {
            it.case
                .parents
                .iter()
                .map(|l| tree::Edge {
                    to: by_id.get(&l.target).copied(),
                    seq: seq_of(l),
                })
                .collect()
        })
        .collect();
    let mut cycles = tree::break_cycles(&mut edges);
    let name = |m: usize| {
        items
            .get(m)
            .map(|x| format!("`{}`", clip(&x.identifier, 40)))
            .unwrap_or_default()
    };
    for c in &cycles {
        let message = describe_cycle(c, &name);
        let path = items
            .get(c.child)
            .and_then(|x| x.parent_assocs.get(c.edge))
            .map(|a| format!("CFAssociations[{a}]"))
            .unwrap_or_default();
        match cx.mode {
            Mode::Strict => cx.error(&path, "cycle", message),
            Mode::Lenient => cx.note_grouped(
                &path,
                "cycle",
                format!("tolerated: {message}; this association is left out to break the cycle"),
            ),
        }
    }
    cycles.sort_unstable_by_key(|c| std::cmp::Reverse((c.child, c.edge)));
    for c in &cycles {
        if let Some(it) = items.get_mut(c.child) {
            if c.edge < it.case.parents.len() {
                it.case.parents.remove(c.edge);
                it.parent_assocs.remove(c.edge);
            }
        }
    }
    for it in &items {
        if it.case.parents.is_empty() {
            cx.note_grouped(
                &it.path(),
                "orphan",
                format!(
                    "item `{}` has no isChildOf association, imported at the top level",
                    clip(&it.identifier, 40)
                ),
            );
        } else if it.case.parents.len() > 1 {
            cx.note_grouped(
                &it.path(),
                "shared_item",
                format!(
                    "item `{}` has {} parents; placed under the first, the others kept as links",
                    clip(&it.identifier, 40),
                    it.case.parents.len()
                ),
            );
        }
    }
    if !cx.errors.is_empty() {
        return None;
    }
    let tree = tree::first_parent_tree(&edges);
    let first_parent = |i: usize| tree.first.get(i).copied().flatten();
    let mut has_child = vec![false; n];
    for p in edges.iter().flatten().filter_map(|e| e.to) {
        if let Some(x) = has_child.get_mut(p) {
            *x = true;
        }
    }
    let is_leaf = |i: usize| !has_child.get(i).copied().unwrap_or(false);
    let mut has_leaf_child = vec![false; n];
    for c in (0..n).filter(|&c| is_leaf(c)) {
        if let Some(x) = first_parent(c).and_then(|p| has_leaf_child.get_mut(p)) {
            *x = true;
        }
    }

    // Roles.
    let roles: Vec<Role> = (0..n)
        .map(|i| {
            let ext_kind = items
                .get(i)
                .and_then(|x| x.ext.get("kind"))
                .and_then(Value::as_str);
            match ext_kind {
                Some("domain") => return Role::Domain,
                Some("competency") => return Role::Competency,
                Some("criterion") => return Role::Criterion,
                Some("grouping") => return Role::Grouping,
                _ => {}
            }
            let root = first_parent(i).is_none();
            if is_leaf(i) {
                if root {
                    Role::Flat
                } else {
                    Role::Criterion
                }
            } else if has_leaf_child.get(i).copied().unwrap_or(false) {
                Role::Competency
            } else if root {
                Role::Domain
            } else {
                Role::Grouping
            }
        })
        .collect();
    let role = |i: usize| roles.get(i).copied().unwrap_or(Role::Grouping);

    // Ids, in the order of the hierarchy. Groupings are no part of the
    // model: their ids (only for notes) are made apart, so that they never
    // take the name of a domain, competency or criterion (which would then
    // change on the next import).
    let mut used = Ids::default();
    let mut grouping_ids = Ids::default();
    let mut ids: Vec<String> = vec![String::new(); n];
    for &i in &tree.order {
        let Some(it) = items.get(i) else { continue };
        let base = from_ext::<String>(&it.ext, "id")
            .or_else(|| it.case.human_coding_scheme.clone())
            .unwrap_or_default();
        let set = if role(i) == Role::Grouping {
            &mut grouping_ids
        } else {
            &mut used
        };
        if let Some(slot) = ids.get_mut(i) {
            *slot = unique_id(&base, &it.identifier, set);
        }
    }

    // Domains, and the domain each item is under (the nearest domain up
    // its first parents), in one pass down the hierarchy.
    let mut domains: Vec<Domain> = Vec::new();
    let mut domain_at: Vec<Option<usize>> = vec![None; n];
    for &i in &tree.order {
        let d = if role(i) == Role::Domain {
            Some(i)
        } else {
            first_parent(i).and_then(|p| domain_at.get(p).copied().flatten())
        };
        if let Some(slot) = domain_at.get_mut(i) {
            *slot = d;
        }
        if role(i) == Role::Domain {
            if let Some(it) = items.get_mut(i) {
                domains.push(Domain {
                    id: ids.get(i).cloned().unwrap_or_default(),
                    label: std::mem::take(&mut it.statement),
                    case: Some(take_case(&mut it.case)),
                });
            }
        }
    }
    let domain_ids: HashSet<&str> = domains.iter().map(|d| d.id.as_str()).collect();
    let mut need_general = false;
    let mut competencies: Vec<Competency> = Vec::new();
    let mut positions: Vec<Option<u64>> = Vec::new();
    let mut comp_index: HashMap<usize, usize> = HashMap::default();
    let mut groupings = Vec::new();
    for &i in &tree.order {
        let Some(it) = items.get_mut(i) else { continue };
        let id = ids.get(i).cloned().unwrap_or_default();
        match role(i) {
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
                if role(i) == Role::Flat || single.is_some() {
                    let k = single.cloned().unwrap_or_default();
                    let kid = from_ext::<String>(&k, "id").unwrap_or_else(|| format!("{id}.1"));
                    criteria.push(Criterion {
                        id: unique_id(&kid, &format!("{id}.c"), &mut used),
                        statement: it.statement.clone(),
                        weight: from_ext(&k, "weight").unwrap_or(1.0),
                        measure: from_ext(&k, "measure").unwrap_or(Measure::Rating {
                            min: None,
                            max: None,
                        }),
                        kinds: from_ext(&k, "kinds"),
                        notes: from_ext(&k, "notes"),
                        case: Some(CaseRef {
                            identifier: it.identifier.clone(),
                            uri: None,
                            item_type: None,
                            human_coding_scheme: None,
                            parents: Vec::new(),
                            associations: Vec::new(),
                            fields: BTreeMap::new(),
                        }),
                    });
                }
                comp_index.insert(i, competencies.len());
                positions.push(from_ext::<u64>(&it.ext, "position"));
                competencies.push(Competency {
                    id,
                    domain,
                    category: from_ext(&it.ext, "category"),
                    statement: std::mem::take(&mut it.statement),
                    weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                    priority: from_ext(&it.ext, "priority"),
                    notes: from_ext(&it.ext, "notes"),
                    criteria,
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
    // Criteria go under their first competency parent, ordered by the
    // sequenceNumber of that isChildOf association (then package order),
    // or by the positions an export wrote when every criterion has one.
    let mut placed: Vec<(usize, i64, usize, Option<u64>, Criterion)> = Vec::new();
    for (i, it) in items.iter_mut().enumerate() {
        if role(i) != Role::Criterion {
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
                id: ids.get(i).cloned().unwrap_or_default(),
                statement: std::mem::take(&mut it.statement),
                weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                measure: from_ext(&it.ext, "measure").unwrap_or(Measure::Rating {
                    min: None,
                    max: None,
                }),
                kinds: from_ext(&it.ext, "kinds"),
                notes: from_ext(&it.ext, "notes"),
                case: Some(take_case(&mut it.case)),
            },
        ));
    }
    placed.sort_by_key(|(c, seq, i, _, _)| (*c, *seq, *i));
    let mut by_comp: Vec<Vec<(Option<u64>, Criterion)>> = vec![Vec::new(); competencies.len()];
    for (c, _, _, pos, k) in placed {
        if let Some(list) = by_comp.get_mut(c) {
            list.push((pos, k));
        }
    }
    for (comp, mut list) in competencies.iter_mut().zip(by_comp) {
        if !list.is_empty() && list.iter().all(|(p, _)| p.is_some()) {
            list.sort_by_key(|(p, _)| *p);
        }
        comp.criteria.extend(list.into_iter().map(|(_, k)| k));
    }
    // Competencies in the order of the hierarchy, or by the positions an
    // export wrote when every competency has one (the framework's order
    // was not the hierarchy's).
    if !competencies.is_empty() && positions.iter().all(Option::is_some) {
        let mut with: Vec<(Option<u64>, Competency)> =
            positions.into_iter().zip(competencies).collect();
        with.sort_by_key(|(p, _)| *p);
        competencies = with.into_iter().map(|(_, c)| c).collect();
    }
    for c in &competencies {
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
    if need_general {
        domains.push(Domain {
            id: "general".into(),
            label: "General".into(),
            case: None,
        });
    }

    // Package parts kept verbatim.
    let mut package = BTreeMap::new();
    for (k, v) in &pkg {
        if !matches!(k.as_str(), "CFDocument" | "CFItems" | "CFAssociations") {
            package.insert(k.clone(), v.clone());
        }
    }
    let levels = from_ext::<Vec<Level>>(&doc_ext, "levels")
        .or_else(|| rubric_levels(pkg.get("CFRubrics"), cx))
        .unwrap_or_else(default_levels);
    let item_id = |identifier: &str| -> Option<String> {
        if identifier == doc_identifier {
            return Some(from_ext::<String>(&doc_ext, "id").unwrap_or_else(|| "(document)".into()));
        }
        by_id.get(identifier).and_then(|&i| ids.get(i)).cloned()
    };
    read_rubrics(pkg.get("CFRubrics"), &item_id, &levels, cx);
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

pub(crate) fn node_id(
    m: &Map<String, Value>,
    key: &str,
    path: &str,
    cx: &mut Ctx<'_>,
) -> Option<String> {
    let p = join(path, key);
    match m.get(key) {
        Some(Value::Object(n)) => {
            match n.get("identifier") {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                _ => {
                    cx.error(&p, "missing", format!("`{key}` has no identifier, expected the identifier of the node it links"));
                    None
                }
            }
        }
        Some(other) => {
            cx.error(
                &p,
                "shape",
                format!("`{key}` must be an object, found {}", kind(other)),
            );
            None
        }
        None => {
            cx.error(
                path,
                "missing",
                format!("missing required property `{key}`"),
            );
            None
        }
    }
}
