//! `assessors` (assessor calibration) as tables, CSV or JSON.

use std::io::Write;

use crate::analysis::assessors::{rows, AssessorsResult};
use crate::present::csv::Csv;
use crate::present::text::{table, Chunked, Sink};
use crate::present::{Format, Style};

/// Writes an `assessors` result in `style`.
pub fn write_assessors(
    out: &mut dyn Write,
    r: &AssessorsResult,
    style: Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, r),
        Format::Csv => out.write_all(assessors_csv(r, style.csv).as_bytes()),
        Format::Table => Chunked::write(out, true, |o| o.put(&assessors_table(r))),
        Format::Html => out.write_all(r.to_html().as_bytes()),
    }
}

fn assessors_table(r: &AssessorsResult) -> String {
    let c = &r.counts;
    let mut out = format!(
        "{} accepted items: {} by assessors, {} self-assessments{}, {} with no assessor; {} worker × criterion units rated by two or more assessors\n\n",
        c.items,
        c.assessed,
        c.self_assessed,
        r.settings
            .self_kind
            .as_deref()
            .map(|k| format!(" (kind `{k}` or assessor = worker)"))
            .unwrap_or_else(|| " (assessor = worker)".into()),
        c.unattributed,
        c.shared_units
    );
    out += &table(&rows::ASSESSORS.0, &r.assessor_rows("-"));
    let agreement = r.agreement_rows("-");
    if !agreement.is_empty() {
        out += "\nagreement:\n";
        out += &table(&rows::AGREEMENT.0, &agreement);
    }
    if !r.self_assessment.is_empty() {
        out += "\nself-assessment against assessors:\n";
        out += &table(&rows::SELF_ASSESSMENT.0, &r.self_assessment_rows("-"));
    }
    for a in r.assessors.iter().filter(|a| a.flag.is_some()) {
        out += &format!(
            "\npairs behind `{}` ({}):\n",
            a.assessor,
            a.flag.as_deref().unwrap_or_default()
        );
        out += &table(&rows::PAIRS.0, &a.pair_rows());
    }
    out += "\n";
    for e in &r.explanations {
        out += &format!("{}: {}\n", e.figure, e.text);
    }
    out
}

fn assessors_csv(r: &AssessorsResult, csv: Csv) -> String {
    let mut out = String::from(
        "kind,assessor,criterion,competency,level,items,workers,mean_value,pairs,units,estimate,ci_low,ci_high,exact,adjacent,flag,worker,other,value,other_value,line,other_line\n",
    );
    let none: Option<f64> = None;
    for a in &r.assessors {
        csv.row(&mut out)
            .text("assessor")
            .text(&a.assessor)
            .text("")
            .text("")
            .text("")
            .num(a.items)
            .num(a.workers)
            .num(a.mean_value)
            .num(a.pairs)
            .opt(none)
            .opt(a.leniency)
            .opt(a.ci_low)
            .opt(a.ci_high)
            .opt(none)
            .opt(none)
            .text(a.flag.as_deref().unwrap_or(""))
            .text("")
            .text("")
            .opt(none)
            .opt(none)
            .opt(none)
            .opt(none)
            .end();
        for p in &a.flagged_pairs {
            csv.row(&mut out)
                .text("pair")
                .text(&a.assessor)
                .text(&p.criterion)
                .text("")
                .text("")
                .opt(none)
                .opt(none)
                .opt(none)
                .opt(none)
                .opt(none)
                .num(p.difference)
                .opt(none)
                .opt(none)
                .opt(none)
                .opt(none)
                .text("")
                .text(&p.worker)
                .text(&p.other)
                .num(p.value)
                .num(p.other_value)
                .num(p.line)
                .num(p.other_line)
                .end();
        }
    }
    for (kind, a) in r
        .criteria
        .iter()
        .map(|a| ("criterion", a))
        .chain(r.overall.iter().map(|a| ("overall", a)))
    {
        csv.row(&mut out)
            .text(kind)
            .text("")
            .text(a.criterion.as_deref().unwrap_or(""))
            .text(a.competency.as_deref().unwrap_or(""))
            .text(&a.level)
            .opt(none)
            .opt(none)
            .opt(none)
            .num(a.pairs)
            .num(a.units)
            .opt(a.alpha)
            .opt(none)
            .opt(none)
            .opt(a.exact)
            .opt(a.adjacent)
            .text("")
            .text("")
            .text("")
            .opt(none)
            .opt(none)
            .opt(none)
            .opt(none)
            .end();
    }
    for s in &r.self_assessment {
        csv.row(&mut out)
            .text("self")
            .text("")
            .text("")
            .text(&s.competency)
            .text("")
            .opt(none)
            .num(s.workers)
            .opt(none)
            .num(s.pairs)
            .opt(none)
            .opt(s.mean_difference)
            .opt(s.ci_low)
            .opt(s.ci_high)
            .opt(none)
            .opt(none)
            .text(s.flag.as_deref().unwrap_or(""))
            .text("")
            .text("")
            .opt(none)
            .opt(none)
            .opt(none)
            .opt(none)
            .end();
    }
    out
}
