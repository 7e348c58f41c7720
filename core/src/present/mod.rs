//! Results as people and spreadsheets read them: every operation's table
//! (for a terminal: control characters escaped, long cells clipped) and
//! CSV (formulas neutralised), and its JSON (the one serialiser of
//! [`crate::render::json`]). Front ends choose a [`Style`] and a writer;
//! the layouts live here once, so the CLI, Python and JS show the same.
//!
//! Each operation has a `write_...` function writing its result to a
//! `std::io::Write`; the large ones (`score`, the cohort matrix) are
//! written in pieces as they are made (see [`text::Chunked`]).

pub mod analysis;
pub mod assessors;
pub mod csv;
pub mod impact;
pub mod interop;
pub mod model;
pub mod scoring;
pub mod text;
pub mod trainer;
mod worker_json;
#[cfg(feature = "sheets")]
pub mod xlsx;

use serde::Deserialize;

use crate::render::csv_out::Formulas;

/// Output formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Human-readable tables.
    #[default]
    Table,
    /// JSON (every number).
    Json,
    /// CSV (one row per record).
    Csv,
    /// A self-contained HTML page (the equality and Delphi reports).
    Html,
}

impl Format {
    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }
}

/// How a result is written: its format, and what CSV does with text a
/// spreadsheet would run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// The format.
    pub format: Format,
    /// CSV cells: see [`Formulas`].
    pub csv: csv::Csv,
}

impl Style {
    /// `format`, CSV formulas escaped.
    pub fn of(format: Format, formulas: Formulas) -> Style {
        Style {
            format,
            csv: csv::Csv(formulas),
        }
    }
}

/// The error for a format an operation has no layout in.
fn unsupported(operation: &str, format: Format) -> std::io::Error {
    std::io::Error::other(format!(
        "{operation} has no {} output, expected table, json or csv",
        format.name()
    ))
}
