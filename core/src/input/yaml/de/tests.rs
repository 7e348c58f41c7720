use serde::de;
use serde::Deserialize;

use super::tree::{Error, Tree};

fn read<T: de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    Tree::build(text, 64)?.deserialize()
}

fn where_(text: &str) -> (String, Option<(usize, usize, String)>) {
    match read::<serde_json::Value>(text) {
        Ok(v) => (format!("ok {v}"), None),
        Err(e) => (e.0.message, e.0.at),
    }
}

#[test]
fn scalars_resolve_as_in_the_core_schema() {
    let v: serde_json::Value =
        read("[~, null, '', true, False, 12, -3, 0x1f, 0o17, 0b11, 1.5, 007, '12', x, .inf]")
            .map_err(|e| e.0.message)
            .unwrap_or_default();
    assert_eq!(
        v.to_string(),
        r#"[null,null,"",true,false,12,-3,31,15,3,1.5,"007","12","x",null]"#
    );
}

#[test]
fn number_fields_take_integers_in_every_radix() {
    let n: Result<Vec<f64>, _> = read("[16, 0x10, 0o20, 0b10000, +0x10, -0x10, 1.5e1]");
    assert_eq!(
        n.map_err(|e| e.0.message).unwrap_or_default(),
        [16.0, 16.0, 16.0, 16.0, 16.0, -16.0, 15.0]
    );
}

#[test]
fn string_fields_take_any_scalar_as_written() {
    #[derive(Deserialize)]
    struct S {
        version: String,
        n: Option<f64>,
    }
    let s: Result<S, _> = read("version: 1.0\nn:\n");
    assert!(matches!(s, Ok(S { ref version, n: None }) if version == "1.0"));
}

#[test]
fn type_errors_name_the_node() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        weight: f64,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }
    let e = read::<Doc>("items:\n  - weight: 1\n  - weight: heavy\n").err();
    let e = e.map(|e| (e.0.message, e.0.at));
    assert_eq!(
        e,
        Some((
            "invalid type: string \"heavy\", expected f64".to_string(),
            Some((3, 13, "items[1].weight".to_string()))
        ))
    );
}

#[test]
fn unknown_tags_and_recursive_aliases_are_refused() {
    let (msg, at) = where_("a: !custom 1\n");
    assert_eq!(msg, "unsupported YAML tag `!custom`, expected no tag or one of `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`");
    assert_eq!(at.map(|a| a.0), Some(1));
    assert_eq!(where_("a: !!str 12\n").0, r#"ok {"a":"12"}"#);
    let (msg, _) = where_("a: &x [1, *x]\n");
    assert!(msg.contains("recursive alias"), "{msg}");
}

#[test]
fn aliases_nesting_past_the_limit_are_refused() {
    // Each anchor nests the previous one 10 levels deeper: the document
    // itself is shallow but expands 10 × 10 levels deep.
    let mut text = String::from("a0: &a0 [1]\n");
    for i in 1..10 {
        let open = "[".repeat(10);
        let close = "]".repeat(10);
        text.push_str(&format!("a{i}: &a{i} {open}*a{}{close}\n", i - 1));
    }
    let e = Tree::build(&text, 64).and_then(|t| t.deserialize::<serde_json::Value>());
    assert!(matches!(e, Err(ref e) if e.too_deep));
}
