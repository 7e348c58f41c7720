//! `proficient-wasm`: the `proficient` engine for web pages and Node.
//!
//! A thin layer over the core crate: frameworks and profiles are loaded and
//! validated by `core`, evidence is read by `core`'s readers and scored by
//! its `Scorer`, and results are handed to JS as plain objects whose field
//! names are those of the CLI's JSON output. The functions exported here are
//! the raw layer; the npm package's `index.js` wraps them (defaults, input
//! conversion, `ProficientError`) and is the public API.
//!
//! Values cross the boundary as JSON text (results, options) and bytes
//! (file contents). Errors are thrown as the JSON of an [`api::Failure`]
//! (`{kind, errors: Diagnostic[]}`), which the wrapper throws as
//! `ProficientError`.
//!
//! The package is two WebAssembly modules built from this crate (see
//! `wasm/build.sh`): the main one (cargo feature `main`: frameworks,
//! profiles, score, screen, the shipped files) and a second one (feature
//! `extra`: cohort, equality, Delphi, plans, CPD, progress, the trainer's
//! report, CASE and badges), so that a page needs only the first. A
//! framework crosses from one module to the other as its JSON, read back
//! by the core's loader ([`api::framework_from_json`]). The host build (and
//! its tests) has both features.

// The `#[wasm_bindgen]` macro expands to `unsafe` glue code.
#![allow(unsafe_code)]

pub mod api;
pub mod bake;
pub mod shipped;
#[cfg(feature = "extra")]
pub mod trainer;

use proficient::scoring::call::CallOptions;
use proficient::{Framework, PolicyOverrides};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{Failure, Kind, LoadedProfile, ScoreOptions};

/// Values cross to JS as JSON text, parsed there with `JSON.parse`: the
/// field names, `null`s and numbers are exactly those of the CLI's JSON
/// output, and no per-field JS calls are needed (smaller and faster than
/// building objects field by field).
fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| json_failure(&e))
}

fn json_failure(e: &serde_json::Error) -> String {
    failure_json(&Failure::single(
        Kind::Options,
        "",
        "internal",
        format!("cannot convert the result to JSON: {e}"),
    ))
}

/// A failure as the JSON text thrown to the wrapper.
fn failure_json(f: &Failure) -> String {
    serde_json::to_string(f).unwrap_or_else(|_| String::from(r#"{"kind":"options","errors":[]}"#))
}

fn fail(f: Failure) -> String {
    failure_json(&f)
}

/// A loaded, validated framework: in the main module a shipped one (baked,
/// see [`shipped`]), in the second module one read from YAML or JSON.
#[wasm_bindgen]
pub struct FrameworkHandle {
    inner: Framework,
    /// Its index among the shipped frameworks, for one made from them.
    shipped: Option<usize>,
}

#[wasm_bindgen]
impl FrameworkHandle {
    /// Framework id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// Version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// The whole framework (the YAML's fields) as JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<String, String> {
        if let Some(json) = self.shipped.and_then(shipped::framework_json) {
            return Ok(json.to_string());
        }
        model_json(&self.inner)
    }
}

/// A framework or profile as JSON: the main module has only shipped ones,
/// whose JSON is baked, and so no serialisation of the model.
#[cfg(feature = "extra")]
fn model_json<T: Serialize>(value: &T) -> Result<String, String> {
    to_json(value)
}

#[cfg(not(feature = "extra"))]
fn model_json<T>(_: &T) -> Result<String, String> {
    Err(fail(Failure::single(
        Kind::Options,
        "",
        "internal",
        "only shipped frameworks and profiles live in the main module".to_string(),
    )))
}

/// A loaded, validated role profile: in the main module a shipped one, in
/// the second module one read from YAML.
#[wasm_bindgen]
pub struct ProfileHandle {
    inner: LoadedProfile,
    /// Its index among the shipped profiles, for one made from them.
    shipped: Option<usize>,
}

#[wasm_bindgen]
impl ProfileHandle {
    /// Profile id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.profile.id.clone()
    }

    /// Role title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.profile.title.clone()
    }

    /// Id of the framework the profile refers to.
    #[wasm_bindgen(getter)]
    pub fn framework(&self) -> String {
        self.inner.profile.framework.clone()
    }

    /// The whole profile as JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<String, String> {
        if let Some(json) = self.shipped.and_then(shipped::profile_json) {
            return Ok(json.to_string());
        }
        model_json(&self.inner.profile)
    }

    /// The profile's YAML, as loaded (the second module reads it again
    /// against the framework of a call).
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.inner.text.clone()
    }

    /// The file name errors about the profile refer to.
    #[wasm_bindgen(getter)]
    pub fn file(&self) -> Option<String> {
        self.inner.file.clone()
    }
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(feature = "main")]
/// A shipped framework by name.
#[wasm_bindgen(js_name = shippedFramework)]
pub fn shipped_framework(name: &str) -> Result<FrameworkHandle, String> {
    let index = api::shipped_framework_index(name).map_err(fail)?;
    api::shipped_framework(name)
        .map(|inner| FrameworkHandle {
            inner,
            shipped: Some(index),
        })
        .map_err(fail)
}

#[cfg(feature = "main")]
/// JSON of `[{name, id, title, version, competencies, yaml}]`, the shipped
/// frameworks.
#[wasm_bindgen(js_name = shippedFrameworks)]
pub fn shipped_frameworks() -> Result<String, String> {
    api::shipped_frameworks()
        .map_err(fail)
        .and_then(|l| to_json(&l))
}

#[cfg(feature = "main")]
/// JSON of `[{name, id, title, framework, requirements, yaml}]`, the
/// shipped role profiles.
#[wasm_bindgen(js_name = shippedProfiles)]
pub fn shipped_profiles() -> Result<String, String> {
    api::shipped_profiles()
        .map_err(fail)
        .and_then(|l| to_json(&l))
}

#[cfg(feature = "main")]
/// The YAML of a shipped profile.
#[wasm_bindgen(js_name = shippedProfileYaml)]
pub fn shipped_profile_yaml(name: &str) -> Result<String, String> {
    api::shipped_profile_text(name)
        .map(str::to_string)
        .map_err(fail)
}

#[cfg(feature = "main")]
/// A shipped role profile, valid against the shipped framework it names;
/// `undefined` when it is not (the second module then reads its YAML for
/// the errors).
#[wasm_bindgen(js_name = shippedProfile)]
pub fn shipped_profile(name: &str) -> Result<Option<ProfileHandle>, String> {
    shipped_profile_handle(name, None)
}

#[cfg(feature = "main")]
/// A shipped role profile, valid against `framework` (a shipped one);
/// `undefined` when it is not.
#[wasm_bindgen(js_name = shippedProfileFor)]
pub fn shipped_profile_for(
    name: &str,
    framework: &FrameworkHandle,
) -> Result<Option<ProfileHandle>, String> {
    match framework.shipped {
        Some(index) => shipped_profile_handle(name, Some(index)),
        None => Ok(None),
    }
}

#[cfg(feature = "main")]
fn shipped_profile_handle(
    name: &str,
    framework: Option<usize>,
) -> Result<Option<ProfileHandle>, String> {
    let index = shipped::profile_index(name);
    api::shipped_profile(name, framework)
        .map(|p| {
            p.map(|inner| ProfileHandle {
                inner,
                shipped: index,
            })
        })
        .map_err(fail)
}

#[cfg(feature = "main")]
/// Whether `profile` (shipped) is valid against `framework` (shipped), so
/// that [`screen`] can use it here.
#[wasm_bindgen(js_name = profileFits)]
pub fn profile_fits(profile: &ProfileHandle, framework: &FrameworkHandle) -> bool {
    match (profile.shipped, framework.shipped) {
        (Some(p), Some(f)) => shipped::fits(p, f),
        _ => false,
    }
}

#[cfg(feature = "extra")]
/// A framework from the JSON of [`FrameworkHandle::to_json`] (of this
/// module or the other one), read and validated again by the core's loader.
#[wasm_bindgen(js_name = frameworkFromJson)]
pub fn framework_from_json(json: &str) -> Result<FrameworkHandle, String> {
    api::framework_from_json(json)
        .map(|inner| FrameworkHandle {
            inner,
            shipped: None,
        })
        .map_err(fail)
}

#[cfg(feature = "extra")]
/// Reads and validates a framework from YAML or JSON bytes (UTF-8); `file`
/// names it in errors.
#[wasm_bindgen(js_name = loadFramework)]
pub fn load_framework(source: &[u8], file: Option<String>) -> Result<FrameworkHandle, String> {
    api::load_framework(source, file.as_deref())
        .map(|inner| FrameworkHandle {
            inner,
            shipped: None,
        })
        .map_err(fail)
}

#[cfg(feature = "extra")]
/// Reads a role profile, checked against the shipped framework it names.
#[wasm_bindgen(js_name = loadProfile)]
pub fn load_profile(source: &[u8], file: Option<String>) -> Result<ProfileHandle, String> {
    api::load_profile(source, file.as_deref(), None)
        .map(|inner| ProfileHandle {
            inner,
            shipped: None,
        })
        .map_err(fail)
}

#[cfg(feature = "extra")]
/// Reads a role profile, checked against `framework`.
#[wasm_bindgen(js_name = loadProfileFor)]
pub fn load_profile_for(
    source: &[u8],
    file: Option<String>,
    framework: &FrameworkHandle,
) -> Result<ProfileHandle, String> {
    api::load_profile(source, file.as_deref(), Some(&framework.inner))
        .map(|inner| ProfileHandle {
            inner,
            shipped: None,
        })
        .map_err(fail)
}

#[cfg(feature = "extra")]
fn path_message<E: std::fmt::Display>(e: &serde_path_to_error::Error<E>) -> (String, String) {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    (path, e.inner().to_string())
}

/// Strips serde_json's ` at line L column C` (the position in the JSON
/// text the wrapper made, which the caller never saw).
#[cfg(feature = "extra")]
fn bare(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// The options object of `score`, `screen` and the calls that score
/// (`{asOf, explain, format, file}`, `asOf` filled in by the wrapper), read
/// by the core's reader.
fn options(json: &str) -> Result<ScoreOptions, Failure> {
    let raw = CallOptions::from_json(json).map_err(|e| Failure::option(&e.path, e.message))?;
    Ok(ScoreOptions {
        as_of: raw.as_of,
        explain: raw.explain,
        format: api::evidence_format(raw.format.as_deref())?,
        file: raw.file,
    })
}

/// The policy overrides (`policy` option), read by the core's reader.
fn overrides(json: Option<String>) -> Result<PolicyOverrides, Failure> {
    let Some(json) = json else {
        return Ok(PolicyOverrides::default());
    };
    PolicyOverrides::from_json(&json)
        .map_err(|e| Failure::single(Kind::Policy, &e.path, "shape", e.message))
}

/// Scores evidence bytes (CSV, JSON Lines or a JSON array) against
/// `framework` (in either module: a shipped framework in the main one, a
/// loaded one in the second). `options`: JSON of `{asOf, explain, format, file}`;
/// `policy`: JSON of the overrides of the framework's evidence policy.
/// Returns the result as JSON text.
#[wasm_bindgen]
pub fn score(
    framework: &FrameworkHandle,
    evidence: &[u8],
    options: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let opts = self::options(options).map_err(fail)?;
    let overrides = self::overrides(policy).map_err(fail)?;
    let result = api::score(&framework.inner, evidence, &opts, &overrides).map_err(fail)?;
    proficient_wasm_hot::score_json(&result).map_err(|e| json_failure(&e))
}

#[cfg(feature = "main")]
/// Scores evidence and screens every worker against `profile`, a shipped
/// profile valid against the shipped `framework` ([`profile_fits`]; other
/// pairs are screened by the second module's [`screen_with_profile`]);
/// arguments as for [`score`].
#[wasm_bindgen]
pub fn screen(
    framework: &FrameworkHandle,
    profile: &ProfileHandle,
    evidence: &[u8],
    options: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let opts = self::options(options).map_err(fail)?;
    let overrides = self::overrides(policy).map_err(fail)?;
    if !profile_fits(profile, framework) {
        return Err(fail(Failure::single(
            Kind::Profile,
            "",
            "internal",
            "the main module screens only shipped profiles against the shipped frameworks they fit"
                .to_string(),
        )));
    }
    let result = api::screen_checked(
        &framework.inner,
        &profile.inner.profile,
        evidence,
        &opts,
        &overrides,
    )
    .map_err(fail)?;
    proficient_wasm_hot::screen_json(&result).map_err(|e| json_failure(&e))
}

#[cfg(feature = "extra")]
/// Scores evidence and screens every worker against a role profile (its
/// YAML and file name, as a profile of either module keeps them; it is
/// read against `framework`); other arguments as for [`score`].
#[wasm_bindgen(js_name = screenWithProfile)]
pub fn screen_with_profile(
    framework: &FrameworkHandle,
    profile: &[u8],
    profile_file: Option<String>,
    evidence: &[u8],
    options: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let opts = self::options(options).map_err(fail)?;
    let overrides = self::overrides(policy).map_err(fail)?;
    let fw = &framework.inner;
    let profile = api::load_profile(profile, profile_file.as_deref(), Some(fw)).map_err(fail)?;
    let result = api::screen(fw, &profile, evidence, &opts, &overrides).map_err(fail)?;
    proficient_wasm_hot::screen_json(&result).map_err(|e| json_failure(&e))
}

#[cfg(feature = "extra")]
/// Equality monitoring of a yes/no outcome in a people CSV. `options`: JSON
/// of `{group, outcome, period, reason, reference, min_cell, file}`.
/// Returns the result as JSON text.
#[wasm_bindgen]
pub fn equality(people: &[u8], options: &str) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        group: String,
        outcome: String,
        #[serde(default)]
        period: Option<String>,
        #[serde(default)]
        reason: Option<String>,
        #[serde(default)]
        reference: Option<String>,
        #[serde(default)]
        min_cell: Option<u64>,
        #[serde(default)]
        file: Option<String>,
    }
    let mut de = serde_json::Deserializer::from_str(options);
    let raw: Raw = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| {
            let (path, message) = path_message(&e);
            Failure::option(&path, bare(&message))
        })
        .map_err(fail)?;
    let options = proficient::analysis::equality::EqualityOptions {
        group: raw.group,
        outcome: raw.outcome,
        period: raw.period,
        reason: raw.reason,
        reference: raw.reference,
        min_cell: raw
            .min_cell
            .unwrap_or(proficient::analysis::equality::DEFAULT_MIN_CELL),
    };
    let result = api::equality(people, &options, raw.file.as_deref()).map_err(fail)?;
    to_json(&result)
}

#[cfg(feature = "extra")]
/// Delphi analysis of ratings (CSV, or a JSON array with `format: "json"`)
/// with an optional item list (CSV). `options`: JSON of `{consensus,
/// stability, format, file}`. Returns the result as JSON text.
#[wasm_bindgen]
pub fn delphi(ratings: &[u8], items: Option<Vec<u8>>, options: &str) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        #[serde(default = "consensus")]
        consensus: f64,
        #[serde(default = "stability")]
        stability: f64,
        #[serde(default)]
        format: Option<String>,
        #[serde(default)]
        file: Option<String>,
    }
    fn consensus() -> f64 {
        proficient::analysis::delphi::DEFAULT_CONSENSUS
    }
    fn stability() -> f64 {
        proficient::analysis::delphi::DEFAULT_STABILITY
    }
    let mut de = serde_json::Deserializer::from_str(options);
    let raw: Raw = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| {
            let (path, message) = path_message(&e);
            Failure::option(&path, bare(&message))
        })
        .map_err(fail)?;
    let json = match raw.format.as_deref() {
        None | Some("csv") => false,
        Some("json") => true,
        Some(other) => {
            return Err(fail(Failure::option(
                "format",
                format!("unknown ratings format `{other}`, expected `csv` or `json`"),
            )))
        }
    };
    let options = proficient::analysis::delphi::DelphiOptions {
        consensus: raw.consensus,
        stability: raw.stability,
    };
    let result = api::delphi(
        ratings,
        json,
        items.as_deref(),
        &options,
        raw.file.as_deref(),
    )
    .map_err(fail)?;
    to_json(&result)
}

#[cfg(feature = "extra")]
/// The cohort view of evidence scored against `framework`. `options`: JSON
/// of `{asOf, format, file}`; `cohort`: JSON of `{level, min_holders}`;
/// `policy` as for [`score`].
#[wasm_bindgen]
pub fn cohort(
    framework: &FrameworkHandle,
    evidence: &[u8],
    options: &str,
    cohort: &str,
    policy: Option<String>,
) -> Result<String, String> {
    cohort_with(&framework.inner, None, evidence, options, cohort, policy)
}

#[cfg(feature = "extra")]
/// The cohort view with the screening against a role profile (its YAML
/// and file name, as a profile of the main module keeps them; it is read
/// against `framework`); other arguments as for [`cohort`].
#[wasm_bindgen(js_name = cohortWithProfile)]
#[allow(clippy::too_many_arguments)]
pub fn cohort_with_profile(
    framework: &FrameworkHandle,
    profile: &[u8],
    profile_file: Option<String>,
    evidence: &[u8],
    options: &str,
    cohort: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let fw = &framework.inner;
    let profile = api::load_profile(profile, profile_file.as_deref(), Some(fw)).map_err(fail)?;
    cohort_with(fw, Some(&profile), evidence, options, cohort, policy)
}

#[cfg(feature = "extra")]
fn cohort_with(
    fw: &Framework,
    profile: Option<&LoadedProfile>,
    evidence: &[u8],
    options: &str,
    cohort: &str,
    policy: Option<String>,
) -> Result<String, String> {
    let opts = self::options(options).map_err(fail)?;
    let overrides = self::overrides(policy).map_err(fail)?;
    let mut de = serde_json::Deserializer::from_str(cohort);
    let cohort_options: proficient::analysis::cohort::CohortOptions =
        serde_path_to_error::deserialize(&mut de)
            .map_err(|e| {
                let (path, message) = path_message(&e);
                Failure::option(&path, bare(&message))
            })
            .map_err(fail)?;
    let result =
        api::cohort(fw, profile, evidence, &opts, &overrides, &cohort_options).map_err(fail)?;
    to_json(&result)
}
