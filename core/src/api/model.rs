//! `show`: a framework as loaded.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::api::failure::Failure;
use crate::api::source::{self, Source};
use crate::model::Framework;

/// The options of `show`: a framework as loaded and validated.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowOptions {
    /// Framework: a shipped name or a path, or its text.
    pub framework: Source,
}

/// Loads a framework (see [`ShowOptions`]); its JSON is a framework
/// document too, refused when it could not be read back.
pub fn show(options: &ShowOptions) -> Result<Arc<Framework>, Failure> {
    source::framework(&options.framework, "framework")
}
