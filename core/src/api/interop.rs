//! `badge`, `import_case`, `export_case`, `import_sheet`, `export_sheet`:
//! Open Badges 3.0 credentials, CASE 1.1 packages, frameworks authored in
//! a workbook.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::api::failure::{Class, Failure, Kind};
use crate::api::scoring::scoring_options;
use crate::api::source::{self, Env, Source};
use crate::base::error::Diagnostic;
use crate::interop::badge::{self, Issuer};
use crate::interop::case::{self, CaseError, Export, Imported, Mode};

scoring_options! {
    /// The options of `badge`: an unsigned Open Badges 3.0 credential for a competency assessed at or above a level.
    pub struct BadgeOptions {
        /// Framework: a shipped name or a path, or its text.
        pub framework: Source,
        /// The worker the badge is for.
        pub worker: String,
        /// The competency the badge is for.
        pub competency: String,
        /// Lowest level that earns the badge (default: the framework's second level).
        #[serde(default)]
        pub level: Option<String>,
        /// Issuer profile (YAML or JSON: id, name, url, email).
        pub issuer: Source,
        /// Credential id, an https:, http:, did: or urn: URI (default: a urn:uuid derived from framework, worker, competency, level and date).
        #[serde(default)]
        pub id: Option<String>,
    }
}

/// Issues a badge (see [`BadgeOptions`]): the credential as JSON.
pub fn badge(options: &BadgeOptions) -> Result<serde_json::Value, Failure> {
    badge_in(options, Env::default())
}

/// As [`badge`], in `env`.
pub fn badge_in(options: &BadgeOptions, env: Env<'_>) -> Result<serde_json::Value, Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    let issuer = source::document(
        &options.issuer,
        "issuer",
        Kind::Badge,
        |p| Issuer::from_path(p),
        Issuer::from_yaml_str,
    )?;
    let result = options
        .scoring()
        .scorer(&fw, crate::scoring::score::Explain::All, env)?
        .finish();
    let request = badge::Request {
        worker: &options.worker,
        competency: &options.competency,
        level: options.level.as_deref(),
        id: options.id.as_deref(),
    };
    badge::build(&fw, &result, &issuer, &request).map_err(|e| Failure {
        kind: Kind::Badge,
        class: Class::Finding,
        errors: vec![Diagnostic {
            sheet: None,
            file: None,
            line: None,
            column: None,
            path: String::new(),
            code: e.code().to_string(),
            message: e.to_string(),
        }],
    })
}

/// The options of `import_case`: a CASE 1.1 CFPackage read as a framework.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportCaseOptions {
    /// The CFPackage (JSON).
    pub package: Source,
    /// Accept CASE 1.0-era packages (extra properties, string sequence numbers, non-UUID identifiers), reporting what was tolerated.
    #[serde(default)]
    pub lenient: bool,
}

fn case_failure(e: &CaseError) -> Failure {
    match e {
        CaseError::Load(e) => Failure::load(Kind::Case, e),
        CaseError::Invalid { .. } => Failure {
            kind: Kind::Case,
            class: Class::Finding,
            errors: e.diagnostics(),
        },
    }
}

/// Imports a CASE package (see [`ImportCaseOptions`]).
pub fn import_case(options: &ImportCaseOptions) -> Result<Imported, Failure> {
    let mode = if options.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let r = match &options.package {
        Source::Name(p) => case::import_path(p, mode),
        Source::Path(p) => case::import_path(&p.path, mode),
        Source::Text(t) => case::import_named(&t.text, mode, t.name.as_deref()),
        Source::Bytes { bytes, name } => match source::decode(bytes, name.as_deref()) {
            Ok(text) => case::import_named(&text, mode, name.as_deref()),
            Err(e) => Err(CaseError::Load(e)),
        },
        _ => return Err(Failure::option("package", "expected a CASE package".into())),
    };
    r.map_err(|e| case_failure(&e))
}

/// The options of `export_case`: a framework as a CASE 1.1 CFPackage.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportCaseOptions {
    /// Framework: a shipped name or a path, or its text.
    pub framework: Source,
    /// Time stamp (seconds since 1970) for a framework without a date of its own (default: its file's modification time, else now).
    #[serde(default)]
    pub at: Option<i64>,
}

/// The modification time of a framework file, in seconds since 1970.
fn modified(path: &std::path::Path) -> Option<i64> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    let t = meta.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// Exports a framework as a CASE package (see [`ExportCaseOptions`]): a
/// framework without a date of its own is stamped with `at`, else its
/// file's modification time (so an unchanged file gives the same package
/// every time), else the time of export.
pub fn export_case(options: &ExportCaseOptions) -> Result<Export, Failure> {
    export_case_in(options, Env::default())
}

/// As [`export_case`], in `env` (whose clock gives the time of export).
pub fn export_case_in(options: &ExportCaseOptions, env: Env<'_>) -> Result<Export, Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    let file = match &options.framework {
        Source::Name(p) => modified(std::path::Path::new(p)),
        Source::Path(p) => modified(&p.path),
        _ => None,
    };
    match (options.at, file) {
        (Some(at), _) => Ok(case::export_at(&fw, at, "the `at` option")),
        (None, Some(secs)) => Ok(case::export_at(
            &fw,
            secs,
            "the framework file's modification time",
        )),
        (None, None) => match env.now() {
            Some(now) => Ok(case::export_at(&fw, now, "the time of export")),
            None => Err(Failure::option(
                "at",
                "a time stamp is required (this build has no clock)".into(),
            )),
        },
    }
}

/// The options of `import_sheet`: a framework read from a workbook of the
/// template `export_sheet` writes (`docs/sheets.md`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportSheetOptions {
    /// The workbook (`.xlsx`, `.xlsm`, `.ods`).
    pub workbook: Source,
}

/// Imports a framework from a workbook (see [`ImportSheetOptions`]):
/// every problem a diagnostic at its sheet and cell. Needs the `sheets`
/// feature (without it: an `invalid_option` saying so).
pub fn import_sheet(options: &ImportSheetOptions) -> Result<crate::model::Framework, Failure> {
    #[cfg(feature = "sheets")]
    {
        use crate::input::workbook;
        let (bytes, name) = match &options.workbook {
            Source::Name(p) => (
                workbook::read_file(std::path::Path::new(p)),
                Some(crate::input::display_name(std::path::Path::new(p))),
            ),
            Source::Path(p) => (
                workbook::read_file(&p.path),
                Some(crate::input::display_name(&p.path)),
            ),
            Source::Bytes { bytes, name } => (Ok(bytes.to_vec()), name.clone()),
            _ => {
                return Err(Failure::option(
                    "workbook",
                    "expected a workbook (a path or its bytes)".into(),
                ))
            }
        };
        let names: Vec<&str> = crate::interop::sheet::SHEETS
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let sheets = bytes
            .and_then(|b| workbook::read_sheets(&b, &names))
            .map_err(|e| {
                let e = e.into_load_error();
                Failure::load(
                    Kind::Framework,
                    &name.as_deref().map_or(e.clone(), |n| e.with_file(n)),
                )
            })?;
        crate::interop::sheet::read::import(&sheets, name.as_deref()).map_err(|errors| Failure {
            kind: Kind::Framework,
            class: Class::Finding,
            errors,
        })
    }
    #[cfg(not(feature = "sheets"))]
    {
        let _ = options;
        Err(Failure::option(
            "workbook",
            "workbooks are not built in (cargo feature `sheets`)".into(),
        ))
    }
}

/// The options of `export_sheet`: a framework as the workbook template
/// `import_sheet` reads (`docs/sheets.md`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportSheetOptions {
    /// Framework: a shipped name or a path, or its text.
    pub framework: Source,
}

/// Exports a framework as the template's sheets (see
/// [`ExportSheetOptions`]); [`crate::api::workbook::call_workbook`] writes
/// them as an `.xlsx` workbook.
pub fn export_sheet(
    options: &ExportSheetOptions,
) -> Result<crate::interop::sheet::Template, Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    Ok(crate::interop::sheet::export(&fw))
}
