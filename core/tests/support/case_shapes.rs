//! CFPackages of a given shape and size, for the scale tests of CASE
//! import (`core/tests/case.rs`) and its benchmark
//! (`core/benches/case_import.rs`).

#![allow(dead_code)]

use std::fmt::Write;

/// The shape of an `isChildOf` hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Item 0 under the document, each next item under the one before: one
    /// competency with one criterion under N - 2 groupings.
    Chain,
    /// Every item under the document: N competencies of one criterion.
    Wide,
    /// Item 0 under item N - 1, each next item under the one before: one
    /// cycle of N items, nothing under the document.
    Cycle,
}

impl Shape {
    /// Its name in benchmark output.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Chain => "deep chain",
            Shape::Wide => "wide tree",
            Shape::Cycle => "long cycle",
        }
    }
}

fn uuid(kind: &str, k: usize) -> String {
    proficient::interop::case::uuid_v5(&format!("case-shapes:{kind}:{k}"))
}

/// A CASE 1.1 package of `n` items in `shape` (valid but for the cycle).
pub fn package(shape: Shape, n: usize) -> String {
    let when = "2024-01-01T00:00:00+00:00";
    let doc = uuid("doc", 0);
    let ids: Vec<String> = (0..n).map(|k| uuid("item", k)).collect();
    let mut out = String::with_capacity(n * 700);
    let _ = write!(
        out,
        "{{\"CFDocument\": {{\"identifier\": \"{doc}\", \"uri\": \"urn:uuid:{doc}\", \"creator\": \"proficient tests\", \"title\": \"{} of {n} items\", \"lastChangeDateTime\": \"{when}\"}},\n\"CFItems\": [\n",
        shape.name()
    );
    for (k, id) in ids.iter().enumerate() {
        let sep = if k + 1 < n { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"identifier\": \"{id}\", \"uri\": \"urn:uuid:{id}\", \"fullStatement\": \"Item {k}\", \"humanCodingScheme\": \"I.{k}\", \"lastChangeDateTime\": \"{when}\"}}{sep}"
        );
    }
    out.push_str("],\n\"CFAssociations\": [\n");
    for (k, id) in ids.iter().enumerate() {
        let parent = match shape {
            Shape::Chain if k > 0 => ids.get(k - 1).unwrap_or(&doc),
            Shape::Chain | Shape::Wide => &doc,
            Shape::Cycle => ids.get((k + n - 1) % n).unwrap_or(&doc),
        };
        let a = uuid("assoc", k);
        let sep = if k + 1 < n { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"identifier\": \"{a}\", \"uri\": \"urn:uuid:{a}\", \"associationType\": \"isChildOf\", \"sequenceNumber\": {}, \"lastChangeDateTime\": \"{when}\", \"originNodeURI\": {{\"title\": \"Item {k}\", \"identifier\": \"{id}\", \"uri\": \"urn:uuid:{id}\"}}, \"destinationNodeURI\": {{\"title\": \"parent\", \"identifier\": \"{parent}\", \"uri\": \"urn:uuid:{parent}\"}}}}{sep}",
            k + 1
        );
    }
    out.push_str("]}\n");
    out
}
