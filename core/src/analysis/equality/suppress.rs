//! Small-cell suppression: primary (n below the minimum), then secondary
//! until no suppressed entry can be recovered exactly from the published ones.

use std::collections::BTreeMap;

/// A dense rows × cols table.
#[derive(Debug, Clone)]
pub(super) struct Grid<T> {
    cols: usize,
    data: Vec<T>,
}

impl<T: Copy + Default> Grid<T> {
    pub(super) fn new(rows: usize, cols: usize) -> Grid<T> {
        Grid {
            cols,
            data: vec![T::default(); rows * cols],
        }
    }
    pub(super) fn get(&self, r: usize, c: usize) -> T {
        self.data
            .get(r * self.cols + c)
            .copied()
            .unwrap_or_default()
    }
    pub(super) fn set(&mut self, r: usize, c: usize, v: T) {
        if let Some(x) = self.data.get_mut(r * self.cols + c) {
            *x = v;
        }
    }
}

/// Which entries of a table must be suppressed. `n[e]` is the size of
/// entry `e` (`None`: a slot not in the table), `margin[e]` whether it is a
/// total, `equations` the linear relations between entries (each a list of
/// entries with coefficients summing to 0), `grid` the shape `(rows, cols)`
/// of a two-way table (entry `e` at row `e / cols`, column `e % cols`, the
/// last row and column being the totals). Primary: `n < min_cell`. Then,
/// while some suppressed entry is recoverable, the first such is protected:
/// in a two-way table by suppressing the entries of the cheapest path that
/// closes a cycle through it ([`closing_path`]); in a one-way table by
/// suppressing the open entry of its equation with the smallest
/// `(is not a total, n, index)`.
pub(super) fn suppress(
    n: &[Option<u64>],
    margin: &[bool],
    equations: &[Vec<(usize, i8)>],
    min_cell: u64,
    grid: Option<(usize, usize)>,
) -> Vec<bool> {
    let mut suppressed: Vec<bool> = n.iter().map(|x| x.is_some_and(|x| x < min_cell)).collect();
    let open = |suppressed: &[bool], e: usize| {
        n.get(e).copied().flatten().is_some() && !suppressed.get(e).copied().unwrap_or(true)
    };
    let cost = |e: usize| {
        (
            !margin.get(e).copied().unwrap_or(false),
            n.get(e).copied().flatten().unwrap_or(u64::MAX),
            e,
        )
    };
    loop {
        let exposed = match grid {
            Some((rows, cols)) => bridges(&suppressed, rows, cols),
            None => recoverable(&suppressed, equations),
        };
        let Some(&target) = exposed.first() else {
            return suppressed;
        };
        let mut added: Vec<usize> = match grid {
            Some((rows, cols)) => closing_path(n, margin, &suppressed, rows, cols, target),
            None => Vec::new(),
        };
        added.retain(|&e| open(&suppressed, e));
        if added.is_empty() {
            let mut candidates: Vec<usize> = equations
                .iter()
                .filter(|eq| eq.iter().any(|&(e, _)| e == target))
                .flat_map(|eq| eq.iter().map(|&(e, _)| e))
                .filter(|&e| open(&suppressed, e))
                .collect();
            if candidates.is_empty() {
                candidates = (0..n.len()).filter(|&e| open(&suppressed, e)).collect();
            }
            match candidates.into_iter().min_by_key(|&e| cost(e)) {
                Some(e) => added.push(e),
                // Everything is suppressed already; nothing can be recovered.
                None => return suppressed,
            }
        }
        for e in added {
            if let Some(s) = suppressed.get_mut(e) {
                *s = true;
            }
        }
    }
}

/// Cost of a path: group cells added, totals added, people in them.
type PathCost = (u64, u64, u64);

/// The entries of the cheapest path between the row and the column of
/// `target` in the bipartite graph of a two-way table (rows and columns as
/// nodes, entries as edges), not using `target` itself: suppressed entries
/// cost nothing, others `(1, 0, n)` for a group cell and `(0, 1, n)` for a
/// total, compared in that order (so group cells are only ever added when
/// no path of totals exists, which never happens: a cell can always be
/// protected by its row total, its column total and the grand total).
/// Dijkstra's algorithm, visiting nodes in order of `(cost, node)` (rows
/// `0..rows`, then columns), relaxing neighbours in node order, on strict
/// improvement only; so the path is fully determined.
fn closing_path(
    n: &[Option<u64>],
    margin: &[bool],
    suppressed: &[bool],
    rows: usize,
    cols: usize,
    target: usize,
) -> Vec<usize> {
    if cols == 0 {
        return Vec::new();
    }
    let (tr, tc) = (target / cols, target % cols);
    let nodes = rows + cols;
    let entry = |u: usize, v: usize| -> Option<usize> {
        // u, v: a row node and a column node in either order.
        let (r, c) = if u < rows {
            (u, v.checked_sub(rows)?)
        } else {
            (v, u.checked_sub(rows)?)
        };
        (r < rows && c < cols).then_some(r * cols + c)
    };
    let weight = |e: usize| -> PathCost {
        if suppressed.get(e).copied().unwrap_or(false) {
            (0, 0, 0)
        } else {
            let size = n.get(e).copied().flatten().unwrap_or(u64::MAX / 4);
            if margin.get(e).copied().unwrap_or(false) {
                (0, 1, size)
            } else {
                (1, 0, size)
            }
        }
    };
    let add = |a: PathCost, b: PathCost| (a.0 + b.0, a.1 + b.1, a.2.saturating_add(b.2));
    let mut dist: Vec<Option<PathCost>> = vec![None; nodes];
    let mut prev: Vec<Option<usize>> = vec![None; nodes];
    let mut done = vec![false; nodes];
    if let Some(d) = dist.get_mut(tr) {
        *d = Some((0, 0, 0));
    }
    let goal = rows + tc;
    loop {
        let next = (0..nodes)
            .filter(|&u| !done.get(u).copied().unwrap_or(true))
            .filter_map(|u| dist.get(u).copied().flatten().map(|d| (d, u)))
            .min();
        let Some((d, u)) = next else { break };
        if let Some(x) = done.get_mut(u) {
            *x = true;
        }
        if u == goal {
            break;
        }
        let neighbours = if u < rows { rows..nodes } else { 0..rows };
        for v in neighbours {
            let Some(e) = entry(u, v) else { continue };
            if e == target || done.get(v).copied().unwrap_or(true) {
                continue;
            }
            let nd = add(d, weight(e));
            if dist.get(v).copied().flatten().is_none_or(|old| nd < old) {
                if let Some(x) = dist.get_mut(v) {
                    *x = Some(nd);
                }
                if let Some(x) = prev.get_mut(v) {
                    *x = Some(u);
                }
            }
        }
    }
    let mut path = Vec::new();
    let mut v = goal;
    while let Some(u) = prev.get(v).copied().flatten() {
        if let Some(e) = entry(u, v) {
            path.push(e);
        }
        v = u;
    }
    if v != tr {
        return Vec::new();
    }
    path
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The recoverable suppressed entries of a two-way table (`rows × cols`
/// entries, the last row and column being totals), sorted. Its equations
/// (each row and each column sums to its total) form, after changing the
/// signs of the total row, total column and totals, the incidence matrix of
/// the bipartite graph whose nodes are the rows and columns and whose edges
/// are the entries; restricted to the suppressed entries, its null space is
/// spanned by the graph's cycles, so an entry is determined exactly when it
/// lies on no cycle of the suppressed entries: when it is a *bridge*. Found
/// in linear time (Tarjan), so large tables stay cheap; the elimination of
/// [`recoverable`] gives the same answer (checked by the tests).
pub(super) fn bridges(suppressed: &[bool], rows: usize, cols: usize) -> Vec<usize> {
    let nodes = rows + cols;
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (e, _) in suppressed.iter().enumerate().filter(|(_, s)| **s) {
        let (r, c) = (e / cols.max(1), rows + e % cols.max(1));
        if r >= rows || c >= nodes {
            continue;
        }
        if let Some(a) = adj.get_mut(r) {
            a.push((c, e));
        }
        if let Some(a) = adj.get_mut(c) {
            a.push((r, e));
        }
    }
    let mut disc = vec![0usize; nodes];
    let mut low = vec![0usize; nodes];
    let mut timer = 0usize;
    let mut out = Vec::new();
    for start in 0..nodes {
        if disc.get(start).copied().unwrap_or(1) != 0 {
            continue;
        }
        timer += 1;
        if let (Some(d), Some(l)) = (disc.get_mut(start), low.get_mut(start)) {
            (*d, *l) = (timer, timer);
        }
        // (node, the edge it was reached by, next neighbour to look at)
        let mut stack: Vec<(usize, Option<usize>, usize)> = vec![(start, None, 0)];
        while let Some(&(u, via, next)) = stack.last() {
            let step = adj.get(u).and_then(|a| a.get(next)).copied();
            if let Some(top) = stack.last_mut() {
                top.2 += 1;
            }
            match step {
                Some((_, e)) if Some(e) == via => {}
                Some((v, e)) => {
                    let dv = disc.get(v).copied().unwrap_or(0);
                    if dv == 0 {
                        timer += 1;
                        if let (Some(d), Some(l)) = (disc.get_mut(v), low.get_mut(v)) {
                            (*d, *l) = (timer, timer);
                        }
                        stack.push((v, Some(e), 0));
                    } else if let Some(l) = low.get_mut(u) {
                        *l = (*l).min(dv);
                    }
                }
                None => {
                    stack.pop();
                    let lu = low.get(u).copied().unwrap_or(0);
                    if let Some(&(p, _, _)) = stack.last() {
                        if let Some(l) = low.get_mut(p) {
                            *l = (*l).min(lu);
                        }
                        if lu > disc.get(p).copied().unwrap_or(0) {
                            if let Some(e) = via {
                                out.push(e);
                            }
                        }
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// The suppressed entries whose value is determined by the equations and
/// the published entries: those whose unit vector is in the row space of
/// the equations restricted to the suppressed entries. Exact integer
/// Gauss–Jordan elimination (used for one-way tables, whose single equation
/// makes it trivial; two-way tables use [`bridges`]).
pub(super) fn recoverable(suppressed: &[bool], equations: &[Vec<(usize, i8)>]) -> Vec<usize> {
    let unknowns: Vec<usize> = (0..suppressed.len())
        .filter(|&e| suppressed.get(e).copied().unwrap_or(false))
        .collect();
    let k = unknowns.len();
    if k == 0 {
        return Vec::new();
    }
    let position: BTreeMap<usize, usize> =
        unknowns.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let mut rows: Vec<Vec<i128>> = equations
        .iter()
        .map(|eq| {
            let mut row = vec![0i128; k];
            for &(e, c) in eq {
                if let Some(slot) = position.get(&e).and_then(|&i| row.get_mut(i)) {
                    *slot += i128::from(c);
                }
            }
            row
        })
        .filter(|row| row.iter().any(|&x| x != 0))
        .collect();
    let mut pivot_row: Vec<Option<usize>> = vec![None; k];
    let mut next = 0usize;
    for col in 0..k {
        let found = (next..rows.len()).find(|&i| {
            rows.get(i)
                .and_then(|r| r.get(col))
                .is_some_and(|&v| v != 0)
        });
        let Some(found) = found else { continue };
        rows.swap(next, found);
        let pivot = rows.get(next).cloned().unwrap_or_default();
        let a = pivot.get(col).copied().unwrap_or(1);
        for (i, row) in rows.iter_mut().enumerate() {
            if i == next {
                continue;
            }
            let b = row.get(col).copied().unwrap_or(0);
            if b == 0 {
                continue;
            }
            for (x, p) in row.iter_mut().zip(&pivot) {
                *x = a * *x - b * *p;
            }
            let g = row.iter().fold(0i128, |g, &x| gcd(g, x));
            if g > 1 {
                for x in row.iter_mut() {
                    *x /= g;
                }
            }
        }
        if let Some(slot) = pivot_row.get_mut(col) {
            *slot = Some(next);
        }
        next += 1;
    }
    let free: Vec<usize> = (0..k)
        .filter(|&c| pivot_row.get(c).copied().flatten().is_none())
        .collect();
    (0..k)
        .filter(|&c| {
            pivot_row
                .get(c)
                .copied()
                .flatten()
                .and_then(|r| rows.get(r))
                .is_some_and(|row| free.iter().all(|&f| row.get(f).copied().unwrap_or(0) == 0))
        })
        .filter_map(|c| unknowns.get(c).copied())
        .collect()
}
