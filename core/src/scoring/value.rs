//! An item's value checked against its criterion's measure, and
//! normalised to [0, 1].

use crate::base::text::Num;
use crate::evidence::ValueRef;

/// How a criterion's evidence is normalised.
#[derive(Debug, Clone, Copy)]
pub(super) enum Norm {
    Rating { min: f64, max: f64 },
    Binary,
    Rate { target: f64 },
    Count { target: f64 },
}

/// A value checked for its measure: rating and count `[x, 0]`, binary
/// `[1 or 0, 0]`, rate `[numerator, denominator]`. Finite, with -0 made 0,
/// so `==` tells identical values apart from different ones.
pub(super) type Parsed = [f64; 2];

pub(super) fn show(v: Option<ValueRef<'_>>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "missing".into(),
    }
}

/// Why a value that should be a number is not one (out of the hot path).
#[cold]
pub(super) fn not_finite(what: &str, v: Option<ValueRef<'_>>) -> String {
    format!("{what} {} is not a finite number", show(v))
}

/// Checks an item's value against its measure; returns it parsed, or why
/// it is invalid. Inlined in the scorer's hot loop, as it was when both
/// were one file.
#[inline(always)]
pub(super) fn parse(
    norm: Norm,
    value: Option<ValueRef<'_>>,
    numerator: Option<ValueRef<'_>>,
    denominator: Option<ValueRef<'_>>,
) -> Result<Parsed, String> {
    let finite = |v: Option<ValueRef<'_>>, what: &str| -> Result<f64, String> {
        match v.and_then(ValueRef::number) {
            Some(n) if n.is_finite() => Ok(n + 0.0),
            _ => Err(not_finite(what, v)),
        }
    };
    match norm {
        Norm::Rating { min, max } => {
            let x = finite(value, "rating")?;
            if x < min || x > max {
                return Err(format!(
                    "rating `{}` is outside the scale {}–{}",
                    Num(x),
                    Num(min),
                    Num(max)
                ));
            }
            Ok([x, 0.0])
        }
        Norm::Binary => match value.and_then(ValueRef::boolean) {
            Some(b) => Ok([if b { 1.0 } else { 0.0 }, 0.0]),
            None => Err(format!(
                "value {} is not yes/no (true/false, yes/no, 1/0)",
                show(value)
            )),
        },
        Norm::Rate { .. } => {
            let num = finite(numerator, "numerator")?;
            let den = finite(denominator, "denominator")?;
            if den <= 0.0 {
                return Err(format!("denominator `{}` must be greater than 0", Num(den)));
            }
            if num < 0.0 {
                return Err(format!("numerator `{}` must not be negative", Num(num)));
            }
            Ok([num, den])
        }
        Norm::Count { .. } => {
            let x = finite(value, "count")?;
            if x < 0.0 || x.fract() != 0.0 {
                return Err(format!("count `{}` must be a whole number ≥ 0", Num(x)));
            }
            Ok([x, 0.0])
        }
    }
}

/// The normalised value in [0, 1] of a parsed value.
#[inline]
pub(super) fn normalised(norm: Norm, [a, b]: Parsed) -> f64 {
    match norm {
        Norm::Rating { min, max } => (a - min) / (max - min),
        Norm::Binary => a,
        Norm::Rate { target } => ((a / b) / target).min(1.0),
        Norm::Count { target } => (a / target).min(1.0),
    }
}
