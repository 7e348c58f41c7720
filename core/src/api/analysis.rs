//! `cohort` (the team view of scored evidence), `assessors` (assessor
//! calibration), `equality` (equality monitoring of a yes/no outcome) and
//! `delphi` (expert ratings).

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::analysis::assessors::{self, AssessorsResult};
use crate::analysis::cohort::{self, CohortOptions as Settings, CohortResult};
use crate::analysis::delphi;
use crate::analysis::equality::{self, EqualityResult};
use crate::api::calibration;
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

fn default_min_pairs() -> u64 {
    assessors::DEFAULT_MIN_PAIRS
}

scoring_options! {
    /// The options of `assessors`: assessor calibration (leniency, agreement, self-assessment).
    pub struct AssessorsOptions {
        /// Framework: a shipped name or a path, or its text.
        pub framework: Source,
        /// Evidence kind of self-assessments; default: `self-assessment` when the framework has it.
        #[serde(default)]
        pub self_kind: Option<String>,
        /// Fewest comparison pairs an assessor (or a competency's self-assessments) needs to be flagged (at least 2).
        #[serde(default = "default_min_pairs")]
        pub min_pairs: u64,
    }
}

/// Assessor calibration (see [`AssessorsOptions`]).
pub fn assessors(options: &AssessorsOptions) -> Result<AssessorsResult, Failure> {
    assessors_in(options, Env::default())
}

/// As [`assessors`], in `env`.
pub fn assessors_in(options: &AssessorsOptions, env: Env<'_>) -> Result<AssessorsResult, Failure> {
    if options.min_pairs < 2 {
        return Err(Failure::option(
            "min_pairs",
            format!("must be at least 2, found `{}`", options.min_pairs),
        ));
    }
    let fw = source::framework(&options.framework, "framework")?;
    let settings = assessors::CalibrateOptions {
        self_kind: calibration::self_kind(&fw, options.self_kind.as_ref())?,
        min_pairs: options.min_pairs,
    };
    calibration::calibrate_reading(&fw, options.scoring(), env, &settings, &mut |_, _| {})
        .map(|(r, _)| r)
}

fn default_min_cell() -> u64 {
    equality::DEFAULT_MIN_CELL
}

/// The options of `equality`: monitoring a yes/no outcome by staff group
/// and period.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EqualityOptions {
    /// People file: CSV with a header row, any columns, or a workbook (`.xlsx`, `.xlsm`, `.ods`).
    pub people: Source,
    /// The sheet of a workbook people file to read (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
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
    /// A second group column crossed with `group` (e.g. `sex` with `ethnicity`): intersectional groups, suppressed as cells and totals are; not with `period`.
    #[serde(default)]
    pub cross: Option<String>,
    /// Reference shares (CSV `group,share`, share 0–1 or a percentage): each group's share of the outcome against its share of the workforce or community.
    #[serde(default)]
    pub profile_shares: Option<Source>,
    /// The sheet of a workbook of reference shares to read (default: the first).
    #[serde(default)]
    pub profile_shares_sheet: Option<String>,
}

/// Equality monitoring (see [`EqualityOptions`]).
pub fn equality(options: &EqualityOptions) -> Result<EqualityResult, Failure> {
    if options.min_cell == 0 {
        return Err(Failure::option("min_cell", "must be at least 1".into()));
    }
    if options.cross.is_some() && options.period.is_some() {
        return Err(Failure::option(
            "cross",
            "cannot be combined with `period`, expected one of them".into(),
        ));
    }
    let settings = equality::EqualityOptions {
        group: options.group.clone(),
        outcome: options.outcome.clone(),
        period: options.cross.clone().or_else(|| options.period.clone()),
        reason: options.reason.clone(),
        reference: options.reference.clone(),
        min_cell: options.min_cell,
        crossed: options.cross.is_some(),
    };
    let (table, name) = source::table::<equality::PeopleProblem>(
        &options.people,
        "people",
        Kind::People,
        (options.sheet.as_deref(), "sheet"),
    )?;
    let people = equality::read_people(table.table(), &settings).map_err(|e| {
        let e = match &name {
            Some(n) => e.with_file(n),
            None => e,
        };
        Failure::file(Kind::People, &e)
    })?;
    let shares = match &options.profile_shares {
        Some(s) => {
            let (text, name) = source::table::<equality::PeopleProblem>(
                s,
                "profile_shares",
                Kind::People,
                (
                    options.profile_shares_sheet.as_deref(),
                    "profile_shares_sheet",
                ),
            )?;
            Some(equality::read_shares(text.table()).map_err(|e| {
                let e = match &name {
                    Some(n) => e.with_file(n),
                    None => e,
                };
                Failure::file(Kind::People, &e)
            })?)
        }
        None => None,
    };
    let mut r = equality::analyse(&people, &settings)
        .map_err(|e| Failure::single(Kind::Options, "", INVALID_OPTION, e.to_string()))?;
    if let Some(shares) = shares {
        r.representation = Some(equality::representation(&r, &shares));
    }
    Ok(r)
}

fn default_consensus() -> f64 {
    delphi::DEFAULT_CONSENSUS
}

fn default_stability() -> f64 {
    delphi::DEFAULT_STABILITY
}

/// The options of `delphi`: analysis of expert ratings (1–10) per item and
/// round, overall and by panel group.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelphiOptions {
    /// Ratings: CSV `participant,group,round,item,score` (optional `comment`), a workbook with those columns, or a JSON array (a `.json` file).
    pub ratings: Source,
    /// The sheet of a workbook of ratings to read (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// Item list CSV (or workbook) `item,label,category,competency` (only `item` required); unknown items are then excluded.
    #[serde(default)]
    pub items: Option<Source>,
    /// The sheet of a workbook item list to read (default: the first).
    #[serde(default)]
    pub items_sheet: Option<String>,
    /// Consensus threshold: share of ratings in one band (above 0.5, at most 1).
    #[serde(default = "default_consensus")]
    pub consensus: f64,
    /// Stability threshold: largest change in the high share counted as stable.
    #[serde(default = "default_stability")]
    pub stability: f64,
    /// Framework (shipped name or path, or its text) whose competencies get the final round's priorities.
    #[serde(default)]
    pub framework: Option<Source>,
}

/// A Delphi analysis and, when a framework was given, that framework's
/// text with the final round's priorities set.
#[derive(Debug, Clone)]
pub struct Delphied {
    /// The analysis.
    pub result: delphi::DelphiResult,
    /// The framework's new text and what was set.
    pub priorities: Option<(String, delphi::PriorityReport)>,
}

/// Delphi analysis (see [`DelphiOptions`]).
pub fn delphi(options: &DelphiOptions) -> Result<delphi::DelphiResult, Failure> {
    delphi_in(options).map(|d| d.result)
}

/// The text of the framework priorities are written into, checked, and
/// the name its errors give.
fn framework_text(source: &Source) -> Result<(String, String), Failure> {
    let fail = |e: crate::base::error::LoadError| Failure::load(Kind::Framework, &e);
    if let Source::Name(name) = source {
        if let Some(t) = crate::model::shipped::framework_text(name) {
            return Ok((t.to_string(), name.clone()));
        }
    }
    let (text, name) = match source {
        Source::Name(p) => (
            crate::input::read_text(std::path::Path::new(p)).map_err(fail)?,
            p.clone(),
        ),
        Source::Path(p) => (
            crate::input::read_text(&p.path).map_err(fail)?,
            p.path.display().to_string(),
        ),
        Source::Text(t) => (t.text.clone(), t.name.clone().unwrap_or_default()),
        _ => {
            return Err(Failure::option(
                "framework",
                "expected a framework file".into(),
            ))
        }
    };
    Framework::from_yaml_str(&text).map_err(|e| fail(e.with_file(&name)))?;
    Ok((text, name))
}

/// As [`delphi`], with the priorities written into the framework given.
pub fn delphi_in(options: &DelphiOptions) -> Result<Delphied, Failure> {
    let settings = delphi::DelphiOptions {
        consensus: options.consensus,
        stability: options.stability,
    };
    let named = |e: delphi::RatingsError, name: &Option<String>| {
        let e = match name {
            Some(n) => e.with_file(n),
            None => e,
        };
        Failure::file(Kind::Ratings, &e)
    };
    let items = match &options.items {
        Some(s) => {
            let (table, name) = source::table::<delphi::RatingsProblem>(
                s,
                "items",
                Kind::Ratings,
                (options.items_sheet.as_deref(), "items_sheet"),
            )?;
            Some(delphi::read_items_csv(table.table()).map_err(|e| named(e, &name))?)
        }
        None => None,
    };
    // The framework first, so a bad framework fails before any work.
    let framework = options.framework.as_ref().map(framework_text).transpose()?;
    let (table, name) = source::table::<delphi::RatingsProblem>(
        &options.ratings,
        "ratings",
        Kind::Ratings,
        (options.sheet.as_deref(), "sheet"),
    )?;
    let text = match &table {
        source::TableData::Text(t) => t.as_str(),
        source::TableData::Sheet(_) => "",
    };
    let is_json = matches!(table, source::TableData::Text(_))
        && match &options.ratings {
            Source::Name(p) => is_json_name(p),
            Source::Path(p) => is_json_name(&p.path.to_string_lossy()),
            _ => name.as_deref().is_some_and(is_json_name) || text.trim_start().starts_with('['),
        };
    let mut analysis = delphi::Delphi::new();
    let read = if is_json {
        delphi::read_ratings_json(text, |r, line| analysis.push(r, line))
    } else {
        delphi::read_ratings_csv(table.table(), |r, line| analysis.push(r, line))
    };
    read.map_err(|e| named(e, &name))?;
    let result = analysis
        .finish(items.as_deref(), &settings)
        .map_err(|e| Failure::single(Kind::Options, "", INVALID_OPTION, e.to_string()))?;
    let priorities = match framework {
        Some((fw_text, fw_name)) => {
            let (new_text, report) = delphi::set_priorities(&fw_text, &result, items.as_deref())
                .map_err(|e| Failure::load(Kind::Framework, &e.with_file(&fw_name)))?;
            crate::input::check_writable(&new_text, "framework")
                .map_err(|e| Failure::single(Kind::Framework, "", "not_writable", e))?;
            Some((new_text, report))
        }
        None => None,
    };
    Ok(Delphied { result, priorities })
}

fn is_json_name(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}
