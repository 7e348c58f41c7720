//! The one JSON serialiser every surface uses for results: pretty-printed
//! (two spaces), ending in a newline. The CLI's `--format json`, Python's
//! and JS's `to_json()` write exactly this, byte for byte.
//!
//! For the bulk of a large output (`score`'s workers), a writer of pretty
//! JSON straight into a `String` ([`Obj`]): the same bytes as serde_json's
//! pretty layout, without serializer state or a second pass to indent it.

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use crate::base::date::Date;
use crate::base::text::push_u64;

/// `value` as JSON text, ending in a newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value).map(|s| s + "\n")
}

/// Writes `value` as JSON text, ending in a newline, to `out`.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A JSON object being written as serde_json's pretty layout does: `{`, then `"key": value` pairs each on a
/// line of its own `depth + 1` levels in, then `}` on a line `depth` in.
pub struct Obj<'a> {
    out: &'a mut String,
    depth: usize,
    fields: usize,
}

impl<'a> Obj<'a> {
    /// Opens an object `depth` levels down (its `{` appended to `out`).
    pub fn open(out: &'a mut String, depth: usize) -> Obj<'a> {
        out.push('{');
        Obj {
            out,
            depth,
            fields: 0,
        }
    }

    /// Starts a field: `quoted` is its key in quotes and `: ` (see
    /// `"id": `); its value follows.
    pub fn key(&mut self, quoted: &str) -> Val<'_> {
        newline(self.out, self.depth + 1, self.fields > 0);
        self.fields += 1;
        self.out.push_str(quoted);
        Val {
            out: self.out,
            depth: self.depth + 1,
        }
    }

    /// Closes the object.
    pub fn close(self) {
        if self.fields > 0 {
            newline(self.out, self.depth, false);
        }
        self.out.push('}');
    }
}

/// Where a value goes, `depth` levels down.
pub struct Val<'a> {
    out: &'a mut String,
    depth: usize,
}

impl Val<'_> {
    /// A string.
    pub fn string(self, s: &str) {
        push_string(self.out, s);
    }

    /// A string, or `null`.
    pub fn opt_string(self, s: Option<&str>) {
        match s {
            Some(s) => push_string(self.out, s),
            None => self.out.push_str("null"),
        }
    }

    /// A number, or `null`.
    pub fn num(self, x: Option<f64>) {
        match x {
            Some(x) => push_f64(self.out, x),
            None => self.out.push_str("null"),
        }
    }

    /// A number (`null` when not finite, as serde_json writes it).
    pub fn float(self, x: f64) {
        push_f64(self.out, x);
    }

    /// An unsigned integer.
    pub fn int(self, n: u64) {
        push_u64(self.out, n);
    }

    /// `true` or `false`.
    pub fn bool(self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    /// A date, as `Date` serializes.
    pub fn date(self, d: Date) {
        match d.iso() {
            Some(b) => {
                self.out.push('"');
                self.out
                    .push_str(std::str::from_utf8(&b).unwrap_or_default());
                self.out.push('"');
            }
            None => push_string(self.out, &d.to_string()),
        }
    }

    /// An array of `items`, each written by `each` one level further down.
    pub fn array<T>(self, items: &[T], mut each: impl FnMut(&mut String, &T, usize)) {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            newline(self.out, self.depth + 1, i > 0);
            each(self.out, item, self.depth + 1);
        }
        if !items.is_empty() {
            newline(self.out, self.depth, false);
        }
        self.out.push(']');
    }

    /// An object whose fields `fields` writes.
    pub fn object(self, fields: impl FnOnce(&mut Obj<'_>)) {
        let mut o = Obj::open(self.out, self.depth);
        fields(&mut o);
        o.close();
    }

    /// An array of strings.
    pub fn strings(self, items: &[Arc<str>]) {
        self.array(items, |out, s, _| push_string(out, s));
    }
}

/// A comma when `comma`, a line break and `depth` levels of indentation.
fn newline(out: &mut String, depth: usize, comma: bool) {
    const BREAK: &str = ",\n                                                                ";
    let n = 2 * depth;
    let shown = n.min(BREAK.len() - 2);
    out.push_str(BREAK.get(usize::from(!comma)..2 + shown).unwrap_or("\n"));
    for _ in shown..n {
        out.push(' ');
    }
}

/// `s` as a JSON string: as is between quotes when nothing in it needs an
/// escape (the usual case), else escaped by serde_json itself.
fn push_string(out: &mut String, s: &str) {
    if needs_escape(s.as_bytes()) {
        match serde_json::to_string(s) {
            Ok(text) => out.push_str(&text),
            Err(_) => out.push_str("null"),
        }
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Whether `s` holds a control character (below `0x20`), a quote or a
/// backslash: eight bytes at a time.
fn needs_escape(s: &[u8]) -> bool {
    use crate::base::bytes::{any, splat, zero_bytes};
    any(
        s,
        |w| {
            zero_bytes(w & splat(0xe0)) | zero_bytes(w ^ splat(b'"')) | zero_bytes(w ^ splat(b'\\'))
        },
        |b| b < 0x20 || b == b'"' || b == b'\\',
    )
}

/// A number as serde_json writes an `f64`: its shortest digits
/// (`zmij`, serde_json's own formatter), `null` when not finite.
fn push_f64(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn escapes_are_needed_exactly_where_a_byte_asks_for_them() {
        // Every byte at every place of texts of 0 to 19 bytes.
        for len in 0..20 {
            for at in 0..len.max(1) {
                for b in 0..=255u8 {
                    let mut s = vec![b'x'; len];
                    if let Some(slot) = s.get_mut(at) {
                        *slot = b;
                    }
                    let want = s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                    assert_eq!(needs_escape(&s), want, "{s:?}");
                }
            }
        }
    }
}
