//! The walk over a CFPackage by the table: unknown properties, null
//! values and missing required ones reported (and, when fixing, left out or
//! filled in); each value checked by [`Walker::value`].

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{json, Map, Value};

use crate::base::text::clip;

use super::super::uuid::uri_of;
use super::finding::{group_key, Finding};
use super::format::{date_time, is_case_uuid, is_date, is_uri, DateTime};
use super::table::{is_ext_type, names, props, Kind, Prop, Ty, ASSOC_TYPES};

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
    pub(crate) seen_non_uuid: HashSet<String>,
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
pub(crate) enum Outcome {
    Keep,
    Replace(Value),
    Drop,
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

pub(crate) fn quote(v: &Value) -> String {
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

    pub(crate) fn report(
        &mut self,
        path: &Path<'_>,
        code: &'static str,
        problem: String,
        action: &str,
    ) {
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
            self.tell_missing(path, reported, problem, &action);
            return true;
        }
        match self.fill_value(m, kind, prop.name) {
            Some(v) => {
                let action = match prop.name {
                    "lastChangeDateTime" => format!("the package's time stamp `{v}` written"),
                    "description" => "its title written as its description".to_string(),
                    _ => format!("`{}` written", clip(&v, 60)),
                };
                self.tell_missing(path, reported, problem, &action);
                m.insert(prop.name.to_string(), json!(v));
                true
            }
            None => {
                let action = format!("the {} is left out", kind.name());
                self.tell_missing(path, reported, problem, &action);
                false
            }
        }
    }

    /// Reports a missing property, or adds what is done about it to the
    /// finding that just reported its value (when that began a group).
    fn tell_missing(
        &mut self,
        path: &Path<'_>,
        reported: Option<usize>,
        problem: String,
        action: &str,
    ) {
        match reported {
            Some(i) => {
                if let Some(f) = self.findings.get_mut(i).filter(|f| f.count == 1) {
                    f.action = format!("{}; {action}", f.action);
                }
            }
            None => self.report(path, "missing", problem, action),
        }
    }
}
