//! The `proficient` command: one subcommand per question the library answers.
//!
//! Exit codes: 0 success, 1 findings (e.g. validation failed), 2 usage or
//! I/O errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use proficient::{model::shipped, Framework, LoadError};

mod analysis;
mod generate;
mod interop;
mod output;
mod plans;
mod score;
mod show;

/// Competency assessment: validate frameworks, score evidence, screen candidates.
#[derive(Parser)]
#[command(name = "proficient", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
}

#[derive(Subcommand)]
enum Command {
    /// Check frameworks and profiles; prints `FILE:LINE:COLUMN: PATH: message` per error.
    Validate {
        /// Framework or profile YAML files (`-` for standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `table` prints compiler-style lines on stderr; `json` every error as an object, `csv` one row per error, on stdout.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        csv: output::CsvArgs,
    },
    /// Print a framework (shipped name or file).
    Show {
        /// Shipped framework name (e.g. `job-retention`) or path.
        framework: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        csv: output::CsvArgs,
    },
    /// Score evidence against a framework: levels per worker and competency, with explanations.
    Score {
        /// Shipped framework name (e.g. `job-retention`) or path.
        #[arg(long)]
        framework: String,
        #[command(flatten)]
        evidence: score::EvidenceArgs,
        #[command(flatten)]
        output: score::OutputArgs,
        /// Show how one worker's scores were derived.
        #[arg(long)]
        explain: Option<String>,
        /// Leave the used items out of JSON output (smaller, less memory).
        #[arg(long)]
        no_evidence: bool,
        #[command(flatten)]
        csv: output::CsvArgs,
    },
    /// Screen candidates against a role profile: ranked shortlist and training needs.
    Screen {
        /// Shipped profile name (e.g. `job-retention-specialist`) or path.
        #[arg(long)]
        profile: String,
        /// Framework the profile refers to (defaults to the shipped one it names).
        #[arg(long)]
        framework: Option<String>,
        #[command(flatten)]
        evidence: score::EvidenceArgs,
        #[command(flatten)]
        output: score::OutputArgs,
        #[command(flatten)]
        csv: output::CsvArgs,
    },
    /// Progress against development plans at a date: Achieved / Progressing / No Progress, overdue, trajectories.
    Progress(plans::ProgressArgs),
    /// CPD hours by worker and period, and by competency.
    Cpd(plans::CpdArgs),
    /// The trainer's report: one self-contained HTML page (use --out report.html).
    Report(plans::ReportArgs),
    /// Team view: workers × competencies, competencies too few hold, training demand.
    Cohort(analysis::CohortArgs),
    /// Equality monitoring of a yes/no outcome by staff group and period (rates, Wilson intervals, relative likelihood, four-fifths, suppression).
    Equality(analysis::EqualityArgs),
    /// Delphi analysis of expert ratings (1–10): per item and round, overall and by panel group; can write priorities into a framework.
    Delphi(analysis::DelphiArgs),
    /// Import a CASE 1.1 CFPackage (JSON) as a framework (YAML); `--lenient` for CASE 1.0-era packages.
    ImportCase(interop::ImportArgs),
    /// Export a framework as a CASE 1.1 CFPackage (JSON) with stable identifiers.
    ExportCase(interop::ExportArgs),
    /// Issue an unsigned Open Badges 3.0 credential for a competency assessed at or above a level.
    Badge(interop::BadgeArgs),
    /// Write a synthetic evidence workload (CSV, JSON Lines or Parquet) for benchmarks, deterministic from --seed.
    Generate(generate::GenerateArgs),
    /// List the shipped frameworks and profiles.
    List,
    /// Print the JSON Schema of an input or output format.
    Schema {
        /// One of the names listed by an unknown name (e.g. framework, profile, evidence, policy, score-result, case-package, badge-issuer).
        name: String,
    },
}

/// A failure and the exit code it maps to.
pub enum Failure {
    /// Findings in the input (exit 1), already printed.
    Findings,
    /// Usage or I/O problem (exit 2), with a message that says what to do.
    Usage(String),
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        if e.is_finding() {
            print_diagnostics(&e);
            Failure::Findings
        } else {
            Failure::Usage(e.to_string())
        }
    }
}

impl From<proficient::api::Failure> for Failure {
    /// Findings are printed, one diagnostic a line; a usage failure is
    /// its lines after `error: `, an option's problem named by its flag
    /// (`half_life` → `--half-life`).
    fn from(f: proficient::api::Failure) -> Self {
        if f.class == proficient::api::Class::Finding {
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
                if d.code == proficient::api::failure::INVALID_OPTION && !d.path.is_empty() {
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

/// Prints each error of `e` on its own line on stderr.
pub fn print_diagnostics(e: &LoadError) {
    let mut err = std::io::stderr().lock();
    for d in e.diagnostics() {
        let _ = writeln!(err, "{d}");
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Validate { files, format, csv } => validate(&files, format, csv.csv()),
        Command::Show {
            framework,
            format,
            out,
            csv,
        } => {
            let fw = proficient::api::model::show(&proficient::api::model::ShowOptions {
                framework: proficient::api::Source::Name(framework),
            })?;
            show::run(&fw, format, csv.csv(), out.as_deref())
        }
        Command::Score {
            framework,
            evidence,
            output,
            explain,
            no_evidence,
            csv,
        } => {
            let how = score::ScoreOutput {
                explain: explain.as_deref(),
                no_evidence,
                csv: csv.csv(),
            };
            score::run_score(&framework, &evidence, &output, &how)
        }
        Command::Screen {
            profile,
            framework,
            evidence,
            output,
            csv,
        } => score::run_screen(
            &profile,
            framework.as_deref(),
            &evidence,
            &output,
            csv.csv(),
        ),
        Command::Progress(args) => plans::run_progress(&args),
        Command::Report(args) => {
            let html = plans::run_report(&args)?;
            output::emit(args.out.as_deref(), &html)
        }
        Command::Cpd(args) => plans::run_cpd(&args),
        Command::Cohort(args) => analysis::run_cohort(&args),
        Command::Equality(args) => analysis::run_equality(&args),
        Command::Delphi(args) => analysis::run_delphi(&args),
        Command::ImportCase(args) => interop::run_import(&args),
        Command::ExportCase(args) => interop::run_export(&args),
        Command::Badge(args) => interop::run_badge(&args),
        Command::Generate(args) => generate::run(&args),
        Command::List => {
            let mut text = String::from("frameworks:\n");
            for name in shipped::framework_names() {
                let fw = Framework::load(name)?;
                text += &format!(
                    "  {name:<26} {} (v{}, {} competencies, {} criteria)\n",
                    fw.title,
                    fw.version,
                    fw.competencies.len(),
                    fw.criteria_count()
                );
            }
            text += "profiles:\n";
            for name in shipped::profile_names() {
                let (p, _) = proficient::Profile::load(name, None)?;
                text += &format!("  {name:<26} {} (framework {})\n", p.title, p.framework);
            }
            output::emit(None, &text)
        }
        Command::Schema { name } => match proficient::api::schema_json(&name) {
            Some(s) => output::emit(None, &s),
            None => Err(Failure::Usage(format!(
                "unknown schema `{name}`, expected one of {}",
                proficient::api::schema_names().join(", ")
            ))),
        },
    }
}

fn validate(files: &[PathBuf], format: Format, csv: output::Csv) -> Result<(), Failure> {
    let checked = proficient::api::model::validate(&proficient::api::model::ValidateOptions {
        files: files.iter().map(|f| score::path_source(f)).collect(),
    })?;
    let mut findings = false;
    let mut usage = None;
    let mut all = Vec::new();
    for v in checked {
        if let Some(kind) = &v.kind {
            eprintln!("{}: ok ({kind})", v.file.as_deref().unwrap_or_default());
        } else if !v.readable {
            usage = v.errors.first().map(ToString::to_string);
        } else {
            findings = true;
            if format == Format::Table {
                for d in &v.errors {
                    eprintln!("{d}");
                }
            }
            all.extend(v.errors);
        }
    }
    match format {
        Format::Table => {}
        Format::Json => {
            output::emit_json(None, &all)?;
        }
        Format::Csv => {
            let mut text = String::from("file,line,column,path,code,message\n");
            for d in &all {
                csv.row(&mut text)
                    .text(d.file.as_deref().unwrap_or_default())
                    .opt(d.line)
                    .opt(d.column)
                    .text(&d.path)
                    .text(&d.code)
                    .text(&d.message)
                    .end();
            }
            output::emit(None, &text)?;
        }
    }
    match (usage, findings) {
        (Some(u), _) => Err(Failure::Usage(u)),
        (None, true) => Err(Failure::Findings),
        (None, false) => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli);
    if output::clipped() {
        eprintln!(
            "note: table cells longer than {} characters ({} in the last column and in lines of text) are clipped with `…`; --format csv or json has them whole",
            output::MAX_CELL,
            output::MAX_LAST
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
