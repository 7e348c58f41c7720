//! The document read once into an arena of located nodes, and the error
//! of reading or deserialising it.

use std::fmt;

use serde::de;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// One node of the document.
#[derive(Debug)]
pub(super) struct Node {
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    Scalar { value: String, plain: bool },
    Seq(Vec<usize>),
    Map(Vec<(usize, usize)>),
}

/// A document as an arena of nodes; node 0 is the root.
#[derive(Debug)]
pub(crate) struct Tree {
    pub(super) nodes: Vec<Node>,
    pub(super) max_depth: usize,
}

/// An error found while building the tree or deserialising from it, with
/// the node it is about once known. Boxed: every deserialising function of
/// the model returns it, and a one-pointer error keeps their results small
/// (less code to move and drop them, notably in WebAssembly).
#[derive(Debug)]
pub(crate) struct Error(pub(crate) Box<ErrorInner>);

#[derive(Debug)]
pub(crate) struct ErrorInner {
    pub(crate) message: String,
    /// (line, column, path) of the node the error is about.
    pub(crate) at: Option<(usize, usize, String)>,
    /// The nesting limit was exceeded (through aliases).
    pub(crate) too_deep: bool,
}

impl Error {
    pub(super) fn new(
        message: String,
        at: Option<(usize, usize, String)>,
        too_deep: bool,
    ) -> Error {
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
pub(super) fn core_tag(tag: &yaml_rust2::parser::Tag) -> Option<&str> {
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
    /// Builds the tree of a document that [`crate::input::yaml::scan`] accepted.
    pub(crate) fn build(text: &str, max_depth: usize) -> Result<Tree, Error> {
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
                    crate::input::yaml::messages::message(e.info()),
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
}
