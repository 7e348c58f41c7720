//! `proficient import-case`, `export-case` and `badge`: CASE 1.1 packages
//! and Open Badges 3.0 credentials.

use std::io::Write;
use std::path::PathBuf;

use proficient::{api, interop::case};

use crate::{output, score, Failure};

/// Arguments of `proficient import-case`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// CASE 1.1 CFPackage JSON file.
    pub package: PathBuf,
    /// Accept CASE 1.0-era packages (extra properties, string sequence
    /// numbers, non-UUID identifiers), reporting what was tolerated.
    #[arg(long)]
    pub lenient: bool,
    /// Write the framework YAML to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `proficient export-case`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    pub framework: String,
    /// Write the CFPackage JSON to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `proficient badge`.
#[derive(clap::Args)]
pub struct BadgeArgs {
    /// Shipped framework name (e.g. `job-retention`) or path.
    #[arg(long)]
    pub framework: String,
    #[command(flatten)]
    pub evidence: score::EvidenceArgs,
    /// Write the credential (JSON) to this file (atomically) instead of standard output.
    #[arg(long)]
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

/// `proficient import-case`.
pub fn run_import(args: &ImportArgs) -> Result<(), Failure> {
    let imported = api::interop::import_case(&api::interop::ImportCaseOptions {
        package: score::path_source(&args.package),
        lenient: args.lenient,
    })?;
    {
        let mut err = std::io::stderr().lock();
        for d in &imported.notes {
            let _ = writeln!(err, "note: {d}");
        }
    }
    let yaml = case::framework_yaml(&imported.framework).map_err(Failure::Usage)?;
    let fw = &imported.framework;
    let text = format!(
        "# Imported from CASE package `{}`: {} competencies, {} criteria.\n{yaml}",
        args.package.display(),
        fw.competencies.len(),
        fw.criteria_count()
    );
    proficient::input::check_writable(&text, "framework").map_err(Failure::Usage)?;
    output::emit(args.out.as_deref(), &text)
}

/// `proficient export-case`.
pub fn run_export(args: &ExportArgs) -> Result<(), Failure> {
    let export = api::interop::export_case(&api::interop::ExportCaseOptions {
        framework: api::Source::Name(args.framework.clone()),
        at: None,
    })?;
    {
        let mut err = std::io::stderr().lock();
        for r in &export.replaced {
            let _ = writeln!(
                err,
                "note: {}: identifier `{}` is not a UUID, replaced by `{}`",
                r.path, r.old, r.new
            );
        }
        for d in &export.notes {
            let _ = writeln!(err, "note: {}: {}", d.path, d.message);
        }
    }
    let json = export.json();
    proficient::input::check_writable(&json, "CASE package").map_err(Failure::Usage)?;
    output::emit(args.out.as_deref(), &json)
}

/// `proficient badge`.
pub fn run_badge(args: &BadgeArgs) -> Result<(), Failure> {
    let options = score::options!(
        api::interop::BadgeOptions {
            framework: api::Source::Name(args.framework.clone()),
            worker: args.worker.clone(),
            competency: args.competency.clone(),
            level: args.level.clone(),
            issuer: score::path_source(&args.issuer),
            id: args.id.clone(),
        },
        &args.evidence
    );
    let credential = api::interop::badge_in(&options, score::env())?;
    output::emit_json(args.out.as_deref(), &credential)
}
