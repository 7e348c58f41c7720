//! The tree's nodes for the hand-written readers of [`crate::input::doc`].

use serde::de::{self, Unexpected};

use crate::input::doc::node as doc;
use crate::input::yaml::de::scalar::{parse_f64, parse_null, parse_unsigned, resolve, Resolved};
use crate::input::yaml::de::tree::{Error, Kind, Node, Tree};

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
    pub(crate) fn root(&self) -> YamlNode<'_> {
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
        self.at(node, doc::invalid_type(node.unexpected(), &expected))
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
            _ if node.is_empty_plain() => Ok(&[]),
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
        let null = node.plain().is_some_and(|s| s.is_empty() || parse_null(s));
        Ok(if null { None } else { Some(self) })
    }

    fn f64(self) -> Result<f64, Error> {
        let node = self.node()?;
        node.plain()
            .and_then(parse_f64)
            .ok_or_else(|| self.invalid(node, "f64"))
    }

    fn u32(self) -> Result<u32, Error> {
        let node = self.node()?;
        match node
            .plain()
            .and_then(|s| parse_unsigned(s, u64::from_str_radix))
        {
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
