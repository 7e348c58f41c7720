//! `progress`, `cpd` and `report`: development plans, CPD and the
//! trainer's HTML report.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::api::failure::{Failure, Kind};
use crate::api::scoring::scoring_options;
use crate::api::source::{self, Env, Source};
use crate::base::date::Date;
use crate::model::Framework;
use crate::trainer::plans::{Cpd, Plans};
use crate::trainer::progress::{self, CpdSummary, Period, ProgressResult};
use crate::trainer::report::Section;

fn default_min_gain() -> f64 {
    progress::DEFAULT_MIN_GAIN
}

scoring_options! {
    /// The options of `progress`: development plans judged at a date.
    pub struct ProgressOptions {
        /// Framework: a shipped name or a path, or its text.
        pub framework: Source,
        /// Development plans (YAML or JSON).
        pub plans: Source,
        /// CPD activities (YAML, JSON, CSV or a workbook); their evidence rules add evidence items.
        #[serde(default)]
        pub cpd: Option<Source>,
        /// The sheet of a workbook of CPD activities to read (default: the first).
        #[serde(default)]
        pub cpd_sheet: Option<String>,
        /// Score rise since the baseline that counts as progressing (0–1).
        #[serde(default = "default_min_gain")]
        pub min_gain: f64,
    }
}

scoring_options! {
    /// The options of `report`: the trainer's report, one self-contained HTML page.
    pub struct ReportOptions {
        /// Framework: a shipped name or a path, or its text.
        pub framework: Source,
        /// Development plans (YAML or JSON), for the plan status and trajectories.
        #[serde(default)]
        pub plans: Option<Source>,
        /// CPD activities (YAML, JSON, CSV or a workbook), for hours by quarter.
        #[serde(default)]
        pub cpd: Option<Source>,
        /// The sheet of a workbook of CPD activities to read (default: the first).
        #[serde(default)]
        pub cpd_sheet: Option<String>,
        /// Score rise since the baseline that counts as progressing (0–1).
        #[serde(default = "default_min_gain")]
        pub min_gain: f64,
        /// Role profile the evidence is screened against for the adverse-impact section (with `people`).
        #[serde(default)]
        pub profile: Option<Source>,
        /// People file (CSV: a `worker` column and group attributes): adds the adverse impact of screening against `profile`.
        #[serde(default)]
        pub people: Option<Source>,
        /// Columns of the people file to compare groups by; default: every column but `worker`.
        #[serde(default)]
        pub attributes: Option<Vec<String>>,
        /// With `people`: smallest number of candidates a group may have to be shown (at least 1).
        #[serde(default = "crate::api::scoring::default_min_cell")]
        pub min_cell: u64,
    }
}

fn default_period() -> Period {
    Period::Quarter
}

/// The options of `cpd`: CPD hours by worker and period, and by competency.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpdOptions {
    /// Framework: a shipped name or a path, or its text.
    pub framework: Source,
    /// CPD activities (YAML, JSON, CSV or a workbook).
    pub cpd: Source,
    /// The sheet of a workbook of CPD activities to read (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// Period to total hours by.
    #[serde(default = "default_period")]
    pub period: Period,
}

/// Development plans checked against `fw`.
pub fn plans(source: &Source, fw: &Framework) -> Result<Plans, Failure> {
    source::document(
        source,
        "plans",
        Kind::Plans,
        |p| Plans::from_path(p, fw),
        |t| Plans::from_yaml_str(t, fw),
    )
}

/// CPD activities checked against `fw` (CSV when the file or name ends in
/// `.csv`, else YAML or JSON).
/// A workbook is read from its sheet `sheet` (default: the first; option
/// `sheet_option`).
pub fn cpd_activities(
    source: &Source,
    fw: &Framework,
    (sheet, sheet_option): (Option<&str>, &str),
) -> Result<Cpd, Failure> {
    if let Some((read, name)) = source::sheet_of(source, sheet, sheet_option, false)? {
        let named = |e: crate::base::error::LoadError| match &name {
            Some(n) => e.with_file(n),
            None => e,
        };
        return read
            .map_err(source::Unread::load_error)
            .and_then(|s| Cpd::from_sheet(&s, fw).map_err(named))
            .map_err(|e| Failure::load(Kind::Cpd, &e));
    }
    let csv_name = match source {
        Source::Text(t) => t.name.as_deref(),
        Source::Bytes { name, .. } => name.as_deref(),
        _ => None,
    }
    .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"));
    source::document(
        source,
        "cpd",
        Kind::Cpd,
        |p| Cpd::from_path(p, fw),
        |t| {
            if csv_name {
                Cpd::from_csv_str(t, fw)
            } else {
                Cpd::from_yaml_str(t, fw)
            }
        },
    )
}

fn min_gain(value: f64) -> Result<(), Failure> {
    progress::check_min_gain(value).map_err(|e| Failure::option("min_gain", e))
}

/// Judges development plans at a date (see [`ProgressOptions`]).
pub fn progress(options: &ProgressOptions) -> Result<ProgressResult, Failure> {
    progress_in(options, Env::default())
}

/// As [`progress`], in `env`.
pub fn progress_in(options: &ProgressOptions, env: Env<'_>) -> Result<ProgressResult, Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    let plans = plans(&options.plans, &fw)?;
    let cpd = options
        .cpd
        .as_ref()
        .map(|c| cpd_activities(c, &fw, (options.cpd_sheet.as_deref(), "cpd_sheet")))
        .transpose()?;
    min_gain(options.min_gain)?;
    let scoring = options.scoring();
    let policy = scoring.policy(&fw)?;
    let as_of: Date = scoring.as_of(env)?;
    // One pass over the evidence, streamed, scores every date needed.
    let mut scorer = progress::scorer(&fw, &plans, as_of, &policy);
    scoring.read_into(&mut scorer, env)?;
    if let Some(cpd) = &cpd {
        let mut extra = crate::evidence::Batch::default();
        cpd.add_evidence(&mut extra);
        scorer.push_batch(&extra);
    }
    Ok(progress::finish(&fw, scorer, &plans, options.min_gain))
}

/// CPD hours by worker and period, and by competency (see [`CpdOptions`]).
pub fn cpd(options: &CpdOptions) -> Result<CpdSummary, Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    let cpd = cpd_activities(&options.cpd, &fw, (options.sheet.as_deref(), "sheet"))?;
    Ok(progress::summarise_cpd(&fw, &cpd, options.period))
}

/// The trainer's report as one self-contained HTML page (see [`ReportOptions`]).
pub fn report(options: &ReportOptions) -> Result<String, Failure> {
    report_in(options, Env::default())
}

/// As [`report`], in `env`. The evidence is read once, into the report's
/// scorer and the assessor calibration's; with `profile` and `people` the
/// report also shows the adverse impact of screening the evidence (without
/// the CPD's) against the profile, as `screen` with `people` gives it.
pub fn report_in(options: &ReportOptions, env: Env<'_>) -> Result<String, Failure> {
    let fw = source::framework(&options.framework, "framework")?;
    let cpd = options
        .cpd
        .as_ref()
        .map(|c| cpd_activities(c, &fw, (options.cpd_sheet.as_deref(), "cpd_sheet")))
        .transpose()?;
    let scoring = options.scoring();
    let policy = scoring.policy(&fw)?;
    let as_of = scoring.as_of(env)?;
    let plans = options.plans.as_ref().map(|p| plans(p, &fw)).transpose()?;
    min_gain(options.min_gain)?;
    let screening = impact_inputs(options, &fw)?;
    let mut scorer = crate::trainer::report::scorer(&fw, plans.as_ref(), as_of, &policy);
    let settings = crate::analysis::assessors::CalibrateOptions {
        self_kind: crate::api::calibration::self_kind(&fw, None)?,
        min_pairs: crate::analysis::assessors::DEFAULT_MIN_PAIRS,
    };
    let (calibration, scores) = crate::api::calibration::calibrate_reading(
        &fw,
        scoring,
        env,
        &settings,
        &mut |item, line| scorer.push(item, line),
    )?;
    let mut extra = vec![Section {
        id: "assessors".into(),
        title: "Assessor calibration".into(),
        html: calibration.html_section(),
    }];
    if let Some((profile, people)) = screening {
        let screened = crate::scoring::screen::screen(&profile, &fw, scores);
        let impact = crate::analysis::impact::adverse_impact(
            &screened,
            people.0.table(),
            options.attributes.as_deref(),
            options.min_cell,
        )
        .map_err(|e| {
            let e = match &people.1 {
                Some(n) => e.with_file(n),
                None => e,
            };
            Failure::file(Kind::People, &e)
        })?;
        extra.push(Section {
            id: "adverse-impact".into(),
            title: "Adverse impact of screening".into(),
            html: impact.html_section(),
        });
    }
    Ok(crate::trainer::report::finish_with(
        &fw,
        scorer,
        plans.as_ref(),
        cpd.as_ref(),
        options.min_gain,
        &extra,
    ))
}

/// A people file read as a table, and the name its errors give.
type PeopleTable = (source::TableData, Option<String>);

/// The profile and people file of the adverse-impact section, checked:
/// both or neither.
fn impact_inputs(
    options: &ReportOptions,
    fw: &std::sync::Arc<Framework>,
) -> Result<Option<(crate::model::Profile, PeopleTable)>, Failure> {
    if options.min_cell == 0 {
        return Err(Failure::option("min_cell", "must be at least 1".into()));
    }
    match (&options.profile, &options.people) {
        (Some(p), Some(people)) => {
            let (profile, _) = source::profile(p, Some(std::sync::Arc::clone(fw)), "profile")?;
            let table = source::table::<crate::analysis::equality::PeopleProblem>(
                people,
                "people",
                Kind::People,
                (None, "people"),
            )?;
            Ok(Some((profile, table)))
        }
        (None, Some(_)) => Err(Failure::option(
            "people",
            "needs a role profile to screen against, expected `profile` too".into(),
        )),
        (Some(_), None) => Err(Failure::option(
            "profile",
            "is only used with a people file, expected `people` too".into(),
        )),
        (None, None) => Ok(None),
    }
}
