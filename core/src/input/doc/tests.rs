//! The hand-written readers against the serde-derived readers they replace
//! (kept here as the reference): on generated JSON documents, against
//! serde_json with `serde_path_to_error` as the WebAssembly package read its
//! options and policy overrides (path and message, ` at line L column C`
//! left out); on generated YAML policy files, against the core's YAML
//! reader with the derive (the whole `LoadError`: message, line, column,
//! path). Values must be equal, errors identical.

use serde::de::DeserializeOwned;

use crate::scoring::call::CallOptions;
use crate::scoring::policy::{overrides_from_str, PolicyOverrides};

/// The serde-derived readers, with the names of the types they read
/// (serde's messages name them: `expected struct PolicyOverrides`).
mod derived {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer};

    use crate::scoring::score::Explain;
    use crate::Date;

    fn some<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }

    fn aggregate<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<crate::model::Aggregate>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| crate::scoring::policy::aggregate_named(&s).map_err(serde::de::Error::custom))
            .transpose()
    }

    /// `PolicyOverrides` as serde's derive read it (serde's messages name the type).
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct PolicyOverrides {
        #[serde(default, deserialize_with = "some")]
        half_life_days: Option<Option<f64>>,
        #[serde(default, deserialize_with = "some")]
        max_age_days: Option<Option<u32>>,
        #[serde(default)]
        min_items: Option<u32>,
        #[serde(default)]
        min_coverage: Option<f64>,
        #[serde(default)]
        kind_weights: BTreeMap<String, f64>,
        #[serde(default, deserialize_with = "aggregate")]
        aggregate: Option<crate::model::Aggregate>,
    }

    impl From<PolicyOverrides> for super::PolicyOverrides {
        fn from(o: PolicyOverrides) -> Self {
            super::PolicyOverrides {
                half_life_days: o.half_life_days,
                max_age_days: o.max_age_days,
                min_items: o.min_items,
                min_coverage: o.min_coverage,
                kind_weights: o.kind_weights,
                aggregate: o.aggregate,
            }
        }
    }

    /// The WebAssembly package's options as its serde-derived reader read them
    /// (the type's name is in a message: `expected struct RawOptions`).
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub(super) struct RawOptions {
        #[serde(default)]
        as_of: Option<Date>,
        #[serde(default)]
        explain: Option<ExplainOption>,
        #[serde(default)]
        evidence_format: Option<String>,
        #[serde(default)]
        file: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(untagged, expecting = "true, false or a worker id")]
    enum ExplainOption {
        All(bool),
        Worker(String),
    }

    impl From<RawOptions> for crate::scoring::call::CallOptions {
        fn from(raw: RawOptions) -> Self {
            crate::scoring::call::CallOptions {
                as_of: raw.as_of,
                explain: match raw.explain {
                    None | Some(ExplainOption::All(true)) => Explain::All,
                    Some(ExplainOption::All(false)) => Explain::None,
                    Some(ExplainOption::Worker(w)) => Explain::Worker(w),
                },
                format: raw.evidence_format,
                file: raw.file,
            }
        }
    }
}

/// serde_json's message without ` at line L column C`.
fn bare(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// serde_json and `serde_path_to_error`, as the package used them.
fn serde_json_read<T: DeserializeOwned>(json: &str) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, bare(&e.inner().to_string()))
    })
}

/// A value's fields compared as text, so that NaN equals NaN.
fn shown<T: std::fmt::Debug>(r: &Result<T, (String, String)>) -> String {
    format!("{r:?}")
}

/// A small deterministic generator (xorshift).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "7",
    "30",
    "365",
    "0.5",
    "1.5",
    "-1.5",
    "2.25",
    "4294967295",
    "4294967296",
    "-4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e21",
    "1e+21",
    "1E2",
    "1.5e-7",
    "5e-324",
    "2.5e-320",
    "1.7976931348623157e308",
    "1e400",
    "-1e400",
    "1e-400",
    "0.30000000000000004",
    "123456789012345678901234567890",
    "1234567890123456789.123",
    "12345678901234567890123.5e-3",
    "-0",
    "0.1",
    "100000000000000000000000",
    "9007199254740993",
    "3.141592653589793",
    "1e2147483648",
    "0e2147483648",
    "1e-2147483648",
];

const STRINGS: &[&str] = &[
    r#""2026-06-30""#,
    r#""2026-02-30""#,
    r#""2026-6-30""#,
    r#""x""#,
    r#""""#,
    r#""NaN""#,
    r#""Infinity""#,
    r#""\ud800""#,
    r#""\ud800x""#,
    r#""\udc00""#,
    r#""\ud83d\ude00""#,
    r#""a\"b\\c""#,
    r#""\n\t\u0001""#,
    r#""\u00e9t\u00e9""#,
    r#""été""#,
    r#""\ud800\ud800""#,
    r#""\ud800\n""#,
    r#""jr-003""#,
    r#""feedback""#,
    r#""observation""#,
    r#""a date that is far too long to be shown whole in a message at all""#,
    r#""csv""#,
    r#""jsonl""#,
    r#""half_life_days""#,
];

const POLICY_KEYS: &[&str] = &[
    "half_life_days",
    "max_age_days",
    "min_items",
    "min_coverage",
    "kind_weights",
    "half_life",
    "colour",
    "",
    "\\ud800",
    "\\u006din_items",
];

const OPTION_KEYS: &[&str] = &[
    "as_of",
    "as_of",
    "as_of",
    "explain",
    "explain",
    "evidence_format",
    "file",
    "colour",
    "as_of",
    "",
    "\\udc00",
];

const KINDS: &[&str] = &["feedback", "observation", "video", "", "\\ud800", "a.b"];

fn deep(g: &mut Gen) -> String {
    let n = [2, 60, 125, 126, 127, 128, 130][g.below(7)];
    let inner = if g.below(2) == 0 { "1" } else { r#""\ud800""# };
    if g.below(2) == 0 {
        format!("{}{inner}{}", "[".repeat(n), "]".repeat(n))
    } else {
        format!("{}{inner}{}", r#"{"a":"#.repeat(n), "}".repeat(n))
    }
}

/// Any JSON value, at most `depth` levels of containers.
fn value(g: &mut Gen, depth: usize) -> String {
    match g.below(if depth == 0 { 4 } else { 7 }) {
        0 => g.pick(NUMBERS).to_string(),
        1 => g.pick(STRINGS).to_string(),
        2 => g.pick(&["null", "true", "false"]).to_string(),
        3 if g.below(8) == 0 => deep(g),
        3 => g.pick(NUMBERS).to_string(),
        4 => {
            let n = g.below(4);
            let items: Vec<String> = (0..n).map(|_| value(g, depth - 1)).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = g.below(3);
            let entries: Vec<String> = (0..n)
                .map(|_| format!(r#""{}":{}"#, g.pick(KINDS), value(g, depth - 1)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
    }
}

fn kind_weights(g: &mut Gen) -> String {
    if g.below(4) == 0 {
        return value(g, 2);
    }
    let n = g.below(4);
    let entries: Vec<String> = (0..n)
        .map(|_| {
            let v = if g.below(3) == 0 {
                value(g, 1)
            } else {
                g.pick(NUMBERS).to_string()
            };
            format!(r#""{}":{v}"#, g.pick(KINDS))
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

fn policy_json(g: &mut Gen) -> String {
    match g.below(12) {
        0 => value(g, 2),
        1 => {
            let n = g.below(8);
            let items: Vec<String> = (0..n)
                .map(|i| match (i, g.below(3)) {
                    (4, 0 | 1) => kind_weights(g),
                    (_, 0) => "null".to_string(),
                    _ => value(g, 1),
                })
                .collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = g.below(5);
            let entries: Vec<String> = (0..n)
                .map(|_| {
                    let key = if g.below(4) == 0 {
                        g.pick(POLICY_KEYS)
                    } else {
                        g.pick(&POLICY_KEYS[..5])
                    };
                    let v = match (key, g.below(4)) {
                        ("kind_weights", 0..=2) => kind_weights(g),
                        (_, 0) => "null".to_string(),
                        (_, 1) => g.pick(NUMBERS).to_string(),
                        _ => value(g, 2),
                    };
                    format!(r#""{key}":{v}"#)
                })
                .collect();
            format!("{{{}}}", entries.join(","))
        }
    }
}

fn options_json(g: &mut Gen) -> String {
    if g.below(20) == 0 {
        return value(g, 2);
    }
    let n = g.below(5);
    let mut entries: Vec<String> = Vec::new();
    if g.below(6) != 0 {
        let date = if g.below(4) == 0 {
            value(g, 1)
        } else {
            r#""2026-06-30""#.to_string()
        };
        entries.push(format!(r#""as_of":{date}"#));
    }
    for _ in 0..n {
        let key = g.pick(OPTION_KEYS);
        let v = match (key, g.below(5)) {
            ("explain", 0) => g.pick(&["true", "false", "null"]).to_string(),
            ("explain", 1) => deep(g),
            ("evidence_format" | "file", 0) => g.pick(STRINGS).to_string(),
            (_, 2) => "null".to_string(),
            _ => value(g, 3),
        };
        entries.push(format!(r#""{key}":{v}"#));
    }
    // Shuffle a little: the order matters for which error comes first.
    if entries.len() > 1 && g.below(2) == 0 {
        let last = entries.len() - 1;
        entries.swap(0, last);
    }
    format!("{{{}}}", entries.join(","))
}

#[test]
fn policy_overrides_from_json_as_serde_json_read_them() {
    let mut g = Gen(0x2026_0630);
    let mut mismatches = Vec::new();
    let mut errors = 0;
    for _ in 0..40_000 {
        let json = policy_json(&mut g);
        let old = serde_json_read::<derived::PolicyOverrides>(&json).map(PolicyOverrides::from);
        let new = PolicyOverrides::from_json(&json).map_err(|e| (e.path, e.message));
        errors += usize::from(old.is_err());
        if shown(&old) != shown(&new) {
            mismatches.push(format!("{json}\n  serde: {old:?}\n  now:   {new:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}",
        mismatches[..mismatches.len().min(10)].join("\n")
    );
    // Both outcomes are well represented.
    assert!(errors > 10_000 && errors < 38_000, "{errors}");
}

#[test]
fn call_options_from_json_as_serde_json_read_them() {
    let mut g = Gen(0x5eed);
    let mut mismatches = Vec::new();
    let mut errors = 0;
    for _ in 0..40_000 {
        let json = options_json(&mut g);
        let old = serde_json_read::<derived::RawOptions>(&json).map(CallOptions::from);
        let new = CallOptions::from_json(&json).map_err(|e| (e.path, e.message));
        errors += usize::from(old.is_err());
        if shown(&old) != shown(&new) {
            mismatches.push(format!("{json}\n  serde: {old:?}\n  now:   {new:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}",
        mismatches[..mismatches.len().min(10)].join("\n")
    );
    assert!(errors > 10_000 && errors < 38_000, "{errors}");
}

#[test]
fn hand_picked_json() {
    for json in [
        r#"{"as_of":"2026-06-30"}"#,
        r#"{"as_of":"2026-06-30","explain":"jr-003","evidence_format":"csv","file":"a.csv"}"#,
        r#"{"as_of":"2026-06-30","explain":3}"#,
        r#"{"as_of":"2026-02-30"}"#,
        r#"{"as_of":"2026-06-30","colour":"red"}"#,
        r#"{"as_of":"2026-06-30","as_of":"2026-06-30"}"#,
        r#"{}"#,
        r#"[]"#,
        r#"["2026-06-30",true,"csv","f",5]"#,
        r#"  {"as_of" : "2026-06-30" , "explain" : [ 1 , {"a" : "\ud800"} ] }  "#,
        "",
        r#"{"as_of":"2026-06-30"} trailing"#,
    ] {
        let old = serde_json_read::<derived::RawOptions>(json).map(CallOptions::from);
        let new = CallOptions::from_json(json).map_err(|e| (e.path, e.message));
        assert_eq!(shown(&old), shown(&new), "{json}");
    }
    for json in [
        r#"{"min_coverage":2}"#,
        r#"{"half_life_days":null,"max_age_days":null}"#,
        r#"{"kind_weights":{"feedback":"2"}}"#,
        r#"{"kind_weights":{"\ud800":1}}"#,
        r#"[null,null,2,0.5,{"feedback":2}]"#,
        r#"[1,2,3,4,{},5]"#,
        r#""x""#,
        r#"{"min_items":-1}"#,
        r#"{"min_items":1e400}"#,
        r#"{"min_items":4294967296}"#,
        r#"{"min_items":1.0}"#,
        r#"{"min_items":1e2}"#,
    ] {
        let old = serde_json_read::<derived::PolicyOverrides>(json).map(PolicyOverrides::from);
        let new = PolicyOverrides::from_json(json).map_err(|e| (e.path, e.message));
        assert_eq!(shown(&old), shown(&new), "{json}");
    }
}

/// Malformed JSON (which the package's wrapper, writing JSON with
/// `JSON.stringify`, never sends) is refused with serde_json's message; the
/// path may differ (the text is split before it is read).
#[test]
fn malformed_json_is_refused() {
    for json in [
        "{",
        r#"{"as_of":"2026-06-30",}"#,
        r#"{"as_of" "x"}"#,
        r#"{"as_of":"2026-06-30","explain":[1,]}"#,
        "nul",
        "{1:2}",
        r#"{"as_of":"2026-06-30" "b":2}"#,
        r#"{"as_of":"2026-06-30","explain":[1 2]}"#,
        "\"abc",
    ] {
        let old = serde_json_read::<derived::RawOptions>(json);
        let new = CallOptions::from_json(json);
        let (Err((_, old)), Err(new)) = (old, new) else {
            panic!("{json}: not refused");
        };
        assert_eq!(old, new.message, "{json}");
    }
}

const YAML_VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "yes",
    "1",
    "-1",
    "+5",
    "0",
    "007",
    "0x10",
    "-0x10",
    "0o17",
    "0b11",
    "1.5",
    "-1.5",
    "1.0",
    "1e3",
    "1e999",
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "inf",
    "NaN",
    "4294967295",
    "4294967296",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1_000",
    "'5'",
    "\"x\"",
    "\"\"",
    "!!str 5",
    "!!float 5",
    "abc",
    "2026-01-01",
    "[1, 2]",
    "[]",
    "{a: 1}",
    "{}",
    "0.5",
    "30",
    "365",
    "2",
];

const YAML_KEYS: &[&str] = &[
    "half_life_days",
    "max_age_days",
    "min_items",
    "min_coverage",
    "kind_weights",
    "half_life",
    "'min_items'",
    "1",
    "\"\"",
    "[a]",
    "{a: 1}",
    "null",
];

fn policy_yaml(g: &mut Gen) -> String {
    match g.below(16) {
        0 => format!("{}\n", g.pick(YAML_VALUES)),
        1 => format!("- {}\n- {}\n", g.pick(YAML_VALUES), g.pick(YAML_VALUES)),
        2 => {
            // Flow style.
            let n = g.below(4);
            let entries: Vec<String> = (0..n)
                .map(|_| format!("{}: {}", g.pick(&YAML_KEYS[..6]), g.pick(YAML_VALUES)))
                .collect();
            format!("{{{}}}\n", entries.join(", "))
        }
        _ => {
            let n = 1 + g.below(4);
            let mut used = Vec::new();
            let mut out = String::new();
            for _ in 0..n {
                let key = if g.below(5) == 0 {
                    g.pick(YAML_KEYS)
                } else {
                    g.pick(&YAML_KEYS[..5])
                };
                // The YAML reader refuses a key twice before reading.
                if used.contains(&key) {
                    continue;
                }
                used.push(key);
                let key = if key.starts_with('[') || key.starts_with('{') {
                    format!("? {key}\n:")
                } else {
                    format!("{key}:")
                };
                if key.starts_with("kind_weights") && g.below(4) != 0 {
                    out.push_str(&key);
                    out.push('\n');
                    let mut kinds = Vec::new();
                    for _ in 0..g.below(4) {
                        let kind = g.pick(&["feedback", "observation", "'x'", "[a]", "2", "\"\""]);
                        if kinds.contains(&kind) {
                            continue;
                        }
                        kinds.push(kind);
                        if kind.starts_with('[') {
                            out.push_str(&format!("  ? {kind}\n  : {}\n", g.pick(YAML_VALUES)));
                        } else {
                            out.push_str(&format!("  {kind}: {}\n", g.pick(YAML_VALUES)));
                        }
                    }
                } else {
                    out.push_str(&format!("{key} {}\n", g.pick(YAML_VALUES)));
                }
            }
            out
        }
    }
}

#[test]
fn policy_overrides_from_yaml_as_the_derive_read_them() {
    let limits = crate::input::yaml::Limits::default();
    let mut g = Gen(0xfeed_beef);
    let mut mismatches = Vec::new();
    let mut errors = 0;
    let hand = [
        "&k min_items : 1\n*k : 2\n",
        "? &k min_items\n: 1\n? *k\n: 2\n",
        "min_items: &v 3\nmax_age_days: *v\n",
        "kind_weights: &w {feedback: 2}\nmin_items: 1\n",
        "kind_weights:\n  feedback: &x 2\n  observation: *x\n",
        "--- 5\n",
        "# nothing\n",
        "min_items: 1\n---\nmin_items: 2\n",
    ];
    let generated: Vec<String> = (0..30_000).map(|_| policy_yaml(&mut g)).collect();
    for yaml in hand.iter().map(|s| s.to_string()).chain(generated) {
        let old = crate::input::yaml::parse::<derived::PolicyOverrides>(&yaml, &limits)
            .map(|(o, _)| PolicyOverrides::from(o))
            .map_err(|e| format!("{e:?}"));
        let new = overrides_from_str(&yaml).map_err(|e| format!("{e:?}"));
        errors += usize::from(old.is_err());
        if format!("{old:?}") != format!("{new:?}") {
            mismatches.push(format!("{yaml}\n  derive: {old:?}\n  now:    {new:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}",
        mismatches[..mismatches.len().min(10)].join("\n")
    );
    assert!(errors > 5_000 && errors < 28_000, "{errors}");
}
