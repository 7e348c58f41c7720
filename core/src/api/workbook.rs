//! Results as `.xlsx` workbooks ([`call_workbook`], feature `sheets`): an
//! operation run as [`crate::api::host::call`] runs it, its result written
//! by [`crate::present::xlsx`].

use crate::api::present::RenderOptions;

/// Runs `operation` (`score`, `screen`, `progress`, `cpd`, `cohort`,
/// `equality`, `export_sheet`: the framework template) with its `options` (JSON, as [`crate::api::call_json`]
/// takes them) and writes its result as an `.xlsx` workbook (see
/// [`crate::present::xlsx`]): the sheets of its CSV layout (`render`'s
/// `view` chooses the cohort's), and for `score` the levels matrix and the
/// rejected items. Sources JSON cannot carry are `given` as to
/// [`crate::api::host::call`] (the WebAssembly module's bytes). Feature
/// `sheets`.
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
            if let Some(impact) = &s.adverse_impact {
                // With a people file, its adverse impact on a sheet of its own.
                let groups = crate::present::impact::impact_csv(impact, style.csv);
                return xlsx::workbook_from_csv(&[
                    ("Shortlist", &csv),
                    ("Adverse impact", groups.as_bytes()),
                ])
                .map_err(not_written);
            }
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
        "export_sheet" => {
            let t = crate::api::interop::export_sheet(&options(json, given)?)?;
            return xlsx::template_workbook(&t).map_err(not_written);
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
                    "`{}` has no xlsx output, expected one of score, screen, progress, cpd, cohort, equality, export_sheet",
                    crate::base::text::clip(other, 40)
                ),
            ))
        }
    };
    xlsx::workbook_from_csv(&[(sheet, &csv)]).map_err(not_written)
}
