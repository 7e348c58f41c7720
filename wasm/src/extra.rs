//! The second module (feature `extra`): every operation through
//! `proficient::api::host::call`. [`call`] runs one with its options value
//! as JSON (`schemas/<op>-options.schema.json`, without the options given
//! beside it); what JSON cannot carry crosses beside it: the bytes of
//! documents (`data`, one after the other, `lengths` long), each
//! described in `sources` ([`Part`]), and a framework loaded here (a handle).

use std::sync::Arc;

use proficient::api::host::{self, Given, Positions};
use proficient::api::{self, Source};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use proficient_wasm_hot as hot;

use crate::{fail, json_failure, to_json, FrameworkHandle, ProfileHandle};

/// How the caller gave a document.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum How {
    /// Text or bytes the caller wrote: every position is theirs.
    Text,
    /// Records from the caller's objects, one a line: the line is the
    /// record's position.
    Rows,
    /// A document made from the caller's object: no position is theirs.
    Object,
}

/// A document of `data`: the option it is, its file name, how it was given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    option: String,
    #[serde(default)]
    name: Option<String>,
    given: How,
}

/// The sources of a call: the documents of `data` and `framework`.
fn given(
    data: &[u8],
    lengths: &[u32],
    sources: &str,
    framework: Option<&FrameworkHandle>,
) -> Result<Vec<Given>, String> {
    let parts: Vec<Part> = serde_json::from_str(sources).map_err(|e| json_failure(&e))?;
    let mut rest = data;
    let mut out = Vec::with_capacity(parts.len() + 1);
    for (part, &len) in parts.into_iter().zip(lengths) {
        let (bytes, tail) = rest.split_at(usize::try_from(len).unwrap_or(0).min(rest.len()));
        rest = tail;
        out.push(Given {
            option: part.option,
            source: Source::Bytes {
                bytes: bytes.into(),
                name: part.name,
            },
            positions: match part.given {
                How::Text => Positions::All,
                How::Rows => Positions::Line,
                How::Object => Positions::None,
            },
        });
    }
    if let Some(h) = framework {
        out.push(Given {
            option: "framework".into(),
            source: Source::Framework(Arc::clone(&h.inner)),
            positions: Positions::All,
        });
    }
    Ok(out)
}

fn hot(json: serde_json::Result<String>) -> Result<String, String> {
    json.map_err(|e| json_failure(&e))
}

/// The call's [`api::Env`]: the host's clock (`now`, seconds since 1970).
fn env(now: Option<i64>) -> api::Env<'static> {
    api::Env {
        now,
        ..api::Env::default()
    }
}

fn run(operation: &str, json: &str, given: &[Given], now: Option<i64>) -> Result<String, String> {
    let env = env(now);
    match operation {
        // The results' JSON written by the hot crate (compiled for speed).
        "score" => hot(hot::score_json(
            &host::score_in(json, given, env).map_err(fail)?,
        )),
        // With a people file the result also holds its adverse impact,
        // which the core writes.
        "screen" => {
            let s = host::screen_in(json, given, env).map_err(fail)?;
            match s.adverse_impact {
                Some(_) => hot(proficient::render::json::to_json(&s.json())),
                None => hot(hot::screen_json(&s.result)),
            }
        }
        "export_case" => {
            let e = host::export_case(json, given, env).map_err(fail)?;
            let json = e.json();
            to_json(&serde_json::json!({"json": json, "replaced": e.replaced, "notes": e.notes}))
        }
        _ => host::call_in(operation, json, given, env).map_err(fail),
    }
}

/// Runs `operation` with its options (JSON) and the documents given as
/// bytes (see the module's documentation); returns the result as JSON.
/// `now`: the host's clock, seconds since 1970 (UTC), which gives the
/// defaults of `as_of` and `at` ([`api::Env::now`]).
#[wasm_bindgen]
pub fn call(
    operation: &str,
    options: &str,
    data: &[u8],
    lengths: &[u32],
    sources: &str,
    now: Option<i64>,
) -> Result<String, String> {
    run(
        operation,
        options,
        &given(data, lengths, sources, None)?,
        now,
    )
}

/// Runs `operation` (`score`, `screen`, `progress`, `cpd`, `cohort`,
/// `equality`, `export_sheet`) as [`call`] does and returns its result as the bytes of an
/// `.xlsx` workbook (`api::workbook::call_workbook`); `render` as
/// `call_text` takes it (the cohort's `view`). Workbook evidence (or people,
/// CPD, ratings) is given as bytes like any other document.
#[wasm_bindgen]
pub fn workbook(
    operation: &str,
    options: &str,
    render: &str,
    data: &[u8],
    lengths: &[u32],
    sources: &str,
    now: Option<i64>,
) -> Result<Vec<u8>, String> {
    let given = given(data, lengths, sources, None)?;
    api::workbook::call_workbook(operation, options, render, &given, env(now)).map_err(fail)
}

/// [`workbook`] with the `framework` option a framework of this module.
#[wasm_bindgen(js_name = workbookWith)]
#[allow(clippy::too_many_arguments)]
pub fn workbook_with(
    framework: &FrameworkHandle,
    operation: &str,
    options: &str,
    render: &str,
    data: &[u8],
    lengths: &[u32],
    sources: &str,
    now: Option<i64>,
) -> Result<Vec<u8>, String> {
    let given = given(data, lengths, sources, Some(framework))?;
    api::workbook::call_workbook(operation, options, render, &given, env(now)).map_err(fail)
}

/// [`call`] with the `framework` option a framework of this module.
#[wasm_bindgen(js_name = callWith)]
pub fn call_with(
    framework: &FrameworkHandle,
    operation: &str,
    options: &str,
    data: &[u8],
    lengths: &[u32],
    sources: &str,
    now: Option<i64>,
) -> Result<String, String> {
    let given = given(data, lengths, sources, Some(framework))?;
    run(operation, options, &given, now)
}

fn bytes(data: &[u8], file: Option<String>) -> Source {
    Source::Bytes {
        bytes: data.into(),
        name: file,
    }
}

fn handle(inner: Arc<proficient::Framework>) -> FrameworkHandle {
    FrameworkHandle {
        inner,
        shipped: None,
    }
}

/// The YAML of the shipped framework `name` (for those the main module
/// does not carry).
#[wasm_bindgen(js_name = shippedFrameworkYaml)]
pub fn shipped_framework_yaml(name: &str) -> Option<String> {
    proficient::model::shipped::framework_text(name).map(str::to_string)
}

/// A framework by name (a shipped one, read by the core's loader).
#[wasm_bindgen(js_name = frameworkNamed)]
pub fn framework_named(name: &str) -> Result<FrameworkHandle, String> {
    api::source::framework(&Source::Name(name.to_string()), "framework")
        .map(handle)
        .map_err(fail)
}

/// Reads and validates a framework (YAML or JSON bytes); `file` names it.
#[wasm_bindgen(js_name = loadFramework)]
pub fn load_framework(data: &[u8], file: Option<String>) -> Result<FrameworkHandle, String> {
    api::source::framework(&bytes(data, file), "framework")
        .map(handle)
        .map_err(fail)
}

/// Reads a role profile checked against `framework`, or, without one,
/// against the shipped framework it names.
fn profile(
    data: &[u8],
    file: Option<String>,
    fw: Option<&FrameworkHandle>,
) -> Result<ProfileHandle, String> {
    let (inner, _) = api::source::profile(
        &bytes(data, file.clone()),
        fw.map(|f| Arc::clone(&f.inner)),
        "profile",
    )
    .map_err(fail)?;
    Ok(ProfileHandle {
        inner,
        text: String::from_utf8_lossy(data).into_owned(),
        file,
        shipped: None,
    })
}

/// Reads a role profile, checked against the shipped framework it names.
#[wasm_bindgen(js_name = loadProfile)]
pub fn load_profile(data: &[u8], file: Option<String>) -> Result<ProfileHandle, String> {
    profile(data, file, None)
}

/// Reads a role profile, checked against `framework`.
#[wasm_bindgen(js_name = loadProfileFor)]
pub fn load_profile_for(
    data: &[u8],
    file: Option<String>,
    framework: &FrameworkHandle,
) -> Result<ProfileHandle, String> {
    profile(data, file, Some(framework))
}

/// An imported CASE package: the framework and the notes.
#[wasm_bindgen]
pub struct CaseImportHandle {
    framework: Arc<proficient::Framework>,
    notes: String,
}

#[wasm_bindgen]
impl CaseImportHandle {
    /// The framework.
    pub fn framework(&self) -> FrameworkHandle {
        handle(Arc::clone(&self.framework))
    }

    /// JSON of the notes.
    #[wasm_bindgen(getter)]
    pub fn notes(&self) -> String {
        self.notes.clone()
    }
}

/// Imports a CASE 1.1 CFPackage: `import_case` with its options (JSON)
/// and the package as a document of `data` ([`call`]).
#[wasm_bindgen(js_name = importCase)]
pub fn import_case(
    options: &str,
    data: &[u8],
    lengths: &[u32],
    sources: &str,
) -> Result<CaseImportHandle, String> {
    let given = given(data, lengths, sources, None)?;
    let imported = host::import_case(options, &given).map_err(fail)?;
    Ok(CaseImportHandle {
        framework: Arc::new(imported.framework),
        notes: to_json(&imported.notes)?,
    })
}
