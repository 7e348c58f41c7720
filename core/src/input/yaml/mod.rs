//! All YAML parsing lives here: hostile-input limits, a map from document
//! paths to line/column, and deserialisation into the model with the path of
//! any type error (see [`de`]). `serde_yaml` is used for writing YAML only.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

pub(crate) mod de;
mod messages;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::base::error::{LoadError, Location, SyntaxError};
use messages::message;

/// Limits that keep hostile documents from using unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted document, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes that expanding aliases may add to the document (each
    /// alias adds the nodes of what it refers to, aliases in it expanded).
    pub max_nodes: usize,
}

/// The limits of every document (see [`crate::input`]).
impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: crate::input::MAX_DOCUMENT_BYTES,
            max_depth: crate::input::MAX_DEPTH,
            max_nodes: crate::input::MAX_ALIAS_NODES,
        }
    }
}

/// Line and column (1-based) of every node in a document, by path.
#[derive(Debug, Clone, Default)]
pub struct LocationIndex {
    marks: HashMap<String, (usize, usize)>,
}

impl LocationIndex {
    /// Records where `path` is (for documents not read by [`parse`], e.g. CSV).
    pub(crate) fn insert(&mut self, path: String, line: usize, column: usize) {
        self.marks.insert(path, (line, column));
    }

    /// The location of `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &str) -> Location {
        let mut p = path;
        loop {
            if let Some(&(line, column)) = self.marks.get(p) {
                return Location {
                    sheet: None,
                    line: Some(line),
                    column: Some(column),
                    path: path.to_string(),
                };
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None if !p.is_empty() => p = "",
                None => {
                    return Location {
                        sheet: None,
                        line: None,
                        column: None,
                        path: path.to_string(),
                    }
                }
            }
        }
    }
}

fn mark_location(m: &Marker, path: String) -> Location {
    Location {
        sheet: None,
        line: Some(m.line()),
        column: Some(m.col() + 1),
        path,
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: std::collections::HashSet<String>,
        start: usize,
        anchor: usize,
    },
    Seq {
        path: String,
        next: usize,
        start: usize,
        anchor: usize,
    },
}

fn syntax(location: Location, error: SyntaxError) -> LoadError {
    LoadError::Syntax {
        file: None,
        location,
        error,
    }
}

/// The state of [`scan`]'s one walk over the event stream.
struct Scanner<'a> {
    text: &'a str,
    limits: &'a Limits,
    index: LocationIndex,
    stack: Vec<Frame>,
    anchors: HashMap<usize, usize>,
    // Nodes so far with aliases expanded (for the size of anchored nodes),
    // and the nodes aliases added.
    expanded: usize,
    added: usize,
    documents: usize,
    has_root: bool,
}

/// Walks the event stream once: checks depth and alias expansion against
/// `limits`, counts documents, and records where each path starts.
fn scan(text: &str, limits: &Limits) -> Result<LocationIndex, LoadError> {
    let mut scanner = Scanner {
        text,
        limits,
        index: LocationIndex::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        expanded: 0,
        added: 0,
        documents: 0,
        has_root: false,
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|e| scanner.token_error(&e))?;
        if matches!(event, Event::StreamEnd) {
            break;
        }
        scanner.event(event, &mark)?;
    }
    if !scanner.has_root {
        return Err(syntax(Location::default(), SyntaxError::Empty));
    }
    if scanner.documents > 1 {
        return Err(syntax(Location::default(), SyntaxError::MultipleDocuments));
    }
    Ok(scanner.index)
}

impl Scanner<'_> {
    /// The parser's error as a located syntax error.
    fn token_error(&self, e: &yaml_rust2::ScanError) -> LoadError {
        let mut location = mark_location(e.marker(), current_path(&self.stack));
        let error = if e.info().contains("recursion limit") {
            SyntaxError::TooDeep {
                limit: self.limits.max_depth,
            }
        } else if e.info().contains("tab") {
            if let Some((line, column)) = indentation_tab(self.text, e.marker().line()) {
                location.line = Some(line);
                location.column = Some(column);
            }
            SyntaxError::Tab
        } else {
            SyntaxError::Syntax(message(e.info()))
        };
        syntax(location, error)
    }

    /// The path of the node an event starts (empty for a key or the root),
    /// and whether it is a mapping's key; records where a sequence item
    /// starts and counts root nodes.
    fn node_path(&mut self, mark: &Marker) -> (String, bool) {
        match self.stack.last_mut() {
            Some(Frame::Map { path, key, .. }) => match key.take() {
                None => (String::new(), true),
                Some(k) => (join_key(path, &k), false),
            },
            Some(Frame::Seq { path, next, .. }) => {
                let node_path = format!("{path}[{next}]");
                *next += 1;
                self.index
                    .marks
                    .entry(node_path.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                (node_path, false)
            }
            None => {
                if self.has_root {
                    self.documents += 1;
                }
                self.has_root = true;
                (String::new(), false)
            }
        }
    }

    /// Takes one event (not the stream's end) into the state.
    fn event(&mut self, event: Event, mark: &Marker) -> Result<(), LoadError> {
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        let (node_path, is_key) = if starts_node {
            self.node_path(mark)
        } else {
            (String::new(), false)
        };
        match event {
            Event::DocumentStart => self.documents += 1,
            Event::Scalar(value, _, anchor, _) => self.scalar(value, anchor, is_key, mark)?,
            Event::Alias(id) => {
                let size = self.anchors.get(&id).copied().unwrap_or(1);
                self.expanded = self.expanded.saturating_add(size);
                self.added = self.added.saturating_add(size);
                if is_key {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some("*alias".into());
                    }
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let map = matches!(event, Event::MappingStart(..));
                self.open(node_path, map, anchor, is_key, mark)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Map { start, anchor, .. } | Frame::Seq { start, anchor, .. }) =
                    self.stack.pop()
                {
                    if anchor > 0 {
                        self.anchors.insert(anchor, self.expanded - start + 1);
                    }
                }
            }
            _ => {}
        }
        if self.added > self.limits.max_nodes {
            return Err(syntax(
                mark_location(mark, current_path(&self.stack)),
                SyntaxError::AliasBomb {
                    limit: self.limits.max_nodes,
                },
            ));
        }
        Ok(())
    }

    /// A scalar: counted, and if it is a key, checked for repeats and
    /// recorded where it starts.
    fn scalar(
        &mut self,
        value: String,
        anchor: usize,
        is_key: bool,
        mark: &Marker,
    ) -> Result<(), LoadError> {
        self.expanded += 1;
        if anchor > 0 {
            self.anchors.insert(anchor, 1);
        }
        if is_key {
            if let Some(Frame::Map {
                path, key, seen, ..
            }) = self.stack.last_mut()
            {
                let key_path = join_key(path, &value);
                if !seen.insert(value.clone()) {
                    return Err(syntax(
                        mark_location(mark, key_path),
                        SyntaxError::DuplicateKey(value),
                    ));
                }
                self.index
                    .marks
                    .entry(key_path)
                    .or_insert((mark.line(), mark.col() + 1));
                *key = Some(value);
            }
        }
        Ok(())
    }

    /// A mapping or sequence starts: checked against the depth limit and
    /// pushed.
    fn open(
        &mut self,
        mut node_path: String,
        map: bool,
        anchor: usize,
        is_key: bool,
        mark: &Marker,
    ) -> Result<(), LoadError> {
        self.expanded += 1;
        if is_key {
            // A collection used as a key: give it a placeholder name.
            if let Some(Frame::Map { path, key, .. }) = self.stack.last_mut() {
                node_path = join_key(path, "?");
                *key = Some("?".into());
            }
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(syntax(
                mark_location(mark, node_path),
                SyntaxError::TooDeep {
                    limit: self.limits.max_depth,
                },
            ));
        }
        let start = self.expanded;
        self.stack.push(if map {
            Frame::Map {
                path: node_path,
                key: None,
                seen: Default::default(),
                start,
                anchor,
            }
        } else {
            Frame::Seq {
                path: node_path,
                next: 0,
                start,
                anchor,
            }
        });
        Ok(())
    }
}

/// The first tab in a line's leading whitespace at or after line `from`
/// (1-based), as (line, column).
fn indentation_tab(text: &str, from: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            line.get(..indent)
                .and_then(|ws| ws.find('\t'))
                .map(|col| (i + 1, col + 1))
        })
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn current_path(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Map { path, key, .. }) => match key {
            Some(k) => join_key(path, k),
            None => path.clone(),
        },
        Some(Frame::Seq { path, .. }) => path.clone(),
        None => String::new(),
    }
}

/// Parses one YAML (or JSON) document into `T`, after checking `limits`.
/// Returns the value and the location index used to place later
/// validation errors. Type errors (a wrong type, an unknown or missing
/// field) are located at the node they are about, with its path.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    limits: &Limits,
) -> Result<(T, LocationIndex), LoadError> {
    parse_with(text, limits, de::Tree::deserialize::<T>)
}

/// Reads one YAML (or JSON) document with a hand-written reader of
/// [`crate::input::doc`], after checking `limits`, with the errors of [`parse`].
pub(crate) fn read<T>(
    text: &str,
    limits: &Limits,
    reader: impl FnOnce(de::YamlNode<'_>) -> Result<T, de::Error>,
) -> Result<(T, LocationIndex), LoadError> {
    parse_with(text, limits, |tree| reader(tree.root()))
}

fn parse_with<T>(
    text: &str,
    limits: &Limits,
    read: impl FnOnce(&de::Tree) -> Result<T, de::Error>,
) -> Result<(T, LocationIndex), LoadError> {
    if text.len() > limits.max_bytes {
        return Err(syntax(
            Location::default(),
            SyntaxError::TooLarge {
                size: Some(text.len()),
                limit: limits.max_bytes,
            },
        ));
    }
    // Text given directly (not read from a file) is checked as files are:
    // UTF-16 read as UTF-8 is full of NULs.
    if let Some((location, message)) = crate::input::sniff_encoding(text.as_bytes()) {
        return Err(syntax(location, SyntaxError::Encoding(message)));
    }
    let text = crate::input::normalise(text);
    let text = text.as_ref();
    let index = scan(text, limits)?;
    let located = |e: de::Error| {
        let e = *e.0;
        let location = match e.at {
            Some((line, column, path)) => Location {
                sheet: None,
                line: Some(line),
                column: Some(column),
                path,
            },
            None => Location::default(),
        };
        let error = if e.too_deep {
            SyntaxError::TooDeep {
                limit: limits.max_depth,
            }
        } else {
            SyntaxError::Shape(crate::base::error::serde_message(&e.message))
        };
        syntax(location, error)
    };
    let tree = de::Tree::build(text, limits.max_depth).map_err(located)?;
    let value = read(&tree).map_err(located)?;
    Ok((value, index))
}

/// True when the document's root is a mapping with `key` among its keys:
/// one pass over the parser's events, nothing built (a document that does
/// not parse, or is over the limits, gives false).
pub(crate) fn root_has_key(text: &str, key: &str, limits: &Limits) -> bool {
    if text.len() > limits.max_bytes {
        return false;
    }
    let text = crate::input::normalise(text);
    let mut parser = Parser::new_from_str(&text);
    // Depth of collections; at depth 1 (the root mapping) events alternate
    // key, value.
    let (mut depth, mut expect_key) = (0usize, true);
    loop {
        let Ok((event, _)) = parser.next_token() else {
            return false;
        };
        match event {
            Event::StreamEnd => return false,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 && !matches!(event, Event::MappingStart(..)) {
                    return false;
                }
                if depth == 1 {
                    expect_key = !expect_key;
                }
                depth += 1;
                if depth > limits.max_depth {
                    return false;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return false;
                }
            }
            Event::Scalar(ref value, ..) if depth == 1 => {
                if expect_key && value == key {
                    return true;
                }
                expect_key = !expect_key;
            }
            Event::Alias(_) if depth == 1 => expect_key = !expect_key,
            _ => {}
        }
    }
}

/// Parses YAML into a generic JSON value (same limits), for callers that
/// need to look at a document before choosing its type.
pub fn parse_value(text: &str, limits: &Limits) -> Result<serde_json::Value, LoadError> {
    parse::<serde_json::Value>(text, limits).map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_places_nested_paths() {
        let text = "a: 1\nlist:\n  - x: 1\n    y: [1, 2]\n  - x: 2\n";
        let idx = scan(text, &Limits::default()).map_err(|e| e.to_string());
        let idx = idx.unwrap_or_default();
        assert_eq!(idx.locate("a").line, Some(1));
        assert_eq!(idx.locate("list[0].x").line, Some(3));
        assert_eq!(idx.locate("list[0].y[1]").line, Some(4));
        assert_eq!(idx.locate("list[1].x").line, Some(5));
        assert_eq!(idx.locate("list[1].x").column, Some(5));
        // Unknown children fall back to the nearest known ancestor.
        assert_eq!(idx.locate("list[1].z").line, Some(5));
    }

    #[test]
    fn root_keys_are_found_without_building_the_document() {
        let l = Limits::default();
        for (text, has) in [
            ("id: p\nrequirements: []\n", true),
            ("{id: p, requirements: [a]}", true),
            ("a: {requirements: 1}\nb: requirements\n", false),
            ("a: [requirements]\nlist:\n  - requirements: 1\n", false),
            ("- requirements\n", false),
            ("x: &a {y: 1}\nz: *a\nrequirements: 2\n", true),
            ("? [1, 2]\n: requirements\nrequirements: 1\n", true),
            ("id: [unclosed\n", false),
        ] {
            assert_eq!(root_has_key(text, "requirements", &l), has, "{text:?}");
        }
    }

    #[test]
    fn strips_serde_yaml_decoration() {
        assert_eq!(
            crate::base::error::serde_message(
                "competencies[0]: missing field `id` at line 3 column 5"
            ),
            "missing field `id`, which is required"
        );
        assert_eq!(
            crate::base::error::serde_message("invalid type: string \"x\", expected f64"),
            "invalid type: string `x`, expected a number"
        );
    }
}
