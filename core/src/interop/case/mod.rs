//! CASE 1.1 (Competencies and Academic Standards Exchange) import and export.
//!
//! Import maps a CFPackage (JSON) to a [`Framework`]: the CFDocument gives the
//! framework's metadata; CFItems become competencies and criteria through
//! their `isChildOf` associations (items with leaf children are
//! competencies, their leaves are criteria; a root leaf is a competency with
//! one criterion; top-level items that only hold competencies are domains;
//! other inner items are kept as groupings). Every identifier, the other
//! associations and the properties with no place in the model are kept in
//! the `case` fields so that [`export`] writes them back unchanged.
//!
//! [`Mode::Strict`] refuses anything the CASE 1.1 schema refuses;
//! [`Mode::Lenient`] accepts CASE 1.0-era packages (extra properties, string
//! sequence numbers, non-UUID identifiers) and reports what it tolerated.
//! Every problem is a [`Diagnostic`] with the JSON path, line and column.
//!
//! Export writes a valid CASE 1.1 CFPackage (one a strict import accepts)
//! whose identifiers are kept from an import when they are UUIDs or, for
//! native frameworks, derived name-based UUIDs (version 5) of the framework
//! id and item id, so re-exports are identical. What a lenient import
//! tolerated is written in CASE 1.1 form: non-UUID identifiers are replaced
//! by UUIDs derived from them (and listed), properties CASE 1.1 does not
//! define are left out. Proficient-specific data (measures, weights,
//! levels, ...) travel in `extensions.proficient`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::base::date::Date;
use crate::base::error::{Diagnostic, LoadError, MAX_PROBLEMS};
use crate::base::text::clip;
use crate::input::yaml::{self, Limits, LocationIndex};
use crate::model::{
    CaseDocument, CaseGrouping, CaseLink, CaseRef, Competency, Criterion, Domain, EvidenceKind,
    EvidencePolicy, Framework, Level, Measure, RatingScale, Source,
};

mod conform;
mod json;
mod tree;

pub use conform::is_case_uuid;
use conform::Walker;

/// How strictly a package is checked against CASE 1.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Anything the CASE 1.1 schema refuses is an error.
    Strict,
    /// CASE 1.0-era deviations are accepted and reported.
    Lenient,
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The framework.
    pub framework: Framework,
    /// What was tolerated (lenient mode) or worth knowing (e.g. items shared
    /// between parents), with locations.
    pub notes: Vec<Diagnostic>,
}

/// Why a package could not be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CaseError {
    /// The file could not be read or parsed (syntax, limits).
    #[error("{0}")]
    Load(#[from] LoadError),
    /// The package parsed but is not acceptable; every problem is listed.
    #[error("{}", render(diagnostics))]
    Invalid {
        /// All problems, in document order.
        diagnostics: Vec<Diagnostic>,
    },
}

fn render(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl CaseError {
    /// Every problem as a [`Diagnostic`].
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            CaseError::Load(e) => e.diagnostics(),
            CaseError::Invalid { diagnostics } => crate::base::error::cap(diagnostics.clone()),
        }
    }

    /// True for problems in the content (exit 1), false for I/O (exit 2).
    pub fn is_finding(&self) -> bool {
        match self {
            CaseError::Load(e) => e.is_finding(),
            CaseError::Invalid { .. } => true,
        }
    }

    fn with_file(self, name: &str) -> CaseError {
        match self {
            CaseError::Load(e) => CaseError::Load(e.with_file(name)),
            CaseError::Invalid { mut diagnostics } => {
                for d in &mut diagnostics {
                    d.file = Some(name.to_string());
                }
                CaseError::Invalid { diagnostics }
            }
        }
    }
}

/// The issuer-independent typed shape of a CFPackage as written by
/// [`export`] (for its JSON Schema, `proficient schema case-package`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CfPackage {
    /// The root document.
    #[serde(rename = "CFDocument")]
    pub document: Map<String, Value>,
    /// The items.
    #[serde(rename = "CFItems", default)]
    pub items: Vec<Map<String, Value>>,
    /// The associations.
    #[serde(rename = "CFAssociations", default)]
    pub associations: Vec<Map<String, Value>>,
    /// Definitions, rubrics and extensions.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

// ---------------------------------------------------------------- UUIDs

fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for chunk in msg.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            if let (Some(slot), [a, b, c, d]) = (w.get_mut(i), word) {
                *slot = u32::from_be_bytes([*a, *b, *c, *d]);
            }
        }
        for i in 16..80 {
            let v = w.get(i - 3).copied().unwrap_or(0)
                ^ w.get(i - 8).copied().unwrap_or(0)
                ^ w.get(i - 14).copied().unwrap_or(0)
                ^ w.get(i - 16).copied().unwrap_or(0);
            if let Some(slot) = w.get_mut(i) {
                *slot = v.rotate_left(1);
            }
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | ((!b) & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        for (j, byte) in x.to_be_bytes().iter().enumerate() {
            if let Some(slot) = out.get_mut(i * 4 + j) {
                *slot = *byte;
            }
        }
    }
    out
}

/// The RFC 4122 URL namespace.
const NAMESPACE_URL: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];

/// A name-based (version 5, SHA-1) UUID of `name` in the URL namespace,
/// lowercase hyphenated, as RFC 4122 section 4.3 describes.
pub fn uuid_v5(name: &str) -> String {
    let mut data = NAMESPACE_URL.to_vec();
    data.extend_from_slice(name.as_bytes());
    let hash = sha1(&data);
    let mut b = [0u8; 16];
    for (x, y) in b.iter_mut().zip(hash.iter()) {
        *x = *y;
    }
    if let Some(x) = b.get_mut(6) {
        *x = (*x & 0x0f) | 0x50;
    }
    if let Some(x) = b.get_mut(8) {
        *x = (*x & 0x3f) | 0x80;
    }
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or(""),
        hex.get(8..12).unwrap_or(""),
        hex.get(12..16).unwrap_or(""),
        hex.get(16..20).unwrap_or(""),
        hex.get(20..32).unwrap_or("")
    )
}

// ---------------------------------------------------------------- import

struct Ctx<'a> {
    mode: Mode,
    /// The package's text, and the places of its nodes when it was read by
    /// the YAML reader (else they are found when needed, see
    /// [`json::locate`]).
    text: &'a str,
    index: Option<LocationIndex>,
    /// The first [`MAX_PROBLEMS`] errors, and how many there were in all.
    errors: Vec<Diagnostic>,
    error_count: usize,
    notes: Vec<Diagnostic>,
    /// Notes made one by one: how many, and how many are listed.
    note_count: usize,
    note_listed: usize,
    /// Changes of a lenient import in no note (past the limit of kinds).
    unlisted_changes: usize,
    /// Notes about items, one per code: index in `notes`, count.
    grouped: HashMap<&'static str, (usize, usize)>,
}

impl Ctx<'_> {
    fn diag(&self, path: &str, code: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: None,
            line: None,
            column: None,
            path: path.to_string(),
            code: code.to_string(),
            message,
        }
    }
    /// Gives each diagnostic the line and column of its path (of the
    /// nearest ancestor that is in the text; 1:1 for the whole package).
    fn place(&self, ds: &mut [Diagnostic]) {
        let found;
        let index = match &self.index {
            Some(i) => i,
            None => {
                let paths: Vec<&str> = ds.iter().map(|d| d.path.as_str()).collect();
                found = json::locate(self.text, &paths);
                &found
            }
        };
        for d in ds {
            let l = index.locate(&d.path);
            d.line = l.line.or(Some(1));
            d.column = l.column.or(Some(1));
        }
    }
    fn error(&mut self, path: &str, code: &str, message: String) {
        self.error_count += 1;
        if self.errors.len() < MAX_PROBLEMS {
            let d = self.diag(path, code, message);
            self.errors.push(d);
        }
    }
    fn note(&mut self, path: &str, code: &str, message: String) {
        self.note_count += 1;
        if self.note_listed < MAX_PROBLEMS {
            self.note_listed += 1;
            let d = self.diag(path, code, message);
            self.notes.push(d);
        }
    }
    /// A note of a kind that may concern every item: one per code, at the
    /// first place, counting the others.
    fn note_grouped(&mut self, path: &str, code: &'static str, message: String) {
        if let Some((_, n)) = self.grouped.get_mut(code) {
            *n += 1;
            return;
        }
        let d = self.diag(path, code, message);
        self.grouped.insert(code, (self.notes.len(), 1));
        self.notes.push(d);
    }
    /// An error in strict mode; in lenient mode a note of what was
    /// tolerated and what was done about it.
    fn tolerate(&mut self, path: &str, code: &str, problem: String, action: &str) {
        match self.mode {
            Mode::Strict => self.error(path, code, problem),
            Mode::Lenient => self.note(path, code, format!("tolerated: {problem}; {action}")),
        }
    }
    /// What the CASE 1.1 walk found (grouped in lenient mode).
    fn finding(&mut self, f: conform::Finding) {
        match self.mode {
            Mode::Strict => self.error(&f.path, f.code, f.problem),
            Mode::Lenient => {
                let d = self.diag(&f.path, f.code, format!("tolerated: {}", f.message()));
                self.notes.push(d);
            }
        }
    }
    /// The errors, ending with how many more there were when not all are
    /// listed.
    fn into_errors(mut self) -> Vec<Diagnostic> {
        let mut errors = std::mem::take(&mut self.errors);
        self.place(&mut errors);
        self.errors = errors;
        if self.error_count > self.errors.len() {
            let more = self.error_count - self.errors.len();
            self.errors.push(Diagnostic {
                file: None,
                line: None,
                column: None,
                path: String::new(),
                code: "too_many_errors".into(),
                message: format!(
                    "{more} more problems ({} in all), only the first {MAX_PROBLEMS} are listed",
                    self.error_count
                ),
            });
        }
        self.errors
    }
    /// The notes, grouped ones with their counts, ending with how many
    /// more there were when not all are listed.
    fn into_notes(mut self) -> Vec<Diagnostic> {
        let mut notes = std::mem::take(&mut self.notes);
        self.place(&mut notes);
        self.notes = notes;
        for (i, n) in self.grouped.values() {
            if *n > 1 {
                if let Some(d) = self.notes.get_mut(*i) {
                    d.message = format!("{} ({n} items like this, the first here)", d.message);
                }
            }
        }
        if self.unlisted_changes > 0 {
            self.notes.push(Diagnostic {
                file: None,
                line: None,
                column: None,
                path: String::new(),
                code: "too_many_notes".into(),
                message: format!(
                    "{} more values tolerated, of kinds past the first {MAX_PROBLEMS}, only those are listed",
                    self.unlisted_changes
                ),
            });
        }
        let (listed, individual) = (self.note_listed, self.note_count);
        if individual > listed {
            self.notes.push(Diagnostic {
                file: None,
                line: None,
                column: None,
                path: String::new(),
                code: "too_many_notes".into(),
                message: format!(
                    "{} more notes ({individual} in all), only the first {MAX_PROBLEMS} are listed",
                    individual - listed
                ),
            });
        }
        self.notes
    }

    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.error(
                    path,
                    "shape",
                    format!("expected {what} (an object), found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A string property the import needs: missing, null or not a string
    /// is an error.
    fn string(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<String> {
        match m.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) | None => {
                if required {
                    self.error(
                        path,
                        "missing",
                        format!("missing required property `{key}`"),
                    );
                }
                None
            }
            Some(other) => {
                self.error(
                    &join(path, key),
                    "shape",
                    format!("`{key}` must be a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A required string that must not be blank.
    fn text(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let s = self.string(m, key, path, true)?;
        if s.trim().is_empty() {
            self.error(
                &join(path, key),
                "blank",
                format!("{key} is blank, expected some text"),
            );
            return None;
        }
        Some(s)
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A parsed CFItem.
struct Item {
    /// Its index in `CFItems`.
    index: usize,
    identifier: String,
    statement: String,
    ext: Map<String, Value>,
    case: CaseRef,
    /// The index in `CFAssociations` of each of `case.parents`.
    parent_assocs: Vec<usize>,
}

impl Item {
    /// Its JSON path.
    fn path(&self) -> String {
        format!("CFItems[{}]", self.index)
    }
}

/// Size and nesting limits for packages: those of every document (see
/// [`crate::input`]), sized for packages of 100,000 items.
pub fn limits() -> Limits {
    // One set of limits for every document (see `crate::input`): whatever
    // import writes, the other commands read.
    Limits::default()
}

/// Imports a CFPackage from JSON text, within [`limits`].
pub fn import_str(text: &str, mode: Mode) -> Result<Imported, CaseError> {
    import_str_with(text, mode, &limits())
}

/// Imports a CFPackage file; errors name the file.
pub fn import_path(path: impl AsRef<Path>, mode: Mode) -> Result<Imported, CaseError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::model::load::read_text(path, limits().max_bytes).map_err(CaseError::Load)?;
    let mut imported = import_str(&text, mode).map_err(|e| e.with_file(&name))?;
    for d in &mut imported.notes {
        d.file = Some(name.clone());
    }
    Ok(imported)
}

/// As [`import_str`], with explicit size and nesting limits.
pub fn import_str_with(text: &str, mode: Mode, limits: &Limits) -> Result<Imported, CaseError> {
    // JSON within the limits is read fast; anything else by the YAML
    // reader, which says what is wrong and where.
    let (mut root, index) = match json::parse(text, limits) {
        Some(v) => (v, None),
        None => {
            let (v, index): (Value, LocationIndex) = yaml::parse(text, limits)?;
            (v, Some(index))
        }
    };
    let mut cx = Ctx {
        mode,
        text,
        index,
        errors: Vec::new(),
        error_count: 0,
        notes: Vec::new(),
        note_count: 0,
        note_listed: 0,
        unlisted_changes: 0,
        grouped: HashMap::default(),
    };
    // What CASE 1.1 does not allow: errors in strict mode; in lenient mode
    // each such value is written in CASE 1.1 form (or left out) before the
    // package is read, and each kind of change noted once.
    let mut walker = Walker::new(mode == Mode::Lenient);
    walker.package(&mut root);
    let unlisted = walker.unlisted;
    for f in walker.findings {
        cx.finding(f);
    }
    match mode {
        Mode::Strict => cx.error_count += unlisted,
        Mode::Lenient => cx.unlisted_changes += unlisted,
    }
    let fw = build(root, &mut cx);
    match fw {
        Some(framework) if cx.errors.is_empty() => {
            let issues = crate::model::validate::framework(&framework, &LocationIndex::default());
            if issues.is_empty() {
                Ok(Imported {
                    framework,
                    notes: cx.into_notes(),
                })
            } else {
                Err(CaseError::Invalid {
                    diagnostics: issues
                        .iter()
                        .map(|i| Diagnostic {
                            file: None,
                            line: None,
                            column: None,
                            path: format!("(imported framework) {}", i.location.path),
                            code: i.error.code().to_string(),
                            message: i.error.to_string(),
                        })
                        .collect(),
                })
            }
        }
        _ => {
            if cx.errors.is_empty() {
                cx.error("", "shape", "package could not be imported".into());
            }
            Err(CaseError::Invalid {
                diagnostics: cx.into_errors(),
            })
        }
    }
}

/// Longest id made from CASE text, suffix included.
const MAX_SLUG: usize = 80;

/// An id made from CASE text: lowercase ASCII letters, digits, `.`, `_` and
/// single `-`, at most `max` characters, not ending in `-` or `.`. A slug
/// of a slug (of at most `max` characters) is itself, so ids written to
/// an export come back unchanged.
fn slug_within(s: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in s.trim().chars() {
        if out.len() > max {
            break;
        }
        if ch.is_ascii_alphanumeric() || ch == '.' || ch == '_' {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    // ASCII only: a byte length is a character count.
    out.truncate(max);
    out.trim_end_matches(['-', '.']).to_string()
}

fn slug(s: &str) -> String {
    slug_within(s, MAX_SLUG)
}

/// Ids in use, and for each id stem the next suffix to try (so that many
/// items with the same stem take linear time, not quadratic).
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

fn unique_id(base: &str, fallback: &str, ids: &mut Ids) -> String {
    let mut id = slug(base);
    if id.is_empty() || ids.used.contains(&id) {
        id = slug(fallback);
    }
    if id.is_empty() {
        id = "item".into();
    }
    if ids.used.insert(id.clone()) {
        return id;
    }
    let mut n = ids.next.get(&id).copied().unwrap_or(2);
    let candidate = loop {
        // Shortened so that the suffix stays within MAX_SLUG: a longer id
        // would be clipped, and so changed, when read back.
        let suffix = format!("-{n}");
        let stem = slug_within(&id, MAX_SLUG.saturating_sub(suffix.len()));
        let candidate = format!("{stem}{suffix}");
        n += 1;
        if !ids.used.contains(&candidate) {
            break candidate;
        }
    };
    ids.next.insert(id, n);
    ids.used.insert(candidate.clone());
    candidate
}

fn from_ext<T: serde::de::DeserializeOwned>(ext: &Map<String, Value>, key: &str) -> Option<T> {
    ext.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// The `sequenceNumber` of an association (`i64::MAX` when it has none, or
/// none CASE 1.1 allows).
fn seq_of(l: &CaseLink) -> i64 {
    let n = match l.fields.get("sequenceNumber") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    n.filter(|x| i32::try_from(*x).is_ok()).unwrap_or(i64::MAX)
}

/// `A` is a child of `B`, a child of `C`, a child of `A` again.
fn describe_cycle(c: &tree::Cycle, name: &dyn Fn(usize) -> String) -> String {
    let mut names: Vec<String> = c.members.iter().map(|&m| name(m)).collect();
    let first = names.first().cloned().unwrap_or_default();
    if c.len > c.members.len() {
        names.push(format!("... ({} items in all)", c.len));
    }
    if c.len == 1 {
        return format!("isChildOf cycle: {first} is a child of itself, expected each item to lead up to the document");
    }
    format!(
        "isChildOf cycle of {} items: {} is a child of {}, a child of {first} again; expected each item to lead up to the document",
        c.len,
        first,
        names.get(1..).unwrap_or(&[]).join(", a child of ")
    )
}

/// The item's CASE data, moved out (each item goes to one place in the
/// framework).
fn take_case(c: &mut CaseRef) -> CaseRef {
    std::mem::replace(
        c,
        CaseRef {
            identifier: String::new(),
            uri: None,
            item_type: None,
            human_coding_scheme: None,
            parents: Vec::new(),
            associations: Vec::new(),
            fields: BTreeMap::new(),
        },
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Domain,
    Competency,
    Criterion,
    Flat,
    Grouping,
}

#[allow(clippy::too_many_lines)] // SPLIT: issue 17
fn build(root: Value, cx: &mut Ctx<'_>) -> Option<Framework> {
    let mut pkg = match root {
        Value::Object(m) => m,
        other => {
            cx.error(
                "",
                "shape",
                format!("expected a CFPackage (an object), found {}", kind(&other)),
            );
            return None;
        }
    };
    let item_vals = match pkg.remove("CFItems") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => Vec::new(),
        Some(other) => {
            cx.error(
                "CFItems",
                "shape",
                format!("`CFItems` must be an array, found {}", kind(&other)),
            );
            Vec::new()
        }
    };
    let assoc_vals = match pkg.remove("CFAssociations") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => Vec::new(),
        Some(other) => {
            cx.error(
                "CFAssociations",
                "shape",
                format!("`CFAssociations` must be an array, found {}", kind(&other)),
            );
            Vec::new()
        }
    };
    let doc_v = match pkg.get("CFDocument") {
        Some(v) => v,
        None => {
            cx.error(
                "",
                "missing",
                "missing required property `CFDocument`".into(),
            );
            return None;
        }
    };
    let doc = cx.object(doc_v, "CFDocument", "a CFDocument")?;
    let doc_id = cx.text(doc, "identifier", "CFDocument");
    let title = cx.string(doc, "title", "CFDocument", true);
    let doc_ext: Map<String, Value> = doc
        .get("extensions")
        .and_then(|e| e.get("proficient"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();

    // Items.
    let mut items: Vec<Item> = Vec::with_capacity(item_vals.len());
    let mut by_id: HashMap<String, usize> =
        HashMap::with_capacity_and_hasher(item_vals.len(), Default::default());
    for (i, v) in item_vals.into_iter().enumerate() {
        let path = format!("CFItems[{i}]");
        let Some(m) = cx.object(&v, &path, "a CFItem") else {
            continue;
        };
        let identifier = cx.text(m, "identifier", &path);
        let statement = cx.text(m, "fullStatement", &path);
        let (Some(identifier), Some(statement)) = (identifier, statement) else {
            continue;
        };
        if let Some(&first) = by_id.get(&identifier) {
            let first_path = items.get(first).map(Item::path).unwrap_or_default();
            cx.error(
                &join(&path, "identifier"),
                "duplicate_id",
                format!(
                    "duplicate item identifier `{}`, each identifier may appear once (first defined at {first_path})",
                    clip(&identifier, 40)
                ),
            );
            continue;
        }
        let Value::Object(m) = v else { continue };
        let text_of = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let (uri, item_type, human_coding_scheme) = (
            text_of("uri"),
            text_of("CFItemType"),
            text_of("humanCodingScheme"),
        );
        let mut ext = Map::new();
        // Keys come in order: collected in bulk.
        let fields: BTreeMap<String, Value> = m
            .into_iter()
            .filter_map(|(k, v)| match k.as_str() {
                "identifier" | "uri" | "fullStatement" | "CFItemType" | "humanCodingScheme" => None,
                "extensions" => {
                    let mut e = match v {
                        Value::Object(e) => e,
                        _ => Map::new(),
                    };
                    if let Some(Value::Object(p)) = e.remove("proficient") {
                        ext = p;
                    }
                    (!e.is_empty()).then_some((k, Value::Object(e)))
                }
                _ => Some((k, v)),
            })
            .collect();
        by_id.insert(identifier.clone(), items.len());
        items.push(Item {
            index: i,
            identifier: identifier.clone(),
            statement,
            ext,
            case: CaseRef {
                identifier,
                uri,
                item_type,
                human_coding_scheme,
                parents: Vec::new(),
                associations: Vec::new(),
                fields,
            },
            parent_assocs: Vec::new(),
        });
    }

    // Associations.
    let mut doc_assocs = Vec::new();
    let doc_identifier = doc_id.clone().unwrap_or_default();
    let mut seen_assoc: HashSet<String> = HashSet::default();
    for (i, v) in assoc_vals.into_iter().enumerate() {
        let path = format!("CFAssociations[{i}]");
        let Some(m) = cx.object(&v, &path, "a CFAssociation") else {
            continue;
        };
        let id = cx.text(m, "identifier", &path);
        let ty = cx.string(m, "associationType", &path, true);
        let origin = node_id(m, "originNodeURI", &path, cx);
        let dest = node_id(m, "destinationNodeURI", &path, cx);
        // Written as an integer in lenient mode; a string is an error of
        // strict mode, reported with the other CASE 1.1 checks.
        match m.get("sequenceNumber") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) => {}
            Some(Value::String(s)) if s.trim().parse::<i32>().is_ok() => {}
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => cx.error(
                &join(&path, "sequenceNumber"),
                "out_of_range",
                format!(
                    "sequenceNumber {n} is outside the 32-bit integers CASE 1.1 allows, expected {} to {}",
                    i32::MIN,
                    i32::MAX
                ),
            ),
            Some(other) => cx.error(
                &join(&path, "sequenceNumber"),
                "shape",
                format!(
                    "sequenceNumber must be an integer, found `{}`",
                    clip(other.to_string().trim_matches('"'), 20)
                ),
            ),
        }
        let (Some(id), Some(ty), Some(origin), Some(dest)) = (id, ty, origin, dest) else {
            continue;
        };
        if !seen_assoc.insert(id.clone()) {
            cx.error(
                &join(&path, "identifier"),
                "duplicate_id",
                format!(
                    "duplicate association identifier `{}`, each identifier may appear once",
                    clip(&id, 40)
                ),
            );
            continue;
        }
        let origin_ix = by_id.get(&origin).copied();
        if ty != "isChildOf" && origin_ix.is_none() {
            // From the document (or from outside the package): kept as it is.
            doc_assocs.push(v);
            continue;
        }
        let Value::Object(m) = v else { continue };
        let fields: BTreeMap<String, Value> = m
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "identifier" | "associationType"))
            .collect();
        let link = CaseLink {
            identifier: id,
            association_type: ty.clone(),
            target: dest.clone(),
            fields,
        };
        if ty == "isChildOf" {
            let Some(o) = origin_ix else {
                cx.error(
                    &join(&path, "originNodeURI.identifier"),
                    "unknown_reference",
                    format!(
                        "isChildOf from `{}`, which is not an item of the package, expected the identifier of one of its CFItems",
                        clip(&origin, 40)
                    ),
                );
                continue;
            };
            if dest != doc_identifier && !by_id.contains_key(&dest) {
                cx.error(
                    &join(&path, "destinationNodeURI.identifier"),
                    "unknown_reference",
                    format!(
                        "isChildOf to `{}`, which is neither the document nor an item of the package, expected the identifier of the CFDocument or of one of its CFItems",
                        clip(&dest, 40)
                    ),
                );
                continue;
            }
            if let Some(item) = items.get_mut(o) {
                item.case.parents.push(link);
                item.parent_assocs.push(i);
            }
        } else if let Some(item) = origin_ix.and_then(|o| items.get_mut(o)) {
            item.case.associations.push(link);
        }
    }

    // The hierarchy: cycles broken (lenient) or refused (strict), then the
    // tree of first parents, in linear time.
    let n = items.len();
    let mut edges: Vec<Vec<tree::Edge>> = items
        .iter()
        .map(|it| {
            it.case
                .parents
                .iter()
                .map(|l| tree::Edge {
                    to: by_id.get(&l.target).copied(),
                    seq: seq_of(l),
                })
                .collect()
        })
        .collect();
    let mut cycles = tree::break_cycles(&mut edges);
    let name = |m: usize| {
        items
            .get(m)
            .map(|x| format!("`{}`", clip(&x.identifier, 40)))
            .unwrap_or_default()
    };
    for c in &cycles {
        let message = describe_cycle(c, &name);
        let path = items
            .get(c.child)
            .and_then(|x| x.parent_assocs.get(c.edge))
            .map(|a| format!("CFAssociations[{a}]"))
            .unwrap_or_default();
        match cx.mode {
            Mode::Strict => cx.error(&path, "cycle", message),
            Mode::Lenient => cx.note_grouped(
                &path,
                "cycle",
                format!("tolerated: {message}; this association is left out to break the cycle"),
            ),
        }
    }
    cycles.sort_unstable_by_key(|c| std::cmp::Reverse((c.child, c.edge)));
    for c in &cycles {
        if let Some(it) = items.get_mut(c.child) {
            if c.edge < it.case.parents.len() {
                it.case.parents.remove(c.edge);
                it.parent_assocs.remove(c.edge);
            }
        }
    }
    for it in &items {
        if it.case.parents.is_empty() {
            cx.note_grouped(
                &it.path(),
                "orphan",
                format!(
                    "item `{}` has no isChildOf association, imported at the top level",
                    clip(&it.identifier, 40)
                ),
            );
        } else if it.case.parents.len() > 1 {
            cx.note_grouped(
                &it.path(),
                "shared_item",
                format!(
                    "item `{}` has {} parents; placed under the first, the others kept as links",
                    clip(&it.identifier, 40),
                    it.case.parents.len()
                ),
            );
        }
    }
    if !cx.errors.is_empty() {
        return None;
    }
    let tree = tree::first_parent_tree(&edges);
    let first_parent = |i: usize| tree.first.get(i).copied().flatten();
    let mut has_child = vec![false; n];
    for p in edges.iter().flatten().filter_map(|e| e.to) {
        if let Some(x) = has_child.get_mut(p) {
            *x = true;
        }
    }
    let is_leaf = |i: usize| !has_child.get(i).copied().unwrap_or(false);
    let mut has_leaf_child = vec![false; n];
    for c in (0..n).filter(|&c| is_leaf(c)) {
        if let Some(x) = first_parent(c).and_then(|p| has_leaf_child.get_mut(p)) {
            *x = true;
        }
    }

    // Roles.
    let roles: Vec<Role> = (0..n)
        .map(|i| {
            let ext_kind = items
                .get(i)
                .and_then(|x| x.ext.get("kind"))
                .and_then(Value::as_str);
            match ext_kind {
                Some("domain") => return Role::Domain,
                Some("competency") => return Role::Competency,
                Some("criterion") => return Role::Criterion,
                Some("grouping") => return Role::Grouping,
                _ => {}
            }
            let root = first_parent(i).is_none();
            if is_leaf(i) {
                if root {
                    Role::Flat
                } else {
                    Role::Criterion
                }
            } else if has_leaf_child.get(i).copied().unwrap_or(false) {
                Role::Competency
            } else if root {
                Role::Domain
            } else {
                Role::Grouping
            }
        })
        .collect();
    let role = |i: usize| roles.get(i).copied().unwrap_or(Role::Grouping);

    // Ids, in the order of the hierarchy. Groupings are no part of the
    // model: their ids (only for notes) are made apart, so that they never
    // take the name of a domain, competency or criterion (which would then
    // change on the next import).
    let mut used = Ids::default();
    let mut grouping_ids = Ids::default();
    let mut ids: Vec<String> = vec![String::new(); n];
    for &i in &tree.order {
        let Some(it) = items.get(i) else { continue };
        let base = from_ext::<String>(&it.ext, "id")
            .or_else(|| it.case.human_coding_scheme.clone())
            .unwrap_or_default();
        let set = if role(i) == Role::Grouping {
            &mut grouping_ids
        } else {
            &mut used
        };
        if let Some(slot) = ids.get_mut(i) {
            *slot = unique_id(&base, &it.identifier, set);
        }
    }

    // Domains, and the domain each item is under (the nearest domain up
    // its first parents), in one pass down the hierarchy.
    let mut domains: Vec<Domain> = Vec::new();
    let mut domain_at: Vec<Option<usize>> = vec![None; n];
    for &i in &tree.order {
        let d = if role(i) == Role::Domain {
            Some(i)
        } else {
            first_parent(i).and_then(|p| domain_at.get(p).copied().flatten())
        };
        if let Some(slot) = domain_at.get_mut(i) {
            *slot = d;
        }
        if role(i) == Role::Domain {
            if let Some(it) = items.get_mut(i) {
                domains.push(Domain {
                    id: ids.get(i).cloned().unwrap_or_default(),
                    label: std::mem::take(&mut it.statement),
                    case: Some(take_case(&mut it.case)),
                });
            }
        }
    }
    let domain_ids: HashSet<&str> = domains.iter().map(|d| d.id.as_str()).collect();
    let mut need_general = false;
    let mut competencies: Vec<Competency> = Vec::new();
    let mut positions: Vec<Option<u64>> = Vec::new();
    let mut comp_index: HashMap<usize, usize> = HashMap::default();
    let mut groupings = Vec::new();
    for &i in &tree.order {
        let Some(it) = items.get_mut(i) else { continue };
        let id = ids.get(i).cloned().unwrap_or_default();
        match role(i) {
            Role::Competency | Role::Flat => {
                let domain = from_ext::<String>(&it.ext, "domain")
                    .filter(|d| domain_ids.contains(d.as_str()))
                    .or_else(|| {
                        domain_at
                            .get(i)
                            .copied()
                            .flatten()
                            .and_then(|d| ids.get(d).cloned())
                    })
                    .unwrap_or_else(|| {
                        need_general = true;
                        "general".to_string()
                    });
                let mut criteria = Vec::new();
                let single = it.ext.get("criterion").and_then(Value::as_object);
                if role(i) == Role::Flat || single.is_some() {
                    let k = single.cloned().unwrap_or_default();
                    let kid = from_ext::<String>(&k, "id").unwrap_or_else(|| format!("{id}.1"));
                    criteria.push(Criterion {
                        id: unique_id(&kid, &format!("{id}.c"), &mut used),
                        statement: it.statement.clone(),
                        weight: from_ext(&k, "weight").unwrap_or(1.0),
                        measure: from_ext(&k, "measure").unwrap_or(Measure::Rating {
                            min: None,
                            max: None,
                        }),
                        kinds: from_ext(&k, "kinds"),
                        notes: from_ext(&k, "notes"),
                        case: Some(CaseRef {
                            identifier: it.identifier.clone(),
                            uri: None,
                            item_type: None,
                            human_coding_scheme: None,
                            parents: Vec::new(),
                            associations: Vec::new(),
                            fields: BTreeMap::new(),
                        }),
                    });
                }
                comp_index.insert(i, competencies.len());
                positions.push(from_ext::<u64>(&it.ext, "position"));
                competencies.push(Competency {
                    id,
                    domain,
                    category: from_ext(&it.ext, "category"),
                    statement: std::mem::take(&mut it.statement),
                    weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                    priority: from_ext(&it.ext, "priority"),
                    notes: from_ext(&it.ext, "notes"),
                    criteria,
                    case: Some(take_case(&mut it.case)),
                });
            }
            Role::Grouping => groupings.push(CaseGrouping {
                statement: std::mem::take(&mut it.statement),
                item: take_case(&mut it.case),
            }),
            Role::Domain | Role::Criterion => {}
        }
    }
    // Criteria go under their first competency parent, ordered by the
    // sequenceNumber of that isChildOf association (then package order),
    // or by the positions an export wrote when every criterion has one.
    let mut placed: Vec<(usize, i64, usize, Option<u64>, Criterion)> = Vec::new();
    for (i, it) in items.iter_mut().enumerate() {
        if role(i) != Role::Criterion {
            continue;
        }
        let parent = it.case.parents.iter().find_map(|l| {
            let p = by_id.get(&l.target)?;
            comp_index.get(p).map(|&c| (c, seq_of(l)))
        });
        let Some((c, seq)) = parent else {
            cx.error(
                &it.path(),
                "unplaced",
                format!(
                    "criterion item `{}` has no competency parent, expected an isChildOf association to a competency",
                    clip(&it.identifier, 40)
                ),
            );
            continue;
        };
        placed.push((
            c,
            seq,
            i,
            from_ext::<u64>(&it.ext, "position"),
            Criterion {
                id: ids.get(i).cloned().unwrap_or_default(),
                statement: std::mem::take(&mut it.statement),
                weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                measure: from_ext(&it.ext, "measure").unwrap_or(Measure::Rating {
                    min: None,
                    max: None,
                }),
                kinds: from_ext(&it.ext, "kinds"),
                notes: from_ext(&it.ext, "notes"),
                case: Some(take_case(&mut it.case)),
            },
        ));
    }
    placed.sort_by_key(|(c, seq, i, _, _)| (*c, *seq, *i));
    let mut by_comp: Vec<Vec<(Option<u64>, Criterion)>> = vec![Vec::new(); competencies.len()];
    for (c, _, _, pos, k) in placed {
        if let Some(list) = by_comp.get_mut(c) {
            list.push((pos, k));
        }
    }
    for (comp, mut list) in competencies.iter_mut().zip(by_comp) {
        if !list.is_empty() && list.iter().all(|(p, _)| p.is_some()) {
            list.sort_by_key(|(p, _)| *p);
        }
        comp.criteria.extend(list.into_iter().map(|(_, k)| k));
    }
    // Competencies in the order of the hierarchy, or by the positions an
    // export wrote when every competency has one (the framework's order
    // was not the hierarchy's).
    if !competencies.is_empty() && positions.iter().all(Option::is_some) {
        let mut with: Vec<(Option<u64>, Competency)> =
            positions.into_iter().zip(competencies).collect();
        with.sort_by_key(|(p, _)| *p);
        competencies = with.into_iter().map(|(_, c)| c).collect();
    }
    for c in &competencies {
        if c.criteria.is_empty() {
            let path = c
                .case
                .as_ref()
                .and_then(|r| by_id.get(&r.identifier))
                .and_then(|&i| items.get(i))
                .map(Item::path)
                .unwrap_or_default();
            cx.error(
                &path,
                "empty",
                format!(
                    "competency item `{}` has no criteria, expected at least one child item",
                    clip(&c.id, 40)
                ),
            );
        }
    }
    if need_general {
        domains.push(Domain {
            id: "general".into(),
            label: "General".into(),
            case: None,
        });
    }

    // Package parts kept verbatim.
    let mut package = BTreeMap::new();
    for (k, v) in &pkg {
        if !matches!(k.as_str(), "CFDocument" | "CFItems" | "CFAssociations") {
            package.insert(k.clone(), v.clone());
        }
    }
    let levels = from_ext::<Vec<Level>>(&doc_ext, "levels")
        .or_else(|| rubric_levels(pkg.get("CFRubrics"), cx))
        .unwrap_or_else(default_levels);
    let item_id = |identifier: &str| -> Option<String> {
        if identifier == doc_identifier {
            return Some(from_ext::<String>(&doc_ext, "id").unwrap_or_else(|| "(document)".into()));
        }
        by_id.get(identifier).and_then(|&i| ids.get(i)).cloned()
    };
    read_rubrics(pkg.get("CFRubrics"), &item_id, &levels, cx);
    let mut doc_fields: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in doc {
        match k.as_str() {
            "identifier" | "uri" => {}
            "extensions" => {
                let mut e = v.as_object().cloned().unwrap_or_default();
                e.remove("proficient");
                if !e.is_empty() {
                    doc_fields.insert(k.clone(), Value::Object(e));
                }
            }
            _ => {
                doc_fields.insert(k.clone(), v.clone());
            }
        }
    }
    let title = title.unwrap_or_default();
    let str_field = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_string);
    let source = from_ext::<Source>(&doc_ext, "source").unwrap_or_else(|| Source {
        citation: match str_field("creator") {
            Some(c) => format!("{c}. {title}."),
            None => format!("{title}."),
        },
        publisher: str_field("publisher"),
        year: None,
        url: str_field("officialSourceURL"),
        method: None,
        panel: None,
        notes: Some("imported from a CASE package".into()),
    });
    if !cx.errors.is_empty() {
        return None;
    }
    Some(Framework {
        id: from_ext::<String>(&doc_ext, "id")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let s = slug(&title);
                if s.is_empty() {
                    "case-framework".into()
                } else {
                    s
                }
            }),
        title,
        version: str_field("version").unwrap_or_else(|| "1.0".into()),
        description: str_field("description"),
        updated: from_ext(&doc_ext, "updated"),
        source,
        rating_scale: from_ext(&doc_ext, "rating_scale").unwrap_or(RatingScale {
            min: 1.0,
            max: 5.0,
            labels: Vec::new(),
        }),
        levels,
        evidence_kinds: from_ext(&doc_ext, "evidence_kinds").unwrap_or_else(|| {
            vec![EvidenceKind {
                id: "observation".into(),
                label: "Observation".into(),
                weight: 1.0,
                description: None,
            }]
        }),
        evidence_policy: from_ext::<EvidencePolicy>(&doc_ext, "evidence_policy")
            .unwrap_or_default(),
        categories: from_ext(&doc_ext, "categories").unwrap_or_default(),
        domains,
        competencies,
        case: Some(CaseDocument {
            identifier: doc_identifier,
            uri: str_field("uri"),
            fields: doc_fields,
            groupings,
            associations: doc_assocs,
            package,
        }),
    })
}

fn node_id(m: &Map<String, Value>, key: &str, path: &str, cx: &mut Ctx<'_>) -> Option<String> {
    let p = join(path, key);
    match m.get(key) {
        Some(Value::Object(n)) => {
            match n.get("identifier") {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                _ => {
                    cx.error(&p, "missing", format!("`{key}` has no identifier, expected the identifier of the node it links"));
                    None
                }
            }
        }
        Some(other) => {
            cx.error(
                &p,
                "shape",
                format!("`{key}` must be an object, found {}", kind(other)),
            );
            None
        }
        None => {
            cx.error(
                path,
                "missing",
                format!("missing required property `{key}`"),
            );
            None
        }
    }
}

fn default_levels() -> Vec<Level> {
    [
        ("not-yet", "Not yet", 0.0),
        ("developing", "Developing", 0.4),
        ("competent", "Competent", 0.6),
        ("proficient", "Proficient", 0.8),
    ]
    .iter()
    .map(|(id, label, t)| Level {
        id: (*id).into(),
        label: (*label).into(),
        threshold: *t,
        description: None,
    })
    .collect()
}

/// A rubric criterion's levels ordered by score (else position, else place
/// in the list): `(key, quality, description)`.
fn criterion_levels(levels: &[Value]) -> Vec<(f64, String, Option<String>)> {
    let mut ls: Vec<(f64, String, Option<String>)> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let key = l
                .get("score")
                .and_then(Value::as_f64)
                .or_else(|| l.get("position").and_then(Value::as_f64))
                .unwrap_or(i as f64);
            let q = l
                .get("quality")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("Level {}", i + 1));
            let d = l
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            (key, q, d)
        })
        .collect();
    ls.sort_by(|a, b| a.0.total_cmp(&b.0));
    ls
}

/// Reads every CFRubric: checks its shape, that each rubric criterion's
/// `CFItemURI` names an item of the package, and notes, per rubric, the
/// items its criteria are for and any criterion whose levels differ from the
/// framework's. Rubrics are kept verbatim in the package part of the
/// framework, so an export writes every one of them back unchanged.
fn read_rubrics(
    rubrics: Option<&Value>,
    item_id: &dyn Fn(&str) -> Option<String>,
    levels: &[Level],
    cx: &mut Ctx<'_>,
) {
    let Some(rubrics) = rubrics else {
        return;
    };
    let Some(list) = rubrics.as_array() else {
        cx.error(
            "CFRubrics",
            "shape",
            format!("expected an array of CFRubrics, found {}", kind(rubrics)),
        );
        return;
    };
    let labels: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
    for (ri, r) in list.iter().enumerate() {
        let path = format!("CFRubrics[{ri}]");
        let Some(m) = cx.object(r, &path, "a CFRubric") else {
            continue;
        };
        cx.string(m, "identifier", &path, true);
        let title = m
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("(untitled)")
            .to_string();
        let crits: &[Value] = match m.get("CFRubricCriteria") {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(other) => {
                cx.error(
                    &join(&path, "CFRubricCriteria"),
                    "shape",
                    format!("expected an array, found {}", kind(other)),
                );
                continue;
            }
        };
        let mut linked = Vec::new();
        for (ci, c) in crits.iter().enumerate() {
            let cpath = format!("{path}.CFRubricCriteria[{ci}]");
            let Some(cm) = cx.object(c, &cpath, "a CFRubricCriterion") else {
                continue;
            };
            let target = match cm.get("CFItemURI") {
                Some(Value::Object(link)) => match link.get("identifier").and_then(Value::as_str) {
                    Some(id) => match item_id(id) {
                        Some(ours) => Some(ours),
                        None => {
                            cx.tolerate(
                                &join(&cpath, "CFItemURI.identifier"),
                                "unknown_reference",
                                format!(
                                    "rubric criterion for `{}`, which is not an item of the package, expected the identifier of one of its CFItems",
                                    clip(id, 40)
                                ),
                                "its `CFItemURI` is left out on export",
                            );
                            None
                        }
                    },
                    None => {
                        cx.error(
                            &join(&cpath, "CFItemURI"),
                            "missing",
                            "`CFItemURI` has no identifier, expected an object with an `identifier`".into(),
                        );
                        None
                    }
                },
                None | Some(Value::Null) => None,
                Some(other) => {
                    cx.error(
                        &join(&cpath, "CFItemURI"),
                        "shape",
                        format!("`CFItemURI` must be an object, found {}", kind(other)),
                    );
                    None
                }
            };
            // Anything but an array of objects is the CASE 1.1 check's.
            let ls = match cm.get("CFRubricCriterionLevels") {
                Some(Value::Array(a)) => criterion_levels(a),
                _ => Vec::new(),
            };
            let qualities: Vec<&str> = ls.iter().map(|(_, q, _)| q.as_str()).collect();
            if !qualities.is_empty() && qualities != labels {
                cx.note(
                    &cpath,
                    "rubric_levels_differ",
                    format!(
                        "rubric criterion{} has levels {} where the framework's are {}; kept verbatim for export",
                        target
                            .as_ref()
                            .map_or(String::new(), |t| format!(" for `{t}`")),
                        qualities.join(", "),
                        labels.join(", ")
                    ),
                );
            }
            linked.push(target);
        }
        let items: Vec<String> = linked.iter().flatten().map(|t| format!("`{t}`")).collect();
        let unlinked = linked.iter().filter(|t| t.is_none()).count();
        cx.note(
            &path,
            "rubric",
            format!(
                "rubric `{}`: {} {}{}{}; kept verbatim for export",
                clip(&title, 60),
                linked.len(),
                if linked.len() == 1 {
                    "criterion"
                } else {
                    "criteria"
                },
                if items.is_empty() {
                    String::new()
                } else {
                    format!(", for {}", items.join(", "))
                },
                if unlinked > 0 {
                    format!(", {unlinked} for no item")
                } else {
                    String::new()
                }
            ),
        );
    }
}

/// Levels from the first rubric criterion with two or more levels: ordered by
/// score (else position), thresholds evenly spaced from 0.
fn rubric_levels(rubrics: Option<&Value>, cx: &mut Ctx<'_>) -> Option<Vec<Level>> {
    let rubrics = rubrics?.as_array()?;
    for (ri, r) in rubrics.iter().enumerate() {
        let Some(crits) = r.get("CFRubricCriteria").and_then(Value::as_array) else {
            continue;
        };
        for (ci, c) in crits.iter().enumerate() {
            let Some(levels) = c.get("CFRubricCriterionLevels").and_then(Value::as_array) else {
                continue;
            };
            if levels.len() < 2 {
                continue;
            }
            let ls = criterion_levels(levels);
            let n = ls.len() as f64;
            let mut used = Ids::default();
            let out = ls
                .into_iter()
                .enumerate()
                .map(|(i, (_, q, d))| Level {
                    id: unique_id(&q, &format!("level-{}", i + 1), &mut used),
                    label: q,
                    threshold: (i as f64 / n * 1000.0).round() / 1000.0,
                    description: d,
                })
                .collect();
            cx.note(
                &format!("CFRubrics[{ri}].CFRubricCriteria[{ci}]"),
                "rubric_levels",
                "framework levels taken from this rubric criterion's levels (thresholds evenly spaced); rubrics kept verbatim for export".into(),
            );
            return Some(out);
        }
    }
    None
}

// ---------------------------------------------------------------- export

fn uri_of(identifier: &str) -> String {
    format!("urn:uuid:{identifier}")
}

/// `secs` seconds after 1970-01-01T00:00:00Z, as an RFC 3339 date-time in
/// UTC (e.g. a file's modification time, for [`export_at`]).
pub fn rfc3339_utc(secs: i64) -> String {
    let days = i32::try_from(secs.div_euclid(86_400)).unwrap_or(0);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}+00:00",
        Date::from_days(days),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The current time in seconds since 1970-01-01T00:00:00Z.
#[cfg(feature = "clock")]
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0)
}

fn export_note(path: &str, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        file: None,
        line: None,
        column: None,
        path: path.to_string(),
        code: code.to_string(),
        message,
    }
}

/// The `lastChangeDateTime` of an export: the package's own (kept from an
/// import), else the framework's `updated` date, else `fallback` (with a
/// note saying so).
fn time_stamp(fw: &Framework, fallback: i64, origin: &str) -> (String, Option<Diagnostic>) {
    let kept = fw
        .case
        .as_ref()
        .and_then(|d| d.fields.get("lastChangeDateTime"))
        .and_then(Value::as_str)
        .and_then(conform::normalise_date_time);
    if let Some(t) = kept {
        return (t, None);
    }
    if let Some(d) = fw.updated {
        return (format!("{d}T00:00:00+00:00"), None);
    }
    let t = rfc3339_utc(fallback);
    let note = export_note(
        "CFDocument.lastChangeDateTime",
        "time_stamp",
        format!(
            "the framework has no date of its own, so lastChangeDateTime is {origin}, `{t}`; add `updated: YYYY-MM-DD` to the framework for an export that does not change"
        ),
    );
    (t, Some(note))
}

struct Node<'a> {
    statement: &'a str,
    /// Borrowed from the framework; copied only when an edited file's data
    /// must be changed.
    case: Cow<'a, CaseRef>,
    ext: Value,
}

/// The package as the model holds it: identifiers, associations and
/// properties kept from an import, the rest derived; an `isChildOf` link to
/// nothing in the package or closing a cycle (possible only in an edited
/// framework file) is left out, with a note. [`export_at`] then makes it
/// valid CASE 1.1.
#[allow(clippy::too_many_lines)] // SPLIT: issue 17
fn write_package(fw: &Framework, last_change: &str, notes: &mut Vec<Diagnostic>) -> CfPackage {
    let base = format!("proficient:{}", fw.id);
    let doc_case = fw.case.as_ref();
    let doc_identifier = doc_case
        .as_ref()
        .map(|d| d.identifier.clone())
        .unwrap_or_else(|| uuid_v5(&format!("{base}:document")));
    let doc_uri = doc_case
        .as_ref()
        .and_then(|d| d.uri.clone())
        .unwrap_or_else(|| uri_of(&doc_identifier));

    let derive = |kind: &str, id: &str, parent: Option<(&str, &str)>, seq: usize| -> CaseRef {
        let identifier = uuid_v5(&format!("{base}:{kind}:{id}"));
        let (parent_id, parent_key) = match parent {
            Some((pid, key)) => (
                uuid_v5(&format!("{base}:{key}:{pid}")),
                format!("{key}:{pid}"),
            ),
            None => (doc_identifier.clone(), "document".into()),
        };
        let link_id = uuid_v5(&format!("{base}:isChildOf:{kind}:{id}:{parent_key}"));
        let mut fields = BTreeMap::new();
        fields.insert("sequenceNumber".into(), json!(seq));
        CaseRef {
            identifier,
            uri: None,
            item_type: None,
            human_coding_scheme: Some(id.to_string()),
            parents: vec![CaseLink {
                identifier: link_id,
                association_type: "isChildOf".into(),
                target: parent_id,
                fields,
            }],
            associations: Vec::new(),
            fields: BTreeMap::new(),
        }
    };

    let mut nodes: Vec<Node<'_>> = Vec::new();
    // A domain is an item when it came from one, in a native framework, or
    // when a competency without CASE identity needs it as a parent (so the
    // domain an import made up for root competencies stays out).
    let needed: HashSet<&str> = fw
        .competencies
        .iter()
        .filter(|c| c.case.is_none())
        .map(|c| c.domain.as_str())
        .collect();
    let domains: Vec<&Domain> = fw
        .domains
        .iter()
        .filter(|d| d.case.is_some() || doc_case.is_none() || needed.contains(d.id.as_str()))
        .collect();
    for (i, d) in domains.iter().enumerate() {
        let case = match &d.case {
            Some(c) => Cow::Borrowed(c),
            None => {
                let mut r = derive("domain", &d.id, None, i + 1);
                r.item_type = Some("Domain".into());
                Cow::Owned(r)
            }
        };
        nodes.push(Node {
            statement: &d.label,
            case,
            ext: json!({"kind": "domain", "id": d.id}),
        });
    }
    if let Some(dc) = &doc_case {
        for g in &dc.groupings {
            nodes.push(Node {
                statement: &g.statement,
                case: Cow::Borrowed(&g.item),
                ext: Value::Null,
            });
        }
    }
    let domain_ids: HashMap<&str, String> = domains
        .iter()
        .zip(nodes.iter())
        .map(|(d, n)| (d.id.as_str(), n.case.identifier.clone()))
        .collect();
    let mut seq_in_domain: HashMap<&str, usize> = HashMap::default();
    // Node of each competency, and of each of its criteria (none when the
    // competency and its one criterion are one item).
    let mut comp_nodes: Vec<(usize, Vec<usize>)> = Vec::new();
    for c in &fw.competencies {
        let seq = seq_in_domain.entry(c.domain.as_str()).or_insert(0);
        *seq += 1;
        let case = match &c.case {
            Some(r) => Cow::Borrowed(r),
            None => {
                let mut r = derive("competency", &c.id, Some((&c.domain, "domain")), *seq);
                if let (Some(l), Some(d)) =
                    (r.parents.first_mut(), domain_ids.get(c.domain.as_str()))
                {
                    l.target = d.clone();
                }
                r.item_type = Some("Competency".into());
                Cow::Owned(r)
            }
        };
        let mut ext = json!({"kind": "competency", "id": c.id, "domain": c.domain});
        if let Value::Object(m) = &mut ext {
            if let Some(cat) = &c.category {
                m.insert("category".into(), json!(cat));
            }
            if c.weight != 1.0 {
                m.insert("weight".into(), json!(c.weight));
            }
            if let Some(p) = &c.priority {
                m.insert(
                    "priority".into(),
                    serde_json::to_value(p).unwrap_or(Value::Null),
                );
            }
            if let Some(n) = &c.notes {
                m.insert("notes".into(), json!(n));
            }
        }
        let comp_identifier = case.identifier.clone();
        let flat = matches!(c.criteria.as_slice(),
            [only] if only.case.as_ref().is_some_and(|k| k.identifier == comp_identifier));
        if flat {
            if let (Value::Object(m), Some(k)) = (&mut ext, c.criteria.first()) {
                let mut ke = criterion_ext(k);
                if let Value::Object(km) = &mut ke {
                    km.insert("id".into(), json!(k.id));
                }
                m.insert("criterion".into(), ke);
            }
        }
        let comp_node = nodes.len();
        nodes.push(Node {
            statement: &c.statement,
            case,
            ext,
        });
        let mut crit_nodes = Vec::new();
        if !flat {
            for (j, k) in c.criteria.iter().enumerate() {
                let case = match &k.case {
                    Some(r) => Cow::Borrowed(r),
                    None => {
                        let mut r = derive("criterion", &k.id, Some((&c.id, "competency")), j + 1);
                        if let Some(l) = r.parents.first_mut() {
                            l.target = comp_identifier.clone();
                        }
                        r.item_type = Some("Criterion".into());
                        Cow::Owned(r)
                    }
                };
                let mut ext = criterion_ext(k);
                if let Value::Object(m) = &mut ext {
                    m.insert("kind".into(), json!("criterion"));
                    m.insert("id".into(), json!(k.id));
                }
                crit_nodes.push(nodes.len());
                nodes.push(Node {
                    statement: &k.statement,
                    case,
                    ext,
                });
            }
        }
        comp_nodes.push((comp_node, crit_nodes));
    }

    // The hierarchy as an import will read it back: links to nothing in the
    // package and links closing cycles are left out; where the framework's
    // order of competencies (or of a competency's criteria) is not the one
    // the hierarchy gives, their positions are written.
    // Two items with one identifier (possible only in an edited framework
    // file): the second gets a fresh one.
    let mut seen: HashSet<String> = HashSet::default();
    seen.insert(doc_identifier.clone());
    for n in &mut nodes {
        if seen.insert(n.case.identifier.clone()) {
            continue;
        }
        let old = n.case.identifier.clone();
        let mut k = 1;
        let mut new = uuid_v5(&format!("{base}:duplicate:{old}"));
        while seen.contains(&new) {
            k += 1;
            new = uuid_v5(&format!("{base}:duplicate:{old}:{k}"));
        }
        notes.push(export_note(
            "CFItems",
            "duplicate_id",
            format!(
                "identifier `{}` is used a second time in the framework's CASE data: `{new}` written for the item `{}`",
                clip(&old, 40),
                clip(n.statement, 40)
            ),
        ));
        seen.insert(new.clone());
        n.case.to_mut().identifier = new;
    }
    let ix: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.case.identifier.clone(), i))
        .collect();
    let mut edges: Vec<Vec<tree::Edge>> = Vec::with_capacity(nodes.len());
    for n in &mut nodes {
        let known = |l: &CaseLink| l.target == doc_identifier || ix.contains_key(&l.target);
        if n.case.parents.iter().all(known) {
            edges.push(
                n.case
                    .parents
                    .iter()
                    .map(|l| tree::Edge {
                        to: ix.get(&l.target).copied(),
                        seq: seq_of(l),
                    })
                    .collect(),
            );
            continue;
        }
        let from = n.case.identifier.clone();
        n.case.to_mut().parents.retain(|l| {
            let ok = known(l);
            if !ok {
                notes.push(export_note(
                    "CFAssociations",
                    "unknown_reference",
                    format!(
                        "isChildOf association `{}` from `{}` to `{}`, which is neither the document nor an item of the package: left out",
                        clip(&l.identifier, 40),
                        clip(&from, 40),
                        clip(&l.target, 40)
                    ),
                ));
            }
            ok
        });
        edges.push(
            n.case
                .parents
                .iter()
                .map(|l| tree::Edge {
                    to: ix.get(&l.target).copied(),
                    seq: seq_of(l),
                })
                .collect(),
        );
    }
    let mut cycles = tree::break_cycles(&mut edges);
    let name = |m: usize| {
        nodes
            .get(m)
            .map(|x| format!("`{}`", clip(&x.case.identifier, 40)))
            .unwrap_or_default()
    };
    for c in &cycles {
        notes.push(export_note(
            "CFAssociations",
            "cycle",
            format!(
                "{}: the association that closes it is left out",
                describe_cycle(c, &name)
            ),
        ));
    }
    cycles.sort_unstable_by_key(|c| std::cmp::Reverse((c.child, c.edge)));
    for c in &cycles {
        if let Some(n) = nodes.get_mut(c.child) {
            if c.edge < n.case.parents.len() {
                n.case.to_mut().parents.remove(c.edge);
            }
        }
    }
    let order = tree::first_parent_tree(&edges).order;
    let is_comp: HashSet<usize> = comp_nodes.iter().map(|(c, _)| *c).collect();
    let read_back: Vec<usize> = order.into_iter().filter(|i| is_comp.contains(i)).collect();
    let written: Vec<usize> = comp_nodes.iter().map(|(c, _)| *c).collect();
    if read_back != written {
        for (k, &c) in written.iter().enumerate() {
            if let Some(Value::Object(m)) = nodes.get_mut(c).map(|n| &mut n.ext) {
                m.insert("position".into(), json!(k + 1));
            }
        }
    }
    for (comp, crits) in &comp_nodes {
        // An import orders a competency's criteria by the sequence number
        // of their link to it, then by their place in the package.
        let key = |k: usize| -> Option<(i64, usize)> {
            let link = nodes
                .get(k)?
                .case
                .parents
                .iter()
                .find(|l| ix.get(&l.target).is_some_and(|t| is_comp.contains(t)))?;
            (ix.get(&link.target) == Some(comp)).then(|| (seq_of(link), k))
        };
        let keys: Vec<Option<(i64, usize)>> = crits.iter().map(|&k| key(k)).collect();
        let in_order = keys.windows(2).all(|w| match (w.first(), w.get(1)) {
            (Some(Some(a)), Some(Some(b))) => a < b,
            _ => true,
        });
        if !in_order {
            for (j, &k) in crits.iter().enumerate() {
                if let Some(Value::Object(m)) = nodes.get_mut(k).map(|n| &mut n.ext) {
                    m.insert("position".into(), json!(j + 1));
                }
            }
        }
    }

    // Title and URI of an association end.
    let end = |id: &str| -> Value {
        let (title, uri) = if id == doc_identifier {
            (fw.title.clone(), doc_uri.clone())
        } else {
            match ix.get(id).and_then(|&i| nodes.get(i)) {
                Some(n) => (
                    clip(n.statement, 80),
                    n.case.uri.clone().unwrap_or_else(|| uri_of(id)),
                ),
                None => (id.to_string(), uri_of(id)),
            }
        };
        json!({"title": title, "identifier": id, "uri": uri})
    };

    let mut items = Vec::new();
    let mut associations = Vec::new();
    for n in &nodes {
        let mut m: Map<String, Value> = n
            .case
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        m.insert("identifier".into(), json!(n.case.identifier));
        m.insert("fullStatement".into(), json!(n.statement));
        let uri = n
            .case
            .uri
            .clone()
            .unwrap_or_else(|| uri_of(&n.case.identifier));
        m.insert("uri".into(), json!(uri));
        if let Some(t) = &n.case.item_type {
            m.insert("CFItemType".into(), json!(t));
        }
        if let Some(h) = &n.case.human_coding_scheme {
            m.insert("humanCodingScheme".into(), json!(h));
        }
        m.entry("lastChangeDateTime")
            .or_insert_with(|| json!(last_change));
        if !n.ext.is_null() {
            let ext = m.entry("extensions").or_insert_with(|| json!({}));
            if !ext.is_object() {
                *ext = json!({});
            }
            if let Value::Object(e) = ext {
                e.insert("proficient".into(), n.ext.clone());
            }
        }
        items.push(m);
        for l in n.case.parents.iter().chain(&n.case.associations) {
            let mut a: Map<String, Value> = l
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            a.insert("identifier".into(), json!(l.identifier));
            a.insert("associationType".into(), json!(l.association_type));
            a.entry("uri")
                .or_insert_with(|| json!(uri_of(&l.identifier)));
            // The ends are the item and the link's target, whatever an
            // edited file says.
            let origin = a.get("originNodeURI").cloned();
            let keep_origin = origin
                .as_ref()
                .and_then(|o| o.get("identifier"))
                .and_then(Value::as_str)
                == Some(n.case.identifier.as_str());
            if !keep_origin {
                a.insert("originNodeURI".into(), end(&n.case.identifier));
            }
            let dest = a.get("destinationNodeURI").cloned();
            let keep_dest = dest
                .as_ref()
                .and_then(|o| o.get("identifier"))
                .and_then(Value::as_str)
                == Some(l.target.as_str());
            if !keep_dest {
                a.insert("destinationNodeURI".into(), end(&l.target));
            }
            a.entry("lastChangeDateTime")
                .or_insert_with(|| json!(last_change));
            associations.push(a);
        }
    }
    if let Some(dc) = &doc_case {
        for a in &dc.associations {
            let Value::Object(m) = a else { continue };
            if m.get("associationType").and_then(Value::as_str) == Some("isChildOf") {
                notes.push(export_note(
                    "CFAssociations",
                    "unknown_reference",
                    format!(
                        "isChildOf association `{}` from no item of the package: left out",
                        clip(
                            m.get("identifier").and_then(Value::as_str).unwrap_or(""),
                            40
                        )
                    ),
                ));
                continue;
            }
            let mut a = m.clone();
            if let Some(uri) = a.get("identifier").and_then(Value::as_str).map(uri_of) {
                a.entry("uri").or_insert_with(|| json!(uri));
            }
            a.entry("lastChangeDateTime")
                .or_insert_with(|| json!(last_change));
            associations.push(a);
        }
    }

    // Document.
    let mut doc: Map<String, Value> = doc_case
        .as_ref()
        .map(|d| {
            d.fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    doc.insert("identifier".into(), json!(doc_identifier));
    doc.insert("uri".into(), json!(doc_uri));
    doc.insert("title".into(), json!(fw.title));
    if !doc.get("creator").is_some_and(Value::is_string) {
        doc.insert(
            "creator".into(),
            json!(fw
                .source
                .publisher
                .clone()
                .unwrap_or_else(|| "proficient".into())),
        );
    }
    doc.insert("lastChangeDateTime".into(), json!(last_change));
    if doc_case.is_none() {
        doc.insert("caseVersion".into(), json!("1.1"));
    }
    if doc_case.is_none() || doc.contains_key("version") || fw.version != "1.0" {
        doc.insert("version".into(), json!(fw.version));
    }
    match &fw.description {
        Some(d) => {
            doc.insert("description".into(), json!(d));
        }
        None => {
            doc.remove("description");
        }
    }
    let mut fw_ext = json!({
        "id": fw.id,
        "source": fw.source,
        "rating_scale": fw.rating_scale,
        "levels": fw.levels,
        "evidence_kinds": fw.evidence_kinds,
        "evidence_policy": fw.evidence_policy,
        "categories": fw.categories,
    });
    if let (Some(u), Value::Object(m)) = (fw.updated, &mut fw_ext) {
        m.insert("updated".into(), json!(u));
    }
    let ext = doc.entry("extensions").or_insert_with(|| json!({}));
    if !ext.is_object() {
        *ext = json!({});
    }
    if let Value::Object(e) = ext {
        e.insert("proficient".into(), fw_ext);
    }
    CfPackage {
        document: doc,
        items,
        associations,
        other: doc_case.map(|d| d.package.clone()).unwrap_or_default(),
    }
}

fn criterion_ext(k: &Criterion) -> Value {
    let mut m = Map::new();
    if k.weight != 1.0 {
        m.insert("weight".into(), json!(k.weight));
    }
    m.insert(
        "measure".into(),
        serde_json::to_value(&k.measure).unwrap_or(Value::Null),
    );
    if let Some(kinds) = &k.kinds {
        m.insert("kinds".into(), json!(kinds));
    }
    if let Some(n) = &k.notes {
        m.insert("notes".into(), json!(n));
    }
    Value::Object(m)
}

/// An identifier [`export`] replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Replacement {
    /// The identifier as it was.
    pub old: String,
    /// The UUID written instead.
    pub new: String,
    /// JSON path of the object it identifies (or of the property that
    /// refers to it), in the exported package.
    pub path: String,
}

/// A CFPackage written by [`export`], the identifiers it replaced, and
/// what else it changed to make the package valid CASE 1.1.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The package.
    pub package: CfPackage,
    /// Identifiers replaced, in package order (empty for native frameworks
    /// and packages whose identifiers are all UUIDs).
    pub replaced: Vec<Replacement>,
    /// What was written differently from the framework's CASE data, or
    /// made up, so that the package is valid CASE 1.1: one note per kind
    /// of change, at the first place it was made (with how many places in
    /// all). Empty for native frameworks with an `updated` date and for
    /// valid CASE 1.1 packages read back.
    pub notes: Vec<Diagnostic>,
}

impl Export {
    /// The package as pretty JSON with a final newline.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&self.package)
            .map(|s| s + "\n")
            .unwrap_or_default()
    }
}

/// Every `identifier` in `v`, links included.
fn all_ids(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("identifier") {
                out.insert(id.clone());
            }
            m.values().for_each(|x| all_ids(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| all_ids(x, out)),
        _ => {}
    }
}

/// Rewrites every reference to a replaced identifier: `identifier` (also in
/// links), the rubric back-references, and `urn:uuid:` URIs.
fn rewrite_ids(v: &mut Value, map: &HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match (k.as_str(), &mut *x) {
                    ("identifier" | "rubricId" | "rubricCriterionId", Value::String(s)) => {
                        if let Some(new) = map.get(s.as_str()) {
                            *s = new.clone();
                        }
                    }
                    ("uri", Value::String(s)) => {
                        if let Some(new) = s.strip_prefix("urn:uuid:").and_then(|o| map.get(o)) {
                            *s = uri_of(new);
                        }
                    }
                    _ => rewrite_ids(x, map),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite_ids(x, map)),
        _ => {}
    }
}

fn package_value(p: CfPackage) -> Value {
    let mut m = Map::new();
    m.insert("CFDocument".into(), Value::Object(p.document));
    m.insert(
        "CFItems".into(),
        Value::Array(p.items.into_iter().map(Value::Object).collect()),
    );
    m.insert(
        "CFAssociations".into(),
        Value::Array(p.associations.into_iter().map(Value::Object).collect()),
    );
    for (k, v) in p.other {
        m.insert(k, v);
    }
    Value::Object(m)
}

fn package_of(v: Value) -> CfPackage {
    let mut m = match v {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let objects = |v: Option<Value>| -> Vec<Map<String, Value>> {
        match v {
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|x| match x {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let document = match m.remove("CFDocument") {
        Some(Value::Object(d)) => d,
        _ => Map::new(),
    };
    let items = objects(m.remove("CFItems"));
    let associations = objects(m.remove("CFAssociations"));
    CfPackage {
        document,
        items,
        associations,
        other: m.into_iter().collect(),
    }
}

/// Replaces the identifiers that are not CASE 1.1 UUIDs where CASE 1.1
/// requires one (kept from a CASE 1.0-era package read with
/// [`Mode::Lenient`]) by name-based UUIDs derived from the framework id and
/// the old identifier, rewriting every reference to them.
fn replace_non_uuids(package: Value, framework_id: &str) -> (Value, Vec<Replacement>) {
    let mut package = package;
    let mut walker = Walker::new(false);
    walker.package(&mut package);
    if walker.non_uuids.is_empty() {
        return (package, Vec::new());
    }
    // A derived UUID may already be an identifier of the package (or of a
    // link out of it): then the next one is taken.
    let mut taken = HashSet::default();
    all_ids(&package, &mut taken);
    let base = format!("proficient:{framework_id}");
    let replaced: Vec<Replacement> = walker
        .non_uuids
        .into_iter()
        .map(|(old, path)| {
            let mut new = uuid_v5(&format!("{base}:identifier:{old}"));
            let mut n = 2;
            while taken.contains(&new) {
                new = uuid_v5(&format!("{base}:identifier:{old}:{n}"));
                n += 1;
            }
            taken.insert(new.clone());
            let path = path
                .strip_suffix(".identifier")
                .unwrap_or(&path)
                .to_string();
            Replacement { new, old, path }
        })
        .collect();
    let map: HashMap<String, String> = replaced
        .iter()
        .map(|r| (r.old.clone(), r.new.clone()))
        .collect();
    rewrite_ids(&mut package, &map);
    (package, replaced)
}

/// Gives a fresh identifier to the second and later CFAssociations with
/// the same identifier, which only an edited framework file can hold
/// (items are given theirs in [`write_package`]).
fn dedupe(package: &mut Value, framework_id: &str, notes: &mut Vec<Diagnostic>) {
    let twice: Vec<usize> = {
        let mut seen: HashSet<&str> = HashSet::default();
        package
            .get("CFAssociations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, x)| {
                x.get("identifier")
                    .and_then(Value::as_str)
                    .is_some_and(|id| !seen.insert(id))
            })
            .map(|(i, _)| i)
            .collect()
    };
    if twice.is_empty() {
        return;
    }
    let mut taken = HashSet::default();
    all_ids(package, &mut taken);
    let Some(Value::Array(list)) = package.get_mut("CFAssociations") else {
        return;
    };
    for i in twice {
        let Some(Value::String(id)) = list.get_mut(i).and_then(|x| x.get_mut("identifier")) else {
            continue;
        };
        let mut n = 2;
        let mut new = uuid_v5(&format!("proficient:{framework_id}:duplicate:{id}"));
        while taken.contains(&new) {
            new = uuid_v5(&format!("proficient:{framework_id}:duplicate:{id}:{n}"));
            n += 1;
        }
        notes.push(export_note(
            &format!("CFAssociations[{i}].identifier"),
            "duplicate_id",
            format!(
                "identifier `{}` is used a second time in the framework's CASE data: `{new}` written here",
                clip(id, 40)
            ),
        ));
        taken.insert(new.clone());
        *id = new;
    }
}

/// Leaves out the `CFItemURI` of rubric criteria that names no item of the
/// package (tolerated by a lenient import).
fn drop_dangling_rubric_links(package: &mut Value, notes: &mut Vec<Diagnostic>) {
    let any = package
        .get("CFRubrics")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty());
    if !any {
        return;
    }
    let mut nodes: HashSet<String> = package
        .get("CFItems")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("identifier").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    if let Some(d) = package
        .pointer("/CFDocument/identifier")
        .and_then(Value::as_str)
    {
        nodes.insert(d.to_string());
    }
    let Some(Value::Array(rubrics)) = package.get_mut("CFRubrics") else {
        return;
    };
    for (ri, r) in rubrics.iter_mut().enumerate() {
        let Some(Value::Array(criteria)) = r.get_mut("CFRubricCriteria") else {
            continue;
        };
        for (ci, c) in criteria.iter_mut().enumerate() {
            let Value::Object(cm) = c else { continue };
            let dangling = cm
                .get("CFItemURI")
                .and_then(|l| l.get("identifier"))
                .and_then(Value::as_str)
                .filter(|id| !nodes.contains(*id))
                .map(str::to_string);
            if let Some(id) = dangling {
                cm.remove("CFItemURI");
                notes.push(export_note(
                    &format!("CFRubrics[{ri}].CFRubricCriteria[{ci}].CFItemURI"),
                    "unknown_reference",
                    format!("rubric criterion for `{}`, which is not an item of the package: its `CFItemURI` left out", clip(&id, 40)),
                ));
            }
        }
    }
}

/// Whether a link (the value of a `...URI` property, or an element of it)
/// lacks its title or URI.
fn lacks_title_or_uri(v: &Value) -> bool {
    let link_lacks = |x: &Value| match x {
        Value::Object(l) => {
            !l.get("title").is_some_and(Value::is_string)
                || !l.get("uri").is_some_and(Value::is_string)
        }
        Value::Array(a) => a.iter().any(|y| {
            y.as_object().is_some_and(|l| {
                !l.get("title").is_some_and(Value::is_string)
                    || !l.get("uri").is_some_and(Value::is_string)
            })
        }),
        _ => false,
    };
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, x)| (k.ends_with("URI") && link_lacks(x)) || lacks_title_or_uri(x)),
        Value::Array(a) => a.iter().any(lacks_title_or_uri),
        _ => false,
    }
}

/// Titles and URIs of the objects a package defines, by identifier (to
/// complete links that lack them).
fn known_objects(package: &Value) -> HashMap<String, (String, String)> {
    let mut out = HashMap::default();
    let mut add = |m: &Map<String, Value>, title_key: &str| {
        let (Some(id), Some(uri)) = (
            m.get("identifier").and_then(Value::as_str),
            m.get("uri").and_then(Value::as_str),
        ) else {
            return;
        };
        let title = m
            .get(title_key)
            .and_then(Value::as_str)
            .map_or_else(|| id.to_string(), |t| clip(t, 80));
        out.entry(id.to_string())
            .or_insert((title, uri.to_string()));
    };
    if let Some(Value::Object(d)) = package.get("CFDocument") {
        add(d, "title");
    }
    for x in package
        .get("CFItems")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Value::Object(m) = x {
            add(m, "fullStatement");
        }
    }
    if let Some(Value::Object(defs)) = package.get("CFDefinitions") {
        for list in defs.values().filter_map(Value::as_array) {
            for x in list {
                if let Value::Object(m) = x {
                    add(m, "title");
                }
            }
        }
    }
    for x in package
        .get("CFRubrics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Value::Object(m) = x {
            add(m, "title");
        }
    }
    out
}

/// The walker's findings (one per kind of change, at the first place it
/// was made) as notes.
fn summarise(findings: Vec<conform::Finding>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|f| export_note(&f.path, f.code, f.message()))
        .collect()
}

/// Exports `fw` as a CASE 1.1 CFPackage that passes a strict import (and
/// the CASE 1.1 JSON Schema).
///
/// Identifiers kept from an import are written back when they are UUIDs;
/// native frameworks get name-based UUIDs (version 5) of the framework id
/// and item ids, so re-exports are identical. `lastChangeDateTime` is the
/// package's own when the framework was imported, else the framework's
/// `updated` date, else `fallback` (seconds since 1970, e.g. the framework
/// file's modification time; `origin` says what it is, for the note).
///
/// What CASE 1.1 does not allow is written in its form or left out, each
/// kind of change listed in [`Export::notes`]: properties it does not
/// define (e.g. CASE 1.0's `CFDocumentURI`, `CFPackageURI`) and null values
/// are left out, `caseVersion` is `1.1`, a `subject` string becomes an
/// array, date-times without a time zone are read as UTC, sequence numbers
/// are integers, association types outside the vocabulary become
/// `ext:NAME`, what CASE 1.1 requires and the data lacks is filled in (a
/// `uri`, a `lastChangeDateTime`, a CFItemType's `description`) or the
/// object left out, and identifiers that are not UUIDs are replaced by
/// UUIDs derived from the framework id and the old identifier, each listed
/// in [`Export::replaced`]. This is stable: importing the export strictly
/// and exporting again gives the same package.
pub fn export_at(fw: &Framework, fallback: i64, origin: &str) -> Export {
    let (stamp, stamp_note) = time_stamp(fw, fallback, origin);
    let mut notes: Vec<Diagnostic> = stamp_note.into_iter().collect();
    let mut package = package_value(write_package(fw, &stamp, &mut notes));
    drop_dangling_rubric_links(&mut package, &mut notes);
    let (mut package, replaced) = replace_non_uuids(package, &fw.id);
    dedupe(&mut package, &fw.id, &mut notes);
    // Titles and URIs by identifier, for links that lack them (only data
    // kept from a lenient import or an edited file can).
    let known = if lacks_title_or_uri(&package) {
        known_objects(&package)
    } else {
        HashMap::default()
    };
    let mut walker = Walker::new(true);
    walker.fill = true;
    walker.stamp = Some(&stamp);
    walker.known = Some(&known);
    walker.package(&mut package);
    let unlisted = walker.unlisted;
    notes.extend(summarise(walker.findings));
    if unlisted > 0 {
        notes.push(export_note(
            "",
            "too_many_notes",
            format!("{unlisted} more values written in CASE 1.1 form, of kinds past the first {MAX_PROBLEMS}, only those are listed"),
        ));
    }
    Export {
        package: package_of(package),
        replaced,
        notes,
    }
}

/// [`export_at`] with the time of export as the fallback time stamp.
#[cfg(feature = "clock")]
pub fn export(fw: &Framework) -> Export {
    export_at(fw, now_secs(), "the time of export")
}

/// [`export`] as pretty JSON with a final newline.
#[cfg(feature = "clock")]
pub fn export_json(fw: &Framework) -> String {
    export(fw).json()
}

/// A framework as YAML (e.g. an imported one, for `import-case --out`).
pub fn framework_yaml(fw: &Framework) -> Result<String, String> {
    serde_yaml::to_string(fw).map_err(|e| format!("cannot render YAML: {e}"))
}
