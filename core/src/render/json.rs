//! The one JSON serialiser every surface uses for results: pretty-printed
//! (two spaces), ending in a newline. The CLI's `--format json`, Python's
//! and JS's `to_json()` write exactly this, byte for byte.

use std::io::Write;

use serde::Serialize;

/// `value` as JSON text, ending in a newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value).map(|s| s + "\n")
}

/// Writes `value` as JSON text, ending in a newline, to `out`.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
