//! Turning file bytes into text: UTF-8 only, with a byte-order mark
//! tolerated and other encodings refused with their location.

use crate::error::{Location, SyntaxError};

/// The text of `bytes`, without a UTF-8 byte-order mark. UTF-16 and invalid
/// UTF-8 (e.g. Latin-1 files) are refused, naming the line and column of the
/// first bad byte.
pub fn decode(bytes: &[u8]) -> Result<&str, (Location, SyntaxError)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            Location {
                line: Some(1),
                column: Some(1),
                path: String::new(),
            },
            SyntaxError::Encoding(
                "file is UTF-16 encoded, expected UTF-8 (save it as UTF-8)".into(),
            ),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let good = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            // Column in characters: the valid prefix of the line is UTF-8.
            let column = std::str::from_utf8(good.get(line_start..).unwrap_or(&[]))
                .map_or(1, |s| s.chars().count() + 1);
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            Err((
                Location {
                    line: Some(line),
                    column: Some(column),
                    path: String::new(),
                },
                SyntaxError::Encoding(format!(
                    "invalid UTF-8 byte 0x{byte:02X}, expected UTF-8 text (was the file saved as Latin-1 or Windows-1252?)"
                )),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_latin1_located() {
        assert_eq!(decode(b"\xEF\xBB\xBFid: x").ok(), Some("id: x"));
        let err = decode(b"a: 1\nb: caf\xE9\n").err();
        let loc = err.map(|(l, _)| (l.line, l.column));
        assert_eq!(loc, Some((Some(2), Some(7))));
        assert!(decode(b"\xFF\xFEi\0d\0").is_err());
    }
}
