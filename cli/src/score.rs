//! `proficient score` and `proficient screen`: read evidence, score it, and
//! render the result as a table, JSON or CSV.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use proficient::score::{CompetencyScore, Status, WorkerScore};
use proficient::screen::{GapStatus, ScreenResult};
use proficient::{
    evidence, policy, Date, Explain, Framework, PolicyOverrides, Profile, ScoreResult, Scorer,
    ScoringPolicy,
};

use crate::output::{csv_field, push_csv_field, table};
use crate::{Failure, Format};

/// Options shared by commands that score evidence.
#[derive(Args)]
pub struct EvidenceArgs {
    /// Evidence file: .csv, .jsonl, .json or .parquet; `-` for standard input. Read once, so pipes and FIFOs work (a FIFO waits for its writer); without a known extension the format is taken from the first bytes (`[` JSON array, `{` JSON Lines, else CSV) unless --evidence-format names it.
    #[arg(long)]
    pub evidence: PathBuf,
    /// Evidence format: csv, jsonl, json or parquet (default: from the file's extension, else its first bytes; Parquet needs a file, not a pipe).
    #[arg(long, value_parser = parse_evidence_format)]
    pub evidence_format: Option<evidence::FileFormat>,
    /// Date to score at (YYYY-MM-DD); defaults to today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// YAML/JSON file of policy overrides (half_life_days, max_age_days, min_items, min_coverage, kind_weights).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Override the half-life in days (`none` for no decay).
    #[arg(long, value_parser = parse_optional_f64)]
    pub half_life: Option<Option<f64>>,
    /// Override the maximum evidence age in days (`none` for no limit).
    #[arg(long, value_parser = parse_optional_u32)]
    pub max_age: Option<Option<u32>>,
    /// Override the minimum number of items per competency.
    #[arg(long)]
    pub min_items: Option<u32>,
    /// Override the minimum coverage (0–1) per competency.
    #[arg(long)]
    pub min_coverage: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_evidence_format(s: &str) -> Result<evidence::FileFormat, String> {
    evidence::FileFormat::from_name(s).ok_or_else(|| {
        format!("`{s}` is not an evidence format, expected csv, jsonl, json or parquet")
    })
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| format!("`{s}`: {e}"))
}

fn parse_optional_f64(s: &str) -> Result<Option<f64>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| format!("`{s}` is not a number or `none`"))
}

fn parse_optional_u32(s: &str) -> Result<Option<u32>, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| format!("`{s}` is not a whole number or `none`"))
}

impl EvidenceArgs {
    /// The framework's policy with the overrides given.
    pub fn policy(&self, fw: &Framework) -> Result<ScoringPolicy, Failure> {
        let mut o = match &self.policy {
            Some(path) => {
                let text = proficient::input::read_text(path).map_err(Failure::from)?;
                policy::overrides_from_str(&text).map_err(|e| {
                    Failure::from(e.with_file(&proficient::input::display_name(path)))
                })?
            }
            None => PolicyOverrides::default(),
        };
        if self.half_life.is_some() {
            o.half_life_days = self.half_life;
        }
        if self.max_age.is_some() {
            o.max_age_days = self.max_age;
        }
        o.min_items = self.min_items.or(o.min_items);
        o.min_coverage = self.min_coverage.or(o.min_coverage);
        ScoringPolicy::with_overrides(fw, &o).map_err(|e| {
            let file = self
                .policy
                .as_ref()
                .map_or("<policy options>".to_string(), |p| p.display().to_string());
            Failure::from(e.with_file(&file))
        })
    }

    /// Reads the evidence into a scorer (every item in, nothing settled).
    pub fn scorer<'f>(&self, fw: &'f Framework, explain: Explain) -> Result<Scorer<'f>, Failure> {
        let policy = self.policy(fw)?;
        let as_of = self.as_of.unwrap_or_else(Date::today);
        let mut scorer = Scorer::new(fw, as_of, policy, explain);
        let (path, format) = (self.evidence.as_path(), self.evidence_format);
        proficient::pipeline::score_with(&mut scorer, |sink| {
            read_with_progress(path, format, sink)
        })
        .map_err(evidence_failure)?;
        Ok(scorer)
    }

    /// Reads and scores the evidence.
    pub fn score(&self, fw: &Framework, explain: Explain) -> Result<ScoreResult, Failure> {
        Ok(self.scorer(fw, explain)?.finish())
    }

    /// Reads the evidence into memory, to score it at several dates.
    pub fn read_batch(&self) -> Result<proficient::evidence::Batch, Failure> {
        let mut batch = proficient::evidence::Batch::default();
        read_with_progress(&self.evidence, self.evidence_format, &mut |item, line| {
            batch.push(&item, line)
        })
        .map_err(evidence_failure)?;
        Ok(batch)
    }
}

/// Exit 2 for files that cannot be read, else print every problem and exit 1.
fn evidence_failure(e: proficient::EvidenceError) -> Failure {
    if e.is_io() {
        Failure::Usage(format!("{e}; check the path"))
    } else {
        for d in e.diagnostics() {
            eprintln!("{d}");
        }
        Failure::Findings
    }
}

/// Reads an evidence file (`-`: standard input), showing a progress bar on
/// a terminal for big regular files.
fn read_with_progress(
    path: &Path,
    format: Option<evidence::FileFormat>,
    sink: &mut dyn FnMut(proficient::ItemRef<'_>, usize),
) -> Result<usize, proficient::EvidenceError> {
    use evidence::FileFormat;
    let size = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && !proficient::input::is_stdin(path))
        .map_or(0, |m| m.len());
    if !(std::io::stderr().is_terminal() && size > 16 << 20) {
        return evidence::read_path_as(path, format, sink);
    }
    // A regular file: its first bytes can be read, and then the file again.
    let format = format
        .or_else(|| FileFormat::from_path(path))
        .unwrap_or_else(|| {
            use std::io::Read as _;
            let mut head = Vec::new();
            let _ = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
            FileFormat::sniff(&head)
        });
    let (FileFormat::Csv | FileFormat::JsonLines, Ok(file)) = (format, std::fs::File::open(path))
    else {
        return evidence::read_path_as(path, Some(format), sink);
    };
    let bar = indicatif::ProgressBar::new(size);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} reading evidence {bar:30} {bytes}/{total_bytes} ({eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let reader = std::io::BufReader::with_capacity(1 << 16, bar.wrap_read(file));
    let r = evidence::read_reader(reader, Some(format), Some(size), sink);
    bar.finish_and_clear();
    r.map_err(|e| e.with_file(&path.display().to_string()))
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
    let mut by: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for x in &r.rejected {
        by.entry(x.reason.as_str()).or_default().push(x.line);
    }
    let rows: Vec<Vec<String>> = by
        .iter()
        .map(|(reason, lines)| {
            let mut shown: Vec<String> = lines.iter().take(8).map(u64::to_string).collect();
            if lines.len() > 8 {
                shown.push("…".into());
            }
            vec![
                reason.to_string(),
                lines.len().to_string(),
                shown.join(", "),
            ]
        })
        .collect();
    format!(
        "\nrejected items by reason:\n{}",
        table(&["reason", "items", "lines"], &rows)
    )
}

/// The header of `score --format csv`.
pub const SCORE_CSV_HEADER: &str = "worker,competency,domain,score,level,status,coverage,items\n";

/// Appends a worker's rows of `score --format csv` (one per competency),
/// written in place: a large team has millions of rows.
pub fn push_csv_rows(out: &mut String, fw: &Framework, w: &WorkerScore) {
    for (c, comp) in w.competencies.iter().zip(&fw.competencies) {
        for field in [&w.worker, &*c.id, &comp.domain] {
            push_csv_field(out, field);
            out.push(',');
        }
        if let Some(s) = c.score {
            let _ = write!(out, "{s}");
        }
        let _ = writeln!(
            out,
            ",{},{},{},{}",
            c.level.as_deref().unwrap_or_default(),
            status_name(c.status),
            c.coverage,
            c.items
        );
    }
}

/// Writes `score --format csv` for every worker as their results are
/// built (see `Scorer::finish_with`), so that neither the results nor the
/// text of a large team are held at once.
pub fn write_score_csv(
    fw: &Framework,
    scorer: Scorer<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut buf = String::from(SCORE_CSV_HEADER);
    let mut failed = None;
    // Each worker's rows are written by the thread that built its result.
    let rows = |w: WorkerScore| {
        let mut text = String::with_capacity(1024);
        push_csv_rows(&mut text, fw, &w);
        text
    };
    scorer.finish_map(rows, |text| {
        if failed.is_some() {
            return;
        }
        buf.push_str(&text);
        if buf.len() >= 1 << 16 {
            failed = out.write_all(buf.as_bytes()).err();
            buf.clear();
        }
    });
    match failed {
        Some(e) => Err(e),
        None => out.write_all(buf.as_bytes()),
    }
}

/// Renders a score result.
pub fn render_score(
    fw: &Framework,
    r: &ScoreResult,
    format: Format,
    explain: Option<&str>,
) -> Result<String, Failure> {
    if let Some(worker) = explain {
        let w = r
            .workers
            .iter()
            .find(|w| w.worker == worker)
            .ok_or_else(|| Failure::Usage(format!("no evidence names worker `{worker}`")))?;
        if format == Format::Table {
            return Ok(header_line(r) + &explain_worker(fw, r, w));
        }
    }
    match format {
        Format::Json => match explain {
            None => json(r),
            Some(x) => json(&only_worker(r, x)),
        },
        Format::Csv => {
            let mut out = String::from(SCORE_CSV_HEADER);
            for w in r
                .workers
                .iter()
                .filter(|w| explain.is_none_or(|x| x == w.worker))
            {
                push_csv_rows(&mut out, fw, w);
            }
            Ok(out)
        }
        Format::Table => {
            let codes = codes(fw);
            let marks = level_marks(fw);
            let mut header = vec!["worker".to_string(), "overall".to_string()];
            header.extend(fw.domains.iter().map(|d| d.id.clone()));
            header.extend(codes.iter().cloned());
            let rows: Vec<Vec<String>> = r
                .workers
                .iter()
                .map(|w| {
                    let mut row = vec![w.worker.clone(), num(w.overall)];
                    row.extend(w.domains.iter().map(|d| num(d.score)));
                    row.extend(w.competencies.iter().map(|c| cell(c, &marks)));
                    row
                })
                .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut out = header_line(r) + "\n" + &table(&header, &rows);
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
            out += &format!(
                "\nlevels: {}, ? insufficient evidence, - no evidence\n",
                legend.join(", ")
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
            Ok(out)
        }
    }
}

/// `r` with only worker `x` and that worker's rejected items (copying
/// those alone).
fn only_worker(r: &ScoreResult, x: &str) -> ScoreResult {
    ScoreResult {
        framework: r.framework.clone(),
        framework_version: r.framework_version.clone(),
        as_of: r.as_of,
        policy: r.policy.clone(),
        counts: r.counts,
        workers: r
            .workers
            .iter()
            .filter(|w| w.worker == x)
            .cloned()
            .collect(),
        rejected: r
            .rejected
            .iter()
            .filter(|j| j.worker == x)
            .cloned()
            .collect(),
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Assessed => "assessed",
        Status::InsufficientEvidence => "insufficient_evidence",
    }
}

fn explain_worker(fw: &Framework, r: &ScoreResult, w: &WorkerScore) -> String {
    let p = &r.policy;
    let mut out = format!("\nworker {}: overall {}", w.worker, num(w.overall));
    let domains: Vec<String> = w
        .domains
        .iter()
        .map(|d| format!("{} {}", d.id, num(d.score)))
        .collect();
    out += &format!(" ({})\n", domains.join(", "));
    out += &format!(
        "policy: weight = kind weight × 0.5^(age / {}); max age {}; a competency needs ≥ {} items and ≥ {:.0}% coverage\n",
        p.half_life_days.map_or("∞ (no decay)".to_string(), |h| format!("{h} days")),
        p.max_age_days.map_or("none".to_string(), |m| format!("{m} days")),
        p.min_items,
        p.min_coverage * 100.0
    );
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
        for (k, cr) in c.criteria.iter().zip(&comp.criteria) {
            let wv: f64 = k.evidence.iter().map(|e| e.weight * e.value).sum();
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
            for e in &k.evidence {
                out += &format!(
                    "      line {:<5} {:<10} {} {:<18} w {:.3}  v {:.3}\n",
                    e.line,
                    e.id.as_deref().unwrap_or("-"),
                    e.date,
                    e.kind,
                    e.weight,
                    e.value
                );
            }
        }
    }
    let rejected: Vec<&proficient::score::Rejection> =
        r.rejected.iter().filter(|x| x.worker == w.worker).collect();
    if !rejected.is_empty() {
        out += "\nrejected items of this worker:\n";
        for x in rejected {
            out += &format!(
                "  line {:<5} {:<10} {:<18} {}: {}\n",
                x.line,
                x.id.as_deref().unwrap_or("-"),
                x.reason.as_str(),
                x.criterion,
                x.detail
            );
        }
    }
    out
}

/// Pretty JSON with a final newline.
pub fn json<T: serde::Serialize>(v: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Failure::Usage(format!("cannot render JSON: {e}")))
}

/// Renders a screening result.
pub fn render_screen(
    fw: &Framework,
    profile: &Profile,
    r: &ScreenResult,
    format: Format,
) -> Result<String, Failure> {
    match format {
        Format::Json => json(r),
        Format::Csv => {
            let mut out = String::from(
                "rank,worker,meets_essential,essential_met,essential_total,desirable_met,desirable_total,overall,gaps\n",
            );
            for c in &r.candidates {
                let gaps: Vec<String> = c.gaps.iter().map(|g| g.competency.clone()).collect();
                out += &[
                    c.rank.to_string(),
                    csv_field(&c.worker),
                    c.meets_essential.to_string(),
                    c.essential_met.to_string(),
                    c.essential_total.to_string(),
                    c.desirable_met.to_string(),
                    c.desirable_total.to_string(),
                    c.overall.map(|s| s.to_string()).unwrap_or_default(),
                    csv_field(&gaps.join(";")),
                ]
                .join(",");
                out.push('\n');
            }
            Ok(out)
        }
        Format::Table => {
            let mut out = format!(
                "{} ({}) · framework {} · as of {} · {} items: {} used, {} rejected\n\n",
                profile.title,
                r.profile,
                fw.id,
                r.as_of,
                r.counts.items,
                r.counts.used,
                r.counts.rejected
            );
            let rows: Vec<Vec<String>> = r
                .candidates
                .iter()
                .map(|c| {
                    vec![
                        c.rank.to_string(),
                        c.worker.clone(),
                        if c.meets_essential { "yes" } else { "no" }.to_string(),
                        format!("{}/{}", c.essential_met, c.essential_total),
                        format!("{}/{}", c.desirable_met, c.desirable_total),
                        num(c.overall),
                    ]
                })
                .collect();
            out += &table(
                &[
                    "rank",
                    "worker",
                    "meets essential",
                    "essential",
                    "desirable",
                    "overall",
                ],
                &rows,
            );
            out += "\ntraining needs (gaps):\n";
            for c in &r.candidates {
                if c.gaps.is_empty() {
                    out += &format!("  {}: none\n", c.worker);
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
                        };
                        let mark = match g.importance {
                            proficient::Importance::Essential => "!",
                            proficient::Importance::Desirable => "",
                        };
                        format!(
                            "{mark}{} needs {}, now {now}",
                            g.competency, g.required_level
                        )
                    })
                    .collect();
                out += &format!("  {}: {}\n", c.worker, gaps.join("; "));
            }
            out += "  (! essential)\n";
            Ok(out)
        }
    }
}
