//! `proficient progress`, `cpd` and `report`: development plans and CPD
//! against the framework, for trainers.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use proficient::{api, present};
use serde::Serialize;

use crate::args::{env, options, CsvArgs, EvidenceArgs, Format, OutputArgs};
use crate::output::{emit, emit_with};
use crate::Failure;

/// Arguments of `proficient progress`.
#[derive(Args, Serialize)]
pub struct ProgressArgs {
    /// Shipped framework name or path.
    #[arg(long)]
    pub framework: String,
    /// Development plans (YAML or JSON).
    #[arg(long)]
    pub plans: PathBuf,
    /// CPD activities (YAML, JSON, CSV or a workbook); their evidence rules add evidence items.
    #[arg(long)]
    pub cpd: Option<PathBuf>,
    /// The sheet of a workbook of CPD activities to read (default: the first).
    #[arg(long)]
    pub cpd_sheet: Option<String>,
    /// Score rise since the baseline that counts as progressing (default 0.05).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_gain: Option<f64>,
    #[command(flatten)]
    #[serde(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    #[serde(skip)]
    pub output: OutputArgs,
}

/// Period names on the command line.
#[derive(Clone, Copy, ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodArg {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

/// Arguments of `proficient cpd`.
#[derive(Args, Serialize)]
pub struct CpdArgs {
    /// Shipped framework name or path.
    #[arg(long)]
    pub framework: String,
    /// CPD activities (YAML, JSON, CSV or a workbook).
    #[arg(long)]
    pub cpd: PathBuf,
    /// The sheet of a workbook of CPD activities to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Period to total hours by (default quarter).
    #[arg(long, value_enum)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    #[serde(skip)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    #[serde(skip)]
    pub csv: CsvArgs,
}

/// Arguments of `proficient report`.
#[derive(Args, Serialize)]
pub struct ReportArgs {
    /// Shipped framework name or path.
    #[arg(long)]
    pub framework: String,
    /// Development plans (YAML or JSON), for the plan status and trajectories.
    #[arg(long)]
    pub plans: Option<PathBuf>,
    /// CPD activities (YAML, JSON, CSV or a workbook), for hours by quarter.
    #[arg(long)]
    pub cpd: Option<PathBuf>,
    /// The sheet of a workbook of CPD activities to read (default: the first).
    #[arg(long)]
    pub cpd_sheet: Option<String>,
    /// Score rise since the baseline that counts as progressing (default 0.05).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_gain: Option<f64>,
    /// Role profile (shipped name or path) to screen the evidence against for the adverse-impact section (with --people).
    #[arg(long)]
    pub profile: Option<String>,
    /// People file (CSV: a `worker` column and group attributes): adds the adverse impact of screening against --profile by group, small groups suppressed.
    #[arg(long)]
    pub people: Option<PathBuf>,
    /// Columns of the people file to compare by, comma separated (default: every column but `worker`).
    #[arg(long, value_delimiter = ',', requires = "people")]
    pub attributes: Option<Vec<String>>,
    /// With --people: smallest number of candidates a group may have to be shown (default 10).
    #[arg(long, requires = "people")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_cell: Option<u64>,
    #[command(flatten)]
    #[serde(flatten)]
    pub evidence: EvidenceArgs,
    /// Write the HTML to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    pub out: Option<PathBuf>,
}

/// Runs `proficient progress`.
pub fn run_progress(a: &ProgressArgs) -> Result<(), Failure> {
    if a.output.format == Format::Xlsx {
        return crate::output::emit_workbook("progress", a, a.output.out.as_deref(), "{}");
    }
    let r = api::trainer::progress_in(&options(a)?, env())?;
    emit_with(a.output.out.as_deref(), |w| {
        present::trainer::write_progress(w, &r, a.output.style())
    })
}

/// Runs `proficient cpd`.
pub fn run_cpd(a: &CpdArgs) -> Result<(), Failure> {
    if a.format == Format::Xlsx {
        return crate::output::emit_workbook("cpd", a, a.out.as_deref(), "{}");
    }
    let s = api::trainer::cpd(&options(a)?)?;
    emit_with(a.out.as_deref(), |w| {
        present::trainer::write_cpd(w, &s, a.csv.style(a.format))
    })
}

/// Runs `proficient report`: the trainer's HTML report.
pub fn run_report(a: &ReportArgs) -> Result<(), Failure> {
    let html = api::trainer::report_in(&options(a)?, env())?;
    emit(a.out.as_deref(), &html)
}
