//! The `isChildOf` hierarchy of an import settled: links that close cycles
//! left out (an error in strict mode), items without a parent or with
//! several noted, and each item's role in the model from its place.

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::base::text::clip;

use super::super::tree::{self, describe_cycle};
use super::read::Item;
use super::report::{Ctx, Mode};

/// What an item becomes in the model.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Role {
    Domain,
    Competency,
    Criterion,
    Flat,
    Grouping,
}

/// The settled hierarchy: the tree of first parents and each item's role.
pub(crate) struct Hierarchy {
    pub(crate) tree: tree::Tree,
    roles: Vec<Role>,
}

impl Hierarchy {
    /// The item's first parent item (`None`: under the document).
    pub(crate) fn first_parent(&self, i: usize) -> Option<usize> {
        self.tree.first.get(i).copied().flatten()
    }

    /// The item's role.
    pub(crate) fn role(&self, i: usize) -> Role {
        self.roles.get(i).copied().unwrap_or(Role::Grouping)
    }
}

/// The hierarchy: cycles broken (lenient) or refused (strict), then the
/// tree of first parents, in linear time; `None` when there are errors.
pub(crate) fn settle(
    items: &mut [Item],
    by_id: &HashMap<String, usize>,
    cx: &mut Ctx<'_>,
) -> Option<Hierarchy> {
    let edges = acyclic_edges(items, by_id, cx);
    if !cx.errors.is_empty() {
        return None;
    }
    let tree = tree::first_parent_tree(&edges);
    let roles = roles(items, &edges, &tree);
    Some(Hierarchy { tree, roles })
}

/// Each item's parent links as edges, with those that close a cycle left
/// out (and reported); items with no parent, or several, noted.
fn acyclic_edges(
    items: &mut [Item],
    by_id: &HashMap<String, usize>,
    cx: &mut Ctx<'_>,
) -> Vec<Vec<tree::Edge>> {
    let mut edges: Vec<Vec<tree::Edge>> = items
        .iter()
        .map(|it| tree::edges_of(&it.case.parents, by_id))
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
    for it in items.iter() {
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
    edges
}

/// Each item's role: the kind an export wrote, else from its place (a
/// leaf under an item is a criterion, a root leaf a flat competency, an
/// item with leaf children a competency, another root a domain, any other
/// item a grouping).
fn roles(items: &[Item], edges: &[Vec<tree::Edge>], tree: &tree::Tree) -> Vec<Role> {
    let n = items.len();
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

    (0..n)
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
        .collect()
}
