//! Bytes into text: UTF-8 only, byte-order marks dropped (at the start and
//! at the start of any line), CR and CRLF line endings made LF, UTF-16 and
//! binary input refused at their first bytes, with the location of the
//! first bad byte.

use std::borrow::Cow;

use crate::base::error::{Location, SyntaxError};

/// Bytes looked at to recognise UTF-16 and binary files.
pub(crate) const HEAD: usize = 1024;

/// Line and column (1-based, in characters) just after `prefix`, counting
/// CR, LF and CRLF as one line break each and a byte-order mark at the
/// start of a line as nothing.
pub(crate) fn position_after(prefix: &[u8]) -> (usize, usize) {
    let mut line = 1;
    let mut start = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'\n', b'\r', prefix.get(i..).unwrap_or(&[])) {
        let at = i + k;
        let crlf = prefix.get(at) == Some(&b'\r') && prefix.get(at + 1) == Some(&b'\n');
        i = at + if crlf { 2 } else { 1 };
        line += 1;
        start = i;
    }
    let rest = prefix.get(start..).unwrap_or(&[]);
    let rest = rest.strip_prefix(BOM).unwrap_or(rest);
    // Characters: every byte but UTF-8 continuation bytes starts one.
    let column = rest.iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    (line, column)
}

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const BOM_TAIL: &[u8] = &[0xBB, 0xBF];

/// Why `head` (the first bytes of an input) is not UTF-8 text, and where:
/// UTF-16 with or without a byte-order mark, or NUL bytes (binary).
pub(crate) fn sniff_encoding(head: &[u8]) -> Option<(Location, String)> {
    let at = |line, column| Location {
        sheet: None,
        line: Some(line),
        column: Some(column),
        path: String::new(),
    };
    const SAVE: &str = "expected UTF-8 (save it as UTF-8)";
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some((at(1, 1), format!("file is UTF-16 encoded, {SAVE}")));
    }
    let head = head.get(..HEAD).unwrap_or(head);
    let first = memchr::memchr(0, head)?;
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = head.len() / 2;
    // ASCII text as UTF-16: every other byte is zero.
    if head.len() >= 2 && even == 0 && odd * 2 >= pairs {
        return Some((
            at(1, 1),
            format!("file is UTF-16 encoded (little-endian, without a byte-order mark), {SAVE}"),
        ));
    }
    if head.len() >= 2 && odd == 0 && even * 2 >= pairs {
        return Some((
            at(1, 1),
            format!("file is UTF-16 encoded (big-endian, without a byte-order mark), {SAVE}"),
        ));
    }
    let (line, column) = position_after(head.get(..first).unwrap_or(&[]));
    Some((
        at(line, column),
        "NUL byte, expected UTF-8 text (is this a binary file?)".to_string(),
    ))
}

/// Makes CR and CRLF line endings LF and drops byte-order marks at line
/// starts, in place: reads `buf[from..to]` and writes the result from
/// `from` on (it only shrinks). Bytes that need one more byte to decide
/// (a final CR, part of a byte-order mark at a line start) are left
/// unread unless `eof`. Returns (end of the written bytes, end of the
/// bytes read).
pub(crate) fn normalise_in_place(
    buf: &mut [u8],
    from: usize,
    to: usize,
    eof: bool,
    at_line_start: &mut bool,
) -> (usize, usize) {
    let (mut r, mut w) = (from, from);
    let copy = |buf: &mut [u8], r: usize, w: usize, n: usize| {
        if r != w && n > 0 {
            buf.copy_within(r..r + n, w);
        }
    };
    while r < to {
        let rest = buf.get(r..to).unwrap_or(&[]);
        let Some(k) = memchr::memchr2(b'\r', 0xEF, rest) else {
            let n = to - r;
            if n > 0 {
                *at_line_start = rest.last() == Some(&b'\n');
            }
            copy(buf, r, w, n);
            w += n;
            r = to;
            break;
        };
        if k > 0 {
            *at_line_start = rest.get(k - 1) == Some(&b'\n');
            copy(buf, r, w, k);
            w += k;
            r += k;
        }
        let special = buf.get(r).copied().unwrap_or(0);
        let next = buf.get(r + 1..to).unwrap_or(&[]);
        if special == b'\r' {
            match next.first() {
                // CRLF: the LF follows and is copied as it is.
                Some(b'\n') => r += 1,
                None if !eof => break,
                _ => {
                    if let Some(slot) = buf.get_mut(w) {
                        *slot = b'\n';
                    }
                    w += 1;
                    r += 1;
                    *at_line_start = true;
                }
            }
        } else {
            // 0xEF: a byte-order mark when at a line start.
            if *at_line_start {
                if next.get(..2) == Some(BOM_TAIL) {
                    r += 3;
                    continue;
                }
                if next.len() < 2 && BOM_TAIL.starts_with(next) && !eof {
                    break;
                }
            }
            copy(buf, r, w, 1);
            w += 1;
            r += 1;
            *at_line_start = false;
        }
    }
    (w, r)
}

/// `text` with CR and CRLF line endings made LF and byte-order marks at
/// line starts dropped; borrowed when there is nothing to change.
pub fn normalise(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let has_bom =
        || memchr::memchr_iter(0xEF, bytes).any(|i| bytes.get(i + 1..i + 3) == Some(BOM_TAIL));
    if memchr::memchr(b'\r', bytes).is_none() && !has_bom() {
        return Cow::Borrowed(text);
    }
    let mut buf = bytes.to_vec();
    let len = buf.len();
    let (end, _) = normalise_in_place(&mut buf, 0, len, true, &mut true);
    buf.truncate(end);
    // Only whole characters (CR, a byte-order mark) were removed or
    // replaced by LF: still UTF-8.
    match String::from_utf8(buf) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(text),
    }
}

/// The text of `bytes`, with CR and CRLF line endings made LF and
/// byte-order marks dropped (at the start, and at the start of any line).
/// UTF-16 (with or without a byte-order mark), binary data (NUL bytes) and
/// invalid UTF-8 (e.g. Latin-1 files) are refused, naming the line and
/// column of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, (Location, SyntaxError)> {
    if let Some((location, message)) = sniff_encoding(bytes) {
        return Err((location, SyntaxError::Encoding(message)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(normalise(s)),
        Err(e) => Err(utf8_error(bytes, e)),
    }
}

/// The location and message of invalid UTF-8 in `bytes`.
pub(crate) fn utf8_error(bytes: &[u8], e: std::str::Utf8Error) -> (Location, SyntaxError) {
    let good = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
    let (line, column) = position_after(good);
    let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
    (
        Location { sheet: None,
            line: Some(line),
            column: Some(column),
            path: String::new(),
        },
        SyntaxError::Encoding(format!(
            "invalid UTF-8 byte 0x{byte:02X}, expected UTF-8 text (was the file saved as Latin-1 or Windows-1252?)"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_latin1_located() {
        assert_eq!(decode(b"\xEF\xBB\xBFid: x").ok().as_deref(), Some("id: x"));
        let err = decode(b"a: 1\nb: caf\xE9\n").err();
        let loc = err.map(|(l, _)| (l.line, l.column));
        assert_eq!(loc, Some((Some(2), Some(7))));
        let err = decode(b"a: 1\r\nb: 2\rc: caf\xE9\n").err();
        let loc = err.map(|(l, _)| (l.line, l.column));
        assert_eq!(loc, Some((Some(3), Some(7))));
        assert!(decode(b"\xFF\xFEi\0d\0").is_err());
        assert!(decode(b"i\0d\0:\0").is_err());
        assert_eq!(decode(b"a\r\nb\rc").ok().as_deref(), Some("a\nb\nc"));
    }
}
