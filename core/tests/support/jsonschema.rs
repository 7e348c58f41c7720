//! A small interpreter of the JSON Schema keywords the vendored Open Badges
//! 3.0 and CASE 1.1 schemas use (the `jsonschema` crate is not available
//! offline): `type`, `required`, `properties`, `additionalProperties: false`,
//! `items` (and tuple form with `additionalItems`), `minItems`, `contains`,
//! `enum`, `const`, `$ref`, `oneOf`, `anyOf`, `allOf`. `format` is not
//! interpreted; of `pattern`, the extension-vocabulary pattern (`(ext:)...`)
//! and the CASE UUID pattern are.

#![allow(dead_code)]

use serde_json::Value;

fn has_uuid(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(36).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == '-',
            19 => matches!(c, '8' | '9' | 'a' | 'b'),
            _ => c.is_ascii_digit() || ('a'..='f').contains(c),
        })
    })
}

/// Reads a schema file.
pub fn load(path: &std::path::Path) -> Validator {
    let text = std::fs::read_to_string(path).unwrap();
    Validator {
        root: serde_json::from_str(&text).unwrap(),
    }
}

/// A JSON Schema held in memory.
pub struct Validator {
    /// The schema document.
    pub root: Value,
}

impl Validator {
    fn resolve(&self, r: &str) -> &Value {
        let mut v = &self.root;
        for part in r.trim_start_matches("#/").split('/') {
            v = &v[part];
        }
        assert!(!v.is_null(), "unresolved $ref {r}");
        v
    }

    /// Adds every violation of `schema` by `v` (at `path`) to `errors`.
    pub fn check(&self, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
        let Value::Object(s) = schema else { return };
        if let Some(Value::String(r)) = s.get("$ref") {
            self.check(self.resolve(r), v, path, errors);
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(x) => vec![x.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            let ok = types.iter().any(|t| match *t {
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "number" => v.is_number(),
                "integer" => v.is_i64() || v.is_u64(),
                "boolean" => v.is_boolean(),
                "null" => v.is_null(),
                _ => false,
            });
            if !ok {
                errors.push(format!("{path}: expected type {types:?}, found {v}"));
                return;
            }
        }
        // Patterns: only the extension-vocabulary one (`(ext:)[...]+`, in the
        // `oneOf` of every extensible enumeration) decides anything here.
        if let (Some(Value::String(p)), Value::String(x)) = (s.get("pattern"), v) {
            if p.starts_with("(ext:)") && !x.contains("ext:") {
                errors.push(format!("{path}: `{x}` does not match {p}"));
            }
            // The CASE 1.1 UUID pattern (unanchored): some 36-character
            // window must be a UUID with the RFC 4122 variant.
            if p.contains("[8-9a-b]") && !has_uuid(x) {
                errors.push(format!("{path}: `{x}` does not match {p}"));
            }
        }
        if let Some(Value::Array(e)) = s.get("enum") {
            if !e.contains(v) {
                errors.push(format!("{path}: {v} not in enum {e:?}"));
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                errors.push(format!("{path}: {v} is not {c}"));
            }
        }
        for sub in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(sub, v, path, errors);
        }
        if let Some(Value::Array(any)) = s.get("anyOf") {
            if !any.iter().any(|sub| self.passes(sub, v)) {
                errors.push(format!("{path}: matches no anyOf branch"));
            }
        }
        if let Some(Value::Array(one)) = s.get("oneOf") {
            let n = one.iter().filter(|sub| self.passes(sub, v)).count();
            if n != 1 {
                errors.push(format!("{path}: matches {n} oneOf branches, expected 1"));
            }
        }
        if let Value::Object(m) = v {
            for r in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let r = r.as_str().unwrap();
                if !m.contains_key(r) {
                    errors.push(format!("{path}: missing required `{r}`"));
                }
            }
            let props = s.get("properties").and_then(Value::as_object);
            for (k, x) in m {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => self.check(ps, x, &format!("{path}.{k}"), errors),
                    None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        errors.push(format!("{path}: additional property `{k}`"));
                    }
                    None => {}
                }
            }
        }
        if let Value::Array(a) = v {
            if let Some(n) = s.get("minItems").and_then(Value::as_u64) {
                if (a.len() as u64) < n {
                    errors.push(format!("{path}: fewer than {n} items"));
                }
            }
            match s.get("items") {
                Some(Value::Array(tuple)) => {
                    for (i, x) in a.iter().enumerate() {
                        match tuple.get(i) {
                            Some(ts) => self.check(ts, x, &format!("{path}[{i}]"), errors),
                            None => {
                                if let Some(add) = s.get("additionalItems") {
                                    self.check(add, x, &format!("{path}[{i}]"), errors);
                                }
                            }
                        }
                    }
                }
                Some(is) => {
                    for (i, x) in a.iter().enumerate() {
                        self.check(is, x, &format!("{path}[{i}]"), errors);
                    }
                }
                None => {}
            }
            if let Some(c) = s.get("contains") {
                if !a.iter().any(|x| self.passes(c, x)) {
                    errors.push(format!("{path}: no item matches `contains`"));
                }
            }
        }
    }

    fn passes(&self, schema: &Value, v: &Value) -> bool {
        let mut e = Vec::new();
        self.check(schema, v, "", &mut e);
        e.is_empty()
    }
}
