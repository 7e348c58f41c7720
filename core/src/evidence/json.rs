//! JSON evidence: JSON Lines (one object per line, read as a stream) and a
//! JSON array of objects (read whole, up to [`MAX_JSON_BYTES`]).

use std::io::{BufRead, Read};

use serde::Deserialize;

use crate::base::error::{Location, Problems};
use crate::evidence::item::{
    stream_problem, EvidenceError, EvidenceItem, ItemRef, Problem, INVALID_UTF8,
};
use crate::input::{stream_error, TextReader, MAX_LINE_BYTES};

/// Largest accepted JSON array of evidence, in bytes (256 MiB, as every
/// file read whole): a JSON array is parsed whole, while CSV and JSON
/// Lines stream.
pub const MAX_JSON_BYTES: usize = crate::input::MAX_DOCUMENT_BYTES;

fn json_problem(e: &serde_json::Error) -> String {
    crate::base::error::serde_message(&e.to_string())
}

/// Parses one JSON object into an item; on error returns (line offset
/// within the text, column, field path, message).
fn parse_item(text: &str) -> Result<EvidenceItem, (usize, usize, String, Problem)> {
    let trimmed = text.trim_start();
    let found = match trimmed.chars().next() {
        Some('{') | None => None,
        Some('[') => Some("a list"),
        Some('"') => Some("text"),
        Some('t' | 'f') => Some("true or false"),
        Some('n') => Some("null"),
        Some(c) if c == '-' || c.is_ascii_digit() => Some("a number"),
        Some(_) => None,
    };
    if let Some(found) = found {
        let skipped = text.get(..text.len() - trimmed.len()).unwrap_or("");
        let line = 1 + skipped.matches('\n').count();
        let column = 1 + skipped.rsplit('\n').next().map_or(0, |s| s.chars().count());
        return Err((
            line,
            column,
            String::new(),
            Problem::Json(format!(
                "found {found}, expected an object (one evidence item with `worker`, `criterion`, `kind`, `date`)"
            )),
        ));
    }
    // Most lines are well formed: read them without tracking the path
    // (which costs an allocation per key), and read a failing line again
    // with it, for the error's path.
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(item) = EvidenceItem::deserialize(&mut de) {
        if de.end().is_ok() {
            return Ok(item);
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let item = serde_path_to_error::deserialize::<_, EvidenceItem>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.inner();
        let (line, column) = json_position(text, inner.line(), inner.column());
        (line, column, path, Problem::Json(json_problem(inner)))
    })?;
    de.end().map_err(|e| {
        let (line, column) = json_position(text, e.line(), e.column());
        (line, column, String::new(), Problem::Json(json_problem(&e)))
    })?;
    Ok(item)
}

/// serde_json's position made 1-based: it reports column 0 for an error
/// at a line break, which is the end of the line before.
pub(crate) fn json_position(text: &str, line: usize, column: usize) -> (usize, usize) {
    if column > 0 || line < 2 {
        return (line, column.max(1));
    }
    let before = text.split('\n').nth(line - 2).unwrap_or("");
    (line - 1, before.trim_end_matches('\r').chars().count() + 1)
}

/// Checks the required text fields of a parsed JSON item.
fn check_required(item: &EvidenceItem) -> Option<&'static str> {
    [
        ("worker", &item.worker),
        ("criterion", &item.criterion),
        ("kind", &item.kind),
    ]
    .into_iter()
    .find(|(_, v)| v.trim().is_empty())
    .map(|(n, _)| n)
}

/// Reads JSON Lines evidence (one object per line; blank lines skipped).
pub fn read_json_lines<R: Read>(
    reader: R,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let mut reader = TextReader::new(reader, MAX_LINE_BYTES, false);
    let mut problems = Problems::default();
    let mut buf = Vec::new();
    let mut line = 0usize;
    let mut count = 0usize;
    loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) => match stream_error(&e) {
                Some(s) => {
                    let (at, p) = stream_problem(s);
                    problems.push_at(at, p);
                    break;
                }
                None => {
                    return Err(EvidenceError::one(
                        Location::default(),
                        Problem::Io(e.to_string()),
                    ))
                }
            },
        };
        if n == 0 {
            break;
        }
        line += 1;
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t,
            Err(e) => {
                let col = String::from_utf8_lossy(buf.get(..e.valid_up_to()).unwrap_or(&[]))
                    .chars()
                    .count()
                    + 1;
                if !problems.push(line, Some(col), "", Problem::Encoding(INVALID_UTF8.into())) {
                    break;
                }
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_item(text) {
            Ok(item) => {
                if let Some(field) = check_required(&item) {
                    if !problems.push(line, None, field, Problem::MissingField(field)) {
                        break;
                    }
                    continue;
                }
                count += 1;
                sink(item.as_item_ref(), line);
            }
            Err((_, col, path, p)) => {
                if !problems.push(line, Some(col), &path, p) {
                    break;
                }
            }
        }
    }
    problems.finish().map(|()| count)
}

/// Reads a JSON array of evidence objects. (A file of one object per line is
/// read as JSON Lines.)
pub fn read_json_array(
    text: &str,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return read_json_lines(text.as_bytes(), sink);
    }
    if text.len() > MAX_JSON_BYTES {
        return Err(EvidenceError::one(
            Location::default(),
            Problem::TooLarge {
                size: Some(text.len()),
                limit: MAX_JSON_BYTES,
            },
        ));
    }
    if let Some((location, message)) = crate::input::sniff_encoding(text.as_bytes()) {
        return Err(EvidenceError::one(location, Problem::Encoding(message)));
    }
    let text = crate::input::normalise(text);
    let text = text.as_ref();
    let elements: Vec<&serde_json::value::RawValue> = serde_json::from_str(text).map_err(|e| {
        let (line, column) = json_position(text, e.line(), e.column());
        EvidenceError::one(
            Location {
                sheet: None,
                line: Some(line),
                column: Some(column),
                path: String::new(),
            },
            Problem::Json(json_problem(&e)),
        )
    })?;
    let base = text.as_ptr() as usize;
    let mut problems = Problems::default();
    let mut count = 0usize;
    // Line and column (in characters, 0-based) of each element's start,
    // found by scanning the text once.
    let (mut scanned_to, mut line_at, mut column_at) = (0usize, 1usize, 0usize);
    for (i, raw) in elements.iter().enumerate() {
        let start = (raw.get().as_ptr() as usize).saturating_sub(base);
        let between = text.get(scanned_to..start).unwrap_or("");
        match between.rfind('\n') {
            Some(nl) => {
                line_at += between.matches('\n').count();
                column_at = between.get(nl + 1..).map_or(0, |s| s.chars().count());
            }
            None => column_at += between.chars().count(),
        }
        scanned_to = start;
        let line = line_at;
        match parse_item(raw.get()) {
            Ok(item) => {
                if let Some(field) = check_required(&item) {
                    if !problems.push(
                        line,
                        None,
                        &format!("[{i}].{field}"),
                        Problem::MissingField(field),
                    ) {
                        break;
                    }
                    continue;
                }
                count += 1;
                sink(item.as_item_ref(), line);
            }
            Err((l, col, path, p)) => {
                let path = if path.is_empty() || path.starts_with('[') {
                    format!("[{i}]{path}")
                } else {
                    format!("[{i}].{path}")
                };
                // Columns on the element's first line count from its start.
                let col = if l <= 1 { col + column_at } else { col };
                if !problems.push(line + l.saturating_sub(1), Some(col), &path, p) {
                    break;
                }
            }
        }
    }
    problems.finish().map(|()| count)
}
