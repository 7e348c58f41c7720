//! Writing results: to standard output, or to a file given with `--out`
//! (atomically where that is possible: a temporary file in the same
//! directory, then a rename, so a reader never sees half a file); CSV cells
//! (quoted, formulas neutralised); terminal tables (control characters
//! escaped, long cells clipped).

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, ValueEnum};
use proficient::render::csv_out::{self, Formulas};

use crate::Failure;

// ---------------------------------------------------------------------------
// Writing to standard output or to `--out`

/// Writes `text` to `out`, or to standard output.
pub fn emit(out: Option<&Path>, text: &str) -> Result<(), Failure> {
    emit_with(out, |w| w.write_all(text.as_bytes()))
}

/// Writes a table-format `text` (see [`terminal_safe`]) to `out`, or to
/// standard output.
pub fn emit_table(out: Option<&Path>, text: &str) -> Result<(), Failure> {
    emit(out, &terminal_safe(text))
}

/// Writes `value` as pretty JSON and a final newline, without building the
/// text first.
pub fn emit_json<T: serde::Serialize>(out: Option<&Path>, value: &T) -> Result<(), Failure> {
    emit_with(out, |w| proficient::render::json::write_json(w, value))
}

/// Lets `write` write the output to `out` (see [`write_file_with`]), or to
/// standard output (a closed pipe, as with `| head`, is not an error). The
/// writer is buffered.
pub fn emit_with(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    match out {
        None => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write(&mut stdout)
                .and_then(|()| stdout.flush())
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::BrokenPipe => Ok(()),
                    _ => Err(e),
                })
                .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))
        }
        Some(path) => write_file_with(path, |f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut w)?;
            w.flush()
        })
        .map_err(|e| write_failure(path, &e)),
    }
}

/// The usage error for an output file that could not be written.
pub fn write_failure(path: &Path, e: &std::io::Error) -> Failure {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => {
            "; check the directory exists and is writable"
        }
        _ => "",
    };
    Failure::Usage(format!("cannot write `{}`: {e}{hint}", path.display()))
}

/// Writes the output file `path` with `write`:
///
/// - a regular file, or nothing yet: atomically, `write` filling a hidden
///   temporary file next to it (`.NAME.XXXXXX.tmp`) that then replaces it,
///   keeping its permissions (and owner, where allowed); the temporary file
///   is removed on error and on SIGINT, SIGTERM and SIGHUP;
/// - a symbolic link: the file it points to, as above (the link stays);
/// - anything else that can be opened for writing (a FIFO, a terminal,
///   `/dev/null`): written to directly, never replaced;
/// - a directory: an error.
pub fn write_file_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let target = resolve_links(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    match &existing {
        Some(m) if m.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory, expected a file",
            ))
        }
        Some(m) if !m.is_file() => {
            // A device, FIFO or the like: replacing it would break it
            // (`--out /dev/null` as root), so write to it as it is.
            let mut f = std::fs::OpenOptions::new().write(true).open(&target)?;
            let out = write(&mut f)?;
            f.flush()?;
            return Ok(out);
        }
        _ => {}
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let (mut tmp, registered) = cleanup::create(|| {
        tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
    })?;
    // Temporary files are private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = existing
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
        if let Some(m) = &existing {
            // Only root may give a file away; anyone else keeps it.
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
        }
    }
    let out = write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    registered.persist(tmp, &target)?;
    Ok(out)
}

/// `path` with symbolic links in its last component followed (up to 40),
/// so the file they point to is the one replaced, not the link.
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(
        "too many levels of symbolic links, expected at most 40",
    ))
}

/// Temporary output files not yet renamed into place, removed when a
/// signal ends the process (an error or a panic removes them anyway: they
/// are deleted when dropped).
mod cleanup {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard};

    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
        PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A temporary file listed for removal on a signal.
    pub struct Registered(PathBuf);

    /// Creates a temporary file with `make` and lists it, under the lock
    /// the signal handler takes: a signal cannot come in between.
    pub fn create(
        make: impl FnOnce() -> std::io::Result<tempfile::NamedTempFile>,
    ) -> std::io::Result<(tempfile::NamedTempFile, Registered)> {
        install();
        let mut list = pending();
        let tmp = make()?;
        list.push(tmp.path().to_path_buf());
        let path = tmp.path().to_path_buf();
        Ok((tmp, Registered(path)))
    }

    impl Registered {
        /// Renames `tmp` to `target` and takes it off the list, under the
        /// lock: a signal sees either the temporary file or none.
        pub fn persist(self, tmp: tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
            let _list = pending();
            tmp.persist(target).map(drop).map_err(|e| e.error)
            // `self` is dropped after the lock is released.
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            pending().retain(|p| *p != self.0);
        }
    }

    #[cfg(unix)]
    fn install() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let list = pending();
                    for p in list.iter() {
                        let _ = std::fs::remove_file(p);
                    }
                    // End as the signal would have (killed by it), keeping
                    // the lock so no new file is made meanwhile.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }

    #[cfg(not(unix))]
    fn install() {}
}

// ---------------------------------------------------------------------------
// CSV

/// `--csv-formulas`: what CSV output does with text a spreadsheet would run.
#[derive(Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CsvFormulas {
    /// Put a `'` before text starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return, so spreadsheets show it as text (numbers stay numbers).
    #[default]
    Escape,
    /// Write such text as it is (for programs reading the CSV).
    Keep,
}

/// The option shared by every command with CSV output.
#[derive(Args, Clone, Copy)]
pub struct CsvArgs {
    /// With `--format csv`: `escape` puts a `'` before text cells a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return); `keep` writes them as they are, for
    /// programs reading the CSV. Numbers are never changed.
    #[arg(long, value_enum, default_value_t = CsvFormulas::Escape)]
    pub csv_formulas: CsvFormulas,
}

impl CsvArgs {
    /// The CSV writer these options ask for.
    pub fn csv(self) -> Csv {
        Csv(match self.csv_formulas {
            CsvFormulas::Escape => Formulas::Escape,
            CsvFormulas::Keep => Formulas::Keep,
        })
    }
}

/// Writes CSV rows (see [`Csv::row`]).
#[derive(Clone, Copy, Default)]
pub struct Csv(pub Formulas);

impl Csv {
    /// Starts a row at the end of `out`: add its cells with
    /// [`Row::text`] and [`Row::num`], then [`Row::end`] it.
    pub fn row(self, out: &mut String) -> Row<'_> {
        Row {
            out,
            formulas: self.0,
            first: true,
        }
    }
}

/// One CSV row being written.
pub struct Row<'o> {
    out: &'o mut String,
    formulas: Formulas,
    first: bool,
}

impl Row<'_> {
    fn sep(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// A text cell: quoted when needed, formulas neutralised (see
    /// [`proficient::render::csv_out::push_text`]).
    pub fn text(mut self, s: &str) -> Self {
        self.sep();
        csv_out::push_text(self.out, s, self.formulas);
        self
    }

    /// A number (or `true`/`false`, a date): written as it is.
    pub fn num(mut self, x: impl std::fmt::Display) -> Self {
        use std::fmt::Write as _;
        self.sep();
        let _ = write!(self.out, "{x}");
        self
    }

    /// An optional number: empty when absent.
    pub fn opt(self, x: Option<impl std::fmt::Display>) -> Self {
        match x {
            Some(x) => self.num(x),
            None => self.num(""),
        }
    }

    /// Ends the row.
    pub fn end(self) {
        self.out.push('\n');
    }
}

// ---------------------------------------------------------------------------
// Terminal tables

/// Widest a table column gets (characters); longer cells are clipped with
/// `…`, and a note on stderr says so.
pub const MAX_CELL: usize = 100;

/// Longest a table's last column (not padded) or a quoted name in a line
/// of text gets; longer ones are clipped with `…`.
pub const MAX_LAST: usize = 500;

/// Whether a cell was clipped (for the note on stderr).
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
/// piece made [`terminal_safe`]. Keeps the first error, for
/// [`Chunked::finish`].
pub struct Chunked<'w> {
    out: &'w mut dyn Write,
    buf: String,
    terminal: bool,
    failed: Option<std::io::Error>,
}

impl<'w> Chunked<'w> {
    /// Text as it is (CSV, JSON).
    pub fn new(out: &'w mut dyn Write) -> Self {
        Chunked {
            out,
            buf: String::with_capacity(1 << 17),
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

    /// Records `e` as the error, unless one came first.
    pub fn fail(&mut self, e: std::io::Error) {
        self.failed.get_or_insert(e);
    }

    fn flush(&mut self) {
        if self.failed.is_none() {
            let text = if self.terminal {
                terminal_safe(&self.buf)
            } else {
                Cow::Borrowed(self.buf.as_str())
            };
            if let Err(e) = self.out.write_all(text.as_bytes()) {
                self.failed = Some(e);
            }
        }
        self.buf.clear();
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

impl Sink for Chunked<'_> {
    fn put(&mut self, s: &str) {
        if self.failed.is_some() {
            return;
        }
        self.buf.push_str(s);
        if self.buf.len() >= 1 << 16 {
            self.flush();
        }
    }
}

/// Lets `render` write a table-format output to `out` or standard output
/// as it is made (see [`Chunked::terminal`]).
pub fn emit_table_with(
    out: Option<&Path>,
    render: impl FnOnce(&mut Chunked<'_>),
) -> Result<(), Failure> {
    emit_with(out, |w| {
        let mut text = Chunked::terminal(w);
        render(&mut text);
        text.finish()
    })
}

/// Lets `render` write a CSV output to `out` or standard output as it is
/// made.
pub fn emit_csv_with(
    out: Option<&Path>,
    render: impl FnOnce(&mut Chunked<'_>),
) -> Result<(), Failure> {
    emit_with(out, |w| {
        let mut text = Chunked::new(w);
        render(&mut text);
        text.finish()
    })
}

/// An aligned text table: columns as wide as their widest cell, up to
/// [`MAX_CELL`]. Fit every row first ([`Table::fit`]), then write the
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
}
