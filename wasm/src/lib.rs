//! `proficient-wasm`: the `proficient` engine for web pages and Node.
//!
//! A thin shell over the core's call layer (`proficient::api`): every
//! operation takes the api's options value (the JSON of
//! `schemas/<op>-options.schema.json`, which the npm package's `index.js`
//! builds from the caller's JS object) and gives its result as JSON text
//! (the main module's score and screen: packed, `proficient_wasm_hot::pack`,
//! which `index.js` unpacks into the same objects), or throws the JSON of
//! an [`api::Failure`] (`{kind, class, errors}`),
//! which `index.js` throws as `ProficientError`. Nothing here resolves an
//! option, a default or an error: this crate only moves values across the
//! boundary (options as JSON, file contents as bytes, loaded frameworks as
//! handles).
//!
//! The package is two WebAssembly modules built from this crate (see
//! `wasm/build.sh` and "Two modules" in wasm/README.md): the main one
//! (cargo feature `main`: the shipped frameworks and profiles, baked into it
//! by `build.rs` with `wasm/bake`, and score and screen of CSV evidence
//! against them, [`shipped_calls`]) and a second one (feature `extra`: everything
//! else, through `proficient::api`, [`extra`]). The host build (and its
//! tests) has both.

// The `#[wasm_bindgen]` macro expands to `unsafe` glue code.
#![allow(unsafe_code)]

#[cfg(feature = "extra")]
pub mod extra;
pub mod shipped;
#[cfg(feature = "main")]
pub mod shipped_calls;

use std::sync::Arc;

use proficient::api::{Failure, Kind};
use proficient::Framework;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A failure as the JSON text thrown to the wrapper.
pub(crate) fn fail(f: Failure) -> String {
    serde_json::to_string(&f)
        .unwrap_or_else(|_| String::from(r#"{"kind":"options","class":"usage","errors":[]}"#))
}

/// A value as JSON text, parsed by the wrapper with `JSON.parse`.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| json_failure(&e))
}

/// The failure of a value that cannot be written as JSON (or packed as
/// its JSON would be: `proficient_wasm_hot::pack`).
pub(crate) fn json_failure(e: &dyn std::fmt::Display) -> String {
    fail(Failure::single(
        Kind::Options,
        "",
        "internal",
        format!("cannot convert the result to JSON: {e}"),
    ))
}

/// A loaded, validated framework: in the main module a shipped one (baked,
/// see [`shipped`]), in the second module one read by the core.
#[wasm_bindgen]
pub struct FrameworkHandle {
    pub(crate) inner: Arc<Framework>,
    /// Its index among the shipped frameworks, for one made from them.
    pub(crate) shipped: Option<usize>,
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

    /// The whole framework as JSON text (the core's serialisation; baked
    /// for a shipped one).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<String, String> {
        match self.shipped.and_then(shipped::framework_json) {
            Some(json) => Ok(json.to_string()),
            None => model_json(&*self.inner),
        }
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

/// A loaded, validated role profile, with its text (read again against the
/// framework of each call).
#[wasm_bindgen]
pub struct ProfileHandle {
    pub(crate) inner: proficient::Profile,
    pub(crate) text: String,
    pub(crate) file: Option<String>,
    /// Its index among the shipped profiles, for one made from them.
    pub(crate) shipped: Option<usize>,
}

#[wasm_bindgen]
impl ProfileHandle {
    /// Profile id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Role title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// Id of the framework the profile refers to.
    #[wasm_bindgen(getter)]
    pub fn framework(&self) -> String {
        self.inner.framework.clone()
    }

    /// The whole profile as JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<String, String> {
        match self.shipped.and_then(shipped::profile_json) {
            Some(json) => Ok(json.to_string()),
            None => model_json(&self.inner),
        }
    }

    /// The profile's text, as loaded.
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.text.clone()
    }

    /// The file name errors about the profile give.
    #[wasm_bindgen(getter)]
    pub fn file(&self) -> Option<String> {
        self.file.clone()
    }
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
