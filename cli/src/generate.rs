//! `proficient generate`: a synthetic evidence workload (CSV, JSON Lines or
//! Parquet) for benchmarks and scale tests; see [`proficient::api::generate`].

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use proficient::api::generate::generate;
use proficient::Date;
use serde::Serialize;

use crate::args::{options, parse_date};
use crate::output::{emit, write_failure, write_file_with};
use crate::Failure;

/// File formats `generate` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// CSV with a header row.
    Csv,
    /// JSON Lines.
    Jsonl,
    /// Apache Parquet (Snappy).
    Parquet,
}

/// Arguments of `proficient generate`.
#[derive(Args, Serialize)]
pub struct GenerateArgs {
    /// Number of evidence items.
    #[arg(long)]
    items: u64,
    /// Number of workers the items are spread over.
    #[arg(long)]
    workers: u64,
    /// Shipped framework name or path (default `job-retention`).
    #[arg(long, conflicts_with = "competencies")]
    framework: Option<String>,
    /// Generate a framework with this many competencies instead (written with --framework-out).
    #[arg(long)]
    competencies: Option<usize>,
    /// Where to write the generated framework (YAML), with --competencies.
    #[arg(long, requires = "competencies")]
    #[serde(skip)]
    framework_out: Option<PathBuf>,
    /// Seed of the pseudo-random sequence: the same seed gives the same file (default 42).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<u64>,
    /// The date the evidence is meant to be scored at (default 2026-06-30).
    #[arg(long, value_parser = parse_date)]
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<Date>,
    /// Items per thousand meant to be rejected, for each of the 8 rejection reasons (0–125, default 5).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    reject_per_mille: Option<u32>,
    /// Output file; the format follows its extension (.csv, .jsonl, .parquet) unless --format is given.
    #[arg(long)]
    out: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    format: Option<FileFormat>,
}

/// Runs `proficient generate`: writes the file, then a summary on stderr.
pub fn run(a: &GenerateArgs) -> Result<(), Failure> {
    let g = generate(&options(a)?)?;
    if let (Some(path), true) = (&a.framework_out, g.generated) {
        emit(Some(path), &g.framework_yaml()?)?;
    }
    let started = std::time::Instant::now();
    let tally =
        write_file_with(&a.out, |file| g.write(file)).map_err(|e| write_failure(&a.out, &e))?;
    let size = std::fs::metadata(&a.out)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map_or(0, |m| m.len());
    let meant: Vec<String> = proficient::Reason::ALL
        .iter()
        .zip(tally.rejected)
        .map(|(r, n)| format!("{} {n}", r.as_str()))
        .collect();
    eprintln!(
        "{}: {} items, {} workers, framework {} ({:.1} MB in {:.1} s); meant to be rejected: {} ({})",
        a.out.display(),
        tally.items,
        g.spec.workers,
        g.framework.id,
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        tally.rejected.iter().sum::<u64>(),
        meant.join(", ")
    );
    Ok(())
}
