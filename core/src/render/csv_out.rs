//! Writing CSV cells: quoting as RFC 4180 says, and keeping spreadsheets
//! from running text as a formula ("CSV injection", OWASP).
//!
//! A spreadsheet that opens a CSV file takes a cell starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return for a formula: a worker id
//! `=HYPERLINK("https://evil.example","click")` becomes a link, and
//! `+cmd|' /C calc'!A0` may start a program. [`push_text`] with
//! [`Formulas::Escape`] writes such text with a `'` in front, inside quotes
//! (`"'=HYPERLINK(...)"`), which spreadsheets show as the text it was.
//! Numbers are not text: writers append them as they are (`-0.25` stays a
//! number). Every CSV writer of the project goes through [`push_text`].

/// What [`push_text`] does with text a spreadsheet would run as a formula.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Formulas {
    /// A `'` in front, inside quotes, so spreadsheets show the text (the
    /// default, for files people open).
    #[default]
    Escape,
    /// The text as it is (for programs that read the CSV back).
    Keep,
    /// Every text cell quoted, [`TYPED_TEXT`] in front: what
    /// `present::xlsx` reads, to tell text from numbers.
    Typed,
}

/// What [`Formulas::Typed`] puts in front of a text cell.
pub const TYPED_TEXT: char = '\u{1}';

/// Whether a spreadsheet would take text `s` for a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list).
pub fn is_formula(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends text `s` to `out` as one CSV cell: quoted when it holds a comma,
/// a quote or a line break (quotes doubled), and, with
/// [`Formulas::Escape`], with a `'` in front and quoted when
/// [`is_formula`].
///
/// ```
/// use proficient::render::csv_out::{push_text, Formulas};
/// let mut row = String::new();
/// push_text(&mut row, "=1+1", Formulas::Escape);
/// row.push(',');
/// push_text(&mut row, "a, \"b\"", Formulas::Escape);
/// row.push(',');
/// push_text(&mut row, "-x", Formulas::Keep);
/// assert_eq!(row, r#""'=1+1","a, ""b""",-x"#);
/// ```
pub fn push_text(out: &mut String, s: &str, formulas: Formulas) {
    if formulas == Formulas::Typed {
        out.push('"');
        out.push(TYPED_TEXT);
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
        return;
    }
    let guard = formulas == Formulas::Escape && is_formula(s);
    if !guard && !needs_quotes(s.as_bytes()) {
        out.push_str(s);
        return;
    }
    out.push('"');
    if guard {
        out.push('\'');
    }
    let mut rest = s;
    while let Some(i) = rest.find('"') {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        out.push('"');
        rest = after;
    }
    out.push_str(rest);
    out.push('"');
}

/// Whether `s` holds a comma, a quote or a line break (CR or LF): eight
/// bytes at a time.
fn needs_quotes(s: &[u8]) -> bool {
    use crate::base::bytes::{any, splat, zero_bytes};
    any(
        s,
        |w| {
            zero_bytes(w ^ splat(b','))
                | zero_bytes(w ^ splat(b'"'))
                | zero_bytes(w ^ splat(b'\n'))
                | zero_bytes(w ^ splat(b'\r'))
        },
        |b| matches!(b, b',' | b'"' | b'\n' | b'\r'),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn cell(s: &str, f: Formulas) -> String {
        let mut out = String::new();
        push_text(&mut out, s, f);
        out
    }

    #[test]
    fn quotes_are_needed_exactly_where_a_byte_asks_for_them() {
        // Every byte at every place of texts of 0 to 19 bytes.
        for len in 0..20 {
            for at in 0..len.max(1) {
                for b in 0..=255u8 {
                    let mut s = vec![b'x'; len];
                    if let Some(slot) = s.get_mut(at) {
                        *slot = b;
                    }
                    let want = s.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
                    assert_eq!(needs_quotes(&s), want, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn text_a_spreadsheet_would_run_gets_a_quote_in_front() {
        for (s, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\r=1", "\"'\r=1\""),
        ] {
            assert_eq!(cell(s, Formulas::Escape), want, "{s:?}");
        }
    }

    #[test]
    fn other_text_is_quoted_only_when_needed_and_keep_keeps_formulas() {
        for (s, want) in [
            ("jr-001", "jr-001"),
            ("", ""),
            ("a=b", "a=b"),
            (" =1", " =1"),
            ("'quoted", "'quoted"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
        ] {
            assert_eq!(cell(s, Formulas::Escape), want, "{s:?}");
            assert_eq!(cell(s, Formulas::Keep), want, "{s:?}");
        }
        assert_eq!(cell("=1+1", Formulas::Keep), "=1+1");
        assert_eq!(cell("-0.25", Formulas::Keep), "-0.25");
        assert_eq!(cell("=a,b", Formulas::Keep), "\"=a,b\"");
        assert_eq!(cell("\r", Formulas::Keep), "\"\r\"");
    }

    #[test]
    fn escaped_cells_read_back_as_the_text_with_a_quote_in_front() {
        let nasty = ["=1+1", "+a,\"b\"", "-", "@", "\t\r\n\"", "=\"\""];
        let mut line = String::new();
        for (i, s) in nasty.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_text(&mut line, s, Formulas::Escape);
        }
        line.push('\n');
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = r.records().next().unwrap().unwrap();
        let got: Vec<&str> = record.iter().collect();
        let want: Vec<String> = nasty.iter().map(|s| format!("'{s}")).collect();
        assert_eq!(got, want);
    }
}
