//! Text in messages: input quoted and clipped ([`clip`]), numbers written
//! as `{}` writes them ([`Num`]) and found values ([`Found`]).

use std::fmt;

/// `text` cut to at most `max` characters (ending in `…` when cut), with
/// control characters and backquotes written as escapes (`\t`, `\n`,
/// `\u{1b}`, `\u{60}`), for quoting input in messages (see docs/errors.md).
pub fn clip(text: &str, max: usize) -> String {
    // Most quoted input is short printable ASCII, kept as it is.
    if text.len() <= max
        && text
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && b != b'`')
    {
        return text.to_string();
    }
    let cut = text.chars().count() > max;
    let keep = if cut { max.saturating_sub(1) } else { max };
    let mut out = String::new();
    for ch in text.chars().take(keep) {
        match ch {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            // A backquote would end the quote the text is shown in.
            c if c.is_control() || c == '`' => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    if cut {
        out.push('…');
    }
    out
}

/// An `f64` written as `{}` writes it (`1`, `0.5`, `-0`, `1000000000000000000000`,
/// `0.0000001`, `NaN`, `inf`), from the shortest digits that read back as
/// the same number, found by serde_json's formatter (`zmij`) instead of the
/// standard library's: programs that already carry serde_json's (the
/// WebAssembly package writes its results with it) then need only one.
/// Messages with numbers write them with this. Width and precision flags
/// are not supported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_sign_negative() {
            f.write_str("-")?;
        }
        if x.is_infinite() {
            return f.write_str("inf");
        }
        let mut buffer = zmij::Buffer::new();
        // `d.ddd`, `ddd.0` or `d.ddde±x`: digits and where the point is.
        let text = buffer.format_finite(x.abs());
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int}{frac}");
        let leading = digits.len() - digits.trim_start_matches('0').len();
        let digits = digits.trim_matches('0');
        if digits.is_empty() {
            return f.write_str("0");
        }
        let rounded;
        let digits = match half_up(x.abs(), digits) {
            Some(up) => {
                rounded = up;
                rounded.as_str()
            }
            None => digits,
        };
        // The value is 0.DIGITS x 10^point.
        let point =
            i32::try_from(int.len()).unwrap_or(0) + exponent - i32::try_from(leading).unwrap_or(0);
        let len = i32::try_from(digits.len()).unwrap_or(0);
        let zeros = |n: i32| "0".repeat(usize::try_from(n).unwrap_or(0));
        if point <= 0 {
            write!(f, "0.{}{digits}", zeros(-point))
        } else if point >= len {
            write!(f, "{digits}{}", zeros(point - len))
        } else {
            let (a, b) = digits.split_at(usize::try_from(point).unwrap_or(0));
            write!(f, "{a}.{b}")
        }
    }
}

/// A number found in the input, for messages: as [`Num`] writes it, or, when
/// that would be longer than 24 characters (`1e300` written out), in
/// exponent form with the same shortest digits (`1e300`, `-1.5e-30`), so
/// that quoted input stays short (docs/errors.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found(pub f64);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = Num(self.0).to_string();
        if plain.len() <= 24 {
            return f.write_str(&plain);
        }
        let (sign, body) = match plain.strip_prefix('-') {
            Some(b) => ("-", b),
            None => ("", plain.as_str()),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let all = format!("{int}{frac}");
        let lead = all.len() - all.trim_start_matches('0').len();
        let digits = all.trim_matches('0');
        // The value is 0.DIGITS x 10^point, so DIGITS[0].DIGITS[1..] x 10^(point - 1).
        let point = i64::try_from(int.len()).unwrap_or(0) - i64::try_from(lead).unwrap_or(0);
        let (first, rest) = digits.split_at(digits.len().min(1));
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        write!(f, "{sign}{first}{rest}e{}", point - 1)
    }
}

/// Where two shortest digit strings are equally close to `x` (its exact
/// value is halfway between them), the standard library takes the upper one
/// and zmij the even one: the upper one when zmij's `digits` are the lower
/// one, else `None`.
fn half_up(x: f64, digits: &str) -> Option<String> {
    // x = m * 2^e exactly, m odd.
    let bits = x.to_bits();
    let biased = i32::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return None;
    }
    let zeros = m.trailing_zeros();
    m >>= zeros;
    e += i32::try_from(zeros).unwrap_or(0);
    // Its significant decimal digits, when there are at most 18 (a tie
    // needs one digit more than the shortest, at most 17, and a final 5).
    let exact: u128 = if e >= 0 {
        let n = u128::from(m).checked_shl(u32::try_from(e).ok()?)?;
        if n >> u32::try_from(e).ok()? != u128::from(m) {
            return None;
        }
        let mut n = n;
        while n % 10 == 0 {
            n /= 10;
        }
        n
    } else {
        5u128
            .checked_pow(u32::try_from(-e).ok()?)?
            .checked_mul(u128::from(m))?
    };
    if exact >= 1_000_000_000_000_000_000 || exact % 10 != 5 {
        return None;
    }
    let shortest: u128 = digits.parse().ok()?;
    let (exact_len, shortest_len) = (exact.to_string().len(), digits.len());
    (exact_len == shortest_len + 1 && exact / 10 == shortest).then(|| (shortest + 1).to_string())
}

/// The letters of 1-based column `column` (`1` is `A`, `28` is `AB`).
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A sheet's name as a cell reference gives it: quoted (`'Evidence log'`,
/// a `'` doubled) unless it is letters, digits and `_` only.
pub fn sheet_reference(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

#[cfg(test)]
mod num_tests {
    use super::{Found, Num};

    #[test]
    fn long_numbers_are_found_in_exponent_form() {
        for (x, want) in [
            (4.0, "4"),
            (0.25, "0.25"),
            (1e20, "100000000000000000000"),
            (1e300, "1e300"),
            (-1.5e300, "-1.5e300"),
            (1.25e-30, "1.25e-30"),
            (f64::MAX, "1.7976931348623157e308"),
            (5e-324, "5e-324"),
            (123456789012345680000000000.0, "1.2345678901234568e26"),
        ] {
            assert_eq!(Found(x).to_string(), want, "{x:e}");
        }
    }

    fn same(x: f64) {
        assert_eq!(
            Num(x).to_string(),
            x.to_string(),
            "{:e} ({:#x})",
            x,
            x.to_bits()
        );
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.2,
            0.3,
            1.5,
            2.25,
            10.0,
            100.0,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1e23,
            1e-5,
            1e-7,
            1.5e-7,
            123456789.0,
            0.30000000000000004,
            9007199254740993.0,
            1152921504606846976.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            -5e-324,
            f64::from_bits(0x000f_ffff_ffff_ffff),
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.65,
            0.85,
            4294967295.0,
            4294967296.0,
        ] {
            same(x);
        }
        for i in -1100..1100 {
            same(2f64.powi(i));
            same(10f64.powi(i / 3));
            same(-(i as f64) / 7.0);
        }
        for i in 0..100_000 {
            same(f64::from(i) / 100.0);
            same(f64::from(i) * 1e10);
        }
        // Exact binary fractions and large integers: where ties are.
        for m in 1..2000u32 {
            for k in 0..80 {
                same(f64::from(m) * 2f64.powi(-k));
                same(f64::from(m) * 2f64.powi(k));
            }
        }
        // Bit patterns from a fixed pseudo-random sequence (xorshift).
        let mut s = 0x2026_0630_u64;
        for _ in 0..1_000_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            same(f64::from_bits(s));
        }
    }
}
