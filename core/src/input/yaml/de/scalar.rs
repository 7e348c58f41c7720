//! Plain scalars resolved as in the YAML 1.2 core schema: null, booleans,
//! integers in every radix, floats; anything else is a string.

use serde::de::Unexpected;

use crate::input::yaml::de::tree::{Kind, Node};

/// The value of a plain scalar under the core schema.
pub(super) enum Resolved<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Str(&'a str),
}

pub(super) fn resolve(value: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(value);
    }
    if value.is_empty() || parse_null(value) {
        return Resolved::Null;
    }
    if let Some(b) = parse_bool(value) {
        return Resolved::Bool(b);
    }
    if let Some(n) = parse_unsigned(value, u64::from_str_radix) {
        return Resolved::U64(n);
    }
    if let Some(n) = parse_negative(value, i64::from_str_radix) {
        return Resolved::I64(n);
    }
    if let Some(n) = parse_unsigned(value, u128::from_str_radix) {
        return Resolved::U128(n);
    }
    if let Some(n) = parse_negative(value, i128::from_str_radix) {
        return Resolved::I128(n);
    }
    if !digits_but_not_number(value) {
        if let Some(x) = parse_float(value) {
            return Resolved::F64(x);
        }
    }
    Resolved::Str(value)
}

pub(super) fn parse_null(s: &str) -> bool {
    matches!(s, "null" | "Null" | "NULL" | "~")
}

pub(super) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

pub(super) type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// `0x`, `0o`, `0b` or decimal digits, after an optional `+`.
pub(super) fn parse_unsigned<T>(s: &str, from: Radix<T>) -> Option<T> {
    let body = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = body.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from(rest, radix) {
                return Some(n);
            }
        }
    }
    if body.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    from(body, 10).ok()
}

/// A negative integer in any of the radixes.
pub(super) fn parse_negative<T>(s: &str, from: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if let Ok(n) = from(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    from(s, 10).ok()
}

/// Any integer: unsigned forms, then negative ones.
pub(super) fn parse_signed<T>(s: &str, from: Radix<T>) -> Option<T> {
    if s.strip_prefix('+')
        .is_some_and(|r| r.starts_with(['+', '-']))
    {
        return None;
    }
    parse_unsigned(s, from).or_else(|| parse_negative(s, from))
}

/// A number field's value: a float, or any integer of the core schema
/// (`16`, `0x10`, `0o20`, `0b10000`: YAML 1.2 integers are numbers too).
pub(super) fn parse_f64(s: &str) -> Option<f64> {
    parse_float(s).or_else(|| parse_signed(s, i128::from_str_radix).map(|n| n as f64))
}

pub(super) fn parse_float(s: &str) -> Option<f64> {
    let body = match s.strip_prefix('+') {
        Some(r) if r.starts_with(['+', '-']) => return None,
        Some(r) => r,
        None => s,
    };
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    body.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Leading zeros followed by digits make a string in YAML 1.2 (`007`).
pub(super) fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit())
}

impl Node {
    /// What the node is, for type errors.
    pub(super) fn unexpected(&self) -> Unexpected<'_> {
        match &self.kind {
            Kind::Seq(_) => Unexpected::Seq,
            Kind::Map(_) => Unexpected::Map,
            Kind::Scalar { value, plain } => match resolve(value, *plain) {
                Resolved::Null => Unexpected::Unit,
                Resolved::Bool(b) => Unexpected::Bool(b),
                Resolved::U64(n) => Unexpected::Unsigned(n),
                Resolved::I64(n) => Unexpected::Signed(n),
                Resolved::F64(x) => Unexpected::Float(x),
                Resolved::U128(_) | Resolved::I128(_) => Unexpected::Other("integer"),
                Resolved::Str(s) => Unexpected::Str(s),
            },
        }
    }

    /// The plain scalar of this node (for numbers and booleans).
    pub(super) fn plain(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, plain: true } => Some(value),
            _ => None,
        }
    }

    pub(super) fn is_empty_plain(&self) -> bool {
        self.plain().is_some_and(str::is_empty)
    }
}
