//! `proficient._native`: the Python extension of the `proficient` engine.
//!
//! A thin layer over the core crate: loading, validation, evidence reading
//! (files, text, Arrow C streams), scoring and screening all happen in
//! `proficient`. Results cross to Python as the JSON the CLI prints (so
//! `to_dict()` is exactly the CLI's shape) and as tidy columns for
//! DataFrames. Plans, CPD, the trainer's report, CASE and badges are in
//! [`trainer`]. The Python package `proficient` wraps this module with typed
//! classes; see `python/proficient/`.
//!
//! Errors are raised as the exception classes of `proficient.errors`, built
//! from the core's diagnostics. The GIL is released while evidence is read
//! and scored, and a panic (there should be none) becomes a `RuntimeError`
//! rather than unwinding into Python.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use proficient::base::error::{Diagnostic, LoadError};
use proficient::evidence::{self, EvidenceError, Format};
use proficient::scoring::score::ScoreResult;
use proficient::scoring::screen::ScreenResult;
use proficient::{
    model::shipped, scoring::pipeline, scoring::policy, Date, Explain, Framework, PolicyOverrides,
    Profile, Scorer, ScoringPolicy,
};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyString};

mod trainer;

/// One line per diagnostic: `FILE:LINE:COLUMN: PATH: message`, leaving out
/// what is unknown (no `<input>` placeholder when nothing locates it).
fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            if d.file.is_none() && d.line.is_none() {
                if d.path.is_empty() {
                    d.message.clone()
                } else {
                    format!("{}: {}", d.path, d.message)
                }
            } else {
                d.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An exception of `proficient.errors` (`class`) carrying every diagnostic.
fn error(py: Python<'_>, class: &str, diags: &[Diagnostic]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("proficient.errors")?.getattr(class)?;
        let list = PyList::empty(py);
        for d in diags {
            let dict = PyDict::new(py);
            dict.set_item("file", d.file.as_deref())?;
            dict.set_item("line", d.line)?;
            dict.set_item("column", d.column)?;
            dict.set_item("path", d.path.as_str())?;
            dict.set_item("code", d.code.as_str())?;
            dict.set_item("message", d.message.as_str())?;
            list.append(dict)?;
        }
        Ok(PyErr::from_value(cls.call1((render(diags), list))?))
    };
    build().unwrap_or_else(|e| e)
}

fn load_error(py: Python<'_>, class: &str, e: &LoadError) -> PyErr {
    error(py, class, &e.diagnostics())
}

fn evidence_error(py: Python<'_>, e: &EvidenceError) -> PyErr {
    error(py, "EvidenceError", &e.diagnostics())
}

fn internal(what: &str) -> PyErr {
    PyRuntimeError::new_err(format!(
        "internal error in proficient while {what}; please report it"
    ))
}

fn to_json<T: serde::Serialize>(value: &T, pretty: bool) -> PyResult<String> {
    let r = if pretty {
        serde_json::to_string_pretty(value).map(|s| s + "\n")
    } else {
        serde_json::to_string(value)
    };
    r.map_err(|e| PyValueError::new_err(format!("cannot render JSON: {e}")))
}

/// A loaded, validated framework.
#[pyclass(frozen, module = "proficient._native", name = "Framework")]
struct NativeFramework {
    fw: Arc<Framework>,
}

#[pymethods]
impl NativeFramework {
    /// The framework as JSON (the model's serde shape).
    #[pyo3(signature = (*, pretty = false))]
    fn to_json(&self, pretty: bool) -> PyResult<String> {
        to_json(&*self.fw, pretty)
    }

    /// The framework id.
    #[getter]
    fn id(&self) -> &str {
        &self.fw.id
    }
}

/// A loaded role profile, with the framework it was checked against.
#[pyclass(frozen, module = "proficient._native", name = "Profile")]
struct NativeProfile {
    profile: Arc<Profile>,
    fw: Arc<Framework>,
}

#[pymethods]
impl NativeProfile {
    /// The profile as JSON.
    #[pyo3(signature = (*, pretty = false))]
    fn to_json(&self, pretty: bool) -> PyResult<String> {
        to_json(&*self.profile, pretty)
    }

    /// The profile id.
    #[getter]
    fn id(&self) -> &str {
        &self.profile.id
    }

    /// The framework the profile was checked against.
    #[getter]
    fn framework(&self) -> NativeFramework {
        NativeFramework {
            fw: self.fw.clone(),
        }
    }
}

/// Loads a shipped framework by name, or a framework file.
#[pyfunction]
fn load_framework(py: Python<'_>, name_or_path: &str) -> PyResult<NativeFramework> {
    let name = name_or_path.to_string();
    let r = py.detach(move || catch_unwind(|| Framework::load(&name)));
    match r {
        Ok(Ok(fw)) => Ok(NativeFramework { fw: Arc::new(fw) }),
        Ok(Err(e)) => Err(load_error(py, "FrameworkError", &e)),
        Err(_) => Err(internal("loading a framework")),
    }
}

/// Reads a framework from YAML (or JSON) text.
#[pyfunction]
fn framework_from_yaml(py: Python<'_>, text: &str) -> PyResult<NativeFramework> {
    match catch_unwind(|| Framework::from_yaml_str(text)) {
        Ok(Ok(fw)) => Ok(NativeFramework { fw: Arc::new(fw) }),
        Ok(Err(e)) => Err(load_error(py, "FrameworkError", &e)),
        Err(_) => Err(internal("reading a framework")),
    }
}

/// Loads a shipped profile by name, or a profile file, checked against
/// `framework` (default: the shipped framework it names).
#[pyfunction]
#[pyo3(signature = (name_or_path, framework = None))]
fn load_profile(
    py: Python<'_>,
    name_or_path: &str,
    framework: Option<&NativeFramework>,
) -> PyResult<NativeProfile> {
    let r = catch_unwind(|| Profile::load(name_or_path, framework.map(|f| &*f.fw)));
    profile_result(py, r)
}

/// Reads a profile from YAML (or JSON) text, checked against `framework`
/// (default: the shipped framework it names).
#[pyfunction]
#[pyo3(signature = (text, framework = None))]
fn profile_from_yaml(
    py: Python<'_>,
    text: &str,
    framework: Option<&NativeFramework>,
) -> PyResult<NativeProfile> {
    let r = catch_unwind(|| match framework {
        Some(f) => Profile::from_yaml_str(text, &f.fw).map(|p| (p, (*f.fw).clone())),
        None => Profile::from_yaml_str_shipped(text),
    });
    profile_result(py, r)
}

fn profile_result(
    py: Python<'_>,
    r: std::thread::Result<Result<(Profile, Framework), LoadError>>,
) -> PyResult<NativeProfile> {
    match r {
        Ok(Ok((profile, fw))) => Ok(NativeProfile {
            profile: Arc::new(profile),
            fw: Arc::new(fw),
        }),
        Ok(Err(e)) => Err(load_error(py, "ProfileError", &e)),
        Err(_) => Err(internal("loading a profile")),
    }
}

/// Names of the shipped frameworks.
#[pyfunction]
fn shipped_frameworks() -> Vec<&'static str> {
    shipped::framework_names()
}

/// Names of the shipped profiles.
#[pyfunction]
fn shipped_profiles() -> Vec<&'static str> {
    shipped::profile_names()
}

/// Which used items to list in results.
#[derive(FromPyObject)]
enum ExplainArg {
    Flag(bool),
    Worker(String),
}

impl ExplainArg {
    fn mode(self) -> Explain {
        match self {
            ExplainArg::Flag(true) => Explain::All,
            ExplainArg::Flag(false) => Explain::None,
            ExplainArg::Worker(w) => Explain::Worker(w),
        }
    }
}

/// Where evidence comes from.
enum Source {
    Path(String),
    Text(String, Format),
    Arrow(RecordBatchStreamReader),
    Stream(PyReader),
}

/// A Python file object (anything with `read(size)` returning bytes or
/// str) read as a stream: each read takes the GIL for the call, so the
/// engine reads it once, as it comes, on its own thread.
struct PyReader {
    file: Py<PyAny>,
    pending: Vec<u8>,
    at: usize,
    done: bool,
}

impl std::io::Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.pending.len() {
            if self.done {
                return Ok(0);
            }
            let chunk = Python::attach(|py| -> PyResult<Vec<u8>> {
                let data = self.file.bind(py).call_method1("read", (1usize << 16,))?;
                if let Ok(b) = data.cast::<pyo3::types::PyBytes>() {
                    Ok(b.as_bytes().to_vec())
                } else if let Ok(s) = data.cast::<PyString>() {
                    Ok(s.to_cow()?.as_bytes().to_vec())
                } else {
                    Err(PyTypeError::new_err(format!(
                        "read() returned {}, expected bytes or str",
                        data.get_type().name()?
                    )))
                }
            })
            .map_err(|e| std::io::Error::other(e.to_string()))?;
            self.done = chunk.is_empty();
            self.pending = chunk;
            self.at = 0;
        }
        let rest = self.pending.get(self.at..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.at += n;
        Ok(n)
    }
}

/// Imports an object's Arrow C stream (`__arrow_c_stream__`, the Arrow
/// PyCapsule interface): pyarrow tables and readers, polars DataFrames, ...
#[allow(unsafe_code)]
fn arrow_stream(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<RecordBatchStreamReader> {
    let capsule = obj.call_method1("__arrow_c_stream__", (py.None(),))?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("`__arrow_c_stream__` did not return a PyCapsule"))?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: a capsule named `arrow_array_stream` holds a pointer to an
    // initialised `ArrowArrayStream` (Arrow PyCapsule interface). `from_raw`
    // moves the stream out and leaves a released one behind, so the
    // capsule's destructor does not release it a second time.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
    RecordBatchStreamReader::try_new(stream).map_err(|e| {
        let err = EvidenceError {
            file: None,
            problems: vec![(
                Default::default(),
                evidence::Problem::Io(format!("cannot read Arrow data: {e}")),
            )],
        };
        evidence_error(py, &err)
    })
}

fn source(
    py: Python<'_>,
    evidence: &Bound<'_, PyAny>,
    text_format: Option<&str>,
) -> PyResult<Source> {
    if let Some(format) = text_format {
        let format = match format {
            "csv" => Format::Csv,
            "jsonl" => Format::JsonLines,
            "json" => Format::Json,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown text format `{other}`, expected `csv`, `jsonl` or `json`"
                )))
            }
        };
        let text = evidence.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err("evidence text must be a str when a text format is given")
        })?;
        return Ok(Source::Text(text.extract::<String>()?, format));
    }
    if let Ok(path) = evidence.cast::<PyString>() {
        return Ok(Source::Path(path.extract::<String>()?));
    }
    if evidence.hasattr("__arrow_c_stream__")? {
        return arrow_stream(py, evidence).map(Source::Arrow);
    }
    if evidence.hasattr("read")? {
        return Ok(Source::Stream(PyReader {
            file: evidence.clone().unbind(),
            pending: Vec::new(),
            at: 0,
            done: false,
        }));
    }
    Err(PyTypeError::new_err(format!(
        "evidence must be a path (str), a file object or an object with `__arrow_c_stream__`, not {}",
        evidence.get_type().name()?
    )))
}

fn parse_as_of(as_of: Option<&str>) -> PyResult<Date> {
    match as_of {
        None => Ok(Date::today()),
        Some(s) => Date::parse(s)
            .map_err(|e| PyValueError::new_err(format!("as_of `{s}` is not a date: {e}"))),
    }
}

/// The policy in force: the framework's, with overrides from `text`
/// (JSON/YAML, e.g. from a dict: errors have no line) or from a file.
fn scoring_policy(
    py: Python<'_>,
    fw: &Framework,
    text: Option<&str>,
    file: Option<&str>,
) -> PyResult<ScoringPolicy> {
    let policy_error = |e: LoadError, file: Option<&str>| {
        let mut diags = e.diagnostics();
        for d in &mut diags {
            match file {
                Some(f) => d.file = Some(f.to_string()),
                None => {
                    d.line = None;
                    d.column = None;
                }
            }
        }
        error(py, "PolicyError", &diags)
    };
    let overrides = match (text, file) {
        // A dict, as JSON the wrapper wrote: its positions mean nothing to
        // the caller, so it is checked below without them (by path).
        (Some(t), _) => policy::overrides_from_str(t).map_err(|e| policy_error(e, None))?,
        (None, Some(f)) => {
            let t =
                proficient::input::read_text(Path::new(f)).map_err(|e| policy_error(e, Some(f)))?;
            policy::overrides_for(fw, &t).map_err(|e| policy_error(e, Some(f)))?
        }
        (None, None) => PolicyOverrides::default(),
    };
    ScoringPolicy::with_overrides(fw, &overrides).map_err(|e| policy_error(e, file))
}

/// Reads `source` and scores it, reading and scoring on two threads as the
/// CLI does; runs without the GIL.
fn run(
    fw: &Framework,
    source: Source,
    as_of: Date,
    policy: ScoringPolicy,
    explain: Explain,
) -> Result<ScoreResult, EvidenceError> {
    let mut scorer = Scorer::new(fw, as_of, policy, explain);
    match source {
        Source::Path(p) => {
            pipeline::score_with(&mut scorer, |sink| evidence::read_path(Path::new(&p), sink))
        }
        Source::Text(t, format) => {
            pipeline::score_with(&mut scorer, |sink| evidence::read_str(&t, format, sink))
        }
        Source::Arrow(reader) => pipeline::score_with(&mut scorer, move |sink| {
            proficient::evidence::arrow::read_reader(reader, sink)
        }),
        Source::Stream(file) => pipeline::score_with(&mut scorer, move |sink| {
            let reader = std::io::BufReader::with_capacity(1 << 16, file);
            evidence::read_reader(reader, None, None, sink)
        }),
    }?;
    Ok(scorer.finish())
}

/// Scores evidence against a framework.
///
/// `evidence`: a file path (str; `.csv`, `.jsonl`, `.json`), an object with
/// `__arrow_c_stream__`, or text in `text_format` (`csv`, `jsonl`, `json`).
#[pyfunction]
#[pyo3(signature = (framework, evidence, *, as_of = None, policy = None, policy_file = None, explain = ExplainArg::Flag(true), text_format = None))]
#[pyo3(
    text_signature = "(framework, evidence, *, as_of=None, policy=None, policy_file=None, explain=True, text_format=None)"
)]
#[allow(clippy::too_many_arguments)]
fn score(
    py: Python<'_>,
    framework: &NativeFramework,
    evidence: &Bound<'_, PyAny>,
    as_of: Option<&str>,
    policy: Option<&str>,
    policy_file: Option<&str>,
    explain: ExplainArg,
    text_format: Option<&str>,
) -> PyResult<NativeScoreResult> {
    let fw = framework.fw.clone();
    let as_of = parse_as_of(as_of)?;
    let policy = scoring_policy(py, &fw, policy, policy_file)?;
    let source = source(py, evidence, text_format)?;
    let explain = explain.mode();
    let worker = fw.clone();
    let r = py.detach(move || {
        catch_unwind(AssertUnwindSafe(|| {
            run(&worker, source, as_of, policy, explain)
        }))
    });
    match r {
        Ok(Ok(result)) => Ok(NativeScoreResult {
            result: Arc::new(result),
            fw,
        }),
        Ok(Err(e)) => Err(evidence_error(py, &e)),
        Err(_) => Err(internal("scoring")),
    }
}

/// Screens evidence against a role profile (scores with the profile's
/// framework, then ranks).
#[pyfunction]
#[pyo3(signature = (profile, evidence, *, as_of = None, policy = None, policy_file = None, text_format = None))]
fn screen(
    py: Python<'_>,
    profile: &NativeProfile,
    evidence: &Bound<'_, PyAny>,
    as_of: Option<&str>,
    policy: Option<&str>,
    policy_file: Option<&str>,
    text_format: Option<&str>,
) -> PyResult<NativeScreenResult> {
    let fw = profile.fw.clone();
    let prof = profile.profile.clone();
    let as_of = parse_as_of(as_of)?;
    let policy = scoring_policy(py, &fw, policy, policy_file)?;
    let source = source(py, evidence, text_format)?;
    let r = py.detach(move || {
        catch_unwind(AssertUnwindSafe(|| {
            run(&fw, source, as_of, policy, Explain::None)
                .map(|scores| proficient::screen(&prof, &fw, scores))
        }))
    });
    match r {
        Ok(Ok(result)) => Ok(NativeScreenResult {
            result: Arc::new(result),
        }),
        Ok(Err(e)) => Err(evidence_error(py, &e)),
        Err(_) => Err(internal("screening")),
    }
}

/// Tidy columns: name → list of values.
struct Table<'py> {
    dict: Bound<'py, PyDict>,
}

impl<'py> Table<'py> {
    fn new(py: Python<'py>) -> Table<'py> {
        Table {
            dict: PyDict::new(py),
        }
    }

    fn col<T>(self, name: &str, values: Vec<T>) -> PyResult<Table<'py>>
    where
        T: IntoPyObject<'py>,
    {
        let list = PyList::new(self.dict.py(), values)?;
        self.dict.set_item(name, list)?;
        Ok(self)
    }
}

fn unknown_table(name: &str, expected: &str) -> PyErr {
    PyValueError::new_err(format!(
        "unknown table `{name}`, expected one of {expected}"
    ))
}

/// The result of scoring.
#[pyclass(frozen, module = "proficient._native", name = "ScoreResult")]
struct NativeScoreResult {
    result: Arc<ScoreResult>,
    fw: Arc<Framework>,
}

#[pymethods]
impl NativeScoreResult {
    /// The result as JSON, exactly as `proficient score --format json`
    /// prints it when `pretty` (the default).
    #[pyo3(signature = (*, pretty = true))]
    fn to_json(&self, pretty: bool) -> PyResult<String> {
        to_json(&*self.result, pretty)
    }

    /// `(items, used, rejected)`.
    fn counts(&self) -> (u64, u64, u64) {
        let c = self.result.counts;
        (c.items, c.used, c.rejected)
    }

    /// One tidy table as columns: `workers`, `domains`, `competencies`,
    /// `criteria`, `evidence` or `rejected`.
    fn columns<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.result;
        let t = Table::new(py);
        let t = match table {
            "workers" => t
                .col(
                    "worker",
                    r.workers.iter().map(|w| w.worker.as_str()).collect(),
                )?
                .col("overall", r.workers.iter().map(|w| w.overall).collect())?,
            "domains" => {
                let rows: Vec<_> = r
                    .workers
                    .iter()
                    .flat_map(|w| w.domains.iter().map(move |d| (w, d)))
                    .collect();
                t.col(
                    "worker",
                    rows.iter().map(|(w, _)| w.worker.as_str()).collect(),
                )?
                .col("domain", rows.iter().map(|(_, d)| &*d.id).collect())?
                .col("score", rows.iter().map(|(_, d)| d.score).collect())?
            }
            "competencies" => {
                let rows: Vec<_> = r
                    .workers
                    .iter()
                    .flat_map(|w| {
                        w.competencies
                            .iter()
                            .zip(&self.fw.competencies)
                            .map(move |(c, def)| (w, c, def))
                    })
                    .collect();
                t.col(
                    "worker",
                    rows.iter().map(|(w, ..)| w.worker.as_str()).collect(),
                )?
                .col("competency", rows.iter().map(|(_, c, _)| &*c.id).collect())?
                .col(
                    "domain",
                    rows.iter().map(|(.., d)| d.domain.as_str()).collect(),
                )?
                .col("score", rows.iter().map(|(_, c, _)| c.score).collect())?
                .col(
                    "level",
                    rows.iter().map(|(_, c, _)| c.level.as_deref()).collect(),
                )?
                .col(
                    "status",
                    rows.iter().map(|(_, c, _)| status_name(c.status)).collect(),
                )?
                .col(
                    "coverage",
                    rows.iter().map(|(_, c, _)| c.coverage).collect(),
                )?
                .col("items", rows.iter().map(|(_, c, _)| c.items).collect())?
            }
            "criteria" => {
                let rows: Vec<_> = r
                    .workers
                    .iter()
                    .flat_map(|w| {
                        w.competencies
                            .iter()
                            .flat_map(move |c| c.criteria.iter().map(move |k| (w, c, k)))
                    })
                    .collect();
                t.col(
                    "worker",
                    rows.iter().map(|(w, ..)| w.worker.as_str()).collect(),
                )?
                .col("competency", rows.iter().map(|(_, c, _)| &*c.id).collect())?
                .col("criterion", rows.iter().map(|(.., k)| &*k.id).collect())?
                .col("score", rows.iter().map(|(.., k)| k.score).collect())?
                .col("items", rows.iter().map(|(.., k)| k.items).collect())?
                .col("weight", rows.iter().map(|(.., k)| k.weight).collect())?
            }
            "evidence" => {
                let rows: Vec<_> = r
                    .workers
                    .iter()
                    .flat_map(|w| {
                        w.competencies.iter().flat_map(move |c| {
                            c.criteria
                                .iter()
                                .flat_map(move |k| k.evidence.iter().map(move |e| (w, c, k, e)))
                        })
                    })
                    .collect();
                t.col(
                    "worker",
                    rows.iter().map(|(w, ..)| w.worker.as_str()).collect(),
                )?
                .col("competency", rows.iter().map(|(_, c, ..)| &*c.id).collect())?
                .col(
                    "criterion",
                    rows.iter().map(|(_, _, k, _)| &*k.id).collect(),
                )?
                .col("id", rows.iter().map(|(.., e)| e.id.as_deref()).collect())?
                .col("line", rows.iter().map(|(.., e)| e.line).collect())?
                .col("kind", rows.iter().map(|(.., e)| &*e.kind).collect())?
                .col(
                    "date",
                    rows.iter().map(|(.., e)| e.date.to_string()).collect(),
                )?
                .col("weight", rows.iter().map(|(.., e)| e.weight).collect())?
                .col("value", rows.iter().map(|(.., e)| e.value).collect())?
            }
            "rejected" => rejected_columns(t, &r.rejected)?,
            other => {
                return Err(unknown_table(
                    other,
                    "`workers`, `domains`, `competencies`, `criteria`, `evidence`, `rejected`",
                ))
            }
        };
        Ok(t.dict)
    }
}

fn status_name(s: proficient::scoring::score::Status) -> &'static str {
    match s {
        proficient::scoring::score::Status::Assessed => "assessed",
        proficient::scoring::score::Status::InsufficientEvidence => "insufficient_evidence",
    }
}

fn rejected_columns<'py>(
    t: Table<'py>,
    rejected: &[proficient::scoring::score::Rejection],
) -> PyResult<Table<'py>> {
    t.col("id", rejected.iter().map(|x| x.id.as_deref()).collect())?
        .col("line", rejected.iter().map(|x| x.line).collect())?
        .col(
            "worker",
            rejected.iter().map(|x| x.worker.as_str()).collect(),
        )?
        .col(
            "criterion",
            rejected.iter().map(|x| x.criterion.as_str()).collect(),
        )?
        .col(
            "reason",
            rejected.iter().map(|x| x.reason.as_str()).collect(),
        )?
        .col(
            "detail",
            rejected.iter().map(|x| x.detail.as_str()).collect(),
        )
}

/// The result of screening.
#[pyclass(frozen, module = "proficient._native", name = "ScreenResult")]
struct NativeScreenResult {
    result: Arc<ScreenResult>,
}

#[pymethods]
impl NativeScreenResult {
    /// The result as JSON, exactly as `proficient screen --format json`
    /// prints it when `pretty` (the default).
    #[pyo3(signature = (*, pretty = true))]
    fn to_json(&self, pretty: bool) -> PyResult<String> {
        to_json(&*self.result, pretty)
    }

    /// One tidy table as columns: `candidates`, `gaps` or `rejected`.
    fn columns<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.result;
        let c = &r.candidates;
        let t = Table::new(py);
        let t = match table {
            "candidates" => t
                .col("rank", c.iter().map(|x| x.rank).collect())?
                .col("worker", c.iter().map(|x| x.worker.as_str()).collect())?
                .col(
                    "meets_essential",
                    c.iter().map(|x| x.meets_essential).collect(),
                )?
                .col("essential_met", c.iter().map(|x| x.essential_met).collect())?
                .col(
                    "essential_total",
                    c.iter().map(|x| x.essential_total).collect(),
                )?
                .col("desirable_met", c.iter().map(|x| x.desirable_met).collect())?
                .col(
                    "desirable_total",
                    c.iter().map(|x| x.desirable_total).collect(),
                )?
                .col("overall", c.iter().map(|x| x.overall).collect())?
                .col(
                    "gaps",
                    c.iter()
                        .map(|x| {
                            x.gaps
                                .iter()
                                .map(|g| g.competency.as_str())
                                .collect::<Vec<_>>()
                                .join(";")
                        })
                        .collect(),
                )?,
            "gaps" => {
                let rows: Vec<_> = c
                    .iter()
                    .flat_map(|x| x.gaps.iter().map(move |g| (x, g)))
                    .collect();
                t.col("rank", rows.iter().map(|(x, _)| x.rank).collect())?
                    .col(
                        "worker",
                        rows.iter().map(|(x, _)| x.worker.as_str()).collect(),
                    )?
                    .col(
                        "competency",
                        rows.iter().map(|(_, g)| g.competency.as_str()).collect(),
                    )?
                    .col(
                        "importance",
                        rows.iter()
                            .map(|(_, g)| match g.importance {
                                proficient::Importance::Essential => "essential",
                                proficient::Importance::Desirable => "desirable",
                            })
                            .collect(),
                    )?
                    .col(
                        "required_level",
                        rows.iter()
                            .map(|(_, g)| g.required_level.as_str())
                            .collect(),
                    )?
                    .col(
                        "current_level",
                        rows.iter()
                            .map(|(_, g)| g.current_level.as_deref())
                            .collect(),
                    )?
                    .col("score", rows.iter().map(|(_, g)| g.score).collect())?
                    .col(
                        "status",
                        rows.iter()
                            .map(|(_, g)| match g.status {
                                proficient::scoring::screen::GapStatus::NoEvidence => "no_evidence",
                                proficient::scoring::screen::GapStatus::InsufficientEvidence => {
                                    "insufficient_evidence"
                                }
                                proficient::scoring::screen::GapStatus::BelowLevel => "below_level",
                            })
                            .collect(),
                    )?
            }
            "rejected" => rejected_columns(t, &r.rejected)?,
            other => return Err(unknown_table(other, "`candidates`, `gaps`, `rejected`")),
        };
        Ok(t.dict)
    }
}

// ---------------------------------------------------------------------------
// Cohort, equality, Delphi: thin calls into `proficient::analysis::{cohort,
// equality, delphi}`; results cross as the JSON the CLI prints with `--format json`.

/// A text file for the analyses, read as the CLI reads it (bounded,
/// decoded; see `proficient::input`); errors (I/O, encoding, size) are
/// raised as `EvidenceError` naming the file.
fn analysis_text<P: proficient::base::error::FileProblem>(
    py: Python<'_>,
    path: &str,
) -> PyResult<String> {
    proficient::input::read_table::<P>(Path::new(path))
        .map_err(|e| error(py, "EvidenceError", &e.diagnostics()))
}

fn data_error(py: Python<'_>, mut diags: Vec<Diagnostic>, file: Option<&str>) -> PyErr {
    if let Some(f) = file {
        for d in &mut diags {
            d.file = Some(f.to_string());
        }
    }
    error(py, "EvidenceError", &diags)
}

/// Delphi analysis of ratings (CSV file `ratings_path`, or a JSON array of
/// rating objects `ratings_json`), with an optional item list (CSV file or
/// JSON array); returns the result as JSON.
#[pyfunction]
#[pyo3(signature = (*, ratings_path = None, ratings_json = None, items_path = None, items_json = None, consensus = 0.7, stability = 0.15))]
fn delphi(
    py: Python<'_>,
    ratings_path: Option<&str>,
    ratings_json: Option<&str>,
    items_path: Option<&str>,
    items_json: Option<&str>,
    consensus: f64,
    stability: f64,
) -> PyResult<String> {
    use proficient::analysis::delphi as d;
    let items: Option<Vec<d::ItemInfo>> = match (items_path, items_json) {
        (Some(p), _) => {
            let text = analysis_text::<d::RatingsProblem>(py, p)?;
            Some(d::read_items_csv(&text).map_err(|e| data_error(py, e.diagnostics(), Some(p)))?)
        }
        (None, Some(j)) => Some(serde_json::from_str(j).map_err(|e| {
            PyValueError::new_err(format!(
                "items must be a list of dicts with `item`, `label`, `category`, `competency`: {e}"
            ))
        })?),
        (None, None) => None,
    };
    let mut analysis = d::Delphi::new();
    let read = match (ratings_path, ratings_json) {
        (Some(p), _) => {
            let text = analysis_text::<d::RatingsProblem>(py, p)?;
            let r = if p.to_ascii_lowercase().ends_with(".json") {
                d::read_ratings_json(&text, |r, line| analysis.push(r, line))
            } else {
                d::read_ratings_csv(&text, |r, line| analysis.push(r, line))
            };
            r.map_err(|e| data_error(py, e.diagnostics(), Some(p)))
        }
        (None, Some(j)) => d::read_ratings_json(j, |r, line| analysis.push(r, line))
            .map_err(|e| data_error(py, e.diagnostics(), None)),
        (None, None) => Err(PyTypeError::new_err("ratings are required")),
    };
    read?;
    let options = d::DelphiOptions {
        consensus,
        stability,
    };
    let r = catch_unwind(AssertUnwindSafe(|| {
        analysis.finish(items.as_deref(), &options)
    }));
    match r {
        Ok(Ok(result)) => to_json(&result, true),
        Ok(Err(e)) => Err(PyValueError::new_err(e.to_string())),
        Err(_) => Err(internal("analysing ratings")),
    }
}

/// Equality monitoring of a yes/no outcome by group (and period) in a
/// people CSV (file `people_path`, or text `people_csv`); returns the
/// result as JSON, with small cells suppressed.
#[pyfunction]
#[pyo3(signature = (*, group, outcome, people_path = None, people_csv = None, period = None, reason = None, reference = None, min_cell = 10))]
#[allow(clippy::too_many_arguments)]
fn equality(
    py: Python<'_>,
    group: &str,
    outcome: &str,
    people_path: Option<&str>,
    people_csv: Option<&str>,
    period: Option<&str>,
    reason: Option<&str>,
    reference: Option<&str>,
    min_cell: u64,
) -> PyResult<String> {
    use proficient::analysis::equality as eq;
    let options = eq::EqualityOptions {
        group: group.to_string(),
        outcome: outcome.to_string(),
        period: period.map(str::to_string),
        reason: reason.map(str::to_string),
        reference: reference.map(str::to_string),
        min_cell,
    };
    let (text, file) = match (people_path, people_csv) {
        (Some(p), _) => (analysis_text::<eq::PeopleProblem>(py, p)?, Some(p)),
        (None, Some(t)) => (t.to_string(), None),
        (None, None) => return Err(PyTypeError::new_err("people are required")),
    };
    let people =
        eq::read_people(&text, &options).map_err(|e| data_error(py, e.diagnostics(), file))?;
    match catch_unwind(AssertUnwindSafe(|| eq::analyse(&people, &options))) {
        Ok(Ok(result)) => to_json(&result, true),
        Ok(Err(e)) => Err(PyValueError::new_err(e.to_string())),
        Err(_) => Err(internal("analysing people")),
    }
}

/// The cohort view of evidence scored against a framework (evidence as in
/// [`score`]), with the screening against `profile` and the plans in
/// `plans_path` when given; returns the result as JSON.
#[pyfunction]
#[pyo3(signature = (framework, evidence, *, as_of = None, policy = None, policy_file = None, text_format = None, profile = None, plans_path = None, min_holders = 2, level = "competent"))]
#[allow(clippy::too_many_arguments)]
fn cohort(
    py: Python<'_>,
    framework: &NativeFramework,
    evidence: &Bound<'_, PyAny>,
    as_of: Option<&str>,
    policy: Option<&str>,
    policy_file: Option<&str>,
    text_format: Option<&str>,
    profile: Option<&NativeProfile>,
    plans_path: Option<&str>,
    min_holders: u32,
    level: &str,
) -> PyResult<String> {
    let fw = framework.fw.clone();
    let as_of = parse_as_of(as_of)?;
    let policy = scoring_policy(py, &fw, policy, policy_file)?;
    let plans = plans_path
        .map(|p| proficient::trainer::plans::Plans::from_path(p, &fw))
        .transpose()
        .map_err(|e| load_error(py, "FrameworkError", &e))?;
    let source = source(py, evidence, text_format)?;
    let worker = fw.clone();
    let scores = py.detach(move || {
        catch_unwind(AssertUnwindSafe(|| {
            run(&worker, source, as_of, policy, Explain::None)
        }))
    });
    let scores = match scores {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return Err(evidence_error(py, &e)),
        Err(_) => return Err(internal("scoring")),
    };
    let prof = profile.map(|p| p.profile.clone());
    let screened = prof
        .as_ref()
        .map(|p| proficient::screen(p, &fw, scores.clone()));
    let options = proficient::analysis::cohort::CohortOptions {
        level: level.to_string(),
        min_holders,
    };
    let r = catch_unwind(AssertUnwindSafe(|| {
        proficient::analysis::cohort::cohort(
            &fw,
            &scores,
            prof.as_deref().zip(screened.as_ref()),
            plans.as_ref(),
            &options,
        )
    }));
    match r {
        Ok(Ok(result)) => to_json(&result, true),
        Ok(Err(e)) => Err(PyValueError::new_err(e.to_string())),
        Err(_) => Err(internal("building the cohort view")),
    }
}

/// The native part of the `proficient` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<NativeFramework>()?;
    m.add_class::<NativeProfile>()?;
    m.add_class::<NativeScoreResult>()?;
    m.add_class::<NativeScreenResult>()?;
    m.add_function(wrap_pyfunction!(load_framework, m)?)?;
    m.add_function(wrap_pyfunction!(framework_from_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(load_profile, m)?)?;
    m.add_function(wrap_pyfunction!(profile_from_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(shipped_frameworks, m)?)?;
    m.add_function(wrap_pyfunction!(shipped_profiles, m)?)?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(screen, m)?)?;
    m.add_function(wrap_pyfunction!(cohort, m)?)?;
    m.add_function(wrap_pyfunction!(equality, m)?)?;
    m.add_function(wrap_pyfunction!(delphi, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::load_plans, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::load_cpd, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::progress, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::cpd_summary, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::cpd_evidence, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::report, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::import_case, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::export_case, m)?)?;
    m.add_function(wrap_pyfunction!(trainer::badge, m)?)?;
    Ok(())
}
