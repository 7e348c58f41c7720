//! `proficient cohort`, `proficient equality` and `proficient delphi`:
//! questions asked of many people at once.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use proficient::api;
use proficient::present::analysis::{self as present, CohortView};
use serde::Serialize;

use crate::args::{env, options, CsvArgs, EvidenceArgs, OutputArgs, ReportFormat};
use crate::output::{emit, emit_with};
use crate::Failure;

/// What `cohort --format csv` lists.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    /// One row per competency: holders, thin, training demand.
    Summary,
    /// One row per worker × competency: level, gap, open target.
    Matrix,
}

/// Arguments of `proficient cohort`.
#[derive(Args, Serialize)]
pub struct CohortArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    #[arg(long)]
    pub framework: String,
    /// Role profile (shipped name or path): adds screening gaps to the matrix and the demand.
    #[arg(long)]
    pub profile: Option<String>,
    /// Development plans (YAML or JSON): adds open plan targets to the demand.
    #[arg(long)]
    pub plans: Option<PathBuf>,
    /// A competency is thin when fewer workers than this hold it (default 2).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_holders: Option<u32>,
    /// Level id from which a worker holds a competency (default `competent`).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// What CSV output lists.
    #[arg(long, value_enum, default_value_t = ViewArg::Summary)]
    #[serde(skip)]
    pub view: ViewArg,
    #[command(flatten)]
    #[serde(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    #[serde(skip)]
    pub output: OutputArgs,
}

/// Arguments of `proficient equality`.
#[derive(Args, Serialize)]
pub struct EqualityArgs {
    /// People file (CSV with a header row, or a workbook: .xlsx, .xlsm, .ods; any columns).
    #[arg(long)]
    pub people: PathBuf,
    /// The sheet of a workbook people file to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Column holding the group (e.g. `ethnicity`).
    #[arg(long)]
    pub group: String,
    /// Column holding the yes/no outcome (yes/no, true/false, y/n, 1/0).
    #[arg(long)]
    pub outcome: String,
    /// Reference group of the relative likelihood (default: the largest group).
    #[arg(long)]
    pub reference: Option<String>,
    /// Column holding the period (e.g. `year`).
    #[arg(long)]
    pub period: Option<String>,
    /// Column holding the reason for a "no" outcome, counted by group.
    #[arg(long)]
    pub reason: Option<String>,
    /// Smallest number of people a cell may have to be shown (default 10).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_cell: Option<u64>,
    /// A second group column crossed with --group (e.g. `sex`): intersectional groups, suppressed as cells are; not with --period.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross: Option<String>,
    /// Reference shares (CSV `group,share`; share 0–1 or a percentage such as `37.8%`): each group's share of the outcome against its share of the workforce or community.
    #[arg(long)]
    pub profile_shares: Option<PathBuf>,
    /// The sheet of a workbook of reference shares to read (default: the first).
    #[arg(long, requires = "profile_shares")]
    pub profile_shares_sheet: Option<String>,
    #[command(flatten)]
    #[serde(skip)]
    pub output: ReportOutput,
}

/// Arguments of `proficient delphi`.
#[derive(Args, Serialize)]
pub struct DelphiArgs {
    /// Ratings: CSV `participant,group,round,item,score` (optional `comment`), a workbook with those columns, or a JSON array.
    #[arg(long)]
    pub ratings: PathBuf,
    /// The sheet of a workbook of ratings to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Item list CSV (or workbook) `item,label,category,competency` (only `item` required); unknown items are then excluded.
    #[arg(long)]
    pub items: Option<PathBuf>,
    /// The sheet of a workbook item list to read (default: the first).
    #[arg(long)]
    pub items_sheet: Option<String>,
    /// Consensus threshold: share of ratings in one band (above 0.5, at most 1; default 0.7).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consensus: Option<f64>,
    /// Stability threshold: largest change in the high share counted as stable (default 0.15).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability: Option<f64>,
    /// In table output, also show each panel group's results.
    #[arg(long)]
    #[serde(skip)]
    pub by_group: bool,
    /// Framework (shipped name or path) whose competencies get the final round's priorities.
    #[arg(long, requires = "write_priorities")]
    pub framework: Option<String>,
    /// Write the framework with `priority: {mean, sd, rank, band}` set to this file (atomically).
    #[arg(long, requires = "framework")]
    #[serde(skip)]
    pub write_priorities: Option<PathBuf>,
    #[command(flatten)]
    #[serde(skip)]
    pub output: ReportOutput,
}

/// Where and how the equality and Delphi reports are written.
#[derive(Args)]
pub struct ReportOutput {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// Runs `proficient cohort`.
pub fn run_cohort(a: &CohortArgs) -> Result<(), Failure> {
    if a.output.format == crate::args::Format::Xlsx {
        let render = match a.view {
            ViewArg::Summary => r#"{"view":"summary"}"#,
            ViewArg::Matrix => r#"{"view":"matrix"}"#,
        };
        return crate::output::emit_workbook("cohort", a, a.output.out.as_deref(), render);
    }
    let (fw, r) = api::analysis::cohort_in(&options(a)?, env())?;
    let view = match a.view {
        ViewArg::Summary => CohortView::Summary,
        ViewArg::Matrix => CohortView::Matrix,
    };
    emit_with(a.output.out.as_deref(), |w| {
        present::write_cohort(w, &fw, &r, a.output.style(), view)
    })
}

/// Runs `proficient equality`.
pub fn run_equality(a: &EqualityArgs) -> Result<(), Failure> {
    if a.output.format == ReportFormat::Xlsx {
        return crate::output::emit_workbook("equality", a, a.output.out.as_deref(), "{}");
    }
    let r = api::analysis::equality(&options(a)?)?;
    for note in present::equality_notes(&r, &a.people.display().to_string()) {
        eprintln!("{note}");
    }
    let o = &a.output;
    emit_with(o.out.as_deref(), |w| {
        present::write_equality(w, &r, o.csv.style(o.format))
    })
}

/// Runs `proficient delphi`.
pub fn run_delphi(a: &DelphiArgs) -> Result<(), Failure> {
    crate::output::no_workbook("delphi", a.output.format == ReportFormat::Xlsx)?;
    let d = api::analysis::delphi_in(&options(a)?)?;
    for note in present::delphi_notes(&d.result, &a.ratings.display().to_string()) {
        eprintln!("{note}");
    }
    if let (Some((text, report)), Some(out)) = (&d.priorities, &a.write_priorities) {
        emit(Some(out), text)?;
        for note in present::priorities_notes(report, &out.display().to_string()) {
            eprintln!("{note}");
        }
    }
    let o = &a.output;
    emit_with(o.out.as_deref(), |w| {
        present::write_delphi(w, &d.result, o.csv.style(o.format), a.by_group)
    })
}
