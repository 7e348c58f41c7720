//! `proficient progress` and `proficient cpd`: development plans and CPD
//! against the framework, for trainers.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use proficient::api;
use proficient::trainer::progress::{self, Period, ProgressResult, TargetStatus};

use crate::output::{
    emit_csv_with, emit_json, emit_table_with, shown, table_into, Csv, CsvArgs, Sink,
};
use crate::score::{env, num, options, path_source, EvidenceArgs, OutputArgs};
use crate::{Failure, Format};

/// Options of `proficient progress`.
#[derive(Args)]
pub struct ProgressArgs {
    /// Shipped framework name or path.
    #[arg(long)]
    pub framework: String,
    /// Development plans (YAML or JSON).
    #[arg(long)]
    pub plans: PathBuf,
    /// CPD activities (YAML, JSON or CSV); their evidence rules add evidence items.
    #[arg(long)]
    pub cpd: Option<PathBuf>,
    /// Score rise since the baseline that counts as progressing.
    #[arg(long, default_value_t = progress::DEFAULT_MIN_GAIN)]
    pub min_gain: f64,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// Period names on the command line.
#[derive(Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::Year => Period::Year,
        }
    }
}

/// Options of `proficient cpd`.
#[derive(Args)]
pub struct CpdArgs {
    /// Shipped framework name or path.
    #[arg(long)]
    pub framework: String,
    /// CPD activities (YAML, JSON or CSV).
    #[arg(long)]
    pub cpd: PathBuf,
    /// Period to total hours by.
    #[arg(long, value_enum, default_value_t = PeriodArg::Quarter)]
    pub period: PeriodArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// Runs `proficient progress`.
pub fn run_progress(a: &ProgressArgs) -> Result<(), Failure> {
    let r = judge_progress(a)?;
    let out = a.output.out.as_deref();
    match a.output.format {
        Format::Json => emit_json(out, &r),
        Format::Csv => emit_csv_with(out, |o| progress_csv(o, &r, a.csv.csv())),
        Format::Table => emit_table_with(out, |o| progress_table(o, &r)),
    }
}

/// Judges the plans through the api.
fn judge_progress(a: &ProgressArgs) -> Result<ProgressResult, Failure> {
    let options = options!(
        api::trainer::ProgressOptions {
            framework: api::Source::Name(a.framework.clone()),
            plans: path_source(&a.plans),
            cpd: a.cpd.as_deref().map(path_source),
            min_gain: a.min_gain,
        },
        &a.evidence
    );
    Ok(api::trainer::progress_in(&options, env())?)
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

/// `proficient cpd`.
pub fn run_cpd(a: &CpdArgs) -> Result<(), Failure> {
    let s = api::trainer::cpd(&api::trainer::CpdOptions {
        framework: api::Source::Name(a.framework.clone()),
        cpd: path_source(&a.cpd),
        period: a.period.into(),
    })?;
    let out = a.out.as_deref();
    match a.format {
        Format::Json => emit_json(out, &s),
        Format::Csv => emit_csv_with(out, |o| {
            let csv = a.csv.csv();
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
        }),
        Format::Table => emit_table_with(out, |o| {
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
        }),
    }
}

/// Options of `proficient report`.
#[derive(Args)]
pub struct ReportArgs {
    /// Shipped framework name or path.
    #[arg(long)]
    pub framework: String,
    /// Development plans (YAML or JSON), for the plan status and trajectories.
    #[arg(long)]
    pub plans: Option<PathBuf>,
    /// CPD activities (YAML, JSON or CSV), for hours by quarter.
    #[arg(long)]
    pub cpd: Option<PathBuf>,
    /// Score rise since the baseline that counts as progressing.
    #[arg(long, default_value_t = progress::DEFAULT_MIN_GAIN)]
    pub min_gain: f64,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// Write the HTML to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `proficient report`: the trainer's HTML report.
pub fn run_report(a: &ReportArgs) -> Result<String, Failure> {
    let options = options!(
        api::trainer::ReportOptions {
            framework: api::Source::Name(a.framework.clone()),
            plans: a.plans.as_deref().map(path_source),
            cpd: a.cpd.as_deref().map(path_source),
            min_gain: a.min_gain,
        },
        &a.evidence
    );
    Ok(api::trainer::report_in(&options, env())?)
}
