//! `proficient import-case`, `export-case` and `badge`: CASE 1.1 packages
//! and Open Badges 3.0 credentials.

use std::path::PathBuf;

use proficient::api;
use proficient::present::interop as present;
use serde::Serialize;

use crate::args::{env, options, EvidenceArgs};
use crate::output::{emit, emit_json};
use crate::Failure;

/// Arguments of `proficient import-case`.
#[derive(clap::Args, Serialize)]
pub struct ImportArgs {
    /// CASE 1.1 CFPackage JSON file.
    pub package: PathBuf,
    /// Accept CASE 1.0-era packages (extra properties, string sequence
    /// numbers, non-UUID identifiers), reporting what was tolerated.
    #[arg(long)]
    pub lenient: bool,
    /// Write the framework YAML to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
}

/// Arguments of `proficient export-case`.
#[derive(clap::Args, Serialize)]
pub struct ExportArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    pub framework: String,
    /// Write the CFPackage JSON to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
}

/// Arguments of `proficient import-sheet`.
#[derive(clap::Args, Serialize)]
pub struct ImportSheetArgs {
    /// The workbook (.xlsx, .xlsm or .ods) of the template export-sheet writes.
    pub workbook: PathBuf,
    /// Write the framework YAML to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
}

/// Output formats of `proficient export-sheet`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    /// The .xlsx workbook (needs --out).
    Xlsx,
    /// The template's sheets as JSON (rows of cells).
    Json,
}

/// Arguments of `proficient export-sheet`.
#[derive(clap::Args, Serialize)]
pub struct ExportSheetArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    #[arg(long)]
    pub framework: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SheetFormat::Xlsx)]
    #[serde(skip)]
    pub format: SheetFormat,
    /// Write to this file (atomically); required for the workbook.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
}

/// Arguments of `proficient badge`.
#[derive(clap::Args, Serialize)]
pub struct BadgeArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    #[arg(long)]
    pub framework: String,
    #[command(flatten)]
    #[serde(flatten)]
    pub evidence: EvidenceArgs,
    /// Write the credential (JSON) to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
    /// The worker the badge is for.
    #[arg(long)]
    pub worker: String,
    /// The competency the badge is for.
    #[arg(long)]
    pub competency: String,
    /// Lowest level that earns the badge (default: the framework's second
    /// level). The lowest level (threshold 0) asserts no achievement: a badge
    /// for it is refused.
    #[arg(long)]
    pub level: Option<String>,
    /// Issuer profile (YAML or JSON: id, name, url, email); its id must be an
    /// https:, http:, did: or urn: URI, its url an https: or http: address.
    #[arg(long)]
    pub issuer: PathBuf,
    /// Credential id, an https:, http:, did: or urn: URI (default: a urn:uuid
    /// derived from framework, worker, competency, level and date).
    #[arg(long)]
    pub id: Option<String>,
}

/// Runs `proficient import-case`.
pub fn run_import(a: &ImportArgs) -> Result<(), Failure> {
    let imported = api::interop::import_case(&options(a)?)?;
    for note in present::import_notes(&imported) {
        eprintln!("{note}");
    }
    let package = a.package.display().to_string();
    let text = present::imported_yaml(&imported, &package).map_err(Failure::Usage)?;
    emit(a.out.as_deref(), &text)
}

/// Runs `proficient export-case`.
pub fn run_export(a: &ExportArgs) -> Result<(), Failure> {
    let export = api::interop::export_case(&options(a)?)?;
    for note in present::export_notes(&export) {
        eprintln!("{note}");
    }
    emit(
        a.out.as_deref(),
        &present::exported_json(&export).map_err(Failure::Usage)?,
    )
}

/// Runs `proficient import-sheet`.
pub fn run_import_sheet(a: &ImportSheetArgs) -> Result<(), Failure> {
    let fw = api::interop::import_sheet(&options(a)?)?;
    let workbook = a.workbook.display().to_string();
    let text = present::sheet_yaml(&fw, &workbook).map_err(Failure::Usage)?;
    emit(a.out.as_deref(), &text)
}

/// Runs `proficient export-sheet`.
pub fn run_export_sheet(a: &ExportSheetArgs) -> Result<(), Failure> {
    match a.format {
        SheetFormat::Xlsx => {
            crate::output::emit_workbook("export_sheet", a, a.out.as_deref(), "{}")
        }
        SheetFormat::Json => {
            emit_json(a.out.as_deref(), &api::interop::export_sheet(&options(a)?)?)
        }
    }
}

/// Runs `proficient badge`.
pub fn run_badge(a: &BadgeArgs) -> Result<(), Failure> {
    let credential = api::interop::badge_in(&options(a)?, env())?;
    emit_json(a.out.as_deref(), &credential)
}
