//! The second module (feature `extra`): every operation through
//! `proficient::api`. [`call`] runs one with its options value as JSON
//! (`schemas/<op>-options.schema.json`); what JSON cannot carry crosses
//! beside it: the bytes of documents given as text or bytes (`inputs`,
//! one after the other, `lengths` long, for the option fields named in
//! `fields`; in the JSON each such field is `{"text": "", "name": ...}`,
//! whose `name` the bytes keep) and a framework loaded here (a handle).

use std::sync::Arc;

use proficient::api::{self, Failure, Source};
use wasm_bindgen::prelude::*;

use proficient_wasm_hot as hot;

use crate::{fail, json_failure, to_json, FrameworkHandle, ProfileHandle};

fn hot(json: serde_json::Result<String>) -> Result<String, String> {
    json.map_err(|e| json_failure(&e))
}

/// The options fields of an operation that take a document ([`Source`]).
trait Inputs {
    fn input(&mut self, field: &str) -> Option<&mut Source>;
}

macro_rules! inputs {
    ($($t:ty: [$($f:ident),*] [$($o:ident),*];)*) => {$(
        impl Inputs for $t {
            fn input(&mut self, field: &str) -> Option<&mut Source> {
                match field {
                    $(stringify!($f) => Some(&mut self.$f),)*
                    $(stringify!($o) => self.$o.as_mut(),)*
                    _ => None,
                }
            }
        }
    )*};
}

inputs! {
    api::ScoreOptions: [framework, evidence] [policy];
    api::ScreenOptions: [profile, evidence] [framework, policy];
    api::trainer::ProgressOptions: [framework, evidence, plans] [cpd, policy];
    api::trainer::CpdOptions: [framework, cpd] [];
    api::trainer::ReportOptions: [framework, evidence] [plans, cpd, policy];
    api::analysis::CohortOptions: [framework, evidence] [profile, plans, policy];
    api::analysis::EqualityOptions: [people] [];
    api::analysis::DelphiOptions: [ratings] [items, framework];
    api::interop::BadgeOptions: [framework, evidence, issuer] [policy];
    api::interop::ImportCaseOptions: [package] [];
    api::interop::ExportCaseOptions: [framework] [];
    api::generate::GenerateOptions: [] [framework];
}

/// `validate`'s documents: `files[0]`, `files[1]`, ...
impl Inputs for api::model::ValidateOptions {
    fn input(&mut self, field: &str) -> Option<&mut Source> {
        let index = field.strip_prefix("files[")?.strip_suffix(']')?;
        self.files.get_mut(index.parse::<usize>().ok()?)
    }
}

/// The documents of a call that cross as bytes or handles.
struct Given<'a> {
    data: &'a [u8],
    lengths: &'a [u32],
    fields: &'a str,
    framework: Option<&'a FrameworkHandle>,
    /// The host's clock (seconds since 1970, UTC): see [`api::Env::now`].
    now: Option<i64>,
}

/// The options of an operation read from JSON, with the documents given.
fn options<T: serde::de::DeserializeOwned + Inputs>(
    json: &str,
    given: &Given,
) -> Result<T, Failure> {
    let mut o: T = api::options_from_json(json)?;
    let mut rest = given.data;
    let fields = given.fields.split(',').filter(|f| !f.is_empty());
    for (field, &len) in fields.zip(given.lengths) {
        let (bytes, tail) = rest.split_at(usize::try_from(len).unwrap_or(0).min(rest.len()));
        rest = tail;
        set(&mut o, field, |name| Source::Bytes {
            bytes: bytes.into(),
            name,
        })?;
    }
    if let Some(h) = given.framework {
        set(&mut o, "framework", |_| {
            Source::Framework(Arc::clone(&h.inner))
        })?;
    }
    Ok(o)
}

fn set<T: Inputs>(
    o: &mut T,
    field: &str,
    make: impl FnOnce(Option<String>) -> Source,
) -> Result<(), Failure> {
    let slot = o
        .input(field)
        .ok_or_else(|| Failure::option(field, "not a document of this operation".into()))?;
    let name = match slot {
        Source::Text(t) => t.name.clone(),
        _ => None,
    };
    *slot = make(name);
    Ok(())
}

fn run(operation: &str, json: &str, g: &Given) -> Result<String, String> {
    let r = |e: Failure| fail(e);
    let env = api::Env {
        now: g.now,
        ..api::Env::default()
    };
    match operation {
        // The results' JSON written by the hot crate (compiled for speed).
        "score" => hot(hot::score_json(
            &api::score_in(&options(json, g).map_err(r)?, env)
                .map_err(r)?
                .1,
        )),
        "screen" => hot(hot::screen_json(
            &api::screen_in(&options(json, g).map_err(r)?, env)
                .map_err(r)?
                .result,
        )),
        "progress" => {
            to_json(&api::trainer::progress_in(&options(json, g).map_err(r)?, env).map_err(r)?)
        }
        "cpd" => to_json(&api::trainer::cpd(&options(json, g).map_err(r)?).map_err(r)?),
        "report" => {
            to_json(&api::trainer::report_in(&options(json, g).map_err(r)?, env).map_err(r)?)
        }
        "cohort" => to_json(
            &api::analysis::cohort_in(&options(json, g).map_err(r)?, env)
                .map_err(r)?
                .1,
        ),
        "equality" => to_json(&api::analysis::equality(&options(json, g).map_err(r)?).map_err(r)?),
        "delphi" => to_json(&api::analysis::delphi(&options(json, g).map_err(r)?).map_err(r)?),
        "badge" => to_json(&api::interop::badge_in(&options(json, g).map_err(r)?, env).map_err(r)?),
        "validate" => to_json(&api::model::validate(&options(json, g).map_err(r)?).map_err(r)?),
        "list" => to_json(&api::model::list(&api::options_from_json(json).map_err(r)?).map_err(r)?),
        "schema" => api::schema(&api::options_from_json(json).map_err(r)?).map_err(r),
        "generate" => {
            let mut text = Vec::new();
            api::generate::generate(&options(json, g).map_err(r)?)
                .map_err(r)?
                .write_text(&mut text)
                .map_err(|e| r(Failure::option("format", e.to_string())))?;
            to_json(&String::from_utf8_lossy(&text))
        }
        "export_case" => {
            let e = api::interop::export_case_in(&options(json, g).map_err(r)?, env).map_err(r)?;
            let json = e.json();
            to_json(&serde_json::json!({"json": json, "replaced": e.replaced, "notes": e.notes}))
        }
        other => Err(fail(Failure::option(
            "operation",
            format!("unknown operation `{other}`"),
        ))),
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
    fields: &str,
    now: Option<i64>,
) -> Result<String, String> {
    run(
        operation,
        options,
        &Given {
            data,
            lengths,
            fields,
            framework: None,
            now,
        },
    )
}

/// [`call`] with the `framework` option a framework of this module.
#[wasm_bindgen(js_name = callWith)]
pub fn call_with(
    framework: &FrameworkHandle,
    operation: &str,
    options: &str,
    data: &[u8],
    lengths: &[u32],
    fields: &str,
    now: Option<i64>,
) -> Result<String, String> {
    run(
        operation,
        options,
        &Given {
            data,
            lengths,
            fields,
            framework: Some(framework),
            now,
        },
    )
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

/// Development plans (YAML or JSON bytes) checked against `framework`, as JSON.
#[wasm_bindgen(js_name = loadPlans)]
pub fn load_plans(
    framework: &FrameworkHandle,
    data: &[u8],
    file: Option<String>,
) -> Result<String, String> {
    to_json(&api::trainer::plans(&bytes(data, file), &framework.inner).map_err(fail)?)
}

/// CPD activities (YAML, JSON, or CSV for a file named `.csv`) checked
/// against `framework`, as JSON; `evidence`: the evidence items their
/// rules make instead.
#[wasm_bindgen(js_name = loadCpd)]
pub fn load_cpd(
    framework: &FrameworkHandle,
    data: &[u8],
    file: Option<String>,
    evidence: bool,
) -> Result<String, String> {
    let cpd = api::trainer::cpd_activities(&bytes(data, file), &framework.inner).map_err(fail)?;
    if evidence {
        to_json(&cpd.evidence())
    } else {
        to_json(&cpd)
    }
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
/// and the package's bytes.
#[wasm_bindgen(js_name = importCase)]
pub fn import_case(options: &str, data: &[u8]) -> Result<CaseImportHandle, String> {
    let lengths = [u32::try_from(data.len()).unwrap_or(u32::MAX)];
    let g = Given {
        data,
        lengths: &lengths,
        fields: "package",
        framework: None,
        now: None,
    };
    let o: api::interop::ImportCaseOptions = self::options(options, &g).map_err(fail)?;
    let imported = api::interop::import_case(&o).map_err(fail)?;
    Ok(CaseImportHandle {
        framework: Arc::new(imported.framework),
        notes: to_json(&imported.notes)?,
    })
}
