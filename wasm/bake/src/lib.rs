//! `proficient-wasm-bake`: build-time size machinery of the WebAssembly
//! package, kept out of the package's own sources and the core.
//!
//! Model values baked into data: a [`Framework`] or [`Profile`] written
//! as a compact byte tape ([`Baker`]) and read back into an equal value
//! ([`Tape`]), so that a program can carry loaded frameworks as data
//! instead of their YAML and a parser. The WebAssembly package's main
//! module bakes the shipped frameworks and profile this way, in its build
//! script (through [`shipped`], feature `build`), from the values the core loads and
//! validates, and reads them back when they are used (a table read by one small reader per model type
//! is a fraction of the size of code that builds each value).
//!
//! On the tape, strings are slices of texts the program carries anyway (the
//! frameworks' JSON): the [`Baker`] is given them and writes where each
//! string is; strings found in none of them are appended to an extra text,
//! which [`Baker::finish`] returns, to be carried after the others. Numbers
//! are LEB128 (`u32`, lengths, positions) or their 8 bytes (`f64`). Every
//! model type is taken apart with an exhaustive pattern and built with a
//! struct expression naming every field, so a field added to the model
//! fails to compile here until it is baked too.
//!
//! The tape is trusted (written at build time and read by the same code
//! version): reading a damaged tape gives wrong values, never a panic.

use std::collections::BTreeMap;

#[cfg(feature = "build")]
pub mod shipped;

use proficient::model::{
    Aggregate, CaseDocument, CaseGrouping, CaseLink, CaseRef, Category, Competency, Criterion,
    Domain, EvidenceKind, EvidencePolicy, Framework, Importance, Level, Measure, Need, Panel,
    PanelGroup, Priority, PriorityBand, Profile, RatingScale, Requirement, Rule, RuleSpec,
    ScaleLabel, Source,
};
use proficient::model::{Anchor, AnchoredScale, Section};

/// Where the previous string ended: the next one is looked for there
/// first, and written as its distance from there (small, and alike from one
/// string to the next, so that the tape compresses well).
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    source: usize,
    end: usize,
}

/// Writes values to a tape.
#[derive(Debug)]
pub struct Baker<'a> {
    tape: Vec<u8>,
    sources: Vec<&'a str>,
    extra: String,
    cursor: Cursor,
}

impl<'a> Baker<'a> {
    /// A baker whose strings are slices of `sources` where they are found
    /// (else of the extra text).
    pub fn new(sources: Vec<&'a str>) -> Baker<'a> {
        Baker {
            tape: Vec::new(),
            sources,
            extra: String::new(),
            cursor: Cursor::default(),
        }
    }

    /// Appends `value` to the tape; returns where it starts (what
    /// [`Tape::new`] is given to read it back).
    pub fn write<T: Bake + ?Sized>(&mut self, value: &T) -> usize {
        let start = self.tape.len();
        self.cursor = Cursor::default();
        value.bake(self);
        start
    }

    /// The tape and the extra text (the source after those given to
    /// [`Baker::new`]).
    pub fn finish(self) -> (Vec<u8>, String) {
        (self.tape, self.extra)
    }

    fn uint(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.tape.push(byte);
                return;
            }
            self.tape.push(byte | 0x80);
        }
    }

    fn int(&mut self, n: i64) {
        // Zigzag: small magnitudes of either sign in one byte.
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn usize(&mut self, n: usize) {
        self.uint(n as u64);
    }

    fn string(&mut self, text: &str) {
        let Cursor { source, end } = self.cursor;
        let after = self
            .sources
            .get(source)
            .and_then(|s| s.get(end..))
            .and_then(|s| s.find(text))
            .map(|at| (source, end + at));
        let anywhere = || {
            self.sources
                .iter()
                .enumerate()
                .find_map(|(i, s)| s.find(text).map(|at| (i, at)))
        };
        let (index, start) = match after.or_else(anywhere) {
            Some(found) => found,
            None => {
                let at = match self.extra.find(text) {
                    Some(at) => at,
                    None => {
                        self.extra.push_str(text);
                        self.extra.len() - text.len()
                    }
                };
                (self.sources.len(), at)
            }
        };
        let from = if index == source { end } else { 0 };
        self.usize(index);
        self.int(start as i64 - from as i64);
        self.usize(text.len());
        self.cursor = Cursor {
            source: index,
            end: start + text.len(),
        };
    }
}

/// Reads values from a tape.
#[derive(Debug)]
pub struct Tape<'a> {
    bytes: &'a [u8],
    at: usize,
    sources: &'a [&'a str],
    cursor: Cursor,
}

impl<'a> Tape<'a> {
    /// A reader of the tape `bytes` from `start`, its strings slices of
    /// `sources` (those given to the [`Baker`], then its extra text).
    pub fn new(bytes: &'a [u8], start: usize, sources: &'a [&'a str]) -> Tape<'a> {
        Tape {
            bytes,
            at: start,
            sources,
            cursor: Cursor::default(),
        }
    }

    /// The next value.
    pub fn read<T: Unbake>(&mut self) -> T {
        T::unbake(self)
    }

    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn uint(&mut self) -> u64 {
        let mut n = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte();
            n |= u64::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            shift += 7;
            if b & 0x80 == 0 || shift >= 64 {
                return n;
            }
        }
    }

    fn int(&mut self) -> i64 {
        let n = self.uint();
        ((n >> 1) as i64) ^ -((n & 1) as i64)
    }

    fn usize(&mut self) -> usize {
        usize::try_from(self.uint()).unwrap_or(usize::MAX)
    }

    fn string(&mut self) -> String {
        let index = self.usize();
        let Cursor { source, end } = self.cursor;
        let from = if index == source { end } else { 0 };
        let start = usize::try_from(from as i64 + self.int()).unwrap_or(0);
        let len = self.usize();
        let stop = start.saturating_add(len);
        self.cursor = Cursor {
            source: index,
            end: stop,
        };
        let text = self
            .sources
            .get(index)
            .and_then(|s| s.get(start..stop))
            .unwrap_or("");
        String::from(text)
    }

    /// A number of elements, no larger than the bytes left (each element
    /// takes one at least), so that a damaged tape cannot ask for a huge
    /// allocation.
    fn count(&mut self) -> usize {
        self.usize().min(self.bytes.len().saturating_sub(self.at))
    }
}

/// A value that can be written to a tape.
pub trait Bake {
    /// Appends the value to `b`'s tape.
    fn bake(&self, b: &mut Baker<'_>);
}

/// A value that can be read from a tape.
pub trait Unbake: Sized {
    /// Reads the value [`Bake::bake`] wrote.
    fn unbake(t: &mut Tape<'_>) -> Self;
}

impl Bake for str {
    fn bake(&self, b: &mut Baker<'_>) {
        b.string(self);
    }
}

impl Bake for String {
    fn bake(&self, b: &mut Baker<'_>) {
        b.string(self);
    }
}

impl Unbake for String {
    fn unbake(t: &mut Tape<'_>) -> Self {
        t.string()
    }
}

impl Bake for f64 {
    fn bake(&self, b: &mut Baker<'_>) {
        b.tape.extend_from_slice(&self.to_bits().to_le_bytes());
    }
}

impl Unbake for f64 {
    fn unbake(t: &mut Tape<'_>) -> Self {
        let mut bytes = [0u8; 8];
        for byte in &mut bytes {
            *byte = t.byte();
        }
        f64::from_bits(u64::from_le_bytes(bytes))
    }
}

impl Bake for u32 {
    fn bake(&self, b: &mut Baker<'_>) {
        b.uint(u64::from(*self));
    }
}

impl Unbake for u32 {
    fn unbake(t: &mut Tape<'_>) -> Self {
        u32::try_from(t.uint()).unwrap_or(u32::MAX)
    }
}

impl Bake for proficient::Date {
    fn bake(&self, b: &mut Baker<'_>) {
        b.uint(u64::try_from(i64::from(self.days()) - i64::from(i32::MIN)).unwrap_or(0));
    }
}

impl Unbake for proficient::Date {
    fn unbake(t: &mut Tape<'_>) -> Self {
        let days = i64::try_from(t.uint()).unwrap_or(0) + i64::from(i32::MIN);
        proficient::Date::from_days(i32::try_from(days).unwrap_or(0))
    }
}

impl<T: Bake> Bake for Option<T> {
    fn bake(&self, b: &mut Baker<'_>) {
        match self {
            None => b.tape.push(0),
            Some(v) => {
                b.tape.push(1);
                v.bake(b);
            }
        }
    }
}

impl<T: Unbake> Unbake for Option<T> {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            0 => None,
            _ => Some(T::unbake(t)),
        }
    }
}

impl<T: Bake> Bake for Vec<T> {
    fn bake(&self, b: &mut Baker<'_>) {
        b.usize(self.len());
        for v in self {
            v.bake(b);
        }
    }
}

impl<T: Unbake> Unbake for Vec<T> {
    fn unbake(t: &mut Tape<'_>) -> Self {
        let n = t.count();
        (0..n).map(|_| T::unbake(t)).collect()
    }
}

impl<T: Bake> Bake for BTreeMap<String, T> {
    fn bake(&self, b: &mut Baker<'_>) {
        b.usize(self.len());
        for (k, v) in self {
            k.bake(b);
            v.bake(b);
        }
    }
}

impl<T: Unbake> Unbake for BTreeMap<String, T> {
    fn unbake(t: &mut Tape<'_>) -> Self {
        let n = t.count();
        let mut map = BTreeMap::new();
        for _ in 0..n {
            let k = t.string();
            map.insert(k, T::unbake(t));
        }
        map
    }
}

impl Bake for serde_json::Value {
    fn bake(&self, b: &mut Baker<'_>) {
        use serde_json::Value;
        match self {
            Value::Null => b.tape.push(0),
            Value::Bool(false) => b.tape.push(1),
            Value::Bool(true) => b.tape.push(2),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    b.tape.push(3);
                    b.uint(u);
                } else if let Some(i) = n.as_i64() {
                    b.tape.push(4);
                    b.int(i);
                } else {
                    b.tape.push(5);
                    n.as_f64().unwrap_or(f64::NAN).bake(b);
                }
            }
            Value::String(text) => {
                b.tape.push(6);
                text.bake(b);
            }
            Value::Array(list) => {
                b.tape.push(7);
                list.bake(b);
            }
            Value::Object(map) => {
                b.tape.push(8);
                b.usize(map.len());
                for (k, v) in map {
                    k.bake(b);
                    v.bake(b);
                }
            }
        }
    }
}

impl Unbake for serde_json::Value {
    fn unbake(t: &mut Tape<'_>) -> Self {
        use serde_json::Value;
        match t.byte() {
            1 => Value::Bool(false),
            2 => Value::Bool(true),
            3 => Value::from(t.uint()),
            4 => Value::from(t.int()),
            5 => Value::from(f64::unbake(t)),
            6 => Value::String(t.string()),
            7 => Value::Array(Vec::unbake(t)),
            8 => {
                let n = t.count();
                let mut map = serde_json::Map::new();
                for _ in 0..n {
                    let k = t.string();
                    map.insert(k, Value::unbake(t));
                }
                Value::Object(map)
            }
            _ => Value::Null,
        }
    }
}

/// [`Bake`] and [`Unbake`] for structs: every field, in order.
macro_rules! records {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Bake for $ty {
            fn bake(&self, b: &mut Baker<'_>) {
                let $ty { $($field),* } = self;
                $($field.bake(b);)*
            }
        }

        impl Unbake for $ty {
            fn unbake(t: &mut Tape<'_>) -> Self {
                $ty { $($field: Unbake::unbake(t)),* }
            }
        }
    )*};
}

records! {
    Framework {
        id, title, version, description, updated, source, rating_scale, anchored_scales, levels, overall_levels,
        evidence_kinds, evidence_policy, categories, domains, competencies, case,
    }
    Source { citation, publisher, year, url, method, panel, notes }
    Panel { size, rounds, groups }
    PanelGroup { label, size }
    RatingScale { min, max, labels }
    ScaleLabel { value, label }
    Level { id, label, threshold, description }
    EvidenceKind { id, label, weight, description }
    EvidencePolicy { half_life_days, max_age_days, min_items, min_coverage, aggregate }
    Category { id, label, description }
    Domain { id, label, levels, case }
    Competency {
        id, domain, category, statement, weight, priority, notes, criteria, rule, sections, case,
    }
    Priority { mean, sd, rank, band }
    Criterion { id, statement, weight, measure, required, kinds, notes, section, anchors, scale, case }
    Section { id, label }
    Anchor { value, label, description }
    AnchoredScale { id, label, anchors }
    CaseRef { identifier, uri, item_type, human_coding_scheme, parents, associations, fields }
    CaseLink { identifier, association_type, target, fields }
    CaseDocument { identifier, uri, fields, groupings, associations, package }
    CaseGrouping { statement, item }
    Profile { id, title, framework, description, requirements }
    Requirement { competency, domain, overall, level, importance, rationale }
    RuleSpec { need, at_least, min_score }
}

impl Bake for PriorityBand {
    fn bake(&self, b: &mut Baker<'_>) {
        b.tape.push(match self {
            PriorityBand::Low => 0,
            PriorityBand::Middle => 1,
            PriorityBand::High => 2,
        });
    }
}

impl Unbake for PriorityBand {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            0 => PriorityBand::Low,
            1 => PriorityBand::Middle,
            _ => PriorityBand::High,
        }
    }
}

impl Bake for bool {
    fn bake(&self, b: &mut Baker<'_>) {
        b.tape.push(u8::from(*self));
    }
}

impl Unbake for bool {
    fn unbake(t: &mut Tape<'_>) -> Self {
        t.byte() != 0
    }
}

impl Bake for Aggregate {
    fn bake(&self, b: &mut Baker<'_>) {
        b.tape.push(match self {
            Aggregate::WeightedMean => 0,
            Aggregate::Latest => 1,
            Aggregate::LatestPerAssessor => 2,
        });
    }
}

impl Unbake for Aggregate {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            1 => Aggregate::Latest,
            2 => Aggregate::LatestPerAssessor,
            _ => Aggregate::WeightedMean,
        }
    }
}

impl Bake for Need {
    fn bake(&self, b: &mut Baker<'_>) {
        b.tape.push(match self {
            Need::All => 0,
            Need::Any => 1,
        });
    }
}

impl Unbake for Need {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            0 => Need::All,
            _ => Need::Any,
        }
    }
}

impl Bake for Rule {
    fn bake(&self, b: &mut Baker<'_>) {
        match self {
            Rule::Word(need) => {
                b.tape.push(0);
                need.bake(b);
            }
            Rule::Spec(spec) => {
                b.tape.push(1);
                spec.bake(b);
            }
        }
    }
}

impl Unbake for Rule {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            0 => Rule::Word(Need::unbake(t)),
            _ => Rule::Spec(RuleSpec::unbake(t)),
        }
    }
}

impl Bake for Importance {
    fn bake(&self, b: &mut Baker<'_>) {
        b.tape.push(match self {
            Importance::Essential => 0,
            Importance::Desirable => 1,
        });
    }
}

impl Unbake for Importance {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            0 => Importance::Essential,
            _ => Importance::Desirable,
        }
    }
}

impl Bake for Measure {
    fn bake(&self, b: &mut Baker<'_>) {
        match self {
            Measure::Rating { min, max } => {
                b.tape.push(0);
                min.bake(b);
                max.bake(b);
            }
            Measure::Binary {} => b.tape.push(1),
            Measure::Rate { target } => {
                b.tape.push(2);
                target.bake(b);
            }
            Measure::Count { target } => {
                b.tape.push(3);
                target.bake(b);
            }
        }
    }
}

impl Unbake for Measure {
    fn unbake(t: &mut Tape<'_>) -> Self {
        match t.byte() {
            0 => Measure::Rating {
                min: Unbake::unbake(t),
                max: Unbake::unbake(t),
            },
            2 => Measure::Rate {
                target: Unbake::unbake(t),
            },
            3 => Measure::Count {
                target: Unbake::unbake(t),
            },
            _ => Measure::Binary {},
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    /// `value` baked with `sources` and read back, and the tape's size.
    fn round_trip<T: Bake + Unbake>(value: &T, sources: &[&str]) -> (T, usize) {
        let mut b = Baker::new(sources.to_vec());
        let start = b.write(value);
        let (tape, extra) = b.finish();
        let mut all = sources.to_vec();
        all.push(&extra);
        let back = Tape::new(&tape, start, &all).read();
        (back, tape.len())
    }

    #[test]
    fn numbers_and_texts_read_back() {
        for x in [
            0.65,
            1e300,
            -0.0,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
        ] {
            assert_eq!(round_trip(&x, &[]).0.to_bits(), x.to_bits());
        }
        assert!(round_trip(&f64::NAN, &[]).0.is_nan());
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(round_trip(&n, &[]).0, n);
        }
        let texts = vec![
            String::new(),
            "a \"b\"\n\\".to_string(),
            "été ✓".to_string(),
            "abc".to_string(),
            "bc".to_string(),
            "abc".to_string(),
            "q".to_string(),
        ];
        assert_eq!(round_trip(&texts, &["xxabcxx", "été ✓"]).0, texts);
        assert_eq!(round_trip(&Some(3_u32), &[]).0, Some(3));
        assert_eq!(round_trip(&None::<u32>, &[]).0, None);
        let v: serde_json::Value = serde_json::from_str(
            r#"{"a":[1,-2,2.5,null,true,false,"x",{"b":{}}],"":18446744073709551615}"#,
        )
        .unwrap();
        assert_eq!(round_trip(&v, &[]).0, v);
    }

    #[test]
    fn strings_found_in_the_sources_are_not_copied() {
        let mut b = Baker::new(vec!["abc", "xyz"]);
        b.write(&vec!["yz".to_string(), "b".to_string(), "q".to_string()]);
        let (tape, extra) = b.finish();
        assert_eq!(extra, "q");
        // Length, then (source, distance from the cursor, length) each.
        assert_eq!(tape, vec![3, 1, 2, 2, 0, 2, 1, 2, 0, 1]);
    }

    #[test]
    fn frameworks_and_profiles_read_back_equal() {
        let mut frameworks: Vec<Framework> = proficient::model::shipped::FRAMEWORKS
            .iter()
            .map(|(name, _)| Framework::load(name).unwrap())
            .collect();
        let case_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/case/");
        for (file, mode) in [
            ("multilevel.json", proficient::interop::case::Mode::Strict),
            ("rubrics.json", proficient::interop::case::Mode::Strict),
            ("flat.json", proficient::interop::case::Mode::Strict),
            ("legacy.json", proficient::interop::case::Mode::Lenient),
        ] {
            let text = std::fs::read_to_string(format!("{case_dir}{file}")).unwrap();
            frameworks.push(
                proficient::interop::case::import_str(&text, mode)
                    .unwrap()
                    .framework,
            );
        }
        for fw in &frameworks {
            let json = serde_json::to_string(fw).unwrap();
            let (back, tape) = round_trip(fw, &[&json]);
            assert_eq!(&back, fw, "{}", fw.id);
            // Without the JSON to take strings from, too.
            assert_eq!(&round_trip(fw, &[]).0, fw, "{}", fw.id);
            assert!(tape < json.len() / 2, "{}: {tape} bytes", fw.id);
        }
        for (name, _) in proficient::model::shipped::PROFILES {
            let (profile, _) = Profile::load(name, None).unwrap();
            assert_eq!(round_trip(&profile, &[]).0, profile);
        }
        // Several values on one tape, each read from where it starts.
        let mut b = Baker::new(vec![]);
        let starts: Vec<usize> = frameworks.iter().map(|fw| b.write(fw)).collect();
        let (tape, extra) = b.finish();
        for (fw, start) in frameworks.iter().zip(starts).rev() {
            assert_eq!(&Tape::new(&tape, start, &[&extra]).read::<Framework>(), fw);
        }
    }

    #[test]
    fn a_damaged_tape_reads_without_panicking() {
        let fw = Framework::load("job-coach").unwrap();
        let mut b = Baker::new(vec![]);
        b.write(&fw);
        let (tape, extra) = b.finish();
        for cut in [0, 1, tape.len() / 3, tape.len() - 1] {
            let _: Framework = Tape::new(&tape[..cut], 0, &[&extra]).read();
        }
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let _: Framework = Tape::new(&noise, 0, &[&extra]).read();
    }
}
