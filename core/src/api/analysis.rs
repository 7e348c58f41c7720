//! `cohort` (the team view of scored evidence) and `equality` (equality
//! monitoring of a yes/no outcome).

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::analysis::cohort::{self, CohortOptions as Settings, CohortResult};
use crate::analysis::equality::{self, EqualityResult};
use crate::api::failure::{Failure, Kind, INVALID_OPTION};
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
    .map_err(|e| Failure::single(Kind::Options, "", INVALID_OPTION, e.to_string()))?;
    Ok((fw, r))
}

fn default_min_cell() -> u64 {
    equality::DEFAULT_MIN_CELL
}

/// The options of `equality`: monitoring a yes/no outcome by staff group
/// and period.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EqualityOptions {
    /// People file: CSV with a header row, any columns.
    pub people: Source,
    /// Column holding each person's group (e.g. `ethnicity`).
    pub group: String,
    /// Column holding the yes/no outcome (yes/no, true/false, y/n, 1/0, any case).
    pub outcome: String,
    /// Column holding the period (e.g. `year`); none: one period.
    #[serde(default)]
    pub period: Option<String>,
    /// Column holding the reason for a "no" outcome, counted by group.
    #[serde(default)]
    pub reason: Option<String>,
    /// The reference group of the relative likelihood; none: the largest group.
    #[serde(default)]
    pub reference: Option<String>,
    /// Smallest number of people a cell may have to be shown (at least 1).
    #[serde(default = "default_min_cell")]
    pub min_cell: u64,
}

/// Equality monitoring (see [`EqualityOptions`]).
pub fn equality(options: &EqualityOptions) -> Result<EqualityResult, Failure> {
    if options.min_cell == 0 {
        return Err(Failure::option("min_cell", "must be at least 1".into()));
    }
    let settings = equality::EqualityOptions {
        group: options.group.clone(),
        outcome: options.outcome.clone(),
        period: options.period.clone(),
        reason: options.reason.clone(),
        reference: options.reference.clone(),
        min_cell: options.min_cell,
    };
    let (text, name) =
        source::table::<equality::PeopleProblem>(&options.people, "people", Kind::People)?;
    let people = equality::read_people(&text, &settings).map_err(|e| {
        let e = match &name {
            Some(n) => e.with_file(n),
            None => e,
        };
        Failure::file(Kind::People, &e)
    })?;
    equality::analyse(&people, &settings)
        .map_err(|e| Failure::single(Kind::Options, "", INVALID_OPTION, e.to_string()))
}
