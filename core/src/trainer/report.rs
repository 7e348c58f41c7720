//! The trainer's report: one self-contained HTML page (inline CSS and SVG,
//! no scripts, no network) with the team matrix of levels, plan status
//! (overdue first), each worker's radar and target trajectories, CPD hours
//! by quarter, and the evidence that was rejected.

use std::fmt::Write as _;

use crate::base::date::Date;
use crate::evidence::Batch;
use crate::model::Framework;
use crate::render::html::escape;
use crate::scoring::policy::ScoringPolicy;
use crate::scoring::score::{Explain, ScoreResult, Scorer, WorkerScore};
use crate::trainer::plans::{Cpd, Plans};
use crate::trainer::progress::{
    self, CpdSummary, Period, Point, ProgressResult, TargetProgress, TargetStatus,
};
use crate::trainer::ratings::{applies, ratings_table};

const STYLE: &str = r#"
:root { --ink:#1d2733; --muted:#5b6775; --line:#d5dbe3; --bg:#ffffff; --soft:#f4f6f9;
  --l0:#f2d7d5; --l1:#fbe7c2; --l2:#cfe8d6; --l3:#8fd0a6; --none:#eceff3; --accent:#2357a5; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--bg); margin: 0; padding: 1.2rem; max-width: 1200px; margin-inline: auto; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .6rem;
  border-bottom: 2px solid var(--line); padding-bottom: .2rem; } h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.lv { text-align: center; font-weight: 600; min-width: 2.2rem; }
.lv0 { background: var(--l0); } .lv1 { background: var(--l1); } .lv2 { background: var(--l2); } .lv3 { background: var(--l3); }
.lvx { background: var(--none); color: var(--muted); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .7rem; font-size: .8rem; font-weight: 600; }
.achieved { background: #cfe8d6; } .progressing { background: #fbe7c2; } .no_progress { background: #f2d7d5; }
.overdue { color: #9b1c1c; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .8rem; background: #fff; }
.card h3 { margin-top: 0; }
svg text { font: 10px system-ui, sans-serif; fill: var(--ink); }
td.suppressed { color: var(--muted); text-align: center; } caption { text-align: left; font-weight: 600; padding: .2rem 0; }
.legend span { display: inline-block; padding: 0 .5rem; margin-right: .3rem; border-radius: .2rem; }
@media (max-width: 600px) { body { padding: .6rem; font-size: 14px; } .cards { grid-template-columns: 1fr; } }
"#;

fn level_class(fw: &Framework, level: Option<&str>) -> String {
    match level.and_then(|l| fw.level_index(l)) {
        Some(i) => {
            // Spread the levels over the four colours, lowest to highest.
            let n = fw.levels.len().max(2) - 1;
            format!("lv{}", (i * 3 + n / 2) / n)
        }
        None => "lvx".into(),
    }
}

fn code(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "–".into(), |s| format!("{s:.2}"))
}

/// A radar chart (inline SVG) of one worker's competency scores, with rings
/// at the level thresholds.
/// With no competencies (a framework being authored) the chart has no
/// axes: its title and a line saying so.
pub fn radar_svg(fw: &Framework, w: &WorkerScore) -> String {
    let n = w.competencies.len().max(3);
    let (cx, cy, r) = (150.0, 140.0, 100.0);
    if w.competencies.is_empty() {
        return format!(
            r##"<svg viewBox="0 0 300 40" width="300" height="40" role="img" aria-labelledby="radar-{id}"><title id="radar-{id}">Competency scores of {name}</title><text x="150" y="20" text-anchor="middle" dominant-baseline="middle">no competencies to chart</text></svg>"##,
            id = escape(&w.worker),
            name = escape(&w.worker)
        );
    }
    let at = |i: usize, v: f64| -> (f64, f64) {
        let a = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
        (cx + r * v * a.cos(), cy + r * v * a.sin())
    };
    let mut svg = format!(
        r##"<svg viewBox="0 0 300 290" width="300" height="290" role="img" aria-labelledby="radar-{id}"><title id="radar-{id}">Competency scores of {name}</title>"##,
        id = escape(&w.worker),
        name = escape(&w.worker)
    );
    for l in fw.levels.iter().filter(|l| l.threshold > 0.0) {
        let pts: Vec<String> = (0..n)
            .map(|i| at(i, l.threshold))
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            svg,
            r##"<polygon points="{}" fill="none" stroke="#d5dbe3"/>"##,
            pts.join(" ")
        );
    }
    for (i, c) in w.competencies.iter().enumerate() {
        let (x, y) = at(i, 1.0);
        let (lx, ly) = at(i, 1.16);
        let _ = write!(
            svg,
            r##"<line x1="{cx}" y1="{cy}" x2="{x:.1}" y2="{y:.1}" stroke="#eceff3"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="middle" dominant-baseline="middle">{}</text>"##,
            escape(code(&c.id))
        );
    }
    let pts: Vec<String> = w
        .competencies
        .iter()
        .enumerate()
        .map(|(i, c)| at(i, c.score.unwrap_or(0.0).clamp(0.0, 1.0)))
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = write!(
        svg,
        r##"<polygon points="{}" fill="rgba(35,87,165,.22)" stroke="#2357a5" stroke-width="1.5"/></svg>"##,
        pts.join(" ")
    );
    svg
}

/// A line chart (inline SVG) of a target's score at each trajectory date,
/// with the target level's threshold dashed.
pub fn trajectory_svg(fw: &Framework, t: &TargetProgress) -> String {
    let (w, h, left, right, top, bottom) = (300.0, 130.0, 34.0, 10.0, 10.0, 24.0);
    let dates: Vec<Date> = t.trajectory.iter().map(|p| p.date).collect();
    let (first, last) = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => (*a, *b),
        _ => return String::new(),
    };
    let span = (last.days_since(first)).max(1) as f64;
    let x = |d: Date| left + (w - left - right) * (d.days_since(first) as f64 / span);
    let y = |s: f64| top + (h - top - bottom) * (1.0 - s.clamp(0.0, 1.0));
    let mut svg = format!(
        r##"<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"><title>{} {}: score over time</title>"##,
        escape(&t.worker),
        escape(&t.competency)
    );
    for v in [0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#eceff3"/><text x="{}" y="{yy:.1}" text-anchor="end" dominant-baseline="middle">{v}</text>"##,
            w - right,
            left - 4.0,
            yy = y(v)
        );
    }
    if let Some(th) = fw
        .levels
        .iter()
        .find(|l| l.id == t.target_level)
        .map(|l| l.threshold)
    {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#9b1c1c" stroke-dasharray="4 3"><title>target {}</title></line>"##,
            w - right,
            escape(&t.target_level),
            yy = y(th)
        );
    }
    let pts: Vec<(f64, f64, &Point)> = t
        .trajectory
        .iter()
        .filter_map(|p| p.score.map(|s| (x(p.date), y(s), p)))
        .collect();
    if pts.len() > 1 {
        let line: Vec<String> = pts
            .iter()
            .map(|(a, b, _)| format!("{a:.1},{b:.1}"))
            .collect();
        let _ = write!(
            svg,
            r##"<polyline points="{}" fill="none" stroke="#2357a5" stroke-width="2"/>"##,
            line.join(" ")
        );
    }
    for (a, b, p) in &pts {
        let _ = write!(
            svg,
            r##"<circle cx="{a:.1}" cy="{b:.1}" r="3.5" fill="#2357a5"><title>{}: {} {}</title></circle>"##,
            p.date,
            score_text(p.score),
            escape(p.level.as_deref().unwrap_or(""))
        );
    }
    let _ = write!(
        svg,
        r##"<text x="{left}" y="{}">{first}</text><text x="{}" y="{}" text-anchor="end">{last}</text></svg>"##,
        h - 6.0,
        w - right,
        h - 6.0
    );
    svg
}

/// A bar chart (inline SVG) of team CPD hours by period.
pub fn cpd_bars_svg(cpd: &CpdSummary) -> String {
    let mut periods: Vec<(String, f64)> = Vec::new();
    for row in &cpd.by_worker {
        match periods.iter_mut().find(|(p, _)| *p == row.period) {
            Some(e) => e.1 += row.hours,
            None => periods.push((row.period.clone(), row.hours)),
        }
    }
    periods.sort_by(|a, b| a.0.cmp(&b.0));
    let max = periods.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    let bar = 46.0;
    let w = 40.0 + bar * periods.len() as f64;
    let mut svg = format!(
        r##"<svg viewBox="0 0 {w} 170" width="{w}" height="170" role="img"><title>Team CPD hours by period</title>"##
    );
    for (i, (p, hours)) in periods.iter().enumerate() {
        let hgt = 120.0 * hours / max;
        let x = 30.0 + bar * i as f64;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{hgt:.1}" fill="#2357a5"><title>{}: {hours} h</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle">{hours}</text><text x="{:.1}" y="162" text-anchor="middle">{}</text>"##,
            140.0 - hgt,
            bar - 8.0,
            escape(p),
            x + (bar - 8.0) / 2.0,
            134.0 - hgt,
            x + (bar - 8.0) / 2.0,
            escape(p)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A section the report is given ready made (by a layer above this one,
/// such as the assessor calibration): placed after the CPD, before the
/// rejected evidence, and named in the contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The element id (the contents link to `#id`).
    pub id: String,
    /// The heading, also the contents' link text.
    pub title: String,
    /// The body under the heading: HTML built from escaped parts.
    pub html: String,
}

/// The whole report page.
pub fn trainer_report(
    fw: &Framework,
    scores: &ScoreResult,
    progress: Option<&ProgressResult>,
    cpd: Option<&CpdSummary>,
) -> String {
    trainer_report_with(fw, scores, progress, cpd, &[])
}

/// The whole report page with `extra` sections.
pub fn trainer_report_with(
    fw: &Framework,
    scores: &ScoreResult,
    progress: Option<&ProgressResult>,
    cpd: Option<&CpdSummary>,
    extra: &[Section],
) -> String {
    let mut h = String::new();
    header(
        &mut h,
        fw,
        scores,
        (progress.is_some(), cpd.is_some()),
        extra,
    );
    matrix_section(&mut h, fw, scores);
    if let Some(p) = progress {
        plans_section(&mut h, p);
    }
    workers_section(&mut h, fw, scores, progress);
    if let Some(c) = cpd {
        cpd_section(&mut h, c);
    }
    for s in extra {
        let _ = write!(
            h,
            "<section id=\"{}\"><h2>{}</h2>{}</section>",
            escape(&s.id),
            escape(&s.title),
            s.html
        );
    }
    rejected_section(&mut h, scores);
    h
}

/// The page's head, title and contents.
fn header(
    h: &mut String,
    fw: &Framework,
    scores: &ScoreResult,
    (plans, cpd): (bool, bool),
    extra: &[Section],
) {
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} — trainer's report, {}</title><style>{STYLE}</style></head><body>",
        escape(&fw.title),
        scores.as_of
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"meta\">Trainer's report as of <strong>{}</strong> · framework <code>{}</code> v{} · {} workers · {} evidence items: {} used, {} rejected</p></header>",
        escape(&fw.title),
        scores.as_of,
        escape(&fw.id),
        escape(&fw.version),
        scores.workers.len(),
        scores.counts.items,
        scores.counts.used,
        scores.counts.rejected
    );
    h.push_str("<nav><p class=\"meta\">Contents: <a href=\"#matrix\">team matrix</a>");
    if plans {
        h.push_str(" · <a href=\"#plans\">development plans</a>");
    }
    h.push_str(" · <a href=\"#workers\">workers</a>");
    if cpd {
        h.push_str(" · <a href=\"#cpd\">CPD</a>");
    }
    for s in extra {
        let _ = write!(
            h,
            " · <a href=\"#{}\">{}</a>",
            escape(&s.id),
            escape(&s.title.to_lowercase())
        );
    }
    h.push_str(" · <a href=\"#rejected\">rejected evidence</a></p></nav>");
}

/// The team matrix: each worker's level in each competency.
fn matrix_section(h: &mut String, fw: &Framework, scores: &ScoreResult) {
    h.push_str("<section id=\"matrix\"><h2>Team matrix of levels</h2><p class=\"legend\">");
    for l in fw.levels.iter().rev() {
        let _ = write!(
            h,
            "<span class=\"{}\">{}</span>",
            level_class(fw, Some(&l.id)),
            escape(&l.label)
        );
    }
    h.push_str("<span class=\"lvx\">? insufficient evidence · – none</span></p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">worker</th><th scope=\"col\">overall</th>");
    for c in &fw.competencies {
        let _ = write!(
            h,
            "<th scope=\"col\" title=\"{}\">{}</th>",
            escape(&c.statement),
            escape(code(&c.id))
        );
    }
    h.push_str("</tr></thead><tbody>");
    for w in &scores.workers {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td>",
            escape(&w.worker),
            banded(&fw.overall_levels, w.overall, w.overall_level.as_deref())
        );
        for c in &w.competencies {
            let mark = match (&c.level, c.score) {
                (Some(l), _) => fw
                    .levels
                    .iter()
                    .find(|x| x.id == **l)
                    .map_or(l.to_string(), |x| x.label.clone()),
                _ if c.status == crate::scoring::score::Status::RuleNotMet => {
                    "! rule not met".into()
                }
                (None, Some(_)) => "?".into(),
                (None, None) => "–".into(),
            };
            let short: String = mark.chars().take(1).collect();
            let _ = write!(
                h,
                "<td class=\"lv {}\" title=\"{}: {} ({})\">{}</td>",
                level_class(fw, c.level.as_deref()),
                escape(&c.id),
                escape(&mark),
                score_text(c.score),
                escape(&short)
            );
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div><p class=\"meta\">");
    if fw.competencies.is_empty() {
        h.push_str("The framework has no competencies yet.");
    } else {
        h.push_str("Competencies: ");
    }
    let names: Vec<String> = fw
        .competencies
        .iter()
        .map(|c| {
            format!(
                "<strong>{}</strong> {}",
                escape(code(&c.id)),
                escape(&c.statement.split_whitespace().collect::<Vec<_>>().join(" "))
            )
        })
        .collect();
    h.push_str(&names.join("; "));
    h.push_str("</p></section>");
}

/// Development plan targets, overdue first.
fn plans_section(h: &mut String, p: &ProgressResult) {
    let c = p.counts;
    let _ = write!(
        h,
        "<section id=\"plans\"><h2>Development plans</h2><p class=\"meta\">{} targets: {} achieved, {} progressing, {} no progress; <span class=\"overdue\">{} overdue</span>. Progressing means the score rose by at least {} since the baseline, or the level rose.</p>",
        p.targets.len(),
        c.achieved,
        c.progressing,
        c.no_progress,
        c.overdue,
        p.min_gain
    );
    let mut order: Vec<&TargetProgress> = p.targets.iter().collect();
    order.sort_by_key(|t| (!t.overdue, std::cmp::Reverse(t.days_overdue)));
    h.push_str("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">worker</th><th scope=\"col\">competency</th><th scope=\"col\">target</th><th scope=\"col\">due</th><th scope=\"col\">lead</th><th scope=\"col\">status</th><th scope=\"col\">now</th><th scope=\"col\">why</th></tr></thead><tbody>");
    for t in order {
        let now = t.trajectory.last();
        let status = match t.status {
            TargetStatus::Achieved => "Achieved",
            TargetStatus::Progressing => "Progressing",
            TargetStatus::NoProgress => "No Progress",
        };
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td><span class=\"badge {}\">{status}</span></td><td>{} {}</td><td>{}</td></tr>",
            escape(&t.worker),
            escape(&t.competency),
            escape(&t.target_level),
            t.due,
            if t.overdue { format!(" <span class=\"overdue\">overdue {} days</span>", t.days_overdue) } else { String::new() },
            escape(t.lead.as_deref().unwrap_or("")),
            t.status.as_str(),
            score_text(now.and_then(|p| p.score)),
            escape(now.and_then(|p| p.level.as_deref()).unwrap_or("")),
            escape(&t.explanation)
        );
    }
    h.push_str("</tbody></table></div></section>");
}

/// A score with the label of its level among `levels`, when it has one.
fn banded(levels: &[crate::model::Level], score: Option<f64>, level: Option<&str>) -> String {
    match level.and_then(|l| levels.iter().find(|x| x.id == l)) {
        Some(l) => format!("{} ({})", score_text(score), escape(&l.label)),
        None => score_text(score),
    }
}

/// A worker's competencies whose rule is not met, as training needs: the
/// criteria to meet, each with its statement.
fn rule_needs(h: &mut String, fw: &Framework, w: &WorkerScore) {
    let mut items = String::new();
    for (c, comp) in w.competencies.iter().zip(&fw.competencies) {
        let Some(rule) = c.rule.as_ref().filter(|r| !r.met) else {
            continue;
        };
        let statement = |id: &str| {
            comp.criteria
                .iter()
                .find(|k| k.id == id)
                .map_or(String::new(), |k| escape(&k.statement))
        };
        for id in &rule.required_unmet {
            let _ = write!(
                items,
                "<li><strong>{}</strong>: needs {} ({})</li>",
                escape(code(&c.id)),
                statement(id),
                escape(id)
            );
        }
        if !rule.unmet.is_empty() {
            let short = rule
                .criteria_needed
                .saturating_sub(rule.criteria_met)
                .saturating_sub(u32::try_from(rule.required_unmet.len()).unwrap_or(u32::MAX));
            let names: Vec<String> = rule
                .unmet
                .iter()
                .map(|id| format!("{} ({})", statement(id), escape(id)))
                .collect();
            let _ = write!(
                items,
                "<li><strong>{}</strong>: needs {short} more of: {}</li>",
                escape(code(&c.id)),
                names.join("; ")
            );
        }
    }
    if !items.is_empty() {
        let _ = write!(
            h,
            "<p class=\"meta\">Training needs (rules not met):</p><ul>{items}</ul>"
        );
    }
}

/// One card per worker: radar, and each target's trajectory.
fn workers_section(
    h: &mut String,
    fw: &Framework,
    scores: &ScoreResult,
    progress: Option<&ProgressResult>,
) {
    h.push_str("<section id=\"workers\"><h2>Workers</h2><div class=\"cards\">");
    for w in &scores.workers {
        let _ = write!(
            h,
            "<article class=\"card\"><h3>{}</h3><p class=\"meta\">overall {}{}</p>{}",
            escape(&w.worker),
            banded(&fw.overall_levels, w.overall, w.overall_level.as_deref()),
            w.domains
                .iter()
                .zip(&fw.domains)
                .map(|(d, fd)| format!(
                    " · {} {}",
                    escape(&d.id),
                    banded(&fd.levels, d.score, d.level.as_deref())
                ))
                .collect::<String>(),
            radar_svg(fw, w)
        );
        rule_needs(h, fw, w);
        h.push_str(&ratings_table(fw, w));
        if let Some(p) = progress {
            for t in p.targets.iter().filter(|t| t.worker == w.worker) {
                let _ = write!(
                    h,
                    "<p><strong>{}</strong> → {} by {} <span class=\"badge {}\">{}</span></p>{}",
                    escape(&t.competency),
                    escape(&t.target_level),
                    t.due,
                    t.status.as_str(),
                    t.status.as_str().replace('_', " "),
                    trajectory_svg(fw, t)
                );
            }
        }
        h.push_str("</article>");
    }
    h.push_str("</div></section>");
}

/// CPD hours by worker and period, by competency, and what is unmapped.
fn cpd_section(h: &mut String, c: &CpdSummary) {
    let _ = write!(
        h,
        "<section id=\"cpd\"><h2>CPD</h2><p class=\"meta\">{} hours in all.</p>{}<div class=\"scroll\"><table><thead><tr><th scope=\"col\">worker</th><th scope=\"col\">period</th><th scope=\"col\">hours</th><th scope=\"col\">activities</th></tr></thead><tbody>",
        c.total_hours,
        cpd_bars_svg(c)
    );
    for r in &c.by_worker {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r.worker),
            escape(&r.period),
            r.hours,
            r.activities
        );
    }
    h.push_str("</tbody></table></div><h3>Hours by competency</h3><div class=\"scroll\"><table><thead><tr><th scope=\"col\">competency</th><th scope=\"col\">hours</th><th scope=\"col\">activities</th><th scope=\"col\">workers</th></tr></thead><tbody>");
    for k in &c.by_competency {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&k.competency),
            k.hours,
            k.activities,
            k.workers
        );
    }
    h.push_str("</tbody></table></div>");
    if !c.unmapped.is_empty() {
        h.push_str("<h3>Activities with no competency mapped</h3><ul>");
        for u in &c.unmapped {
            let _ = write!(
                h,
                "<li>{} {} — {} ({} h)</li>",
                escape(&u.worker),
                u.date,
                escape(&u.title),
                u.hours
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");
}

/// The rejected evidence with reasons, and the page's end.
fn rejected_section(h: &mut String, scores: &ScoreResult) {
    let _ = write!(
        h,
        "<section id=\"rejected\"><h2>Rejected evidence</h2><p class=\"meta\">{} items were not used; each is listed with its reason.</p>",
        scores.rejected.len()
    );
    if !scores.rejected.is_empty() {
        h.push_str("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">line</th><th scope=\"col\">id</th><th scope=\"col\">worker</th><th scope=\"col\">criterion</th><th scope=\"col\">reason</th><th scope=\"col\">detail</th></tr></thead><tbody>");
        for r in &scores.rejected {
            let _ = write!(
                h,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.line,
                escape(r.id.as_deref().unwrap_or("")),
                escape(&r.worker),
                escape(&r.criterion),
                r.reason.as_str(),
                escape(&r.detail)
            );
        }
        h.push_str("</tbody></table></div>");
    }
    h.push_str("</section><footer><p class=\"meta\">Made by proficient. Scores are computed with the default policy; every number can be traced with <code>proficient score --explain WORKER</code>.</p></footer></body></html>\n");
}

/// The trainer's report from loaded inputs: `batch` (with the evidence the
/// CPD rules make added) scored at `as_of`, progress against `plans`, and
/// CPD hours by quarter. See [`scorer`] and [`finish`] to stream the
/// evidence instead of holding it, as `proficient report` does.
pub fn build(
    fw: &Framework,
    batch: Batch,
    as_of: Date,
    policy: &ScoringPolicy,
    plans: Option<&Plans>,
    cpd: Option<&Cpd>,
    min_gain: f64,
) -> String {
    let mut s = scorer(fw, plans, as_of, policy);
    s.push_batch(&batch);
    drop(batch);
    finish(fw, s, plans, cpd, min_gain)
}

/// The scorer a report needs (at `as_of`, and each plan's worker at the
/// dates of its trajectory, in one pass): push the evidence into it, then
/// call [`finish`].
pub fn scorer<'f>(
    fw: &'f Framework,
    plans: Option<&Plans>,
    as_of: Date,
    policy: &ScoringPolicy,
) -> Scorer<'f> {
    match plans {
        Some(p) => progress::scorer(fw, p, as_of, policy),
        // The items are kept only for the ratings table (the latest rating).
        None if applies(fw) => Scorer::new(fw, as_of, policy.clone(), Explain::All),
        None => Scorer::new(fw, as_of, policy.clone(), Explain::None),
    }
}

/// The report from a [`scorer`] given the evidence: the evidence the CPD
/// rules make is added first.
pub fn finish(
    fw: &Framework,
    scorer: Scorer<'_>,
    plans: Option<&Plans>,
    cpd: Option<&Cpd>,
    min_gain: f64,
) -> String {
    finish_with(fw, scorer, plans, cpd, min_gain, &[])
}

/// As [`finish`], with `extra` sections (see [`Section`]).
pub fn finish_with(
    fw: &Framework,
    mut scorer: Scorer<'_>,
    plans: Option<&Plans>,
    cpd: Option<&Cpd>,
    min_gain: f64,
    extra: &[Section],
) -> String {
    if let Some(c) = cpd {
        let mut extra = Batch::default();
        c.add_evidence(&mut extra);
        scorer.push_batch(&extra);
    }
    let (scores, progress) = match plans {
        Some(p) => {
            let (scores, progress) = progress::finish_with_scores(fw, scorer, p, min_gain);
            (scores, Some(progress))
        }
        None => (scorer.finish(), None),
    };
    let summary = cpd.map(|c| progress::summarise_cpd(fw, c, Period::Quarter));
    trainer_report_with(fw, &scores, progress.as_ref(), summary.as_ref(), extra)
}
