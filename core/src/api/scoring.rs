//! `score` and `screen`, and what every operation that scores evidence
//! shares: the evidence, its format, the date, the policy and its
//! overrides ([`Scoring`]).

use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use crate::analysis::equality::PeopleProblem;
use crate::analysis::impact::{adverse_impact, AdverseImpact, ScreenJson};
use crate::api::failure::{Class, Failure, Kind, INVALID_OPTION};
use crate::api::source::{self, Env, Source};
use crate::base::date::Date;
use crate::evidence::FileFormat;
use crate::model::{Framework, Profile};
use crate::scoring::policy::{overrides_for, PolicyOverrides, ScoringPolicy};
use crate::scoring::score::{Explain, ScoreResult, Scorer, WorkerScore};
use crate::scoring::screen::ScreenResult;

/// An option that may be set to a value or switched off with `null`:
/// absent is `None`, `null` is `Some(None)`.
pub(crate) fn setting<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Declares an operation's options: its own fields, then the fields of
/// every operation that scores evidence (see [`Scoring`]). One macro
/// rather than `#[serde(flatten)]`, which cannot refuse unknown fields.
macro_rules! scoring_options {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Evidence: a file (`.csv`, `.jsonl`, `.json`, `.parquet`, `.xlsx`, `.xlsm`, `.ods`; `-` for standard input) or its text.
            pub evidence: $crate::api::source::Source,
            /// Evidence format: `csv`, `jsonl`, `json`, `parquet` or `xlsx` (also for `.xlsm` and `.ods`) (default: from the file's extension, else its first bytes).
            #[serde(default)]
            pub evidence_format: Option<String>,
            /// The sheet of a workbook of evidence to read (default: the first).
            #[serde(default)]
            pub sheet: Option<String>,
            /// Date to score at (`YYYY-MM-DD`); defaults to today.
            #[serde(default)]
            pub as_of: Option<$crate::base::date::Date>,
            /// Policy overrides: a YAML or JSON file (`half_life_days`, `max_age_days`, `min_items`, `min_coverage`, `kind_weights`, `aggregate`).
            #[serde(default)]
            pub policy: Option<$crate::api::source::Source>,
            /// Half-life in days, overriding the policy (`null` for no decay).
            #[serde(default, deserialize_with = "crate::api::scoring::setting")]
            #[schemars(with = "Option<f64>")]
            pub half_life: Option<Option<f64>>,
            /// Maximum evidence age in days, overriding the policy (`null` for no limit).
            #[serde(default, deserialize_with = "crate::api::scoring::setting")]
            #[schemars(with = "Option<u32>")]
            pub max_age: Option<Option<u32>>,
            /// Minimum number of items per competency, overriding the policy.
            #[serde(default)]
            pub min_items: Option<u32>,
            /// Minimum coverage (0–1) per competency, overriding the policy.
            #[serde(default)]
            pub min_coverage: Option<f64>,
            /// How a criterion's items make its score, overriding the policy: `weighted_mean`, `latest` or `latest_per_assessor`.
            #[serde(default)]
            pub aggregate: Option<$crate::model::Aggregate>,
        }

        impl $name {
            /// The fields every scoring operation shares.
            pub fn scoring(&self) -> $crate::api::scoring::Scoring<'_> {
                $crate::api::scoring::Scoring {
                    evidence: &self.evidence,
                    evidence_format: self.evidence_format.as_deref(),
                    sheet: self.sheet.as_deref(),
                    as_of: self.as_of,
                    policy: self.policy.as_ref(),
                    half_life: self.half_life,
                    max_age: self.max_age,
                    min_items: self.min_items,
                    min_coverage: self.min_coverage,
                    aggregate: self.aggregate,
                }
            }
        }
    };
}
pub(crate) use scoring_options;

scoring_options! {
    /// The options of `score`: evidence scored against a framework.
    pub struct ScoreOptions {
        /// Framework: a shipped name (`job-retention`) or a path, or its text.
        pub framework: Source,
        /// Explain one worker only: the result holds that worker and its rejected items.
        #[serde(default)]
        pub explain: Option<String>,
        /// Leave the used items out of the result (smaller, less memory).
        #[serde(default)]
        pub no_evidence: bool,
    }
}

scoring_options! {
    /// The options of `screen`: candidates ranked against a role profile.
    pub struct ScreenOptions {
        /// Role profile: a shipped name (`job-retention-specialist`) or a path, or its text.
        pub profile: Source,
        /// Framework the profile refers to (default: the shipped one it names).
        #[serde(default)]
        pub framework: Option<Source>,
        /// People file (CSV: a `worker` column and group attributes): adds the adverse impact of the screening by group.
        #[serde(default)]
        pub people: Option<Source>,
        /// The sheet of a workbook people file to read (default: the first).
        #[serde(default)]
        pub people_sheet: Option<String>,
        /// Columns of the people file to compare groups by; default: every column but `worker`.
        #[serde(default)]
        pub attributes: Option<Vec<String>>,
        /// With `people`: smallest number of candidates a group may have to be shown (at least 1).
        #[serde(default = "crate::api::scoring::default_min_cell")]
        pub min_cell: u64,
    }
}

pub(crate) fn default_min_cell() -> u64 {
    crate::analysis::equality::DEFAULT_MIN_CELL
}

/// The options every operation that scores evidence shares, borrowed from
/// its options value.
#[derive(Debug, Clone, Copy)]
pub struct Scoring<'a> {
    /// See [`ScoreOptions::evidence`].
    pub evidence: &'a Source,
    /// See [`ScoreOptions::evidence_format`].
    pub evidence_format: Option<&'a str>,
    /// See [`ScoreOptions::sheet`].
    pub sheet: Option<&'a str>,
    /// See [`ScoreOptions::as_of`].
    pub as_of: Option<Date>,
    /// See [`ScoreOptions::policy`].
    pub policy: Option<&'a Source>,
    /// See [`ScoreOptions::half_life`].
    pub half_life: Option<Option<f64>>,
    /// See [`ScoreOptions::max_age`].
    pub max_age: Option<Option<u32>>,
    /// See [`ScoreOptions::min_items`].
    pub min_items: Option<u32>,
    /// See [`ScoreOptions::min_coverage`].
    pub min_coverage: Option<f64>,
    /// See [`ScoreOptions::aggregate`].
    pub aggregate: Option<crate::model::Aggregate>,
}

/// The option that overrides a policy field (`half_life_days` →
/// `half_life`), for the `path` of its problems.
fn option_of(policy_path: &str) -> String {
    let field = policy_path.split(['.', '[']).next().unwrap_or(policy_path);
    match field {
        "half_life_days" => "half_life".into(),
        "max_age_days" => "max_age".into(),
        other => other.to_string(),
    }
}

impl Scoring<'_> {
    /// The framework's policy with the overrides: a policy file's problems
    /// are findings at their lines in it, an option's are `invalid_option`
    /// with the option's name as their path.
    pub fn policy(&self, fw: &Framework) -> Result<ScoringPolicy, Failure> {
        let mut o = match self.policy {
            Some(s) => {
                let (text, name) = source::policy_text(s, "policy")?;
                overrides_for(fw, &text).map_err(|e| {
                    let e = match &name {
                        Some(n) => e.with_file(n),
                        None => e,
                    };
                    Failure::load(Kind::Policy, &e)
                })?
            }
            None => PolicyOverrides::default(),
        };
        // The file's values were checked above, at their lines; what fails
        // from here on is an option's value.
        if self.half_life.is_some() {
            o.half_life_days = self.half_life;
        }
        if self.max_age.is_some() {
            o.max_age_days = self.max_age;
        }
        o.min_items = self.min_items.or(o.min_items);
        o.min_coverage = self.min_coverage.or(o.min_coverage);
        o.aggregate = self.aggregate.or(o.aggregate);
        ScoringPolicy::with_overrides(fw, &o).map_err(|e| {
            let mut errors = e.diagnostics();
            for d in &mut errors {
                d.path = option_of(&d.path);
                // `needs_feature` says more than a bad value.
                if d.code != "needs_feature" {
                    d.code = INVALID_OPTION.to_string();
                }
            }
            Failure {
                kind: Kind::Options,
                class: Class::Usage,
                errors,
            }
        })
    }

    /// The evidence format named by `evidence_format`.
    pub fn format(&self) -> Result<Option<FileFormat>, Failure> {
        self.evidence_format
            .map(|name| {
                FileFormat::from_name(name).ok_or_else(|| {
                    Failure::option(
                        "evidence_format",
                        format!(
                            "`{}` is not an evidence format, expected `csv`, `jsonl`, `json`, `parquet` or `xlsx`",
                            crate::base::text::clip(name, 40)
                        ),
                    )
                })
            })
            .transpose()
    }

    /// The date to score at: `as_of`, else today (UTC) by the host's clock
    /// ([`Env::today`]).
    pub fn as_of(&self, env: Env<'_>) -> Result<Date, Failure> {
        self.as_of.or_else(|| env.today()).ok_or_else(|| {
            Failure::option(
                "as_of",
                "a date is required (this build has no clock)".into(),
            )
        })
    }

    /// A scorer with the policy and date, the evidence read into it
    /// (streaming: nothing is kept but the scorer's sums).
    pub fn scorer<'f>(
        &self,
        fw: &'f Framework,
        explain: Explain,
        env: Env<'_>,
    ) -> Result<Scorer<'f>, Failure> {
        let policy = self.policy(fw)?;
        let mut scorer = Scorer::new(fw, self.as_of(env)?, policy, explain);
        self.read_into(&mut scorer, env)?;
        Ok(scorer)
    }

    /// Reads the evidence into `scorer` (on a second thread where there
    /// is one).
    pub fn read_into(&self, scorer: &mut Scorer<'_>, env: Env<'_>) -> Result<(), Failure> {
        let format = self.format()?;
        let mut failure = None;
        crate::scoring::pipeline::score_with(scorer, |sink| {
            source::read_evidence(self.evidence, format, self.sheet, env, sink, "evidence").or_else(
                |f| {
                    failure = Some(f);
                    Ok(0)
                },
            )
        })
        .map_err(|e| Failure::evidence(&e))?;
        match failure {
            Some(f) => Err(f),
            None => Ok(()),
        }
    }

    /// Reads and scores the evidence, keeping of each worker's result only
    /// what screening and the cohort view read: the competencies' scores,
    /// levels and statuses, not their criteria (most of a result's memory).
    pub fn levels(&self, fw: &Framework, env: Env<'_>) -> Result<ScoreResult, Failure> {
        let scorer = self.scorer(fw, Explain::None, env)?;
        let mut workers = Vec::new();
        let strip = |mut w: WorkerScore| {
            for c in &mut w.competencies {
                c.criteria = Vec::new();
            }
            w
        };
        let mut r = scorer.finish_map(strip, |w| workers.push(w));
        r.workers = workers;
        Ok(r)
    }
}

/// Scores evidence against a framework (see [`ScoreOptions`]).
pub fn score(options: &ScoreOptions) -> Result<ScoreResult, Failure> {
    score_in(options, Env::default()).map(|(_, r)| r)
}

/// As [`score`], in `env`, with the framework scored against.
pub fn score_in(
    options: &ScoreOptions,
    env: Env<'_>,
) -> Result<(Arc<Framework>, ScoreResult), Failure> {
    if let Some(worker) = &options.explain {
        let fw = source::framework(&options.framework, "framework")?;
        let scorer = options
            .scoring()
            .scorer(&fw, Explain::Worker(worker.clone()), env)?;
        let r = explained(scorer, worker)?;
        return Ok((fw, r));
    }
    score_stream(options, env, |_, scorer| scorer.finish())
}

/// The result of `worker` alone and its rejected items, from a scorer made
/// with [`Explain::Worker`] (the `explain` option).
pub fn explained(scorer: Scorer<'_>, worker: &str) -> Result<ScoreResult, Failure> {
    let mut found = None;
    let mut r = scorer.finish_with(|w| {
        if w.worker == worker {
            found = Some(w);
        }
    });
    let w = found.ok_or_else(|| {
        Failure::single(
            Kind::Options,
            "explain",
            "unknown_worker",
            format!(
                "no evidence names worker `{}`",
                crate::base::text::clip(worker, 40)
            ),
        )
    })?;
    r.rejected.retain(|j| j.worker == worker);
    r.workers = vec![w];
    Ok(r)
}

/// Scores evidence and hands the scorer, every item read, to `finish`
/// (which builds the workers' results, e.g. writing each out as it is
/// built: see [`Scorer::finish_stream`]). `explain` is ignored: see
/// [`score_in`].
pub fn score_stream<R>(
    options: &ScoreOptions,
    env: Env<'_>,
    finish: impl FnOnce(&Framework, Scorer<'_>) -> R,
) -> Result<(Arc<Framework>, R), Failure> {
    crate::scoring::phases::end("start", String::new);
    let fw = source::framework(&options.framework, "framework")?;
    crate::scoring::phases::end("framework", String::new);
    let explain = if options.no_evidence {
        Explain::None
    } else {
        Explain::All
    };
    let scorer = options.scoring().scorer(&fw, explain, env)?;
    let r = finish(&fw, scorer);
    crate::scoring::phases::end("output finished", String::new);
    Ok((fw, r))
}

/// Screens candidates against a role profile (see [`ScreenOptions`]).
pub fn screen(options: &ScreenOptions) -> Result<ScreenResult, Failure> {
    screen_in(options, Env::default()).map(|s| s.result)
}

/// A screening's result with the framework and profile it used.
#[derive(Debug, Clone)]
pub struct Screened {
    /// The framework.
    pub framework: Arc<Framework>,
    /// The profile, checked against it.
    pub profile: Profile,
    /// The result.
    pub result: ScreenResult,
    /// Its adverse impact by group, when a people file was given.
    pub adverse_impact: Option<AdverseImpact>,
}

impl Screened {
    /// The result and its adverse impact, for JSON.
    pub fn json(&self) -> ScreenJson<'_> {
        ScreenJson {
            result: &self.result,
            adverse_impact: self.adverse_impact.as_ref(),
        }
    }
}

/// As [`screen`], in `env`, with the framework and profile used.
pub fn screen_in(options: &ScreenOptions, env: Env<'_>) -> Result<Screened, Failure> {
    let fw = options
        .framework
        .as_ref()
        .map(|s| source::framework(s, "framework"))
        .transpose()?;
    let (profile, fw) = source::profile(&options.profile, fw, "profile")?;
    if options.min_cell == 0 {
        return Err(Failure::option("min_cell", "must be at least 1".into()));
    }
    let people = options
        .people
        .as_ref()
        .map(|p| {
            let sheet = (options.people_sheet.as_deref(), "people_sheet");
            source::table::<PeopleProblem>(p, "people", Kind::People, sheet)
        })
        .transpose()?;
    let scores = options.scoring().levels(&fw, env)?;
    let result = crate::scoring::screen::screen(&profile, &fw, scores);
    let adverse_impact = people
        .map(|(text, name)| {
            adverse_impact(
                &result,
                text.table(),
                options.attributes.as_deref(),
                options.min_cell,
            )
            .map_err(|e| {
                let e = match &name {
                    Some(n) => e.with_file(n),
                    None => e,
                };
                Failure::file(Kind::People, &e)
            })
        })
        .transpose()?;
    Ok(Screened {
        framework: fw,
        profile,
        result,
        adverse_impact,
    })
}
