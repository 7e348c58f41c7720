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
    /// `table` (the default), `json`, `csv`, or `html` (equality, Delphi, assessors).
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
