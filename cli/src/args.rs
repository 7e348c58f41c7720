//! What every command shares: the flags of the evidence scored and of the
//! output, and the one rule that turns a command's flags into its api
//! options.
//!
//! The rule: a command's arguments are a struct deriving both `clap::Args`
//! and `serde::Serialize`, its fields named as the api options; serialised
//! to JSON, they are read by [`proficient::api::options_from_json`] (so an
//! option's problem names its flag). A path is a source (`"plans.yaml"`),
//! an absent flag is left out (`skip_serializing_if`) so the core's default
//! applies, `none` is `null`; what only chooses how the result is written
//! (`--format`, `--out`, `--csv-formulas`) is `#[serde(skip)]`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use proficient::present::{self, Style};
use proficient::render::csv_out::Formulas;
use proficient::{api, evidence, Date};
use serde::Serialize;

use crate::Failure;

/// The api options of a command's arguments `args` (see the module's rule).
pub fn options<O: serde::de::DeserializeOwned>(args: &impl Serialize) -> Result<O, Failure> {
    let json = serde_json::to_string(args)
        .map_err(|e| Failure::Usage(format!("cannot read the arguments: {e}")))?;
    Ok(api::options_from_json(&json)?)
}

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable table.
    Table,
    /// JSON.
    Json,
    /// CSV (one row per record).
    Csv,
    /// An .xlsx workbook (needs --out): score, screen, progress, cpd.
    Xlsx,
}

/// Output formats of the equality and Delphi reports.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Human-readable tables.
    Table,
    /// JSON (every number).
    Json,
    /// CSV (one row per estimate).
    Csv,
    /// A self-contained HTML page with charts (inline SVG, no scripts).
    Html,
    /// An .xlsx workbook (needs --out): cohort, equality.
    Xlsx,
}

impl From<Format> for present::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => present::Format::Table,
            Format::Json => present::Format::Json,
            // Workbooks are written by `output::emit_workbook`, never
            // through a `present::Format`: the commands without one refuse
            // `xlsx` first (`output::no_workbook`).
            Format::Csv | Format::Xlsx => present::Format::Csv,
        }
    }
}

impl From<ReportFormat> for present::Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Table => present::Format::Table,
            ReportFormat::Json => present::Format::Json,
            ReportFormat::Csv => present::Format::Csv,
            ReportFormat::Html => present::Format::Html,
            ReportFormat::Xlsx => present::Format::Csv,
        }
    }
}

/// `--csv-formulas`: what CSV output does with text a spreadsheet would run.
#[derive(Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CsvFormulas {
    /// Put a `'` before text starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return, so spreadsheets show it as text (numbers stay numbers).
    #[default]
    Escape,
    /// Write such text as it is (for programs reading the CSV).
    Keep,
}

/// The option shared by every command with CSV output.
#[derive(Args, Clone, Copy)]
pub struct CsvArgs {
    /// With `--format csv`: `escape` puts a `'` before text cells a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return); `keep` writes them as they are, for
    /// programs reading the CSV. Numbers are never changed.
    #[arg(long, value_enum, default_value_t = CsvFormulas::Escape)]
    pub csv_formulas: CsvFormulas,
}

impl CsvArgs {
    /// How to write a result in `format` with these options.
    pub fn style(self, format: impl Into<present::Format>) -> Style {
        let formulas = match self.csv_formulas {
            CsvFormulas::Escape => Formulas::Escape,
            CsvFormulas::Keep => Formulas::Keep,
        };
        Style::of(format.into(), formulas)
    }
}

/// Where and how a command that can write a table, JSON or CSV writes.
#[derive(Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub csv: CsvArgs,
}

impl OutputArgs {
    /// How to write the result.
    pub fn style(&self) -> Style {
        self.csv.style(self.format)
    }
}

/// Options shared by commands that score evidence.
#[derive(Args, Serialize)]
pub struct EvidenceArgs {
    /// Evidence file: .csv, .jsonl, .json, .parquet or a workbook (.xlsx, .xlsm, .ods); `-` for standard input. Read once, so pipes and FIFOs work (a FIFO waits for its writer); without a known extension the format is taken from the first bytes (`[` JSON array, `{` JSON Lines, else CSV) unless --evidence-format names it.
    #[arg(long)]
    pub evidence: PathBuf,
    /// Evidence format: csv, jsonl, json, parquet or xlsx (any workbook) (default: from the file's extension, else its first bytes; Parquet needs a file, not a pipe).
    #[arg(long, value_parser = ["csv", "jsonl", "json", "parquet", "xlsx"])]
    pub evidence_format: Option<String>,
    /// The sheet of a workbook of evidence to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Date to score at (YYYY-MM-DD); defaults to today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// YAML/JSON file of policy overrides (half_life_days, max_age_days, min_items, min_coverage, kind_weights, aggregate).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Override the half-life in days (`none` for no decay).
    #[arg(long, value_parser = |s: &str| parse_or_none::<f64>(s, "a number"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub half_life: Option<OrNone<f64>>,
    /// Override the maximum evidence age in days (`none` for no limit).
    #[arg(long, value_parser = |s: &str| parse_or_none::<u32>(s, "a whole number"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<OrNone<u32>>,
    /// Override the minimum number of items per competency.
    #[arg(long)]
    pub min_items: Option<u32>,
    /// Override the minimum coverage (0–1) per competency.
    #[arg(long)]
    pub min_coverage: Option<f64>,
    /// Override how a criterion's items make its score: weighted_mean, latest (the latest date's items) or latest_per_assessor (each assessor's latest).
    #[arg(long, value_parser = ["weighted_mean", "latest", "latest_per_assessor"])]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<String>,
}

/// A `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| format!("`{s}`: {e}"))
}

/// A value given on the command line, or `none` (`null`) to switch the
/// setting off.
///
/// A newtype rather than `Option<T>`: clap reads an `Option<Option<T>>`
/// field as a flag whose value may be left out, and its typed storage then
/// no longer matches the parser's output (a panic on first use).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct OrNone<T>(pub Option<T>);

fn parse_or_none<T: std::str::FromStr>(s: &str, what: &str) -> Result<OrNone<T>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(OrNone(None));
    }
    s.parse()
        .map(|v| OrNone(Some(v)))
        .map_err(|_| format!("`{s}` is not {what} or `none`"))
}

/// How the CLI reads evidence files: with a progress bar on a terminal.
pub fn env() -> api::Env<'static> {
    api::Env {
        read_evidence: Some(&read_with_progress),
        ..api::Env::default()
    }
}

/// Reads an evidence file (`-`: standard input), showing a progress bar on
/// a terminal for big regular files.
fn read_with_progress(
    path: &Path,
    format: Option<evidence::FileFormat>,
    sink: &mut dyn FnMut(proficient::ItemRef<'_>, usize),
) -> Result<usize, proficient::EvidenceError> {
    use evidence::FileFormat;
    let size = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && !proficient::input::is_stdin(path))
        .map_or(0, |m| m.len());
    if !(std::io::stderr().is_terminal() && size > 16 << 20) {
        return evidence::read_path_as(path, format, sink);
    }
    // A regular file: its first bytes can be read, and then the file again.
    let format = format
        .or_else(|| FileFormat::from_path(path))
        .unwrap_or_else(|| {
            use std::io::Read as _;
            let mut head = Vec::new();
            let _ = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
            FileFormat::sniff(&head)
        });
    let (FileFormat::Csv | FileFormat::JsonLines, Ok(file)) = (format, std::fs::File::open(path))
    else {
        return evidence::read_path_as(path, Some(format), sink);
    };
    let bar = indicatif::ProgressBar::new(size);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} reading evidence {bar:30} {bytes}/{total_bytes} ({eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let reader = std::io::BufReader::with_capacity(1 << 16, bar.wrap_read(file));
    let r = evidence::read_reader(reader, Some(format), Some(size), sink);
    bar.finish_and_clear();
    r.map_err(|e| e.with_file(&path.display().to_string()))
}
