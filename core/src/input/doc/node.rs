//! `Node`, a node of a document with the few operations of serde's data
//! model the hand-written readers need, and the helpers every reader and
//! format shares (serde's messages, the duplicate-field check).

use std::collections::BTreeMap;

use serde::de::{Error as _, Expected, Unexpected};

/// How a struct was written: as a mapping, or (JSON only) as a list of its
/// fields' values in order, of this length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `{field: value, ...}`.
    Map,
    /// `[value, ...]` with this many elements.
    Seq(usize),
}

/// A value read as serde's untagged enums read one (the whole value
/// buffered first): the reader then tries each variant's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Buffered {
    /// `true` or `false`.
    Bool(bool),
    /// A string.
    Str(String),
    /// Anything else.
    Other,
}

/// A node of a document, for the readers of this module. Each operation
/// reads the node as serde's `Deserializer` of its format does with the
/// visitor of the type named.
pub(crate) trait Node: Sized {
    /// The format's error, located at the node it is about.
    type Error;

    /// An error about this node with a custom message.
    fn error(&self, message: String) -> Self::Error;

    /// `Option<T>`: `None` for null, else the node.
    fn option(self) -> Result<Option<Self>, Self::Error>;

    /// `f64`.
    fn f64(self) -> Result<f64, Self::Error>;

    /// `u32`.
    fn u32(self) -> Result<u32, Self::Error>;

    /// `deserialize_str` with a visitor expecting `expected` whose
    /// `visit_str` is `visit` (its error a custom message at this node).
    fn text<T>(
        self,
        expected: &str,
        visit: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, Self::Error>;

    /// `BTreeMap<String, T>` (`a map`): each entry in turn.
    fn map(
        self,
        entry: impl FnMut(String, Self) -> Result<(), Self::Error>,
    ) -> Result<(), Self::Error>;

    /// A struct named `name` (`struct Name`) with `fields`, unknown fields
    /// refused: each field read handed to `field` with its index in
    /// `fields` (a field twice is an error at the struct). Formats that
    /// allow it (JSON) may give the fields as a list, in order.
    fn fields(
        &self,
        name: &'static str,
        fields: &'static [&'static str],
        field: &mut dyn FnMut(usize, Self) -> Result<(), Self::Error>,
    ) -> Result<Shape, Self::Error>;

    /// The value buffered as serde's untagged enums do (`deserialize_any`).
    fn buffered(&self) -> Result<Buffered, Self::Error>;
}

/// serde's message for a value of the wrong type (its default
/// `invalid_type`, as the core's YAML reader gives it).
pub(crate) fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> String {
    serde::de::value::Error::invalid_type(unexpected, expected).to_string()
}

/// serde's message for a value out of the type's range.
pub(crate) fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> String {
    serde::de::value::Error::invalid_value(unexpected, expected).to_string()
}

/// serde's message for an unknown field.
pub(crate) fn unknown_field(field: &str, fields: &'static [&'static str]) -> String {
    serde::de::value::Error::unknown_field(field, fields).to_string()
}

/// The fields read so far, for the "duplicate field" check.
#[derive(Debug, Default)]
pub(crate) struct Seen(u64);

impl Seen {
    /// Marks field `index` read; `false` if it already was.
    pub(crate) fn first(&mut self, index: usize) -> bool {
        let bit = 1u64
            .checked_shl(u32::try_from(index).unwrap_or(u32::MAX))
            .unwrap_or(0);
        let first = self.0 & bit == 0;
        self.0 |= bit;
        first
    }
}

/// serde's message for a field given twice.
pub(crate) fn duplicate_field(fields: &'static [&'static str], index: usize) -> String {
    serde::de::value::Error::duplicate_field(fields.get(index).copied().unwrap_or("?")).to_string()
}

/// `String` (`a string`).
pub(crate) fn string<N: Node>(node: N) -> Result<String, N::Error> {
    node.text("a string", |s| Ok(s.to_string()))
}

/// `BTreeMap<String, f64>`.
pub(crate) fn map_f64<N: Node>(node: N) -> Result<BTreeMap<String, f64>, N::Error> {
    let mut out = BTreeMap::new();
    node.map(|key, value| {
        out.insert(key, value.f64()?);
        Ok(())
    })?;
    Ok(out)
}
