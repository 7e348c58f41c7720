//! `generate`: a synthetic evidence workload (CSV, JSON Lines or Parquet)
//! for benchmarks and scale tests; see [`crate::evidence::generate`].

use std::io::Write;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::api::failure::{Failure, Kind};
use crate::api::source::{self, Source};
use crate::base::date::Date;
use crate::evidence::generate::{self, Output, Spec, Tally};
use crate::model::Framework;

/// File formats `generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GenerateFormat {
    /// CSV with a header row.
    Csv,
    /// JSON Lines.
    Jsonl,
    /// Apache Parquet (Snappy).
    Parquet,
}

/// The options of `generate`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateOptions {
    /// Number of evidence items.
    pub items: u64,
    /// Number of workers the items are spread over.
    pub workers: u64,
    /// Framework: a shipped name or a path, or its text (default `job-retention`).
    #[serde(default)]
    pub framework: Option<Source>,
    /// Generate a framework with this many competencies instead (not with `framework`).
    #[serde(default)]
    pub competencies: Option<usize>,
    /// Seed of the pseudo-random sequence: the same seed gives the same items.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The date the evidence is meant to be scored at.
    #[serde(default = "default_as_of")]
    pub as_of: Date,
    /// Items per thousand meant to be rejected, for each of the 8 rejection reasons (at most 125).
    #[serde(default = "default_reject_per_mille")]
    pub reject_per_mille: u32,
    /// Output format: `csv`, `jsonl` or `parquet` (default: from the extension of `out`).
    #[serde(default)]
    pub format: Option<GenerateFormat>,
    /// The file the caller writes the items to: its extension (`.csv`, `.jsonl`, `.parquet`) gives the format unless `format` does.
    #[serde(default)]
    pub out: Option<String>,
}

fn default_seed() -> u64 {
    Spec::new(0, 1).seed
}

fn default_as_of() -> Date {
    Spec::new(0, 1).as_of
}

fn default_reject_per_mille() -> u32 {
    Spec::new(0, 1).reject_per_mille
}

/// A workload ready to be written (see [`Generation::write`]).
#[derive(Debug, Clone)]
pub struct Generation {
    /// The framework the items refer to.
    pub framework: Arc<Framework>,
    /// Whether the framework was generated (`competencies`): its YAML is
    /// then [`Generation::framework_yaml`].
    pub generated: bool,
    /// What to generate.
    pub spec: Spec,
    /// The format to write.
    pub format: GenerateFormat,
}

impl Generation {
    /// The framework as YAML (to write it beside a generated workload).
    pub fn framework_yaml(&self) -> Result<String, Failure> {
        crate::interop::case::framework_yaml(&self.framework)
            .map_err(|e| Failure::single(Kind::Framework, "", "not_writable", e))
    }

    /// Writes the items to `file`; what was meant to be used or rejected.
    pub fn write(&self, file: &mut std::fs::File) -> std::io::Result<Tally> {
        match self.format {
            #[cfg(feature = "parquet")]
            GenerateFormat::Parquet => crate::evidence::parquet::write_generated(
                &self.framework,
                &self.spec,
                file.try_clone()?,
            )
            .map_err(std::io::Error::other),
            _ => {
                let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
                let tally = self.write_text(&mut w)?;
                w.flush()?;
                Ok(tally)
            }
        }
    }

    /// Writes the items as text (CSV or JSON Lines) to `out`.
    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<Tally> {
        let output = match self.format {
            GenerateFormat::Csv => Output::Csv,
            GenerateFormat::Jsonl => Output::JsonLines,
            GenerateFormat::Parquet => {
                return Err(std::io::Error::other(if cfg!(feature = "parquet") {
                    "Parquet is binary: write it to a file"
                } else {
                    "Parquet output is not built in (cargo feature `parquet`)"
                }))
            }
        };
        generate::write(&self.framework, &self.spec, output, out)
    }
}

fn format_of(name: &str) -> Option<GenerateFormat> {
    let ext = std::path::Path::new(name)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(GenerateFormat::Csv),
        "jsonl" | "ndjson" => Some(GenerateFormat::Jsonl),
        "parquet" | "parq" | "pq" => Some(GenerateFormat::Parquet),
        _ => None,
    }
}

/// Prepares a workload (see [`GenerateOptions`]): the framework loaded or
/// generated and checked, the format chosen; nothing is written yet.
pub fn generate(options: &GenerateOptions) -> Result<Generation, Failure> {
    let o = options;
    let format = match (o.format, o.out.as_deref()) {
        (Some(f), _) => f,
        (None, Some(out)) => format_of(out).ok_or_else(|| {
            Failure::option(
                "format",
                format!(
                    "cannot tell the format of `{}` from its extension, expected csv, jsonl or parquet (or a .csv, .jsonl or .parquet name)",
                    crate::base::text::clip(out, 200)
                ),
            )
        })?,
        (None, None) => {
            return Err(Failure::option(
                "format",
                "expected csv, jsonl or parquet (or `out`, a file name with one of those extensions)".into(),
            ))
        }
    };
    if o.reject_per_mille > 125 {
        return Err(Failure::option(
            "reject_per_mille",
            format!(
                "{} items per thousand, expected at most 125",
                o.reject_per_mille
            ),
        ));
    }
    let (framework, generated) = match (o.competencies, &o.framework) {
        (Some(_), Some(_)) => {
            return Err(Failure::option(
                "competencies",
                "cannot be given with `framework`".into(),
            ))
        }
        (Some(k), None) => (Arc::new(generate::framework(k.max(1), o.seed)), true),
        (None, Some(f)) => (source::framework(f, "framework")?, false),
        (None, None) => (
            source::framework(&Source::Name("job-retention".into()), "framework")?,
            false,
        ),
    };
    // A framework with no criteria is valid, but has nothing to generate
    // evidence for.
    generate::check(&framework)
        .map_err(|e| Failure::single(Kind::Framework, "", "no_criteria", e))?;
    let spec = Spec {
        seed: o.seed,
        as_of: o.as_of,
        reject_per_mille: o.reject_per_mille,
        ..Spec::new(o.items, o.workers)
    };
    Ok(Generation {
        framework,
        generated,
        spec,
        format,
    })
}
