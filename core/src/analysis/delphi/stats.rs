//! Statistics of one item's scores: mean, SD, quartiles, bands,
//! consensus, and the rank order of items.

use std::collections::BTreeMap;

use crate::analysis::delphi::read::ItemInfo;
use crate::analysis::delphi::result::{band_of, ItemStats};
use crate::model::PriorityBand;

/// Sums from which an item's statistics are computed.
#[derive(Debug, Clone, Default)]
pub(super) struct Scores {
    pub(super) scores: Vec<u8>,
}

impl Scores {
    pub(super) fn n(&self) -> u64 {
        self.scores.len() as u64
    }
    fn sum(&self) -> u64 {
        self.scores.iter().map(|&s| u64::from(s)).sum()
    }
    fn sum_sq(&self) -> u64 {
        self.scores
            .iter()
            .map(|&s| u64::from(s) * u64::from(s))
            .sum()
    }
    /// `(n Σx² − (Σx)², n(n − 1))`: the variance as an exact fraction.
    fn variance_fraction(&self) -> Option<(u128, u128)> {
        let n = u128::from(self.n());
        if n < 2 {
            return None;
        }
        let s = u128::from(self.sum());
        let q = u128::from(self.sum_sq());
        Some((n * q - s * s, n * (n - 1)))
    }
}

/// The p-quantile of sorted `x` (NumPy `linear`).
pub(super) fn quantile(x: &[u8], p: f64) -> f64 {
    let n = x.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor();
    let i = lo as usize;
    let a = f64::from(x.get(i).copied().unwrap_or(0));
    let b = f64::from(x.get((i + 1).min(n - 1)).copied().unwrap_or(0));
    a + (h - lo) * (b - a)
}

/// Orders two items: mean descending, then variance ascending (undefined last).
fn rank_order(a: &Scores, b: &Scores) -> std::cmp::Ordering {
    let (na, nb) = (u128::from(a.n()), u128::from(b.n()));
    let (sa, sb) = (u128::from(a.sum()), u128::from(b.sum()));
    (sb * na)
        .cmp(&(sa * nb))
        .then_with(|| match (a.variance_fraction(), b.variance_fraction()) {
            (Some((xa, da)), Some((xb, db))) => (xa * db).cmp(&(xb * da)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
}

fn stats(item: &str, info: Option<&ItemInfo>, s: &Scores, consensus: f64) -> ItemStats {
    let mut sorted = s.scores.clone();
    sorted.sort_unstable();
    let n = s.n();
    let nf = n as f64;
    let mean = s.sum() as f64 / nf;
    let sd = s
        .variance_fraction()
        .map(|(num, den)| (num as f64 / den as f64).sqrt());
    let (q1, median, q3) = (
        quantile(&sorted, 0.25),
        quantile(&sorted, 0.5),
        quantile(&sorted, 0.75),
    );
    let count = |b: PriorityBand| sorted.iter().filter(|&&x| band_of(x) == b).count() as u32;
    let (low, middle, high) = (
        count(PriorityBand::Low),
        count(PriorityBand::Middle),
        count(PriorityBand::High),
    );
    let bands = [
        (PriorityBand::Low, low),
        (PriorityBand::Middle, middle),
        (PriorityBand::High, high),
    ];
    let top = bands.iter().map(|b| b.1).max().unwrap_or(0);
    let modal: Vec<PriorityBand> = bands.iter().filter(|b| b.1 == top).map(|b| b.0).collect();
    let modal_band = match modal.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let share = |k: u32| f64::from(k) / nf;
    let consensus_band = bands.iter().find(|b| share(b.1) >= consensus).map(|b| b.0);
    ItemStats {
        item: item.to_string(),
        label: info.and_then(|i| i.label.clone()),
        category: info.and_then(|i| i.category.clone()),
        n: u32::try_from(n).unwrap_or(u32::MAX),
        mean,
        sd,
        median,
        q1,
        q3,
        iqr: q3 - q1,
        low,
        middle,
        high,
        low_share: share(low),
        middle_share: share(middle),
        high_share: share(high),
        modal_band,
        consensus: consensus_band.is_some(),
        consensus_band,
        rank: 0,
        high_share_change: None,
        stable: None,
    }
}

/// Statistics of every item in `by_item`, ranked.
pub(super) fn ranked(
    by_item: &BTreeMap<String, Scores>,
    info: &BTreeMap<&str, &ItemInfo>,
    consensus: f64,
) -> Vec<ItemStats> {
    let mut order: Vec<(&String, &Scores)> = by_item.iter().filter(|(_, s)| s.n() > 0).collect();
    order.sort_by(|a, b| rank_order(a.1, b.1).then_with(|| a.0.cmp(b.0)));
    let mut out: Vec<ItemStats> = Vec::with_capacity(order.len());
    let mut previous: Option<&Scores> = None;
    let mut rank = 0u32;
    for (i, (item, scores)) in order.iter().enumerate() {
        let tied = previous.is_some_and(|p| rank_order(p, scores) == std::cmp::Ordering::Equal);
        if !tied {
            rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        let mut st = stats(item, info.get(item.as_str()).copied(), scores, consensus);
        st.rank = rank;
        out.push(st);
        previous = Some(scores);
    }
    out
}
