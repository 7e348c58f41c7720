//! Deserialisation of a YAML document into the model: the document is read
//! once into a tree of located nodes (from `yaml-rust2`'s events), and a
//! serde `Deserializer` walks that tree, so every type error carries the
//! line, column and path of the node it is about.
//!
//! Scalars resolve as in `serde_yaml` 0.9 (YAML 1.2 core schema): `~`,
//! `null` and empty are null; `true`/`false` (three casings) are booleans;
//! decimal, `0x`, `0o` and `0b` integers; floats including `.inf` and `.nan`;
//! anything else, and every quoted or block scalar, is a string. A string
//! field accepts any scalar as written (`version: 1.0` reads as `"1.0"`).
//!
//! The tree is built only after [`super::scan`] has checked the document
//! against the limits, so its size and depth are bounded; aliases point at
//! their (complete) anchored node instead of copying it, and a depth counter
//! stops documents whose aliases nest past the depth limit.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::input::doc::node as doc;

/// One node of the document.
#[derive(Debug)]
struct Node {
    line: usize,
    column: usize,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Scalar { value: String, plain: bool },
    Seq(Vec<usize>),
    Map(Vec<(usize, usize)>),
}

/// A document as an arena of nodes; node 0 is the root.
#[derive(Debug)]
pub(super) struct Tree {
    nodes: Vec<Node>,
    max_depth: usize,
}

/// An error found while building the tree or deserialising from it, with
/// the node it is about once known. Boxed: every deserialising function of
/// the model returns it, and a one-pointer error keeps their results small
/// (less code to move and drop them, notably in WebAssembly).
#[derive(Debug)]
pub(crate) struct Error(pub(super) Box<ErrorInner>);

#[derive(Debug)]
pub(crate) struct ErrorInner {
    pub(super) message: String,
    /// (line, column, path) of the node the error is about.
    pub(super) at: Option<(usize, usize, String)>,
    /// The nesting limit was exceeded (through aliases).
    pub(super) too_deep: bool,
}

impl Error {
    fn new(message: String, at: Option<(usize, usize, String)>, too_deep: bool) -> Error {
        Error(Box::new(ErrorInner {
            message,
            at,
            too_deep,
        }))
    }
}

impl std::ops::Deref for Error {
    type Target = ErrorInner;
    fn deref(&self) -> &ErrorInner {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorInner {
        &mut self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg.to_string(), None, false)
    }
}

/// Tags from the YAML core schema that change nothing for us; any other tag
/// is refused rather than silently ignored.
fn core_tag(tag: &yaml_rust2::parser::Tag) -> Option<&str> {
    let core = tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:";
    match tag.suffix.as_str() {
        s @ ("str" | "int" | "float" | "bool" | "null" | "map" | "seq") if core => Some(s),
        _ => None,
    }
}

enum Open {
    Seq(usize, usize),
    Map(usize, usize, Option<usize>),
}

impl Tree {
    /// Builds the tree of a document that [`super::scan`] accepted.
    pub(super) fn build(text: &str, max_depth: usize) -> Result<Tree, Error> {
        let mut parser = Parser::new_from_str(text);
        let mut nodes: Vec<Node> = Vec::new();
        // Anchor id -> node, registered once the anchored node is complete.
        let mut anchors: std::collections::HashMap<usize, usize> = Default::default();
        let mut open: Vec<Open> = Vec::new();
        let located = |message: String, line: usize, column: usize| {
            Error::new(message, Some((line, column, String::new())), false)
        };
        loop {
            let (event, mark) = parser.next_token().map_err(|e| {
                located(
                    super::messages::message(e.info()),
                    e.marker().line(),
                    e.marker().col() + 1,
                )
            })?;
            let (line, column) = (mark.line(), mark.col() + 1);
            let tag_error = |tag: &yaml_rust2::parser::Tag| {
                located(
                    format!(
                        "unsupported YAML tag `{}`, expected no tag or one of `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`",
                        crate::base::text::clip(&format!("{}{}", tag.handle, tag.suffix), 40)
                    ),
                    line,
                    column,
                )
            };
            // The node this event completes, if any.
            let done = match event {
                Event::StreamEnd => break,
                Event::Scalar(value, style, anchor, tag) => {
                    let mut plain = style == TScalarStyle::Plain;
                    if let Some(tag) = &tag {
                        match core_tag(tag) {
                            Some("str") => plain = false,
                            Some(_) => {}
                            None => return Err(tag_error(tag)),
                        }
                    }
                    nodes.push(Node {
                        line,
                        column,
                        kind: Kind::Scalar { value, plain },
                    });
                    let id = nodes.len() - 1;
                    if anchor > 0 {
                        anchors.insert(anchor, id);
                    }
                    Some(id)
                }
                Event::Alias(anchor) => match anchors.get(&anchor) {
                    Some(&id) => Some(id),
                    None => {
                        return Err(located(
                            "alias to the anchor that encloses it (recursive alias), expected an alias to a value complete before it".into(),
                            line,
                            column,
                        ))
                    }
                },
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    if let Some(tag) = tag {
                        if core_tag(tag).is_none() {
                            return Err(tag_error(tag));
                        }
                    }
                    let is_map = matches!(event, Event::MappingStart(..));
                    nodes.push(Node {
                        line,
                        column,
                        kind: if is_map {
                            Kind::Map(Vec::new())
                        } else {
                            Kind::Seq(Vec::new())
                        },
                    });
                    let id = nodes.len() - 1;
                    open.push(if is_map {
                        Open::Map(id, anchor, None)
                    } else {
                        Open::Seq(id, anchor)
                    });
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                    Some(Open::Seq(id, anchor) | Open::Map(id, anchor, _)) => {
                        if anchor > 0 {
                            anchors.insert(anchor, id);
                        }
                        Some(id)
                    }
                    None => None,
                },
                _ => None,
            };
            if let Some(child) = done {
                match open.last_mut() {
                    Some(Open::Seq(parent, _)) => {
                        if let Some(Node {
                            kind: Kind::Seq(items),
                            ..
                        }) = nodes.get_mut(*parent)
                        {
                            items.push(child);
                        }
                    }
                    Some(Open::Map(parent, _, key)) => match key.take() {
                        None => *key = Some(child),
                        Some(k) => {
                            if let Some(Node {
                                kind: Kind::Map(entries),
                                ..
                            }) = nodes.get_mut(*parent)
                            {
                                entries.push((k, child));
                            }
                        }
                    },
                    None => {
                        // The root: make it node 0 by swapping it to the front.
                        if child != 0 {
                            return Err(located(
                                "expected one document with one root node".into(),
                                line,
                                column,
                            ));
                        }
                    }
                }
            }
        }
        if nodes.is_empty() {
            return Err(located("empty document".into(), 1, 1));
        }
        Ok(Tree { nodes, max_depth })
    }

    /// Deserialises the whole document into `T`.
    pub(super) fn deserialize<T: de::DeserializeOwned>(&self) -> Result<T, Error> {
        T::deserialize(De {
            tree: self,
            id: 0,
            path: &Path::Root,
            depth: 0,
        })
    }
}

/// Where a node is, as the dotted path used in every diagnostic
/// (`competencies[2].criteria[0].measure`).
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Deserializer of one node.
#[derive(Clone, Copy)]
struct De<'t, 'p> {
    tree: &'t Tree,
    id: usize,
    path: &'p Path<'p>,
    depth: usize,
}

/// The value of a plain scalar under the core schema.
enum Resolved<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Str(&'a str),
}

fn resolve(value: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(value);
    }
    if value.is_empty() || parse_null(value) {
        return Resolved::Null;
    }
    if let Some(b) = parse_bool(value) {
        return Resolved::Bool(b);
    }
    if let Some(n) = parse_unsigned(value, u64::from_str_radix) {
        return Resolved::U64(n);
    }
    if let Some(n) = parse_negative(value, i64::from_str_radix) {
        return Resolved::I64(n);
    }
    if let Some(n) = parse_unsigned(value, u128::from_str_radix) {
        return Resolved::U128(n);
    }
    if let Some(n) = parse_negative(value, i128::from_str_radix) {
        return Resolved::I128(n);
    }
    if !digits_but_not_number(value) {
        if let Some(x) = parse_float(value) {
            return Resolved::F64(x);
        }
    }
    Resolved::Str(value)
}

fn parse_null(s: &str) -> bool {
    matches!(s, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// `0x`, `0o`, `0b` or decimal digits, after an optional `+`.
fn parse_unsigned<T>(s: &str, from: Radix<T>) -> Option<T> {
    let body = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = body.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from(rest, radix) {
                return Some(n);
            }
        }
    }
    if body.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    from(body, 10).ok()
}

/// A negative integer in any of the radixes.
fn parse_negative<T>(s: &str, from: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if let Ok(n) = from(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    from(s, 10).ok()
}

/// Any integer: unsigned forms, then negative ones.
fn parse_signed<T>(s: &str, from: Radix<T>) -> Option<T> {
    if s.strip_prefix('+')
        .is_some_and(|r| r.starts_with(['+', '-']))
    {
        return None;
    }
    parse_unsigned(s, from).or_else(|| parse_negative(s, from))
}

/// A number field's value: a float, or any integer of the core schema
/// (`16`, `0x10`, `0o20`, `0b10000`: YAML 1.2 integers are numbers too).
fn parse_f64(s: &str) -> Option<f64> {
    parse_float(s).or_else(|| parse_signed(s, i128::from_str_radix).map(|n| n as f64))
}

fn parse_float(s: &str) -> Option<f64> {
    let body = match s.strip_prefix('+') {
        Some(r) if r.starts_with(['+', '-']) => return None,
        Some(r) => r,
        None => s,
    };
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    body.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Leading zeros followed by digits make a string in YAML 1.2 (`007`).
fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit())
}

impl<'t, 'p> De<'t, 'p> {
    fn node(&self) -> Result<&'t Node, Error> {
        self.tree
            .nodes
            .get(self.id)
            .ok_or_else(|| de::Error::custom("internal: missing YAML node"))
    }

    /// Gives an error raised at this node its location, unless a deeper
    /// node already did.
    fn locate(&self, mut e: Error) -> Error {
        if e.at.is_none() {
            if let Ok(n) = self.node() {
                e.at = Some(match self.unknown_key(n, &e.message) {
                    Some((key, name)) => {
                        (key.line, key.column, Path::Key(self.path, name).to_string())
                    }
                    None => (n.line, n.column, self.path.to_string()),
                });
            }
        }
        e
    }

    /// For an "unknown field" raised on a whole mapping (as serde does for
    /// internally tagged enums, which buffer their content), the key it
    /// names, so the error points at that key rather than at the mapping.
    fn unknown_key<'m>(&self, node: &'t Node, message: &'m str) -> Option<(&'t Node, &'m str)> {
        let name = message.strip_prefix("unknown field `")?.split('`').next()?;
        let Kind::Map(entries) = &node.kind else {
            return None;
        };
        entries.iter().find_map(|&(k, _)| {
            let key = self.tree.nodes.get(k)?;
            matches!(&key.kind, Kind::Scalar { value, .. } if value == name).then_some((key, name))
        })
    }

    fn child<'q>(&self, id: usize, path: &'q Path<'q>) -> Result<De<'t, 'q>, Error> {
        let depth = self.depth + 1;
        if depth > self.tree.max_depth {
            return Err(Error::new(
                format!("nesting deeper than {} levels", self.tree.max_depth),
                None,
                true,
            ));
        }
        Ok(De {
            tree: self.tree,
            id,
            path,
            depth,
        })
    }

    fn unexpected(node: &Node) -> Unexpected<'_> {
        match &node.kind {
            Kind::Seq(_) => Unexpected::Seq,
            Kind::Map(_) => Unexpected::Map,
            Kind::Scalar { value, plain } => match resolve(value, *plain) {
                Resolved::Null => Unexpected::Unit,
                Resolved::Bool(b) => Unexpected::Bool(b),
                Resolved::U64(n) => Unexpected::Unsigned(n),
                Resolved::I64(n) => Unexpected::Signed(n),
                Resolved::F64(x) => Unexpected::Float(x),
                Resolved::U128(_) | Resolved::I128(_) => Unexpected::Other("integer"),
                Resolved::Str(s) => Unexpected::Str(s),
            },
        }
    }

    fn invalid<V: de::Expected, T>(&self, node: &Node, exp: &V) -> Result<T, Error> {
        Err(self.locate(de::Error::invalid_type(Self::unexpected(node), exp)))
    }

    /// The plain scalar of this node (for numbers and booleans).
    fn plain(node: &Node) -> Option<&str> {
        match &node.kind {
            Kind::Scalar { value, plain: true } => Some(value),
            _ => None,
        }
    }

    fn is_empty_plain(node: &Node) -> bool {
        Self::plain(node).is_some_and(str::is_empty)
    }

    fn visit_map<'de, V: Visitor<'de>>(
        &self,
        entries: &'t [(usize, usize)],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(MapAccess {
            de: *self,
            entries,
            next: 0,
        })
    }

    fn visit_seq<'de, V: Visitor<'de>>(
        &self,
        items: &'t [usize],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqAccess {
            de: *self,
            items,
            next: 0,
        })
    }
}

macro_rules! numbers {
    ($($method:ident => $ty:ty, $parse:expr, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let node = self.node()?;
            let parsed: Option<$ty> = Self::plain(node).and_then($parse);
            match parsed {
                Some(n) => visitor.$visit(n).map_err(|e| self.locate(e)),
                None => self.invalid(node, &visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        let result = match &node.kind {
            Kind::Seq(items) => self.visit_seq(items, visitor),
            Kind::Map(entries) => self.visit_map(entries, visitor),
            Kind::Scalar { value, plain } => match resolve(value, *plain) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::U64(n) => visitor.visit_u64(n),
                Resolved::I64(n) => visitor.visit_i64(n),
                Resolved::U128(n) => visitor.visit_u128(n),
                Resolved::I128(n) => visitor.visit_i128(n),
                Resolved::F64(x) => visitor.visit_f64(x),
                Resolved::Str(s) => visitor.visit_str(s),
            },
        };
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        match Self::plain(node).and_then(parse_bool) {
            Some(b) => visitor.visit_bool(b).map_err(|e| self.locate(e)),
            None => self.invalid(node, &visitor),
        }
    }

    numbers! {
        deserialize_i8 => i64, |s| parse_signed(s, i64::from_str_radix), visit_i64;
        deserialize_i16 => i64, |s| parse_signed(s, i64::from_str_radix), visit_i64;
        deserialize_i32 => i64, |s| parse_signed(s, i64::from_str_radix), visit_i64;
        deserialize_i64 => i64, |s| parse_signed(s, i64::from_str_radix), visit_i64;
        deserialize_i128 => i128, |s| parse_signed(s, i128::from_str_radix), visit_i128;
        deserialize_u8 => u64, |s| parse_unsigned(s, u64::from_str_radix), visit_u64;
        deserialize_u16 => u64, |s| parse_unsigned(s, u64::from_str_radix), visit_u64;
        deserialize_u32 => u64, |s| parse_unsigned(s, u64::from_str_radix), visit_u64;
        deserialize_u64 => u64, |s| parse_unsigned(s, u64::from_str_radix), visit_u64;
        deserialize_u128 => u128, |s| parse_unsigned(s, u128::from_str_radix), visit_u128;
        deserialize_f32 => f64, parse_f64, visit_f64;
        deserialize_f64 => f64, parse_f64, visit_f64;
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Scalar { value, .. } => visitor.visit_str(value).map_err(|e| self.locate(e)),
            _ => self.invalid(node, &visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(self.locate(de::Error::custom("bytes are not supported in YAML")))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        let null = Self::plain(node).is_some_and(|s| s.is_empty() || parse_null(s));
        if null {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
        .map_err(|e| self.locate(e))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Scalar { value, plain } => {
                if *plain && (value.is_empty() || parse_null(value)) {
                    visitor.visit_unit().map_err(|e| self.locate(e))
                } else {
                    Err(self.locate(de::Error::invalid_value(Unexpected::Str(value), &"null")))
                }
            }
            _ => self.invalid(node, &visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor
            .visit_newtype_struct(self)
            .map_err(|e| self.locate(e))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Seq(items) => self.visit_seq(items, visitor),
            _ if Self::is_empty_plain(node) => self.visit_seq(&[], visitor),
            _ => self.invalid(node, &visitor),
        }
        .map_err(|e| self.locate(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Map(entries) => self.visit_map(entries, visitor),
            _ if Self::is_empty_plain(node) => self.visit_map(&[], visitor),
            _ => self.invalid(node, &visitor),
        }
        .map_err(|e| self.locate(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// Enums are written as their variant's name (unit variants only, which
    /// is all the model uses outside internally tagged enums).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Scalar { value, .. } => visitor
                .visit_enum(value.as_str().into_deserializer())
                .map_err(|e: Error| self.locate(e)),
            _ => Err(self.locate(de::Error::invalid_type(
                Self::unexpected(node),
                &"the name of a variant",
            ))),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A node of the tree for the hand-written readers of [`crate::input::doc`]: each
/// operation reads it as [`De`] does with the visitor of the type read.
pub(crate) struct YamlNode<'t> {
    tree: &'t Tree,
    id: usize,
    /// `None` for the root.
    path: Option<String>,
    depth: usize,
}

impl Tree {
    /// The root, for the readers of [`crate::input::doc`].
    pub(super) fn root(&self) -> YamlNode<'_> {
        YamlNode {
            tree: self,
            id: 0,
            path: None,
            depth: 0,
        }
    }
}

fn join(parent: Option<&str>, key: &str) -> String {
    match parent {
        None => key.to_string(),
        Some(p) => format!("{p}.{key}"),
    }
}

impl<'t> YamlNode<'t> {
    fn node(&self) -> Result<&'t Node, Error> {
        self.tree
            .nodes
            .get(self.id)
            .ok_or_else(|| de::Error::custom("internal: missing YAML node"))
    }

    fn at(&self, node: &Node, message: String) -> Error {
        Error::new(
            message,
            Some((
                node.line,
                node.column,
                self.path.clone().unwrap_or_default(),
            )),
            false,
        )
    }

    /// `invalid type` at `node`, as [`De::invalid`].
    fn invalid(&self, node: &Node, expected: &str) -> Error {
        self.at(node, doc::invalid_type(De::unexpected(node), &expected))
    }

    /// A key as it appears in paths: its text, or `?` for a collection.
    fn key_name(&self, key: usize) -> &'t str {
        match self.tree.nodes.get(key).map(|n| &n.kind) {
            Some(Kind::Scalar { value, .. }) => value.as_str(),
            _ => "?",
        }
    }

    /// The node of a key and its path.
    fn key(&self, key: usize) -> YamlNode<'t> {
        YamlNode {
            tree: self.tree,
            id: key,
            path: Some(join(self.path.as_deref(), self.key_name(key))),
            depth: self.depth,
        }
    }

    /// A value one level down, as [`De::child`] (past the depth limit, an
    /// error at this node).
    fn child(&self, id: usize, path: String) -> Result<YamlNode<'t>, Error> {
        let depth = self.depth + 1;
        if depth > self.tree.max_depth {
            let mut e = Error::new(
                format!("nesting deeper than {} levels", self.tree.max_depth),
                None,
                true,
            );
            if let Ok(n) = self.node() {
                e.at = Some((n.line, n.column, self.path.clone().unwrap_or_default()));
            }
            return Err(e);
        }
        Ok(YamlNode {
            tree: self.tree,
            id,
            path: Some(path),
            depth,
        })
    }

    /// The entries of a mapping (none for an empty plain scalar), or the
    /// error for `expected`.
    fn entries(&self, expected: &str) -> Result<&'t [(usize, usize)], Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Map(entries) => Ok(entries),
            _ if De::is_empty_plain(node) => Ok(&[]),
            _ => Err(self.invalid(node, expected)),
        }
    }
}

impl doc::Node for YamlNode<'_> {
    type Error = Error;

    fn error(&self, message: String) -> Error {
        match self.node() {
            Ok(n) => self.at(n, message),
            Err(e) => e,
        }
    }

    fn option(self) -> Result<Option<Self>, Error> {
        let node = self.node()?;
        let null = De::plain(node).is_some_and(|s| s.is_empty() || parse_null(s));
        Ok(if null { None } else { Some(self) })
    }

    fn f64(self) -> Result<f64, Error> {
        let node = self.node()?;
        De::plain(node)
            .and_then(parse_f64)
            .ok_or_else(|| self.invalid(node, "f64"))
    }

    fn u32(self) -> Result<u32, Error> {
        let node = self.node()?;
        match De::plain(node).and_then(|s| parse_unsigned(s, u64::from_str_radix)) {
            Some(n) => u32::try_from(n)
                .map_err(|_| self.at(node, doc::invalid_value(Unexpected::Unsigned(n), &"u32"))),
            None => Err(self.invalid(node, "u32")),
        }
    }

    fn text<T>(
        self,
        expected: &str,
        visit: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, Error> {
        let node = self.node()?;
        match &node.kind {
            Kind::Scalar { value, .. } => visit(value).map_err(|m| self.at(node, m)),
            _ => Err(self.invalid(node, expected)),
        }
    }

    fn map(self, mut entry: impl FnMut(String, Self) -> Result<(), Error>) -> Result<(), Error> {
        for &(key, value) in self.entries("a map")? {
            let key = self.key(key).text("a string", |s| Ok(s.to_string()))?;
            let child = self.child(value, join(self.path.as_deref(), &key))?;
            entry(key, child)?;
        }
        Ok(())
    }

    fn fields(
        &self,
        name: &'static str,
        fields: &'static [&'static str],
        field: &mut dyn FnMut(usize, Self) -> Result<(), Error>,
    ) -> Result<doc::Shape, Error> {
        let mut seen = doc::Seen::default();
        for &(key, value) in self.entries(name)? {
            let key_node = self.key(key);
            let path = key_node.path.clone().unwrap_or_default();
            let index = key_node.text("field identifier", |s| {
                fields
                    .iter()
                    .position(|f| *f == s)
                    .ok_or_else(|| doc::unknown_field(s, fields))
            })?;
            if !seen.first(index) {
                return Err(self.error(doc::duplicate_field(fields, index)));
            }
            field(index, self.child(value, path)?)?;
        }
        Ok(doc::Shape::Map)
    }

    fn buffered(&self) -> Result<doc::Buffered, Error> {
        let node = self.node()?;
        Ok(match &node.kind {
            Kind::Scalar { value, plain } => match resolve(value, *plain) {
                Resolved::Bool(b) => doc::Buffered::Bool(b),
                Resolved::Str(s) => doc::Buffered::Str(s.to_string()),
                _ => doc::Buffered::Other,
            },
            _ => doc::Buffered::Other,
        })
    }
}

struct SeqAccess<'t, 'p> {
    de: De<'t, 'p>,
    items: &'t [usize],
    next: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(&id) = self.items.get(self.next) else {
            return Ok(None);
        };
        let path = Path::Index(self.de.path, self.next);
        self.next += 1;
        let child = self.de.child(id, &path).map_err(|e| self.de.locate(e))?;
        seed.deserialize(child)
            .map(Some)
            .map_err(|e| child.locate(e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len().saturating_sub(self.next))
    }
}

struct MapAccess<'t, 'p> {
    de: De<'t, 'p>,
    entries: &'t [(usize, usize)],
    next: usize,
}

impl<'t> MapAccess<'t, '_> {
    /// A key as it appears in paths: its text, or `?` for a collection.
    fn key_name(&self, key: usize) -> &'t str {
        match self.de.tree.nodes.get(key).map(|n| &n.kind) {
            Some(Kind::Scalar { value, .. }) => value.as_str(),
            _ => "?",
        }
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(&(key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        // A key is reported at its own position and path (an unknown field
        // at `parent.key`).
        let path = Path::Key(self.de.path, self.key_name(key));
        let child = De {
            id: key,
            path: &path,
            ..self.de
        };
        seed.deserialize(child)
            .map(Some)
            .map_err(|e| child.locate(e))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(&(key, value)) = self.entries.get(self.next) else {
            return Err(self
                .de
                .locate(de::Error::custom("internal: value without a key")));
        };
        self.next += 1;
        let path = Path::Key(self.de.path, self.key_name(key));
        let child = self.de.child(value, &path).map_err(|e| self.de.locate(e))?;
        seed.deserialize(child).map_err(|e| child.locate(e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len().saturating_sub(self.next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

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
}
