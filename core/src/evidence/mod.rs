//! Evidence: the item every format reads into ([`item`]), one reader per
//! format ([`csv`]; [`json`] for JSON Lines and JSON arrays; `arrow` for
//! record batches and `parquet` for Parquet files, with those features),
//! [`read`] choosing the reader for a path, a stream or text, [`batch`]
//! holding items in memory, and [`generate`] making synthetic workloads.
//! Readers depend on the item, never on each other or on `read`.
//!
//! Readers stream: each item is handed to a callback as it is read, as a
//! borrowed [`ItemRef`], so memory does not grow with the input. A malformed
//! file (bad header, broken quoting, a missing required cell, a date that is
//! not `YYYY-MM-DD`) is an [`EvidenceError`] naming file, line, column and
//! field; a well-formed item that fails the scoring policy is not an error
//! here, it becomes a rejected item when scored.

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod batch;
#[cfg(feature = "threads")]
pub(crate) mod chunks;
pub mod csv;
pub mod generate;
pub mod item;
pub mod json;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod read;
#[cfg(feature = "threads")]
mod records;

pub use batch::Batch;
pub use csv::{read_csv, read_sheet};
pub use item::{EvidenceError, EvidenceItem, ItemRef, Problem, RawValue, ValueRef};
pub use json::{read_json_array, read_json_lines, MAX_JSON_BYTES};
pub use read::{
    is_parquet, read_path, read_path_as, read_reader, read_str, sniff, FileFormat, Format,
};

pub use crate::base::error::MAX_PROBLEMS;

/// Longest accepted line of a CSV or JSON Lines evidence file, and
/// longest CSV record, in bytes (1 MiB): a longer one is refused before it
/// is held in memory.
pub use crate::input::MAX_LINE_BYTES;
