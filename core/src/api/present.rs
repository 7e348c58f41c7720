//! How [`crate::api::call_text`] writes an operation's result as the CLI
//! does (a table, CSV, JSON or HTML): the layouts of [`crate::present`],
//! chosen by one [`RenderOptions`] value.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::present::analysis::CohortView;
use crate::present::{Format, Style};
use crate::render::csv_out::Formulas;

/// How [`call_text`] writes a result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderOptions {
    /// `table` (the default), `json`, `csv`, or `html` (equality, Delphi).
    #[serde(default)]
    pub format: RenderFormat,
    /// CSV: `escape` (the default) puts a `'` before text a spreadsheet would run as a formula; `keep` writes it as it is.
    #[serde(default)]
    pub csv_formulas: CsvFormulas,
    /// `cohort` as CSV: `summary` (one row per competency, the default) or `matrix` (one per worker × competency).
    #[serde(default)]
    pub view: View,
    /// `delphi` as a table: each panel group's results too.
    #[serde(default)]
    pub by_group: bool,
}

/// Output formats of [`call_text`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RenderFormat {
    /// Human-readable tables.
    #[default]
    Table,
    /// JSON.
    Json,
    /// CSV.
    Csv,
    /// A self-contained HTML page.
    Html,
}

/// What CSV does with text a spreadsheet would run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CsvFormulas {
    /// A `'` in front.
    #[default]
    Escape,
    /// As it is.
    Keep,
}

/// What `cohort --format csv` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// One row per competency.
    #[default]
    Summary,
    /// One row per worker × competency.
    Matrix,
}

impl RenderOptions {
    /// The [`Style`] these options ask for.
    pub fn style(&self) -> Style {
        let format = match self.format {
            RenderFormat::Table => Format::Table,
            RenderFormat::Json => Format::Json,
            RenderFormat::Csv => Format::Csv,
            RenderFormat::Html => Format::Html,
        };
        let formulas = match self.csv_formulas {
            CsvFormulas::Escape => Formulas::Escape,
            CsvFormulas::Keep => Formulas::Keep,
        };
        Style::of(format, formulas)
    }

    /// What `cohort` lists in CSV.
    pub fn view(&self) -> CohortView {
        match self.view {
            View::Summary => CohortView::Summary,
            View::Matrix => CohortView::Matrix,
        }
    }
}

/// Runs `operation` (`score`, `screen`, `progress`, `cpd`, `cohort`,
/// `equality`) with its `options` (JSON, as [`crate::api::call_json`]
/// takes them) and writes its result as an `.xlsx` workbook (see
/// [`crate::present::xlsx`]): the sheets of its CSV layout (`render`'s
/// `view` chooses the cohort's), and for `score` the levels matrix and the
/// rejected items. Sources JSON cannot carry are `given` as to
/// [`crate::api::host::call`] (the WebAssembly module's bytes). Feature
/// `sheets`.
#[cfg(feature = "sheets")]
pub fn call_workbook(
    operation: &str,
    options: &str,
    render: &str,
    given: &[crate::api::host::Given],
    env: crate::api::Env<'_>,
) -> Result<Vec<u8>, crate::api::Failure> {
    call_workbook_given(operation, options, render, given, env)
        .map_err(|f| crate::api::host::locate(f, given, operation))
}

#[cfg(feature = "sheets")]
fn call_workbook_given(
    operation: &str,
    json: &str,
    render: &str,
    given: &[crate::api::host::Given],
    env: crate::api::Env<'_>,
) -> Result<Vec<u8>, crate::api::Failure> {
    use crate::api::host::options;
    use crate::api::{analysis, options_from_json, scoring, trainer, Failure, Kind};
    use crate::present::xlsx;
    let r: RenderOptions = options_from_json(render)?;
    let style = xlsx::typed_style();
    let mut csv = Vec::new();
    let not_written = |e: String| Failure::single(Kind::Options, "format", "not_writable", e);
    let io = |e: std::io::Error| not_written(e.to_string());
    let sheet = match operation {
        "score" => {
            let mut o: scoring::ScoreOptions = options(json, given)?;
            o.no_evidence = true;
            let (fw, result) = scoring::score_in(&o, env)?;
            crate::present::scoring::write_score_rows(&mut csv, &fw, &result, style)
                .map_err(io)?;
            return xlsx::score_workbook(&fw, &result, &csv).map_err(not_written);
        }
        "screen" => {
            let s = scoring::screen_in(&options(json, given)?, env)?;
            crate::present::scoring::write_screen(&mut csv, &s.framework, &s.profile, &s.result, style)
                .map_err(io)?;
            "Shortlist"
        }
        "progress" => {
            let p = trainer::progress_in(&options(json, given)?, env)?;
            crate::present::trainer::write_progress(&mut csv, &p, style).map_err(io)?;
            "Progress"
        }
        "cpd" => {
            let c = trainer::cpd(&options(json, given)?)?;
            crate::present::trainer::write_cpd(&mut csv, &c, style).map_err(io)?;
            "CPD"
        }
        "cohort" => {
            let (fw, c) = analysis::cohort_in(&options(json, given)?, env)?;
            crate::present::analysis::write_cohort(&mut csv, &fw, &c, style, r.view()).map_err(io)?;
            "Cohort"
        }
        "equality" => {
            let e = analysis::equality(&options(json, given)?)?;
            crate::present::analysis::write_equality(&mut csv, &e, style).map_err(io)?;
            "Equality"
        }
        other => {
            return Err(Failure::option(
                "format",
                format!(
                    "`{}` has no xlsx output, expected one of score, screen, progress, cpd, cohort, equality",
                    crate::base::text::clip(other, 40)
                ),
            ))
        }
    };
    xlsx::workbook_from_csv(&[(sheet, &csv)]).map_err(not_written)
}
