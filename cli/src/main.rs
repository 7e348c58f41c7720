//! The `proficient` command: one subcommand per question the library answers.
//!
//! Each command converts its flags into the core's api options (one rule:
//! [`args::options`]), calls the api, and writes what the core's
//! `present` layer makes of the result, to standard output or `--out`.
//!
//! Exit codes: 0 success, 1 findings (e.g. validation failed), 2 usage or
//! I/O errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use proficient::api::{self, model};
use proficient::present;
use serde::Serialize;

mod analysis;
mod args;
mod assessors;
mod generate;
mod interop;
mod output;
mod plans;
mod score;

use args::{options, CsvArgs, Format};
use output::{emit, emit_with};

/// Competency assessment: validate frameworks, score evidence, screen candidates.
#[derive(Parser)]
#[command(name = "proficient", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check frameworks and profiles; prints `FILE:LINE:COLUMN: PATH: message` per error.
    Validate(ValidateArgs),
    /// Print a framework (shipped name or file).
    Show(ShowArgs),
    /// Score evidence against a framework: levels per worker and competency, with explanations.
    Score(score::ScoreArgs),
    /// Screen candidates against a role profile: ranked shortlist and training needs.
    Screen(score::ScreenArgs),
    /// Progress against development plans at a date: Achieved / Progressing / No Progress, overdue, trajectories.
    Progress(plans::ProgressArgs),
    /// CPD hours by worker and period, and by competency.
    Cpd(plans::CpdArgs),
    /// The trainer's report: one self-contained HTML page (use --out report.html).
    Report(plans::ReportArgs),
    /// Team view: workers × competencies, competencies too few hold, training demand.
    Cohort(analysis::CohortArgs),
    /// Assessor calibration: leniency against colleagues on the same worker × criterion, agreement (Krippendorff's alpha), self-assessment against assessors.
    Assessors(assessors::AssessorsArgs),
    /// Equality monitoring of a yes/no outcome by staff group and period (rates, Wilson intervals, relative likelihood, four-fifths, suppression).
    Equality(analysis::EqualityArgs),
    /// Delphi analysis of expert ratings (1–10): per item and round, overall and by panel group; can write priorities into a framework.
    Delphi(analysis::DelphiArgs),
    /// Import a CASE 1.1 CFPackage (JSON) as a framework (YAML); `--lenient` for CASE 1.0-era packages.
    ImportCase(interop::ImportArgs),
    /// Export a framework as a CASE 1.1 CFPackage (JSON) with stable identifiers.
    ExportCase(interop::ExportArgs),
    /// Read a framework from a workbook of the template export-sheet writes (docs/sheets.md) and write it as YAML.
    ImportSheet(interop::ImportSheetArgs),
    /// Write a framework as a workbook template (.xlsx, one sheet for competencies and criteria, one for levels, ...) that import-sheet reads back.
    ExportSheet(interop::ExportSheetArgs),
    /// Issue an unsigned Open Badges 3.0 credential for a competency assessed at or above a level.
    Badge(interop::BadgeArgs),
    /// Write a synthetic evidence workload (CSV, JSON Lines or Parquet) for benchmarks, deterministic from --seed.
    Generate(generate::GenerateArgs),
    /// List the shipped frameworks and profiles.
    List(ListArgs),
    /// Print the JSON Schema of an input or output format.
    Schema(SchemaArgs),
}

/// Arguments of `proficient validate`.
#[derive(clap::Args, Serialize)]
struct ValidateArgs {
    /// Framework or profile YAML files (`-` for standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// `table` prints compiler-style lines on stderr; `json` every error as an object, `csv` one row per error, on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    #[serde(skip)]
    format: Format,
    #[command(flatten)]
    #[serde(skip)]
    csv: CsvArgs,
}

/// Arguments of `proficient show`.
#[derive(clap::Args, Serialize)]
struct ShowArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    framework: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    #[serde(skip)]
    format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    #[serde(skip)]
    out: Option<PathBuf>,
    #[command(flatten)]
    #[serde(skip)]
    csv: CsvArgs,
}

/// Arguments of `proficient list`.
#[derive(clap::Args, Serialize)]
struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    #[serde(skip)]
    format: ListFormat,
}

/// Output formats of `proficient list`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    /// Text, one line each.
    Table,
    /// JSON.
    Json,
}

/// Arguments of `proficient schema`.
#[derive(clap::Args, Serialize)]
struct SchemaArgs {
    /// One of the names listed by an unknown name (e.g. framework, profile, evidence, policy, score-result, case-package, badge-issuer).
    name: String,
}

/// A failure and the exit code it maps to.
pub enum Failure {
    /// Findings in the input (exit 1), already printed.
    Findings,
    /// Usage or I/O problem (exit 2), with a message that says what to do.
    Usage(String),
}

impl From<api::Failure> for Failure {
    /// Findings are printed, one diagnostic a line; a usage failure is
    /// its lines after `error: `, an option's problem named by its flag
    /// (`half_life` → `--half-life`).
    fn from(f: api::Failure) -> Self {
        if f.class == api::Class::Finding {
            // A finding outside any file (a badge not earned) is its message.
            let mut err = std::io::stderr().lock();
            for d in &f.errors {
                let _ = match d.file {
                    Some(_) => writeln!(err, "{d}"),
                    None => writeln!(err, "{}", d.message),
                };
            }
            return Failure::Findings;
        }
        let lines: Vec<String> = f
            .errors
            .iter()
            .map(|d| {
                if d.code == api::failure::INVALID_OPTION && !d.path.is_empty() {
                    let flag = d.path.split(['.', '[']).next().unwrap_or(&d.path);
                    format!("--{}: {}", flag.replace('_', "-"), d.message)
                } else if d.file.is_some() {
                    d.to_string()
                } else {
                    d.message.clone()
                }
            })
            .collect();
        Failure::Usage(lines.join("\nerror: "))
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Validate(a) => validate(&a),
        Command::Show(a) => {
            output::no_workbook("show", a.format == Format::Xlsx)?;
            let fw = model::show(&options(&a)?)?;
            let text = present::model::show(&fw, a.csv.style(a.format)).map_err(Failure::Usage)?;
            emit(a.out.as_deref(), &text)
        }
        Command::Score(a) => score::run_score(&a),
        Command::Screen(a) => score::run_screen(&a),
        Command::Progress(a) => plans::run_progress(&a),
        Command::Cpd(a) => plans::run_cpd(&a),
        Command::Report(a) => plans::run_report(&a),
        Command::Cohort(a) => analysis::run_cohort(&a),
        Command::Assessors(a) => assessors::run(&a),
        Command::Equality(a) => analysis::run_equality(&a),
        Command::Delphi(a) => analysis::run_delphi(&a),
        Command::ImportCase(a) => interop::run_import(&a),
        Command::ExportCase(a) => interop::run_export(&a),
        Command::ImportSheet(a) => interop::run_import_sheet(&a),
        Command::ExportSheet(a) => interop::run_export_sheet(&a),
        Command::Badge(a) => interop::run_badge(&a),
        Command::Generate(a) => generate::run(&a),
        Command::List(a) => {
            let catalogue = model::list(&options(&a)?)?;
            let format = match a.format {
                ListFormat::Table => present::Format::Table,
                ListFormat::Json => present::Format::Json,
            };
            let style = present::Style::of(format, Default::default());
            emit_with(None, |w| present::model::write_list(w, &catalogue, style))
        }
        Command::Schema(a) => emit(None, &api::schema(&options(&a)?)?),
    }
}

/// `proficient validate`: each file's verdict on stderr (a table has the
/// problems there too); JSON and CSV list the problems on stdout.
fn validate(a: &ValidateArgs) -> Result<(), Failure> {
    output::no_workbook("validate", a.format == Format::Xlsx)?;
    let checked = model::validate(&options(a)?)?;
    let verdict = model::verdict(&checked).map(|(class, d)| (class, d.map(ToString::to_string)));
    let mut all = Vec::new();
    for v in checked {
        if let Some(kind) = &v.kind {
            eprintln!("{}: ok ({kind})", v.file.as_deref().unwrap_or_default());
        } else if v.readable {
            if a.format == Format::Table {
                for d in &v.errors {
                    eprintln!("{d}");
                }
            }
            all.extend(v.errors);
        }
    }
    let style = a.csv.style(a.format);
    emit_with(None, |w| present::model::write_problems(w, &all, style))?;
    match verdict {
        Some((api::Class::Usage, d)) => Err(Failure::Usage(d.unwrap_or_default())),
        Some((api::Class::Finding, _)) => Err(Failure::Findings),
        None => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli);
    if present::text::clipped() {
        eprintln!(
            "note: table cells longer than {} characters ({} in the last column and in lines of text) are clipped with `…`; --format csv or json has them whole",
            present::text::MAX_CELL,
            present::text::MAX_LAST
        );
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Findings) => ExitCode::from(1),
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
