//! `proficient._native`: the Python extension of the `proficient` engine.
//!
//! A thin shell over `proficient::api`: [`call`] runs an operation with
//! its options as JSON (the Python package turns keyword arguments into
//! them) and gives the result as the JSON every surface writes. What only
//! Python has crosses as sources ([`host::Given`]): loaded frameworks and
//! profiles, file objects, Arrow C streams (pyarrow, polars, pandas
//! through pyarrow), and documents or records made from Python values.
//!
//! A [`Failure`] is raised as an exception of `proficient.errors`, built
//! there from its JSON. The GIL is released while a call runs, and a panic
//! (there should be none) becomes a `RuntimeError`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use proficient::api::host::{self, Given, Positions};
use proficient::api::source::{Once, TextSource};
use proficient::api::{Failure, Source};
use proficient::evidence::{EvidenceError, Problem};
use proficient::{Framework, Profile};
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyDict, PyString};

/// The exception of `proficient.errors` for `failure`.
fn raise(py: Python<'_>, failure: &Failure) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let json = serde_json::to_string(failure)
            .map_err(|e| PyRuntimeError::new_err(format!("cannot render an error: {e}")))?;
        let errors = py.import("proficient.errors")?;
        Ok(PyErr::from_value(
            errors.getattr("_failure")?.call1((json,))?,
        ))
    };
    build().unwrap_or_else(|e| e)
}

/// Runs `f` without the GIL; a failure is raised, a panic is a `RuntimeError`.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Failure> + Send) -> PyResult<T> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(failure)) => Err(raise(py, &failure)),
        Err(_) => Err(PyRuntimeError::new_err(
            "internal error in proficient; please report it",
        )),
    }
}

fn to_json<T: serde::Serialize>(value: &T, pretty: bool) -> PyResult<String> {
    let r = if pretty {
        proficient::render::json::to_json(value)
    } else {
        serde_json::to_string(value)
    };
    r.map_err(|e| PyRuntimeError::new_err(format!("cannot render JSON: {e}")))
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

    /// The framework the profile was checked against.
    #[getter]
    fn framework(&self) -> NativeFramework {
        NativeFramework {
            fw: self.fw.clone(),
        }
    }
}

/// A Python file object (anything with `read(size)` giving bytes or str),
/// read as it streams: each read takes the GIL for the call.
struct PyReader {
    file: Py<PyAny>,
    pending: Vec<u8>,
    at: usize,
}

impl std::io::Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.pending.len() {
            self.pending = Python::attach(|py| -> PyResult<Vec<u8>> {
                let data = self.file.bind(py).call_method1("read", (1usize << 16,))?;
                if let Ok(b) = data.cast::<PyBytes>() {
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
/// PyCapsule interface).
#[allow(unsafe_code)]
fn arrow_stream(obj: &Bound<'_, PyAny>) -> PyResult<Result<Source, Failure>> {
    let capsule = obj.call_method1("__arrow_c_stream__", (obj.py().None(),))?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("`__arrow_c_stream__` did not return a PyCapsule"))?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: a capsule named `arrow_array_stream` holds a pointer to an
    // initialised `ArrowArrayStream` (Arrow PyCapsule interface). `from_raw`
    // moves the stream out and leaves a released one behind, so the
    // capsule's destructor does not release it a second time.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
    Ok(match RecordBatchStreamReader::try_new(stream) {
        Ok(r) => Ok(Source::Arrow(Once::new(Box::new(r)))),
        Err(e) => Err(Failure::evidence(&EvidenceError::one(
            Default::default(),
            Problem::Io(format!("cannot read Arrow data: {e}")),
        ))),
    })
}

/// The source of a Python value: a loaded framework or profile, `(how,
/// text)` with `how` `text` (every position kept), `records` (JSON Lines
/// rows: lines kept) or `document` (no positions), an object with
/// `__arrow_c_stream__`, or a file object.
fn given(py: Python<'_>, option: String, obj: &Bound<'_, PyAny>) -> PyResult<Given> {
    let mut positions = Positions::All;
    let source = if let Ok(f) = obj.cast::<NativeFramework>() {
        Source::Framework(f.get().fw.clone())
    } else if let Ok(p) = obj.cast::<NativeProfile>() {
        Source::Profile(p.get().profile.clone())
    } else if let Ok((how, text)) = obj.extract::<(String, String)>() {
        positions = match how.as_str() {
            "records" => Positions::Line,
            "document" => Positions::None,
            _ => Positions::All,
        };
        Source::Text(TextSource { text, name: None })
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        // A workbook's bytes (`.xlsx`, `.xlsm`, `.ods`).
        Source::Bytes {
            bytes: b.as_bytes().into(),
            name: None,
        }
    } else if obj.hasattr("__arrow_c_stream__")? {
        arrow_stream(obj)?.map_err(|f| raise(py, &f))?
    } else if obj.hasattr("read")? {
        Source::Reader(Once::new(Box::new(PyReader {
            file: obj.clone().unbind(),
            pending: Vec::new(),
            at: 0,
        })))
    } else {
        return Err(PyTypeError::new_err(format!(
            "cannot read {} as `{option}`",
            obj.get_type().name()?
        )));
    };
    Ok(Given {
        option,
        source,
        positions,
    })
}

fn sources(py: Python<'_>, sources: &Bound<'_, PyDict>) -> PyResult<Vec<Given>> {
    sources
        .iter()
        .map(|(k, v)| given(py, k.extract()?, &v))
        .collect()
}

/// Runs `operation` with `options` (JSON) and `sources` (option name →
/// value, see [`given`]); gives the result as JSON.
#[pyfunction]
fn call(
    py: Python<'_>,
    operation: &str,
    options: &str,
    sources: &Bound<'_, PyDict>,
) -> PyResult<String> {
    let given = self::sources(py, sources)?;
    run(py, || host::call(operation, options, &given))
}

/// A score or screening result, rendered as JSON when asked.
#[pyclass(frozen, module = "proficient._native", name = "Result")]
struct NativeResult(Scored);

enum Scored {
    Score(proficient::scoring::score::ScoreResult),
    Screen(Box<proficient::api::scoring::Screened>),
}

#[pymethods]
impl NativeResult {
    /// The result as JSON, exactly as every surface writes it when `pretty`.
    #[pyo3(signature = (*, pretty = true))]
    fn to_json(&self, pretty: bool) -> PyResult<String> {
        match &self.0 {
            Scored::Score(r) => to_json(r, pretty),
            // With a people file, the result's fields and `adverse_impact`.
            Scored::Screen(s) => to_json(&s.json(), pretty),
        }
    }
}

/// Runs `score` or `screen` as [`call`] does; gives the result itself.
#[pyfunction]
fn scored(
    py: Python<'_>,
    operation: &str,
    options: &str,
    sources: &Bound<'_, PyDict>,
) -> PyResult<NativeResult> {
    let given = self::sources(py, sources)?;
    run(py, || match operation {
        "screen" => host::screen(options, &given).map(|s| Scored::Screen(Box::new(s))),
        _ => host::score(options, &given).map(Scored::Score),
    })
    .map(NativeResult)
}

/// Loads the framework `source` (a shipped name or path, or `(how, text)`).
#[pyfunction]
fn framework(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<NativeFramework> {
    let g = source_of(py, source)?;
    let fw = run(py, || proficient::api::source::framework(&g, "framework"))?;
    Ok(NativeFramework { fw })
}

/// Loads the role profile `source`, checked against `framework` (default:
/// the shipped framework it names).
#[pyfunction]
#[pyo3(signature = (source, framework = None))]
fn profile(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    framework: Option<&NativeFramework>,
) -> PyResult<NativeProfile> {
    let g = source_of(py, source)?;
    let fw = framework.map(|f| f.fw.clone());
    let (p, fw) = run(py, || proficient::api::source::profile(&g, fw, "profile"))?;
    Ok(NativeProfile {
        profile: Arc::new(p),
        fw,
    })
}

fn source_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    match obj.extract::<String>() {
        Ok(name) => Ok(Source::Name(name)),
        Err(_) => Ok(given(py, String::new(), obj)?.source),
    }
}

/// Imports a CASE package: the framework and the notes as JSON.
#[pyfunction]
fn import_case(
    py: Python<'_>,
    options: &str,
    sources: &Bound<'_, PyDict>,
) -> PyResult<(NativeFramework, String)> {
    let given = self::sources(py, sources)?;
    let imported = run(py, || host::import_case(options, &given))?;
    let fw = Arc::new(imported.framework);
    Ok((NativeFramework { fw }, to_json(&imported.notes, false)?))
}

/// Exports a framework as a CASE package: the package's text, and the
/// replaced identifiers and the notes as JSON.
#[pyfunction]
fn export_case(
    py: Python<'_>,
    options: &str,
    sources: &Bound<'_, PyDict>,
) -> PyResult<(String, String, String)> {
    let given = self::sources(py, sources)?;
    let export = run(py, || {
        proficient::api::interop::export_case(&host::options(options, &given)?)
    })?;
    Ok((
        export.json(),
        to_json(&export.replaced, false)?,
        to_json(&export.notes, false)?,
    ))
}

/// Runs `operation` as [`call`] does and gives its result as the bytes
/// of an `.xlsx` workbook (`render`: JSON, e.g. the cohort's `view`).
#[pyfunction]
fn workbook<'py>(
    py: Python<'py>,
    operation: &str,
    options: &str,
    sources: &Bound<'py, PyDict>,
    render: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let given = self::sources(py, sources)?;
    let bytes = run(py, || {
        proficient::api::workbook::call_workbook(
            operation,
            options,
            render,
            &given,
            proficient::api::Env::default(),
        )
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// The names of the shipped frameworks and profiles.
#[pyfunction]
fn shipped() -> (Vec<&'static str>, Vec<&'static str>) {
    use proficient::model::shipped as s;
    (s::framework_names(), s::profile_names())
}

/// The native part of the `proficient` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<NativeFramework>()?;
    m.add_class::<NativeProfile>()?;
    m.add_class::<NativeResult>()?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(scored, m)?)?;
    m.add_function(wrap_pyfunction!(framework, m)?)?;
    m.add_function(wrap_pyfunction!(profile, m)?)?;
    m.add_function(wrap_pyfunction!(import_case, m)?)?;
    m.add_function(wrap_pyfunction!(export_case, m)?)?;
    m.add_function(wrap_pyfunction!(workbook, m)?)?;
    m.add_function(wrap_pyfunction!(shipped, m)?)?;
    Ok(())
}
