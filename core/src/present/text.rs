//! Text for a terminal: aligned tables, control characters escaped, long
//! cells clipped; where text goes ([`Sink`]), and writing it in pieces
//! ([`Chunked`]) so a large output is never held whole.

use std::borrow::Cow;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Widest a table column gets (characters); longer cells are clipped with
/// `…`, and a note on stderr says so.
pub const MAX_CELL: usize = 100;

/// Longest a table's last column (not padded) or a quoted name in a line
/// of text gets; longer ones are clipped with `…`.
pub const MAX_LAST: usize = 500;

/// Whether a cell was clipped, process-wide (for a front end's note that
/// says so).
static CLIPPED: AtomicBool = AtomicBool::new(false);

/// Whether any table cell was clipped so far.
pub fn clipped() -> bool {
    CLIPPED.load(Ordering::Relaxed)
}

/// Characters shown escaped in terminal output: control characters (they
/// move the cursor, recolour the terminal, forge lines) and the bidi
/// controls (they reorder what is shown).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        '\t' => write!(out, "\\t"),
        c if u32::from(c) < 0x80 => write!(out, "\\x{:02x}", u32::from(c)),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    };
}

/// `s` as shown in a table or line of text: control characters escaped
/// (`\n`, `\t`, `\x1b`, `\u{202e}`) and clipped to `max` characters with
/// `…`; with the number of characters shown.
fn shown_in(s: &str, max: usize) -> (Cow<'_, str>, usize) {
    let mut n = 0;
    let mut plain = true;
    for c in s.chars() {
        n += 1;
        if needs_escape(c) || n > max {
            plain = false;
            break;
        }
    }
    if plain {
        return (Cow::Borrowed(s), n);
    }
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        if needs_escape(c) {
            let before = out.len();
            push_escaped(&mut out, c);
            n += out.len() - before;
        } else {
            out.push(c);
            n += 1;
        }
        if n > max {
            CLIPPED.store(true, Ordering::Relaxed);
            let cut = out
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(out.len(), |(i, _)| i);
            out.truncate(cut);
            out.push('…');
            return (Cow::Owned(out), max);
        }
    }
    (Cow::Owned(out), n)
}

/// `s` escaped and clipped for a line of terminal text (a worker id in a
/// sentence): see [`MAX_LAST`].
pub fn shown(s: &str) -> Cow<'_, str> {
    shown_in(s, MAX_LAST).0
}

/// Where the first character of `text` that [`terminal_safe`] escapes
/// starts: a scan of the bytes, decoding only after the lead bytes of the
/// characters concerned (C1 controls `0xc2`, U+061C `0xd8`, the other bidi
/// controls `0xe2`).
fn first_unsafe(text: &str) -> Option<usize> {
    text.bytes().enumerate().find_map(|(i, b)| {
        let suspect = match b {
            b'\n' => false,
            0..=0x1f | 0x7f => return Some(i),
            0xc2 | 0xd8 | 0xe2 => true,
            _ => false,
        };
        suspect
            .then(|| text.get(i..).and_then(|t| t.chars().next()))
            .flatten()
            .filter(|c| needs_escape(*c))
            .map(|_| i)
    })
}

/// The whole text of a table-format output with every control character
/// but the line break escaped: whatever a renderer passed on unescaped
/// (a title, a message quoting input) cannot drive the terminal.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let Some(start) = first_unsafe(text) else {
        return Cow::Borrowed(text);
    };
    let (clean, rest) = text.split_at(start);
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(clean);
    for c in rest.chars() {
        if c != '\n' && needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where text output goes: a `String`, or [`Chunked`] output.
pub trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// Text written to a writer in pieces of about 64 KiB, so that a large
/// output is never held whole; for tables ([`Chunked::terminal`]), every
/// piece made [`terminal_safe`]. Text handed over as a `String`
/// ([`Chunked::put_owned`]) is written as it is, not copied, and handed
/// back ([`Chunked::written`]) to be filled again. Keeps the first error,
/// for [`Chunked::finish`].
pub struct Chunked<'w> {
    out: &'w mut dyn Write,
    buf: String,
    /// Texts handed over, each with where in `buf` it goes (before
    /// `buf[at..]`), and their length in all.
    held: Vec<(usize, String)>,
    held_bytes: usize,
    /// Texts written, to be filled again.
    done: Vec<String>,
    terminal: bool,
    failed: Option<std::io::Error>,
}

/// What [`Chunked`] gathers before writing (bytes); a piece at least this
/// long is written as it is, not copied first.
const PIECE: usize = 1 << 16;

/// Texts shorter than this handed to [`Chunked::put_owned`] are copied
/// (writing them apart costs more).
const SHORT: usize = 512;

impl<'w> Chunked<'w> {
    /// Text as it is (CSV, JSON).
    pub fn new(out: &'w mut dyn Write) -> Self {
        Chunked {
            out,
            buf: String::with_capacity(1 << 17),
            held: Vec::new(),
            held_bytes: 0,
            done: Vec::new(),
            terminal: false,
            failed: None,
        }
    }

    /// Text for a terminal: see [`terminal_safe`].
    pub fn terminal(out: &'w mut dyn Write) -> Self {
        Chunked {
            terminal: true,
            ..Chunked::new(out)
        }
    }

    /// Lets `render` write to `out` in pieces (for a terminal when
    /// `terminal`: see [`terminal_safe`]); the first error, if any.
    pub fn write(
        out: &'w mut dyn Write,
        terminal: bool,
        render: impl FnOnce(&mut Chunked<'_>),
    ) -> std::io::Result<()> {
        let mut text = Chunked::new(out);
        text.terminal = terminal;
        render(&mut text);
        text.finish()
    }

    /// Records `e` as the error, unless one came first.
    pub fn fail(&mut self, e: std::io::Error) {
        self.failed.get_or_insert(e);
    }

    /// Appends `text`, written without copying it (but for short texts
    /// and terminals); see [`Chunked::written`].
    pub fn put_owned(&mut self, text: String) {
        if self.terminal || text.len() < SHORT || self.failed.is_some() {
            self.put(&text);
            self.done.push(text);
            return;
        }
        self.held_bytes += text.len();
        self.held.push((self.buf.len(), text));
        if self.buf.len() + self.held_bytes >= PIECE {
            self.flush();
        }
    }

    /// The texts of [`Chunked::put_owned`] written so far, to be filled
    /// again.
    pub fn written(&mut self) -> std::vec::Drain<'_, String> {
        self.done.drain(..)
    }

    fn flush(&mut self) {
        if self.failed.is_none() {
            let done = if self.terminal {
                let text = terminal_safe(&self.buf);
                self.out.write_all(text.as_bytes())
            } else {
                // `buf` with the texts held in their places, in one
                // vectored write where the writer has them.
                let mut pieces = Vec::with_capacity(2 * self.held.len() + 1);
                let mut from = 0;
                for (at, text) in &self.held {
                    let before = self.buf.get(from..*at).unwrap_or_default();
                    pieces.push(std::io::IoSlice::new(before.as_bytes()));
                    pieces.push(std::io::IoSlice::new(text.as_bytes()));
                    from = *at;
                }
                let rest = self.buf.get(from..).unwrap_or_default();
                pieces.push(std::io::IoSlice::new(rest.as_bytes()));
                write_all_pieces(self.out, &mut pieces)
            };
            if let Err(e) = done {
                self.failed = Some(e);
            }
        }
        self.buf.clear();
        self.held_bytes = 0;
        let held = self.held.drain(..).map(|(_, text)| text);
        self.done.extend(held);
    }

    /// Writes what is left; the first error, if any.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.flush();
        match self.failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Writes every byte of `pieces` (what `write_all` is to `write`).
fn write_all_pieces(
    out: &mut dyn Write,
    mut pieces: &mut [std::io::IoSlice<'_>],
) -> std::io::Result<()> {
    std::io::IoSlice::advance_slices(&mut pieces, 0);
    while !pieces.is_empty() {
        match out.write_vectored(pieces) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => std::io::IoSlice::advance_slices(&mut pieces, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl Sink for Chunked<'_> {
    fn put(&mut self, s: &str) {
        if self.failed.is_some() {
            return;
        }
        if s.len() >= PIECE && !self.terminal {
            self.flush();
            let mut piece = [std::io::IoSlice::new(s.as_bytes())];
            if let Err(e) = write_all_pieces(self.out, &mut piece) {
                self.failed.get_or_insert(e);
            }
            return;
        }
        self.buf.push_str(s);
        if self.buf.len() + self.held_bytes >= PIECE {
            self.flush();
        }
    }
}

/// Lets `render` write a table-format output to `out` or standard output
/// as it is made (see [`Chunked::terminal`]).
/// header and the rows, one at a time if need be.
pub struct Table {
    widths: Vec<usize>,
}

impl Table {
    /// A table with these column names.
    pub fn new(header: &[&str]) -> Table {
        let mut t = Table {
            widths: vec![0; header.len()],
        };
        t.fit(header);
        t
    }

    /// Widens the columns to hold `row`.
    pub fn fit<S: AsRef<str>>(&mut self, row: &[S]) {
        for (i, cell) in row.iter().enumerate() {
            self.fit_cell(i, cell.as_ref());
        }
    }

    /// Widens column `i` to hold `cell`.
    pub fn fit_cell(&mut self, i: usize, cell: &str) {
        let (_, n) = shown_in(cell, MAX_CELL);
        if let Some(w) = self.widths.get_mut(i) {
            *w = (*w).max(n);
        }
    }

    /// Appends the header line and the rule under it.
    pub fn push_header(&self, out: &mut String, header: &[&str]) {
        self.push_row(out, header);
        let rule: Vec<String> = self.widths.iter().map(|w| "-".repeat(*w)).collect();
        self.push_row(out, &rule);
    }

    /// Appends one row, each cell escaped, clipped and padded to its
    /// column (the last one not padded).
    pub fn push_row<S: AsRef<str>>(&self, out: &mut String, row: &[S]) {
        let start = out.len();
        for (i, cell) in row.iter().enumerate() {
            let last = i + 1 == row.len();
            let (text, n) = shown_in(cell.as_ref(), if last { MAX_LAST } else { MAX_CELL });
            out.push_str(&text);
            if !last {
                let w = self.widths.get(i).copied().unwrap_or(0);
                out.extend(std::iter::repeat_n(' ', w.saturating_sub(n) + 2));
            }
        }
        let end = out.get(start..).map_or(0, |t| t.trim_end().len()) + start;
        out.truncate(end);
        out.push('\n');
    }
}

/// Renders rows as an aligned text table with a header rule.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    table_from(header, || rows.iter().map(|r| r.as_slice()))
}

/// As [`table`], with the rows made by `rows` twice (to fit the columns,
/// then to write them) rather than held.
pub fn table_from<I, R, S>(header: &[&str], rows: impl Fn() -> I) -> String
where
    I: Iterator<Item = R>,
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let mut out = String::new();
    table_into(&mut out, header, rows);
    out
}

/// As [`table_from`], written to `out` row by row.
pub fn table_into<I, R, S>(out: &mut impl Sink, header: &[&str], rows: impl Fn() -> I)
where
    I: Iterator<Item = R>,
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let mut t = Table::new(header);
    for row in rows() {
        t.fit(row.as_ref());
    }
    let mut line = String::new();
    t.push_header(&mut line, header);
    out.put(&line);
    for row in rows() {
        line.clear();
        t.push_row(&mut line, row.as_ref());
        out.put(&line);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn control_characters_are_escaped_and_long_cells_clipped() {
        assert_eq!(shown_in("jr-001", 10), (Cow::Borrowed("jr-001"), 6));
        assert_eq!(shown_in("a\x1b[31mb", 20).0, "a\\x1b[31mb");
        assert_eq!(shown_in("a\nb\tc\r\u{7f}", 20).0, "a\\nb\\tc\\r\\x7f");
        assert_eq!(shown_in("\u{202e}abc\u{9b}", 20).0, "\\u{202e}abc\\u{9b}");
        assert_eq!(shown_in("abcdefghij", 10).0, "abcdefghij");
        let (s, n) = shown_in("abcdefghijk", 10);
        assert_eq!((s.as_ref(), n), ("abcdefghi…", 10));
        let (s, n) = shown_in("ééééééééééé\n", 5);
        assert_eq!((s.as_ref(), n), ("éééé…", 5));
        let (s, n) = shown_in("é\n", 5);
        assert_eq!((s.as_ref(), n), ("é\\n", 3));
    }

    #[test]
    fn tables_align_escape_and_clip() {
        let long = "x".repeat(70_000);
        let rows = vec![
            vec!["a\nforged".to_string(), "1".into()],
            vec![long.clone(), "2".into()],
        ];
        let t = table(&["worker", "n"], &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4, "{t}");
        assert_eq!(
            lines[2],
            format!("a\\nforged{}1", " ".repeat(MAX_CELL - 9 + 2))
        );
        assert_eq!(lines[3], format!("{}…  2", "x".repeat(MAX_CELL - 1)));
        assert_eq!(lines[1], format!("{}  -", "-".repeat(MAX_CELL)));
    }

    #[test]
    fn terminal_safe_keeps_line_breaks_only() {
        assert!(matches!(terminal_safe("a\nb · ≥ … é"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_safe("a\x1b]0;title\x07\n"),
            "a\\x1b]0;title\\x07\n"
        );
        assert_eq!(terminal_safe("≥ \u{202e}x\u{85}"), "≥ \\u{202e}x\\u{85}");
        assert_eq!(terminal_safe("\u{61c}\u{2069}\t"), "\\u{61c}\\u{2069}\\t");
    }

    /// A writer that takes at most `step` bytes a call (vectored writes
    /// too), and fails once `fail_at` bytes are written.
    struct Trickle {
        got: Vec<u8>,
        step: usize,
        calls: usize,
        fail_at: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.got.len() >= self.fail_at {
                return Err(std::io::Error::other("full"));
            }
            if self.calls % 3 == 0 {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.step).min(self.fail_at - self.got.len());
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            let mut all = Vec::new();
            for b in bufs {
                all.extend_from_slice(&b[..b.len().min(self.step - all.len())]);
            }
            self.write(&all)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Differential: pieces small and large (written through), to writers
    /// that take a few bytes at a time or are interrupted, come out as
    /// their concatenation; a writer that fails gives its error.
    #[test]
    fn chunked_output_is_the_pieces_in_order() {
        let mut seed = 0x1234_5678_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..40 {
            let mut want = String::new();
            let mut pieces = Vec::new();
            for i in 0..(next() % 40) {
                let len = match next() % 4 {
                    0 => 0,
                    1 => (next() % 100) as usize,
                    2 => (next() % 70_000) as usize,
                    _ => PIECE + (next() % 3) as usize - 1,
                };
                let piece: String = (0..len)
                    .map(|j| char::from(b'a' + ((i + j as u64) % 26) as u8))
                    .collect();
                want.push_str(&piece);
                pieces.push(piece);
            }
            let step = [7, 4096, 1 << 20][case % 3];
            let mut out = Trickle {
                got: Vec::new(),
                step,
                calls: 0,
                fail_at: usize::MAX,
            };
            let mut w = Chunked::new(&mut out);
            let mut handed = 0;
            let mut back = 0;
            for (i, p) in pieces.iter().enumerate() {
                if (i + case) % 3 == 0 {
                    w.put(p);
                } else {
                    w.put_owned(p.clone());
                    handed += 1;
                }
                back += w.written().count();
            }
            w.finish().unwrap();
            assert!(out.got == want.as_bytes(), "case {case}");
            assert!(back <= handed);
            if want.len() > 10 {
                let mut out = Trickle {
                    got: Vec::new(),
                    step,
                    calls: 0,
                    fail_at: want.len() / 2,
                };
                let mut w = Chunked::new(&mut out);
                for p in &pieces {
                    w.put(p);
                }
                assert!(w.finish().is_err(), "case {case}");
            }
        }
    }
}
