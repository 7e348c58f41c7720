//! `score` and `screen` as a table, CSV or JSON. Every format of `score`
//! but an explained worker is written as the workers' results are built
//! (see [`Scorer::finish_stream`]), so neither the results nor the text of a
//! large team are held at once.

use std::collections::BTreeMap;
use std::io::Write;

use crate::base::text::Num;
use crate::model::anchors::rating_bounds;
use crate::model::{Framework, Importance, Profile};
use crate::present::csv::{Csv, Row};
use crate::present::text::{shown, table, table_into, Chunked, Sink, Table};
use crate::present::{unsupported, Format, Style};
use crate::scoring::score::{CompetencyScore, Rejection, ScoreResult, Scorer, Status, WorkerScore};
use crate::scoring::screen::{GapStatus, ScreenResult};

/// Whether the `score` layout of `format` shows the items each score used
/// (JSON does; tables and CSV do not, so the scorer need not keep them:
/// the api's `no_evidence`).
pub fn shows_items(format: Format) -> bool {
    format == Format::Json
}

/// Writes a `score` result as it is built, in `style`.
pub fn write_score(
    out: &mut dyn Write,
    fw: &Framework,
    scorer: Scorer<'_>,
    style: Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Csv => write_score_csv(fw, scorer, style.csv, out),
        Format::Json => write_score_json(scorer, out),
        Format::Table => write_score_table(fw, scorer, out),
        Format::Html => Err(unsupported("score", style.format)),
    }
}

/// Writes `score --format csv` of a result already made (a workbook's
/// `Scores` sheet).
pub fn write_score_rows(
    out: &mut dyn Write,
    fw: &Framework,
    r: &ScoreResult,
    style: Style,
) -> std::io::Result<()> {
    let mut text = String::from(SCORE_CSV_HEADER);
    let rows = ScoreRows::new(fw, style.csv);
    for w in &r.workers {
        rows.push(&mut text, w);
    }
    out.write_all(text.as_bytes())
}

/// Writes a `score` result of one explained worker (`explain`): the table
/// shows how its scores were derived.
pub fn write_explained(
    out: &mut dyn Write,
    fw: &Framework,
    r: &ScoreResult,
    style: Style,
) -> std::io::Result<()> {
    match (style.format, r.workers.first()) {
        (Format::Table, Some(w)) => {
            let mut o = Chunked::terminal(out);
            o.put(&header_line(r));
            o.put(&explain_worker(fw, r, w));
            o.finish()
        }
        (Format::Csv, Some(w)) => {
            let mut text = score_csv_header(fw);
            push_csv_rows(&mut text, fw, w, style.csv);
            out.write_all(text.as_bytes())
        }
        (Format::Html, _) => Err(unsupported("score", style.format)),
        _ => crate::render::json::write_json(out, r),
    }
}

/// Writes a `screen` result in `style`.
pub fn write_screen(
    out: &mut dyn Write,
    fw: &Framework,
    profile: &Profile,
    r: &ScreenResult,
    style: Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => crate::render::json::write_json(out, r),
        Format::Csv => Chunked::write(out, false, |o| screen_csv(o, fw, r, style.csv)),
        Format::Table => Chunked::write(out, true, |o| screen_table(o, fw, profile, r)),
        Format::Html => Err(unsupported("screen", style.format)),
    }
}

/// A score with two decimals, or `-`.
pub fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

/// Short column codes for competencies: the id up to its first `-` when
/// those are unique (`k1`, `s11`), else the whole id.
pub fn codes(fw: &Framework) -> Vec<String> {
    let short: Vec<String> = fw
        .competencies
        .iter()
        .map(|c| c.id.split('-').next().unwrap_or(&c.id).to_string())
        .collect();
    let mut seen = std::collections::HashSet::new();
    if short.iter().all(|s| seen.insert(s.clone())) {
        short
    } else {
        fw.competencies.iter().map(|c| c.id.clone()).collect()
    }
}

/// One-letter level marks: the first letter of each level id, upper-cased
/// (falling back to the level's position when those clash).
pub fn level_marks(fw: &Framework) -> BTreeMap<String, String> {
    let marks: Vec<String> = fw
        .levels
        .iter()
        .map(|l| {
            l.id.chars()
                .next()
                .map(|c| c.to_ascii_uppercase().to_string())
                .unwrap_or_default()
        })
        .collect();
    let unique = marks.iter().collect::<std::collections::HashSet<_>>().len() == marks.len();
    fw.levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let m = if unique {
                marks.get(i).cloned().unwrap_or_default()
            } else {
                i.to_string()
            };
            (l.id.clone(), m)
        })
        .collect()
}

fn cell(c: &CompetencyScore, marks: &BTreeMap<String, String>) -> String {
    match (&c.level, c.score) {
        (Some(l), _) => marks.get(&**l).cloned().unwrap_or_else(|| l.to_string()),
        _ if c.status == Status::RuleNotMet => "!".into(),
        (None, Some(_)) => "?".into(),
        (None, None) => "-".into(),
    }
}

fn header_line(r: &ScoreResult) -> String {
    format!(
        "{} v{} · as of {} · {} items: {} used, {} rejected\n",
        r.framework, r.framework_version, r.as_of, r.counts.items, r.counts.used, r.counts.rejected
    )
}

fn rejections_summary(r: &ScoreResult) -> String {
    if r.rejected.is_empty() {
        return String::new();
    }
    // Per reason: how many, and the first lines.
    let mut by: BTreeMap<&str, (usize, Vec<u64>)> = BTreeMap::new();
    for x in &r.rejected {
        let (n, lines) = by.entry(x.reason.as_str()).or_default();
        *n += 1;
        if lines.len() < 8 {
            lines.push(x.line);
        }
    }
    let rows: Vec<Vec<String>> = by
        .iter()
        .map(|(reason, (n, lines))| {
            let mut first: Vec<String> = lines.iter().map(u64::to_string).collect();
            if *n > 8 {
                first.push("…".into());
            }
            vec![reason.to_string(), n.to_string(), first.join(", ")]
        })
        .collect();
    format!(
        "\nrejected items by reason:\n{}",
        table(&["reason", "items", "lines"], &rows)
    )
}

/// The header of `score --format csv`.
const SCORE_CSV_HEADER: &str = "worker,competency,domain,score,level,status,coverage,items\n";

/// The columns `score --format csv` adds for a framework with level bands
/// on domains or the overall score.
const SCORE_CSV_BANDS: &str = ",domain_score,domain_level,overall,overall_level";

/// Whether `fw` has level bands on a domain or on the overall score.
fn has_bands(fw: &Framework) -> bool {
    !fw.overall_levels.is_empty() || fw.domains.iter().any(|d| !d.levels.is_empty())
}

/// The header of `score --format csv` for `fw`.
fn score_csv_header(fw: &Framework) -> String {
    if has_bands(fw) {
        format!("{}{SCORE_CSV_BANDS}\n", SCORE_CSV_HEADER.trim_end())
    } else {
        SCORE_CSV_HEADER.to_string()
    }
}

/// Appends a worker's rows of `score --format csv` (one per competency).
fn push_csv_rows(out: &mut String, fw: &Framework, w: &WorkerScore, csv: Csv) {
    ScoreRows::new(fw, csv).push(out, w);
}

/// Writes the rows of `score --format csv` in place (a large team has
/// millions): the cells that come from the framework (each competency's
/// id and domain, the statuses, the level ids) are made once, numbers are
/// written without the formatting machinery.
struct ScoreRows<'f> {
    fw: &'f Framework,
    csv: Csv,
    bands: bool,
    /// Per competency: its id and domain as two cells, and the index of
    /// its domain.
    competencies: Vec<(String, Option<usize>)>,
    /// Each status's cell, in the order of [`status_index`].
    statuses: [String; 3],
    /// The level ids (and `""`, for none) with their cells.
    levels: Vec<(&'f str, String)>,
}

impl<'f> ScoreRows<'f> {
    fn new(fw: &'f Framework, csv: Csv) -> Self {
        let competencies = fw
            .competencies
            .iter()
            .map(|c| {
                let cells = format!("{},{}", csv.cell(&c.id), csv.cell(&c.domain));
                (cells, fw.domains.iter().position(|d| d.id == c.domain))
            })
            .collect();
        let levels = std::iter::once("")
            .chain(fw.levels.iter().map(|l| l.id.as_str()))
            .map(|id| (id, csv.cell(id)))
            .collect();
        ScoreRows {
            fw,
            csv,
            bands: has_bands(fw),
            competencies,
            statuses: STATUSES.map(|s| csv.cell(status_name(s))),
            levels,
        }
    }

    /// A level's cell (empty for none).
    fn level<'o>(&self, row: Row<'o>, level: Option<&str>) -> Row<'o> {
        let level = level.unwrap_or_default();
        match self.levels.iter().find(|(id, _)| *id == level) {
            Some((_, cell)) => row.cells(cell),
            None => row.text(level),
        }
    }

    /// Appends `w`'s rows, one per competency.
    fn push(&self, out: &mut String, w: &WorkerScore) {
        let worker = self.csv.cell(&w.worker);
        let rows = w
            .competencies
            .iter()
            .zip(&self.fw.competencies)
            .zip(&self.competencies);
        for ((c, comp), (cells, domain)) in rows {
            let row = self.csv.row(out).cells(&worker);
            let row = if *c.id == *comp.id {
                row.cells(cells)
            } else {
                row.text(&c.id).text(&comp.domain)
            };
            let row = self.level(row.opt_float(c.score), c.level.as_deref());
            let status = self
                .statuses
                .get(status_index(c.status))
                .map_or("", String::as_str);
            let mut row = row.cells(status).float(c.coverage).int(c.items);
            if self.bands {
                let d = domain.and_then(|i| w.domains.get(i));
                row = self.level(
                    row.opt_float(d.and_then(|d| d.score)),
                    d.and_then(|d| d.level.as_deref()),
                );
                row = self.level(row.opt_float(w.overall), w.overall_level.as_deref());
            }
            row.end();
        }
    }
}

/// Every status, in the order of [`status_index`].
const STATUSES: [Status; 3] = [
    Status::Assessed,
    Status::InsufficientEvidence,
    Status::RuleNotMet,
];

/// Where `s` is in [`STATUSES`].
fn status_index(s: Status) -> usize {
    match s {
        Status::Assessed => 0,
        Status::InsufficientEvidence => 1,
        Status::RuleNotMet => 2,
    }
}

/// Writes `score --format csv`, each worker's rows made by the thread that
/// built its result.
fn write_score_csv(
    fw: &Framework,
    scorer: Scorer<'_>,
    csv: Csv,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = Chunked::new(out);
    w.put(&score_csv_header(fw));
    let score_rows = ScoreRows::new(fw, csv);
    let spare = Spare::default();
    let rows = |s: WorkerScore| {
        let mut text = spare.take(1024);
        score_rows.push(&mut text, &s);
        text
    };
    scorer.finish_map(rows, |text| {
        w.put_owned(text);
        spare.give(w.written());
    });
    w.finish()
}

/// Texts written out, to be filled again by the threads that make the
/// next ones: their memory is reused, not freed and faulted in anew.
#[derive(Default)]
struct Spare(std::sync::Mutex<Vec<String>>);

impl Spare {
    /// An empty text (with room for `bytes`, when new).
    fn take(&self, bytes: usize) -> String {
        let mut text = self
            .0
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_else(|| String::with_capacity(bytes));
        text.clear();
        text
    }

    /// Texts to fill again.
    fn give(&self, texts: impl Iterator<Item = String>) {
        if let Ok(mut v) = self.0.lock() {
            v.extend(texts);
        }
    }
}

/// Appends `text` (pretty JSON) with every line after the first indented
/// by `indent` more spaces: serde_json's pretty layout of the same value
/// `indent / 2` levels down (it writes no raw line break inside strings).
fn push_indented(out: &mut String, text: &str, indent: &str) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push('\n');
        out.push_str(indent);
        out.push_str(line);
    }
}

/// Writes `score --format json` as the workers' results are built: the
/// same bytes as `serde_json::to_string_pretty` of the whole result and a
/// line break (the fields before `workers` first, then each worker, made
/// into text by the thread that built it, then the rejected items).
fn write_score_json(scorer: Scorer<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    // What serde_json writes for the empty `workers` and `rejected` that
    // end a result: the text before it is the head of the streamed one.
    const TAIL: &str = "\n  \"workers\": [],\n  \"rejected\": []\n}";
    let w = std::cell::RefCell::new(Chunked::new(out));
    let mut workers = 0usize;
    let head = |r: &ScoreResult, _: &mut dyn Iterator<Item = &str>| {
        let empty = ScoreResult {
            framework: r.framework.clone(),
            framework_version: r.framework_version.clone(),
            as_of: r.as_of,
            policy: r.policy.clone(),
            counts: r.counts,
            workers: Vec::new(),
            rejected: Vec::new(),
        };
        let mut w = w.borrow_mut();
        match serde_json::to_string_pretty(&empty) {
            Ok(text) => match text.strip_suffix(TAIL) {
                Some(head) => {
                    w.put(head);
                    w.put("\n  \"workers\": [");
                }
                None => w.fail(std::io::Error::other(
                    "cannot render JSON: unexpected layout of a score result",
                )),
            },
            Err(e) => w.fail(std::io::Error::other(e)),
        }
    };
    let spare = Spare::default();
    let map = |s: WorkerScore| {
        let mut text = spare.take(0);
        crate::present::worker_json::push_worker(&mut text, &s, 2);
        text
    };
    let r = scorer.finish_stream(head, map, |text: String| {
        let mut w = w.borrow_mut();
        w.put(if workers == 0 { "\n    " } else { ",\n    " });
        w.put_owned(text);
        workers += 1;
        spare.give(w.written());
    });
    let mut w = w.into_inner();
    w.put(if workers == 0 { "]" } else { "\n  ]" });
    w.put(",\n  \"rejected\": [");
    for (i, j) in r.rejected.iter().enumerate() {
        let text = serde_json::to_string_pretty(j).map_err(std::io::Error::other)?;
        let mut piece = String::from(if i == 0 { "\n    " } else { ",\n    " });
        push_indented(&mut piece, &text, "    ");
        w.put(&piece);
    }
    w.put(if r.rejected.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    w.finish()
}

/// The cells of a worker's row in the `score` table.
fn table_row(w: &WorkerScore, marks: &BTreeMap<String, String>) -> Vec<String> {
    let mut row = Vec::with_capacity(2 + w.domains.len() + w.competencies.len());
    row.push(w.worker.clone());
    row.push(banded(w.overall, w.overall_level.as_deref()));
    row.extend(
        w.domains
            .iter()
            .map(|d| banded(d.score, d.level.as_deref())),
    );
    row.extend(w.competencies.iter().map(|c| cell(c, marks)));
    row
}

/// Writes the `score` table as the workers' results are built: the column
/// widths come from the worker ids (known before any result) and the
/// framework (every other cell is a score with two decimals, a level mark,
/// `?` or `-`); each row is made by the thread that built the result.
fn write_score_table(
    fw: &Framework,
    scorer: Scorer<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let codes = codes(fw);
    let marks = level_marks(fw);
    let mut header = vec!["worker".to_string(), "overall".to_string()];
    header.extend(fw.domains.iter().map(|d| d.id.clone()));
    header.extend(codes.iter().cloned());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let table = std::sync::OnceLock::new();
    let w = std::cell::RefCell::new(Chunked::new(out));
    let head = |r: &ScoreResult, workers: &mut dyn Iterator<Item = &str>| {
        let mut t = Table::new(&header);
        for id in workers {
            t.fit_cell(0, id);
        }
        let score_columns = 1 + fw.domains.len();
        let bands = std::iter::once(&fw.overall_levels).chain(fw.domains.iter().map(|d| &d.levels));
        for (i, levels) in (1..=score_columns).zip(bands) {
            t.fit_cell(i, "0.00");
            for l in levels {
                t.fit_cell(i, &format!("0.00 {}", l.id));
            }
        }
        for i in 0..fw.competencies.len() {
            for mark in marks.values().map(String::as_str).chain(["?", "-", "!"]) {
                t.fit_cell(1 + score_columns + i, mark);
            }
        }
        let mut text = header_line(r) + "\n";
        t.push_header(&mut text, &header);
        w.borrow_mut().put(&text);
        let _ = table.set(t);
    };
    let row = |s: WorkerScore| {
        let mut text = String::new();
        if let Some(t) = table.get() {
            t.push_row(&mut text, &table_row(&s, &marks));
        }
        text
    };
    let r = scorer.finish_stream(head, row, |text| w.borrow_mut().put(&text));
    let mut w = w.into_inner();
    w.put(&score_table_footer(fw, &r, &codes, &marks));
    w.finish()
}

/// What follows the rows of the `score` table: legends, rejections.
fn score_table_footer(
    fw: &Framework,
    r: &ScoreResult,
    codes: &[String],
    marks: &BTreeMap<String, String>,
) -> String {
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
    let ruled = fw
        .competencies
        .iter()
        .any(|c| c.rule.is_some() || c.criteria.iter().any(|k| k.required));
    let mut out = format!(
        "\nlevels: {}, ? insufficient evidence, - no evidence{}\n",
        legend.join(", "),
        if ruled { ", ! rule not met" } else { "" }
    );
    if codes
        .iter()
        .zip(&fw.competencies)
        .any(|(c, comp)| *c != comp.id)
    {
        let names: Vec<String> = codes
            .iter()
            .zip(&fw.competencies)
            .map(|(c, comp)| format!("{c} {}", comp.id))
            .collect();
        out += &format!("competencies: {}\n", names.join(", "));
    }
    out += &rejections_summary(r);
    out += "\n(--explain WORKER shows how a worker's scores were derived; --format json gives every number)\n";
    out
}

fn status_name(s: Status) -> &'static str {
    s.as_str()
}

/// A score with its level when it has one: `0.83 good`.
fn banded(score: Option<f64>, level: Option<&str>) -> String {
    match level {
        Some(l) => format!("{} {l}", num(score)),
        None => num(score),
    }
}

/// How the policy's aggregate makes a criterion's score, for explanations.
fn aggregate_text(a: crate::model::Aggregate) -> &'static str {
    match a {
        crate::model::Aggregate::WeightedMean => "Σw·v / Σw over every item that counts",
        crate::model::Aggregate::Latest => "Σw·v / Σw over the items of the latest date only; earlier ones are superseded (aggregate latest)",
        crate::model::Aggregate::LatestPerAssessor => "Σw·v / Σw over each assessor's items of their latest date; earlier ones are superseded (aggregate latest_per_assessor)",
    }
}

/// A competency's rule and how it came out, for explanations.
fn rule_text(comp: &crate::model::Competency, rule: &crate::scoring::score::RuleOutcome) -> String {
    let (needed, min_score) = comp
        .rule
        .as_ref()
        .map_or((0, None), |r| r.needs(comp.criteria.len()));
    let what = match (&comp.rule, min_score) {
        (None, _) => "no rule, required criteria only".to_string(),
        (Some(_), None) => format!("{needed} of {} criteria with a score", comp.criteria.len()),
        (Some(_), Some(m)) => format!(
            "{needed} of {} criteria with a score of at least {m}",
            comp.criteria.len()
        ),
    };
    let mut out = format!(
        "  rule: {what}; {} met: {}\n",
        rule.criteria_met,
        if rule.met {
            "met"
        } else {
            "not met, so no level"
        }
    );
    for id in &rule.required_unmet {
        out += &format!("    needs {id} (required, not met)\n");
    }
    if !rule.unmet.is_empty() {
        let short = rule
            .criteria_needed
            .saturating_sub(rule.criteria_met)
            .saturating_sub(u32::try_from(rule.required_unmet.len()).unwrap_or(u32::MAX));
        let ids: Vec<&str> = rule.unmet.iter().map(|c| &**c).collect();
        out += &format!("    needs {short} more of {}\n", ids.join(", "));
    }
    out
}

fn explain_worker(fw: &Framework, r: &ScoreResult, w: &WorkerScore) -> String {
    let p = &r.policy;
    let mut out = format!(
        "\nworker {}: overall {}",
        shown(&w.worker),
        banded(w.overall, w.overall_level.as_deref())
    );
    let domains: Vec<String> = w
        .domains
        .iter()
        .map(|d| format!("{} {}", d.id, banded(d.score, d.level.as_deref())))
        .collect();
    if domains.is_empty() {
        // A framework with no domains (valid, with no competencies either).
        out += "\n";
    } else {
        out += &format!(" ({})\n", domains.join(", "));
    }
    out += &format!(
        "policy: weight = kind weight × 0.5^(age / {}); max age {}; a competency needs ≥ {} items and ≥ {:.0}% coverage\n",
        p.half_life_days.map_or("∞ (no decay)".to_string(), |h| format!("{h} days")),
        p.max_age_days.map_or("none".to_string(), |m| format!("{m} days")),
        p.min_items,
        p.min_coverage * 100.0
    );
    if !p.aggregate.is_default() {
        out += &format!("criterion scores: {}\n", aggregate_text(p.aggregate));
    }
    out += "overall and domain scores: competency-weight-weighted mean of assessed competencies\n";
    for (c, comp) in w.competencies.iter().zip(&fw.competencies) {
        out += &format!(
            "\n{}  score {}  level {}  ({}, {} items, coverage {:.0}%)\n",
            c.id,
            num(c.score),
            c.level.as_deref().unwrap_or("-"),
            status_name(c.status).replace('_', " "),
            c.items,
            c.coverage * 100.0
        );
        if let Some(rule) = &c.rule {
            out += &rule_text(comp, rule);
        }
        for (k, cr) in c.criteria.iter().zip(&comp.criteria) {
            let wv: f64 = k
                .evidence
                .iter()
                .filter(|e| !e.superseded)
                .map(|e| e.weight * e.value)
                .sum();
            out += &format!(
                "  {} [{}, weight {}]  score {}",
                k.id,
                cr.measure.name(),
                cr.weight,
                num(k.score)
            );
            if k.items > 0 {
                out += &format!("  = Σw·v / Σw = {wv:.3} / {:.3}\n", k.weight);
            } else {
                out += "  (no evidence)\n";
            }
            let top = rating_bounds(fw, cr).map_or(0.0, |(_, max)| max);
            if let (Some(r), Some(a)) = (k.rating, &k.anchor) {
                out += &format!(
                    "      mean rating {r:.2} of {}, nearest anchor '{}'\n",
                    Num(top),
                    shown(a)
                );
            }
            for e in &k.evidence {
                out += &format!(
                    "      line {:<5} {:<10} {} {:<18} w {:.3}  v {:.3}{}",
                    e.line,
                    shown(e.id.as_deref().unwrap_or("-")),
                    e.date,
                    e.kind,
                    e.weight,
                    e.value,
                    if e.superseded {
                        "  superseded (not counted)"
                    } else {
                        ""
                    }
                );
                if let Some(r) = e.rating {
                    // Read back from the normalised value: shown to 1e-9.
                    let r = (r * 1e9).round() / 1e9;
                    out += &format!("  rated {} of {}", Num(r), Num(top));
                    match &e.anchor {
                        Some(a) => out += &format!(" — '{}'", shown(a)),
                        None => out += " (no anchor at this point)",
                    }
                }
                out.push('\n');
            }
        }
    }
    let rejected: Vec<&Rejection> = r.rejected.iter().filter(|x| x.worker == w.worker).collect();
    if !rejected.is_empty() {
        out += "\nrejected items of this worker:\n";
        for x in rejected {
            out += &format!(
                "  line {:<5} {:<10} {:<18} {}: {}\n",
                x.line,
                shown(x.id.as_deref().unwrap_or("-")),
                x.reason.as_str(),
                shown(&x.criterion),
                shown(&x.detail)
            );
        }
    }
    out
}

/// `screen --format csv`: one row per candidate; with `overall_level`
/// after `overall` for a framework with level bands (as score's CSV).
fn screen_csv(out: &mut impl Sink, fw: &Framework, r: &ScreenResult, csv: Csv) {
    let bands = has_bands(fw);
    out.put(if bands {
        "rank,worker,meets_essential,essential_met,essential_total,desirable_met,desirable_total,overall,overall_level,gaps\n"
    } else {
        "rank,worker,meets_essential,essential_met,essential_total,desirable_met,desirable_total,overall,gaps\n"
    });
    let mut line = String::new();
    for c in &r.candidates {
        line.clear();
        let gaps: Vec<String> = c.gaps.iter().map(gap_target).collect();
        let row = csv
            .row(&mut line)
            .num(c.rank)
            .text(&c.worker)
            .num(c.meets_essential)
            .num(c.essential_met)
            .num(c.essential_total)
            .num(c.desirable_met)
            .num(c.desirable_total)
            .opt(c.overall);
        let row = if bands {
            row.text(c.overall_level.as_deref().unwrap_or_default())
        } else {
            row
        };
        row.text(&gaps.join(";")).end();
        out.put(&line);
    }
}

/// What a gap is on: its competency, `domain ID` or `overall`.
fn gap_target(g: &crate::scoring::screen::Gap) -> String {
    match (&g.domain, g.overall) {
        (_, true) => "overall".into(),
        (Some(d), _) => format!("domain {d}"),
        _ => g.competency.clone(),
    }
}

/// A rule's training need (a screening gap's or a cohort cell's
/// `needs` and `needs_more` on `competency`): `needs <criterion>` for each
/// required criterion, then `N more of <criteria>` when the rule needs
/// more met.
pub(crate) fn rule_needs(
    fw: &Framework,
    competency: &str,
    needs: &[String],
    needs_more: Option<u32>,
) -> String {
    let statement = |id: &str| -> String {
        let text = fw
            .competencies
            .iter()
            .flat_map(|c| &c.criteria)
            .find(|c| c.id == id)
            .map_or("", |c| c.statement.as_str());
        format!("{id} ({})", crate::base::text::clip(text, 60))
    };
    let more = needs_more.unwrap_or(0) as usize;
    let mut parts: Vec<String> = Vec::new();
    let comp = fw.competency(competency);
    let is_required = |id: &str| {
        comp.and_then(|c| c.criteria.iter().find(|x| x.id == id))
            .is_some_and(|c| c.required)
    };
    for id in needs.iter().filter(|id| is_required(id)) {
        parts.push(format!("needs {}", statement(id)));
    }
    let others: Vec<String> = needs
        .iter()
        .filter(|id| !is_required(id))
        .map(|id| statement(id))
        .collect();
    if more > 0 && !others.is_empty() {
        parts.push(format!("needs {more} more of {}", others.join(", ")));
    }
    parts.join("; ")
}

fn screen_table(out: &mut impl Sink, fw: &Framework, profile: &Profile, r: &ScreenResult) {
    out.put(&format!(
        "{} ({}) · framework {} · as of {} · {} items: {} used, {} rejected\n\n",
        profile.title, r.profile, fw.id, r.as_of, r.counts.items, r.counts.used, r.counts.rejected
    ));
    table_into(
        out,
        &[
            "rank",
            "worker",
            "meets essential",
            "essential",
            "desirable",
            "overall",
        ],
        || {
            r.candidates.iter().map(|c| {
                [
                    c.rank.to_string(),
                    c.worker.clone(),
                    if c.meets_essential { "yes" } else { "no" }.to_string(),
                    format!("{}/{}", c.essential_met, c.essential_total),
                    format!("{}/{}", c.desirable_met, c.desirable_total),
                    banded(c.overall, c.overall_level.as_deref()),
                ]
            })
        },
    );
    out.put("\ntraining needs (gaps):\n");
    for c in &r.candidates {
        if c.gaps.is_empty() {
            out.put(&format!("  {}: none\n", shown(&c.worker)));
            continue;
        }
        let gaps: Vec<String> = c
            .gaps
            .iter()
            .map(|g| {
                let now = match g.status {
                    GapStatus::NoEvidence => "no evidence".to_string(),
                    GapStatus::InsufficientEvidence => {
                        format!("insufficient evidence (score {})", num(g.score))
                    }
                    GapStatus::BelowLevel => g.current_level.clone().unwrap_or_default(),
                    GapStatus::RuleNotMet => format!(
                        "rule not met: {}",
                        rule_needs(fw, &g.competency, &g.needs, g.needs_more)
                    ),
                };
                let mark = match g.importance {
                    Importance::Essential => "!",
                    Importance::Desirable => "",
                };
                format!(
                    "{mark}{} needs {}, now {now}",
                    gap_target(g),
                    g.required_level
                )
            })
            .collect();
        out.put(&format!("  {}: {}\n", shown(&c.worker), gaps.join("; ")));
    }
    out.put("  (! essential)\n");
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::evidence;
    use crate::scoring::score::Explain;
    use crate::Date;

    fn scorer<'f>(fw: &'f Framework, csv: &str, explain: Explain) -> Scorer<'f> {
        let as_of = Date::parse("2026-06-30").unwrap();
        let mut s = Scorer::new(fw, as_of, crate::ScoringPolicy::for_framework(fw), explain);
        evidence::read_str(csv, evidence::Format::Csv, |item, line| s.push(item, line)).unwrap();
        s
    }

    fn demo() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/job-retention-evidence.csv"
        ))
        .unwrap()
    }

    /// The streamed JSON is byte for byte what serde_json writes for the
    /// whole result: with and without explanations, rejections, workers.
    #[test]
    fn streamed_json_is_the_json_of_the_whole_result() {
        let fw = Framework::load("job-retention").unwrap();
        let header = "worker,criterion,kind,date,value\n";
        let cases = [
            demo(),
            header.to_string(),
            format!("{header}w,k1.previous-employment,certificate,2025-01-01,4\n"),
            format!("{header}w,nope,certificate,2025-01-01,4\n"),
            format!("{header}\"a\nb\",k1.previous-employment,certificate,2025-01-01,4\nz,nope,x,2025-01-01,4\n"),
        ];
        for csv in &cases {
            for explain in [Explain::All, Explain::None] {
                let whole = scorer(&fw, csv, explain.clone()).finish();
                let want = serde_json::to_string_pretty(&whole).unwrap() + "\n";
                let mut got = Vec::new();
                write_score_json(scorer(&fw, csv, explain.clone()), &mut got).unwrap();
                assert_eq!(String::from_utf8(got).unwrap(), want, "{csv}");
            }
        }
    }

    /// Enough workers for the results to be built in several chunks, on
    /// several threads.
    #[test]
    fn streamed_json_and_table_hold_for_many_workers() {
        let fw = Framework::load("job-retention").unwrap();
        let mut csv = String::from("worker,criterion,kind,date,value\n");
        for i in 0..17_000 {
            csv += &format!(
                "w{i},k1.previous-employment,employment-history,2025-01-01,{}\n",
                1 + i % 5
            );
        }
        let whole = scorer(&fw, &csv, Explain::All).finish();
        let want = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        let mut got = Vec::new();
        write_score_json(scorer(&fw, &csv, Explain::All), &mut got).unwrap();
        assert!(String::from_utf8(got).unwrap() == want);
        let mut table = Vec::new();
        write_score_table(&fw, scorer(&fw, &csv, Explain::None), &mut table).unwrap();
        let table = String::from_utf8(table).unwrap();
        let rows: Vec<&str> = table.lines().skip(4).take(17_000).collect();
        let mut ids: Vec<String> = (0..17_000).map(|i| format!("w{i}")).collect();
        ids.sort();
        for (row, id) in rows.iter().zip(&ids) {
            assert!(row.starts_with(&format!("{id:<6}  ")), "{row}");
        }
    }
}
