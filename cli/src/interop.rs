//! `proficient import-case`, `export-case` and `badge`: CASE 1.1 packages
//! and Open Badges 3.0 credentials.

use std::io::Write;
use std::path::PathBuf;

use proficient::interop::case::{self, CaseError, Mode};
use proficient::Framework;

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

fn case_failure(e: CaseError) -> Failure {
    match e {
        CaseError::Load(e) => Failure::from(e),
        CaseError::Invalid { .. } => {
            let mut err = std::io::stderr().lock();
            for d in e.diagnostics() {
                let _ = writeln!(err, "{d}");
            }
            Failure::Findings
        }
    }
}

/// `proficient import-case`.
pub fn run_import(args: &ImportArgs) -> Result<(), Failure> {
    let mode = if args.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let imported = case::import_path(&args.package, mode).map_err(case_failure)?;
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

/// The modification time of a framework file, in seconds since 1970.
fn modified(path: &str) -> Option<i64> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    let t = meta.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// `proficient export-case`.
pub fn run_export(args: &ExportArgs) -> Result<(), Failure> {
    let fw = Framework::load(&args.framework)?;
    // A framework without a date of its own is stamped with its file's
    // modification time, so exporting an unchanged file gives the same
    // package every time.
    let export = match modified(&args.framework) {
        Some(secs) => case::export_at(&fw, secs, "the framework file's modification time"),
        None => case::export(&fw),
    };
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
    let fw = Framework::load(&args.framework)?;
    let issuer = proficient::interop::badge::Issuer::from_path(&args.issuer)?;
    let result = args.evidence.score(&fw, proficient::Explain::All)?;
    let request = proficient::interop::badge::Request {
        worker: &args.worker,
        competency: &args.competency,
        level: args.level.as_deref(),
        id: args.id.as_deref(),
    };
    match proficient::interop::badge::build(&fw, &result, &issuer, &request) {
        Ok(credential) => {
            let text = serde_json::to_string_pretty(&credential)
                .map_err(|e| Failure::Usage(format!("cannot render JSON: {e}")))?;
            output::emit(args.out.as_deref(), &(text + "\n"))
        }
        Err(e) => {
            eprintln!("{e}");
            Err(Failure::Findings)
        }
    }
}
