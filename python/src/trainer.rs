//! Development plans, CPD, progress, the trainer's report, CASE import and
//! export, and Open Badges: thin calls into `proficient::trainer::{plans, progress,
//! report}` and `proficient::interop::{case, badge}`, returning the JSON (or HTML) the CLI writes.
//!
//! Documents (plans, CPD, issuer, CASE package) come as a file path or as
//! JSON text the wrapper made from a dict; errors in such text keep their
//! path but not the line and column, which point into text the caller never
//! saw.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use proficient::base::error::{Diagnostic, LoadError};
use proficient::evidence::{self, Batch, EvidenceError};
use proficient::interop::badge as core_badge;
use proficient::interop::case::{self, Mode};
use proficient::trainer::plans::{Cpd, Plans};
use proficient::trainer::progress::{self as core_progress, Period};
use proficient::{Explain, Framework};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::{
    error, evidence_error, internal, parse_as_of, run, scoring_policy, source, to_json,
    NativeFramework, Source,
};

/// A document given as a file path or as JSON text made from a dict.
#[derive(Clone, Copy)]
enum Doc<'a> {
    Path(&'a str),
    Json(&'a str),
}

fn doc<'a>(path: Option<&'a str>, json: Option<&'a str>, what: &str) -> PyResult<Doc<'a>> {
    match (path, json) {
        (Some(p), _) => Ok(Doc::Path(p)),
        (None, Some(j)) => Ok(Doc::Json(j)),
        (None, None) => Err(PyTypeError::new_err(format!("{what} are required"))),
    }
}

/// Raises `class` with `diags`, without lines and columns for a dict.
fn doc_error(py: Python<'_>, class: &str, mut diags: Vec<Diagnostic>, d: Doc<'_>) -> PyErr {
    if matches!(d, Doc::Json(_)) {
        for x in &mut diags {
            x.line = None;
            x.column = None;
        }
    }
    error(py, class, &diags)
}

fn plans_of(py: Python<'_>, fw: &Framework, d: Doc<'_>) -> PyResult<Plans> {
    match d {
        Doc::Path(p) => Plans::from_path(p, fw),
        Doc::Json(j) => Plans::from_yaml_str(j, fw),
    }
    .map_err(|e| doc_error(py, "PlansError", e.diagnostics(), d))
}

fn cpd_of(py: Python<'_>, fw: &Framework, d: Doc<'_>) -> PyResult<Cpd> {
    match d {
        Doc::Path(p) => Cpd::from_path(p, fw),
        Doc::Json(j) => Cpd::from_yaml_str(j, fw),
    }
    .map_err(|e| doc_error(py, "CpdError", e.diagnostics(), d))
}

fn optional<'a>(path: Option<&'a str>, json: Option<&'a str>) -> Option<Doc<'a>> {
    match (path, json) {
        (Some(p), _) => Some(Doc::Path(p)),
        (None, Some(j)) => Some(Doc::Json(j)),
        (None, None) => None,
    }
}

fn check_min_gain(min_gain: f64) -> PyResult<()> {
    core_progress::check_min_gain(min_gain)
        .map_err(|e| PyValueError::new_err(format!("min_gain {e}")))
}

/// Reads evidence into a [`Batch`] (scored at many dates), without the GIL.
fn read_batch(py: Python<'_>, source: Source) -> PyResult<Batch> {
    let r = py.detach(move || {
        catch_unwind(AssertUnwindSafe(move || -> Result<Batch, EvidenceError> {
            let mut batch = Batch::default();
            let sink = |item: proficient::ItemRef<'_>, line: usize| batch.push(&item, line);
            match source {
                Source::Path(p) => evidence::read_path(Path::new(&p), sink),
                Source::Text(t, format) => evidence::read_str(&t, format, sink),
                Source::Arrow(reader) => proficient::evidence::arrow::read_reader(reader, sink),
                Source::Stream(file) => evidence::read_reader(
                    std::io::BufReader::with_capacity(1 << 16, file),
                    None,
                    None,
                    sink,
                ),
            }?;
            Ok(batch)
        }))
    });
    match r {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(e)) => Err(evidence_error(py, &e)),
        Err(_) => Err(internal("reading evidence")),
    }
}

/// Reads and checks development plans against `framework`; returns them
/// as JSON.
#[pyfunction]
#[pyo3(signature = (framework, *, path = None, json = None))]
pub(crate) fn load_plans(
    py: Python<'_>,
    framework: &NativeFramework,
    path: Option<&str>,
    json: Option<&str>,
) -> PyResult<String> {
    let plans = plans_of(py, &framework.fw, doc(path, json, "plans")?)?;
    to_json(&plans, true)
}

/// Reads and checks CPD activities (YAML, JSON, or CSV for a `.csv` path)
/// against `framework`; returns them as JSON.
#[pyfunction]
#[pyo3(signature = (framework, *, path = None, json = None))]
pub(crate) fn load_cpd(
    py: Python<'_>,
    framework: &NativeFramework,
    path: Option<&str>,
    json: Option<&str>,
) -> PyResult<String> {
    let cpd = cpd_of(py, &framework.fw, doc(path, json, "CPD activities")?)?;
    to_json(&cpd, true)
}

/// Progress of every plan target at `as_of`, as `proficient progress
/// --format json`.
#[pyfunction]
#[pyo3(signature = (framework, evidence, *, plans_path = None, plans_json = None, cpd_path = None, cpd_json = None, as_of = None, policy = None, policy_file = None, text_format = None, min_gain = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn progress(
    py: Python<'_>,
    framework: &NativeFramework,
    evidence: &Bound<'_, PyAny>,
    plans_path: Option<&str>,
    plans_json: Option<&str>,
    cpd_path: Option<&str>,
    cpd_json: Option<&str>,
    as_of: Option<&str>,
    policy: Option<&str>,
    policy_file: Option<&str>,
    text_format: Option<&str>,
    min_gain: Option<f64>,
) -> PyResult<String> {
    let min_gain = min_gain.unwrap_or(core_progress::DEFAULT_MIN_GAIN);
    let fw = &framework.fw;
    let plans = plans_of(py, fw, doc(plans_path, plans_json, "plans")?)?;
    let cpd = optional(cpd_path, cpd_json)
        .map(|d| cpd_of(py, fw, d))
        .transpose()?;
    check_min_gain(min_gain)?;
    let as_of = parse_as_of(as_of)?;
    let policy = scoring_policy(py, fw, policy, policy_file)?;
    let mut batch = read_batch(py, source(py, evidence, text_format)?)?;
    if let Some(c) = &cpd {
        c.add_evidence(&mut batch);
    }
    let r = catch_unwind(AssertUnwindSafe(|| {
        core_progress::progress(fw, &plans, &batch, as_of, &policy, min_gain)
    }));
    to_json(&r.map_err(|_| internal("judging progress"))?, true)
}

fn period(name: &str) -> PyResult<Period> {
    match name {
        "month" => Ok(Period::Month),
        "quarter" => Ok(Period::Quarter),
        "year" => Ok(Period::Year),
        other => Err(PyValueError::new_err(format!(
            "unknown period `{other}`, expected `month`, `quarter` or `year`"
        ))),
    }
}

/// CPD hours by worker and period and by competency, and the activities
/// with no competency, as `proficient cpd --format json`.
#[pyfunction]
#[pyo3(signature = (framework, *, path = None, json = None, period = "quarter"))]
pub(crate) fn cpd_summary(
    py: Python<'_>,
    framework: &NativeFramework,
    path: Option<&str>,
    json: Option<&str>,
    period: &str,
) -> PyResult<String> {
    let period = self::period(period)?;
    let cpd = cpd_of(py, &framework.fw, doc(path, json, "CPD activities")?)?;
    to_json(
        &core_progress::summarise_cpd(&framework.fw, &cpd, period),
        true,
    )
}

/// The evidence items the CPD's rules make from certificates, as JSON.
#[pyfunction]
#[pyo3(signature = (framework, *, path = None, json = None))]
pub(crate) fn cpd_evidence(
    py: Python<'_>,
    framework: &NativeFramework,
    path: Option<&str>,
    json: Option<&str>,
) -> PyResult<String> {
    let cpd = cpd_of(py, &framework.fw, doc(path, json, "CPD activities")?)?;
    to_json(&cpd.evidence(), true)
}

/// The trainer's report (one self-contained HTML page), as `proficient
/// report` writes it.
#[pyfunction]
#[pyo3(signature = (framework, evidence, *, plans_path = None, plans_json = None, cpd_path = None, cpd_json = None, as_of = None, policy = None, policy_file = None, text_format = None, min_gain = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn report(
    py: Python<'_>,
    framework: &NativeFramework,
    evidence: &Bound<'_, PyAny>,
    plans_path: Option<&str>,
    plans_json: Option<&str>,
    cpd_path: Option<&str>,
    cpd_json: Option<&str>,
    as_of: Option<&str>,
    policy: Option<&str>,
    policy_file: Option<&str>,
    text_format: Option<&str>,
    min_gain: Option<f64>,
) -> PyResult<String> {
    let min_gain = min_gain.unwrap_or(core_progress::DEFAULT_MIN_GAIN);
    let fw = &framework.fw;
    let plans = optional(plans_path, plans_json)
        .map(|d| plans_of(py, fw, d))
        .transpose()?;
    let cpd = optional(cpd_path, cpd_json)
        .map(|d| cpd_of(py, fw, d))
        .transpose()?;
    check_min_gain(min_gain)?;
    let as_of = parse_as_of(as_of)?;
    let policy = scoring_policy(py, fw, policy, policy_file)?;
    let batch = read_batch(py, source(py, evidence, text_format)?)?;
    let worker = fw.clone();
    let r = py.detach(move || {
        catch_unwind(AssertUnwindSafe(|| {
            proficient::trainer::report::build(
                &worker,
                batch,
                as_of,
                &policy,
                plans.as_ref(),
                cpd.as_ref(),
                min_gain,
            )
        }))
    });
    r.map_err(|_| internal("building the report"))
}

/// Imports a CASE 1.1 CFPackage; returns the framework and the notes (what
/// was tolerated or worth knowing) as JSON.
#[pyfunction]
#[pyo3(signature = (*, path = None, json = None, lenient = false))]
pub(crate) fn import_case(
    py: Python<'_>,
    path: Option<&str>,
    json: Option<&str>,
    lenient: bool,
) -> PyResult<(NativeFramework, String)> {
    let d = doc(path, json, "a CASE package")?;
    let mode = if lenient { Mode::Lenient } else { Mode::Strict };
    let r = catch_unwind(|| match d {
        Doc::Path(p) => case::import_path(p, mode),
        Doc::Json(j) => case::import_str(j, mode),
    });
    match r {
        Ok(Ok(imported)) => {
            let mut notes = imported.notes;
            if matches!(d, Doc::Json(_)) {
                for n in &mut notes {
                    n.line = None;
                    n.column = None;
                }
            }
            Ok((
                NativeFramework {
                    fw: Arc::new(imported.framework),
                },
                to_json(&notes, false)?,
            ))
        }
        Ok(Err(e)) => Err(doc_error(py, "CaseError", e.diagnostics(), d)),
        Err(_) => Err(internal("importing a CASE package")),
    }
}

/// Exports a framework as a CASE 1.1 CFPackage: the package as JSON text
/// (as `proficient export-case` writes it), the replaced identifiers and
/// the notes (what was written in CASE 1.1 form) as JSON. A framework with
/// no date of its own is stamped with `fallback` (seconds since 1970, what
/// it is said by `origin`), else with the time of export.
#[pyfunction]
#[pyo3(signature = (framework, *, fallback = None, origin = None))]
pub(crate) fn export_case(
    framework: &NativeFramework,
    fallback: Option<i64>,
    origin: Option<&str>,
) -> PyResult<(String, String, String)> {
    let r = catch_unwind(|| match fallback {
        Some(secs) => case::export_at(
            &framework.fw,
            secs,
            origin.unwrap_or("the time given for the framework"),
        ),
        None => case::export(&framework.fw),
    });
    let export = r.map_err(|_| internal("exporting a CASE package"))?;
    Ok((
        export.json(),
        to_json(&export.replaced, false)?,
        to_json(&export.notes, false)?,
    ))
}

/// An unsigned Open Badges 3.0 credential for a worker's competency, as
/// `proficient badge` writes it; raises `BadgeError` saying why when it is
/// not earned.
#[pyfunction]
#[pyo3(signature = (framework, evidence, *, worker, competency, issuer_path = None, issuer_json = None, level = None, id = None, as_of = None, policy = None, policy_file = None, text_format = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn badge(
    py: Python<'_>,
    framework: &NativeFramework,
    evidence: &Bound<'_, PyAny>,
    worker: &str,
    competency: &str,
    issuer_path: Option<&str>,
    issuer_json: Option<&str>,
    level: Option<&str>,
    id: Option<&str>,
    as_of: Option<&str>,
    policy: Option<&str>,
    policy_file: Option<&str>,
    text_format: Option<&str>,
) -> PyResult<String> {
    let fw = framework.fw.clone();
    let d = doc(issuer_path, issuer_json, "an issuer")?;
    let issuer = match d {
        Doc::Path(p) => core_badge::Issuer::from_path(p),
        Doc::Json(j) => core_badge::Issuer::from_yaml_str(j),
    }
    .map_err(|e: LoadError| doc_error(py, "BadgeError", e.diagnostics(), d))?;
    let as_of = parse_as_of(as_of)?;
    let policy = scoring_policy(py, &fw, policy, policy_file)?;
    let source = source(py, evidence, text_format)?;
    let scorer_fw = fw.clone();
    let scored = py.detach(move || {
        catch_unwind(AssertUnwindSafe(|| {
            run(&scorer_fw, source, as_of, policy, Explain::All)
        }))
    });
    let result = match scored {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Err(evidence_error(py, &e)),
        Err(_) => return Err(internal("scoring")),
    };
    let request = core_badge::Request {
        worker,
        competency,
        level,
        id,
    };
    match core_badge::build(&fw, &result, &issuer, &request) {
        Ok(credential) => to_json(&credential, true),
        Err(e) => Err(error(
            py,
            "BadgeError",
            &[Diagnostic {
                file: None,
                line: None,
                column: None,
                path: String::new(),
                code: e.code().to_string(),
                message: e.to_string(),
            }],
        )),
    }
}
