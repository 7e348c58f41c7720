//! The package's TypeScript types (`wasm/js/types.d.ts`) are generated from
//! the core's Rust types through their JSON Schemas (schemars, the same
//! derivation as `schemas/`), so the JS types cannot drift from what the
//! engine returns. This test regenerates them and fails when the committed
//! file differs; `UPDATE_TYPES=1 cargo test -p proficient-wasm --test
//! typescript` rewrites it.
//!
//! Outputs use the serialize contract (a field that is always written is
//! required, `null` when absent); inputs use the deserialize contract (a
//! field with a default is optional).

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
use proficient::{Diagnostic, Framework, PolicyOverrides, Profile, ScoreResult, ScreenResult};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

/// Type names in TS where the Rust name would clash or mislead
/// (`Date` would shadow JS's `Date`).
fn rename(name: &str) -> String {
    match name {
        "Date" => "IsoDate".into(),
        "Framework" => "FrameworkData".into(),
        "Profile" => "ProfileData".into(),
        // `list`'s entries; index.d.ts's ShippedFramework is shippedFrameworks()'s.
        "ShippedFramework" => "ListedFramework".into(),
        "ShippedProfile" => "ListedProfile".into(),
        other => other.into(),
    }
}

fn doc(out: &mut String, indent: &str, schema: &Value) {
    let Some(text) = schema.get("description").and_then(Value::as_str) else {
        return;
    };
    let text = text.replace("*/", "*\\/");
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() == 1 {
        let _ = writeln!(out, "{indent}/** {} */", lines[0]);
    } else {
        let _ = writeln!(out, "{indent}/**");
        for l in lines {
            let _ = writeln!(out, "{indent} * {l}");
        }
        let _ = writeln!(out, "{indent} */");
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The properties of an object schema as TS members.
fn members(schema: &Value, indent: &str) -> String {
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
    let mut out = String::new();
    for name in names {
        let prop = &props[name];
        doc(&mut out, indent, prop);
        let key = if is_ident(name) {
            name.clone()
        } else {
            format!("{name:?}")
        };
        let optional = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        let _ = writeln!(out, "{indent}{key}{optional}: {};", ts(prop, indent));
    }
    out
}

/// The TS type of a schema.
fn ts(schema: &Value, indent: &str) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return rename(r.trim_start_matches("#/$defs/"));
    }
    if let Some(c) = schema.get("const") {
        return c.to_string();
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        return e
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let mut parts: Vec<String> = Vec::new();
            for a in alts {
                let t = ts(a, indent);
                if !parts.contains(&t) {
                    parts.push(t);
                }
            }
            return parts.join(" | ");
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return "unknown".into(),
    };
    let mut parts: Vec<String> = Vec::new();
    for t in types {
        let part = match t {
            "string" => "string".into(),
            "number" | "integer" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => {
                let item = ts(&schema["items"], indent);
                if item.contains(' ') {
                    format!("Array<{item}>")
                } else {
                    format!("{item}[]")
                }
            }
            "object" => {
                if schema.get("properties").is_some() {
                    let inner = format!("{indent}  ");
                    format!("{{\n{}{indent}}}", members(schema, &inner))
                } else if let Some(v) = schema.get("additionalProperties").filter(|v| v.is_object())
                {
                    format!("{{ [key: string]: {} }}", ts(v, indent))
                } else {
                    "Record<string, unknown>".into()
                }
            }
            other => panic!("unsupported JSON Schema type `{other}`"),
        };
        parts.push(part);
    }
    parts.join(" | ")
}

/// One declaration: an interface for object schemas, else a type alias.
fn declaration(name: &str, schema: &Value) -> String {
    let mut out = String::new();
    doc(&mut out, "", schema);
    let is_plain_object = schema.get("type") == Some(&Value::String("object".into()))
        && schema.get("properties").is_some();
    if is_plain_object {
        let _ = write!(
            out,
            "export interface {name} {{\n{}}}\n",
            members(schema, "  ")
        );
    } else {
        let _ = writeln!(out, "export type {name} = {};", ts(schema, ""));
    }
    out
}

fn collect<T: JsonSchema>(serialize: bool, decls: &mut BTreeMap<String, String>) {
    let settings = if serialize {
        SchemaSettings::draft2020_12().for_serialize()
    } else {
        SchemaSettings::draft2020_12().for_deserialize()
    };
    let root = settings.into_generator().into_root_schema_for::<T>();
    let mut root = root.to_value();
    let defs = root
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .and_then(|d| d.as_object().cloned())
        .unwrap_or_default();
    let root_name = root["title"].as_str().unwrap().to_string();
    let mut all = vec![(root_name, root)];
    all.extend(defs);
    for (name, schema) in all {
        let name = rename(&name);
        let text = declaration(&name, &schema);
        if let Some(previous) = decls.get(&name) {
            assert_eq!(
                previous, &text,
                "type `{name}` differs between the schemas that use it"
            );
        }
        decls.insert(name, text);
    }
}

fn generate() -> String {
    let mut decls = BTreeMap::new();
    // Results (what the engine writes).
    collect::<ScoreResult>(true, &mut decls);
    collect::<ScreenResult>(true, &mut decls);
    collect::<Diagnostic>(true, &mut decls);
    collect::<Framework>(true, &mut decls);
    collect::<Profile>(true, &mut decls);
    collect::<proficient::analysis::cohort::CohortResult>(true, &mut decls);
    collect::<proficient::analysis::assessors::AssessorsResult>(true, &mut decls);
    collect::<proficient::analysis::impact::AdverseImpact>(true, &mut decls);
    collect::<proficient::analysis::equality::EqualityResult>(true, &mut decls);
    collect::<proficient::analysis::delphi::DelphiResult>(true, &mut decls);
    collect::<proficient::trainer::progress::ProgressResult>(true, &mut decls);
    collect::<proficient::trainer::progress::CpdSummary>(true, &mut decls);
    collect::<proficient::interop::case::Replacement>(true, &mut decls);
    collect::<proficient::api::model::Validated>(true, &mut decls);
    collect::<proficient::model::load::Catalogue>(true, &mut decls);
    // Inputs (what the engine reads).
    collect::<PolicyOverrides>(false, &mut decls);
    collect::<EvidenceItem>(false, &mut decls);
    collect::<proficient::analysis::delphi::Rating>(false, &mut decls);
    collect::<proficient::analysis::delphi::ItemInfo>(false, &mut decls);
    collect::<proficient::trainer::plans::Plans>(false, &mut decls);
    collect::<proficient::trainer::plans::Cpd>(false, &mut decls);
    collect::<proficient::interop::badge::Issuer>(false, &mut decls);
    let mut out = String::from(
        "// TypeScript types of the values proficient-wasm reads and returns.\n\
         // Generated from the Rust types (via their schemars JSON Schemas) by\n\
         // wasm/tests/typescript.rs: do not edit. Regenerate with\n\
         // `UPDATE_TYPES=1 cargo test -p proficient-wasm --test typescript`.\n",
    );
    for d in decls.values() {
        out.push('\n');
        out.push_str(d);
    }
    out
}

#[test]
fn committed_typescript_types_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/types.d.ts");
    let generated = generate();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; regenerate with `UPDATE_TYPES=1 cargo test -p proficient-wasm --test typescript`",
        path.display()
    );
}
