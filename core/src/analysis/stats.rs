//! Distributions and agreement statistics shared by the analyses: the log
//! gamma function, the regularised incomplete beta function, Student's t
//! quantile, the mean with its t interval, Krippendorff's alpha, the
//! hypergeometric probabilities of Fisher's exact test.

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, 9 terms; relative
/// error below 1e-15 over the range used here).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The continued fraction of the incomplete beta function (modified Lentz).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let nonzero = |v: f64| if v.abs() < TINY { TINY } else { v };
    // One term `aa` of the fraction: updates `c` and `d`, returns the factor of `h`.
    let step = |aa: f64, c: &mut f64, d: &mut f64| {
        *d = 1.0 / nonzero(1.0 + aa * *d);
        *c = nonzero(1.0 + aa / *c);
        *d * *c
    };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)), &mut c, &mut d);
        let del = step(
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
            &mut c,
            &mut d,
        );
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function `I_x(a, b)`.
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// `P(T ≤ t)` for Student's t with `df` degrees of freedom.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
    if t >= 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

/// The `p`-quantile (0.5 ≤ p < 1) of Student's t with `df` degrees of
/// freedom: bisection on [`t_cdf`] to the last bit.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while t_cdf(hi, df) < p && hi < 1e12 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Mean, sample standard deviation and the 95% t interval of the mean of
/// `x` (the interval needs at least two values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanInterval {
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (`n − 1`); none below two values.
    pub sd: Option<f64>,
    /// Lower end of the 95% interval.
    pub low: Option<f64>,
    /// Upper end of the 95% interval.
    pub high: Option<f64>,
}

/// The mean of `x` and its 95% t interval `mean ± t₀.₉₇₅,ₙ₋₁ · sd/√n`;
/// `None` when `x` is empty.
pub fn mean_interval(x: &[f64]) -> Option<MeanInterval> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    if x.len() < 2 {
        return Some(MeanInterval {
            mean,
            sd: None,
            low: None,
            high: None,
        });
    }
    let ss: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = (ss / (n - 1.0)).sqrt();
    let half = t_quantile(0.975, n - 1.0) * sd / n.sqrt();
    Some(MeanInterval {
        mean,
        sd: Some(sd),
        low: Some(mean - half),
        high: Some(mean + half),
    })
}

/// Level of measurement of Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Values are categories: any two different values disagree equally.
    Nominal,
    /// Values are ordered: disagreement grows with the number of pairable
    /// values between them.
    Ordinal,
}

/// Krippendorff's alpha of `units` (each the values its coders gave;
/// units with fewer than two values are not pairable and ignored), as
/// Krippendorff (2011) defines it: `1 − D_o / D_e` from the coincidence
/// matrix. Ordinal distances use the pairable value counts between two
/// values. `None` when no unit is pairable or the expected disagreement is
/// 0 (every pairable value the same).
pub fn krippendorff_alpha(units: &[Vec<f64>], level: Level) -> Option<f64> {
    let mut domain: Vec<f64> = units.iter().flatten().copied().collect();
    domain.sort_by(f64::total_cmp);
    domain.dedup();
    let v = domain.len();
    let index = |x: f64| domain.binary_search_by(|d| d.total_cmp(&x)).ok();
    // Coincidence matrix o[c][k].
    let mut o = vec![0.0_f64; v * v];
    for unit in units.iter().filter(|u| u.len() >= 2) {
        let mut counts = vec![0.0_f64; v];
        for &x in unit {
            if let Some(slot) = index(x).and_then(|i| counts.get_mut(i)) {
                *slot += 1.0;
            }
        }
        let m = unit.len() as f64;
        for c in 0..v {
            for k in 0..v {
                let (nc, nk) = (
                    counts.get(c).copied().unwrap_or(0.0),
                    counts.get(k).copied().unwrap_or(0.0),
                );
                let pairs = if c == k { nc * nk - nc } else { nc * nk };
                if let Some(slot) = o.get_mut(c * v + k) {
                    *slot += pairs / (m - 1.0);
                }
            }
        }
    }
    let n_v: Vec<f64> = (0..v)
        .map(|c| {
            (0..v)
                .map(|k| o.get(c * v + k).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let n: f64 = n_v.iter().sum();
    if n <= 1.0 {
        return None;
    }
    let distance = |c: usize, k: usize| -> f64 {
        match level {
            Level::Nominal => {
                if c == k {
                    0.0
                } else {
                    1.0
                }
            }
            Level::Ordinal => {
                let (a, b) = (c.min(k), c.max(k));
                let between: f64 = n_v.get(a..=b).map_or(0.0, |s| s.iter().sum());
                let ends =
                    (n_v.get(a).copied().unwrap_or(0.0) + n_v.get(b).copied().unwrap_or(0.0)) / 2.0;
                (between - ends).powi(2)
            }
        }
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..v {
        for k in 0..v {
            let d = distance(c, k);
            observed += o.get(c * v + k).copied().unwrap_or(0.0) * d;
            let (nc, nk) = (
                n_v.get(c).copied().unwrap_or(0.0),
                n_v.get(k).copied().unwrap_or(0.0),
            );
            let e = if c == k { nc * nk - nc } else { nc * nk };
            expected += e / (n - 1.0) * d;
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// `ln P(X = x)` for the hypergeometric distribution: `x` successes in
/// `draws` drawn from `total` of which `successes` are successes.
fn ln_hypergeom(x: u64, total: u64, successes: u64, draws: u64) -> f64 {
    let ln_choose = |n: u64, k: u64| {
        ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
    };
    ln_choose(successes, x) + ln_choose(total - successes, draws - x) - ln_choose(total, draws)
}

/// The two-sided p-value of Fisher's exact test of the 2 × 2 table
/// `[[a, b], [c, d]]`: the probability, with the margins fixed, of every
/// table no more likely than the one observed (relative tolerance 1e-7
/// for ties, as R and SciPy allow).
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (row1, col1, total) = (a + b, a + c, a + b + c + d);
    if total == 0 {
        return 1.0;
    }
    let low = col1.saturating_sub(total - row1);
    let high = row1.min(col1);
    let observed = ln_hypergeom(a, total, row1, col1).exp();
    let mut p = 0.0;
    for x in low..=high {
        let q = ln_hypergeom(x, total, row1, col1).exp();
        if q <= observed * (1.0 + 1e-7) {
            p += q;
        }
    }
    p.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_of_factorials() {
        // ln(4!) = ln 24, ln Γ(0.5) = ln √π.
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    }

    #[test]
    fn t_quantiles_from_tables() {
        // Printed t tables: t(0.975; 1) = 12.706, t(0.975; 10) = 2.228,
        // t(0.975; 30) = 2.042; and t(0.975; 1) = tan(0.475π) exactly.
        assert!((t_quantile(0.975, 1.0) - (0.475 * std::f64::consts::PI).tan()).abs() < 1e-9);
        assert!((t_quantile(0.975, 10.0) - 2.228).abs() < 5e-4);
        assert!((t_quantile(0.975, 30.0) - 2.042).abs() < 5e-4);
    }

    /// Krippendorff's (2011) example: 4 coders, 12 units, values 1–5,
    /// nominal alpha 0.743 and ordinal 0.815 (his worked figures).
    #[test]
    fn krippendorff_worked_example() {
        let nan = f64::NAN;
        let data = [
            [1., 2., 3., 3., 2., 1., 4., 1., 2., nan, nan, nan],
            [1., 2., 3., 3., 2., 2., 4., 1., 2., 5., nan, 3.],
            [nan, 3., 3., 3., 2., 3., 4., 2., 2., 5., 1., nan],
            [1., 2., 3., 3., 2., 4., 4., 1., 2., 5., 1., nan],
        ];
        let units: Vec<Vec<f64>> = (0..12)
            .map(|u| data.iter().map(|c| c[u]).filter(|x| !x.is_nan()).collect())
            .collect();
        let nominal = krippendorff_alpha(&units, Level::Nominal).unwrap_or(0.0);
        let ordinal = krippendorff_alpha(&units, Level::Ordinal).unwrap_or(0.0);
        assert!((nominal - 0.743).abs() < 5e-4, "{nominal}");
        assert!((ordinal - 0.815).abs() < 5e-4, "{ordinal}");
    }

    /// Fisher's tea-tasting table [[3, 1], [1, 3]]: two-sided p = 34/70.
    #[test]
    fn fisher_tea_tasting() {
        assert!((fisher_exact(3, 1, 1, 3) - 34.0 / 70.0).abs() < 1e-12);
    }
}
