//! `cohort`, `equality` and `delphi` as tables, CSV, JSON or HTML.

use std::collections::BTreeMap;
use std::io::Write;

use crate::analysis::cohort::{self, CellStatus, CohortResult};
use crate::analysis::delphi::{band_name, DelphiResult, ItemStats, PriorityReport};
use crate::analysis::equality::{EqualityResult, Estimate};
use crate::model::{Framework, Importance, PriorityBand};
use crate::present::csv::Csv;
use crate::present::scoring::{codes, level_marks};
use crate::present::text::{shown, table, table_into, Chunked, Sink};
use crate::present::{unsupported, Format, Style};
use crate::scoring::screen::GapStatus;

/// What `cohort` lists in CSV.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CohortView {
    /// One row per competency: holders, thin, training demand.
    #[default]
    Summary,
    /// One row per worker × competency: level, gap, open target.
    Matrix,
}

/// Writes a `cohort` result in `style` (CSV: as `view` says).
pub fn write_cohort(
    out: &mut dyn Write,
    fw: &Framework,
    r: &CohortResult,
    style: Style,
    view: CohortView,
) -> std::io::Result<()> {
    match (style.format, view) {
        (Format::Json, _) => crate::render::json::write_json(out, r),
        (Format::Csv, CohortView::Summary) => {
            out.write_all(cohort_summary_csv(fw, r, style.csv).as_bytes())
        }
        (Format::Csv, CohortView::Matrix) => {
            Chunked::write(out, false, |o| cohort_matrix_csv(o, fw, r, style.csv))
        }
        (Format::Table, _) => Chunked::write(out, true, |o| cohort_table(o, fw, r)),
        (Format::Html, _) => Err(unsupported("cohort", style.format)),
    }
}

/// Writes an `equality` result in `style`.
pub fn write_equality(
    out: &mut dyn Write,
    r: &EqualityResult,
    style: Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, r),
        Format::Csv => out.write_all(equality_csv(r, style.csv).as_bytes()),
        Format::Html => out.write_all(r.to_html().as_bytes()),
        Format::Table => Chunked::write(out, true, |o| o.put(&equality_table(r))),
    }
}

/// What to say besides an `equality` result of file `people`: rows not counted.
pub fn equality_notes(r: &EqualityResult, people: &str) -> Vec<String> {
    if r.rejected.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{people}: {} rows not counted (listed in the output with their lines and reasons)",
        r.rejected.len()
    )]
}

/// Writes a `delphi` result in `style` (tables: each panel group's too
/// when `by_group`).
pub fn write_delphi(
    out: &mut dyn Write,
    r: &DelphiResult,
    style: Style,
    by_group: bool,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, r),
        Format::Csv => out.write_all(delphi_csv(r, style.csv).as_bytes()),
        Format::Html => out.write_all(r.to_html().as_bytes()),
        Format::Table => Chunked::write(out, true, |o| o.put(&delphi_table(r, by_group))),
    }
}

/// What to say besides a `delphi` result of file `ratings`: ratings excluded.
pub fn delphi_notes(r: &DelphiResult, ratings: &str) -> Vec<String> {
    if r.counts.excluded == 0 {
        return Vec::new();
    }
    vec![format!(
        "{ratings}: {} ratings excluded (listed in the output with their lines and reasons)",
        r.counts.excluded
    )]
}

/// What to say once the priorities were written to file `out`.
pub fn priorities_notes(report: &PriorityReport, out: &str) -> Vec<String> {
    let mut notes = vec![format!(
        "{out}: priorities from round {} written for {} competencies{}",
        report.round.map_or("-".into(), |r| r.to_string()),
        report.updated.len(),
        if report.layout_kept {
            ""
        } else {
            " (file rewritten: comments of the original not kept)"
        }
    )];
    if !report.unmatched_items.is_empty() {
        notes.push(format!(
            "items matching no competency: {}",
            report.unmatched_items.join(", ")
        ));
    }
    if !report.ambiguous.is_empty() {
        notes.push(format!(
            "competencies matched by more than one item (left unchanged): {}",
            report.ambiguous.join(", ")
        ));
    }
    if !report.unrated_competencies.is_empty() {
        notes.push(format!(
            "competencies not rated in the final round (left unchanged): {}",
            report.unrated_competencies.join(", ")
        ));
    }
    notes
}

fn f(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn opt_num<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// cohort
fn cohort_summary_csv(fw: &Framework, r: &CohortResult, csv: Csv) -> String {
    let rules = has_rules(fw);
    let mut out = String::from(if rules {
        "competency,domain,category,holders,not_held,thin,insufficient_evidence,no_evidence,rule_not_met,required_level,importance,screening_gaps,open_targets,demand,holder_workers,demand_workers\n"
    } else {
        "competency,domain,category,holders,not_held,thin,insufficient_evidence,no_evidence,required_level,importance,screening_gaps,open_targets,demand,holder_workers,demand_workers\n"
    });
    for c in &r.competencies {
        let row = csv
            .row(&mut out)
            .text(&c.id)
            .text(&c.domain)
            .text(c.category.as_deref().unwrap_or(""))
            .num(c.holders)
            .num(c.not_held)
            .num(c.thin)
            .num(c.insufficient_evidence)
            .num(c.no_evidence);
        let row = if rules { row.num(c.rule_not_met) } else { row };
        row.text(c.requirement.as_ref().map_or("", |q| q.level.as_str()))
            .text(
                c.requirement
                    .as_ref()
                    .map_or("", |q| importance_name(q.importance)),
            )
            .opt(c.demand.screening_gaps)
            .opt(c.demand.open_targets)
            .num(c.demand.workers)
            .text(&c.holder_workers.join(";"))
            .text(&c.demand.who.join(";"))
            .end();
    }
    out
}

fn importance_name(i: Importance) -> &'static str {
    match i {
        Importance::Essential => "essential",
        Importance::Desirable => "desirable",
    }
}

fn gap_name(g: GapStatus) -> &'static str {
    match g {
        GapStatus::NoEvidence => "no_evidence",
        GapStatus::InsufficientEvidence => "insufficient_evidence",
        GapStatus::BelowLevel => "below_level",
        GapStatus::RuleNotMet => "rule_not_met",
    }
}

fn cell_status_name(s: CellStatus) -> &'static str {
    match s {
        CellStatus::Assessed => "assessed",
        CellStatus::InsufficientEvidence => "insufficient_evidence",
        CellStatus::NoEvidence => "no_evidence",
        CellStatus::RuleNotMet => "rule_not_met",
    }
}

/// Whether the cohort's CSV has the columns of rules (`rule_not_met` in
/// the summary, `needs` and `needs_more` in the matrix): only for a
/// framework with competency rules or required criteria, as score's CSV
/// has level columns only for a framework with bands.
fn has_rules(fw: &Framework) -> bool {
    fw.competencies
        .iter()
        .any(|c| c.rule.is_some() || c.criteria.iter().any(|k| k.required))
}

fn cohort_matrix_csv(out: &mut impl Sink, fw: &Framework, r: &CohortResult, csv: Csv) {
    let rules = has_rules(fw);
    out.put(if rules {
        "worker,competency,level,score,status,holds,gap,open_target,needs,needs_more\n"
    } else {
        "worker,competency,level,score,status,holds,gap,open_target\n"
    });
    let mut line = String::new();
    for row in &r.matrix {
        for c in &row.cells {
            line.clear();
            let cells = csv
                .row(&mut line)
                .text(&row.worker)
                .text(&c.competency)
                .text(c.level.as_deref().unwrap_or(""))
                .opt(c.score)
                .text(cell_status_name(c.status))
                .num(c.holds)
                .text(c.gap.map_or("", gap_name))
                .text(c.target.as_deref().unwrap_or(""));
            if rules {
                cells.text(&c.needs.join(";")).opt(c.needs_more).end();
            } else {
                cells.end();
            }
            out.put(&line);
        }
    }
}

fn cohort_table(o: &mut impl Sink, fw: &Framework, r: &CohortResult) {
    let codes = codes(fw);
    let marks = level_marks(fw);
    let mut out = format!(
        "{} · as of {} · {} workers · a competency is held at `{}` or above; thin below {} holders{}\n\n",
        r.framework,
        r.as_of,
        r.workers.len(),
        r.level,
        r.min_holders,
        r.profile
            .as_deref()
            .map(|p| format!(" · gaps against profile {p}"))
            .unwrap_or_default()
    );
    let importance: BTreeMap<&str, Importance> = r
        .competencies
        .iter()
        .filter_map(|c| {
            c.requirement
                .as_ref()
                .map(|q| (c.id.as_str(), q.importance))
        })
        .collect();
    let mut header: Vec<&str> = vec!["worker"];
    header.extend(codes.iter().map(String::as_str));
    let row_cells = |row: &cohort::MatrixRow| {
        let mut cells = vec![row.worker.clone()];
        for c in &row.cells {
            let mut s = match (&c.level, c.status) {
                (Some(l), _) => marks.get(l).cloned().unwrap_or_else(|| l.clone()),
                (None, CellStatus::InsufficientEvidence) => "?".into(),
                (None, CellStatus::RuleNotMet) => "r".into(),
                (None, _) => "-".into(),
            };
            if c.gap.is_some() {
                s += match importance.get(c.competency.as_str()) {
                    Some(Importance::Essential) => "!",
                    _ => "*",
                };
            }
            if c.target.is_some() {
                s += "+";
            }
            cells.push(s);
        }
        cells
    };
    let mut holders = vec!["holders".to_string()];
    holders.extend(r.competencies.iter().map(|c| {
        if c.thin {
            format!("{} thin", c.holders)
        } else {
            c.holders.to_string()
        }
    }));
    // The rows are made twice (to fit the columns, then to write them)
    // rather than held: a large team has many.
    o.put(&out);
    out.clear();
    table_into(o, &header, || {
        r.matrix
            .iter()
            .map(row_cells)
            .chain(std::iter::once(holders.clone()))
    });
    let legend: Vec<String> = fw
        .levels
        .iter()
        .rev()
        .map(|l| {
            format!(
                "{} {}",
                marks.get(&l.id).cloned().unwrap_or_default(),
                l.label.to_lowercase()
            )
        })
        .collect();
    let ruled = r.competencies.iter().any(|c| c.rule_not_met > 0);
    out += &format!(
        "\nlevels: {}, ? insufficient evidence,{} - no evidence; ! essential gap, * desirable gap, + open plan target\n",
        legend.join(", "),
        if ruled { " r rule not met," } else { "" }
    );
    out += "\ncompetencies:\n";
    let rule_gaps = r
        .competencies
        .iter()
        .any(|c| c.demand.gaps_by_status.is_some_and(|g| g.rule_not_met > 0));
    let rows: Vec<Vec<String>> = r
        .competencies
        .iter()
        .zip(&codes)
        .map(|(c, code)| {
            vec![
                code.clone(),
                c.id.clone(),
                c.holders.to_string(),
                if c.thin { "yes" } else { "" }.to_string(),
                c.requirement.as_ref().map_or("-".to_string(), |q| {
                    format!("{} ({})", q.level, importance_name(q.importance))
                }),
                gap_counts(c, rule_gaps),
                c.demand
                    .open_targets
                    .map_or("-".to_string(), |x| x.to_string()),
                c.demand.workers.to_string(),
            ]
        })
        .collect();
    out += &table(
        &[
            "code",
            "competency",
            "holders",
            "thin",
            "required",
            if rule_gaps {
                "gaps (none/insufficient/below/rule)"
            } else {
                "gaps (none/insufficient/below)"
            },
            "open targets",
            "training demand",
        ],
        &rows,
    );
    if r.thin.is_empty() {
        out += &format!(
            "\nno competency is held by fewer than {} workers\n",
            r.min_holders
        );
    } else {
        out += &format!(
            "\nthin (fewer than {} holders): {}\n",
            r.min_holders,
            r.thin.join(", ")
        );
    }
    out +=
        "training demand = workers with a screening gap or an open plan target on the competency\n";
    rules_not_met(&mut out, fw, r);
    o.put(&out);
}

/// A competency's screening gaps in the cohort table: the total, then by
/// status (`rule`: with the count of rules not met).
fn gap_counts(c: &cohort::CompetencySummary, rule: bool) -> String {
    match (&c.requirement, c.demand.gaps_by_status) {
        (Some(_), Some(g)) if rule => format!(
            "{} ({}/{}/{}/{})",
            g.no_evidence + g.insufficient_evidence + g.below_level + g.rule_not_met,
            g.no_evidence,
            g.insufficient_evidence,
            g.below_level,
            g.rule_not_met
        ),
        (Some(_), Some(g)) => format!(
            "{} ({}/{}/{})",
            g.no_evidence + g.insufficient_evidence + g.below_level,
            g.no_evidence,
            g.insufficient_evidence,
            g.below_level
        ),
        _ => "-".to_string(),
    }
}

/// The cells whose rule is not met, each with the criteria it needs
/// (nothing when there are none).
fn rules_not_met(out: &mut String, fw: &Framework, r: &CohortResult) {
    let mut lines = String::new();
    for row in &r.matrix {
        for c in row
            .cells
            .iter()
            .filter(|c| c.status == CellStatus::RuleNotMet)
        {
            let needs =
                crate::present::scoring::rule_needs(fw, &c.competency, &c.needs, c.needs_more);
            lines += &format!("  {} · {}: {needs}\n", row.worker, c.competency);
        }
    }
    if !lines.is_empty() {
        *out += "\nrules not met (what each needs):\n";
        *out += &lines;
    }
}

// ---------------------------------------------------------------------------
// equality
fn estimate_csv(out: &mut String, csv: Csv, kind: &str, e: &Estimate, pad: usize) {
    csv.row(out)
        .text(kind)
        .text(e.group.as_deref().unwrap_or(""))
        .text(e.period.as_deref().unwrap_or(""))
        .text("")
        .opt(e.n)
        .opt(e.count)
        .opt(e.rate)
        .opt(e.ci_low)
        .opt(e.ci_high)
        .opt(e.relative_likelihood)
        .opt(e.ratio_to_highest)
        .opt(e.four_fifths)
        .num(e.suppressed)
        .pad(pad)
        .end();
}

/// CSV: one row per estimate (`kind` = cell, group_total, period_total,
/// total), then one per group × reason (`kind` = reason, in `count`).
/// Suppressed rows have every number empty.
fn equality_csv(r: &EqualityResult, csv: Csv) -> String {
    // With reference shares, three more columns (empty on the other rows).
    let pad = if r.representation.is_some() { 3 } else { 0 };
    let mut out = String::from(
        "kind,group,period,reason,n,count,rate,ci_low,ci_high,relative_likelihood,ratio_to_highest,four_fifths,suppressed",
    );
    out += if pad > 0 {
        ",reference_share,share_ratio,representation\n"
    } else {
        "\n"
    };
    for e in &r.cells {
        estimate_csv(&mut out, csv, "cell", e, pad);
    }
    for e in &r.group_totals {
        estimate_csv(&mut out, csv, "group_total", e, pad);
    }
    for e in &r.period_totals {
        estimate_csv(&mut out, csv, "period_total", e, pad);
    }
    estimate_csv(&mut out, csv, "total", &r.total, pad);
    let none: Option<u64> = None;
    if let Some(t) = &r.reasons {
        for row in &t.groups {
            for (k, reason) in t.reasons.iter().enumerate() {
                let count = row.counts.as_ref().and_then(|c| c.get(k)).copied();
                csv.row(&mut out)
                    .text("reason")
                    .text(&row.group)
                    .text("")
                    .text(reason)
                    .opt(none)
                    .opt(count)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .num(row.suppressed)
                    .pad(pad)
                    .end();
            }
        }
        if let Some(totals) = &t.totals {
            for (reason, count) in t.reasons.iter().zip(totals) {
                csv.row(&mut out)
                    .text("reason")
                    .text("")
                    .text("")
                    .text(reason)
                    .opt(none)
                    .num(count)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .opt(none)
                    .num(false)
                    .pad(pad)
                    .end();
            }
        }
    }
    for x in r.representation.iter().flatten() {
        // Share of the outcome: `n` the people of every group with it,
        // `count` the group's, `rate` its share with the interval.
        csv.row(&mut out)
            .text("representation")
            .text(&x.group)
            .text("")
            .text("")
            .opt(x.total)
            .opt(x.count)
            .opt(x.share)
            .opt(x.ci_low)
            .opt(x.ci_high)
            .pad(3)
            .num(x.suppressed)
            .num(x.reference_share)
            .opt(x.ratio)
            .text(x.flag.as_deref().unwrap_or(""))
            .end();
    }
    out
}

fn estimate_row(label: &str, e: &Estimate) -> Vec<String> {
    if e.suppressed {
        let mut row = vec![label.to_string()];
        row.extend(std::iter::repeat_n("*".to_string(), 7));
        return row;
    }
    vec![
        label.to_string(),
        opt_num(e.n),
        opt_num(e.count),
        pct(e.rate),
        match (e.ci_low, e.ci_high) {
            (Some(a), Some(b)) => format!("{:.1}–{:.1}%", a * 100.0, b * 100.0),
            _ => "-".into(),
        },
        f(e.relative_likelihood, 2),
        f(e.ratio_to_highest, 2),
        match e.four_fifths {
            Some(true) => "below 4/5".into(),
            Some(false) => String::new(),
            None => "-".into(),
        },
    ]
}

const ESTIMATE_HEADER: [&str; 8] = [
    "group",
    "n",
    "yes",
    "rate",
    "95% CI",
    "rel. likelihood",
    "ratio to highest",
    "4/5 rule",
];

/// Decline reasons by group, as a table.
fn reasons_table(t: &crate::analysis::equality::ReasonTable) -> String {
    let mut out = String::new();
    out += "\nreasons for \"no\" (all periods):\n";
    let mut header: Vec<&str> = vec!["group", "declined"];
    header.extend(t.reasons.iter().map(String::as_str));
    let mut rows: Vec<Vec<String>> = t
        .groups
        .iter()
        .map(|row| {
            let mut cells = vec![row.group.clone()];
            match &row.counts {
                Some(c) if !row.suppressed => {
                    cells.push(opt_num(row.declined));
                    cells.extend(c.iter().map(u64::to_string));
                }
                _ => cells.extend(std::iter::repeat_n("*".to_string(), t.reasons.len() + 1)),
            }
            cells
        })
        .collect();
    if let Some(totals) = &t.totals {
        let mut cells = vec![
            "all groups".to_string(),
            totals.iter().sum::<u64>().to_string(),
        ];
        cells.extend(totals.iter().map(u64::to_string));
        rows.push(cells);
    }
    out += &table(&header, &rows);
    out
}

/// The heading of the totals over periods (or over the crossed column).
fn all_label(s: &crate::analysis::equality::Settings) -> String {
    match &s.cross {
        Some(c) => format!("\nall of `{c}`:\n"),
        None => "\nall periods:\n".to_string(),
    }
}

fn equality_table(r: &EqualityResult) -> String {
    let s = &r.settings;
    let mut out = format!(
        "`{}` by `{}`{} · reference group `{}` ({}) · cells under {} people suppressed (*)\n",
        s.outcome,
        s.group,
        s.period
            .as_deref()
            .map(|p| format!(" and `{p}`"))
            .unwrap_or_default(),
        s.reference.as_deref().unwrap_or("-"),
        if s.reference_chosen_by == "option" {
            "chosen"
        } else {
            "largest group"
        },
        s.min_cell
    );
    out += "relative likelihood = reference rate ÷ group rate (>1: the reference group is more likely); 4/5 rule: rate below 0.8 × the highest group rate\n";
    let g = r.groups.len();
    for (t, period) in r.periods.iter().enumerate() {
        out += &if s.period.is_some() {
            format!("\n{} {period}:\n", s.period.as_deref().unwrap_or("period"))
        } else {
            "\n".to_string()
        };
        let mut rows: Vec<Vec<String>> = r
            .cells
            .iter()
            .skip(t * g)
            .take(g)
            .map(|e| estimate_row(e.group.as_deref().unwrap_or(""), e))
            .collect();
        match r.period_totals.get(t) {
            Some(e) => rows.push(estimate_row("all groups", e)),
            None => rows.push(estimate_row("all groups", &r.total)),
        }
        out += &table(&ESTIMATE_HEADER, &rows);
    }
    if !r.group_totals.is_empty() {
        out += &all_label(s);
        let mut rows: Vec<Vec<String>> = r
            .group_totals
            .iter()
            .map(|e| estimate_row(e.group.as_deref().unwrap_or(""), e))
            .collect();
        rows.push(estimate_row("all groups", &r.total));
        out += &table(&ESTIMATE_HEADER, &rows);
    }
    if !r.trends.is_empty() {
        out += "\ntrend (shown cells only):\n";
        let rows: Vec<Vec<String>> = r
            .trends
            .iter()
            .map(|t| {
                vec![
                    t.group.clone(),
                    t.periods.to_string(),
                    format!(
                        "{} → {}",
                        t.first_period.as_deref().unwrap_or("-"),
                        t.last_period.as_deref().unwrap_or("-")
                    ),
                    format!("{} → {}", pct(t.first_rate), pct(t.last_rate)),
                    t.change
                        .map_or("-".into(), |c| format!("{:+.1} pts", c * 100.0)),
                    t.slope
                        .map_or("-".into(), |c| format!("{:+.1} pts", c * 100.0)),
                    format!(
                        "{} → {}",
                        f(t.first_relative_likelihood, 2),
                        f(t.last_relative_likelihood, 2)
                    ),
                ]
            })
            .collect();
        out += &table(
            &[
                "group",
                "periods",
                "from → to",
                "rate",
                "change",
                "slope/period",
                "rel. likelihood",
            ],
            &rows,
        );
    }
    if let Some(t) = &r.reasons {
        out += &reasons_table(t);
    }
    if let Some(rep) = &r.representation {
        out += &crate::present::impact::representation_table(rep);
    }
    out += &format!(
        "\nrows: {} read, {} counted, {} not counted\n",
        r.counts.rows.map_or("(withheld)".into(), |x| x.to_string()),
        r.counts.used.map_or("(withheld)".into(), |x| x.to_string()),
        r.counts.rejected
    );
    if !r.rejected.is_empty() {
        let rows: Vec<Vec<String>> = r
            .rejected
            .iter()
            .take(20)
            .map(|x| {
                vec![
                    x.line.to_string(),
                    x.reason.as_str().to_string(),
                    x.detail.clone(),
                ]
            })
            .collect();
        out += "\nrows not counted:\n";
        out += &table(&["line", "reason", "detail"], &rows);
        if r.rejected.len() > 20 {
            out += &format!(
                "... and {} more (--format json lists all)\n",
                r.rejected.len() - 20
            );
        }
    }
    for w in r.warnings.iter().take(10) {
        out += &format!("note: line {}: {}\n", w.line, w.message);
    }
    out
}

// ---------------------------------------------------------------------------
// delphi
fn band(b: Option<PriorityBand>) -> &'static str {
    b.map_or("", band_name)
}

fn item_csv(out: &mut String, csv: Csv, round: u32, group: &str, s: &ItemStats) {
    csv.row(out)
        .num(round)
        .text(group)
        .text(&s.item)
        .text(s.label.as_deref().unwrap_or(""))
        .text(s.category.as_deref().unwrap_or(""))
        .num(s.n)
        .num(s.mean)
        .opt(s.sd)
        .num(s.median)
        .num(s.q1)
        .num(s.q3)
        .num(s.iqr)
        .num(s.low)
        .num(s.middle)
        .num(s.high)
        .num(s.low_share)
        .num(s.middle_share)
        .num(s.high_share)
        .text(band(s.modal_band))
        .num(s.consensus)
        .text(band(s.consensus_band))
        .num(s.rank)
        .opt(s.high_share_change)
        .opt(s.stable)
        .end();
}

/// CSV: one row per round × (all, or panel group) × item.
fn delphi_csv(r: &DelphiResult, csv: Csv) -> String {
    let mut out = String::from(
        "round,group,item,label,category,n,mean,sd,median,q1,q3,iqr,low,middle,high,low_share,middle_share,high_share,modal_band,consensus,consensus_band,rank,high_share_change,stable\n",
    );
    for round in &r.rounds {
        for s in &round.items {
            item_csv(&mut out, csv, round.round, "", s);
        }
        for g in &round.groups {
            for s in &g.items {
                item_csv(&mut out, csv, round.round, &g.group, s);
            }
        }
    }
    out
}

fn item_rows(items: &[ItemStats]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|s| {
            vec![
                s.rank.to_string(),
                s.item.clone(),
                s.n.to_string(),
                format!("{:.2}", s.mean),
                f(s.sd, 2),
                format!("{:.1}", s.median),
                format!("{:.2}", s.iqr),
                pct(Some(s.low_share)),
                pct(Some(s.middle_share)),
                pct(Some(s.high_share)),
                s.consensus_band.map_or("-", band_name).to_string(),
                s.high_share_change
                    .map_or("-".into(), |c| format!("{:+.1}", c * 100.0)),
                match s.stable {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "-",
                }
                .to_string(),
            ]
        })
        .collect()
}

const ITEM_HEADER: [&str; 13] = [
    "rank",
    "item",
    "n",
    "mean",
    "sd",
    "median",
    "iqr",
    "low",
    "middle",
    "high",
    "consensus",
    "Δhigh pts",
    "stable",
];

fn delphi_table(r: &DelphiResult, by_group: bool) -> String {
    let mut out = format!(
        "{} ratings: {} counted, {} excluded · consensus ≥ {:.0}% in one band (low 1–3, middle 4–7, high 8–10) · stable when |Δhigh| ≤ {:.0} pts\n",
        r.counts.ratings,
        r.counts.used,
        r.counts.excluded,
        r.options.consensus * 100.0,
        r.options.stability * 100.0
    );
    out += "rank: mean descending, then SD ascending (ties share a rank); sd: sample (n−1); median/iqr: linear quantiles\n";
    for round in &r.rounds {
        out += &format!(
            "\nround {} ({} participants, {} ratings{}):\n",
            round.round,
            round.participants,
            round.ratings,
            round
                .previous_round
                .map(|p| format!("; Δhigh against round {p}"))
                .unwrap_or_default()
        );
        out += &table(&ITEM_HEADER, &item_rows(&round.items));
        if by_group {
            for g in &round.groups {
                out += &format!(
                    "\nround {} · {} ({} participants):\n",
                    round.round, g.group, g.participants
                );
                out += &table(&ITEM_HEADER, &item_rows(&g.items));
            }
        }
    }
    out += "\npanel:\n";
    let mut header: Vec<String> = vec!["group".into(), "participants".into()];
    header.extend(r.rounds.iter().map(|x| format!("round {}", x.round)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = r
        .panel
        .iter()
        .map(|p| {
            let mut row = vec![p.group.clone(), p.participants.to_string()];
            row.extend(p.by_round.iter().map(u32::to_string));
            row
        })
        .collect();
    out += &table(&header, &rows);
    if !by_group && r.rounds.iter().any(|x| !x.groups.is_empty()) {
        out += "(--by-group shows each panel group's results; --format json has them all)\n";
    }
    if !r.unrated_items.is_empty() {
        let items: Vec<_> = r.unrated_items.iter().map(|i| shown(i)).collect();
        out += &format!("\nitems with no counted rating: {}\n", items.join(", "));
    }
    if !r.excluded.is_empty() {
        out += "\nexcluded ratings:\n";
        let rows: Vec<Vec<String>> = r
            .excluded
            .iter()
            .take(30)
            .map(|x| {
                vec![
                    x.line.to_string(),
                    x.participant.clone(),
                    x.round.to_string(),
                    x.item.clone(),
                    x.reason.as_str().to_string(),
                    x.detail.clone(),
                ]
            })
            .collect();
        out += &table(
            &["line", "participant", "round", "item", "reason", "detail"],
            &rows,
        );
        if r.excluded.len() > 30 {
            out += &format!(
                "... and {} more (--format json lists all)\n",
                r.excluded.len() - 30
            );
        }
    }
    out
}
