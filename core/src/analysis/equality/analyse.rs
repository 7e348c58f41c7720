//! The analysis: people counted by group and period, rates with their
//! intervals, comparisons with the reference and highest groups, trends
//! and decline reasons, with what suppression withholds left out.

use std::collections::BTreeMap;

use crate::analysis::equality::options::{EqualityOptions, NOT_RECORDED, Z95};
use crate::analysis::equality::people::People;
use crate::analysis::equality::result::{
    EqualityResult, Estimate, OptionError, ReasonRow, ReasonTable, RowCounts, Settings, Trend,
};
use crate::analysis::equality::suppress::{suppress, Grid};
use crate::base::text::clip;

/// The 95% Wilson score interval of `count` successes in `n` trials
/// (`None` when `n` is 0): `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`.
pub fn wilson(count: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let p = count as f64 / nf;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / nf;
    let center = (p + z2 / (2.0 * nf)) / denom;
    let dist = Z95 * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    Some(((center - dist).max(0.0), (center + dist).min(1.0)))
}

/// Orders period labels: numerically when every label is a number, else as text.
fn sort_periods(periods: &mut [String]) {
    let numbers: Option<Vec<f64>> = periods
        .iter()
        .map(|p| p.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    if numbers.is_some() {
        periods.sort_by(|a, b| {
            let x = a.trim().parse::<f64>().unwrap_or(0.0);
            let y = b.trim().parse::<f64>().unwrap_or(0.0);
            x.total_cmp(&y).then_with(|| a.cmp(b))
        });
    } else {
        periods.sort();
    }
}

/// Least-squares slope of `y` against `x`; `None` with fewer than two points.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let m = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / m;
    let my = points.iter().map(|p| p.1).sum::<f64>() / m;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

fn estimate(
    group: Option<&str>,
    period: Option<&str>,
    n: u64,
    count: u64,
    shown: bool,
) -> Estimate {
    let interval = if shown { wilson(count, n) } else { None };
    Estimate {
        group: group.map(str::to_string),
        period: period.map(str::to_string),
        suppressed: !shown,
        n: shown.then_some(n),
        count: shown.then_some(count),
        rate: (shown && n > 0).then(|| count as f64 / n as f64),
        ci_low: interval.map(|i| i.0),
        ci_high: interval.map(|i| i.1),
        relative_likelihood: None,
        ratio_to_highest: None,
        four_fifths: None,
    }
}

/// Fills relative likelihoods (against the estimate of `reference`, when
/// shown) and ratios to the highest shown rate, among `estimates` (one
/// comparison set: the groups of one period, or the group totals).
fn compare(estimates: &mut [Estimate], reference: Option<&str>) {
    let reference_rate = reference.and_then(|r| {
        estimates
            .iter()
            .find(|e| e.group.as_deref() == Some(r))
            .and_then(|e| e.rate)
    });
    // Rates as exact fractions count/n: the highest found, and the
    // four-fifths rule decided, on integers (a ratio of exactly 4/5, e.g.
    // 1/3 against 5/12, is 0.7999999999999999 in floating point).
    let fraction = |e: &Estimate| match (e.rate, e.count, e.n) {
        (Some(_), Some(c), Some(n)) if n > 0 => Some((u128::from(c), u128::from(n))),
        _ => None,
    };
    let highest = estimates
        .iter()
        .filter_map(|e| fraction(e).zip(e.rate))
        .fold(None, |m: Option<((u128, u128), f64)>, x| match m {
            Some(((c, n), _)) if c * (x.0).1 >= (x.0).0 * n => m,
            _ => Some(x),
        });
    for e in estimates.iter_mut() {
        let Some(rate) = e.rate else { continue };
        e.relative_likelihood = match reference_rate {
            Some(rr) if rate > 0.0 => Some(rr / rate),
            _ => None,
        };
        if let (Some(((hc, hn), h)), Some((c, n))) = (highest.filter(|x| x.1 > 0.0), fraction(e)) {
            e.ratio_to_highest = Some(rate / h);
            e.four_fifths = Some(5 * c * hn < 4 * hc * n);
        }
    }
}

/// The people counted in the extended table: rows are the groups then the
/// total, columns the periods then the total.
struct Table {
    groups: Vec<String>,
    periods: Vec<String>,
    has_periods: bool,
    /// People, and people with the outcome, per entry.
    n: Grid<u64>,
    c: Grid<u64>,
}

impl Table {
    /// The groups and periods of `people`, sorted, and their counts.
    fn count(people: &People, options: &EqualityOptions) -> Table {
        let mut groups: Vec<String> = people.people.iter().map(|p| p.group.clone()).collect();
        groups.sort();
        groups.dedup();
        let has_periods = options.period.is_some();
        let mut periods: Vec<String> = if has_periods {
            people
                .people
                .iter()
                .filter_map(|p| p.period.clone())
                .collect()
        } else {
            vec!["all".to_string()]
        };
        periods.sort();
        periods.dedup();
        sort_periods(&mut periods);
        if periods.is_empty() {
            periods.push("all".to_string());
        }
        let (gn, pn) = (groups.len(), periods.len());
        let group_index = index_of(&groups);
        let period_index = index_of(&periods);
        let (rows, cols) = (gn + 1, pn + 1);
        let mut n: Grid<u64> = Grid::new(rows, cols);
        let mut c: Grid<u64> = Grid::new(rows, cols);
        for p in &people.people {
            let Some(&g) = group_index.get(p.group.as_str()) else {
                continue;
            };
            let t = if has_periods {
                p.period
                    .as_deref()
                    .and_then(|x| period_index.get(x))
                    .copied()
            } else {
                Some(0)
            };
            let Some(t) = t else { continue };
            for (r, col) in [(g, t), (g, pn), (gn, t), (gn, pn)] {
                n.set(r, col, n.get(r, col) + 1);
                if p.outcome {
                    c.set(r, col, c.get(r, col) + 1);
                }
            }
        }
        Table {
            groups,
            periods,
            has_periods,
            n,
            c,
        }
    }

    /// Number of groups and of periods.
    fn size(&self) -> (usize, usize) {
        (self.groups.len(), self.periods.len())
    }

    /// The reference group: the one asked for, which must exist, or the
    /// largest (the first of equals).
    fn reference(&self, options: &EqualityOptions) -> Result<Option<String>, OptionError> {
        let (gn, pn) = self.size();
        Ok(match &options.reference {
            Some(r) => {
                if !self.groups.iter().any(|g| g == r) {
                    let names: Vec<&str> = self.groups.iter().map(String::as_str).collect();
                    return Err(OptionError::UnknownReference {
                        value: clip(r, 40),
                        expected: crate::model::validate::quote_list(&names),
                    });
                }
                Some(r.clone())
            }
            None => (0..gn)
                .max_by(|&a, &b| self.n.get(a, pn).cmp(&self.n.get(b, pn)).then(b.cmp(&a)))
                .and_then(|g| self.groups.get(g).cloned()),
        })
    }

    /// Which entries (`row * cols + col`) are suppressed. Two-way (several
    /// periods): cells, group totals, period totals and grand total, with
    /// their equations. One-way: cells and grand total.
    fn suppressed(&self, min_cell: u64) -> Vec<bool> {
        let (gn, pn) = self.size();
        let (rows, cols) = (gn + 1, pn + 1);
        let two_way = pn > 1;
        let id = |r: usize, col: usize| r * cols + col;
        let entries = rows * cols;
        let mut n_flat = vec![u64::MAX; entries];
        let mut margin = vec![false; entries];
        let mut used = vec![false; entries];
        let mut equations: Vec<Vec<(usize, i8)>> = Vec::new();
        for r in 0..rows {
            for col in 0..cols {
                let is_used = if two_way { true } else { col == 0 };
                if !is_used {
                    continue;
                }
                let e = id(r, col);
                if let Some(x) = n_flat.get_mut(e) {
                    *x = self.n.get(r, col);
                }
                if let Some(x) = margin.get_mut(e) {
                    *x = r == gn || (two_way && col == pn);
                }
                if let Some(x) = used.get_mut(e) {
                    *x = true;
                }
            }
        }
        if two_way {
            for r in 0..rows {
                let mut eq: Vec<(usize, i8)> = (0..pn).map(|col| (id(r, col), 1)).collect();
                eq.push((id(r, pn), -1));
                equations.push(eq);
            }
            for col in 0..cols {
                let mut eq: Vec<(usize, i8)> = (0..gn).map(|r| (id(r, col), 1)).collect();
                eq.push((id(gn, col), -1));
                equations.push(eq);
            }
        } else {
            let mut eq: Vec<(usize, i8)> = (0..gn).map(|r| (id(r, 0), 1)).collect();
            eq.push((id(gn, 0), -1));
            equations.push(eq);
        }
        // Unused slots (one-way totals column) are never suppressed or shown.
        let n_for_rule: Vec<Option<u64>> = n_flat
            .iter()
            .zip(&used)
            .map(|(&x, &u)| u.then_some(x))
            .collect();
        suppress(
            &n_for_rule,
            &margin,
            &equations,
            min_cell,
            two_way.then_some((rows, cols)),
        )
    }
}

/// Each name's position in `names`.
fn index_of(names: &[String]) -> BTreeMap<&str, usize> {
    names
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect()
}

/// The published estimates: cells (period by period, groups within),
/// group and period totals (two-way only), and the overall total.
struct Estimates {
    cells: Vec<Estimate>,
    group_totals: Vec<Estimate>,
    period_totals: Vec<Estimate>,
    total: Estimate,
}

/// The estimates of `table`, with what `shown` withholds.
fn estimates(
    table: &Table,
    shown: &impl Fn(usize, usize) -> bool,
    reference: Option<&str>,
) -> Estimates {
    let (gn, pn) = table.size();
    let (n, c) = (&table.n, &table.c);
    let two_way = pn > 1;
    let mut cells = Vec::with_capacity(gn * pn);
    for (t, period) in table.periods.iter().enumerate() {
        let mut row: Vec<Estimate> = table
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                estimate(
                    Some(group),
                    table.has_periods.then_some(period.as_str()),
                    n.get(g, t),
                    c.get(g, t),
                    shown(g, t),
                )
            })
            .collect();
        compare(&mut row, reference);
        cells.extend(row);
    }
    let total_col = if two_way { pn } else { 0 };
    let mut group_totals = Vec::new();
    let mut period_totals = Vec::new();
    if two_way {
        group_totals = table
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| estimate(Some(group), None, n.get(g, pn), c.get(g, pn), shown(g, pn)))
            .collect();
        compare(&mut group_totals, reference);
        period_totals = table
            .periods
            .iter()
            .enumerate()
            .map(|(t, period)| {
                estimate(None, Some(period), n.get(gn, t), c.get(gn, t), shown(gn, t))
            })
            .collect();
    }
    let total = estimate(
        None,
        None,
        n.get(gn, total_col),
        c.get(gn, total_col),
        shown(gn, total_col),
    );
    Estimates {
        cells,
        group_totals,
        period_totals,
        total,
    }
}

/// Each group's trend across the periods of `cells` (two-way only).
fn trends(groups: &[String], cells: &[Estimate], pn: usize) -> Vec<Trend> {
    let gn = groups.len();
    let mut trends = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let series: Vec<(usize, &Estimate)> = (0..pn)
            .filter_map(|t| cells.get(t * gn + g).map(|e| (t, e)))
            .filter(|(_, e)| e.rate.is_some())
            .collect();
        let points: Vec<(f64, f64)> = series
            .iter()
            .filter_map(|(t, e)| e.rate.map(|r| (*t as f64, r)))
            .collect();
        let first = series.first();
        let last = series.last();
        let rl: Vec<f64> = series
            .iter()
            .filter_map(|(_, e)| e.relative_likelihood)
            .collect();
        trends.push(Trend {
            group: group.clone(),
            periods: u32::try_from(series.len()).unwrap_or(u32::MAX),
            first_period: first.and_then(|(_, e)| e.period.clone()),
            last_period: last.and_then(|(_, e)| e.period.clone()),
            first_rate: first.and_then(|(_, e)| e.rate),
            last_rate: last.and_then(|(_, e)| e.rate),
            change: match (first, last) {
                (Some(a), Some(b)) if series.len() > 1 => {
                    b.1.rate.zip(a.1.rate).map(|(y, x)| y - x)
                }
                _ => None,
            },
            slope: slope(&points),
            first_relative_likelihood: rl.first().copied(),
            last_relative_likelihood: rl.last().copied(),
        });
    }
    trends
}

/// Decline reasons by group, shown for a group when `shown_group` says
/// its all-period total is, with totals when every group's are.
fn reasons(people: &People, groups: &[String], shown_group: impl Fn(usize) -> bool) -> ReasonTable {
    let mut names: Vec<String> = people
        .people
        .iter()
        .filter(|p| !p.outcome)
        .filter_map(|p| p.reason.clone())
        .collect();
    names.sort();
    names.dedup();
    let any_unrecorded = people
        .people
        .iter()
        .any(|p| !p.outcome && p.reason.is_none());
    if any_unrecorded {
        names.push(NOT_RECORDED.to_string());
    }
    let group_index = index_of(groups);
    let reason_index = index_of(&names);
    let mut counts = vec![vec![0u64; names.len()]; groups.len()];
    for p in people.people.iter().filter(|p| !p.outcome) {
        let g = group_index.get(p.group.as_str()).copied();
        let k = reason_index
            .get(p.reason.as_deref().unwrap_or(NOT_RECORDED))
            .copied();
        if let Some(slot) = g
            .and_then(|g| counts.get_mut(g))
            .zip(k)
            .and_then(|(row, k)| row.get_mut(k))
        {
            *slot += 1;
        }
    }
    let rows: Vec<ReasonRow> = groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let ok = shown_group(g);
            let row = counts.get(g).cloned().unwrap_or_default();
            ReasonRow {
                group: group.clone(),
                suppressed: !ok,
                declined: ok.then(|| row.iter().sum()),
                counts: ok.then_some(row),
            }
        })
        .collect();
    let totals = rows.iter().all(|r| !r.suppressed).then(|| {
        (0..names.len())
            .map(|k| counts.iter().filter_map(|row| row.get(k)).sum())
            .collect()
    });
    ReasonTable {
        reasons: names,
        groups: rows,
        totals,
    }
}

/// Analyses `people` by group (and period): see the module documentation.
pub fn analyse(people: &People, options: &EqualityOptions) -> Result<EqualityResult, OptionError> {
    if options.min_cell == 0 {
        return Err(OptionError::MinCell(0));
    }
    let table = Table::count(people, options);
    let reference = table.reference(options)?;
    let (gn, pn) = table.size();
    let cols = pn + 1;
    let suppressed = table.suppressed(options.min_cell);
    let shown = |r: usize, col: usize| !suppressed.get(r * cols + col).copied().unwrap_or(true);
    let two_way = pn > 1;
    let total_col = if two_way { pn } else { 0 };
    let est = estimates(&table, &shown, reference.as_deref());
    let trends = if two_way && !options.crossed {
        trends(&table.groups, &est.cells, pn)
    } else {
        Vec::new()
    };
    let reasons = options
        .reason
        .as_ref()
        .map(|_| reasons(people, &table.groups, |g| shown(g, total_col)));

    let grand_shown = shown(gn, total_col);
    let used_rows = people.people.len() as u64;
    let rejected = people.rejected.len() as u64;
    Ok(EqualityResult {
        settings: Settings {
            group: options.group.clone(),
            outcome: options.outcome.clone(),
            period: options.period.clone(),
            cross: options.period.clone().filter(|_| options.crossed),
            reason: options.reason.clone(),
            reference,
            reference_chosen_by: if options.reference.is_some() {
                "option"
            } else {
                "largest_group"
            }
            .to_string(),
            min_cell: options.min_cell,
            confidence: 0.95,
            z: Z95,
        },
        counts: RowCounts {
            rows: grand_shown.then_some(used_rows + rejected),
            used: grand_shown.then_some(used_rows),
            rejected,
        },
        groups: table.groups,
        periods: table.periods,
        cells: est.cells,
        group_totals: est.group_totals,
        period_totals: est.period_totals,
        total: est.total,
        trends,
        reasons,
        representation: None,
        rejected: people.rejected.clone(),
        warnings: people.warnings.clone(),
    })
}
