//! Model values as Rust source: the expression that builds a [`Framework`]
//! or [`Profile`] equal to a given one, so that a program can carry loaded
//! frameworks as compiled code instead of their YAML and a parser (the
//! WebAssembly package's main module bakes the shipped frameworks and
//! profile this way, in its build script, from the values this crate
//! loads and validates).
//!
//! The expressions name the model's types through `m::` (`use
//! proficient::model as m;`) and build every `String` with a call (one
//! call per text instead of inlined copies): `y(source, start, len)`, a
//! slice of one of the texts the [`Baker`] was given when the string is
//! found there (so that texts the program carries anyway, such as the
//! frameworks' JSON, are not carried twice), else `s("...")`. [`PRELUDE`]
//! defines `m`, `s` and `y`; `y` calls `source(index) -> &'static str`,
//! which the including code defines. Every model type is taken apart with
//! an exhaustive pattern, so a field added to the model fails to compile
//! here until it is baked too.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{
    CaseDocument, CaseGrouping, CaseLink, CaseRef, Category, Competency, Criterion, Domain,
    EvidenceKind, EvidencePolicy, Framework, Importance, Level, Measure, Panel, PanelGroup,
    Priority, PriorityBand, Profile, RatingScale, Requirement, ScaleLabel, Source,
};

/// What the baked expressions expect in scope (besides `source`).
pub const PRELUDE: &str = "\
#[allow(unused_imports)]
use proficient::model as m;

/// A baked text as a `String` (one call per text: smaller than inlined copies).
#[inline(never)]
#[allow(dead_code)]
fn s(text: &'static str) -> String {
    String::from(text)
}

/// The baked text `source(index)[start..start + len]` as a `String`.
#[inline(never)]
#[allow(dead_code)]
fn y(index: usize, start: usize, len: usize) -> String {
    String::from(source(index).get(start..start + len).unwrap_or(\"\"))
}
";

/// Writes Rust expressions, taking strings from `sources` where they are
/// found verbatim.
#[derive(Debug, Default)]
pub struct Baker<'a> {
    /// The expression written so far.
    pub out: String,
    sources: Vec<&'a str>,
}

impl<'a> Baker<'a> {
    /// A baker whose strings are slices of `sources` (`y(index, ...)`)
    /// where they are found.
    pub fn new(sources: Vec<&'a str>) -> Baker<'a> {
        Baker {
            out: String::new(),
            sources,
        }
    }

    /// The Rust expression building `value`.
    pub fn expr<T: Bake + ?Sized>(&mut self, value: &T) -> String {
        self.out.clear();
        value.bake(self);
        std::mem::take(&mut self.out)
    }

    fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }
}

/// A value that can be written as a Rust expression building it.
pub trait Bake {
    /// Appends the expression to `b.out`.
    fn bake(&self, b: &mut Baker<'_>);
}

/// The Rust expression building `value`, with every string a literal.
pub fn expr<T: Bake + ?Sized>(value: &T) -> String {
    Baker::default().expr(value)
}

/// `Type { field: value, ... }` from `(field, value)` pairs.
fn fields(out: &mut Baker<'_>, ty: &str, list: &[(&str, &dyn Bake)]) {
    out.push(ty);
    out.push(" {");
    for (name, value) in list {
        out.push(name);
        out.push(": ");
        value.bake(out);
        out.push(", ");
    }
    out.push("}");
}

impl Bake for String {
    fn bake(&self, out: &mut Baker<'_>) {
        self.as_str().bake(out);
    }
}

impl Bake for str {
    fn bake(&self, b: &mut Baker<'_>) {
        let found = b
            .sources
            .iter()
            .enumerate()
            .find_map(|(i, source)| source.find(self).map(|start| (i, start)));
        match found {
            Some((i, start)) => {
                let _ = write!(b.out, "y({i}, {start}, {})", self.len());
            }
            // Debug of a str is a valid Rust string literal (quotes,
            // backslashes and control characters escaped).
            None => {
                let _ = write!(b.out, "s({self:?})");
            }
        }
    }
}

impl Bake for f64 {
    fn bake(&self, out: &mut Baker<'_>) {
        if self.is_nan() {
            out.push("f64::NAN");
        } else if self.is_infinite() {
            out.push(if *self > 0.0 {
                "f64::INFINITY"
            } else {
                "f64::NEG_INFINITY"
            });
        } else {
            // Debug of a finite f64 reads back as the same number.
            let _ = write!(out.out, "{self:?}_f64");
        }
    }
}

impl Bake for u32 {
    fn bake(&self, out: &mut Baker<'_>) {
        let _ = write!(out.out, "{self}_u32");
    }
}

impl<T: Bake> Bake for Option<T> {
    fn bake(&self, out: &mut Baker<'_>) {
        match self {
            None => out.push("None"),
            Some(v) => {
                out.push("Some(");
                v.bake(out);
                out.push(")");
            }
        }
    }
}

impl<T: Bake> Bake for Vec<T> {
    fn bake(&self, out: &mut Baker<'_>) {
        if self.is_empty() {
            out.push("Vec::new()");
            return;
        }
        out.push("vec![");
        for v in self {
            v.bake(out);
            out.push(", ");
        }
        out.push("]");
    }
}

impl Bake for BTreeMap<String, serde_json::Value> {
    fn bake(&self, out: &mut Baker<'_>) {
        if self.is_empty() {
            out.push("std::collections::BTreeMap::new()");
            return;
        }
        entries(out, self.iter());
    }
}

/// `[(key, value), ...].into_iter().collect()`.
fn entries<'a>(
    out: &mut Baker<'_>,
    list: impl Iterator<Item = (&'a String, &'a serde_json::Value)>,
) {
    out.push("[");
    for (k, v) in list {
        out.push("(");
        k.bake(out);
        out.push(", ");
        v.bake(out);
        out.push("), ");
    }
    out.push("].into_iter().collect()");
}

impl Bake for serde_json::Value {
    fn bake(&self, out: &mut Baker<'_>) {
        use serde_json::Value;
        match self {
            Value::Null => out.push("serde_json::Value::Null"),
            Value::Bool(b) => {
                let _ = write!(out.out, "serde_json::Value::Bool({b})");
            }
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    let _ = write!(out.out, "serde_json::Value::from({u}_u64)");
                } else if let Some(i) = n.as_i64() {
                    let _ = write!(out.out, "serde_json::Value::from({i}_i64)");
                } else {
                    out.push("serde_json::Value::from(");
                    n.as_f64().unwrap_or(f64::NAN).bake(out);
                    out.push(")");
                }
            }
            Value::String(text) => {
                out.push("serde_json::Value::String(");
                text.bake(out);
                out.push(")");
            }
            Value::Array(list) => {
                out.push("serde_json::Value::Array(");
                list.bake(out);
                out.push(")");
            }
            Value::Object(map) => {
                out.push("serde_json::Value::Object(");
                entries(out, map.iter());
                out.push(")");
            }
        }
    }
}

impl Bake for Framework {
    fn bake(&self, out: &mut Baker<'_>) {
        let Framework {
            id,
            title,
            version,
            description,
            source,
            rating_scale,
            levels,
            evidence_kinds,
            evidence_policy,
            categories,
            domains,
            competencies,
            case,
        } = self;
        fields(
            out,
            "m::Framework",
            &[
                ("id", id),
                ("title", title),
                ("version", version),
                ("description", description),
                ("source", source),
                ("rating_scale", rating_scale),
                ("levels", levels),
                ("evidence_kinds", evidence_kinds),
                ("evidence_policy", evidence_policy),
                ("categories", categories),
                ("domains", domains),
                ("competencies", competencies),
                ("case", case),
            ],
        );
    }
}

impl Bake for Source {
    fn bake(&self, out: &mut Baker<'_>) {
        let Source {
            citation,
            publisher,
            year,
            url,
            method,
            panel,
            notes,
        } = self;
        fields(
            out,
            "m::Source",
            &[
                ("citation", citation),
                ("publisher", publisher),
                ("year", year),
                ("url", url),
                ("method", method),
                ("panel", panel),
                ("notes", notes),
            ],
        );
    }
}

impl Bake for Panel {
    fn bake(&self, out: &mut Baker<'_>) {
        let Panel {
            size,
            rounds,
            groups,
        } = self;
        fields(
            out,
            "m::Panel",
            &[("size", size), ("rounds", rounds), ("groups", groups)],
        );
    }
}

impl Bake for PanelGroup {
    fn bake(&self, out: &mut Baker<'_>) {
        let PanelGroup { label, size } = self;
        fields(out, "m::PanelGroup", &[("label", label), ("size", size)]);
    }
}

impl Bake for RatingScale {
    fn bake(&self, out: &mut Baker<'_>) {
        let RatingScale { min, max, labels } = self;
        fields(
            out,
            "m::RatingScale",
            &[("min", min), ("max", max), ("labels", labels)],
        );
    }
}

impl Bake for ScaleLabel {
    fn bake(&self, out: &mut Baker<'_>) {
        let ScaleLabel { value, label } = self;
        fields(out, "m::ScaleLabel", &[("value", value), ("label", label)]);
    }
}

impl Bake for Level {
    fn bake(&self, out: &mut Baker<'_>) {
        let Level {
            id,
            label,
            threshold,
            description,
        } = self;
        fields(
            out,
            "m::Level",
            &[
                ("id", id),
                ("label", label),
                ("threshold", threshold),
                ("description", description),
            ],
        );
    }
}

impl Bake for EvidenceKind {
    fn bake(&self, out: &mut Baker<'_>) {
        let EvidenceKind {
            id,
            label,
            weight,
            description,
        } = self;
        fields(
            out,
            "m::EvidenceKind",
            &[
                ("id", id),
                ("label", label),
                ("weight", weight),
                ("description", description),
            ],
        );
    }
}

impl Bake for EvidencePolicy {
    fn bake(&self, out: &mut Baker<'_>) {
        let EvidencePolicy {
            half_life_days,
            max_age_days,
            min_items,
            min_coverage,
        } = self;
        fields(
            out,
            "m::EvidencePolicy",
            &[
                ("half_life_days", half_life_days),
                ("max_age_days", max_age_days),
                ("min_items", min_items),
                ("min_coverage", min_coverage),
            ],
        );
    }
}

impl Bake for Category {
    fn bake(&self, out: &mut Baker<'_>) {
        let Category {
            id,
            label,
            description,
        } = self;
        fields(
            out,
            "m::Category",
            &[("id", id), ("label", label), ("description", description)],
        );
    }
}

impl Bake for Domain {
    fn bake(&self, out: &mut Baker<'_>) {
        let Domain { id, label, case } = self;
        fields(
            out,
            "m::Domain",
            &[("id", id), ("label", label), ("case", case)],
        );
    }
}

impl Bake for Competency {
    fn bake(&self, out: &mut Baker<'_>) {
        let Competency {
            id,
            domain,
            category,
            statement,
            weight,
            priority,
            notes,
            criteria,
            case,
        } = self;
        fields(
            out,
            "m::Competency",
            &[
                ("id", id),
                ("domain", domain),
                ("category", category),
                ("statement", statement),
                ("weight", weight),
                ("priority", priority),
                ("notes", notes),
                ("criteria", criteria),
                ("case", case),
            ],
        );
    }
}

impl Bake for Priority {
    fn bake(&self, out: &mut Baker<'_>) {
        let Priority {
            mean,
            sd,
            rank,
            band,
        } = self;
        fields(
            out,
            "m::Priority",
            &[("mean", mean), ("sd", sd), ("rank", rank), ("band", band)],
        );
    }
}

impl Bake for PriorityBand {
    fn bake(&self, out: &mut Baker<'_>) {
        out.push(match self {
            PriorityBand::Low => "m::PriorityBand::Low",
            PriorityBand::Middle => "m::PriorityBand::Middle",
            PriorityBand::High => "m::PriorityBand::High",
        });
    }
}

impl Bake for Criterion {
    fn bake(&self, out: &mut Baker<'_>) {
        let Criterion {
            id,
            statement,
            weight,
            measure,
            kinds,
            notes,
            case,
        } = self;
        fields(
            out,
            "m::Criterion",
            &[
                ("id", id),
                ("statement", statement),
                ("weight", weight),
                ("measure", measure),
                ("kinds", kinds),
                ("notes", notes),
                ("case", case),
            ],
        );
    }
}

impl Bake for Measure {
    fn bake(&self, out: &mut Baker<'_>) {
        match self {
            Measure::Rating { min, max } => {
                fields(out, "m::Measure::Rating", &[("min", min), ("max", max)]);
            }
            Measure::Binary {} => out.push("m::Measure::Binary {}"),
            Measure::Rate { target } => fields(out, "m::Measure::Rate", &[("target", target)]),
            Measure::Count { target } => fields(out, "m::Measure::Count", &[("target", target)]),
        }
    }
}

impl Bake for CaseRef {
    fn bake(&self, out: &mut Baker<'_>) {
        let CaseRef {
            identifier,
            uri,
            item_type,
            human_coding_scheme,
            parents,
            associations,
            fields: rest,
        } = self;
        fields(
            out,
            "m::CaseRef",
            &[
                ("identifier", identifier),
                ("uri", uri),
                ("item_type", item_type),
                ("human_coding_scheme", human_coding_scheme),
                ("parents", parents),
                ("associations", associations),
                ("fields", rest),
            ],
        );
    }
}

impl Bake for CaseLink {
    fn bake(&self, out: &mut Baker<'_>) {
        let CaseLink {
            identifier,
            association_type,
            target,
            fields: rest,
        } = self;
        fields(
            out,
            "m::CaseLink",
            &[
                ("identifier", identifier),
                ("association_type", association_type),
                ("target", target),
                ("fields", rest),
            ],
        );
    }
}

impl Bake for CaseDocument {
    fn bake(&self, out: &mut Baker<'_>) {
        let CaseDocument {
            identifier,
            uri,
            fields: rest,
            groupings,
            associations,
            package,
        } = self;
        fields(
            out,
            "m::CaseDocument",
            &[
                ("identifier", identifier),
                ("uri", uri),
                ("fields", rest),
                ("groupings", groupings),
                ("associations", associations),
                ("package", package),
            ],
        );
    }
}

impl Bake for CaseGrouping {
    fn bake(&self, out: &mut Baker<'_>) {
        let CaseGrouping { statement, item } = self;
        fields(
            out,
            "m::CaseGrouping",
            &[("statement", statement), ("item", item)],
        );
    }
}

impl Bake for Profile {
    fn bake(&self, out: &mut Baker<'_>) {
        let Profile {
            id,
            title,
            framework,
            description,
            requirements,
        } = self;
        fields(
            out,
            "m::Profile",
            &[
                ("id", id),
                ("title", title),
                ("framework", framework),
                ("description", description),
                ("requirements", requirements),
            ],
        );
    }
}

impl Bake for Requirement {
    fn bake(&self, out: &mut Baker<'_>) {
        let Requirement {
            competency,
            level,
            importance,
            rationale,
        } = self;
        fields(
            out,
            "m::Requirement",
            &[
                ("competency", competency),
                ("level", level),
                ("importance", importance),
                ("rationale", rationale),
            ],
        );
    }
}

impl Bake for Importance {
    fn bake(&self, out: &mut Baker<'_>) {
        out.push(match self {
            Importance::Essential => "m::Importance::Essential",
            Importance::Desirable => "m::Importance::Desirable",
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn numbers_and_texts_are_rust_literals() {
        assert_eq!(expr(&0.65_f64), "0.65_f64");
        assert_eq!(expr(&1e300_f64), "1e300_f64");
        assert_eq!(expr(&-0.0_f64), "-0.0_f64");
        assert_eq!(expr(&f64::NEG_INFINITY), "f64::NEG_INFINITY");
        assert_eq!(expr("a \"b\"\n\\"), r#"s("a \"b\"\n\\")"#);
        assert_eq!(expr(&Some(3_u32)), "Some(3_u32)");
        assert_eq!(expr(&Vec::<u32>::new()), "Vec::new()");
        let v: serde_json::Value =
            serde_json::from_str(r#"{"a":[1,-2,2.5,null,true,"x"]}"#).unwrap();
        assert_eq!(
            expr(&v),
            "serde_json::Value::Object([(s(\"a\"), serde_json::Value::Array(vec![\
             serde_json::Value::from(1_u64), serde_json::Value::from(-2_i64), \
             serde_json::Value::from(2.5_f64), serde_json::Value::Null, \
             serde_json::Value::Bool(true), serde_json::Value::String(s(\"x\")), ])), \
             ].into_iter().collect())"
        );
    }

    #[test]
    fn strings_are_slices_of_the_sources_where_found() {
        let mut b = Baker::new(vec!["abc", "xyz"]);
        assert_eq!(b.expr("yz"), "y(1, 1, 2)");
        assert_eq!(b.expr(&Some("b".to_string())), "Some(y(0, 1, 1))");
        assert_eq!(b.expr("q"), "s(\"q\")");
    }

    #[test]
    fn a_framework_bakes_every_field() {
        let fw = Framework::load("job-retention").unwrap();
        let code = expr(&fw);
        assert!(code.starts_with("m::Framework {id: s(\"job-retention\"), "));
        assert!(code.contains("m::Measure::Rating {min: None, max: None, }"));
        assert_eq!(
            code.matches("m::Competency {").count(),
            fw.competencies.len()
        );
    }
}
