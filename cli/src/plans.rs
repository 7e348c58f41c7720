//! `proficient progress` and `proficient cpd`: development plans and CPD
//! against the framework, for trainers.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use proficient::plans::{Cpd, Plans};
use proficient::progress::{self, Period, ProgressResult, TargetStatus};
use proficient::{Date, Framework};

use crate::output::{csv_field, table};
use crate::score::{json, num, EvidenceArgs};
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
}

/// Loads everything `progress` needs and judges the plans.
pub fn run_progress(a: &ProgressArgs) -> Result<(Framework, ProgressResult), Failure> {
    let fw = Framework::load(&a.framework)?;
    let plans = Plans::from_path(&a.plans, &fw)?;
    let cpd = a.cpd.as_ref().map(|p| Cpd::from_path(p, &fw)).transpose()?;
    progress::check_min_gain(a.min_gain).map_err(|e| Failure::Usage(format!("--min-gain {e}")))?;
    let policy = a.evidence.policy(&fw)?;
    let as_of = a.evidence.as_of.unwrap_or_else(Date::today);
    // One pass over the evidence, streamed, scores every date needed.
    let mut scorer = progress::scorer(&fw, &plans, as_of, &policy);
    a.evidence.read_into(&mut scorer)?;
    if let Some(cpd) = &cpd {
        let mut extra = proficient::evidence::Batch::default();
        cpd.add_evidence(&mut extra);
        scorer.push_batch(&extra);
    }
    let result = progress::finish(&fw, scorer, &plans, a.min_gain);
    Ok((fw, result))
}

fn status_name(s: TargetStatus) -> &'static str {
    match s {
        TargetStatus::Achieved => "Achieved",
        TargetStatus::Progressing => "Progressing",
        TargetStatus::NoProgress => "No Progress",
    }
}

/// Renders progress; tables and CSV list overdue targets first.
pub fn render_progress(r: &ProgressResult, format: Format) -> Result<String, Failure> {
    let mut order: Vec<&progress::TargetProgress> = r.targets.iter().collect();
    order.sort_by_key(|t| (!t.overdue, std::cmp::Reverse(t.days_overdue)));
    match format {
        Format::Json => json(r),
        Format::Csv => {
            let mut out = String::from(
                "worker,competency,target_level,due,lead,status,overdue,days_overdue,score,level,gain,explanation\n",
            );
            for t in order {
                let now = t.trajectory.last();
                out += &[
                    csv_field(&t.worker),
                    csv_field(&t.competency),
                    csv_field(&t.target_level),
                    t.due.to_string(),
                    csv_field(t.lead.as_deref().unwrap_or("")),
                    t.status.as_str().to_string(),
                    t.overdue.to_string(),
                    t.days_overdue.to_string(),
                    now.and_then(|p| p.score)
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    csv_field(now.and_then(|p| p.level.as_deref()).unwrap_or("")),
                    t.gain.map(|g| g.to_string()).unwrap_or_default(),
                    csv_field(&t.explanation),
                ]
                .join(",");
                out.push('\n');
            }
            Ok(out)
        }
        Format::Table => {
            let c = r.counts;
            let mut out = format!(
                "{} · as of {} · {} targets: {} achieved, {} progressing, {} no progress; {} overdue\n\n",
                r.framework,
                r.as_of,
                r.targets.len(),
                c.achieved,
                c.progressing,
                c.no_progress,
                c.overdue
            );
            let rows: Vec<Vec<String>> = order
                .iter()
                .map(|t| {
                    let now = t.trajectory.last();
                    vec![
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
                .collect();
            out += &table(
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
                &rows,
            );
            out += "\n";
            for t in &order {
                out += &format!("{} {}: {}\n", t.worker, t.competency, t.explanation);
            }
            Ok(out)
        }
    }
}

/// `proficient cpd`.
pub fn run_cpd(a: &CpdArgs) -> Result<String, Failure> {
    let fw = Framework::load(&a.framework)?;
    let cpd = Cpd::from_path(&a.cpd, &fw)?;
    let s = progress::summarise_cpd(&fw, &cpd, a.period.into());
    match a.format {
        Format::Json => json(&s),
        Format::Csv => {
            let mut out = String::from("worker,period,hours,activities\n");
            for w in &s.by_worker {
                out += &format!(
                    "{},{},{},{}\n",
                    csv_field(&w.worker),
                    w.period,
                    w.hours,
                    w.activities
                );
            }
            Ok(out)
        }
        Format::Table => {
            let mut out = format!(
                "CPD: {} hours, {} activities\n\nhours by worker and period:\n",
                s.total_hours,
                cpd.activities.len()
            );
            let rows: Vec<Vec<String>> = s
                .by_worker
                .iter()
                .map(|w| {
                    vec![
                        w.worker.clone(),
                        w.period.clone(),
                        format!("{}", w.hours),
                        w.activities.to_string(),
                    ]
                })
                .collect();
            out += &table(&["worker", "period", "hours", "activities"], &rows);
            out += "\nhours by competency (an activity counts for each competency it addresses):\n";
            let rows: Vec<Vec<String>> = s
                .by_competency
                .iter()
                .map(|k| {
                    vec![
                        k.competency.clone(),
                        format!("{}", k.hours),
                        k.activities.to_string(),
                        k.workers.to_string(),
                    ]
                })
                .collect();
            out += &table(&["competency", "hours", "activities", "workers"], &rows);
            if !s.unmapped.is_empty() {
                out += "\nactivities with no competency mapped:\n";
                for u in &s.unmapped {
                    out += &format!("  {} {} {} ({} h)\n", u.worker, u.date, u.title, u.hours);
                }
            }
            Ok(out)
        }
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
}

/// `proficient report`: the trainer's HTML report.
pub fn run_report(a: &ReportArgs) -> Result<String, Failure> {
    let fw = Framework::load(&a.framework)?;
    let cpd = a.cpd.as_ref().map(|p| Cpd::from_path(p, &fw)).transpose()?;
    let policy = a.evidence.policy(&fw)?;
    let as_of = a.evidence.as_of.unwrap_or_else(Date::today);
    let plans = a
        .plans
        .as_ref()
        .map(|p| Plans::from_path(p, &fw))
        .transpose()?;
    progress::check_min_gain(a.min_gain).map_err(|e| Failure::Usage(format!("--min-gain {e}")))?;
    let mut scorer = proficient::report::scorer(&fw, plans.as_ref(), as_of, &policy);
    a.evidence.read_into(&mut scorer)?;
    Ok(proficient::report::finish(
        &fw,
        scorer,
        plans.as_ref(),
        cpd.as_ref(),
        a.min_gain,
    ))
}
