//! The hierarchy of an export as an import will read it back: links to
//! nothing in the package and links closing cycles are left out; where the
//! framework's order of competencies (or of a competency's criteria) is
//! not the one the hierarchy gives, their positions are written.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{json, Value};

use crate::base::error::Diagnostic;
use crate::base::text::clip;
use crate::model::CaseLink;

use super::super::conform::diagnostic as export_note;
use super::super::tree::{self, describe_cycle, seq_of};
use super::super::uuid::fresh_uuid;
use super::nodes::{Identity, Node};

/// Two items with one identifier (possible only in an edited framework
/// file): the second gets a fresh one.
pub(crate) fn fresh_item_ids(
    nodes: &mut [Node<'_>],
    ident: &Identity,
    notes: &mut Vec<Diagnostic>,
) {
    let (base, doc_identifier) = (&ident.base, &ident.doc_identifier);
    let mut seen: HashSet<String> = HashSet::default();
    seen.insert(doc_identifier.clone());
    for n in nodes.iter_mut() {
        if seen.insert(n.case.identifier.clone()) {
            continue;
        }
        let old = n.case.identifier.clone();
        let new = fresh_uuid(&format!("{base}:duplicate:{old}"), &seen);
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
}

/// Each node's parent links as edges (by node index), links to nothing in
/// the package and links closing cycles left out with a note.
pub(crate) fn acyclic(
    nodes: &mut [Node<'_>],
    ident: &Identity,
    notes: &mut Vec<Diagnostic>,
) -> (HashMap<String, usize>, Vec<Vec<tree::Edge>>) {
    let doc_identifier = ident.doc_identifier.as_str();
    let ix: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.case.identifier.clone(), i))
        .collect();
    let mut edges: Vec<Vec<tree::Edge>> = Vec::with_capacity(nodes.len());
    for n in nodes.iter_mut() {
        let known = |l: &CaseLink| l.target == doc_identifier || ix.contains_key(&l.target);
        if n.case.parents.iter().all(known) {
            edges.push(tree::edges_of(&n.case.parents, &ix));
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
        edges.push(tree::edges_of(&n.case.parents, &ix));
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
    (ix, edges)
}

/// Writes the `position` of competencies (of a competency's criteria) where
/// the order the hierarchy gives is not the framework's.
pub(crate) fn write_positions(
    nodes: &mut [Node<'_>],
    comp_nodes: &[(usize, Vec<usize>)],
    ix: &HashMap<String, usize>,
    edges: &[Vec<tree::Edge>],
) {
    let order = tree::first_parent_tree(edges).order;
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
    for (comp, crits) in comp_nodes {
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
}
