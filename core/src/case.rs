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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::{clip, Diagnostic, LoadError};
use crate::model::{
    CaseDocument, CaseGrouping, CaseLink, CaseRef, Competency, Criterion, Domain, EvidenceKind,
    EvidencePolicy, Framework, Level, Measure, RatingScale, Source,
};
use crate::yaml::{self, Limits, LocationIndex};

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
            CaseError::Invalid { diagnostics } => crate::error::cap(diagnostics.clone()),
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

/// Whether `s` is a lowercase RFC 4122 UUID as the CASE 1.1 schema requires.
pub fn is_case_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

// ---------------------------------------------------------------- import

const DOC_KEYS: &[&str] = &[
    "identifier",
    "uri",
    "frameworkType",
    "caseVersion",
    "creator",
    "title",
    "lastChangeDateTime",
    "officialSourceURL",
    "publisher",
    "description",
    "subject",
    "subjectURI",
    "language",
    "version",
    "adoptionStatus",
    "statusStartDate",
    "statusEndDate",
    "licenseURI",
    "notes",
    "extensions",
];
const ITEM_KEYS: &[&str] = &[
    "identifier",
    "fullStatement",
    "alternativeLabel",
    "CFItemType",
    "uri",
    "humanCodingScheme",
    "listEnumeration",
    "abbreviatedStatement",
    "conceptKeywords",
    "conceptKeywordsURI",
    "notes",
    "subject",
    "subjectURI",
    "language",
    "educationLevel",
    "CFItemTypeURI",
    "licenseURI",
    "statusStartDate",
    "statusEndDate",
    "lastChangeDateTime",
    "extensions",
];
const ASSOC_KEYS: &[&str] = &[
    "identifier",
    "associationType",
    "sequenceNumber",
    "uri",
    "originNodeURI",
    "destinationNodeURI",
    "CFAssociationGroupingURI",
    "lastChangeDateTime",
    "notes",
    "extensions",
];
const ASSOC_TYPES: &[&str] = &[
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
];
const PACKAGE_KEYS: &[&str] = &[
    "CFDocument",
    "CFItems",
    "CFAssociations",
    "CFDefinitions",
    "CFRubrics",
    "extensions",
];

struct Ctx<'a> {
    mode: Mode,
    index: &'a LocationIndex,
    errors: Vec<Diagnostic>,
    notes: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn diag(&self, path: &str, code: &str, message: String) -> Diagnostic {
        let l = self.index.locate(path);
        Diagnostic {
            file: None,
            line: l.line.or(Some(1)),
            column: l.column.or(Some(1)),
            path: path.to_string(),
            code: code.to_string(),
            message,
        }
    }
    fn error(&mut self, path: &str, code: &str, message: String) {
        let d = self.diag(path, code, message);
        self.errors.push(d);
    }
    fn note(&mut self, path: &str, code: &str, message: String) {
        let d = self.diag(path, code, message);
        self.notes.push(d);
    }
    /// An error in strict mode, a note of what was tolerated in lenient mode.
    fn tolerate(&mut self, path: &str, code: &str, message: String) {
        match self.mode {
            Mode::Strict => self.error(path, code, message),
            Mode::Lenient => self.note(path, code, format!("tolerated: {message}")),
        }
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

    fn unknown_keys(&mut self, m: &Map<String, Value>, known: &[&str], path: &str, what: &str) {
        for k in m.keys() {
            if !known.contains(&k.as_str()) {
                self.tolerate(
                    &join(path, k),
                    "unknown_property",
                    format!(
                        "unknown {what} property `{}`, expected one of {}",
                        clip(k, 60),
                        crate::validate::quote_list(known)
                    ),
                );
            }
        }
    }

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

    /// `uri` and `lastChangeDateTime`: required by CASE 1.1, often absent in
    /// older exports.
    fn soft_required(&mut self, m: &Map<String, Value>, keys: &[&str], path: &str) {
        for key in keys {
            match m.get(*key) {
                Some(Value::String(_)) => {}
                Some(Value::Null) | None => self.tolerate(
                    path,
                    "missing",
                    format!("missing property `{key}` required by CASE 1.1"),
                ),
                Some(other) => self.error(
                    &join(path, key),
                    "shape",
                    format!("`{key}` must be a string, found {}", kind(other)),
                ),
            }
        }
    }

    fn identifier(&mut self, m: &Map<String, Value>, path: &str) -> Option<String> {
        let id = self.string(m, "identifier", path, true)?;
        if id.trim().is_empty() {
            self.error(
                &join(path, "identifier"),
                "blank",
                "identifier is blank, expected some text".into(),
            );
            return None;
        }
        if !is_case_uuid(&id) {
            self.tolerate(
                &join(path, "identifier"),
                "not_uuid",
                format!(
                    "identifier `{}` is not a lowercase UUID, expected 8-4-4-4-12 lowercase hexadecimal digits",
                    clip(&id, 60)
                ),
            );
        }
        Some(id)
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
    path: String,
    identifier: String,
    statement: String,
    ext: Map<String, Value>,
    case: CaseRef,
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
    let text = crate::load::read_text(path, limits().max_bytes).map_err(CaseError::Load)?;
    let mut imported = import_str(&text, mode).map_err(|e| e.with_file(&name))?;
    for d in &mut imported.notes {
        d.file = Some(name.clone());
    }
    Ok(imported)
}

/// As [`import_str`], with explicit size and nesting limits.
pub fn import_str_with(text: &str, mode: Mode, limits: &Limits) -> Result<Imported, CaseError> {
    let (root, index): (Value, LocationIndex) = yaml::parse(text, limits)?;
    let mut cx = Ctx {
        mode,
        index: &index,
        errors: Vec::new(),
        notes: Vec::new(),
    };
    let fw = build(&root, &mut cx);
    match fw {
        Some(framework) if cx.errors.is_empty() => {
            let issues = crate::validate::framework(&framework, &LocationIndex::default());
            if issues.is_empty() {
                Ok(Imported {
                    framework,
                    notes: cx.notes,
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
                diagnostics: cx.errors,
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

fn unique_id(base: &str, fallback: &str, used: &mut HashSet<String>) -> String {
    let mut id = slug(base);
    if id.is_empty() || used.contains(&id) {
        id = slug(fallback);
    }
    if id.is_empty() {
        id = "item".into();
    }
    let mut candidate = id.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        // Shortened so that the suffix stays within MAX_SLUG: a longer id
        // would be clipped, and so changed, when read back.
        let suffix = format!("-{n}");
        let stem = slug_within(&id, MAX_SLUG.saturating_sub(suffix.len()));
        candidate = format!("{stem}{suffix}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

fn from_ext<T: serde::de::DeserializeOwned>(ext: &Map<String, Value>, key: &str) -> Option<T> {
    ext.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn build(root: &Value, cx: &mut Ctx<'_>) -> Option<Framework> {
    let pkg = cx.object(root, "", "a CFPackage")?;
    cx.unknown_keys(pkg, PACKAGE_KEYS, "", "CFPackage");
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
    cx.unknown_keys(doc, DOC_KEYS, "CFDocument", "CFDocument");
    let doc_id = cx.identifier(doc, "CFDocument");
    let title = cx.string(doc, "title", "CFDocument", true);
    if cx.string(doc, "creator", "CFDocument", false).is_none() {
        cx.tolerate(
            "CFDocument",
            "missing",
            "missing property `creator` required by CASE 1.1".into(),
        );
    }
    cx.soft_required(doc, &["uri", "lastChangeDateTime"], "CFDocument");
    if let Some(v) = doc.get("caseVersion") {
        if v != "1.1" {
            cx.tolerate(
                "CFDocument.caseVersion",
                "case_version",
                format!("caseVersion `{}`, expected `1.1`", clip(&v.to_string(), 20)),
            );
        }
    }
    let doc_ext: Map<String, Value> = doc
        .get("extensions")
        .and_then(|e| e.get("proficient"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();

    // Items.
    let mut items: Vec<Item> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let empty = Vec::new();
    let item_vals = match pkg.get("CFItems") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => &empty,
        Some(other) => {
            cx.error(
                "CFItems",
                "shape",
                format!("`CFItems` must be an array, found {}", kind(other)),
            );
            &empty
        }
    };
    for (i, v) in item_vals.iter().enumerate() {
        let path = format!("CFItems[{i}]");
        let Some(m) = cx.object(v, &path, "a CFItem") else {
            continue;
        };
        cx.unknown_keys(m, ITEM_KEYS, &path, "CFItem");
        cx.soft_required(m, &["uri", "lastChangeDateTime"], &path);
        let identifier = cx.identifier(m, &path);
        let statement = cx.string(m, "fullStatement", &path, true);
        let (Some(identifier), Some(statement)) = (identifier, statement) else {
            continue;
        };
        if statement.trim().is_empty() {
            cx.error(
                &join(&path, "fullStatement"),
                "blank",
                "fullStatement is blank, expected some text".into(),
            );
        }
        if let Some(&first) = by_id.get(&identifier) {
            let first_path = items.get(first).map(|x| x.path.clone()).unwrap_or_default();
            cx.error(
                &join(&path, "identifier"),
                "duplicate_id",
                format!(
                    "duplicate item identifier `{}`, each identifier may appear once (first defined at {first_path})",
                    clip(&identifier, 60)
                ),
            );
            continue;
        }
        let uri = cx.string(m, "uri", &path, false);
        let item_type = cx.string(m, "CFItemType", &path, false);
        let hcs = cx.string(m, "humanCodingScheme", &path, false);
        let mut fields: BTreeMap<String, Value> = BTreeMap::new();
        let mut ext = Map::new();
        for (k, v) in m {
            match k.as_str() {
                "identifier" | "uri" | "fullStatement" | "CFItemType" | "humanCodingScheme" => {}
                "extensions" => {
                    let mut e = v.as_object().cloned().unwrap_or_default();
                    if let Some(Value::Object(p)) = e.remove("proficient") {
                        ext = p;
                    }
                    if !e.is_empty() {
                        fields.insert(k.clone(), Value::Object(e));
                    }
                }
                _ => {
                    fields.insert(k.clone(), v.clone());
                }
            }
        }
        by_id.insert(identifier.clone(), items.len());
        items.push(Item {
            path,
            identifier: identifier.clone(),
            statement,
            ext,
            case: CaseRef {
                identifier,
                uri,
                item_type,
                human_coding_scheme: hcs,
                parents: Vec::new(),
                associations: Vec::new(),
                fields,
            },
        });
    }

    // Associations.
    let mut doc_assocs = Vec::new();
    let assoc_vals = match pkg.get("CFAssociations") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => &empty,
        Some(other) => {
            cx.error(
                "CFAssociations",
                "shape",
                format!("`CFAssociations` must be an array, found {}", kind(other)),
            );
            &empty
        }
    };
    let doc_identifier = doc_id.clone().unwrap_or_default();
    let mut seen_assoc: HashSet<String> = HashSet::new();
    for (i, v) in assoc_vals.iter().enumerate() {
        let path = format!("CFAssociations[{i}]");
        let Some(m) = cx.object(v, &path, "a CFAssociation") else {
            continue;
        };
        cx.unknown_keys(m, ASSOC_KEYS, &path, "CFAssociation");
        cx.soft_required(m, &["uri", "lastChangeDateTime"], &path);
        let id = cx.identifier(m, &path);
        let ty = cx.string(m, "associationType", &path, true);
        let origin = node_id(m, "originNodeURI", &path, cx);
        let dest = node_id(m, "destinationNodeURI", &path, cx);
        let mut fields: BTreeMap<String, Value> = m
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "identifier" | "associationType"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        match m.get("sequenceNumber") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.is_i64() => {}
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => {
                cx.tolerate(
                    &join(&path, "sequenceNumber"),
                    "sequence_string",
                    format!(
                        "sequenceNumber `{}` is a string, expected an integer",
                        clip(s, 20)
                    ),
                );
                if let Ok(n) = s.trim().parse::<i64>() {
                    if cx.mode == Mode::Lenient {
                        fields.insert("sequenceNumber".into(), json!(n));
                    }
                }
            }
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
                format!("duplicate association identifier `{}`", clip(&id, 60)),
            );
            continue;
        }
        if !ASSOC_TYPES.contains(&ty.as_str()) && !is_ext_type(&ty) {
            cx.tolerate(
                &join(&path, "associationType"),
                "association_type",
                format!(
                    "unknown associationType `{}`, expected one of {} or `ext:NAME`",
                    clip(&ty, 40),
                    ASSOC_TYPES.join(", ")
                ),
            );
        }
        let link = CaseLink {
            identifier: id,
            association_type: ty.clone(),
            target: dest.clone(),
            fields,
        };
        let origin_ix = by_id.get(&origin).copied();
        if ty == "isChildOf" {
            let Some(o) = origin_ix else {
                cx.error(
                    &join(&path, "originNodeURI.identifier"),
                    "unknown_reference",
                    format!(
                        "isChildOf from `{}`, which is not an item of the package, expected the identifier of one of its CFItems",
                        clip(&origin, 60)
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
                        clip(&dest, 60)
                    ),
                );
                continue;
            }
            if dest == origin {
                cx.error(
                    &path,
                    "cycle",
                    format!("item `{}` is its own parent", clip(&dest, 60)),
                );
                continue;
            }
            if let Some(item) = items.get_mut(o) {
                item.case.parents.push(link);
            }
        } else if let Some(item) = origin_ix.and_then(|o| items.get_mut(o)) {
            item.case.associations.push(link);
        } else if let Some(v) = assoc_vals.get(i) {
            doc_assocs.push(v.clone());
        }
    }

    // Structure: children by parent, cycles.
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut edges: HashSet<(usize, usize)> = HashSet::new();
    let mut roots = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let item_parents: Vec<usize> = it
            .case
            .parents
            .iter()
            .filter_map(|l| by_id.get(&l.target).copied())
            .collect();
        if item_parents.is_empty() {
            roots.push(i);
            if it.case.parents.is_empty() {
                cx.note(
                    &it.path,
                    "orphan",
                    format!(
                        "item `{}` has no isChildOf association, imported at the top level",
                        clip(&it.identifier, 60)
                    ),
                );
            }
        }
        if it.case.parents.len() > 1 {
            cx.note(
                &it.path,
                "shared_item",
                format!(
                    "item `{}` has {} parents; placed under the first, the others kept as links",
                    clip(&it.identifier, 60),
                    it.case.parents.len()
                ),
            );
        }
        for p in item_parents {
            if edges.insert((p, i)) {
                children.entry(p).or_default().push(i);
            }
        }
    }
    // Cycle check: every item must reach the document through first parents.
    for (i, it) in items.iter().enumerate() {
        let mut seen = HashSet::new();
        let mut cur = i;
        loop {
            if !seen.insert(cur) {
                cx.error(
                    &it.path,
                    "cycle",
                    format!(
                        "item `{}` is in an isChildOf cycle, expected every item to lead up to the document",
                        clip(&it.identifier, 60)
                    ),
                );
                break;
            }
            match items
                .get(cur)
                .and_then(|x| x.case.parents.first())
                .and_then(|l| by_id.get(&l.target))
            {
                Some(&p) => cur = p,
                None => break,
            }
        }
    }
    if !cx.errors.is_empty() {
        return None;
    }
    let first_parent = |i: usize| -> Option<usize> {
        items
            .get(i)
            .and_then(|x| x.case.parents.first())
            .and_then(|l| by_id.get(&l.target).copied())
    };
    let is_leaf = |i: usize| children.get(&i).is_none_or(Vec::is_empty);

    // Roles.
    #[derive(Clone, Copy, PartialEq)]
    enum Role {
        Domain,
        Competency,
        Criterion,
        Flat,
        Grouping,
    }
    let roles: Vec<Role> = (0..items.len())
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
                match first_parent(i) {
                    Some(_) => Role::Criterion,
                    None => Role::Flat,
                }
            } else if children
                .get(&i)
                .is_some_and(|c| c.iter().any(|&c| is_leaf(c) && first_parent(c) == Some(i)))
            {
                Role::Competency
            } else if root {
                Role::Domain
            } else {
                Role::Grouping
            }
        })
        .collect();

    // Groupings are no part of the model: their ids (only for notes) are
    // made apart, so that they never take the name of a domain, competency
    // or criterion (which would then change on the next import).
    let mut used: HashSet<String> = HashSet::new();
    let mut grouping_ids: HashSet<String> = HashSet::new();
    let ids: Vec<String> = items
        .iter()
        .zip(&roles)
        .map(|(it, role)| {
            let base = from_ext::<String>(&it.ext, "id")
                .or_else(|| it.case.human_coding_scheme.clone())
                .unwrap_or_default();
            let set = if *role == Role::Grouping {
                &mut grouping_ids
            } else {
                &mut used
            };
            unique_id(&base, &it.identifier, set)
        })
        .collect();

    // Domains.
    let mut domains: Vec<Domain> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if roles.get(i) == Some(&Role::Domain) {
            domains.push(Domain {
                id: ids.get(i).cloned().unwrap_or_default(),
                label: it.statement.clone(),
                case: Some(it.case.clone()),
            });
        }
    }
    let domain_of = |i: usize| -> Option<String> {
        let mut cur = i;
        let mut steps = 0;
        loop {
            if roles.get(cur) == Some(&Role::Domain) {
                return ids.get(cur).cloned();
            }
            cur = first_parent(cur)?;
            steps += 1;
            if steps > items.len() {
                return None;
            }
        }
    };
    let mut need_general = false;
    let mut competencies: Vec<Competency> = Vec::new();
    let mut comp_index: HashMap<usize, usize> = HashMap::new();
    let mut groupings = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let id = ids.get(i).cloned().unwrap_or_default();
        match roles.get(i).copied().unwrap_or(Role::Grouping) {
            Role::Competency | Role::Flat => {
                let domain = from_ext::<String>(&it.ext, "domain")
                    .filter(|d| domains.iter().any(|x| &x.id == d))
                    .or_else(|| domain_of(i))
                    .unwrap_or_else(|| {
                        need_general = true;
                        "general".to_string()
                    });
                let mut criteria = Vec::new();
                let single = it.ext.get("criterion").and_then(Value::as_object);
                if roles.get(i) == Some(&Role::Flat) || single.is_some() {
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
                competencies.push(Competency {
                    id,
                    domain,
                    category: from_ext(&it.ext, "category"),
                    statement: it.statement.clone(),
                    weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                    priority: from_ext(&it.ext, "priority"),
                    notes: from_ext(&it.ext, "notes"),
                    criteria,
                    case: Some(it.case.clone()),
                });
            }
            Role::Grouping => groupings.push(CaseGrouping {
                statement: it.statement.clone(),
                item: it.case.clone(),
            }),
            Role::Domain | Role::Criterion => {}
        }
    }
    // Criteria go under their first competency parent, ordered by the
    // sequenceNumber of that isChildOf association (then package order).
    let mut placed: Vec<(usize, i64, usize, Criterion)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if roles.get(i) != Some(&Role::Criterion) {
            continue;
        }
        let parent = it.case.parents.iter().find_map(|l| {
            let p = by_id.get(&l.target)?;
            let seq = l
                .fields
                .get("sequenceNumber")
                .and_then(Value::as_i64)
                .unwrap_or(i64::MAX);
            comp_index.get(p).map(|&c| (c, seq))
        });
        let Some((c, seq)) = parent else {
            cx.error(
                &it.path,
                "unplaced",
                format!(
                    "criterion item `{}` has no competency parent",
                    clip(&it.identifier, 60)
                ),
            );
            continue;
        };
        placed.push((
            c,
            seq,
            i,
            Criterion {
                id: ids.get(i).cloned().unwrap_or_default(),
                statement: it.statement.clone(),
                weight: from_ext(&it.ext, "weight").unwrap_or(1.0),
                measure: from_ext(&it.ext, "measure").unwrap_or(Measure::Rating {
                    min: None,
                    max: None,
                }),
                kinds: from_ext(&it.ext, "kinds"),
                notes: from_ext(&it.ext, "notes"),
                case: Some(it.case.clone()),
            },
        ));
    }
    placed.sort_by_key(|(c, seq, i, _)| (*c, *seq, *i));
    for (c, _, _, k) in placed {
        if let Some(comp) = competencies.get_mut(c) {
            comp.criteria.push(k);
        }
    }
    for c in &competencies {
        if c.criteria.is_empty() {
            let path = c
                .case
                .as_ref()
                .and_then(|r| by_id.get(&r.identifier))
                .and_then(|&i| items.get(i))
                .map(|x| x.path.clone())
                .unwrap_or_default();
            cx.error(
                &path,
                "empty",
                format!("competency item `{}` has no criteria", clip(&c.id, 60)),
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
    for (k, v) in pkg {
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

fn is_ext_type(t: &str) -> bool {
    t.strip_prefix("ext:").is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    })
}

fn node_id(m: &Map<String, Value>, key: &str, path: &str, cx: &mut Ctx<'_>) -> Option<String> {
    let p = join(path, key);
    match m.get(key) {
        Some(Value::Object(n)) => match n.get("identifier") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => {
                cx.error(
                    &p,
                    "missing",
                    format!("`{key}` has no identifier, expected an object with an `identifier`"),
                );
                None
            }
        },
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
                                    clip(id, 60)
                                ),
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
            let ls = match cm.get("CFRubricCriterionLevels") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(a)) => criterion_levels(a),
                Some(other) => {
                    cx.error(
                        &join(&cpath, "CFRubricCriterionLevels"),
                        "shape",
                        format!("expected an array, found {}", kind(other)),
                    );
                    Vec::new()
                }
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
            let mut used = HashSet::new();
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

const EPOCH: &str = "1970-01-01T00:00:00+00:00";

fn uri_of(identifier: &str) -> String {
    format!("urn:uuid:{identifier}")
}

struct Node<'a> {
    statement: &'a str,
    case: CaseRef,
    ext: Value,
}

/// The properties of `fields` that are not null (a lenient import keeps
/// them as read; CASE 1.1 has no null values).
fn present(fields: &BTreeMap<String, Value>) -> Map<String, Value> {
    fields
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The package as the model holds it: identifiers, associations and
/// properties kept from an import, the rest derived. [`export`] then makes
/// it valid CASE 1.1.
fn write_package(fw: &Framework) -> CfPackage {
    let base = format!("proficient:{}", fw.id);
    let doc_case = fw.case.clone();
    let doc_identifier = doc_case
        .as_ref()
        .map(|d| d.identifier.clone())
        .unwrap_or_else(|| uuid_v5(&format!("{base}:document")));
    let doc_uri = doc_case
        .as_ref()
        .and_then(|d| d.uri.clone())
        .unwrap_or_else(|| uri_of(&doc_identifier));
    let last_change = doc_case
        .as_ref()
        .and_then(|d| d.fields.get("lastChangeDateTime"))
        .and_then(Value::as_str)
        .unwrap_or(EPOCH)
        .to_string();

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
    let domains: Vec<&Domain> = fw
        .domains
        .iter()
        .filter(|d| {
            d.case.is_some()
                || doc_case.is_none()
                || fw
                    .competencies
                    .iter()
                    .any(|c| c.domain == d.id && c.case.is_none())
        })
        .collect();
    for (i, d) in domains.iter().enumerate() {
        let case = d.case.clone().unwrap_or_else(|| {
            let mut r = derive("domain", &d.id, None, i + 1);
            r.item_type = Some("Domain".into());
            r
        });
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
                case: g.item.clone(),
                ext: Value::Null,
            });
        }
    }
    let domain_ids: HashMap<&str, String> = domains
        .iter()
        .zip(nodes.iter())
        .map(|(d, n)| (d.id.as_str(), n.case.identifier.clone()))
        .collect();
    let mut seq_in_domain: HashMap<&str, usize> = HashMap::new();
    for c in &fw.competencies {
        let seq = seq_in_domain.entry(c.domain.as_str()).or_insert(0);
        *seq += 1;
        let case = c.case.clone().unwrap_or_else(|| {
            let mut r = derive("competency", &c.id, Some((&c.domain, "domain")), *seq);
            if let (Some(l), Some(d)) = (r.parents.first_mut(), domain_ids.get(c.domain.as_str())) {
                l.target = d.clone();
            }
            r.item_type = Some("Competency".into());
            r
        });
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
        nodes.push(Node {
            statement: &c.statement,
            case,
            ext,
        });
        if flat {
            continue;
        }
        for (j, k) in c.criteria.iter().enumerate() {
            let case = k.case.clone().unwrap_or_else(|| {
                let mut r = derive("criterion", &k.id, Some((&c.id, "competency")), j + 1);
                if let Some(l) = r.parents.first_mut() {
                    l.target = comp_identifier.clone();
                }
                r.item_type = Some("Criterion".into());
                r
            });
            let mut ext = criterion_ext(k);
            if let Value::Object(m) = &mut ext {
                m.insert("kind".into(), json!("criterion"));
                m.insert("id".into(), json!(k.id));
            }
            nodes.push(Node {
                statement: &k.statement,
                case,
                ext,
            });
        }
    }

    // Titles and URIs of nodes, for association ends.
    let mut ends: HashMap<String, (String, String)> = HashMap::new();
    let doc_title = fw.title.clone();
    ends.insert(doc_identifier.clone(), (doc_title.clone(), doc_uri.clone()));
    for n in &nodes {
        let uri = n
            .case
            .uri
            .clone()
            .unwrap_or_else(|| uri_of(&n.case.identifier));
        ends.insert(n.case.identifier.clone(), (clip(n.statement, 80), uri));
    }
    let end = |id: &str| -> Value {
        let (title, uri) = ends
            .get(id)
            .cloned()
            .unwrap_or_else(|| (id.to_string(), uri_of(id)));
        json!({"title": title, "identifier": id, "uri": uri})
    };

    let mut items = Vec::new();
    let mut associations = Vec::new();
    for n in &nodes {
        let mut m = present(&n.case.fields);
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
            if let Value::Object(e) = ext {
                e.insert("proficient".into(), n.ext.clone());
            }
        }
        items.push(m);
        for l in n.case.parents.iter().chain(&n.case.associations) {
            let mut a = present(&l.fields);
            a.insert("identifier".into(), json!(l.identifier));
            a.insert("associationType".into(), json!(l.association_type));
            a.entry("uri")
                .or_insert_with(|| json!(uri_of(&l.identifier)));
            a.entry("originNodeURI")
                .or_insert_with(|| end(&n.case.identifier));
            a.entry("destinationNodeURI")
                .or_insert_with(|| end(&l.target));
            a.entry("lastChangeDateTime")
                .or_insert_with(|| json!(last_change));
            associations.push(a);
        }
    }
    if let Some(dc) = &doc_case {
        for a in &dc.associations {
            if let Value::Object(m) = a {
                let mut a: Map<String, Value> = m
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let uri = a
                    .get("identifier")
                    .and_then(Value::as_str)
                    .map(uri_of)
                    .unwrap_or_default();
                a.entry("uri").or_insert_with(|| json!(uri));
                a.entry("lastChangeDateTime")
                    .or_insert_with(|| json!(last_change));
                associations.push(a);
            }
        }
    }

    // Document.
    let mut doc: Map<String, Value> = doc_case
        .as_ref()
        .map(|d| present(&d.fields))
        .unwrap_or_default();
    doc.insert("identifier".into(), json!(doc_identifier));
    doc.insert("uri".into(), json!(doc_uri));
    doc.insert("title".into(), json!(fw.title));
    doc.entry("creator").or_insert_with(|| {
        json!(fw
            .source
            .publisher
            .clone()
            .unwrap_or_else(|| "proficient".into()))
    });
    doc.entry("lastChangeDateTime")
        .or_insert_with(|| json!(last_change));
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
    let fw_ext = json!({
        "id": fw.id,
        "source": fw.source,
        "rating_scale": fw.rating_scale,
        "levels": fw.levels,
        "evidence_kinds": fw.evidence_kinds,
        "evidence_policy": fw.evidence_policy,
        "categories": fw.categories,
    });
    let ext = doc.entry("extensions").or_insert_with(|| json!({}));
    if let Value::Object(e) = ext {
        e.insert("proficient".into(), fw_ext);
    }
    CfPackage {
        document: doc,
        items,
        associations,
        other: doc_case.map(|d| d.package).unwrap_or_default(),
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
    /// JSON path of the object it identifies, in the exported package.
    pub path: String,
}

/// A CFPackage written by [`export`], and the identifiers it replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The package.
    pub package: CfPackage,
    /// Identifiers replaced, in package order (empty for native frameworks
    /// and packages whose identifiers are all UUIDs).
    pub replaced: Vec<Replacement>,
}

impl Export {
    /// The package as pretty JSON with a final newline.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&self.package)
            .map(|s| s + "\n")
            .unwrap_or_default()
    }
}

/// `ext:NAME` for an association type outside the CASE 1.1 vocabulary
/// (characters an extension name cannot hold become `-`).
fn ext_type(t: &str) -> String {
    let name: String = t
        .strip_prefix("ext:")
        .unwrap_or(t)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "ext:unknown".into()
    } else {
        format!("ext:{name}")
    }
}

/// Leaves out, or writes in CASE 1.1 form, what a lenient import tolerated:
/// properties CASE 1.1 does not define (e.g. CASE 1.0's `CFDocumentURI` and
/// `CFPackageURI`), a `caseVersion` other than `1.1`, sequence numbers
/// written as strings, association types outside the vocabulary (as
/// `ext:NAME`), and links of rubric criteria to no item of the package.
/// A package that was valid CASE 1.1 is left as it is.
fn to_case_1_1(p: &mut CfPackage) {
    p.document.retain(|k, _| DOC_KEYS.contains(&k.as_str()));
    if let Some(v) = p.document.get_mut("caseVersion") {
        *v = json!("1.1");
    }
    for m in &mut p.items {
        m.retain(|k, _| ITEM_KEYS.contains(&k.as_str()));
    }
    for a in &mut p.associations {
        a.retain(|k, _| ASSOC_KEYS.contains(&k.as_str()));
        if let Some(Value::String(s)) = a.get("sequenceNumber") {
            match s.trim().parse::<i64>() {
                Ok(n) => {
                    a.insert("sequenceNumber".into(), json!(n));
                }
                Err(_) => {
                    a.remove("sequenceNumber");
                }
            }
        }
        if let Some(Value::String(t)) = a.get_mut("associationType") {
            if !ASSOC_TYPES.contains(&t.as_str()) && !is_ext_type(t) {
                *t = ext_type(t);
            }
        }
    }
    p.other.retain(|k, _| PACKAGE_KEYS.contains(&k.as_str()));
    let mut nodes: HashSet<String> = p
        .items
        .iter()
        .filter_map(|m| m.get("identifier").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    if let Some(Value::String(d)) = p.document.get("identifier") {
        nodes.insert(d.clone());
    }
    if let Some(Value::Array(rubrics)) = p.other.get_mut("CFRubrics") {
        for r in rubrics {
            let Some(Value::Array(criteria)) = r.get_mut("CFRubricCriteria") else {
                continue;
            };
            for c in criteria {
                let Value::Object(cm) = c else { continue };
                let dangling = cm
                    .get("CFItemURI")
                    .and_then(|l| l.get("identifier"))
                    .and_then(Value::as_str)
                    .is_some_and(|id| !nodes.contains(id));
                if dangling {
                    cm.remove("CFItemURI");
                }
            }
        }
    }
}

/// Records the identifiers a package defines that are not CASE UUIDs: the
/// `identifier` of every object that is not a link (links are the values of
/// `...URI` properties).
fn non_uuid_ids(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("identifier") {
                if !is_case_uuid(id) && !out.iter().any(|(old, _)| old == id) {
                    out.push((id.clone(), path.to_string()));
                }
            }
            for (k, x) in m {
                if !k.ends_with("URI") {
                    non_uuid_ids(x, &join(path, k), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                non_uuid_ids(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
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

/// Replaces the identifiers that are not CASE 1.1 UUIDs (kept from a CASE
/// 1.0-era package read with [`Mode::Lenient`]) by name-based UUIDs derived
/// from the framework id and the old identifier, rewriting every reference
/// to them.
fn replace_non_uuids(package: &mut CfPackage, framework_id: &str) -> Vec<Replacement> {
    let mut found = Vec::new();
    let doc = Value::Object(std::mem::take(&mut package.document));
    non_uuid_ids(&doc, "CFDocument", &mut found);
    let items = Value::Array(
        std::mem::take(&mut package.items)
            .into_iter()
            .map(Value::Object)
            .collect(),
    );
    non_uuid_ids(&items, "CFItems", &mut found);
    let associations = Value::Array(
        std::mem::take(&mut package.associations)
            .into_iter()
            .map(Value::Object)
            .collect(),
    );
    non_uuid_ids(&associations, "CFAssociations", &mut found);
    for (k, v) in &package.other {
        non_uuid_ids(v, k, &mut found);
    }
    // A derived UUID may already be an identifier of the package (or of a
    // link out of it): then the next one is taken.
    let mut taken = HashSet::new();
    for v in [&doc, &items, &associations]
        .into_iter()
        .chain(package.other.values())
    {
        all_ids(v, &mut taken);
    }
    let base = format!("proficient:{framework_id}");
    let replaced: Vec<Replacement> = found
        .into_iter()
        .map(|(old, path)| {
            let mut new = uuid_v5(&format!("{base}:identifier:{old}"));
            let mut n = 2;
            while taken.contains(&new) {
                new = uuid_v5(&format!("{base}:identifier:{old}:{n}"));
                n += 1;
            }
            taken.insert(new.clone());
            Replacement { new, old, path }
        })
        .collect();
    let map: HashMap<String, String> = replaced
        .iter()
        .map(|r| (r.old.clone(), r.new.clone()))
        .collect();
    let objects = |mut v: Value| -> Vec<Map<String, Value>> {
        rewrite_ids(&mut v, &map);
        match v {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|x| match x {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    package.items = objects(items);
    package.associations = objects(associations);
    package.document = objects(Value::Array(vec![doc]))
        .into_iter()
        .next()
        .unwrap_or_default();
    for v in package.other.values_mut() {
        rewrite_ids(v, &map);
    }
    replaced
}

/// Exports `fw` as a CASE 1.1 CFPackage that passes a strict import.
///
/// Identifiers kept from an import are written back when they are UUIDs;
/// native frameworks get name-based UUIDs (version 5) of the framework id
/// and item ids, so re-exports are identical. What a lenient import of a
/// CASE 1.0-era package tolerated is written as CASE 1.1: properties CASE
/// 1.1 does not define (e.g. `CFDocumentURI`, `CFPackageURI`) and null
/// values are left out, `caseVersion` is `1.1`, sequence numbers are
/// integers, association types outside the vocabulary become `ext:NAME`,
/// rubric criteria lose links to no item of the package, and identifiers
/// that are not UUIDs are replaced by UUIDs derived from the framework id
/// and the old identifier, each listed in [`Export::replaced`]. This is
/// stable: importing the export strictly and exporting again gives the same
/// package.
pub fn export(fw: &Framework) -> Export {
    let mut package = write_package(fw);
    to_case_1_1(&mut package);
    let replaced = replace_non_uuids(&mut package, &fw.id);
    Export { package, replaced }
}

/// [`export`] as pretty JSON with a final newline.
pub fn export_json(fw: &Framework) -> String {
    export(fw).json()
}

/// A framework as YAML (e.g. an imported one, for `import-case --out`).
pub fn framework_yaml(fw: &Framework) -> Result<String, String> {
    serde_yaml::to_string(fw).map_err(|e| format!("cannot render YAML: {e}"))
}
