//! `proficient generate`: a synthetic evidence workload (CSV, JSON Lines or
//! Parquet) for benchmarks and scale tests; see [`proficient::evidence::generate`].

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use proficient::evidence::generate::{self, Output, Spec, Tally};
use proficient::{Date, Framework};

use crate::output::{write_failure, write_file_with};
use crate::Failure;

/// File formats `generate` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// CSV with a header row.
    Csv,
    /// JSON Lines.
    Jsonl,
    /// Apache Parquet (Snappy).
    Parquet,
}

/// Options of `proficient generate`.
#[derive(Args)]
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
    framework_out: Option<PathBuf>,
    /// Seed of the pseudo-random sequence: the same seed gives the same file.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The date the evidence is meant to be scored at.
    #[arg(long, value_parser = parse_date, default_value = "2026-06-30")]
    as_of: Date,
    /// Items per thousand meant to be rejected, for each of the 8 rejection reasons.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=125))]
    reject_per_mille: u32,
    /// Output file; the format follows its extension (.csv, .jsonl, .parquet) unless --format is given.
    #[arg(long)]
    out: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    format: Option<FileFormat>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| format!("`{s}`: {e}"))
}

fn format_of(path: &Path) -> Option<FileFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(FileFormat::Csv),
        "jsonl" | "ndjson" => Some(FileFormat::Jsonl),
        "parquet" | "parq" | "pq" => Some(FileFormat::Parquet),
        _ => None,
    }
}

/// Runs `proficient generate`: writes the file, then a summary on stderr.
pub fn run(args: &GenerateArgs) -> Result<(), Failure> {
    let format = args.format.or_else(|| format_of(&args.out)).ok_or_else(|| {
        Failure::Usage(format!(
            "cannot tell the format of `{}`: give --format csv|jsonl|parquet or a .csv, .jsonl or .parquet name",
            args.out.display()
        ))
    })?;
    let fw = match (args.competencies, &args.framework) {
        (Some(k), _) => generate::framework(k.max(1), args.seed),
        (None, Some(name)) => Framework::load(name)?,
        (None, None) => Framework::load("job-retention")?,
    };
    // Before anything is written: a framework with no criteria is valid,
    // but has nothing to generate evidence for.
    generate::check(&fw).map_err(Failure::Usage)?;
    if let Some(path) = &args.framework_out {
        let yaml = proficient::interop::case::framework_yaml(&fw).map_err(Failure::Usage)?;
        crate::output::emit(Some(path), &yaml)?;
    }
    let spec = Spec {
        seed: args.seed,
        as_of: args.as_of,
        reject_per_mille: args.reject_per_mille,
        ..Spec::new(args.items, args.workers)
    };
    let started = std::time::Instant::now();
    let tally = write_file_with(&args.out, |file| write(&fw, &spec, format, file))
        .map_err(|e| write_failure(&args.out, &e))?;
    let size = std::fs::metadata(&args.out)
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
        args.out.display(),
        tally.items,
        spec.workers,
        fw.id,
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        tally.rejected.iter().sum::<u64>(),
        meant.join(", ")
    );
    Ok(())
}

fn write(
    fw: &Framework,
    spec: &Spec,
    format: FileFormat,
    file: &mut std::fs::File,
) -> std::io::Result<Tally> {
    match format {
        FileFormat::Csv => write_text(fw, spec, Output::Csv, file),
        FileFormat::Jsonl => write_text(fw, spec, Output::JsonLines, file),
        #[cfg(feature = "parquet")]
        FileFormat::Parquet => {
            proficient::evidence::parquet::write_generated(fw, spec, file.try_clone()?)
                .map_err(std::io::Error::other)
        }
        #[cfg(not(feature = "parquet"))]
        FileFormat::Parquet => Err(std::io::Error::other(
            "Parquet output is not built in (cargo feature `parquet`)",
        )),
    }
}

fn write_text(
    fw: &Framework,
    spec: &Spec,
    output: Output,
    file: &mut std::fs::File,
) -> std::io::Result<Tally> {
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let tally = generate::write(fw, spec, output, &mut w)?;
    w.flush()?;
    Ok(tally)
}
