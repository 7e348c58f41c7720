//! Development plans, CPD, progress, the trainer's report, CASE import and
//! export, and Open Badges: thin calls into `proficient::trainer::{plans, progress,
//! report}` and `proficient::interop::{case, badge}`, results as the JSON (or HTML) the CLI writes.
//!
//! Documents (plans, CPD, an issuer profile, a CASE package) cross as
//! bytes; `docs` is the JSON of their file names and small options
//! (`{plansFile, cpdFile, cpdFormat, minGain, period}`), filled in by the
//! wrapper (`index.js`).

use proficient::evidence::Batch;
use proficient::interop::case::{self, Mode};
use proficient::trainer::plans::{Cpd, Plans};
use proficient::trainer::progress::{self as core_progress, Period};
use proficient::{interop::badge as core_badge, Diagnostic, Framework, LoadError, ScoringPolicy};
use wasm_bindgen::prelude::*;

use crate::api::{self, Failure, Kind};
use crate::{bare, fail, options, overrides, path_message, to_json, FrameworkHandle};

/// File names and options of the documents of a call.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Docs {
    #[serde(default)]
    plans_file: Option<String>,
    #[serde(default)]
    cpd_file: Option<String>,
    /// `csv` or `yaml` (YAML or JSON); default: from `cpdFile`'s extension.
    #[serde(default)]
    cpd_format: Option<String>,
    #[serde(default)]
    min_gain: Option<f64>,
    #[serde(default)]
    period: Option<Period>,
}

fn docs(json: &str) -> Result<Docs, Failure> {
    let mut de = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let (path, message) = path_message(&e);
        Failure::option(&path, bare(&message))
    })
}

fn load_failure(kind: Kind, e: LoadError, file: Option<&str>) -> Failure {
    Failure::load(kind, &api::named(e, file))
}

fn plans_of(fw: &Framework, bytes: &[u8], file: Option<&str>) -> Result<Plans, Failure> {
    api::decode(bytes)
        .and_then(|t| Plans::from_yaml_str(&t, fw))
        .map_err(|e| load_failure(Kind::Plans, e, file))
}

fn cpd_of(fw: &Framework, bytes: &[u8], d: &Docs) -> Result<Cpd, Failure> {
    let file = d.cpd_file.as_deref();
    let csv = match d.cpd_format.as_deref() {
        Some("csv") => true,
        Some("yaml" | "json") => false,
        Some(other) => {
            return Err(Failure::option(
                "cpdFormat",
                format!("unknown CPD format `{other}`, expected `csv`, `yaml` or `json`"),
            ))
        }
        None => file.is_some_and(|f| f.to_ascii_lowercase().ends_with(".csv")),
    };
    api::decode(bytes)
        .and_then(|t| {
            if csv {
                Cpd::from_csv_str(&t, fw)
            } else {
                Cpd::from_yaml_str(&t, fw)
            }
        })
        .map_err(|e| load_failure(Kind::Cpd, e, file))
}

fn min_gain(d: &Docs) -> Result<f64, Failure> {
    let g = d.min_gain.unwrap_or(core_progress::DEFAULT_MIN_GAIN);
    core_progress::check_min_gain(g).map_err(|e| Failure::option("minGain", e))?;
    Ok(g)
}

/// Evidence bytes read once into a [`Batch`], with the policy in force.
fn batch(
    fw: &Framework,
    evidence: &[u8],
    options: &api::ScoreOptions,
    policy: Option<String>,
) -> Result<(Batch, ScoringPolicy), Failure> {
    let overrides = overrides(policy)?;
    let policy = ScoringPolicy::with_overrides(fw, &overrides)
        .map_err(|e| Failure::load(Kind::Policy, &e))?;
    let mut batch = Batch::default();
    api::read_evidence(evidence, options.format, |item, line| {
        batch.push(&item, line)
    })
    .map_err(|e| api::evidence_failure(e, options.file.as_deref()))?;
    Ok((batch, policy))
}

/// Reads and checks development plans against `framework`; returns them
/// as JSON. `docs`: JSON of `{plansFile}`.
#[wasm_bindgen(js_name = loadPlans)]
pub fn load_plans(framework: &FrameworkHandle, plans: &[u8], docs: &str) -> Result<String, String> {
    let d = self::docs(docs).map_err(fail)?;
    let p = plans_of(&framework.inner, plans, d.plans_file.as_deref()).map_err(fail)?;
    to_json(&p)
}

/// Reads and checks CPD activities (YAML, JSON or CSV) against
/// `framework`; returns them as JSON. `docs`: JSON of `{cpdFile, cpdFormat}`.
#[wasm_bindgen(js_name = loadCpd)]
pub fn load_cpd(framework: &FrameworkHandle, cpd: &[u8], docs: &str) -> Result<String, String> {
    let d = self::docs(docs).map_err(fail)?;
    to_json(&cpd_of(&framework.inner, cpd, &d).map_err(fail)?)
}

/// Progress of every plan target at `asOf`, as `proficient progress
/// --format json`; the CPD's evidence rules add evidence items. `options`
/// and `policy` as for `score`; `docs`: JSON of `{plansFile, cpdFile,
/// cpdFormat, minGain}`.
#[wasm_bindgen]
pub fn progress(
    framework: &FrameworkHandle,
    evidence: &[u8],
    options: &str,
    plans: &[u8],
    cpd: Option<Vec<u8>>,
    docs: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let fw = &framework.inner;
    let run = || -> Result<core_progress::ProgressResult, Failure> {
        let opts = self::options(options)?;
        let d = self::docs(docs)?;
        let plans = plans_of(fw, plans, d.plans_file.as_deref())?;
        let cpd = cpd.as_deref().map(|c| cpd_of(fw, c, &d)).transpose()?;
        let min_gain = min_gain(&d)?;
        let (mut batch, policy) = batch(fw, evidence, &opts, policy)?;
        if let Some(c) = &cpd {
            c.add_evidence(&mut batch);
        }
        Ok(core_progress::progress(
            fw, &plans, &batch, opts.as_of, &policy, min_gain,
        ))
    };
    to_json(&run().map_err(fail)?)
}

/// CPD hours by worker and period and by competency, and the activities
/// with no competency, as `proficient cpd --format json`. `docs`: JSON of
/// `{cpdFile, cpdFormat, period}`.
#[wasm_bindgen(js_name = cpdSummary)]
pub fn cpd_summary(framework: &FrameworkHandle, cpd: &[u8], docs: &str) -> Result<String, String> {
    let d = self::docs(docs).map_err(fail)?;
    let c = cpd_of(&framework.inner, cpd, &d).map_err(fail)?;
    let period = d.period.unwrap_or(Period::Quarter);
    to_json(&core_progress::summarise_cpd(&framework.inner, &c, period))
}

/// The evidence items the CPD's rules make from certificates, as JSON.
#[wasm_bindgen(js_name = cpdEvidence)]
pub fn cpd_evidence(framework: &FrameworkHandle, cpd: &[u8], docs: &str) -> Result<String, String> {
    let d = self::docs(docs).map_err(fail)?;
    to_json(&cpd_of(&framework.inner, cpd, &d).map_err(fail)?.evidence())
}

/// The trainer's report (one self-contained HTML page), as `proficient
/// report` writes it. Arguments as for [`progress`]; plans are optional.
#[wasm_bindgen]
pub fn report(
    framework: &FrameworkHandle,
    evidence: &[u8],
    options: &str,
    plans: Option<Vec<u8>>,
    cpd: Option<Vec<u8>>,
    docs: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let fw = &framework.inner;
    let run = || -> Result<String, Failure> {
        let opts = self::options(options)?;
        let d = self::docs(docs)?;
        let plans = plans
            .as_deref()
            .map(|p| plans_of(fw, p, d.plans_file.as_deref()))
            .transpose()?;
        let cpd = cpd.as_deref().map(|c| cpd_of(fw, c, &d)).transpose()?;
        let min_gain = min_gain(&d)?;
        let (batch, policy) = batch(fw, evidence, &opts, policy)?;
        Ok(proficient::trainer::report::build(
            fw,
            batch,
            opts.as_of,
            &policy,
            plans.as_ref(),
            cpd.as_ref(),
            min_gain,
        ))
    };
    run().map_err(fail)
}

/// An imported CASE package: the framework and the notes.
#[wasm_bindgen]
pub struct CaseImportHandle {
    framework: Framework,
    notes: String,
}

#[wasm_bindgen]
impl CaseImportHandle {
    /// The framework.
    pub fn framework(&self) -> FrameworkHandle {
        FrameworkHandle {
            inner: self.framework.clone(),
            shipped: None,
        }
    }

    /// JSON of the notes (what was tolerated or worth knowing).
    #[wasm_bindgen(getter)]
    pub fn notes(&self) -> String {
        self.notes.clone()
    }
}

/// Imports a CASE 1.1 CFPackage (JSON bytes). `options`: JSON of
/// `{file, lenient}`.
#[wasm_bindgen(js_name = importCase)]
pub fn import_case(package: &[u8], options: &str) -> Result<CaseImportHandle, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        #[serde(default)]
        file: Option<String>,
        #[serde(default)]
        lenient: bool,
    }
    let run = || -> Result<CaseImportHandle, Failure> {
        let mut de = serde_json::Deserializer::from_str(options);
        let raw: Raw = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let (path, message) = path_message(&e);
            Failure::option(&path, bare(&message))
        })?;
        let file = raw.file.as_deref();
        let mode = if raw.lenient {
            Mode::Lenient
        } else {
            Mode::Strict
        };
        let named = |mut ds: Vec<Diagnostic>| {
            for d in &mut ds {
                if d.file.is_none() {
                    d.file = file.map(str::to_string);
                }
            }
            ds
        };
        let text = api::decode(package).map_err(|e| load_failure(Kind::Case, e, file))?;
        let imported = case::import_str(&text, mode).map_err(|e| Failure {
            kind: Kind::Case,
            errors: named(e.diagnostics()),
        })?;
        let notes = serde_json::to_string(&named(imported.notes))
            .map_err(|e| Failure::option("", e.to_string()))?;
        Ok(CaseImportHandle {
            framework: imported.framework,
            notes,
        })
    };
    run().map_err(fail)
}

/// Exports `framework` as a valid CASE 1.1 CFPackage: JSON of `{json,
/// replaced, notes}` (the package's text as `proficient export-case`
/// writes it, the identifiers that were not UUIDs and were replaced, and
/// each kind of change made to write valid CASE 1.1). `now`: the time of
/// the call in seconds since 1970, the time stamp of a framework with no
/// date of its own (WebAssembly has no clock of its own).
#[wasm_bindgen(js_name = exportCase)]
pub fn export_case(framework: &FrameworkHandle, now: f64) -> Result<String, String> {
    #[derive(serde::Serialize)]
    struct Out {
        json: String,
        replaced: Vec<case::Replacement>,
        notes: Vec<Diagnostic>,
    }
    // Seconds fit an i64 exactly; anything else (NaN) is 0, which no
    // caller passes.
    let secs = if now.is_finite() {
        now.trunc() as i64
    } else {
        0
    };
    let export = case::export_at(&framework.inner, secs, "the time of export");
    to_json(&Out {
        json: export.json(),
        replaced: export.replaced,
        notes: export.notes,
    })
}

/// An unsigned Open Badges 3.0 credential for a worker's competency, as
/// `proficient badge` writes it. `options` and `policy` as for `score`;
/// `request`: JSON of `{worker, competency, level, id, issuerFile}`;
/// `issuer`: the issuer profile (YAML or JSON bytes).
#[wasm_bindgen]
pub fn badge(
    framework: &FrameworkHandle,
    evidence: &[u8],
    options: &str,
    request: &str,
    issuer: &[u8],
    policy: Option<String>,
) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Raw {
        worker: String,
        competency: String,
        #[serde(default)]
        level: Option<String>,
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        issuer_file: Option<String>,
    }
    let fw = &framework.inner;
    let run = || -> Result<serde_json::Value, Failure> {
        let opts = self::options(options)?;
        let mut de = serde_json::Deserializer::from_str(request);
        let raw: Raw = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let (path, message) = path_message(&e);
            Failure::option(&path, bare(&message))
        })?;
        let issuer = api::decode(issuer)
            .and_then(|t| core_badge::Issuer::from_yaml_str(&t))
            .map_err(|e| load_failure(Kind::Badge, e, raw.issuer_file.as_deref()))?;
        let opts = api::ScoreOptions {
            explain: proficient::Explain::All,
            ..opts
        };
        let result = api::score(fw, evidence, &opts, &overrides(policy)?)?;
        let req = core_badge::Request {
            worker: &raw.worker,
            competency: &raw.competency,
            level: raw.level.as_deref(),
            id: raw.id.as_deref(),
        };
        core_badge::build(fw, &result, &issuer, &req)
            .map_err(|e| Failure::single(Kind::Badge, "", e.code(), e.to_string()))
    };
    to_json(&run().map_err(fail)?)
}
