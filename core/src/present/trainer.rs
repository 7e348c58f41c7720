//! `progress` and `cpd` as a table, CSV or JSON.

use std::io::Write;

use crate::present::csv::Csv;
use crate::present::scoring::num;
use crate::present::text::{shown, table_into, Chunked, Sink};
use crate::present::{unsupported, Format, Style};
use crate::trainer::progress::{self, CpdSummary, ProgressResult, TargetStatus};

/// Writes a `progress` result in `style`.
pub fn write_progress(
    out: &mut dyn Write,
    r: &ProgressResult,
    style: Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, r),
        Format::Csv => Chunked::write(out, false, |o| progress_csv(o, r, style.csv)),
        Format::Table => Chunked::write(out, true, |o| progress_table(o, r)),
        Format::Html => Err(unsupported("progress", style.format)),
    }
}

fn status_name(s: TargetStatus) -> &'static str {
    match s {
        TargetStatus::Achieved => "Achieved",
        TargetStatus::Progressing => "Progressing",
        TargetStatus::NoProgress => "No Progress",
    }
}

/// The targets as tables and CSV list them: overdue first, most overdue
/// first.
fn listed(r: &ProgressResult) -> Vec<&progress::TargetProgress> {
    let mut order: Vec<&progress::TargetProgress> = r.targets.iter().collect();
    order.sort_by_key(|t| (!t.overdue, std::cmp::Reverse(t.days_overdue)));
    order
}

fn progress_csv(o: &mut impl Sink, r: &ProgressResult, csv: Csv) {
    o.put(
        "worker,competency,target_level,due,lead,status,overdue,days_overdue,score,level,gain,explanation\n",
    );
    let mut line = String::new();
    for t in listed(r) {
        let now = t.trajectory.last();
        line.clear();
        csv.row(&mut line)
            .text(&t.worker)
            .text(&t.competency)
            .text(&t.target_level)
            .num(t.due)
            .text(t.lead.as_deref().unwrap_or(""))
            .text(t.status.as_str())
            .num(t.overdue)
            .num(t.days_overdue)
            .opt(now.and_then(|p| p.score))
            .text(now.and_then(|p| p.level.as_deref()).unwrap_or(""))
            .opt(t.gain)
            .text(&t.explanation)
            .end();
        o.put(&line);
    }
}

fn progress_table(o: &mut impl Sink, r: &ProgressResult) {
    let order = listed(r);
    let c = r.counts;
    o.put(&format!(
        "{} · as of {} · {} targets: {} achieved, {} progressing, {} no progress; {} overdue\n\n",
        r.framework,
        r.as_of,
        r.targets.len(),
        c.achieved,
        c.progressing,
        c.no_progress,
        c.overdue
    ));
    table_into(
        o,
        &[
            "worker",
            "competency",
            "target",
            "due",
            "lead",
            "status",
            "overdue",
            "now",
        ],
        || {
            order.iter().map(|t| {
                let now = t.trajectory.last();
                [
                    t.worker.clone(),
                    t.competency.clone(),
                    t.target_level.clone(),
                    t.due.to_string(),
                    t.lead.clone().unwrap_or_default(),
                    status_name(t.status).to_string(),
                    if t.overdue {
                        format!("{} days", t.days_overdue)
                    } else {
                        String::new()
                    },
                    format!(
                        "{} {}",
                        num(now.and_then(|p| p.score)),
                        now.and_then(|p| p.level.clone()).unwrap_or_default()
                    ),
                ]
            })
        },
    );
    o.put("\n");
    for t in &order {
        o.put(&format!(
            "{} {}: {}\n",
            shown(&t.worker),
            t.competency,
            t.explanation
        ));
    }
}

/// Writes a `cpd` summary in `style`.
pub fn write_cpd(out: &mut dyn Write, s: &CpdSummary, style: Style) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, s),
        Format::Csv => Chunked::write(out, false, |o| cpd_csv(o, s, style.csv)),
        Format::Table => Chunked::write(out, true, |o| cpd_table(o, s)),
        Format::Html => Err(unsupported("cpd", style.format)),
    }
}

fn cpd_csv(o: &mut impl Sink, s: &CpdSummary, csv: Csv) {
    o.put("worker,period,hours,activities\n");
    let mut line = String::new();
    for w in &s.by_worker {
        line.clear();
        csv.row(&mut line)
            .text(&w.worker)
            .text(&w.period)
            .num(w.hours)
            .num(w.activities)
            .end();
        o.put(&line);
    }
}

fn cpd_table(o: &mut impl Sink, s: &CpdSummary) {
    o.put(&format!(
        "CPD: {} hours, {} activities\n\nhours by worker and period:\n",
        s.total_hours,
        s.by_worker
            .iter()
            .map(|w| u64::from(w.activities))
            .sum::<u64>()
    ));
    table_into(o, &["worker", "period", "hours", "activities"], || {
        s.by_worker.iter().map(|w| {
            [
                w.worker.clone(),
                w.period.clone(),
                format!("{}", w.hours),
                w.activities.to_string(),
            ]
        })
    });
    o.put("\nhours by competency (an activity counts for each competency it addresses):\n");
    table_into(o, &["competency", "hours", "activities", "workers"], || {
        s.by_competency.iter().map(|k| {
            [
                k.competency.clone(),
                format!("{}", k.hours),
                k.activities.to_string(),
                k.workers.to_string(),
            ]
        })
    });
    if !s.unmapped.is_empty() {
        o.put("\nactivities with no competency mapped:\n");
        for u in &s.unmapped {
            o.put(&format!(
                "  {} {} {} ({} h)\n",
                shown(&u.worker),
                u.date,
                shown(&u.title),
                u.hours
            ));
        }
    }
}
