//! Exact sums: a worker × criterion's Σw and Σw·v in 128-bit fixed point,
//! so results do not depend on the order of the items, and exact means of
//! floating-point values.

/// One quantum of the fixed-point sums is 2^-QUANTUM_BITS of the heaviest
/// evidence kind weight (rounded up to a power of two), so a fresh item of
/// that kind is at most 2^QUANTUM_BITS quanta, and a cell's 128-bit sums
/// hold 2^40 of them.
pub(super) const QUANTUM_BITS: i32 = 87;

/// One worker × criterion: Σw and Σw·v in fixed point (terms of at most
/// 2^[`QUANTUM_BITS`] quanta, see `Scorer::quantum`) as 128-bit integers
/// (integer sums: the order of additions changes nothing), the number of
/// items, and the value all of them share, if they do.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cell {
    pub(super) w: u128,
    pub(super) wv: u128,
    pub(super) n: u64,
    /// The bits of the normalised value every item of the cell has, or
    /// [`MIXED`] when they differ (meaningless while `n` is 0).
    pub(super) common: u64,
}

/// `Cell::common` of a cell whose items have different values (a NaN, never
/// a normalised value).
pub(super) const MIXED: u64 = u64::MAX;

impl Cell {
    pub(super) fn add(&mut self, w: u128, wv: u128, v: u64) {
        self.w = self.w.wrapping_add(w);
        self.wv = self.wv.wrapping_add(wv);
        self.common = if self.n == 0 || self.common == v {
            v
        } else {
            MIXED
        };
        self.n += 1;
    }

    /// Takes back out an item added with the same terms. The common value
    /// stays right: if every item had value `v`, the rest still do; a cell
    /// of mixed values stays mixed (its mean is then the ratio of the sums
    /// even if the items left happen to be equal, which only taking out
    /// conflicting ids can cause).
    pub(super) fn sub(&mut self, w: u128, wv: u128) {
        self.w = self.w.wrapping_sub(w);
        self.wv = self.wv.wrapping_sub(wv);
        self.n = self.n.saturating_sub(1);
    }

    /// Σw in quanta (rounded once, as an integer conversion is).
    pub(super) fn weight(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.w as f64
        }
    }

    /// Σw·v / Σw; `None` without items. When every item has the same value
    /// (one item, or equal ratings), the mean *is* that value, exactly:
    /// scores that are mathematically equal then compare equal.
    pub(super) fn score(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        if self.common != MIXED {
            return Some(f64::from_bits(self.common));
        }
        let w = self.weight();
        (w > 0.0).then(|| self.wv as f64 / w)
    }
}

/// A weight (or weight × value) in quanta, `x` in [0, 2^[`QUANTUM_BITS`]],
/// as the whole number below it: exact for `x` from 2^52 (where every `f64`
/// is a whole number), through `i64` below 2^63 (one instruction).
pub(super) fn quantise(x: f64) -> u128 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x < TWO_63 {
        return x as i64 as u128;
    }
    // x = m · 2^e with e ≥ 11: shift the 53-bit significand into place.
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as u32;
    let m = (bits & ((1 << 52) - 1)) | (1 << 52);
    u128::from(m)
        .checked_shl(e.saturating_sub(1075))
        .unwrap_or(u128::MAX)
}

/// A weighted mean built one term at a time: Σ weight·x / Σ weight, and
/// exactly `x` when every term has the same `x` (so a mean of one score,
/// or of equal scores, is that score).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Mean {
    pub(super) sum: f64,
    pub(super) weights: f64,
    pub(super) n: u32,
    pub(super) common: f64,
    pub(super) mixed: bool,
}

impl Mean {
    pub(super) fn add(&mut self, weight: f64, x: f64) {
        self.sum += weight * x;
        self.weights += weight;
        if self.n == 0 {
            self.common = x;
        } else if self.common != x {
            self.mixed = true;
        }
        self.n += 1;
    }

    pub(super) fn get(&self) -> Option<f64> {
        if self.n == 0 || self.weights <= 0.0 || self.weights.is_nan() {
            None
        } else if self.mixed {
            Some(self.sum / self.weights)
        } else {
            Some(self.common)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::{quantise, Cell, Mean, MIXED, QUANTUM_BITS};

    /// `floor(x)` for `x` in [0, 2^QUANTUM_BITS], from its bits.
    pub(super) fn floor(x: f64) -> u128 {
        let bits = x.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i32 - 1075;
        let m = u128::from((bits & ((1 << 52) - 1)) | if x == 0.0 { 0 } else { 1 << 52 });
        if e >= 0 {
            m << e
        } else {
            m >> (-e).min(127)
        }
    }

    #[test]
    pub(super) fn quantise_is_the_exact_floor() {
        let mut state = 0x5eed_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Magnitudes from 2^-10 to 2^QUANTUM_BITS.
            let e = (state % 98) as i32 - 10;
            let x = (1.0 + (state >> 11) as f64 / (1u64 << 53) as f64) * 2f64.powi(e);
            let x = x.min(2f64.powi(QUANTUM_BITS));
            assert_eq!(quantise(x), floor(x), "{x:e}");
        }
        for x in [
            0.0,
            0.5,
            1.0,
            2f64.powi(52),
            2f64.powi(63),
            2f64.powi(QUANTUM_BITS),
        ] {
            assert_eq!(quantise(x), floor(x), "{x:e}");
        }
    }

    #[test]
    pub(super) fn means_of_equal_values_are_those_values() {
        let mut cell = Cell::default();
        let v = 0.75f64;
        for w in [3.0e25, 1.7e20, 9.9e24] {
            cell.add(quantise(w), quantise(w * v), v.to_bits());
        }
        assert_eq!(cell.score(), Some(0.75));
        cell.add(quantise(1e25), quantise(1e25 * 0.5), 0.5f64.to_bits());
        assert_eq!(cell.common, MIXED);
        let mut m = Mean::default();
        for w in [0.1, 0.7, 3.0] {
            m.add(w, 0.6499999999999999);
        }
        assert_eq!(m.get(), Some(0.6499999999999999));
        m.add(1.0, 0.2);
        assert!(m.get().is_some_and(|x| x != 0.6499999999999999));
    }
}
