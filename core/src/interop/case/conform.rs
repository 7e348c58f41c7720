//! What CASE 1.1 allows, property by property, and how a value it does not
//! allow is brought into its form.
//!
//! One table ([`props`]) lists, for every object of a CFPackage, the
//! properties of the CASE 1.1 JSON Schema (`getCFPackage` response, draft
//! 2020-12) with their types, formats and whether they are required. The
//! same walk over a package ([`Walker`]) serves three purposes, so that they
//! cannot disagree:
//!
//! - a strict import reports every value the schema refuses (an error);
//! - a lenient import changes each such value in place into the form CASE
//!   1.1 allows (or leaves it out) and notes what it did;
//! - an export does the same to the package it writes, and also fills in
//!   what CASE 1.1 requires and the model does not hold (a `uri`, a
//!   `lastChangeDateTime`, a CFItemType's `description`), so the result is
//!   valid CASE 1.1 and a strict import of it finds nothing to report.
//!
//! Properties the importer reads itself (an item's `identifier` and
//! `fullStatement`, an association's ends, ...) are only checked here for
//! their format; a missing or mistyped one is the importer's error.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde_json::{json, Map, Value};

use crate::base::error::Diagnostic;
use crate::base::text::clip;

use super::uuid::uri_of;

/// An object of a CFPackage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Package,
    Document,
    Item,
    Association,
    Definitions,
    Concept,
    Subject,
    License,
    ItemType,
    Grouping,
    Rubric,
    RubricCriterion,
    RubricLevel,
    /// `LinkURIDType`: title, identifier (a UUID) and uri, all required.
    Link,
    /// `LinkGenURIDType` (association ends): the identifier may be any text.
    NodeLink,
}

impl Kind {
    /// The name used in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Package => "CFPackage",
            Kind::Document => "CFDocument",
            Kind::Item => "CFItem",
            Kind::Association => "CFAssociation",
            Kind::Definitions => "CFDefinitions",
            Kind::Concept => "CFConcept",
            Kind::Subject => "CFSubject",
            Kind::License => "CFLicense",
            Kind::ItemType => "CFItemType",
            Kind::Grouping => "CFAssociationGrouping",
            Kind::Rubric => "CFRubric",
            Kind::RubricCriterion => "CFRubricCriterion",
            Kind::RubricLevel => "CFRubricCriterionLevel",
            Kind::Link => "link",
            Kind::NodeLink => "association end",
        }
    }
}

/// The type (and format) of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A string.
    Str,
    /// A string, format `uri` (RFC 3986, with a scheme).
    Uri,
    /// A string, format `date-time` (RFC 3339, with a time zone).
    DateTime,
    /// A string, format `date` (`YYYY-MM-DD`).
    Date,
    /// A string matching the schema's UUID pattern (RFC 4122 variant).
    Uuid,
    /// An array of strings.
    Strings,
    /// An integer (format `int32`).
    Int,
    /// A number.
    Num,
    /// An extension object (any properties).
    Ext,
    /// An array of extension objects.
    ExtList,
    /// `caseVersion`: only `1.1`.
    CaseVersion,
    /// `associationType`: the CASE vocabulary or `ext:NAME`.
    AssocType,
    /// `targetType` of an association end: `CASE` or `ext:NAME`.
    TargetType,
    /// An object of a kind.
    Obj(Kind),
    /// An array of objects of a kind.
    List(Kind),
}

/// One property of an object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prop {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// Read (and its presence and JSON type checked) by the importer
    /// itself: here only its format is checked.
    pub(crate) hard: bool,
}

const fn p(name: &'static str, ty: Ty) -> Prop {
    Prop {
        name,
        ty,
        required: false,
        hard: false,
    }
}
const fn req(name: &'static str, ty: Ty) -> Prop {
    Prop {
        name,
        ty,
        required: true,
        hard: false,
    }
}
const fn hard(name: &'static str, ty: Ty, required: bool) -> Prop {
    Prop {
        name,
        ty,
        required,
        hard: true,
    }
}

const PACKAGE: &[Prop] = &[
    hard("CFDocument", Ty::Obj(Kind::Document), true),
    hard("CFItems", Ty::List(Kind::Item), false),
    hard("CFAssociations", Ty::List(Kind::Association), false),
    p("CFDefinitions", Ty::Obj(Kind::Definitions)),
    hard("CFRubrics", Ty::List(Kind::Rubric), false),
    p("extensions", Ty::Ext),
];
const DOCUMENT: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    req("uri", Ty::Uri),
    p("frameworkType", Ty::Str),
    p("caseVersion", Ty::CaseVersion),
    req("creator", Ty::Str),
    hard("title", Ty::Str, true),
    req("lastChangeDateTime", Ty::DateTime),
    p("officialSourceURL", Ty::Uri),
    p("publisher", Ty::Str),
    p("description", Ty::Str),
    p("subject", Ty::Strings),
    p("subjectURI", Ty::List(Kind::Link)),
    p("language", Ty::Str),
    p("version", Ty::Str),
    p("adoptionStatus", Ty::Str),
    p("statusStartDate", Ty::Date),
    p("statusEndDate", Ty::Date),
    p("licenseURI", Ty::Obj(Kind::Link)),
    p("notes", Ty::Str),
    p("extensions", Ty::Ext),
];
const ITEM: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    hard("fullStatement", Ty::Str, true),
    p("alternativeLabel", Ty::Str),
    p("CFItemType", Ty::Str),
    req("uri", Ty::Uri),
    p("humanCodingScheme", Ty::Str),
    p("listEnumeration", Ty::Str),
    p("abbreviatedStatement", Ty::Str),
    p("conceptKeywords", Ty::Strings),
    p("conceptKeywordsURI", Ty::Obj(Kind::Link)),
    p("notes", Ty::Str),
    p("subject", Ty::Strings),
    p("subjectURI", Ty::List(Kind::Link)),
    p("language", Ty::Str),
    p("educationLevel", Ty::Strings),
    p("CFItemTypeURI", Ty::Obj(Kind::Link)),
    p("licenseURI", Ty::Obj(Kind::Link)),
    p("statusStartDate", Ty::Date),
    p("statusEndDate", Ty::Date),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const ASSOCIATION: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    hard("associationType", Ty::AssocType, true),
    hard("sequenceNumber", Ty::Int, false),
    req("uri", Ty::Uri),
    hard("originNodeURI", Ty::Obj(Kind::NodeLink), true),
    hard("destinationNodeURI", Ty::Obj(Kind::NodeLink), true),
    p("CFAssociationGroupingURI", Ty::Obj(Kind::Link)),
    req("lastChangeDateTime", Ty::DateTime),
    p("notes", Ty::Str),
    p("extensions", Ty::Ext),
];
const DEFINITIONS: &[Prop] = &[
    p("CFConcepts", Ty::List(Kind::Concept)),
    p("CFSubjects", Ty::List(Kind::Subject)),
    p("CFLicenses", Ty::List(Kind::License)),
    p("CFItemTypes", Ty::List(Kind::ItemType)),
    p("CFAssociationGroupings", Ty::List(Kind::Grouping)),
    p("extensions", Ty::Ext),
];
const CONCEPT: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    p("keywords", Ty::Str),
    req("hierarchyCode", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const SUBJECT: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    req("hierarchyCode", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const LICENSE: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    p("description", Ty::Str),
    req("licenseText", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const ITEM_TYPE: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    req("description", Ty::Str),
    req("hierarchyCode", Ty::Str),
    p("typeCode", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const GROUPING: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const RUBRIC: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    req("uri", Ty::Uri),
    p("title", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    hard("CFRubricCriteria", Ty::List(Kind::RubricCriterion), false),
    p("extensions", Ty::Ext),
];
const RUBRIC_CRITERION: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    p("category", Ty::Str),
    p("description", Ty::Str),
    hard("CFItemURI", Ty::Obj(Kind::Link), false),
    p("weight", Ty::Num),
    p("position", Ty::Int),
    p("rubricId", Ty::Uuid),
    req("lastChangeDateTime", Ty::DateTime),
    p("CFRubricCriterionLevels", Ty::List(Kind::RubricLevel)),
    p("extensions", Ty::Ext),
];
const RUBRIC_LEVEL: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    p("description", Ty::Str),
    p("quality", Ty::Str),
    p("score", Ty::Num),
    p("feedback", Ty::Str),
    p("position", Ty::Int),
    p("rubricCriterionId", Ty::Uuid),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::ExtList),
];
const LINK: &[Prop] = &[
    req("title", Ty::Str),
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
];
const NODE_LINK: &[Prop] = &[
    req("title", Ty::Str),
    hard("identifier", Ty::Str, true),
    req("uri", Ty::Uri),
    p("targetType", Ty::TargetType),
];

/// The properties CASE 1.1 defines for `kind`, in the schema's order.
pub(crate) fn props(kind: Kind) -> &'static [Prop] {
    match kind {
        Kind::Package => PACKAGE,
        Kind::Document => DOCUMENT,
        Kind::Item => ITEM,
        Kind::Association => ASSOCIATION,
        Kind::Definitions => DEFINITIONS,
        Kind::Concept => CONCEPT,
        Kind::Subject => SUBJECT,
        Kind::License => LICENSE,
        Kind::ItemType => ITEM_TYPE,
        Kind::Grouping => GROUPING,
        Kind::Rubric => RUBRIC,
        Kind::RubricCriterion => RUBRIC_CRITERION,
        Kind::RubricLevel => RUBRIC_LEVEL,
        Kind::Link => LINK,
        Kind::NodeLink => NODE_LINK,
    }
}

/// The property names of `kind`.
pub(crate) fn names(kind: Kind) -> Vec<&'static str> {
    props(kind).iter().map(|p| p.name).collect()
}

/// The association types of CASE 1.1.
pub(crate) const ASSOC_TYPES: &[&str] = &[
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

/// `ext:NAME`, as the schema's pattern for extension vocabulary.
pub(crate) fn is_ext_type(t: &str) -> bool {
    t.strip_prefix("ext:").is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    })
}

/// `ext:NAME` for a type outside the vocabulary (characters an extension
/// name cannot hold become `-`).
pub(crate) fn ext_type(t: &str) -> String {
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

// ---------------------------------------------------------------- UUIDs

/// Whether `s` is a lowercase RFC 4122 UUID as the CASE 1.1 schema requires
/// (8-4-4-4-12 lowercase hexadecimal digits, the variant digit, first of
/// the fourth group, `8`, `9`, `a` or `b`).
pub fn is_case_uuid(s: &str) -> bool {
    uuid_problem(s).is_none()
}

/// What keeps `s` from being a CASE 1.1 UUID, in words, or `None`.
pub(crate) fn uuid_problem(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shaped = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    if !shaped {
        return Some(
            "is not a UUID, expected 32 hexadecimal digits grouped 8-4-4-4-12 (e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`)"
                .into(),
        );
    }
    if b.iter().any(u8::is_ascii_uppercase) {
        return Some("has uppercase letters, expected a lowercase UUID".into());
    }
    let variant = b.get(19).copied().map(char::from).unwrap_or('?');
    if !matches!(variant, '8' | '9' | 'a' | 'b') {
        let version = b.get(14).copied().map(char::from).unwrap_or('?');
        let also = if ('1'..='8').contains(&version) {
            String::new()
        } else {
            format!(" (its version digit, first of the third group, is `{version}`: not a generated UUID)")
        };
        return Some(format!(
            "is lowercase but not an RFC 4122 UUID: its variant digit (first of the fourth group) is `{variant}`, expected `8`, `9`, `a` or `b`{also}"
        ));
    }
    None
}

// ---------------------------------------------------------------- formats

fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}
fn is_sub_delim(c: u8) -> bool {
    matches!(
        c,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Whether `s` is made of `allowed` bytes and well-formed `%XX` escapes.
fn chars_ok(s: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == b'%' {
            let hex = |j: usize| s.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else if allowed(c) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fn is_pchar(c: u8) -> bool {
    is_unreserved(c) || is_sub_delim(c) || matches!(c, b':' | b'@')
}

/// Whether `s` is a URI as RFC 3986 section 3 defines it (`scheme ":"
/// hier-part [ "?" query ] [ "#" fragment ]`), what JSON Schema's `uri`
/// format means.
pub(crate) fn is_uri(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let (scheme, rest) = (
        b.get(..colon).unwrap_or(&[]),
        b.get(colon + 1..).unwrap_or(&[]),
    );
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let (rest, fragment) = match rest.iter().position(|&c| c == b'#') {
        Some(i) => (rest.get(..i).unwrap_or(&[]), rest.get(i + 1..)),
        None => (rest, None),
    };
    let (hier, query) = match rest.iter().position(|&c| c == b'?') {
        Some(i) => (rest.get(..i).unwrap_or(&[]), rest.get(i + 1..)),
        None => (rest, None),
    };
    let qf = |x: &[u8]| chars_ok(x, |c| is_pchar(c) || matches!(c, b'/' | b'?'));
    if !query.is_none_or(qf) || !fragment.is_none_or(qf) {
        return false;
    }
    let path_ok = |x: &[u8]| chars_ok(x, |c| is_pchar(c) || c == b'/');
    match hier.strip_prefix(b"//") {
        Some(after) => {
            let end = after.iter().position(|&c| c == b'/').unwrap_or(after.len());
            let (authority, path) = (
                after.get(..end).unwrap_or(&[]),
                after.get(end..).unwrap_or(&[]),
            );
            authority_ok(authority) && path_ok(path)
        }
        None => path_ok(hier),
    }
}

fn authority_ok(a: &[u8]) -> bool {
    let host_port = match a.iter().rposition(|&c| c == b'@') {
        Some(i) => {
            let user = a.get(..i).unwrap_or(&[]);
            if !chars_ok(user, |c| is_unreserved(c) || is_sub_delim(c) || c == b':') {
                return false;
            }
            a.get(i + 1..).unwrap_or(&[])
        }
        None => a,
    };
    let (host, port) = if host_port.first() == Some(&b'[') {
        let Some(close) = host_port.iter().position(|&c| c == b']') else {
            return false;
        };
        let inside = host_port.get(1..close).unwrap_or(&[]);
        let ok = std::str::from_utf8(inside)
            .ok()
            .is_some_and(|t| t.parse::<std::net::Ipv6Addr>().is_ok());
        if !ok {
            return false;
        }
        match host_port.get(close + 1..).unwrap_or(&[]) {
            [] => (&[][..], None),
            [b':', port @ ..] => (&[][..], Some(port)),
            _ => return false,
        }
    } else {
        match host_port.iter().rposition(|&c| c == b':') {
            Some(i) => (host_port.get(..i).unwrap_or(&[]), host_port.get(i + 1..)),
            None => (host_port, None),
        }
    };
    chars_ok(host, |c| is_unreserved(c) || is_sub_delim(c))
        && port.is_none_or(|p| p.iter().all(u8::is_ascii_digit))
}

/// `s` with what a URI cannot hold percent-encoded (spaces, non-ASCII
/// characters as UTF-8, `"<>\^`{|}`, a `%` not starting an escape, a second
/// `#`, brackets outside the host), when that makes it a URI.
fn encode_uri(s: &str) -> Option<String> {
    let s = s.trim();
    let mut out = String::new();
    let b = s.as_bytes();
    let mut seen_hash = false;
    // Brackets are only allowed around an IP literal host: `scheme://[`.
    let host_start = s.find("://").map(|i| i + 3);
    let mut in_literal = false;
    for (i, &c) in b.iter().enumerate() {
        let keep = match c {
            b'%' => {
                let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
                hex(i + 1) && hex(i + 2)
            }
            b'#' if seen_hash => false,
            b'#' => {
                seen_hash = true;
                true
            }
            b'[' if Some(i) == host_start => {
                in_literal = true;
                true
            }
            b']' if in_literal => {
                in_literal = false;
                true
            }
            b'[' | b']' => false,
            c => is_unreserved(c) || is_sub_delim(c) || matches!(c, b':' | b'/' | b'?' | b'@'),
        };
        if keep {
            out.push(char::from(c));
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    is_uri(&out).then_some(out)
}

/// A calendar date `YYYY-MM-DD`, exactly.
fn is_date(s: &str) -> bool {
    s.len() == 10 && crate::base::date::Date::parse(s).is_ok()
}

/// How a date-time text stands against RFC 3339.
#[derive(Debug, PartialEq)]
enum DateTime {
    Valid,
    /// Read, written in RFC 3339 form; `true` when the time zone was
    /// missing (read as UTC).
    Fixed(String, bool),
    Invalid,
}

fn two(b: &[u8], i: usize, max: u32) -> Option<u32> {
    let d = |j: usize| {
        b.get(j)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let v = d(i)? * 10 + d(i + 1)?;
    (v <= max).then_some(v)
}

fn date_time(s: &str) -> DateTime {
    let t = s.trim();
    let b = t.as_bytes();
    let Some(date) = t.get(..10).filter(|d| is_date(d)) else {
        return DateTime::Invalid;
    };
    if b.len() == 10 {
        return DateTime::Fixed(format!("{date}T00:00:00+00:00"), true);
    }
    let sep = b.get(10).copied();
    if !matches!(sep, Some(b'T' | b't' | b' ')) {
        return DateTime::Invalid;
    }
    // HH:MM[:SS[.fraction]]
    let (Some(hh), Some(b':'), Some(mm)) = (two(b, 11, 23), b.get(13), two(b, 14, 59)) else {
        return DateTime::Invalid;
    };
    let mut i = 16;
    let mut ss = None;
    if b.get(i) == Some(&b':') {
        let Some(v) = two(b, i + 1, 59) else {
            return DateTime::Invalid;
        };
        ss = Some(v);
        i += 3;
    }
    let mut fraction = "";
    if ss.is_some() && b.get(i) == Some(&b'.') {
        let digits = b
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return DateTime::Invalid;
        }
        fraction = t.get(i..i + 1 + digits).unwrap_or("");
        i += 1 + digits;
    }
    // Z, +HH:MM, +HHMM, +HH or nothing.
    let zone = b.get(i..).unwrap_or(&[]);
    let (offset, canonical_zone) = match zone {
        [] => (None, false),
        [b'Z' | b'z'] => (Some("Z".to_string()), true),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, om, canonical) = match rest {
                [_, _, b':', _, _] => (two(rest, 0, 23), two(rest, 3, 59), true),
                [_, _, _, _] => (two(rest, 0, 23), two(rest, 2, 59), false),
                [_, _] => (two(rest, 0, 23), Some(0), false),
                _ => (None, None, false),
            };
            let (Some(oh), Some(om)) = (oh, om) else {
                return DateTime::Invalid;
            };
            (
                Some(format!("{}{oh:02}:{om:02}", char::from(*sign))),
                canonical,
            )
        }
        _ => return DateTime::Invalid,
    };
    let valid = t.len() == s.len() && sep != Some(b' ') && ss.is_some() && canonical_zone;
    if valid {
        return DateTime::Valid;
    }
    let no_zone = offset.is_none();
    DateTime::Fixed(
        format!(
            "{date}T{hh:02}:{mm:02}:{:02}{fraction}{}",
            ss.unwrap_or(0),
            offset.unwrap_or_else(|| "+00:00".into())
        ),
        no_zone,
    )
}

/// `s` as an RFC 3339 date-time: itself when it is one, else written in
/// that form as the walker would (no time zone: UTC), or `None`.
pub(crate) fn normalise_date_time(s: &str) -> Option<String> {
    match date_time(s) {
        DateTime::Valid => Some(s.to_string()),
        DateTime::Fixed(f, _) => Some(f),
        DateTime::Invalid => None,
    }
}

// ---------------------------------------------------------------- walking

/// One value CASE 1.1 does not allow: where, a stable code, what is wrong
/// and, when the walker changed it, what it did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) path: String,
    pub(crate) code: &'static str,
    pub(crate) problem: String,
    pub(crate) action: String,
    /// How many values this finding stands for (grouped findings: the
    /// first is described, at its path).
    pub(crate) count: usize,
}

/// A diagnostic at `path` (placed at a line and column later, if at all).
pub(crate) fn diagnostic(path: &str, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        file: None,
        line: None,
        column: None,
        path: path.to_string(),
        code: code.to_string(),
        message,
    }
}

impl Finding {
    /// `problem; action`, with how many places it stands for.
    pub(crate) fn message(&self) -> String {
        let more = if self.count > 1 {
            format!(" ({} places in all, the first here)", self.count)
        } else {
            String::new()
        };
        format!("{}; {}{more}", self.problem, self.action)
    }
}

/// A path without its indices (`CFItems[3].subjectURI[0].uri` ->
/// `CFItems.subjectURI.uri`): findings are grouped by it.
pub(crate) fn group_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A walk over a CFPackage by the table of [`props`].
pub(crate) struct Walker<'a> {
    /// Change values into CASE 1.1 form (else only report them).
    pub(crate) fix: bool,
    /// Also fill in required properties that are missing (export).
    pub(crate) fill: bool,
    /// The package's time stamp, for a missing `lastChangeDateTime`.
    pub(crate) stamp: Option<&'a str>,
    /// Titles and URIs of the objects of the package by identifier, for
    /// links that lack them (export).
    pub(crate) known: Option<&'a HashMap<String, (String, String)>>,
    /// Group findings by code and property, one per group (else keep the
    /// first `limit` of them).
    pub(crate) group: bool,
    /// Most findings kept when not grouping.
    pub(crate) limit: usize,
    /// What was found, in document order.
    pub(crate) findings: Vec<Finding>,
    /// How many findings there were in all.
    pub(crate) total: usize,
    /// How many of them are in no finding (past `limit`).
    pub(crate) unlisted: usize,
    groups: HashMap<(&'static str, String), usize>,
    /// Identifiers where CASE 1.1 requires a UUID that are not one, with
    /// their paths (an export replaces them).
    pub(crate) non_uuids: Vec<(String, String)>,
    seen_non_uuid: HashSet<String>,
}

/// Whether `v` is a valid scalar value of `prop` (objects and arrays of
/// objects are walked).
fn conforms(v: &Value, prop: &Prop) -> bool {
    match (prop.ty, v) {
        (Ty::Str, Value::String(_)) | (Ty::Num, Value::Number(_)) | (Ty::Ext, Value::Object(_)) => {
            true
        }
        (Ty::Uri, Value::String(s)) => is_uri(s),
        (Ty::DateTime, Value::String(s)) => date_time(s) == DateTime::Valid,
        (Ty::Date, Value::String(s)) => is_date(s),
        (Ty::Uuid, Value::String(s)) => is_case_uuid(s),
        (Ty::Strings, Value::Array(a)) => a.iter().all(Value::is_string),
        (Ty::Int, Value::Number(n)) => n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
        (Ty::ExtList, Value::Array(a)) => a.iter().all(Value::is_object),
        (Ty::CaseVersion, Value::String(s)) => s == "1.1",
        (Ty::AssocType, Value::String(t)) => ASSOC_TYPES.contains(&t.as_str()) || is_ext_type(t),
        (Ty::TargetType, Value::String(t)) => t == "CASE" || is_ext_type(t),
        _ => false,
    }
}

/// What a value of `ty` is, in words (`a string`, `a date-time`).
fn ty_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Str | Ty::CaseVersion | Ty::AssocType | Ty::TargetType => "a string",
        Ty::Uri => "a URI",
        Ty::DateTime => "a date-time",
        Ty::Date => "a date",
        Ty::Uuid => "a UUID",
        Ty::Strings => "an array of strings",
        Ty::Int => "an integer",
        Ty::Num => "a number",
        Ty::Ext | Ty::Obj(_) => "an object",
        Ty::ExtList | Ty::List(_) => "an array",
    }
}

/// What to do with a value.
enum Outcome {
    Keep,
    Replace(Value),
    Drop,
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where the walk is: made into a JSON path string only for a report.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// `CFItems[3].subject`.
    pub(crate) fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut p = self;
        loop {
            match p {
                Path::Root => break,
                Path::Key(up, k) => {
                    parts.push((Some(*k), 0));
                    p = up;
                }
                Path::Index(up, i) => {
                    parts.push((None, *i));
                    p = up;
                }
            }
        }
        let mut out = String::new();
        for (k, i) in parts.into_iter().rev() {
            match k {
                Some(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                None => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

fn quote(v: &Value) -> String {
    match v {
        Value::String(s) => clip(s, 40),
        other => clip(&other.to_string(), 40),
    }
}

impl<'a> Walker<'a> {
    pub(crate) fn new(fix: bool) -> Walker<'a> {
        Walker {
            fix,
            fill: false,
            stamp: None,
            known: None,
            group: fix,
            limit: crate::base::error::MAX_PROBLEMS,
            findings: Vec::new(),
            total: 0,
            unlisted: 0,
            groups: HashMap::default(),
            non_uuids: Vec::new(),
            seen_non_uuid: HashSet::default(),
        }
    }

    fn report(&mut self, path: &Path<'_>, code: &'static str, problem: String, action: &str) {
        self.total += 1;
        let path = path.render();
        let path = path.as_str();
        if self.group {
            let key = (code, group_key(path));
            if let Some(f) = self
                .groups
                .get(&key)
                .and_then(|&i| self.findings.get_mut(i))
            {
                f.count += 1;
                return;
            }
            // Property names come from the input: the number of groups is
            // bounded too.
            if self.findings.len() >= self.limit {
                self.unlisted += 1;
                return;
            }
            self.groups.insert(key, self.findings.len());
        } else if self.findings.len() >= self.limit {
            self.unlisted += 1;
            return;
        }
        self.findings.push(Finding {
            path: path.to_string(),
            code,
            problem,
            action: action.to_string(),
            count: 1,
        });
    }

    /// Walks a whole package.
    pub(crate) fn package(&mut self, root: &mut Value) {
        if let Value::Object(m) = root {
            self.object(m, Kind::Package, &Path::Root);
        }
    }

    /// Walks one object of `kind` at `path`; returns false when it cannot
    /// be made valid (a required property that cannot be filled in is
    /// missing) and should be left out.
    pub(crate) fn object(
        &mut self,
        m: &mut Map<String, Value>,
        kind: Kind,
        path: &Path<'_>,
    ) -> bool {
        let table = props(kind);
        // Unknown properties.
        let unknown: Vec<String> = m
            .keys()
            .filter(|k| !table.iter().any(|p| p.name == k.as_str()))
            .cloned()
            .collect();
        for k in unknown {
            // Names CASE 1.0-era exporters used for a CASE 1.1 property.
            let alias = match (kind, k.as_str()) {
                (Kind::Item, "educationalLevel") => Some("educationLevel"),
                (Kind::Document | Kind::Item, "subjectURL") => Some("subjectURI"),
                _ => None,
            }
            .filter(|a| !m.contains_key(*a));
            if let Some(a) = alias {
                self.report(
                    &Path::Key(path, &k),
                    "unknown_property",
                    format!(
                        "unknown {} property `{k}`, expected `{a}` (its CASE 1.1 name)",
                        kind.name()
                    ),
                    &format!("read as `{a}`"),
                );
                if self.fix {
                    if let Some(v) = m.remove(&k) {
                        m.insert(a.to_string(), v);
                    }
                }
                continue;
            }
            self.report(
                &Path::Key(path, &k),
                "unknown_property",
                format!(
                    "unknown {} property `{}`, expected one of {}",
                    kind.name(),
                    clip(&k, 40),
                    crate::model::validate::quote_list(&names(kind))
                ),
                "left out",
            );
            if self.fix {
                m.remove(&k);
            }
        }
        for prop in table {
            // Most values are fine: checked without making their path.
            if m.get(prop.name).is_some_and(|v| conforms(v, prop)) {
                continue;
            }
            let at = Path::Key(path, prop.name);
            let (before, before_len) = (self.total, self.findings.len());
            let outcome = match m.get_mut(prop.name) {
                None => None,
                // A required property the importer reads: its own error.
                Some(Value::Null) if prop.hard && prop.required => None,
                Some(Value::Null) => {
                    self.report(
                        &at,
                        "null_value",
                        format!(
                            "`{}` is null, expected {} (CASE 1.1 has no null values)",
                            prop.name,
                            ty_name(prop.ty)
                        ),
                        "left out",
                    );
                    Some(Outcome::Drop)
                }
                Some(v) => Some(self.value(v, prop, path)),
            };
            if self.fix {
                match outcome {
                    Some(Outcome::Replace(v)) => {
                        m.insert(prop.name.to_string(), v);
                    }
                    Some(Outcome::Drop) => {
                        m.remove(prop.name);
                    }
                    Some(Outcome::Keep) | None => {}
                }
            }
            // Reported just now: its absence needs no second report (and
            // when that report began a group, what was done is added to it).
            let reported = (self.total > before).then_some(before_len);
            let present = m.get(prop.name).is_some_and(|v| !v.is_null());
            if prop.required
                && !prop.hard
                && !present
                && !self.missing(m, kind, prop, path, reported)
            {
                return false;
            }
        }
        true
    }

    /// What an export writes for a missing required property, if anything.
    fn fill_value(&self, m: &Map<String, Value>, kind: Kind, name: &str) -> Option<String> {
        let id = m.get("identifier").and_then(Value::as_str);
        let known = id.and_then(|i| self.known.and_then(|k| k.get(i)));
        match name {
            "uri" => known
                .map(|(_, u)| u.clone())
                .or_else(|| id.filter(|i| is_case_uuid(i)).map(uri_of)),
            "lastChangeDateTime" => self.stamp.map(str::to_string),
            "title" if matches!(kind, Kind::Link | Kind::NodeLink) => known
                .map(|(t, _)| t.clone())
                .or_else(|| id.map(str::to_string)),
            "description" if kind == Kind::ItemType => {
                m.get("title").and_then(Value::as_str).map(str::to_string)
            }
            _ => None,
        }
    }

    /// A required property is missing (or was just left out as invalid,
    /// reported at `reported`): an export fills it in when a value is
    /// known; returns false when the object must be left out.
    fn missing(
        &mut self,
        m: &mut Map<String, Value>,
        kind: Kind,
        prop: &Prop,
        path: &Path<'_>,
        reported: Option<usize>,
    ) -> bool {
        let problem = format!(
            "{} has no `{}`, required by CASE 1.1",
            kind.name(),
            prop.name
        );
        if !self.fill {
            let fillable = matches!(prop.name, "uri" | "lastChangeDateTime")
                || kind == Kind::Document
                || (prop.name == "title" && matches!(kind, Kind::Link | Kind::NodeLink))
                || (prop.name == "description" && kind == Kind::ItemType);
            let action = if fillable {
                "filled in on export".to_string()
            } else {
                format!("the {} is left out on export", kind.name())
            };
            // Reported once: a value left out as invalid needs no second
            // report of its absence, only what an export will do.
            match reported {
                Some(i) => {
                    if let Some(f) = self.findings.get_mut(i).filter(|f| f.count == 1) {
                        f.action = format!("{}; {action}", f.action);
                    }
                }
                None => self.report(path, "missing", problem, &action),
            }
            return true;
        }
        match self.fill_value(m, kind, prop.name) {
            Some(v) => {
                let action = match prop.name {
                    "lastChangeDateTime" => format!("the package's time stamp `{v}` written"),
                    "description" => "its title written as its description".to_string(),
                    _ => format!("`{}` written", clip(&v, 60)),
                };
                match reported {
                    Some(i) => {
                        if let Some(f) = self.findings.get_mut(i).filter(|f| f.count == 1) {
                            f.action = format!("{}; {action}", f.action);
                        }
                    }
                    None => self.report(path, "missing", problem, &action),
                }
                m.insert(prop.name.to_string(), json!(v));
                true
            }
            None => {
                let action = format!("the {} is left out", kind.name());
                match reported {
                    Some(i) => {
                        if let Some(f) = self.findings.get_mut(i).filter(|f| f.count == 1) {
                            f.action = format!("{}; {action}", f.action);
                        }
                    }
                    None => self.report(path, "missing", problem, &action),
                }
                false
            }
        }
    }

    /// Checks (and when fixing, changes) the value of `prop` in the object
    /// at `path`; the property's path is only made when it is needed.
    #[allow(clippy::too_many_lines)] // SPLIT: issue 17
    fn value(&mut self, v: &mut Value, prop: &Prop, path: &Path<'_>) -> Outcome {
        let name = prop.name;
        let at = &Path::Key(path, name);
        let wrong = |w: &mut Walker<'_>, v: &Value, expected: &str| {
            w.report(
                at,
                "shape",
                format!("`{name}` must be {expected}, found {}", kind_of(v)),
                "left out",
            );
            Outcome::Drop
        };
        match prop.ty {
            Ty::Str => match v {
                Value::String(_) => Outcome::Keep,
                _ if prop.hard => Outcome::Keep,
                Value::Number(_) | Value::Bool(_) => {
                    let s = v.to_string();
                    self.report(
                        at,
                        "shape",
                        format!(
                            "`{name}` must be a string, found {} `{}`",
                            kind_of(v),
                            clip(&s, 40)
                        ),
                        "written as a string",
                    );
                    Outcome::Replace(Value::String(s))
                }
                other => wrong(self, other, "a string"),
            },
            Ty::Uri => match v {
                Value::String(s) if is_uri(s) => Outcome::Keep,
                Value::String(s) => {
                    let fixed = encode_uri(s);
                    let problem = format!(
                        "`{name}` `{}` is not a URI, expected a scheme and only the characters RFC 3986 allows (others percent-encoded)",
                        clip(s, 40)
                    );
                    match fixed {
                        Some(u) => {
                            self.report(
                                at,
                                "uri",
                                problem,
                                &format!("written percent-encoded, `{}`", clip(&u, 60)),
                            );
                            Outcome::Replace(Value::String(u))
                        }
                        None => {
                            self.report(at, "uri", problem, "left out");
                            Outcome::Drop
                        }
                    }
                }
                _ if prop.hard => Outcome::Keep,
                other => wrong(self, other, "a URI string"),
            },
            Ty::DateTime => match v {
                Value::String(s) => match date_time(s) {
                    DateTime::Valid => Outcome::Keep,
                    DateTime::Fixed(f, no_zone) => {
                        let (problem, action) = if no_zone {
                            (
                                format!("date-time `{}` has no time zone, expected one as RFC 3339 has it (e.g. `+00:00`)", clip(s, 40)),
                                format!("read as UTC, `{f}` written"),
                            )
                        } else {
                            (
                                format!("date-time `{}` is not in RFC 3339 form, expected e.g. `2024-05-01T12:00:00+00:00`", clip(s, 40)),
                                format!("`{f}` written"),
                            )
                        };
                        self.report(at, "date_time", problem, &action);
                        Outcome::Replace(Value::String(f))
                    }
                    DateTime::Invalid => {
                        self.report(
                            at,
                            "date_time",
                            format!("`{name}` `{}` is not a date-time, expected RFC 3339 (e.g. `2024-05-01T12:00:00+00:00`)", clip(s, 40)),
                            "left out",
                        );
                        Outcome::Drop
                    }
                },
                other => wrong(self, other, "a date-time string"),
            },
            Ty::Date => match v {
                Value::String(s) if is_date(s) => Outcome::Keep,
                Value::String(s) => match s.trim().get(..10).filter(|d| is_date(d)) {
                    Some(d) if matches!(date_time(s), DateTime::Valid | DateTime::Fixed(..)) => {
                        let d = d.to_string();
                        self.report(
                            at,
                            "date",
                            format!(
                                "`{name}` `{}` is not a date, expected `YYYY-MM-DD`",
                                clip(s, 40)
                            ),
                            &format!("its date `{d}` written"),
                        );
                        Outcome::Replace(Value::String(d))
                    }
                    _ => {
                        self.report(
                            at,
                            "date",
                            format!(
                                "`{name}` `{}` is not a date, expected `YYYY-MM-DD`",
                                clip(s, 40)
                            ),
                            "left out",
                        );
                        Outcome::Drop
                    }
                },
                other => wrong(self, other, "a date string"),
            },
            Ty::Uuid => match v {
                Value::String(s) => {
                    if let Some(problem) = uuid_problem(s) {
                        if self.seen_non_uuid.insert(s.clone()) {
                            self.non_uuids.push((s.clone(), at.render()));
                        }
                        self.report(
                            at,
                            "not_uuid",
                            format!("identifier `{}` {problem}", clip(s, 40)),
                            "replaced by a UUID derived from it on export",
                        );
                    }
                    Outcome::Keep
                }
                _ if prop.hard => Outcome::Keep,
                other => wrong(self, other, "a UUID string"),
            },
            Ty::Strings => match v {
                Value::Array(a) if a.iter().all(Value::is_string) => Outcome::Keep,
                Value::Array(a) => {
                    let kept: Vec<Value> = a
                        .iter()
                        .filter_map(|x| match x {
                            Value::String(_) => Some(x.clone()),
                            Value::Number(_) | Value::Bool(_) => Some(Value::String(x.to_string())),
                            _ => None,
                        })
                        .collect();
                    self.report(
                        at,
                        "shape",
                        format!("`{name}` must be an array of strings, found other values in it"),
                        "numbers written as strings, other values left out",
                    );
                    Outcome::Replace(Value::Array(kept))
                }
                Value::String(s) => {
                    self.report(
                        at,
                        "shape",
                        format!(
                            "`{name}` must be an array of strings, found a string `{}`",
                            clip(s, 40)
                        ),
                        "written as a one-element array",
                    );
                    Outcome::Replace(json!([s]))
                }
                other => wrong(self, other, "an array of strings"),
            },
            Ty::Int => {
                let n = match v {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => {
                        let parsed = s.trim().parse::<i64>().ok();
                        if let Some(n) = parsed.filter(|n| i32::try_from(*n).is_ok()) {
                            let code = if name == "sequenceNumber" {
                                "sequence_string"
                            } else {
                                "shape"
                            };
                            self.report(
                                at,
                                code,
                                format!(
                                    "{name} `{}` is a string, expected an integer",
                                    clip(s, 20)
                                ),
                                "written as an integer",
                            );
                            return Outcome::Replace(json!(n));
                        }
                        None
                    }
                    _ => None,
                };
                match n {
                    Some(n) if i32::try_from(n).is_ok() => Outcome::Keep,
                    _ if prop.hard => Outcome::Keep,
                    Some(n) => {
                        self.report(
                            at,
                            "shape",
                            format!("{name} {n} is outside the 32-bit integers of CASE 1.1, expected {} to {}", i32::MIN, i32::MAX),
                            "left out",
                        );
                        Outcome::Drop
                    }
                    None => wrong(self, v, "an integer"),
                }
            }
            Ty::Num => match v {
                Value::Number(_) => Outcome::Keep,
                Value::String(s) => match s
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .and_then(serde_json::Number::from_f64)
                {
                    Some(n) => {
                        self.report(
                            at,
                            "shape",
                            format!("{name} `{}` is a string, expected a number", clip(s, 20)),
                            "written as a number",
                        );
                        Outcome::Replace(Value::Number(n))
                    }
                    None => wrong(self, v, "a number"),
                },
                other => wrong(self, other, "a number"),
            },
            Ty::Ext => match v {
                Value::Object(_) => Outcome::Keep,
                other => wrong(self, other, "an object"),
            },
            Ty::ExtList => match v {
                Value::Array(a) if a.iter().all(Value::is_object) => Outcome::Keep,
                Value::Object(_) => {
                    self.report(
                        at,
                        "shape",
                        format!("`{name}` must be an array of objects, found an object"),
                        "written as a one-element array",
                    );
                    Outcome::Replace(json!([v.clone()]))
                }
                Value::Array(a) => {
                    let kept: Vec<Value> = a.iter().filter(|x| x.is_object()).cloned().collect();
                    self.report(
                        at,
                        "shape",
                        format!("`{name}` must be an array of objects, found other values in it"),
                        "other values left out",
                    );
                    Outcome::Replace(Value::Array(kept))
                }
                other => wrong(self, other, "an array of objects"),
            },
            Ty::CaseVersion => match v {
                Value::String(s) if s == "1.1" => Outcome::Keep,
                other => {
                    self.report(
                        at,
                        "case_version",
                        format!("caseVersion `{}`, expected `1.1`", quote(other)),
                        "`1.1` written (the package is written as CASE 1.1)",
                    );
                    Outcome::Replace(json!("1.1"))
                }
            },
            Ty::AssocType => match v {
                Value::String(t) if ASSOC_TYPES.contains(&t.as_str()) || is_ext_type(t) => {
                    Outcome::Keep
                }
                Value::String(t) => {
                    let new = ext_type(t);
                    self.report(
                        at,
                        "association_type",
                        format!(
                            "unknown associationType `{}`, expected one of {} or `ext:NAME`",
                            clip(t, 40),
                            ASSOC_TYPES.join(", ")
                        ),
                        &format!("written as `{new}`"),
                    );
                    Outcome::Replace(json!(new))
                }
                _ => Outcome::Keep,
            },
            Ty::TargetType => match v {
                Value::String(t) if t == "CASE" || is_ext_type(t) => Outcome::Keep,
                other => {
                    self.report(
                        at,
                        "shape",
                        format!(
                            "targetType `{}`, expected `CASE` or `ext:NAME`",
                            quote(other)
                        ),
                        "left out",
                    );
                    Outcome::Drop
                }
            },
            Ty::Obj(kind) => match v {
                Value::Object(m) => {
                    if self.object(m, kind, at) {
                        Outcome::Keep
                    } else {
                        Outcome::Drop
                    }
                }
                _ if prop.hard => Outcome::Keep,
                Value::Array(a) if kind == Kind::Link && a.len() == 1 => {
                    // A link given as a one-element array.
                    let mut one = a.first().cloned().unwrap_or(Value::Null);
                    self.report(
                        at,
                        "shape",
                        format!("`{name}` must be an object, found an array"),
                        "its one element written",
                    );
                    let ok = match &mut one {
                        Value::Object(m) => self.object(m, kind, at),
                        _ => false,
                    };
                    if ok {
                        Outcome::Replace(one)
                    } else {
                        Outcome::Drop
                    }
                }
                other => wrong(self, other, "an object"),
            },
            Ty::List(kind) => match v {
                Value::Array(a) => {
                    let mut keep = Vec::with_capacity(a.len());
                    let mut dropped = false;
                    for (i, x) in a.iter_mut().enumerate() {
                        let at_i = Path::Index(at, i);
                        let ok = match x {
                            // Items and associations are never left out
                            // here: the importer reads them.
                            Value::Object(m) => {
                                self.object(m, kind, &at_i)
                                    || matches!(kind, Kind::Item | Kind::Association)
                            }
                            _ if prop.hard => true,
                            other => {
                                self.report(
                                    &at_i,
                                    "shape",
                                    format!(
                                        "expected a {} (an object), found {}",
                                        kind.name(),
                                        kind_of(other)
                                    ),
                                    "left out",
                                );
                                false
                            }
                        };
                        keep.push(ok);
                        dropped |= !ok;
                    }
                    if dropped && self.fix {
                        let mut it = keep.iter();
                        a.retain(|_| it.next().copied().unwrap_or(true));
                    }
                    Outcome::Keep
                }
                _ if prop.hard => Outcome::Keep,
                Value::Object(_) if kind == Kind::Link => {
                    let mut one = v.clone();
                    self.report(
                        at,
                        "shape",
                        format!("`{name}` must be an array of links, found one link"),
                        "written as a one-element array",
                    );
                    let ok = match &mut one {
                        Value::Object(m) => self.object(m, kind, &Path::Index(at, 0)),
                        _ => false,
                    };
                    if ok {
                        Outcome::Replace(json!([one]))
                    } else {
                        Outcome::Drop
                    }
                }
                other => wrong(self, other, "an array"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is the vendored CASE 1.1 schema's: the same properties
    /// for every object, the same required ones, the same types and formats.
    #[test]
    fn the_table_is_the_schemas() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/schemas/case-v1p1-cfpackage-schema.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let schema: Value = serde_json::from_str(&text).unwrap_or_default();
        let defs = &schema["$defs"];
        let def = |kind: Kind| -> &Value {
            match kind {
                Kind::Package => &schema,
                Kind::Document => &defs["CFPckgDocumentDType"],
                Kind::Item => &defs["CFPckgItemDType"],
                Kind::Association => &defs["CFPckgAssociationDType"],
                Kind::Definitions => &defs["CFDefinitionDType"],
                Kind::Concept => &defs["CFConceptDType"],
                Kind::Subject => &defs["CFSubjectDType"],
                Kind::License => &defs["CFLicenseDType"],
                Kind::ItemType => &defs["CFItemTypeDType"],
                Kind::Grouping => &defs["CFAssociationGroupingDType"],
                Kind::Rubric => &defs["CFRubricDType"],
                Kind::RubricCriterion => &defs["CFRubricCriterionDType"],
                Kind::RubricLevel => &defs["CFRubricCriterionLevelDType"],
                Kind::Link => &defs["LinkURIDType"],
                Kind::NodeLink => &defs["LinkGenURIDType"],
            }
        };
        let resolve = |v: &Value| -> String {
            v["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .unwrap_or("")
                .to_string()
        };
        let name_of = |k: Kind| -> String {
            let d = def(k);
            defs.as_object()
                .and_then(|m| m.iter().find(|(_, v)| std::ptr::eq(*v, d)))
                .map(|(n, _)| n.clone())
                .unwrap_or_default()
        };
        let kinds = [
            Kind::Package,
            Kind::Document,
            Kind::Item,
            Kind::Association,
            Kind::Definitions,
            Kind::Concept,
            Kind::Subject,
            Kind::License,
            Kind::ItemType,
            Kind::Grouping,
            Kind::Rubric,
            Kind::RubricCriterion,
            Kind::RubricLevel,
            Kind::Link,
            Kind::NodeLink,
        ];
        for kind in kinds {
            let d = def(kind);
            assert_eq!(d["additionalProperties"], Value::Bool(false), "{kind:?}");
            let props_s = d["properties"].as_object().cloned().unwrap_or_default();
            let mut ours: Vec<&str> = names(kind);
            let mut theirs: Vec<&str> = props_s.keys().map(String::as_str).collect();
            ours.sort_unstable();
            theirs.sort_unstable();
            assert_eq!(ours, theirs, "{kind:?}");
            let required: Vec<&str> = d["required"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for p in props(kind) {
                assert_eq!(
                    p.required,
                    required.contains(&p.name),
                    "{kind:?}.{}",
                    p.name
                );
                let s = &props_s[p.name];
                let (ty, format) = (s["type"].as_str(), s["format"].as_str());
                let ok = match p.ty {
                    Ty::Str => {
                        ty == Some("string") && format.is_none() && s.get("pattern").is_none()
                    }
                    Ty::Uri => ty == Some("string") && format == Some("uri"),
                    Ty::DateTime => ty == Some("string") && format == Some("date-time"),
                    Ty::Date => ty == Some("string") && format == Some("date"),
                    Ty::Uuid => {
                        ty == Some("string")
                            && s["pattern"]
                                .as_str()
                                .is_some_and(|x| x.contains("[8-9a-b]"))
                    }
                    Ty::Strings => ty == Some("array") && s["items"]["type"] == "string",
                    Ty::Int => ty == Some("integer") && format == Some("int32"),
                    Ty::Num => ty == Some("number"),
                    Ty::Ext => resolve(s).ends_with("ExtensionDType"),
                    Ty::ExtList => {
                        ty == Some("array") && resolve(&s["items"]).ends_with("ExtensionDType")
                    }
                    Ty::CaseVersion => s["enum"] == serde_json::json!(["1.1"]),
                    Ty::AssocType => {
                        s["anyOf"][0]["enum"] == serde_json::json!(ASSOC_TYPES)
                            && s["anyOf"][1]["pattern"]
                                .as_str()
                                .is_some_and(|x| x.starts_with("(ext:)"))
                    }
                    Ty::TargetType => s["anyOf"][0]["enum"] == serde_json::json!(["CASE"]),
                    Ty::Obj(k) => resolve(s) == name_of(k),
                    Ty::List(k) => ty == Some("array") && resolve(&s["items"]) == name_of(k),
                };
                assert!(ok, "{kind:?}.{}: {s}", p.name);
            }
        }
    }

    #[test]
    fn uris() {
        for ok in [
            "https://example.org/a/b?c=d#e",
            "urn:uuid:527dda32-a0de-5105-a042-cb475b5f7d11",
            "https://salt-dev.edplancms.com/uri/http://purl.org/ASN/resources/D10003FB",
            "http://www.corestandards.org/assets/CCSSI_Math%20Standards.pdf",
            "http://[::1]:8080/x",
            "did:example:123",
            "mailto:a@b.c",
            "x:",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "",
            "no scheme",
            "1http://x",
            "http://exa mple.org",
            "http://x/é",
            "http://x/%zz",
            "http://x/a#b#c",
            "http://[zz]/",
            "http://x:80a/",
            "/relative/path",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
        assert_eq!(
            encode_uri(" http://x/a b/é#f#g ").as_deref(),
            Some("http://x/a%20b/%C3%A9#f%23g")
        );
        assert_eq!(
            encode_uri("http://x/100%").as_deref(),
            Some("http://x/100%25")
        );
        assert_eq!(encode_uri("no scheme"), None);
    }

    #[test]
    fn date_times() {
        use DateTime::*;
        assert_eq!(date_time("2024-05-01T12:00:00+00:00"), Valid);
        assert_eq!(date_time("2024-05-01t12:00:00.123z"), Valid);
        assert_eq!(
            date_time("2016-09-28T21:43:01"),
            Fixed("2016-09-28T21:43:01+00:00".into(), true)
        );
        assert_eq!(
            date_time("2016-09-28"),
            Fixed("2016-09-28T00:00:00+00:00".into(), true)
        );
        assert_eq!(
            date_time("2016-09-28 21:43:01.5+0200"),
            Fixed("2016-09-28T21:43:01.5+02:00".into(), false)
        );
        assert_eq!(
            date_time("2016-09-28T21:43Z"),
            Fixed("2016-09-28T21:43:00Z".into(), false)
        );
        for bad in [
            "",
            "2016-02-30T00:00:00Z",
            "2016-09-28T24:00:00Z",
            "2016-09-28T21:43:60Z",
            "2016-09-28T21:43:01+25:00",
            "yesterday",
            "2016-09-28T21:43:01Zx",
        ] {
            assert_eq!(date_time(bad), Invalid, "{bad}");
        }
    }

    #[test]
    fn uuid_messages_say_what_is_wrong() {
        let m = uuid_problem("d0000000-0000-0000-0000-000000000000").unwrap_or_default();
        assert!(
            m.contains("lowercase but not an RFC 4122 UUID")
                && m.contains("variant digit")
                && m.contains("`0`"),
            "{m}"
        );
        assert!(m.contains("version digit"), "{m}");
        let m = uuid_problem("D0000000-0000-4000-8000-000000000000").unwrap_or_default();
        assert!(m.contains("uppercase"), "{m}");
        let m = uuid_problem("http://purl.org/ASN/resources/D10003FB").unwrap_or_default();
        assert!(m.contains("is not a UUID"), "{m}");
        assert_eq!(uuid_problem("527dda32-a0de-5105-a042-cb475b5f7d11"), None);
        // The schema checks the variant only: a nil version with an RFC
        // 4122 variant passes it.
        assert_eq!(uuid_problem("00000000-0000-0000-8000-000000000001"), None);
    }
}
