//! Reading a package's items and associations into [`Item`]s: each one's
//! identity, statement and CASE data, its parent links and other
//! associations; problems reported as they are found.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Map, Value};

use crate::base::text::clip;
use crate::model::{CaseLink, CaseRef};

use super::super::conform::kind_of as kind;
use super::report::{join, Ctx};

/// A parsed CFItem.
pub(crate) struct Item {
    /// Its index in `CFItems`.
    pub(crate) index: usize,
    pub(crate) identifier: String,
    pub(crate) statement: String,
    pub(crate) ext: Map<String, Value>,
    pub(crate) case: CaseRef,
    /// The index in `CFAssociations` of each of `case.parents`.
    pub(crate) parent_assocs: Vec<usize>,
}

impl Item {
    /// Its JSON path.
    pub(crate) fn path(&self) -> String {
        format!("CFItems[{}]", self.index)
    }
}

/// Takes the array `key` out of the package (none: empty; anything else
/// is an error).
pub(crate) fn take_list(pkg: &mut Map<String, Value>, key: &str, cx: &mut Ctx<'_>) -> Vec<Value> {
    match pkg.remove(key) {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => Vec::new(),
        Some(other) => {
            cx.error(
                key,
                "shape",
                format!("`{key}` must be an array, found {}", kind(&other)),
            );
            Vec::new()
        }
    }
}

/// Reads the CFItems: each needs an identifier (once in the package) and a
/// full statement; what the model has no place for is kept in its CASE data.
pub(crate) fn read_items(
    item_vals: Vec<Value>,
    cx: &mut Ctx<'_>,
) -> (Vec<Item>, HashMap<String, usize>) {
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
    (items, by_id)
}

/// Reads the CFAssociations: each `isChildOf` becomes a parent link of its
/// item, other associations from an item are kept with it; those from the
/// document (or from outside the package) are returned as they are.
pub(crate) fn read_associations(
    assoc_vals: Vec<Value>,
    doc_identifier: &str,
    items: &mut [Item],
    by_id: &HashMap<String, usize>,
    cx: &mut Ctx<'_>,
) -> Vec<Value> {
    let mut doc_assocs = Vec::new();
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
    doc_assocs
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
