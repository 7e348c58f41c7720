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
/// `0.0000001`, `NaN`, `inf`): see [`push_f64`]. Messages with numbers
/// write them with this. Width and precision flags are not supported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        lay_out_f64(self.0, |piece| f.write_str(piece))
    }
}

/// Appends `x` as `format!("{x}")` writes it, without allocating (but for
/// `out` growing): the shortest digits that read back as `x`, found by
/// serde_json's formatter (`zmij`, which programs carrying serde_json
/// already have) instead of the standard library's, with the standard
/// library's choice where two are equally near and its layout (no
/// exponent, `1` not `1.0`, `-0`, `NaN`, `inf`, `-inf`).
///
/// ```
/// use proficient::base::text::push_f64;
/// let mut s = String::new();
/// for x in [1.0, -0.0, 0.1 + 0.2, 1e21, 1.5e-7, f64::NAN, f64::NEG_INFINITY] {
///     push_f64(&mut s, x);
///     s.push(' ');
/// }
/// assert_eq!(s, "1 -0 0.30000000000000004 1000000000000000000000 0.00000015 NaN -inf ");
/// ```
pub fn push_f64(out: &mut String, x: f64) {
    let _ = lay_out_f64(x, |piece| {
        out.push_str(piece);
        Ok(())
    });
}

/// Hands `write` the pieces of `x` as `{}` writes it (see [`push_f64`]).
fn lay_out_f64(x: f64, mut write: impl FnMut(&str) -> fmt::Result) -> fmt::Result {
    if x.is_nan() {
        return write("NaN");
    }
    if x.is_sign_negative() {
        write("-")?;
    }
    if x.is_infinite() {
        return write("inf");
    }
    let x = x.abs();
    if x == 0.0 {
        return write("0");
    }
    let mut buffer = zmij::Buffer::new();
    // `d.ddd`, `ddd.0` or `d.ddde±x`.
    let text = buffer.format_finite(x);
    // Without an exponent, and unless the digits may be the lower of two
    // equally near, that is `{}`'s text but for a final `.0`.
    if !text.as_bytes().contains(&b'e') && tie_digits(x).is_none() {
        return write(text.strip_suffix(".0").unwrap_or(text));
    }
    match Digits::of(text, x) {
        Some(d) => d.lay_out(write),
        None => write("0"),
    }
}

/// Appends an unsigned integer in decimal, without the formatting
/// machinery.
pub fn push_u64(out: &mut String, mut n: u64) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
        return;
    }
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    while at > 0 {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(
        digits
            .get(at..)
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or_default(),
    );
}

/// The shortest decimal digits that read back as a positive finite `f64`:
/// the value is `0.DIGITS × 10^point`.
struct Digits {
    /// The significant digits (ASCII), the first and last not `0`.
    bytes: [u8; 24],
    len: usize,
    point: i32,
}

/// Zeros to write a number's leading or trailing ones from.
const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Digits {
    /// The digits of `x` (positive, finite) from `text`, zmij's text of
    /// it; none for zero.
    fn of(text: &str, x: f64) -> Option<Digits> {
        let text = text.as_bytes();
        let mut d = Digits {
            bytes: [b'0'; 24],
            len: 0,
            point: 0,
        };
        let (mut int_len, mut seen_point, mut leading) = (0i32, false, 0i32);
        let mut rest: &[u8] = &[];
        for (i, &b) in text.iter().enumerate() {
            match b {
                b'0'..=b'9' => {
                    int_len += i32::from(!seen_point);
                    if d.len == 0 && b == b'0' {
                        leading += 1;
                    } else if let Some(slot) = d.bytes.get_mut(d.len) {
                        *slot = b;
                        d.len += 1;
                    }
                }
                b'.' => seen_point = true,
                _ => {
                    rest = text.get(i + 1..).unwrap_or_default();
                    break;
                }
            }
        }
        let (negative, exponent) = match rest.split_first() {
            Some((b'-', e)) => (true, e),
            Some((b'+', e)) => (false, e),
            _ => (false, rest),
        };
        let exponent = exponent
            .iter()
            .fold(0i32, |e, &b| e * 10 + i32::from(b.wrapping_sub(b'0')));
        while d.len > 0 && d.bytes.get(d.len - 1) == Some(&b'0') {
            d.len -= 1;
        }
        if d.len == 0 {
            return None;
        }
        d.point = int_len - leading + if negative { -exponent } else { exponent };
        if d.lower_of_tie(x) {
            d.round_up();
        }
        Some(d)
    }

    fn digits(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// Hands `write` the pieces of the number as `{}` lays it out: no
    /// exponent, leading or trailing zeros as the point needs.
    fn lay_out(&self, mut write: impl FnMut(&str) -> fmt::Result) -> fmt::Result {
        let digits = self.digits();
        let len = i32::try_from(digits.len()).unwrap_or(0);
        let zeros = |write: &mut dyn FnMut(&str) -> fmt::Result, n: i32| -> fmt::Result {
            let mut n = usize::try_from(n).unwrap_or(0);
            while n > 0 {
                let k = n.min(ZEROS.len());
                write(ZEROS.get(..k).unwrap_or_default())?;
                n -= k;
            }
            Ok(())
        };
        if self.point <= 0 {
            write("0.")?;
            zeros(&mut write, -self.point)?;
            write(digits)
        } else if self.point >= len {
            write(digits)?;
            zeros(&mut write, self.point - len)
        } else {
            let (a, b) = digits.split_at(usize::try_from(self.point).unwrap_or(0));
            write(a)?;
            write(".")?;
            write(b)
        }
    }

    /// Where two shortest digit strings are equally close to `x` (its
    /// exact value is halfway between them), the standard library takes the
    /// upper one and zmij the even one: whether these digits are the lower
    /// one of such a pair.
    fn lower_of_tie(&self, x: f64) -> bool {
        let Some(exact) = tie_digits(x) else {
            return false;
        };
        let shortest = self
            .digits()
            .bytes()
            .fold(0u64, |n, b| n * 10 + u64::from(b.wrapping_sub(b'0')));
        exact.checked_ilog10() == Some(u32::try_from(self.len).unwrap_or(0))
            && exact / 10 == shortest
    }

    /// The next digits up in the last place (`0.199` to `0.2`, `0.99` to
    /// `1`).
    fn round_up(&mut self) {
        while let Some(last) = self.len.checked_sub(1) {
            match self.bytes.get_mut(last) {
                Some(b) if *b < b'9' => {
                    *b += 1;
                    return;
                }
                _ => self.len = last,
            }
        }
        // Every digit was a 9: the next is a power of ten.
        if let Some(b) = self.bytes.first_mut() {
            *b = b'1';
        }
        self.len = 1;
        self.point += 1;
    }
}

/// The exact value of `x` (positive, finite) as its significant decimal
/// digits, when there are at most 18 and the last is a 5: only then can
/// `x` lie halfway between two shortest digit strings (the exact value has
/// one digit more than the shortest, at most 17, and ends in 5). Cheap for
/// every other number.
fn tie_digits(x: f64) -> Option<u64> {
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
    if e < 0 {
        // m * 5^-e / 10^-e: the digits m * 5^-e, odd, so ending in 5
        // (5^26 is past 10^18 already).
        let k = e.unsigned_abs();
        if k > 25 {
            return None;
        }
        // Both neighbours with a digit less read back as `x` only when the
        // spacing of doubles there is at least ten units of the exact
        // value's last digit: x / spacing is at least 2^52 for a normal
        // number, so the digits are at least 10 * 2^52, past 10^15 (and
        // subnormals have e < -1000).
        5u64.pow(k)
            .checked_mul(m)
            .filter(|&n| (1_000_000_000_000_000..1_000_000_000_000_000_000).contains(&n))
    } else {
        // m * 2^e ends in at most e zeros (m is odd); its digits end in 5
        // only when 5^(e + 1) divides m, and are then m / 5^e.
        let k = u32::try_from(e).ok().filter(|&k| k <= 21)?;
        let p = 5u64.pow(k);
        (m % (p * 5) == 0)
            .then(|| m / p)
            .filter(|&n| n >= 1_000_000_000_000_000)
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
    #![allow(clippy::indexing_slicing)]

    use super::{push_f64, push_u64, Found, Num};

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

    /// `Num` and `push_f64` (appended after other text) against the
    /// standard library's `{}`.
    fn same(x: f64) {
        let want = x.to_string();
        assert_eq!(Num(x).to_string(), want, "{:e} ({:#x})", x, x.to_bits());
        let mut got = String::from("a,");
        push_f64(&mut got, x);
        assert_eq!(
            got.get(2..),
            Some(want.as_str()),
            "{:e} ({:#x})",
            x,
            x.to_bits()
        );
    }

    /// A fixed pseudo-random sequence (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn integers_are_written_as_display_writes_them() {
        let mut rng = Rng(0x5eed);
        let mut out = String::new();
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ]
        .into_iter()
        .chain((0..100_000).map(|_| rng.next() >> (rng.next() % 64)))
        {
            out.clear();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    /// Differential: every kind of number a result holds, and millions of
    /// others, written byte for byte as `{}` writes them.
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
        // Scores, coverages and weights: few decimals, and quotients.
        for i in 0..100_000 {
            same(f64::from(i) / 100.0);
            same(f64::from(i) / 1000.0);
            same(f64::from(i) * 1e10);
            same(f64::from(i % 1000) / f64::from(1 + i / 1000));
        }
        // Exact binary fractions (halves, quarters...) and large integers:
        // where ties are.
        for m in 1..2000u32 {
            for k in 0..80 {
                same(f64::from(m) * 2f64.powi(-k));
                same(f64::from(m) * 2f64.powi(k));
            }
        }
        let mut rng = Rng(0x2026_0630);
        for _ in 0..1_000_000 {
            // Bit patterns: any finite number, NaNs and infinities.
            same(f64::from_bits(rng.next()));
            // Values in 0..100 with up to four decimals.
            let decimals = [1.0, 10.0, 100.0, 1000.0, 10_000.0][(rng.next() % 5) as usize];
            same((rng.next() % 1_000_000) as f64 / decimals % 100.0);
            // Integers of every size, and their halves.
            let n = rng.next() >> (rng.next() % 64);
            same(n as f64);
            same(n as f64 / 2.0);
        }
        for _ in 0..200_000 {
            // Tiny and huge: exponents near the ends, subnormals.
            let bits = rng.next();
            same(f64::from_bits(bits & 0x800f_ffff_ffff_ffff));
            same(f64::from_bits(
                (bits & 0x803f_ffff_ffff_ffff) | 0x7c00_0000_0000_0000,
            ));
            same(f64::from_bits(bits & 0x801f_ffff_ffff_ffff));
        }
    }
}
