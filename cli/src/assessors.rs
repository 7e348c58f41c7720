//! `proficient assessors`: assessor calibration.

use clap::Args;
use proficient::api;
use serde::Serialize;

use crate::analysis::ReportOutput;
use crate::args::{env, options, EvidenceArgs, ReportFormat};
use crate::output::emit_with;
use crate::Failure;

/// Arguments of `proficient assessors`.
#[derive(Args, Serialize)]
pub struct AssessorsArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    #[arg(long)]
    pub framework: String,
    /// Evidence kind of self-assessments (default: `self-assessment` when the framework has it; an item whose assessor is its worker is always one).
    #[arg(long)]
    pub self_kind: Option<String>,
    /// Fewest comparison pairs an assessor, or a competency's self-assessments, needs to be flagged (default 5).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_pairs: Option<u64>,
    #[command(flatten)]
    #[serde(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    #[serde(skip)]
    pub output: ReportOutput,
}

/// Runs `proficient assessors`.
pub fn run(a: &AssessorsArgs) -> Result<(), Failure> {
    let o = &a.output;
    crate::output::no_workbook("assessors", o.format == ReportFormat::Xlsx)?;
    let r = api::analysis::assessors_in(&options(a)?, env())?;
    emit_with(o.out.as_deref(), |w| {
        proficient::present::assessors::write_assessors(w, &r, o.csv.style(o.format))
    })
}
