//! The serde `Deserializer` over the tree: every type error located at
//! the node it is about, with its path.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};

use crate::input::yaml::de::scalar::*;
use crate::input::yaml::de::tree::{Error, Kind, Node, Tree};

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

impl Tree {
    /// Deserialises the whole document into `T`.
    pub(crate) fn deserialize<T: de::DeserializeOwned>(&self) -> Result<T, Error> {
        T::deserialize(De {
            tree: self,
            id: 0,
            path: &Path::Root,
            depth: 0,
        })
    }
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

    fn invalid<V: de::Expected, T>(&self, node: &Node, exp: &V) -> Result<T, Error> {
        Err(self.locate(de::Error::invalid_type(node.unexpected(), exp)))
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
            let parsed: Option<$ty> = node.plain().and_then($parse);
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
        match node.plain().and_then(parse_bool) {
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
        let null = node.plain().is_some_and(|s| s.is_empty() || parse_null(s));
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
            _ if node.is_empty_plain() => self.visit_seq(&[], visitor),
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
            _ if node.is_empty_plain() => self.visit_map(&[], visitor),
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
                node.unexpected(),
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
