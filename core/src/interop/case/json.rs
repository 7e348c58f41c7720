//! A fast path for reading a CFPackage: packages are JSON, often tens of
//! megabytes, and the YAML reader that places every node of a document is
//! more than ten times slower than a JSON parser. So a package that is
//! well-formed JSON within the limits is read by `serde_json` (refusing
//! duplicate keys and nesting past the limit; JSON has no aliases, so its
//! nodes are bounded by its size, as in the YAML reader),
//! and only the places that diagnostics name are found afterwards, in one
//! pass over the text ([`locate`]). Anything else (YAML, malformed JSON,
//! duplicate keys, ...) is read by [`crate::input::yaml::parse`], whose errors
//! say what is wrong and where.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::input::yaml::{Limits, LocationIndex};

/// Reads `text` as JSON within `limits`: `None` when it is not simply
/// well-formed JSON within them (the YAML reader then says why).
pub(crate) fn parse(text: &str, limits: &Limits) -> Option<Value> {
    let first = text.trim_start().as_bytes().first().copied();
    if text.len() > limits.max_bytes || !matches!(first, Some(b'{' | b'[')) {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Seed { depth: 0, limits };
    let v = seed.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(v)
}

struct Seed<'a> {
    depth: usize,
    limits: &'a Limits,
}

impl Seed<'_> {
    fn child(&self) -> Seed<'_> {
        Seed {
            depth: self.depth + 1,
            limits: self.limits,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("not a finite number"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth >= self.limits.max_depth {
            return Err(de::Error::custom("too deep"));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child())? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.depth >= self.limits.max_depth {
            return Err(de::Error::custom("too deep"));
        }
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(self.child())?;
            if out.insert(k, v).is_some() {
                return Err(de::Error::custom("duplicate key"));
            }
        }
        Ok(Value::Object(out))
    }
}

enum Frame {
    /// An object; `key` is the key whose value comes next.
    Object {
        path: Option<String>,
        key: Option<String>,
    },
    /// An array; `next` is the index of the next element.
    Array { path: Option<String>, next: usize },
}

/// Where each of `wanted` (and each of their ancestors) starts in the JSON
/// `text`, as [`crate::input::yaml::parse`] would place them: a property at its
/// key, an array element at its first character; lines from 1, columns in
/// characters from 1. One pass; the paths of subtrees no wanted path is in
/// are never built.
pub(crate) fn locate(text: &str, wanted: &[&str]) -> LocationIndex {
    if wanted.is_empty() {
        return LocationIndex::default();
    }
    let mut want: HashSet<String> = HashSet::new();
    for w in wanted {
        let mut p: &str = w;
        loop {
            if !want.insert(p.to_string()) {
                break;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => break,
            }
        }
    }
    want.insert(String::new());
    Scan {
        text,
        want,
        index: LocationIndex::default(),
        stack: Vec::new(),
        root_seen: false,
        line: 1,
        line_start: 0,
    }
    .run()
}

/// The column (in characters, from 1) of byte `i` of a line starting at
/// byte `line_start`.
fn column(text: &str, i: usize, line_start: usize) -> usize {
    text.get(line_start..i)
        .map_or(i - line_start, |s| s.chars().count())
        + 1
}

/// The state of [`locate`]'s pass: where it is, the containers it is in,
/// and the places found.
struct Scan<'t> {
    text: &'t str,
    want: HashSet<String>,
    index: LocationIndex,
    stack: Vec<Frame>,
    root_seen: bool,
    line: usize,
    line_start: usize,
}

impl Scan<'_> {
    fn run(mut self) -> LocationIndex {
        let b = self.text.as_bytes();
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            match c {
                b'\n' => {
                    self.line += 1;
                    self.line_start = i + 1;
                    i += 1;
                }
                b'\r' => {
                    if b.get(i + 1) != Some(&b'\n') {
                        self.line += 1;
                        self.line_start = i + 1;
                    }
                    i += 1;
                }
                b'{' | b'[' => {
                    let path = self.value_path(i);
                    self.stack.push(if c == b'{' {
                        Frame::Object { path, key: None }
                    } else {
                        Frame::Array { path, next: 0 }
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    self.stack.pop();
                    i += 1;
                }
                b'"' => i = self.string(i),
                b',' | b':' | b' ' | b'\t' => i += 1,
                _ => {
                    // A number, true, false or null.
                    self.value_path(i);
                    while b.get(i).is_some_and(|x| {
                        !matches!(x, b',' | b'}' | b']' | b'\n' | b'\r' | b' ' | b'\t')
                    }) {
                        i += 1;
                    }
                }
            }
        }
        self.index
    }

    /// The path of the value starting at byte `at` (None: not wanted),
    /// recording array elements' places.
    fn value_path(&mut self, at: usize) -> Option<String> {
        let Scan {
            text,
            want,
            index,
            stack,
            root_seen,
            line,
            line_start,
        } = self;
        match stack.last_mut() {
            None => {
                *root_seen = true;
                Some(String::new())
            }
            Some(Frame::Object { path, key }) => {
                let k = key.take()?;
                let p = path.as_ref()?;
                Some(if p.is_empty() { k } else { format!("{p}.{k}") }).filter(|x| want.contains(x))
            }
            Some(Frame::Array { path, next }) => {
                let n = *next;
                *next += 1;
                let p = path.as_ref()?;
                let x = format!("{p}[{n}]");
                if want.contains(&x) {
                    index.insert(x.clone(), *line, column(text, at, *line_start));
                    Some(x)
                } else {
                    None
                }
            }
        }
    }

    /// A string starting at byte `start`: a key (its place recorded when
    /// wanted) or a value; returns the byte after it.
    fn string(&mut self, start: usize) -> usize {
        let (text, b) = (self.text, self.text.as_bytes());
        let mut j = start + 1;
        let mut escaped = false;
        while let Some(&d) = b.get(j) {
            match d {
                b'\\' => {
                    escaped = true;
                    j += 2;
                }
                b'"' => break,
                _ => j += 1,
            }
        }
        let end = (j + 1).min(b.len());
        let is_key = matches!(self.stack.last(), Some(Frame::Object { key: None, .. }))
            && b.get(end..)
                .and_then(|r| r.iter().find(|x| !x.is_ascii_whitespace()))
                == Some(&b':');
        if !is_key {
            self.value_path(start);
            return end;
        }
        let (line, line_start) = (self.line, self.line_start);
        if let Some(Frame::Object { path, key }) = self.stack.last_mut() {
            let Some(p) = path else {
                // Nothing wanted below: the key's name is not needed.
                *key = Some(String::new());
                return end;
            };
            let raw = text.get(start..end).unwrap_or("\"\"");
            let k = if escaped {
                serde_json::from_str::<String>(raw).unwrap_or_default()
            } else {
                raw.get(1..raw.len().saturating_sub(1))
                    .unwrap_or("")
                    .to_string()
            };
            let kp = if p.is_empty() {
                k.clone()
            } else {
                format!("{p}.{k}")
            };
            if self.want.contains(&kp) {
                self.index.insert(kp, line, column(text, start, line_start));
            }
            *key = Some(k);
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_match_the_yaml_reader() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\\u00e9\": \"x\"}, [true]]},\r\n\t\"é\": null, \"d\": \"q\\\"r\",\r\"e\": 2\n}";
        let limits = Limits::default();
        let (_, yaml): (Value, LocationIndex) =
            crate::input::yaml::parse(text, &limits).unwrap_or_default();
        let paths = [
            "a",
            "a.b",
            "a.b[0]",
            "a.b[1]",
            "a.b[1].cé",
            "a.b[2]",
            "a.b[2][0]",
            "é",
            "d",
            "e",
            "missing.x",
        ];
        let fast = locate(text, &paths);
        for p in paths {
            let (y, f) = (yaml.locate(p), fast.locate(p));
            assert_eq!(
                (y.line, y.column),
                (f.line, f.column),
                "{p} {:?}",
                crate::input::yaml::parse::<Value>(text, &limits).err()
            );
        }
        assert!(parse(text, &limits).is_some());
    }

    #[test]
    fn anything_but_plain_json_is_left_to_the_yaml_reader() {
        let limits = Limits::default();
        for text in [
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": NaN}",
            "a: 1",
            "{\"a\": 1} x",
            "",
            &("[".repeat(70) + &"]".repeat(70)),
        ] {
            assert!(parse(text, &limits).is_none(), "{text}");
        }
    }

    #[test]
    fn more_nodes_than_aliases_may_add_still_take_the_fast_path() {
        // The alias limit bounds what aliases add; JSON has none, and a
        // 100,000-item package has millions of nodes (it went to the YAML
        // reader, ten times slower, when they were counted against it).
        let limits = Limits::default();
        let n = limits.max_nodes + 10;
        let text = format!("[{}0]", "0,".repeat(n));
        assert_eq!(
            parse(&text, &limits).map(|v| v.as_array().map(Vec::len)),
            Some(Some(n + 1))
        );
    }
}
