//! The `isChildOf` hierarchy of a package's items, in time and memory
//! linear in the number of items and associations, without recursion (a
//! 100,000-deep chain is as easy as a flat list).

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::model::CaseLink;

/// One `isChildOf` link of an item, in package order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edge {
    /// The parent item, or `None` for the document.
    pub(crate) to: Option<usize>,
    /// The association's `sequenceNumber` (`i64::MAX` when it has none).
    pub(crate) seq: i64,
}

/// An `isChildOf` cycle found by [`break_cycles`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cycle {
    /// The item whose link closes the cycle.
    pub(crate) child: usize,
    /// The position of that link in the item's links.
    pub(crate) edge: usize,
    /// The items of the cycle from `child`, each a child of the next (and
    /// the last a child of `child`), at most `MAX_SHOWN` of them.
    pub(crate) members: Vec<usize>,
    /// How many items the cycle has.
    pub(crate) len: usize,
}

/// Most cycle members kept for a message.
pub(crate) const MAX_SHOWN: usize = 6;

/// Finds the links that close `isChildOf` cycles and removes each from
/// `parents`, so that what is left has no cycle. The hierarchy is walked
/// depth first from the top down: first from the items under the document,
/// then from the others, each in package order, and a link is removed when
/// it makes an item the child of one of its own descendants on the walk.
/// So the links that hang items under the document are kept, and the
/// choice depends only on package order (the same on every run).
pub(crate) fn break_cycles(parents: &mut [Vec<Edge>]) -> Vec<Cycle> {
    const WHITE: u8 = 0;
    const GREY: u8 = 1;
    const BLACK: u8 = 2;
    let n = parents.len();
    // Children of each item as (child, position of the child's link), in
    // one flat array (counting sort by parent, so in package order).
    let mut start = vec![0usize; n + 1];
    for links in parents.iter() {
        for e in links {
            if let Some(c) = e.to.and_then(|p| start.get_mut(p + 1)) {
                *c += 1;
            }
        }
    }
    for i in 0..n {
        let prev = start.get(i).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(i + 1) {
            *c += prev;
        }
    }
    let mut fill = start.clone();
    let mut kids = vec![(0usize, 0usize); start.get(n).copied().unwrap_or(0)];
    for (c, links) in parents.iter().enumerate() {
        for (k, e) in links.iter().enumerate() {
            let Some(slot) = e.to.and_then(|p| fill.get_mut(p)) else {
                continue;
            };
            if let Some(x) = kids.get_mut(*slot) {
                *x = (c, k);
            }
            *slot += 1;
        }
    }
    let under_document = parents
        .iter()
        .enumerate()
        .filter(|(_, links)| links.iter().any(|e| e.to.is_none()))
        .map(|(i, _)| i);
    let starts: Vec<usize> = under_document.chain(0..n).collect();

    let mut state = vec![WHITE; n];
    let mut depth = vec![0usize; n];
    let mut found = Vec::new();
    let mut removed: Vec<(usize, usize)> = Vec::new();
    // (item, next child to visit)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for s in starts {
        if state.get(s) != Some(&WHITE) {
            continue;
        }
        if let (Some(st), Some(d)) = (state.get_mut(s), depth.get_mut(s)) {
            *st = GREY;
            *d = 0;
        }
        stack.push((s, start.get(s).copied().unwrap_or(0)));
        while let Some(&(v, next)) = stack.last() {
            if next >= start.get(v + 1).copied().unwrap_or(0) {
                if let Some(st) = state.get_mut(v) {
                    *st = BLACK;
                }
                stack.pop();
                continue;
            }
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some(&(c, k)) = kids.get(next) else {
                continue;
            };
            match state.get(c).copied() {
                Some(WHITE) => {
                    if let (Some(st), Some(d)) = (state.get_mut(c), depth.get_mut(c)) {
                        *st = GREY;
                        *d = stack.len();
                    }
                    stack.push((c, start.get(c).copied().unwrap_or(0)));
                }
                Some(GREY) => {
                    // The stack runs parent -> child from `c` down to `v`,
                    // and `c` is made a child of `v`.
                    let from = depth.get(c).copied().unwrap_or(0);
                    let below = stack.get(from + 1..).unwrap_or(&[]);
                    let mut members = Vec::with_capacity(MAX_SHOWN);
                    members.push(c);
                    members.extend(below.iter().rev().take(MAX_SHOWN - 1).map(|&(x, _)| x));
                    found.push(Cycle {
                        child: c,
                        edge: k,
                        members,
                        len: below.len() + 1,
                    });
                    removed.push((c, k));
                }
                _ => {}
            }
        }
    }
    // Remove the closing links, later positions first.
    removed.sort_unstable_by(|a, b| b.cmp(a));
    for (v, k) in removed {
        if let Some(links) = parents.get_mut(v) {
            if k < links.len() {
                links.remove(k);
            }
        }
    }
    found
}

/// The first-parent tree of an acyclic hierarchy.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    /// Each item's first parent item (`None`: under the document, or no
    /// parent at all).
    pub(crate) first: Vec<Option<usize>>,
    /// Items in pre-order: each item before its children; siblings by the
    /// `sequenceNumber` of their link, then package order; items under the
    /// document first by their sequence number, then items without a
    /// parent, in package order.
    pub(crate) order: Vec<usize>,
}

/// Builds the tree in which each item hangs under its first parent.
/// `parents` must have no cycle (see [`break_cycles`]).
pub(crate) fn first_parent_tree(parents: &[Vec<Edge>]) -> Tree {
    let n = parents.len();
    let first: Vec<Option<usize>> = parents
        .iter()
        .map(|links| links.first().and_then(|e| e.to).filter(|&p| p < n))
        .collect();
    let key = |i: usize| -> (i64, usize) {
        let seq = parents
            .get(i)
            .and_then(|l| l.first())
            .map_or(i64::MAX, |e| e.seq);
        (seq, i)
    };
    // Children lists in one flat array (counting sort by parent).
    let mut count = vec![0usize; n + 1];
    for f in first.iter().flatten() {
        if let Some(c) = count.get_mut(*f + 1) {
            *c += 1;
        }
    }
    for i in 0..n {
        let prev = count.get(i).copied().unwrap_or(0);
        if let Some(c) = count.get_mut(i + 1) {
            *c += prev;
        }
    }
    let starts = count.clone();
    let mut fill = count;
    let mut kids = vec![0usize; first.iter().flatten().count()];
    let mut roots = Vec::new();
    for (i, f) in first.iter().enumerate() {
        match f {
            Some(p) => {
                if let Some(slot) = fill.get_mut(*p) {
                    if let Some(k) = kids.get_mut(*slot) {
                        *k = i;
                    }
                    *slot += 1;
                }
            }
            None => roots.push(i),
        }
    }
    for p in 0..n {
        let (a, b) = (
            starts.get(p).copied().unwrap_or(0),
            starts.get(p + 1).copied().unwrap_or(0),
        );
        if let Some(slice) = kids.get_mut(a..b) {
            slice.sort_by_key(|&c| key(c));
        }
    }
    roots.sort_by_key(|&r| key(r));
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(v) = stack.pop() {
        order.push(v);
        let (a, b) = (
            starts.get(v).copied().unwrap_or(0),
            starts.get(v + 1).copied().unwrap_or(0),
        );
        if let Some(slice) = kids.get(a..b) {
            stack.extend(slice.iter().rev());
        }
    }
    Tree { first, order }
}

/// The `sequenceNumber` of an association (`i64::MAX` when it has none, or
/// none CASE 1.1 allows).
pub(crate) fn seq_of(l: &CaseLink) -> i64 {
    let n = match l.fields.get("sequenceNumber") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    n.filter(|x| i32::try_from(*x).is_ok()).unwrap_or(i64::MAX)
}

/// `A` is a child of `B`, a child of `C`, a child of `A` again.
pub(crate) fn describe_cycle(c: &Cycle, name: &dyn Fn(usize) -> String) -> String {
    let mut names: Vec<String> = c.members.iter().map(|&m| name(m)).collect();
    let first = names.first().cloned().unwrap_or_default();
    if c.len > c.members.len() {
        names.push(format!("... ({} items in all)", c.len));
    }
    if c.len == 1 {
        return format!("isChildOf cycle: {first} is a child of itself, expected each item to lead up to the document");
    }
    format!(
        "isChildOf cycle of {} items: {} is a child of {}, a child of {first} again; expected each item to lead up to the document",
        c.len,
        first,
        names.get(1..).unwrap_or(&[]).join(", a child of ")
    )
}

/// An item's `isChildOf` links as edges to the items `index` gives (a
/// target not in it: the document).
pub(crate) fn edges_of(links: &[CaseLink], index: &HashMap<String, usize>) -> Vec<Edge> {
    links
        .iter()
        .map(|l| Edge {
            to: index.get(&l.target).copied(),
            seq: seq_of(l),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(to: Option<usize>, seq: i64) -> Edge {
        Edge { to, seq }
    }

    #[test]
    fn a_cycle_reaching_the_document_is_found() {
        // 0 under the document and under 2; 1 under 0; 2 under 1.
        let mut parents = vec![
            vec![e(None, 1), e(Some(2), 1)],
            vec![e(Some(0), 1)],
            vec![e(Some(1), 1)],
        ];
        let cycles = break_cycles(&mut parents);
        assert_eq!(cycles.len(), 1);
        // The link that makes 0 a child of its descendant 2 is removed:
        // the chain under the document stays.
        assert_eq!((cycles[0].child, cycles[0].edge), (0, 1));
        assert_eq!(cycles[0].len, 3);
        assert_eq!(cycles[0].members, vec![0, 2, 1]);
        assert_eq!(parents[0], vec![e(None, 1)]);
        let t = first_parent_tree(&parents);
        assert_eq!(t.order, vec![0, 1, 2]);
        assert_eq!(t.first, vec![None, Some(0), Some(1)]);
    }

    #[test]
    fn self_links_and_long_cycles_are_broken() {
        let mut parents = vec![vec![e(Some(0), 1)]];
        assert_eq!(break_cycles(&mut parents).len(), 1);
        assert!(parents[0].is_empty());
        let n = 100_000;
        let mut parents: Vec<Vec<Edge>> =
            (0..n).map(|i| vec![e(Some((i + n - 1) % n), 1)]).collect();
        let cycles = break_cycles(&mut parents);
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len, n);
        assert_eq!(first_parent_tree(&parents).order.len(), n);
    }

    #[test]
    fn siblings_follow_their_sequence_numbers() {
        // Under the document: 2 (seq 1), 0 (seq 2); under 0: 3 (seq 1), 1 (seq 5).
        let parents = vec![
            vec![e(None, 2)],
            vec![e(Some(0), 5)],
            vec![e(None, 1)],
            vec![e(Some(0), 1)],
            vec![],
        ];
        let t = first_parent_tree(&parents);
        assert_eq!(t.order, vec![2, 0, 3, 1, 4]);
        assert_eq!(t.first, vec![None, Some(0), None, Some(0), None]);
    }
}
