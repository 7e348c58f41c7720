//! Where a call's documents come from ([`Source`]), and loading each kind
//! of document from one with its errors located.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::api::failure::{Failure, Kind};
use crate::base::error::{FileError, FileProblem, LoadError};
use crate::evidence::{EvidenceError, EvidenceItem, FileFormat, ItemRef};
use crate::input::sheet::Sheet;
use crate::model::{Framework, Profile};

/// Where a document comes from. In JSON: a string (a shipped name or a
/// path, `-` for standard input, as the CLI takes it), `{"path": ...}`, or
/// `{"text": ..., "name": ...}` (`name` is the file name errors give). In
/// Rust also what JSON cannot carry: bytes, an already loaded framework or
/// profile, evidence items.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Source {
    /// A shipped name, else a path (`-` for standard input).
    Name(String),
    /// A file.
    Path(PathSource),
    /// The document's text.
    Text(TextSource),
    /// The document's bytes (UTF-8; a BOM is dropped), `name` for errors.
    #[serde(skip)]
    #[schemars(skip)]
    Bytes {
        /// The bytes.
        bytes: Arc<[u8]>,
        /// File name errors give.
        name: Option<String>,
    },
    /// A framework already loaded.
    #[serde(skip)]
    #[schemars(skip)]
    Framework(Arc<Framework>),
    /// A role profile already loaded (checked again against the framework
    /// of the call).
    #[serde(skip)]
    #[schemars(skip)]
    Profile(Arc<Profile>),
    /// Evidence items in memory.
    #[serde(skip)]
    #[schemars(skip)]
    Items(Arc<[EvidenceItem]>),
    /// Evidence read once from a stream (a Python file object): CSV, JSON
    /// Lines or a JSON array, told by its first bytes unless a format is
    /// given.
    #[serde(skip)]
    #[schemars(skip)]
    Reader(Once<Box<dyn std::io::Read + Send>>),
    /// Evidence as Arrow record batches (pyarrow, polars, pandas), read
    /// column by column.
    #[cfg(feature = "arrow")]
    #[serde(skip)]
    #[schemars(skip)]
    Arrow(Once<Box<dyn arrow_array::RecordBatchReader + Send>>),
}

/// A stream a call reads once: the first reader takes it (a second read
/// of the same source is an `invalid_option`). Clones share the stream;
/// two are equal when they share it.
pub struct Once<T>(Arc<std::sync::Mutex<Option<T>>>);

impl<T> Once<T> {
    /// A stream not read yet.
    pub fn new(stream: T) -> Self {
        Once(Arc::new(std::sync::Mutex::new(Some(stream))))
    }

    /// The stream, unless it was taken already.
    pub fn take(&self) -> Option<T> {
        self.0.lock().ok().and_then(|mut s| s.take())
    }
}

impl<T> Clone for Once<T> {
    fn clone(&self) -> Self {
        Once(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Once<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::fmt::Debug for Once<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Once(..)")
    }
}

/// `{"path": ...}`: a file.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathSource {
    /// The file's path (`-` for standard input).
    pub path: PathBuf,
}

/// `{"text": ..., "name": ...}`: a document given as text.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextSource {
    /// The text.
    pub text: String,
    /// The file name errors give.
    #[serde(default)]
    pub name: Option<String>,
}

/// Reads an evidence file into a sink: [`read_path_as`](crate::evidence::read_path_as)'s
/// signature, for a front end that reads files its own way (the CLI shows
/// a progress bar for big ones).
pub type EvidenceReader = dyn Fn(
        &Path,
        Option<FileFormat>,
        &mut dyn FnMut(ItemRef<'_>, usize),
    ) -> Result<usize, EvidenceError>
    + Sync;

/// What a call may use of its host beyond its options.
#[derive(Default, Clone, Copy)]
pub struct Env<'a> {
    /// Reads evidence files (default: [`crate::evidence::read_path_as`]).
    pub read_evidence: Option<&'a EvidenceReader>,
    /// The host's clock: the time of the call in seconds since 1970 (UTC),
    /// for a host without the system clock (WebAssembly gives JS's). It
    /// gives `as_of`'s default (its date, UTC) and `export_case`'s `at`;
    /// without it the system clock does (feature `clock`), else those
    /// options are required.
    pub now: Option<i64>,
}

impl Env<'_> {
    /// The time of the call in seconds since 1970: the host's, else the
    /// system clock's (feature `clock`).
    pub fn now(&self) -> Option<i64> {
        #[cfg(feature = "clock")]
        let system = || {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            t.ok().and_then(|d| i64::try_from(d.as_secs()).ok())
        };
        #[cfg(not(feature = "clock"))]
        let system = || None;
        self.now.or_else(system)
    }

    /// Today's date in UTC (see [`Env::now`]).
    pub fn today(&self) -> Option<crate::base::date::Date> {
        let days = self.now()?.div_euclid(86_400);
        i32::try_from(days)
            .ok()
            .map(crate::base::date::Date::from_days)
    }
}

/// Text of bytes (limits and encodings of [`crate::input`]), as a load error.
pub(crate) fn decode(bytes: &[u8], name: Option<&str>) -> Result<String, LoadError> {
    use crate::base::error::SyntaxError;
    use crate::input::{decode_limited, ReadError, MAX_DOCUMENT_BYTES};
    decode_limited(bytes, MAX_DOCUMENT_BYTES)
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| {
            let (location, error) = match e {
                ReadError::TooLarge { size, limit } => {
                    (Default::default(), SyntaxError::TooLarge { size, limit })
                }
                ReadError::Encoding(at, m) => (at, SyntaxError::Encoding(m)),
                ReadError::Io(m) => (Default::default(), SyntaxError::Encoding(m)),
            };
            let e = LoadError::Syntax {
                file: None,
                location,
                error,
            };
            named(e, name)
        })
}

fn named(e: LoadError, name: Option<&str>) -> LoadError {
    match name {
        Some(n) => e.with_file(n),
        None => e,
    }
}

/// The text of a document source, and the file name errors give.
fn text_of(source: &Source) -> Result<Option<(String, Option<String>)>, LoadError> {
    Ok(match source {
        Source::Name(p) => Some(path_text(Path::new(p))?),
        Source::Path(p) => Some(path_text(&p.path)?),
        Source::Text(t) => Some((t.text.clone(), t.name.clone())),
        Source::Bytes { bytes, name } => Some((decode(bytes, name.as_deref())?, name.clone())),
        _ => None,
    })
}

fn path_text(path: &Path) -> Result<(String, Option<String>), LoadError> {
    let text = crate::input::read_text(path)?;
    Ok((text, Some(crate::input::display_name(path))))
}

/// A source of the wrong sort for `option` (a profile given as the
/// framework, ...).
fn wrong(option: &str, expected: &str) -> Failure {
    Failure::option(option, format!("expected {expected}"))
}

/// Loads the framework of option `option`: a shipped name or path, a
/// file, text, bytes or a framework already loaded.
pub fn framework(source: &Source, option: &str) -> Result<Arc<Framework>, Failure> {
    let fail = |e: LoadError| Failure::load(Kind::Framework, &e);
    match source {
        Source::Framework(fw) => Ok(Arc::clone(fw)),
        Source::Name(name) => Framework::load(name).map(Arc::new).map_err(fail),
        other => match text_of(other).map_err(fail)? {
            Some((text, name)) => Framework::from_yaml_str(&text)
                .map(Arc::new)
                .map_err(|e| fail(named(e, name.as_deref()))),
            None => Err(wrong(option, "a framework")),
        },
    }
}

/// Loads the role profile of option `option`, checked against `framework`
/// or, without one, against the shipped framework it names; returns it
/// with the framework it was checked against.
pub fn profile(
    source: &Source,
    framework: Option<Arc<Framework>>,
    option: &str,
) -> Result<(Profile, Arc<Framework>), Failure> {
    let fail = |e: LoadError| Failure::load(Kind::Profile, &e);
    let check = |text: &str, name: Option<&str>| -> Result<(Profile, Arc<Framework>), Failure> {
        match &framework {
            Some(fw) => Profile::from_yaml_str(text, fw).map(|p| (p, Arc::clone(fw))),
            None => Profile::from_yaml_str_shipped(text).map(|(p, fw)| (p, Arc::new(fw))),
        }
        .map_err(|e| fail(named(e, name)))
    };
    match source {
        Source::Name(name) => {
            let (p, fw) = Profile::load(name, framework.as_deref()).map_err(fail)?;
            Ok((p, framework.unwrap_or_else(|| Arc::new(fw))))
        }
        Source::Profile(p) => {
            // Checked again against the call's framework, as its text would be.
            let text = serde_json::to_string(&**p)
                .map_err(|e| Failure::option(option, format!("cannot use the profile: {e}")))?;
            check(&text, None)
        }
        other => match text_of(other).map_err(fail)? {
            Some((text, name)) => check(&text, name.as_deref()),
            None => Err(wrong(option, "a role profile")),
        },
    }
}

/// The text of a policy file and the name its errors give.
pub fn policy_text(source: &Source, option: &str) -> Result<(String, Option<String>), Failure> {
    match text_of(source).map_err(|e| Failure::load(Kind::Policy, &e))? {
        Some(t) => Ok(t),
        None => Err(wrong(option, "a policy file")),
    }
}

/// Reads evidence from `source` into `sink`, in `format` when given, else
/// the one its name or first bytes show.
pub fn read_evidence(
    source: &Source,
    format: Option<FileFormat>,
    sheet: Option<&str>,
    env: Env<'_>,
    sink: &mut dyn FnMut(ItemRef<'_>, usize),
    option: &str,
) -> Result<usize, Failure> {
    let as_workbook = format == Some(FileFormat::Workbook);
    if let Some((read, name)) = sheet_of(source, sheet, "sheet", as_workbook)? {
        let named = |e: EvidenceError| match &name {
            Some(n) => e.with_file(n),
            None => e,
        };
        return read
            .map_err(Unread::file_error)
            .and_then(|s| crate::evidence::read_sheet(&s, sink).map_err(named))
            .map_err(|e| Failure::evidence(&e));
    }
    let from_path = |path: &Path, sink: &mut dyn FnMut(ItemRef<'_>, usize)| match env.read_evidence
    {
        Some(read) => read(path, format, sink),
        None => crate::evidence::read_path_as(path, format, sink),
    };
    let bytes = |bytes: &[u8], name: Option<&str>, sink: &mut dyn FnMut(ItemRef<'_>, usize)| {
        let r = crate::evidence::read_reader(bytes, format, Some(bytes.len() as u64), sink);
        r.map_err(|e| match name {
            Some(n) => e.with_file(n),
            None => e,
        })
    };
    match source {
        Source::Name(p) => from_path(Path::new(p), sink),
        Source::Path(p) => from_path(&p.path, sink),
        Source::Text(t) => bytes(t.text.as_bytes(), t.name.as_deref(), sink),
        Source::Bytes { bytes: b, name } => bytes(b, name.as_deref(), sink),
        Source::Items(items) => {
            for (i, item) in items.iter().enumerate() {
                sink(item.as_item_ref(), i + 1);
            }
            Ok(items.len())
        }
        Source::Reader(r) => match r.take() {
            Some(r) => {
                let r = std::io::BufReader::with_capacity(1 << 16, r);
                crate::evidence::read_reader(r, format, None, sink)
            }
            None => return Err(wrong(option, "a stream not read yet")),
        },
        #[cfg(feature = "arrow")]
        Source::Arrow(r) => match r.take() {
            Some(r) => crate::evidence::arrow::read_reader(r, sink),
            None => return Err(wrong(option, "a stream not read yet")),
        },
        Source::Framework(_) | Source::Profile(_) => return Err(wrong(option, "evidence")),
    }
    .map_err(|e| Failure::evidence(&e))
}

/// Loads a document of option `option` checked against `fw`: from a path
/// by `from_path` (which names the file in errors), from text by
/// `from_text` (errors named by the source's `name`).
pub fn document<T>(
    source: &Source,
    option: &str,
    kind: Kind,
    from_path: impl FnOnce(&Path) -> Result<T, LoadError>,
    from_text: impl FnOnce(&str) -> Result<T, LoadError>,
) -> Result<T, Failure> {
    let fail = |e: LoadError| Failure::load(kind, &e);
    match source {
        Source::Name(p) => from_path(Path::new(p)).map_err(fail),
        Source::Path(p) => from_path(&p.path).map_err(fail),
        other => match text_of(other).map_err(fail)? {
            Some((text, name)) => from_text(&text).map_err(|e| fail(named(e, name.as_deref()))),
            None => Err(wrong(option, "a file")),
        },
    }
}

/// A table read record by record (people, ratings, CPD): CSV text, or the
/// table of a workbook's sheet.
#[derive(Debug)]
pub enum TableData {
    /// CSV (or, for ratings, JSON) text.
    Text(String),
    /// A sheet's table.
    Sheet(crate::input::sheet::Sheet),
}

impl TableData {
    /// The table to read.
    pub fn table(&self) -> crate::input::sheet::Table<'_> {
        match self {
            TableData::Text(t) => crate::input::sheet::Table::Csv(t),
            TableData::Sheet(s) => crate::input::sheet::Table::Sheet(s),
        }
    }
}

/// A table read record by record (people, ratings): a workbook's sheet
/// (`sheet`, default the first; option `sheet_option`), else its text;
/// and the name its errors give.
pub fn table<P: crate::base::error::FileProblem>(
    source: &Source,
    option: &str,
    kind: Kind,
    (sheet, sheet_option): (Option<&str>, &str),
) -> Result<(TableData, Option<String>), Failure> {
    use crate::base::error::FileError;
    let fail = |e: FileError<P>| Failure::file(kind, &e);
    if let Some((read, name)) = sheet_of(source, sheet, sheet_option, false)? {
        let sheet = read.map_err(|u| fail(u.file_error()))?;
        return Ok((TableData::Sheet(sheet), name));
    }
    text_table::<P>(source, option, kind).map(|(t, n)| (TableData::Text(t), n))
}

/// The text of a table, and the name its errors give.
fn text_table<P: crate::base::error::FileProblem>(
    source: &Source,
    option: &str,
    kind: Kind,
) -> Result<(String, Option<String>), Failure> {
    use crate::base::error::FileError;
    let fail = |e: FileError<P>| Failure::file(kind, &e);
    let from_path = |p: &Path| {
        crate::input::read_table::<P>(p)
            .map(|t| (t, Some(crate::input::display_name(p))))
            .map_err(fail)
    };
    match source {
        Source::Name(p) => from_path(Path::new(p)),
        Source::Path(p) => from_path(&p.path),
        Source::Text(t) => Ok((t.text.clone(), t.name.clone())),
        Source::Bytes { bytes, name } => {
            crate::input::decode_limited(bytes, crate::input::MAX_DOCUMENT_BYTES)
                .map(|t| (t.into_owned(), name.clone()))
                .map_err(|e| {
                    let e = FileError::<P>::from_read(e);
                    fail(match name {
                        Some(n) => e.with_file(n),
                        None => e,
                    })
                })
        }
        _ => Err(wrong(option, "a table")),
    }
}

// Sources that are workbooks (`.xlsx`, `.xlsm`, `.ods`): told by their
// name or first bytes, read into the table of the sheet an option names
// (default: the first), for every reader of tables (evidence, CPD, people,
// Delphi ratings and items). Without the `sheets` feature a workbook is
// refused saying so.

/// Why a workbook source could not be read: the workbook's problem and the
/// name errors give.
pub(crate) struct Unread {
    #[cfg(feature = "sheets")]
    error: crate::input::workbook::WorkbookError,
    name: Option<String>,
}

impl Unread {
    /// As the error of a table reader (problem type `P`), naming the file.
    pub(crate) fn file_error<P: FileProblem>(self) -> FileError<P> {
        #[cfg(feature = "sheets")]
        let e = self.error.into_file_error::<P>();
        #[cfg(not(feature = "sheets"))]
        let e = FileError::one(
            Default::default(),
            P::workbook("not_built_in", NOT_BUILT_IN.into()),
        );
        match &self.name {
            Some(n) => e.with_file(n),
            None => e,
        }
    }

    /// As a document load error, naming the file.
    pub(crate) fn load_error(self) -> crate::base::error::LoadError {
        #[cfg(feature = "sheets")]
        let e = self.error.into_load_error();
        #[cfg(not(feature = "sheets"))]
        let e = crate::base::error::LoadError::Syntax {
            file: None,
            location: Default::default(),
            error: crate::base::error::SyntaxError::Workbook(Box::new((
                "not_built_in",
                NOT_BUILT_IN.into(),
            ))),
        };
        match &self.name {
            Some(n) => e.with_file(n),
            None => e,
        }
    }
}

#[cfg(not(feature = "sheets"))]
const NOT_BUILT_IN: &str =
    "a workbook, expected CSV here (workbooks are not built in: cargo feature `sheets`)";

/// A workbook source read: its sheet's table, or why not; and the name
/// errors give.
pub(crate) type SheetRead = (Result<Sheet, Unread>, Option<String>);

/// True when `path` names a workbook (its extension, else its first bytes).
fn path_is_workbook(path: &Path) -> bool {
    #[cfg(feature = "sheets")]
    return crate::input::workbook::is_workbook(path);
    #[cfg(not(feature = "sheets"))]
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm" | "ods"))
}

/// The sheet named `sheet` (default: the first) of `source` when it is a
/// workbook (`as_workbook`: whatever its name; else by its name or first
/// bytes); `Ok(None)` when it is not one. `sheet` given for a source that
/// is not a workbook is an error of option `sheet_option`.
pub(crate) fn sheet_of(
    source: &Source,
    sheet: Option<&str>,
    sheet_option: &str,
    as_workbook: bool,
) -> Result<Option<SheetRead>, Failure> {
    let (bytes, name): (Option<Vec<u8>>, Option<String>) = match source {
        // Standard input given a sheet is a workbook (its bytes cannot be
        // looked at first).
        Source::Name(p)
            if as_workbook
                || path_is_workbook(Path::new(p))
                || (sheet.is_some() && crate::input::is_stdin(Path::new(p))) =>
        {
            (
                read(Path::new(p)),
                Some(crate::input::display_name(Path::new(p))),
            )
        }
        Source::Path(p)
            if as_workbook
                || path_is_workbook(&p.path)
                || (sheet.is_some() && crate::input::is_stdin(&p.path)) =>
        {
            (read(&p.path), Some(crate::input::display_name(&p.path)))
        }
        Source::Bytes { bytes, name } if as_workbook || bytes.starts_with(b"PK\x03\x04") => {
            (Some(bytes.to_vec()), name.clone())
        }
        Source::Reader(r) if as_workbook || sheet.is_some() => match r.take() {
            Some(r) => (read_stream(r), None),
            None => {
                return Err(Failure::option(
                    "evidence",
                    "expected a stream not read yet".into(),
                ))
            }
        },
        _ => {
            if let Some(s) = sheet {
                return Err(Failure::option(
                    sheet_option,
                    format!(
                        "sheet `{}` given for input that is not a workbook, expected an .xlsx, .xlsm or .ods file with it",
                        crate::base::text::clip(s, 40)
                    ),
                ));
            }
            return Ok(None);
        }
    };
    Ok(Some((open(source, bytes, sheet, name.clone()), name)))
}

#[cfg(feature = "sheets")]
fn open(
    source: &Source,
    bytes: Option<Vec<u8>>,
    sheet: Option<&str>,
    name: Option<String>,
) -> Result<Sheet, Unread> {
    use crate::input::workbook;
    let bytes = match bytes {
        Some(b) => Ok(b),
        None => match source {
            Source::Name(p) => workbook::read_file(Path::new(p)),
            Source::Path(p) => workbook::read_file(&p.path),
            _ => Err(workbook::WorkbookError {
                code: "io",
                message: "the stream was read already".into(),
                size: None,
            }),
        },
    };
    bytes
        .and_then(|b| workbook::read_sheet(&b, sheet))
        .map_err(|error| Unread { error, name })
}

#[cfg(not(feature = "sheets"))]
fn open(
    _source: &Source,
    _bytes: Option<Vec<u8>>,
    _sheet: Option<&str>,
    name: Option<String>,
) -> Result<Sheet, Unread> {
    Err(Unread { name })
}

/// Paths are read by `open` (under the workbook limits).
fn read(_path: &Path) -> Option<Vec<u8>> {
    None
}

#[cfg(feature = "sheets")]
fn read_stream(r: Box<dyn std::io::Read + Send>) -> Option<Vec<u8>> {
    // A stream over the limit is read to the limit and refused by
    // `read_sheet`, which sees more than the limit.
    let mut bytes = Vec::new();
    use std::io::Read;
    r.take(crate::input::workbook::MAX_WORKBOOK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .ok()
        .map(|_| bytes)
}

#[cfg(not(feature = "sheets"))]
fn read_stream(_r: Box<dyn std::io::Read + Send>) -> Option<Vec<u8>> {
    None
}
