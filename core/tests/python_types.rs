//! The Python package's result and model classes
//! (`python/python/proficient/_types.py`) are generated from the core's Rust
//! types through their JSON Schemas (schemars, as `schemas/` and the
//! TypeScript types of `wasm/js/types.d.ts`), so they cannot drift from what
//! the engine returns. This test regenerates them and fails when the
//! committed file differs; `UPDATE_TYPES=1 cargo test -p proficient --test
//! python_types` rewrites it.
//!
//! Every type is read with the serialize contract (what the engine writes):
//! a field that is always written is a required dataclass field (`Optional`
//! when it may be `null`); one that may be left out has a default (its
//! schema default, `()` for a list, an empty mapping, else `None`).
//!
//! The output: one frozen dataclass per object type, with the Rust doc
//! comments as docstrings and a `from_dict` constructor (dates become
//! `datetime.date`, lists tuples, maps read-only mappings); a `Literal`
//! alias per string enum; one flat class per internally tagged enum (the tag
//! and every variant's fields); and, for the types the package wraps
//! (results holding the native value, frameworks), a `...Fields` mixin of
//! read-only properties that the wrapper class inherits.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use proficient::evidence::EvidenceItem;
use proficient::{Diagnostic, Framework, Profile, ScoreResult, ScreenResult};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

const COMMAND: &str = "UPDATE_TYPES=1 cargo test -p proficient --test python_types";

/// Python class names where the Rust name is taken by the package's own
/// class that wraps or extends the data (`proficient.Framework` holds the
/// native framework, `proficient.ScoreResult` the native result;
/// `proficient.Criterion` adds the id of its competency).
fn rename(name: &str) -> String {
    match name {
        "Framework" | "Profile" | "ScoreResult" | "ScreenResult" | "Competency" | "Criterion" => {
            format!("{name}Data")
        }
        other => other.into(),
    }
}

/// Classes the package wraps: a `<Name>Fields` mixin of read-only properties
/// is generated for each (without the listed fields, which the wrapper
/// gives in its own way).
const VIEWS: &[(&str, &[&str])] = &[
    ("FrameworkData", &[]),
    ("ProfileData", &["framework"]),
    ("ScoreResultData", &[]),
    ("ScreenResultData", &[]),
];

/// Hand-written behaviour a generated class inherits (class, mixin in
/// `proficient._behaviour`).
const MIXINS: &[(&str, &str)] = &[("WorkerScore", "WorkerScoreMethods")];

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The Python attribute name of a JSON key.
fn attr(key: &str) -> String {
    assert!(
        !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !key.starts_with(|c: char| c.is_ascii_digit()),
        "key `{key}` is not a Python identifier"
    );
    if KEYWORDS.contains(&key) {
        format!("{key}_")
    } else {
        key.to_string()
    }
}

fn description(schema: &Value) -> Option<String> {
    schema.get("description").and_then(Value::as_str).map(|s| {
        let mut s = s.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
        // A quote just before the closing `"""` would end it early.
        if s.ends_with('"') {
            s.insert(s.len() - 1, '\\');
        }
        s
    })
}

/// A docstring at `indent` (nothing without a description).
fn docstring(out: &mut String, indent: &str, text: Option<String>) {
    let Some(text) = text else { return };
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() == 1 {
        let _ = writeln!(out, "{indent}\"\"\"{}\"\"\"", lines[0]);
    } else {
        let _ = writeln!(out, "{indent}\"\"\"{}", lines[0]);
        for l in &lines[1..] {
            if l.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}{l}");
            }
        }
        let _ = writeln!(out, "{indent}\"\"\"");
    }
}

/// What the generator knows of every named schema.
struct Defs {
    schemas: BTreeMap<String, Value>,
}

/// A Python type and how to convert a JSON value to it.
#[derive(Clone)]
struct Ty {
    /// The annotation.
    ann: String,
    /// True when the value may be `None`.
    nullable: bool,
    /// The conversion of the JSON value `{}` when it is not `null`
    /// (`None`: the value as it is).
    conv: Option<String>,
}

impl Ty {
    fn plain(ann: &str) -> Ty {
        Ty {
            ann: ann.into(),
            nullable: false,
            conv: None,
        }
    }

    /// The expression converting the JSON value `expr`.
    fn convert(&self, expr: &str) -> String {
        match &self.conv {
            None => expr.to_string(),
            Some(c) if self.nullable => {
                format!("None if {expr} is None else {}", c.replace("{}", expr))
            }
            Some(c) => c.replace("{}", expr),
        }
    }

    /// The expression reading the optional key `key` of `d`.
    fn read_optional(&self, key: &str) -> String {
        match &self.conv {
            None => format!("d.get({key:?})"),
            Some(c) => format!(
                "None if d.get({key:?}) is None else {}",
                c.replace("{}", &format!("d[{key:?}]"))
            ),
        }
    }

    fn optional(mut self) -> Ty {
        if !self.nullable {
            self.ann = format!("Optional[{}]", self.ann);
            self.nullable = true;
        }
        self
    }
}

impl Defs {
    fn target<'a>(&'a self, reference: &str) -> (&'a str, &'a Value) {
        let name = reference
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref `{reference}`"));
        let (k, v) = self
            .schemas
            .get_key_value(name)
            .unwrap_or_else(|| panic!("no definition `{name}`"));
        (k.as_str(), v)
    }

    /// The Python type of a schema; `depth` names loop variables.
    fn ty(&self, schema: &Value, depth: usize) -> Ty {
        if schema == &Value::Bool(true) || schema.as_object().is_some_and(|o| o.is_empty()) {
            return Ty::plain("Any");
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let (name, target) = self.target(r);
            return match kind(target) {
                Kind::Date => Ty {
                    ann: "_dt.date".into(),
                    nullable: false,
                    conv: Some("_date({})".into()),
                },
                Kind::Class => Ty {
                    ann: rename(name),
                    nullable: false,
                    conv: Some(format!("{}.from_dict({{}})", rename(name))),
                },
                Kind::Alias => {
                    let inner = self.ty(target, depth);
                    Ty {
                        ann: rename(name),
                        ..inner
                    }
                }
            };
        }
        if let Some(c) = schema.get("const") {
            return Ty::plain(&format!("Literal[{}]", py_literal(c)));
        }
        if let Some(e) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<String> = e.iter().map(py_literal).collect();
            return Ty::plain(&format!("Literal[{}]", values.join(", ")));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                let non_null: Vec<&Value> = alts.iter().filter(|a| !is_null(a)).collect();
                let nullable = non_null.len() < alts.len();
                let ty = if non_null.iter().all(|a| a.get("const").is_some()) {
                    let values: Vec<String> =
                        non_null.iter().map(|a| py_literal(&a["const"])).collect();
                    Ty::plain(&format!("Literal[{}]", values.join(", ")))
                } else if non_null.len() == 1 {
                    self.ty(non_null[0], depth)
                } else {
                    let tys: Vec<Ty> = non_null.iter().map(|a| self.ty(a, depth)).collect();
                    // One alternative may be a class (a JSON object, made by
                    // its from_dict) beside plain ones (e.g. a rule: a word
                    // or a mapping).
                    let converted: Vec<&Ty> = tys.iter().filter(|t| t.conv.is_some()).collect();
                    let conv = match converted.as_slice() {
                        [] => None,
                        [one]
                            if one
                                .conv
                                .as_deref()
                                .is_some_and(|c| c.ends_with(".from_dict({})")) =>
                        {
                            Some(format!(
                                "({} if isinstance({{}}, dict) else {{}})",
                                one.conv.as_deref().unwrap_or("{}")
                            ))
                        }
                        _ => panic!("unsupported union needing conversion: {schema}"),
                    };
                    let mut anns: Vec<String> = Vec::new();
                    for t in tys {
                        // The class as a forward reference: an alias may
                        // come before the class it names.
                        let ann = if t.conv.is_some() {
                            format!("{:?}", t.ann)
                        } else {
                            t.ann
                        };
                        if !anns.contains(&ann) {
                            anns.push(ann);
                        }
                    }
                    Ty {
                        conv,
                        ..Ty::plain(&format!("Union[{}]", anns.join(", ")))
                    }
                };
                return if nullable { ty.optional() } else { ty };
            }
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => panic!("unsupported schema {schema}"),
        };
        let nullable = types.contains(&"null");
        let non_null: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        assert!(non_null.len() == 1, "unsupported schema {schema}");
        let var = format!("x{depth}");
        let ty = match non_null[0] {
            "string" if schema.get("format").and_then(Value::as_str) == Some("date") => Ty {
                ann: "_dt.date".into(),
                nullable: false,
                conv: Some("_date({})".into()),
            },
            "string" => Ty::plain("str"),
            "integer" => Ty::plain("int"),
            // The engine writes every `f64` with a fraction (`1.0`), and an
            // int is a float for typing: no conversion, which would cost a
            // call per number.
            "number" => Ty::plain("float"),
            "boolean" => Ty::plain("bool"),
            "array" => {
                let item = self.ty(&schema["items"], depth + 1);
                Ty {
                    ann: format!("Tuple[{}, ...]", item.ann),
                    nullable: false,
                    conv: Some(match &item.conv {
                        None => "tuple({})".into(),
                        Some(_) => format!("tuple({} for {var} in {{}})", item.convert(&var)),
                    }),
                }
            }
            "object" => {
                assert!(
                    schema.get("properties").is_none(),
                    "unsupported inline object {schema}"
                );
                let value = match schema.get("additionalProperties") {
                    Some(v) if v.is_object() => self.ty(v, depth + 1),
                    _ => Ty::plain("Any"),
                };
                Ty {
                    ann: format!("Mapping[str, {}]", value.ann),
                    nullable: false,
                    conv: Some(match &value.conv {
                        None => "_map({})".into(),
                        Some(_) => format!(
                            "_map({{{var}k: {} for {var}k, {var} in {{}}.items()}})",
                            value.convert(&var)
                        ),
                    }),
                }
            }
            other => panic!("unsupported JSON Schema type `{other}`"),
        };
        if nullable {
            ty.optional()
        } else {
            ty
        }
    }
}

fn is_null(schema: &Value) -> bool {
    schema.get("type") == Some(&Value::String("null".into()))
}

fn py_literal(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(n) => n.to_string(),
        other => panic!("unsupported literal {other}"),
    }
}

enum Kind {
    Date,
    Class,
    Alias,
}

/// The variants of an internally tagged enum: (tag key, variants).
fn tagged(schema: &Value) -> Option<(String, Vec<&Value>)> {
    let alts = schema.get("oneOf").and_then(Value::as_array)?;
    let first = alts.first()?;
    let props = first.get("properties")?.as_object()?;
    let tag = props
        .iter()
        .find(|(_, p)| p.get("const").is_some())
        .map(|(k, _)| k.clone())?;
    alts.iter()
        .all(|a| {
            a["properties"]
                .get(&tag)
                .and_then(|p| p.get("const"))
                .is_some()
        })
        .then(|| (tag, alts.iter().collect()))
}

fn kind(schema: &Value) -> Kind {
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        return Kind::Date;
    }
    let object = schema.get("type") == Some(&Value::String("object".into()))
        && schema.get("properties").is_some();
    if object || tagged(schema).is_some() {
        Kind::Class
    } else {
        Kind::Alias
    }
}

/// One field of a class.
struct Field {
    key: String,
    ty: Ty,
    /// The default (Python source), for a field that may be left out.
    default: Option<String>,
    /// The `from_dict` argument.
    read: String,
    doc: Option<String>,
}

fn fields(defs: &Defs, schema: &Value) -> Vec<Field> {
    let props = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut names: Vec<&String> = Vec::new();
    for r in &required {
        if let Some((k, _)) = props.get_key_value(*r) {
            names.push(k);
        }
    }
    names.extend(props.keys().filter(|k| !required.contains(&k.as_str())));
    names
        .into_iter()
        .map(|key| {
            let prop = &props[key];
            let ty = defs.ty(prop, 0);
            let doc = description(prop);
            if required.contains(&key.as_str()) {
                let read = ty.convert(&format!("d[{key:?}]"));
                return Field {
                    key: key.clone(),
                    ty,
                    default: None,
                    read,
                    doc,
                };
            }
            let (ty, default, read) = if ty.ann.starts_with("Tuple[") {
                let read = ty.convert(&format!("d.get({key:?}, ())"));
                (ty, "()".to_string(), read)
            } else if ty.ann.starts_with("Mapping[") {
                let read = ty.convert(&format!("d.get({key:?}, {{}})"));
                (ty, "_dc.field(default_factory=_empty)".to_string(), read)
            } else if let Some(d) = prop.get("default").filter(|d| !d.is_null()) {
                let literal = if ty.ann == "float" {
                    format!("{:?}", d.as_f64().unwrap())
                } else {
                    py_literal(d)
                };
                let read = ty.convert(&format!("d.get({key:?}, {literal})"));
                (ty, literal, read)
            } else {
                // schemars leaves out a default that is not serialized
                // (`skip_serializing_if` true of it): the Rust type must
                // state it, with `#[schemars(extend("default" = ...))]`.
                assert!(
                    ty.nullable,
                    "`{key}` may be left out but has no default in its schema: {prop}"
                );
                let read = ty.read_optional(key);
                (ty, "None".to_string(), read)
            };
            Field {
                key: key.clone(),
                ty,
                default: Some(default),
                read,
                doc,
            }
        })
        .collect()
}

/// The fields of an internally tagged enum flattened into one class: the
/// tag (required), then each variant's fields, all optional.
fn tagged_fields(defs: &Defs, tag: &str, variants: &[&Value]) -> Vec<Field> {
    let tags: Vec<String> = variants
        .iter()
        .map(|v| py_literal(&v["properties"][tag]["const"]))
        .collect();
    let mut out = vec![Field {
        key: tag.to_string(),
        ty: Ty::plain(&format!("Literal[{}]", tags.join(", "))),
        default: None,
        read: format!("d[{tag:?}]"),
        doc: Some("Which of the kinds below.".into()),
    }];
    // Each field's description in each variant that has it.
    let mut docs: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (v, t) in variants.iter().zip(&tags) {
        for mut f in fields(defs, v) {
            if f.key == tag {
                continue;
            }
            if let Some(d) = &f.doc {
                docs.entry(f.key.clone())
                    .or_default()
                    .push((t.clone(), d.clone()));
            }
            if let Some(previous) = out.iter().find(|p| p.key == f.key) {
                assert_eq!(
                    previous.ty.ann,
                    f.ty.clone().optional().ann,
                    "field `{}` differs between variants",
                    f.key
                );
                continue;
            }
            if f.default.is_none() {
                f.ty = f.ty.optional();
                f.read = f.ty.read_optional(&f.key);
                f.default = Some("None".into());
            }
            out.push(f);
        }
    }
    for f in &mut out {
        let Some(d) = docs.get(&f.key) else { continue };
        let mut texts: Vec<&String> = d.iter().map(|(_, t)| t).collect();
        texts.dedup();
        f.doc = Some(if texts.len() == 1 {
            texts[0].clone()
        } else {
            d.iter()
                .map(|(t, text)| format!("``{}``: {text}", t.trim_matches('"')))
                .collect::<Vec<_>>()
                .join("\n")
        });
    }
    out
}

fn class(defs: &Defs, name: &str, schema: &Value) -> String {
    let (fields, variants) = match tagged(schema) {
        Some((tag, variants)) => {
            let tags: Vec<String> = variants
                .iter()
                .map(|v| {
                    let value = v["properties"][tag.as_str()]["const"]
                        .as_str()
                        .unwrap_or("");
                    match description(v) {
                        Some(d) => format!("- ``{tag}`` ``{value}``: {}", d.replace('\n', "\n  ")),
                        None => format!("- ``{tag}`` ``{value}``"),
                    }
                })
                .collect();
            (tagged_fields(defs, &tag, &variants), Some(tags))
        }
        None => (fields(defs, schema), None),
    };
    let mut out = String::new();
    let mixin = MIXINS
        .iter()
        .find(|(c, _)| *c == name)
        .map(|(_, m)| format!("({m})"))
        .unwrap_or_default();
    let _ = writeln!(out, "@_dc.dataclass(frozen=True)\nclass {name}{mixin}:");
    let mut doc = description(schema).unwrap_or_else(|| format!("A `{name}`."));
    if let Some(tags) = variants {
        let _ = write!(doc, "\n\nOne of:\n\n{}", tags.join("\n"));
    }
    docstring(&mut out, "    ", Some(doc));
    out.push('\n');
    for f in &fields {
        let default = f
            .default
            .as_ref()
            .map(|d| format!(" = {d}"))
            .unwrap_or_default();
        let _ = writeln!(out, "    {}: {}{default}", attr(&f.key), f.ty.ann);
        docstring(&mut out, "    ", f.doc.clone());
    }
    let _ = writeln!(
        out,
        "\n    @classmethod\n    def from_dict(cls, d: Mapping[str, Any]) -> {name}:\n        \
         \"\"\"Reads the JSON the engine writes (as parsed by ``json.loads``).\"\"\"\n        \
         return cls("
    );
    for f in &fields {
        let _ = writeln!(out, "            {},  # {}", f.read, attr(&f.key));
    }
    out.push_str("        )\n");
    if let Some((_, exclude)) = VIEWS.iter().find(|(v, _)| *v == name) {
        let base = name.strip_suffix("Data").unwrap_or(name);
        let _ = writeln!(
            out,
            "\n\nclass {base}Fields:\n    \"\"\"The attributes of :class:`{name}`, read-only, for a class that holds one.\"\"\"\n\n    \
             __slots__ = ()\n\n    def _fields(self) -> {name}:\n        raise NotImplementedError"
        );
        for f in fields.iter().filter(|f| !exclude.contains(&f.key.as_str())) {
            let a = attr(&f.key);
            let _ = writeln!(out, "\n    @property\n    def {a}(self) -> {}:", f.ty.ann);
            docstring(&mut out, "        ", f.doc.clone());
            let _ = writeln!(out, "        return self._fields().{a}");
        }
    }
    out
}

fn alias(defs: &Defs, name: &str, schema: &Value) -> String {
    let mut out = String::new();
    let ty = defs.ty(schema, 0);
    let _ = writeln!(out, "{name} = {}", ty.ann);
    let mut doc = description(schema).unwrap_or_default();
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        let values: Vec<String> = alts
            .iter()
            .filter_map(|a| {
                let c = a.get("const")?.as_str()?;
                Some(match description(a) {
                    Some(d) => format!("- ``{c}``: {}", d.replace('\n', "\n  ")),
                    None => format!("- ``{c}``"),
                })
            })
            .collect();
        if !values.is_empty() {
            let _ = write!(doc, "\n\n{}", values.join("\n"));
        }
    }
    docstring(&mut out, "", (!doc.is_empty()).then_some(doc));
    out
}

fn collect<T: JsonSchema>(defs: &mut BTreeMap<String, Value>) {
    let settings = SchemaSettings::draft2020_12().for_serialize();
    let root = settings.into_generator().into_root_schema_for::<T>();
    let mut root = root.to_value();
    let nested = root
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .and_then(|d| d.as_object().cloned())
        .unwrap_or_default();
    if let Some(o) = root.as_object_mut() {
        o.remove("$schema");
    }
    let root_name = root["title"].as_str().unwrap().to_string();
    let mut all = vec![(root_name, root)];
    all.extend(nested);
    for (name, mut schema) in all {
        if let Some(o) = schema.as_object_mut() {
            o.remove("title");
        }
        if let Some(previous) = defs.get(&name) {
            assert_eq!(
                previous, &schema,
                "type `{name}` differs between the schemas that use it"
            );
        }
        defs.insert(name, schema);
    }
}

fn generate() -> String {
    let mut schemas = BTreeMap::new();
    // What the package returns: results, the model, and the documents
    // `load_plans`, `load_cpd` and `cpd_evidence` give back.
    collect::<ScoreResult>(&mut schemas);
    collect::<ScreenResult>(&mut schemas);
    collect::<Framework>(&mut schemas);
    collect::<Profile>(&mut schemas);
    collect::<Diagnostic>(&mut schemas);
    collect::<proficient::analysis::cohort::CohortResult>(&mut schemas);
    collect::<proficient::analysis::assessors::AssessorsResult>(&mut schemas);
    collect::<proficient::analysis::impact::AdverseImpact>(&mut schemas);
    collect::<proficient::analysis::equality::EqualityResult>(&mut schemas);
    collect::<proficient::analysis::delphi::DelphiResult>(&mut schemas);
    collect::<proficient::trainer::progress::ProgressResult>(&mut schemas);
    collect::<proficient::trainer::progress::CpdSummary>(&mut schemas);
    collect::<proficient::interop::case::Replacement>(&mut schemas);
    collect::<proficient::trainer::plans::Plans>(&mut schemas);
    collect::<proficient::trainer::plans::Cpd>(&mut schemas);
    collect::<EvidenceItem>(&mut schemas);
    let defs = Defs { schemas };

    let mut aliases = Vec::new();
    let mut classes = Vec::new();
    let mut names = Vec::new();
    for (name, schema) in &defs.schemas {
        match kind(schema) {
            Kind::Date => {}
            Kind::Class => {
                let py = rename(name);
                classes.push(class(&defs, &py, schema));
                names.push(py.clone());
                if let Some(base) = VIEWS
                    .iter()
                    .find(|(v, _)| *v == py)
                    .and_then(|(v, _)| v.strip_suffix("Data"))
                {
                    names.push(format!("{base}Fields"));
                }
            }
            Kind::Alias => {
                aliases.push(alias(&defs, &rename(name), schema));
                names.push(rename(name));
            }
        }
    }
    names.sort();
    let mixins: Vec<&str> = MIXINS.iter().map(|(_, m)| *m).collect();
    let mut out = format!(
        "# Python types of the values proficient returns.\n\
         # Generated from the Rust types (via their schemars JSON Schemas) by\n\
         # core/tests/python_types.rs: do not edit. Regenerate with\n\
         # `{COMMAND}`.\n\
         \"\"\"Result and model types, generated from the engine's Rust types.\"\"\"\n\n\
         from __future__ import annotations\n\n\
         import dataclasses as _dc\n\
         import datetime as _dt\n\
         from types import MappingProxyType\n\
         from typing import Any, Literal, Mapping, Optional, Tuple, Union\n\n\
         from ._behaviour import {}\n\n\
         __all__ = [\n",
        mixins.join(", ")
    );
    for n in &names {
        let _ = writeln!(out, "    {n:?},");
    }
    out.push_str(
        "]\n\n\n\
         def _date(v: str) -> _dt.date:\n    return _dt.date.fromisoformat(v)\n\n\n\
         def _map(v: Mapping[str, Any]) -> Mapping[str, Any]:\n    return MappingProxyType(dict(v))\n\n\n\
         def _empty() -> Mapping[str, Any]:\n    return MappingProxyType({})\n\n\n",
    );
    out.push_str(&aliases.join("\n"));
    for c in &classes {
        out.push_str("\n\n");
        out.push_str(c);
    }
    out
}

#[test]
fn committed_python_types_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../python/python/proficient/_types.py");
    let generated = generate();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let (line, (old, new)) = committed
            .lines()
            .chain(std::iter::repeat(""))
            .zip(generated.lines().chain(std::iter::repeat("")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap();
        panic!(
            "{} is out of date (line {}: committed `{old}`, generated `{new}`); regenerate with `{COMMAND}`",
            path.display(),
            line + 1
        );
    }
}
