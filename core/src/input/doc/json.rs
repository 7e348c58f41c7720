//! JSON text as `Node`s, for the WebAssembly package's call options and
//! policy overrides (JSON its wrapper writes with `JSON.stringify`).
//!
//! The text is split into a tree at once, but every check serde_json makes
//! while it reads a value (its numbers, string escapes and nesting limit)
//! is made when a reader visits the node, with serde_json's messages, so
//! that errors come in serde_json's order with the messages and paths that
//! serde_json and `serde_path_to_error` gave (without serde_json's ` at line
//! L column C`, which points into text the caller never saw). Numbers are
//! read as serde_json reads them (without its `float_roundtrip` feature).

use std::borrow::Cow;

use super::node::{duplicate_field, unknown_field, Buffered, Node, Seen, Shape};

/// An error in JSON read by this module: the path of the value it is about
/// (`kind_weights.feedback`, `[2]`; empty for the whole document), as
/// `serde_path_to_error` writes it, and serde_json's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Where: keys joined by `.`, list indexes as `[i]`; `?` for a key that
    /// could not be read.
    pub path: String,
    /// What.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

/// serde_json's nesting limit: a value nested deeper is refused.
const RECURSION_LIMIT: usize = 128;

#[derive(Debug)]
enum Kind {
    Null,
    Bool(bool),
    /// The number's text, as a byte range of the document.
    Number(usize, usize),
    /// The string's text between the quotes (escapes not decoded).
    String(usize, usize),
    Array(Vec<usize>),
    /// Keys as byte ranges (between the quotes), values as nodes.
    Object(Vec<((usize, usize), usize)>),
}

#[derive(Debug)]
struct JNode {
    kind: Kind,
    /// Arrays and objects enclosing this node, itself included.
    level: usize,
}

/// A JSON document split into nodes; node 0 is the root.
#[derive(Debug)]
pub(crate) struct Tree<'a> {
    text: &'a [u8],
    nodes: Vec<JNode>,
}

fn syntax(message: &str) -> JsonError {
    JsonError {
        path: String::new(),
        message: message.to_string(),
    }
}

/// An array or object being read: its node and, for an object, the key of
/// the value being read.
struct Open {
    id: usize,
    key: Option<(usize, usize)>,
}

impl<'a> Tree<'a> {
    /// Splits the first JSON value of `text` into nodes (anything after it
    /// is ignored, as serde_json's `Deserializer` does until asked to
    /// `end()`). Malformed JSON is refused here, with serde_json's message
    /// for the problem.
    pub(crate) fn parse(text: &'a str) -> Result<Tree<'a>, JsonError> {
        let mut p = Parser {
            text: text.as_bytes(),
            at: 0,
        };
        let mut nodes: Vec<JNode> = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        loop {
            // A value starts here.
            p.skip_whitespace();
            let level = open.len() + 1;
            let start = p.at;
            let kind = match p.peek() {
                None => return Err(syntax("EOF while parsing a value")),
                Some(b'{') => Kind::Object(Vec::new()),
                Some(b'[') => Kind::Array(Vec::new()),
                Some(b'"') => {
                    let (s, e) = p.string()?;
                    Kind::String(s, e)
                }
                Some(b'-' | b'0'..=b'9') => {
                    p.at += 1;
                    while matches!(
                        p.peek(),
                        Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                    ) {
                        p.at += 1;
                    }
                    Kind::Number(start, p.at)
                }
                Some(b't') => p.word(b"true", Kind::Bool(true))?,
                Some(b'f') => p.word(b"false", Kind::Bool(false))?,
                Some(b'n') => p.word(b"null", Kind::Null)?,
                Some(_) => return Err(syntax("expected value")),
            };
            let container = matches!(kind, Kind::Object(_) | Kind::Array(_));
            let is_object = matches!(kind, Kind::Object(_));
            nodes.push(JNode { kind, level });
            let mut done = nodes.len() - 1;
            if container {
                p.at += 1;
                p.skip_whitespace();
                let close = if is_object { b'}' } else { b']' };
                if p.peek() == Some(close) {
                    p.at += 1;
                } else if p.peek().is_none() && !is_object {
                    return Err(syntax("EOF while parsing a list"));
                } else {
                    let key = if is_object { Some(p.key()?) } else { None };
                    open.push(Open { id: done, key });
                    continue;
                }
            }
            // `done` is complete: add it to its parent, then read on.
            loop {
                let Some(parent) = open.last_mut() else {
                    return Ok(Tree {
                        text: text.as_bytes(),
                        nodes,
                    });
                };
                let next = match nodes.get_mut(parent.id).map(|n| &mut n.kind) {
                    Some(Kind::Object(entries)) => {
                        if let Some(key) = parent.key.take() {
                            entries.push((key, done));
                        }
                        p.skip_whitespace();
                        match p.peek() {
                            Some(b',') => {
                                p.at += 1;
                                parent.key = Some(p.key()?);
                                true
                            }
                            Some(b'}') => false,
                            Some(_) => return Err(syntax("expected `,` or `}`")),
                            None => return Err(syntax("EOF while parsing an object")),
                        }
                    }
                    Some(Kind::Array(items)) => {
                        items.push(done);
                        p.skip_whitespace();
                        match p.peek() {
                            Some(b',') => {
                                p.at += 1;
                                p.skip_whitespace();
                                if p.peek() == Some(b']') {
                                    return Err(syntax("trailing comma"));
                                }
                                true
                            }
                            Some(b']') => false,
                            Some(_) => return Err(syntax("expected `,` or `]`")),
                            None => return Err(syntax("EOF while parsing a list")),
                        }
                    }
                    _ => return Err(syntax("internal: not a container")),
                };
                if next {
                    break;
                }
                p.at += 1;
                done = parent.id;
                open.pop();
            }
        }
    }

    /// The root node.
    pub(crate) fn root(&self) -> JsonNode<'_> {
        JsonNode {
            tree: self,
            id: 0,
            path: None,
        }
    }

    fn slice(&self, (start, end): (usize, usize)) -> &[u8] {
        self.text.get(start..end).unwrap_or_default()
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    fn word(&mut self, word: &[u8], kind: Kind) -> Result<Kind, JsonError> {
        let end = self.at + word.len();
        match self.text.get(self.at..end) {
            Some(w) if w == word => {
                self.at = end;
                Ok(kind)
            }
            Some(_) => Err(syntax("expected ident")),
            None => Err(syntax("EOF while parsing a value")),
        }
    }

    /// A string starting at the quote: the range between the quotes.
    fn string(&mut self) -> Result<(usize, usize), JsonError> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek() {
                None => return Err(syntax("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok((start, self.at - 1));
                }
                Some(b'\\') => self.at += 2,
                Some(_) => self.at += 1,
            }
        }
    }

    /// An object's key and the colon after it.
    fn key(&mut self) -> Result<(usize, usize), JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'"') => {}
            Some(b'}') => return Err(syntax("trailing comma")),
            Some(_) => return Err(syntax("key must be a string")),
            None => return Err(syntax("EOF while parsing an object")),
        }
        let key = self.string()?;
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => {
                self.at += 1;
                Ok(key)
            }
            Some(_) => Err(syntax("expected `:`")),
            None => Err(syntax("EOF while parsing an object")),
        }
    }
}

/// A number as serde_json reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// `significand * 10 + digit` would overflow `max` (serde_json's test).
fn overflows(significand: u64, digit: u64, max: u64) -> bool {
    significand >= max / 10 && (significand > max / 10 || digit > max % 10)
}

/// 10^`i` as the nearest `f64` (serde_json's table), for `i` up to 308.
fn pow10(i: usize) -> Option<f64> {
    if i > 308 {
        return None;
    }
    format!("1e{i}").parse().ok()
}

const OUT_OF_RANGE: &str = "number out of range";
const INVALID_NUMBER: &str = "invalid number";
const EOF_VALUE: &str = "EOF while parsing a value";

/// serde_json's number reader (`parse_integer` and what it calls), over
/// the number's text.
struct NumberReader<'a> {
    text: &'a [u8],
    at: usize,
}

impl NumberReader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn digit(&self) -> Option<u64> {
        match self.peek() {
            Some(c @ b'0'..=b'9') => Some(u64::from(c - b'0')),
            _ => None,
        }
    }

    fn read(text: &[u8]) -> Result<Number, &'static str> {
        let mut r = NumberReader { text, at: 0 };
        let positive = if r.peek() == Some(b'-') {
            r.at += 1;
            false
        } else {
            true
        };
        let n = r.integer(positive)?;
        if r.at == text.len() {
            Ok(n)
        } else {
            Err(INVALID_NUMBER)
        }
    }

    fn integer(&mut self, positive: bool) -> Result<Number, &'static str> {
        let first = self.digit();
        self.at += 1;
        match first {
            None if self.at > self.text.len() => Err(EOF_VALUE),
            Some(0) => match self.digit() {
                Some(_) => Err(INVALID_NUMBER),
                None => self.number(positive, 0),
            },
            Some(d) => {
                let mut significand = d;
                while let Some(d) = self.digit() {
                    if overflows(significand, d, u64::MAX) {
                        return Ok(Number::F64(self.long_integer(positive, significand)?));
                    }
                    self.at += 1;
                    significand = significand * 10 + d;
                }
                self.number(positive, significand)
            }
            None => Err(INVALID_NUMBER),
        }
    }

    fn number(&mut self, positive: bool, significand: u64) -> Result<Number, &'static str> {
        Ok(match self.peek() {
            Some(b'.') => Number::F64(self.decimal(positive, significand, 0)?),
            Some(b'e' | b'E') => Number::F64(self.exponent(positive, significand, 0)?),
            _ if positive => Number::U64(significand),
            _ => {
                #[allow(clippy::cast_possible_wrap)]
                let neg = (significand as i64).wrapping_neg();
                // A float when it does not fit, or for `-0`.
                if neg >= 0 {
                    Number::F64(-(significand as f64))
                } else {
                    Number::I64(neg)
                }
            }
        })
    }

    fn decimal(
        &mut self,
        positive: bool,
        mut significand: u64,
        before_point: i32,
    ) -> Result<f64, &'static str> {
        self.at += 1;
        let mut after_point = 0i32;
        while let Some(d) = self.digit() {
            if overflows(significand, d, u64::MAX) {
                return self.decimal_overflow(positive, significand, before_point + after_point);
            }
            self.at += 1;
            significand = significand * 10 + d;
            after_point -= 1;
        }
        if after_point == 0 {
            return Err(if self.peek().is_some() {
                INVALID_NUMBER
            } else {
                EOF_VALUE
            });
        }
        let exponent = before_point + after_point;
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(positive, significand, exponent),
            _ => from_parts(positive, significand, exponent),
        }
    }

    fn exponent(
        &mut self,
        positive: bool,
        significand: u64,
        starting: i32,
    ) -> Result<f64, &'static str> {
        self.at += 1;
        let positive_exp = match self.peek() {
            Some(b'+') => {
                self.at += 1;
                true
            }
            Some(b'-') => {
                self.at += 1;
                false
            }
            _ => true,
        };
        let first = self.digit();
        self.at += 1;
        let mut exp: i32 = match first {
            Some(d) => i32::try_from(d).unwrap_or(0),
            None if self.at > self.text.len() => return Err(EOF_VALUE),
            None => return Err(INVALID_NUMBER),
        };
        while let Some(d) = self.digit() {
            self.at += 1;
            let d = i32::try_from(d).unwrap_or(0);
            if overflows(
                u64::try_from(exp).unwrap_or(0),
                u64::try_from(d).unwrap_or(0),
                u64::try_from(i32::MAX).unwrap_or(0),
            ) {
                return self.exponent_overflow(positive, significand == 0, positive_exp);
            }
            exp = exp * 10 + d;
        }
        let exponent = if positive_exp {
            starting.saturating_add(exp)
        } else {
            starting.saturating_sub(exp)
        };
        from_parts(positive, significand, exponent)
    }

    fn decimal_overflow(
        &mut self,
        positive: bool,
        significand: u64,
        exponent: i32,
    ) -> Result<f64, &'static str> {
        while self.digit().is_some() {
            self.at += 1;
        }
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(positive, significand, exponent),
            _ => from_parts(positive, significand, exponent),
        }
    }

    fn exponent_overflow(
        &mut self,
        positive: bool,
        zero_significand: bool,
        positive_exp: bool,
    ) -> Result<f64, &'static str> {
        if !zero_significand && positive_exp {
            return Err(OUT_OF_RANGE);
        }
        while self.digit().is_some() {
            self.at += 1;
        }
        Ok(if positive { 0.0 } else { -0.0 })
    }

    fn long_integer(&mut self, positive: bool, significand: u64) -> Result<f64, &'static str> {
        let mut exponent = 0i32;
        loop {
            match self.peek() {
                Some(b'0'..=b'9') => {
                    self.at += 1;
                    exponent += 1;
                }
                Some(b'.') => return self.decimal(positive, significand, exponent),
                Some(b'e' | b'E') => return self.exponent(positive, significand, exponent),
                _ => return from_parts(positive, significand, exponent),
            }
        }
    }
}

/// serde_json's `f64_from_parts` (without `float_roundtrip`).
fn from_parts(positive: bool, significand: u64, mut exponent: i32) -> Result<f64, &'static str> {
    let mut f = significand as f64;
    loop {
        match pow10(usize::try_from(exponent.wrapping_abs()).unwrap_or(usize::MAX)) {
            Some(pow) => {
                if exponent >= 0 {
                    f *= pow;
                    if f.is_infinite() {
                        return Err(OUT_OF_RANGE);
                    }
                } else {
                    f /= pow;
                }
                break;
            }
            None => {
                if f == 0.0 {
                    break;
                }
                if exponent >= 0 {
                    return Err(OUT_OF_RANGE);
                }
                f /= 1e308;
                exponent += 308;
            }
        }
    }
    Ok(if positive { f } else { -f })
}

const EOF_STRING: &str = "EOF while parsing a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const END_OF_ESCAPE: &str = "unexpected end of hex escape";
const INVALID_ESCAPE: &str = "invalid escape";

/// A string's text (between the quotes) decoded as serde_json decodes a
/// string it hands to a visitor (surrogates must pair).
fn decode(raw: &[u8]) -> Result<Cow<'_, str>, &'static str> {
    let mut out: Option<Vec<u8>> = None;
    let mut start = 0;
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        match c {
            b'\\' => {
                let buf = out.get_or_insert_with(Vec::new);
                buf.extend_from_slice(raw.get(start..i).unwrap_or_default());
                i += 1;
                escape(raw, &mut i, buf)?;
                start = i;
            }
            0x00..=0x1F => {
                return Err("control character (\\u0000-\\u001F) found while parsing a string")
            }
            _ => i += 1,
        }
    }
    let bytes = match out {
        None => Cow::Borrowed(raw),
        Some(mut buf) => {
            buf.extend_from_slice(raw.get(start..).unwrap_or_default());
            Cow::Owned(buf)
        }
    };
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed),
        Cow::Owned(b) => String::from_utf8(b)
            .map(Cow::Owned)
            .map_err(|e| e.utf8_error()),
    }
    .map_err(|_| "invalid unicode code point")
}

fn hex(raw: &[u8], i: &mut usize) -> Result<u32, &'static str> {
    let digits = raw.get(*i..*i + 4).ok_or(EOF_STRING)?;
    *i += 4;
    let mut n = 0u32;
    for &d in digits {
        n = n * 16 + char::from(d).to_digit(16).ok_or(INVALID_ESCAPE)?;
    }
    Ok(n)
}

fn push(buf: &mut Vec<u8>, n: u32) {
    let c = char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut utf8 = [0u8; 4];
    buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
}

/// An escape after its backslash (serde_json's `parse_escape`).
fn escape(raw: &[u8], i: &mut usize, buf: &mut Vec<u8>) -> Result<(), &'static str> {
    let c = raw.get(*i).copied().ok_or(EOF_STRING)?;
    *i += 1;
    match c {
        b'"' => buf.push(b'"'),
        b'\\' => buf.push(b'\\'),
        b'/' => buf.push(b'/'),
        b'b' => buf.push(0x08),
        b'f' => buf.push(0x0c),
        b'n' => buf.push(b'\n'),
        b'r' => buf.push(b'\r'),
        b't' => buf.push(b'\t'),
        b'u' => {
            let n = hex(raw, i)?;
            if (0xDC00..=0xDFFF).contains(&n) {
                return Err(LONE_SURROGATE);
            }
            if !(0xD800..=0xDBFF).contains(&n) {
                push(buf, n);
                return Ok(());
            }
            // A leading surrogate: a trailing one must follow (the closing
            // quote, past the end of `raw`, is not one).
            for expected in [b'\\', b'u'] {
                if raw.get(*i) != Some(&expected) {
                    return Err(END_OF_ESCAPE);
                }
                *i += 1;
            }
            let n2 = hex(raw, i)?;
            if !(0xDC00..=0xDFFF).contains(&n2) {
                return Err(LONE_SURROGATE);
            }
            push(buf, (((n - 0xD800) << 10) | (n2 - 0xDC00)) + 0x1_0000);
        }
        _ => return Err(INVALID_ESCAPE),
    }
    Ok(())
}

/// A node of a [`Tree`] and its path.
pub(crate) struct JsonNode<'t> {
    tree: &'t Tree<'t>,
    id: usize,
    /// `None` for the root.
    path: Option<String>,
}

fn join(parent: Option<&str>, key: &str) -> String {
    match parent {
        None => key.to_string(),
        Some(p) => format!("{p}.{key}"),
    }
}

/// serde_json's `floating point` in messages.
fn float(x: f64) -> String {
    serde_json::Number::from_f64(x)
        .map_or_else(|| crate::base::text::Num(x).to_string(), |n| n.to_string())
}

impl<'t> JsonNode<'t> {
    fn kind(&self) -> &'t Kind {
        self.tree
            .nodes
            .get(self.id)
            .map_or(&Kind::Null, |n| &n.kind)
    }

    fn level(&self) -> usize {
        self.tree.nodes.get(self.id).map_or(0, |n| n.level)
    }

    fn path(&self) -> &str {
        self.path.as_deref().unwrap_or("")
    }

    fn key_child(&self, id: usize, key: &str) -> JsonNode<'t> {
        JsonNode {
            tree: self.tree,
            id,
            path: Some(join(self.path.as_deref(), key)),
        }
    }

    fn index_child(&self, id: usize, index: usize) -> JsonNode<'t> {
        JsonNode {
            tree: self.tree,
            id,
            path: Some(format!("{}[{index}]", self.path())),
        }
    }

    fn string(&self, range: (usize, usize)) -> Result<Cow<'t, str>, &'static str> {
        decode(self.tree.slice(range))
    }

    fn number(&self, range: (usize, usize)) -> Result<Number, JsonError> {
        NumberReader::read(self.tree.slice(range)).map_err(|m| self.error(m.to_string()))
    }

    /// serde_json's `Unexpected` for this node, as its messages write it
    /// (`null`, and floats as serde_json prints them). Written here rather
    /// than by serde's `Unexpected`, whose `Display` would bring the
    /// standard library's float formatting along.
    fn unexpected(&self) -> Result<String, JsonError> {
        Ok(match self.kind() {
            Kind::Null => "null".to_string(),
            Kind::Bool(b) => format!("boolean `{b}`"),
            Kind::Number(s, e) => match self.number((*s, *e))? {
                Number::U64(n) => format!("integer `{n}`"),
                Number::I64(n) => format!("integer `{n}`"),
                Number::F64(x) => format!("floating point `{}`", float(x)),
            },
            Kind::String(s, e) => {
                let text = self
                    .string((*s, *e))
                    .map_err(|m| self.error(m.to_string()))?;
                format!("string {:?}", &*text)
            }
            Kind::Array(_) => "sequence".to_string(),
            Kind::Object(_) => "map".to_string(),
        })
    }

    /// serde_json's error for this node where `expected` was wanted.
    fn invalid(&self, expected: &str) -> JsonError {
        match self.unexpected() {
            Ok(u) => self.error(format!("invalid type: {u}, expected {expected}")),
            Err(e) => e,
        }
    }

    /// serde_json reading the whole value into serde's `Content` (an
    /// untagged enum's buffer): every string decoded, every number read,
    /// the nesting limit checked, in document order.
    fn check_all(&self) -> Result<(), JsonError> {
        match self.kind() {
            Kind::Null | Kind::Bool(_) => Ok(()),
            Kind::Number(s, e) => self.number((*s, *e)).map(|_| ()),
            Kind::String(s, e) => self
                .string((*s, *e))
                .map(|_| ())
                .map_err(|m| self.error(m.to_string())),
            Kind::Array(items) => {
                self.enter()?;
                for (i, &id) in items.iter().enumerate() {
                    self.index_child(id, i).check_all()?;
                }
                Ok(())
            }
            Kind::Object(entries) => {
                self.enter()?;
                for &(key, id) in entries {
                    let key = self.string(key).map_err(|m| JsonError {
                        path: join(self.path.as_deref(), "?"),
                        message: m.to_string(),
                    })?;
                    self.key_child(id, &key).check_all()?;
                }
                Ok(())
            }
        }
    }

    /// serde_json's nesting check on entering an array or object.
    fn enter(&self) -> Result<(), JsonError> {
        if self.level() >= RECURSION_LIMIT {
            Err(self.error("recursion limit exceeded".to_string()))
        } else {
            Ok(())
        }
    }
}

impl Node for JsonNode<'_> {
    type Error = JsonError;

    fn error(&self, message: String) -> JsonError {
        JsonError {
            path: self.path().to_string(),
            message,
        }
    }

    fn option(self) -> Result<Option<Self>, JsonError> {
        Ok(match self.kind() {
            Kind::Null => None,
            _ => Some(self),
        })
    }

    fn f64(self) -> Result<f64, JsonError> {
        match self.kind() {
            Kind::Number(s, e) => Ok(match self.number((*s, *e))? {
                Number::U64(n) => n as f64,
                Number::I64(n) => n as f64,
                Number::F64(x) => x,
            }),
            _ => Err(self.invalid("f64")),
        }
    }

    fn u32(self) -> Result<u32, JsonError> {
        match self.kind() {
            Kind::Number(s, e) => match self.number((*s, *e))? {
                Number::U64(n) => u32::try_from(n)
                    .map_err(|_| self.error(format!("invalid value: integer `{n}`, expected u32"))),
                Number::I64(n) => {
                    Err(self.error(format!("invalid value: integer `{n}`, expected u32")))
                }
                Number::F64(x) => Err(self.error(format!(
                    "invalid type: floating point `{}`, expected u32",
                    float(x)
                ))),
            },
            _ => Err(self.invalid("u32")),
        }
    }

    fn text<T>(
        self,
        expected: &str,
        visit: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, JsonError> {
        match self.kind() {
            Kind::String(s, e) => {
                let text = self
                    .string((*s, *e))
                    .map_err(|m| self.error(m.to_string()))?;
                visit(&text).map_err(|m| self.error(m))
            }
            _ => Err(self.invalid(expected)),
        }
    }

    fn map(
        self,
        mut entry: impl FnMut(String, Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        match self.kind() {
            Kind::Object(entries) => {
                for &(key, id) in entries {
                    let key = self.string(key).map_err(|m| JsonError {
                        path: join(self.path.as_deref(), "?"),
                        message: m.to_string(),
                    })?;
                    let child = self.key_child(id, &key);
                    entry(key.into_owned(), child)?;
                }
                Ok(())
            }
            _ => Err(self.invalid("a map")),
        }
    }

    fn fields(
        &self,
        name: &'static str,
        fields: &'static [&'static str],
        field: &mut dyn FnMut(usize, Self) -> Result<(), JsonError>,
    ) -> Result<Shape, JsonError> {
        match self.kind() {
            Kind::Object(entries) => {
                let mut seen = Seen::default();
                for &(key, id) in entries {
                    let key = self.string(key).map_err(|m| JsonError {
                        path: join(self.path.as_deref(), "?"),
                        message: m.to_string(),
                    })?;
                    let Some(index) = fields.iter().position(|f| *f == key) else {
                        return Err(JsonError {
                            path: join(self.path.as_deref(), &key),
                            message: unknown_field(&key, fields),
                        });
                    };
                    if !seen.first(index) {
                        return Err(self.error(duplicate_field(fields, index)));
                    }
                    field(index, self.key_child(id, &key))?;
                }
                Ok(Shape::Map)
            }
            // serde's derived structs read a list as the fields in order;
            // serde_json then refuses what is left.
            Kind::Array(items) => {
                for (i, &id) in items.iter().enumerate().take(fields.len()) {
                    field(i, self.index_child(id, i))?;
                }
                if items.len() > fields.len() {
                    return Err(self.error("trailing characters".to_string()));
                }
                Ok(Shape::Seq(items.len()))
            }
            _ => Err(self.invalid(name)),
        }
    }

    fn buffered(&self) -> Result<Buffered, JsonError> {
        self.check_all()?;
        Ok(match self.kind() {
            Kind::Bool(b) => Buffered::Bool(*b),
            Kind::String(s, e) => Buffered::Str(
                self.string((*s, *e))
                    .map_err(|m| self.error(m.to_string()))?
                    .into_owned(),
            ),
            _ => Buffered::Other,
        })
    }
}
