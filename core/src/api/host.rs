//! What a host language's binding gives a call beyond its JSON options:
//! sources JSON cannot carry (a loaded framework, a file object, Arrow
//! data) and documents the host made from its own values (a Python dict),
//! substituted for options by name ([`Given`]). The Python package calls
//! every operation through [`call`].
//!
//! A document made from the host's values is JSON text the caller never
//! saw: its problems keep their `path` but lose the line and column that
//! point into that text ([`Positions`]).

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::api::failure::{Failure, Kind};
use crate::api::scoring::Screened;
use crate::api::source::{self, Source};
use crate::api::Env;
use crate::api::ScreenOptions;
use crate::api::{analysis, generate, interop, model, options_from_json, trainer, ScoreOptions};
use crate::scoring::score::ScoreResult;

/// Which positions of a source's problems mean something to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positions {
    /// Every position (a file, text the caller wrote).
    All,
    /// Only the line: records the host wrote one a line (rows of dicts),
    /// whose line is the record's 1-based position.
    Line,
    /// None: a document the host wrote from its values.
    None,
}

/// A source given for option `option`.
#[derive(Debug, Clone)]
pub struct Given {
    /// The option's name (`framework`, `evidence`, `policy`, ...).
    pub option: String,
    /// The source.
    pub source: Source,
    /// Which positions of its problems to keep.
    pub positions: Positions,
}

/// Options values whose sources a host may give ([`Given`]).
pub trait Sources {
    /// Sets option `option` to `source`; false when it is not a source.
    fn set_source(&mut self, option: &str, source: Source) -> bool;
}

macro_rules! sources {
    ($($ty:ty { $($field:ident),* } optional { $($opt:ident),* })*) => {$(
        impl Sources for $ty {
            fn set_source(&mut self, option: &str, source: Source) -> bool {
                match option {
                    $(stringify!($field) => self.$field = source,)*
                    $(stringify!($opt) => self.$opt = Some(source),)*
                    _ => return false,
                }
                true
            }
        }
    )*};
}

sources! {
    ScoreOptions { framework, evidence } optional { policy }
    ScreenOptions { profile, evidence } optional { framework, policy, people }
    trainer::ProgressOptions { framework, evidence, plans } optional { cpd, policy }
    trainer::ReportOptions { framework, evidence } optional { plans, cpd, policy, profile, people }
    trainer::CpdOptions { framework, cpd } optional {}
    analysis::CohortOptions { framework, evidence } optional { profile, plans, policy }
    analysis::AssessorsOptions { framework, evidence } optional { policy }
    analysis::EqualityOptions { people } optional { profile_shares }
    analysis::DelphiOptions { ratings } optional { items, framework }
    interop::BadgeOptions { framework, evidence, issuer } optional { policy }
    interop::ImportCaseOptions { package } optional {}
    interop::ExportCaseOptions { framework } optional {}
    interop::ImportSheetOptions { workbook } optional {}
    interop::ExportSheetOptions { framework } optional {}
    model::ShowOptions { framework } optional {}
    DocumentOptions { framework, document } optional {}
    generate::GenerateOptions {} optional { framework }
}

/// `validate`'s documents: option `files[i]` is its `i`-th file, which
/// the JSON holds (any value, e.g. `""`) for the given source to replace.
impl Sources for model::ValidateOptions {
    fn set_source(&mut self, option: &str, source: Source) -> bool {
        let index = option
            .strip_prefix("files[")
            .and_then(|o| o.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok());
        match index.and_then(|i| self.files.get_mut(i)) {
            Some(slot) => *slot = source,
            None => return false,
        }
        true
    }
}

/// The options of the host-only operations `plans`, `cpd_activities` and
/// `cpd_evidence`: a document checked against a framework.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentOptions {
    /// The framework.
    pub framework: Source,
    /// The plans or CPD activities.
    pub document: Source,
}

/// Reads options from JSON with the `given` sources in place (each
/// stands in for an option the JSON leaves out).
pub fn options<T: DeserializeOwned + Sources>(json: &str, given: &[Given]) -> Result<T, Failure> {
    if given.is_empty() {
        return options_from_json(json);
    }
    // Each given option stands in the JSON as `""`, written before the
    // caller's own (JSON text is not parsed twice: numbers stay exact).
    let rest = json
        .trim_start()
        .strip_prefix('{')
        .ok_or_else(|| Failure::option("", "options must be a JSON object".into()))?;
    let mut text = String::from("{");
    // An element of a list (`files[0]`) is the JSON's own.
    for g in given.iter().filter(|g| !g.option.contains('[')) {
        text += &serde_json::Value::String(g.option.clone()).to_string();
        text += ":\"\",";
    }
    if rest.trim_start().starts_with('}') {
        text.pop();
    }
    text += rest;
    let mut options: T = options_from_json(&text)?;
    for g in given {
        if !options.set_source(&g.option, g.source.clone()) {
            return Err(Failure::option(&g.option, "is not a source".into()));
        }
    }
    Ok(options)
}

/// The kind of failure about option `option`'s source.
fn kind_of(option: &str) -> Option<Kind> {
    Some(match option {
        "framework" => Kind::Framework,
        "profile" => Kind::Profile,
        "evidence" => Kind::Evidence,
        "policy" => Kind::Policy,
        "plans" => Kind::Plans,
        "cpd" => Kind::Cpd,
        "people" => Kind::People,
        "ratings" | "items" => Kind::Ratings,
        "package" => Kind::Case,
        "workbook" => Kind::Framework,
        "issuer" => Kind::Badge,
        _ => return None,
    })
}

/// `failure` with the positions the `given` sources keep ([`Positions`]).
pub fn locate(mut failure: Failure, given: &[Given], operation: &str) -> Failure {
    for g in given {
        let option = match (operation, g.option.as_str()) {
            ("plans", "document") => "plans",
            ("cpd_activities" | "cpd_evidence", "document") => "cpd",
            (_, o) => o,
        };
        if g.positions == Positions::All || kind_of(option) != Some(failure.kind) {
            continue;
        }
        for d in &mut failure.errors {
            d.column = None;
            if g.positions == Positions::None {
                d.line = None;
            }
        }
    }
    failure
}

/// Runs `operation` as [`crate::api::call_json`] does (which runs the
/// operations not listed here, without sources), with the `given` sources, and the host-only operations `plans` and `cpd_activities`
/// (the document checked, as JSON) and `cpd_evidence` (the evidence items
/// CPD certificates make).
pub fn call(operation: &str, json: &str, given: &[Given]) -> Result<String, Failure> {
    call_in(operation, json, given, Env::default())
}

/// [`call`] with what the host gives beyond its options ([`Env`]: its
/// clock, for a host without the system clock).
pub fn call_in(
    operation: &str,
    json: &str,
    given: &[Given],
    env: Env<'_>,
) -> Result<String, Failure> {
    run(operation, json, given, env).map_err(|f| locate(f, given, operation))
}

fn run(operation: &str, json: &str, given: &[Given], env: Env<'_>) -> Result<String, Failure> {
    use crate::api::json as out;
    let document = |json: &str| -> Result<_, Failure> {
        let o: DocumentOptions = options(json, given)?;
        Ok((source::framework(&o.framework, "framework")?, o.document))
    };
    match operation {
        "score" => out(&score_in(json, given, env)?),
        "screen" => out(&crate::api::screen_in(&options(json, given)?, env)?.json()),
        "progress" => out(&trainer::progress_in(&options(json, given)?, env)?),
        "cpd" => out(&trainer::cpd(&options(json, given)?)?),
        "report" => out(&trainer::report_in(&options(json, given)?, env)?),
        "cohort" => out(&analysis::cohort_in(&options(json, given)?, env)?.1),
        "assessors" => out(&analysis::assessors_in(&options(json, given)?, env)?),
        "equality" => out(&analysis::equality(&options(json, given)?)?),
        "delphi" => out(&analysis::delphi(&options(json, given)?)?),
        "badge" => out(&interop::badge_in(&options(json, given)?, env)?),
        "validate" => out(&model::validate(&options(json, given)?)?),
        "export_case" => Ok(export_case(json, given, env)?.json()),
        "import_sheet" => out(&interop::import_sheet(&options(json, given)?)?),
        "export_sheet" => out(&interop::export_sheet(&options(json, given)?)?),
        "generate" => {
            let mut text = Vec::new();
            generate::generate(&options(json, given)?)?
                .write_text(&mut text)
                .map_err(|e| Failure::option("format", e.to_string()))?;
            out(&String::from_utf8_lossy(&text))
        }
        "plans" => {
            let (fw, doc) = document(json)?;
            out(&trainer::plans(&doc, &fw)?)
        }
        "cpd_activities" => {
            let (fw, doc) = document(json)?;
            out(&trainer::cpd_activities(&doc, &fw, (None, "sheet"))?)
        }
        "cpd_evidence" => {
            let (fw, doc) = document(json)?;
            out(&trainer::cpd_activities(&doc, &fw, (None, "sheet"))?.evidence())
        }
        other => match given.first() {
            // A source the operation cannot take is refused, never ignored.
            Some(g) => Err(Failure::option(
                &g.option,
                format!(
                    "`{other}` takes no `{}` given as a loaded value or stream",
                    g.option
                ),
            )),
            None => crate::api::call_json(other, json),
        },
    }
}

/// Scores evidence (see [`crate::api::score`]) with the `given` sources:
/// the result itself, for a host that renders it only when asked (a big
/// result's JSON is large).
pub fn score(json: &str, given: &[Given]) -> Result<ScoreResult, Failure> {
    score_in(json, given, Env::default())
}

/// [`score`] with the host's [`Env`].
pub fn score_in(json: &str, given: &[Given], env: Env<'_>) -> Result<ScoreResult, Failure> {
    crate::api::score_in(&options(json, given)?, env)
        .map(|(_, r)| r)
        .map_err(|f| locate(f, given, "score"))
}

/// Screens candidates (see [`crate::api::screen`]) with the `given`
/// sources, as [`score`]; with a people file, the adverse impact too.
pub fn screen(json: &str, given: &[Given]) -> Result<Screened, Failure> {
    screen_in(json, given, Env::default())
}

/// [`screen`] with the host's [`Env`].
pub fn screen_in(json: &str, given: &[Given], env: Env<'_>) -> Result<Screened, Failure> {
    crate::api::screen_in(&options(json, given)?, env).map_err(|f| locate(f, given, "screen"))
}

/// Exports a framework as a CASE package (see [`interop::export_case`])
/// with the `given` sources and the host's [`Env`] (its clock gives `at`).
pub fn export_case(
    json: &str,
    given: &[Given],
    env: Env<'_>,
) -> Result<crate::interop::case::Export, Failure> {
    interop::export_case_in(&options(json, given)?, env)
        .map_err(|f| locate(f, given, "export_case"))
}

/// Imports a CASE package (see [`interop::import_case`]) with the `given`
/// sources: notes on a package the host wrote lose their positions too.
pub fn import_case(json: &str, given: &[Given]) -> Result<crate::interop::case::Imported, Failure> {
    let options: interop::ImportCaseOptions = options(json, given)?;
    let mut imported =
        interop::import_case(&options).map_err(|f| locate(f, given, "import_case"))?;
    if given.iter().any(|g| g.positions == Positions::None) {
        for n in &mut imported.notes {
            n.line = None;
            n.column = None;
        }
    }
    Ok(imported)
}
