//! `cohort`: the team view of scored evidence.

use std::sync::Arc;

use crate::analysis::cohort::{self, CohortOptions as Settings, CohortResult};
use crate::api::failure::{Failure, INVALID_OPTION};
use crate::api::scoring::scoring_options;
use crate::api::source::{self, Env, Source};
use crate::model::Framework;

fn default_level() -> String {
    cohort::DEFAULT_LEVEL.to_string()
}

fn default_min_holders() -> u32 {
    cohort::DEFAULT_MIN_HOLDERS
}

scoring_options! {
    /// The options of `cohort`: workers × competencies, competencies too few hold, training demand.
    pub struct CohortOptions {
        /// Framework: a shipped name or a path, or its text.
        pub framework: Source,
        /// Role profile: adds screening gaps to the matrix and the demand.
        #[serde(default)]
        pub profile: Option<Source>,
        /// Development plans: adds open plan targets to the demand.
        #[serde(default)]
        pub plans: Option<Source>,
        /// A worker holds a competency when assessed at this level id or above.
        #[serde(default = "default_level")]
        pub level: String,
        /// Competencies with fewer holders than this are thin.
        #[serde(default = "default_min_holders")]
        pub min_holders: u32,
    }
}

/// The cohort view (see [`CohortOptions`]).
pub fn cohort(options: &CohortOptions) -> Result<CohortResult, Failure> {
    cohort_in(options, Env::default()).map(|(_, r)| r)
}

/// As [`cohort`], in `env`, with the framework.
pub fn cohort_in(
    options: &CohortOptions,
    env: Env<'_>,
) -> Result<(Arc<Framework>, CohortResult), Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    let profile = options
        .profile
        .as_ref()
        .map(|p| source::profile(p, Some(Arc::clone(&fw)), "profile").map(|(p, _)| p))
        .transpose()?;
    let plans = options
        .plans
        .as_ref()
        .map(|p| crate::api::trainer::plans(p, &fw))
        .transpose()?;
    let scores = options.scoring().levels(&fw, env)?;
    let screened = profile
        .as_ref()
        .map(|p| crate::scoring::screen::screen(p, &fw, scores.clone()));
    let settings = Settings {
        level: options.level.clone(),
        min_holders: options.min_holders,
    };
    let r = cohort::cohort(
        &fw,
        &scores,
        profile.as_ref().zip(screened.as_ref()),
        plans.as_ref(),
        &settings,
    )
    .map_err(|e| Failure::single(crate::api::Kind::Options, "", INVALID_OPTION, e.to_string()))?;
    Ok((fw, r))
}
