//! `proficient score` and `proficient screen`: read evidence, score it, and
//! write the result as a table, JSON or CSV.

use clap::Args;
use proficient::{api, present};
use serde::Serialize;

use crate::args::{env, options, EvidenceArgs, Format, OutputArgs};
use crate::output::{emit_with, emit_workbook};
use crate::Failure;

/// Arguments of `proficient score`.
#[derive(Args, Serialize)]
pub struct ScoreArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    #[arg(long)]
    pub framework: String,
    #[command(flatten)]
    #[serde(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    #[serde(skip)]
    pub output: OutputArgs,
    /// Show how one worker's scores were derived.
    #[arg(long)]
    pub explain: Option<String>,
    /// Leave the used items out of JSON output (smaller, less memory).
    #[arg(long)]
    pub no_evidence: bool,
}

/// Arguments of `proficient screen`.
#[derive(Args, Serialize)]
pub struct ScreenArgs {
    /// Shipped profile name (e.g. `job-retention-specialist`) or path.
    #[arg(long)]
    pub profile: String,
    /// Framework the profile refers to (defaults to the shipped one it names).
    #[arg(long)]
    pub framework: Option<String>,
    /// People file (CSV: a `worker` column and group attributes): adds the adverse impact by group (candidates, meeting the essentials, selection rate, Wilson interval, relative likelihood, four-fifths, Fisher's exact test); CSV output then lists the groups.
    #[arg(long)]
    pub people: Option<std::path::PathBuf>,
    /// The sheet of a workbook people file to read (default: the first).
    #[arg(long, requires = "people")]
    pub people_sheet: Option<String>,
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
    #[command(flatten)]
    #[serde(skip)]
    pub output: OutputArgs,
}

/// Runs `proficient score`: every format but `--explain` is written as the
/// workers' results are built, so neither the results nor the text of a
/// large team are held at once.
pub fn run_score(a: &ScoreArgs) -> Result<(), Failure> {
    if a.output.format == Format::Xlsx {
        return emit_workbook("score", a, a.output.out.as_deref(), "{}");
    }
    let (out, style) = (a.output.out.as_deref(), a.output.style());
    let mut options: api::ScoreOptions = options(a)?;
    options.no_evidence |= !present::scoring::shows_items(style.format);
    if options.explain.is_some() {
        let (fw, r) = api::score_in(&options, env())?;
        return emit_with(out, |w| {
            present::scoring::write_explained(w, &fw, &r, style)
        });
    }
    let (_, written) = api::score_stream(&options, env(), |fw, scorer| {
        emit_with(out, |w| present::scoring::write_score(w, fw, scorer, style))
    })?;
    written
}

/// Runs `proficient screen`.
pub fn run_screen(a: &ScreenArgs) -> Result<(), Failure> {
    if a.output.format == Format::Xlsx {
        return emit_workbook("screen", a, a.output.out.as_deref(), "{}");
    }
    let s = api::screen_in(&options(a)?, env())?;
    emit_with(a.output.out.as_deref(), |w| {
        present::impact::write_screened(
            w,
            &s.framework,
            &s.profile,
            &s.result,
            s.adverse_impact.as_ref(),
            a.output.style(),
        )
    })
}
