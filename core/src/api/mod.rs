//! One call layer for every front end: one function per operation, each
//! taking one options value (deserialisable from JSON, with a JSON Schema
//! in `schemas/<op>-options.schema.json`) and returning the result or a
//! [`Failure`] holding every problem as a located [`Diagnostic`].
//!
//! Everything a call decides lives here once: defaults, the policy file and
//! its overrides, `as_of`, the evidence format, limits, and the names
//! errors give (an option's problem has the option's name as its `path`
//! and the code `invalid_option`; the CLI writes it as `--half-life` by
//! one rule, see [`Diagnostic::path`]).
//!
//! The CLI, Python and JS convert their arguments into these options and
//! render the result; they decide nothing else. Where to add an operation:
//! ARCHITECTURE.md.

pub mod analysis;
pub mod calibration;
pub mod failure;
pub mod generate;
pub mod host;
pub mod interop;
pub mod model;
pub mod present;
pub mod scoring;
pub mod source;
pub mod trainer;
#[cfg(feature = "sheets")]
pub mod workbook;

pub use failure::{Class, Failure, Kind};
pub use scoring::{
    score, score_in, score_stream, screen, screen_in, ScoreOptions, ScreenOptions, Screened,
};
pub use source::{Env, EvidenceReader, Source};

/// Reads an operation's options from JSON (unknown fields refused); a
/// problem is an `invalid_option` failure whose `path` is the option's.
pub fn options_from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Failure> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = crate::base::error::serde_message(&e.into_inner().to_string());
        Failure::option(&path, message)
    })
}

/// A result as the JSON every surface gives ([`crate::render::json::to_json`]);
/// a value JSON cannot hold is an `internal` failure.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    crate::render::json::to_json(value).map_err(|e| {
        Failure::single(
            Kind::Options,
            "",
            "internal",
            format!("cannot render JSON: {e}"),
        )
    })
}

/// Runs operation `operation` (`score`, `screen`, ...) with its options as
/// JSON, giving its result as JSON ([`crate::render::json::to_json`]): one
/// entry point for bindings and for the parity corpus (`tests/parity/`).
pub fn call_json(operation: &str, options: &str) -> Result<String, Failure> {
    match operation {
        "score" => json(&score(&options_from_json(options)?)?),
        "screen" => json(&scoring::screen_in(&options_from_json(options)?, Env::default())?.json()),
        "progress" => json(&trainer::progress(&options_from_json(options)?)?),
        "cpd" => json(&trainer::cpd(&options_from_json(options)?)?),
        "report" => json(&trainer::report(&options_from_json(options)?)?),
        "cohort" => json(&analysis::cohort(&options_from_json(options)?)?),
        "assessors" => json(&analysis::assessors(&options_from_json(options)?)?),
        "equality" => json(&analysis::equality(&options_from_json(options)?)?),
        "delphi" => json(&analysis::delphi(&options_from_json(options)?)?),
        "validate" => json(&model::validate(&options_from_json(options)?)?),
        "badge" => json(&interop::badge(&options_from_json(options)?)?),
        "import_case" => json(&interop::import_case(&options_from_json(options)?)?.framework),
        "export_case" => Ok(interop::export_case(&options_from_json(options)?)?.json()),
        "import_sheet" => json(&interop::import_sheet(&options_from_json(options)?)?),
        "export_sheet" => json(&interop::export_sheet(&options_from_json(options)?)?),
        "list" => json(&model::list(&options_from_json(options)?)?),
        "schema" => schema(&options_from_json(options)?),
        "generate" => {
            let mut text = Vec::new();
            generate::generate(&options_from_json(options)?)?
                .write_text(&mut text)
                .map_err(|e| Failure::option("format", e.to_string()))?;
            json(&String::from_utf8_lossy(&text))
        }
        "show" => {
            let text = json(&*model::show(&options_from_json(options)?)?)?;
            crate::input::check_writable(&text, "framework")
                .map_err(|e| Failure::single(Kind::Framework, "", "not_writable", e))?;
            Ok(text)
        }
        other => Err(Failure::option(
            "operation",
            format!(
                "unknown operation `{}`, expected one of {}",
                crate::base::text::clip(other, 40),
                OPERATIONS.join(", ")
            ),
        )),
    }
}

/// Runs `operation` with its `options` (JSON, as [`call_json`]
/// takes them) and writes its result as `render` (JSON, [`present::RenderOptions`])
/// asks: the CLI's output of the same call, byte for byte. Operations
/// with no table (`report`, `badge`, CASE, `schema`, `generate`) give what
/// `call_json` gives.
pub fn call_text(operation: &str, options: &str, render: &str) -> Result<String, Failure> {
    let r: present::RenderOptions = options_from_json(render)?;
    let style = r.style();
    let mut out = Vec::new();
    let written = match operation {
        "score" => {
            let mut o: scoring::ScoreOptions = options_from_json(options)?;
            o.no_evidence |= !crate::present::scoring::shows_items(style.format);
            if o.explain.is_some() {
                let (fw, result) = scoring::score_in(&o, Env::default())?;
                crate::present::scoring::write_explained(&mut out, &fw, &result, style)
            } else {
                scoring::score_stream(&o, Env::default(), |fw, scorer| {
                    crate::present::scoring::write_score(&mut out, fw, scorer, style)
                })?
                .1
            }
        }
        "screen" => {
            let s = scoring::screen_in(&options_from_json(options)?, Env::default())?;
            crate::present::impact::write_screened(
                &mut out,
                &s.framework,
                &s.profile,
                &s.result,
                s.adverse_impact.as_ref(),
                style,
            )
        }
        "progress" => {
            let p = trainer::progress(&options_from_json(options)?)?;
            crate::present::trainer::write_progress(&mut out, &p, style)
        }
        "cpd" => crate::present::trainer::write_cpd(
            &mut out,
            &trainer::cpd(&options_from_json(options)?)?,
            style,
        ),
        "cohort" => {
            let (fw, c) = analysis::cohort_in(&options_from_json(options)?, Env::default())?;
            crate::present::analysis::write_cohort(&mut out, &fw, &c, style, r.view())
        }
        "assessors" => {
            let a = analysis::assessors(&options_from_json(options)?)?;
            crate::present::assessors::write_assessors(&mut out, &a, style)
        }
        "equality" => {
            let e = analysis::equality(&options_from_json(options)?)?;
            crate::present::analysis::write_equality(&mut out, &e, style)
        }
        "delphi" => {
            let d = analysis::delphi(&options_from_json(options)?)?;
            crate::present::analysis::write_delphi(&mut out, &d, style, r.by_group)
        }
        "show" => {
            let fw = model::show(&options_from_json(options)?)?;
            return crate::present::model::show(&fw, style)
                .map_err(|e| Failure::single(Kind::Framework, "", "not_writable", e));
        }
        "validate" => {
            let problems: Vec<_> = model::validate(&options_from_json(options)?)?
                .into_iter()
                .filter(|v| v.readable)
                .flat_map(|v| v.errors)
                .collect();
            crate::present::model::write_problems(&mut out, &problems, style)
        }
        "list" => {
            let c = model::list(&options_from_json(options)?)?;
            crate::present::model::write_list(&mut out, &c, style)
        }
        _ => return call_json(operation, options),
    };
    written.map_err(|e| Failure::option("format", e.to_string()))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The operations [`call_json`] runs.
pub const OPERATIONS: &[&str] = &[
    "score",
    "screen",
    "progress",
    "cpd",
    "report",
    "cohort",
    "assessors",
    "badge",
    "import_case",
    "export_case",
    "import_sheet",
    "export_sheet",
    "show",
    "equality",
    "delphi",
    "validate",
    "list",
    "schema",
    "generate",
];

/// The options formats of the operations, by name (`<op>-options`); the
/// others are in [`crate::schema::NAMES`].
pub const OPTIONS_NAMES: &[&str] = &[
    "score-options",
    "screen-options",
    "progress-options",
    "cpd-options",
    "report-options",
    "cohort-options",
    "assessors-options",
    "badge-options",
    "import-case-options",
    "export-case-options",
    "import-sheet-options",
    "export-sheet-options",
    "show-options",
    "equality-options",
    "delphi-options",
    "validate-options",
    "list-options",
    "schema-options",
    "generate-options",
    "render-options",
];

/// Every format that has a JSON Schema: [`crate::schema::NAMES`], then
/// [`OPTIONS_NAMES`].
pub fn schema_names() -> Vec<&'static str> {
    crate::schema::NAMES
        .iter()
        .chain(OPTIONS_NAMES)
        .copied()
        .collect()
}

/// The JSON Schema of format `name` (see [`schema_names`]) as pretty JSON.
pub fn schema_json(name: &str) -> Option<String> {
    let schema = match name {
        "score-options" => schemars::schema_for!(ScoreOptions),
        "screen-options" => schemars::schema_for!(ScreenOptions),
        "progress-options" => schemars::schema_for!(trainer::ProgressOptions),
        "cpd-options" => schemars::schema_for!(trainer::CpdOptions),
        "report-options" => schemars::schema_for!(trainer::ReportOptions),
        "cohort-options" => schemars::schema_for!(analysis::CohortOptions),
        "assessors-options" => schemars::schema_for!(analysis::AssessorsOptions),
        "badge-options" => schemars::schema_for!(interop::BadgeOptions),
        "import-case-options" => schemars::schema_for!(interop::ImportCaseOptions),
        "export-case-options" => schemars::schema_for!(interop::ExportCaseOptions),
        "import-sheet-options" => schemars::schema_for!(interop::ImportSheetOptions),
        "export-sheet-options" => schemars::schema_for!(interop::ExportSheetOptions),
        "show-options" => schemars::schema_for!(model::ShowOptions),
        "equality-options" => schemars::schema_for!(analysis::EqualityOptions),
        "delphi-options" => schemars::schema_for!(analysis::DelphiOptions),
        "validate-options" => schemars::schema_for!(model::ValidateOptions),
        "list-options" => schemars::schema_for!(model::ListOptions),
        "schema-options" => schemars::schema_for!(SchemaOptions),
        "generate-options" => schemars::schema_for!(generate::GenerateOptions),
        "render-options" => schemars::schema_for!(present::RenderOptions),
        _ => return crate::schema::schema_json(name),
    };
    serde_json::to_string_pretty(&schema).ok().map(|s| s + "\n")
}

/// The options of `schema`: one format's JSON Schema.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaOptions {
    /// The format's name: one of [`schema_names`] (`framework`, `score-result`, `score-options`, ...).
    pub name: String,
}

/// The JSON Schema of a format (see [`SchemaOptions`]) as pretty JSON.
pub fn schema(options: &SchemaOptions) -> Result<String, Failure> {
    schema_json(&options.name).ok_or_else(|| {
        Failure::single(
            Kind::Options,
            "name",
            "unknown_schema",
            format!(
                "unknown schema `{}`, expected one of {}",
                crate::base::text::clip(&options.name, 40),
                schema_names().join(", ")
            ),
        )
    })
}
