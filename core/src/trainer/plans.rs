//! Development plans and CPD activities: the model, loading from YAML, JSON
//! (and CSV for CPD), and validation against a framework.
//!
//! A plan is what a trainer and a worker agreed: a baseline date, review
//! dates, and targets (competency, target level, due date, lead) — the
//! outcome tracker form (Lead, Timescale, No Progress / Progressing /
//! Achieved). CPD activities are the training actually done, with hours and
//! the competencies they address; optional rules turn certificates into
//! evidence items for binary criteria.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::base::error::{Issue, LoadError, Location, SyntaxError, ValidationError};
use crate::evidence::{EvidenceItem, RawValue};
use crate::input::sheet::{Records, Sheet, Table};
use crate::input::yaml::{self, Limits, LocationIndex};
use crate::input::{CsvFailure, StreamError};
use crate::model::validate::Checker;
use crate::model::{Framework, Measure};

/// A file of development plans for workers assessed against one framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plans {
    /// Id of the framework the targets refer to.
    pub framework: String,
    /// One plan per worker.
    pub plans: Vec<Plan>,
}

/// One worker's development plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Worker id, as in the evidence.
    pub worker: String,
    /// When the plan was agreed: progress is measured from here.
    pub baseline: Date,
    /// Agreed review dates ("reviewed at key stages").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Date>,
    /// What the worker is to reach.
    pub targets: Vec<Target>,
    /// Free text (barriers, agreed support).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One target of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Competency id.
    pub competency: String,
    /// Level id to reach.
    pub level: String,
    /// When it is due (the timescale).
    pub due: Date,
    /// Who leads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// CPD activities, with optional rules that turn them into evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cpd {
    /// Id of the framework the competencies refer to, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The activities.
    pub activities: Vec<CpdActivity>,
    /// Rules turning certificates into evidence items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_rules: Vec<EvidenceRule>,
}

/// One CPD activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpdActivity {
    /// Worker id.
    pub worker: String,
    /// Date of the activity (or of its completion).
    pub date: Date,
    /// What it was.
    pub title: String,
    /// Who provided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Hours spent (≥ 0).
    pub hours: f64,
    /// Competency ids it addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competencies: Vec<String>,
    /// Certificate reference, when one was awarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

/// Turns matching CPD activities into evidence items for a criterion, e.g.
/// a mediation course certificate → "Training in mediation or equivalent".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRule {
    /// Matches activities whose title contains this text (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_contains: Option<String>,
    /// Matches activities addressing this competency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competency: Option<String>,
    /// Only activities with a certificate match (default true).
    #[serde(default = "yes")]
    pub requires_certificate: bool,
    /// The criterion the evidence is for (a binary criterion).
    pub criterion: String,
    /// The evidence kind of the items made.
    pub kind: String,
}

fn yes() -> bool {
    true
}

fn check<T>(value: T, issues: Vec<Issue>) -> Result<T, LoadError> {
    if issues.is_empty() {
        Ok(value)
    } else {
        Err(LoadError::Invalid { file: None, issues })
    }
}

fn known_ids<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    ids.map(String::as_str).collect()
}

impl Plans {
    /// Reads plans from YAML or JSON text and checks them against `fw`.
    pub fn from_yaml_str(text: &str, fw: &Framework) -> Result<Plans, LoadError> {
        let (plans, index): (Plans, LocationIndex) = yaml::parse(text, &Limits::default())?;
        let issues = plans.issues(fw, &index);
        check(plans, issues)
    }

    /// Reads a plans file; errors name the file.
    pub fn from_path(path: impl AsRef<Path>, fw: &Framework) -> Result<Plans, LoadError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::model::load::read_text(path, Limits::default().max_bytes)?;
        Plans::from_yaml_str(&text, fw).map_err(|e| e.with_file(&name))
    }

    fn issues(&self, fw: &Framework, index: &LocationIndex) -> Vec<Issue> {
        let mut c = Checker::new(index);
        if self.framework != fw.id {
            c.push(
                "framework".into(),
                ValidationError::FrameworkMismatch {
                    what: "plans",
                    found: self.framework.clone(),
                    expected: fw.id.clone(),
                },
            );
        }
        let competencies = known_ids(fw.competencies.iter().map(|k| &k.id));
        let levels = known_ids(fw.levels.iter().map(|l| &l.id));
        c.unique(
            "plan worker",
            self.plans
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("plans[{i}].worker"), p.worker.as_str())),
        );
        for (i, p) in self.plans.iter().enumerate() {
            let at = format!("plans[{i}]");
            c.text(format!("{at}.worker"), "worker", &p.worker);
            c.non_empty(format!("{at}.targets"), "targets", &p.targets);
            for (j, r) in p.reviews.iter().enumerate() {
                if *r < p.baseline {
                    c.push(
                        format!("{at}.reviews[{j}]"),
                        ValidationError::DateOrder {
                            what: "review date",
                            date: *r,
                            earlier: p.baseline,
                        },
                    );
                }
            }
            c.unique(
                "target competency",
                p.targets.iter().enumerate().map(|(j, t)| {
                    (
                        format!("{at}.targets[{j}].competency"),
                        t.competency.as_str(),
                    )
                }),
            );
            for (j, t) in p.targets.iter().enumerate() {
                let at = format!("{at}.targets[{j}]");
                c.known(
                    format!("{at}.competency"),
                    "competency",
                    &t.competency,
                    &competencies,
                );
                c.known(format!("{at}.level"), "level", &t.level, &levels);
                if t.due < p.baseline {
                    c.push(
                        format!("{at}.due"),
                        ValidationError::DateOrder {
                            what: "due date",
                            date: t.due,
                            earlier: p.baseline,
                        },
                    );
                }
            }
        }
        c.finish()
    }
}

/// CPD CSV columns.
const CPD_COLUMNS: [&str; 7] = [
    "worker",
    "date",
    "title",
    "provider",
    "hours",
    "competencies",
    "certificate",
];

impl Cpd {
    /// Reads CPD from YAML or JSON text and checks it against `fw`.
    pub fn from_yaml_str(text: &str, fw: &Framework) -> Result<Cpd, LoadError> {
        let (cpd, index): (Cpd, LocationIndex) = yaml::parse(text, &Limits::default())?;
        let issues = cpd.issues(fw, &index);
        check(cpd, issues)
    }

    /// Reads CPD from CSV text (`worker, date, title, provider, hours,
    /// competencies, certificate`; competencies separated by `;`).
    /// Locations are `line` and `column` (field number); paths name the
    /// column.
    pub fn from_csv_str(text: &str, fw: &Framework) -> Result<Cpd, LoadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let limit = Limits::default().max_bytes;
        if text.len() > limit {
            return Err(LoadError::Syntax {
                file: None,
                location: Default::default(),
                error: SyntaxError::TooLarge {
                    size: Some(text.len()),
                    limit,
                },
            });
        }
        Cpd::from_records(Table::Csv(text).records(), fw)
    }

    /// Reads CPD from a sheet's table (the columns of
    /// [`Cpd::from_csv_str`]); errors name the sheet and cell.
    pub fn from_sheet(sheet: &Sheet, fw: &Framework) -> Result<Cpd, LoadError> {
        Cpd::from_records(Table::Sheet(sheet).records(), fw)
            .map_err(|e| e.in_sheet(&sheet.name, sheet.header_row(), &sheet.columns))
    }

    fn from_records(mut reader: Records<'_, &[u8]>, fw: &Framework) -> Result<Cpd, LoadError> {
        let mut record = csv::StringRecord::new();
        if reader.read(&mut record).map_err(cpd_csv_error)?.is_none() {
            return Err(cpd_syntax(
                1,
                None,
                "",
                "empty file, expected a header row".into(),
            ));
        }
        let columns = cpd_columns(&record)?;
        let mut activities = Vec::new();
        let mut index = LocationIndex::default();
        let header = record.clone();
        while let Some(line) = reader.read(&mut record).map_err(cpd_csv_error)? {
            if crate::input::repeats_header(&header, &record) {
                return Err(LoadError::Syntax {
                    file: None,
                    location: Location {
                        sheet: None,
                        line: Some(line),
                        column: Some(1),
                        path: String::new(),
                    },
                    error: SyntaxError::RepeatedHeader,
                });
            }
            let row = CpdRow {
                record: &record,
                columns: &columns,
                line,
            };
            let activity = row.activity(activities.len(), &mut index)?;
            activities.push(activity);
        }
        let cpd = Cpd {
            framework: None,
            activities,
            evidence_rules: Vec::new(),
        };
        let issues = cpd.issues(fw, &index);
        check(cpd, issues)
    }

    /// Reads a CPD file: `.csv` as CSV, anything else as YAML/JSON.
    pub fn from_path(path: impl AsRef<Path>, fw: &Framework) -> Result<Cpd, LoadError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::model::load::read_text(path, Limits::default().max_bytes)?;
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let r = if is_csv {
            Cpd::from_csv_str(&text, fw)
        } else {
            Cpd::from_yaml_str(&text, fw)
        };
        r.map_err(|e| e.with_file(&name))
    }

    fn issues(&self, fw: &Framework, index: &LocationIndex) -> Vec<Issue> {
        let mut c = Checker::new(index);
        if let Some(id) = self.framework.as_ref().filter(|id| **id != fw.id) {
            c.push(
                "framework".into(),
                ValidationError::FrameworkMismatch {
                    what: "CPD",
                    found: id.clone(),
                    expected: fw.id.clone(),
                },
            );
        }
        let competencies = known_ids(fw.competencies.iter().map(|k| &k.id));
        let kinds = known_ids(fw.evidence_kinds.iter().map(|k| &k.id));
        let binary: Vec<&str> = fw
            .competencies
            .iter()
            .flat_map(|k| &k.criteria)
            .filter(|k| matches!(k.measure, Measure::Binary {}))
            .map(|k| k.id.as_str())
            .collect();
        for (i, a) in self.activities.iter().enumerate() {
            let at = format!("activities[{i}]");
            c.text(format!("{at}.worker"), "worker", &a.worker);
            c.text(format!("{at}.title"), "title", &a.title);
            c.range(format!("{at}.hours"), "hours", a.hours, 0.0, 10_000.0);
            for (j, k) in a.competencies.iter().enumerate() {
                c.known(
                    format!("{at}.competencies[{j}]"),
                    "competency",
                    k,
                    &competencies,
                );
            }
        }
        for (i, r) in self.evidence_rules.iter().enumerate() {
            let at = format!("evidence_rules[{i}]");
            c.known(
                format!("{at}.criterion"),
                "binary criterion",
                &r.criterion,
                &binary,
            );
            c.known(format!("{at}.kind"), "evidence kind", &r.kind, &kinds);
            if let Some(k) = &r.competency {
                c.known(format!("{at}.competency"), "competency", k, &competencies);
            }
        }
        c.finish()
    }

    /// Adds the evidence items the rules make ([`Cpd::evidence`]) to
    /// `batch`, with line 0 (they come from no evidence file).
    pub fn add_evidence(&self, batch: &mut crate::evidence::Batch) {
        for item in self.evidence() {
            batch.push(&item.as_item_ref(), 0);
        }
    }

    /// Evidence items made by the rules: one `yes` item per matching
    /// activity and rule, dated on the activity, with id
    /// `cpd:<worker>:<date>:<criterion>` so the same activity never counts
    /// twice (two rules for one criterion make one item). A second, third
    /// ... activity of the worker on that date for that criterion gets
    /// `#2`, `#3` ... after the id, so that each counts once (with one id
    /// they were rejected together as conflicting).
    pub fn evidence(&self) -> Vec<EvidenceItem> {
        let mut out = Vec::new();
        // Which activities (by position) made each id so far.
        let mut makers: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (n, a) in self.activities.iter().enumerate() {
            for r in &self.evidence_rules {
                let title = r
                    .title_contains
                    .as_ref()
                    .is_none_or(|t| a.title.to_lowercase().contains(&t.to_lowercase()));
                let competency = r
                    .competency
                    .as_ref()
                    .is_none_or(|k| a.competencies.contains(k));
                let certificate = !r.requires_certificate || a.certificate.is_some();
                if title && competency && certificate {
                    let id = format!("cpd:{}:{}:{}", a.worker, a.date, r.criterion);
                    let made = makers.entry(id.clone()).or_default();
                    let k = match made.iter().position(|&m| m == n) {
                        Some(k) => k,
                        None => {
                            made.push(n);
                            made.len() - 1
                        }
                    };
                    let id = if k == 0 {
                        id
                    } else {
                        format!("{id}#{}", k + 1)
                    };
                    out.push(EvidenceItem {
                        id: Some(id),
                        worker: a.worker.clone(),
                        criterion: r.criterion.clone(),
                        kind: r.kind.clone(),
                        date: a.date,
                        assessor: a.provider.clone(),
                        value: Some(RawValue::Bool(true)),
                        numerator: None,
                        denominator: None,
                        expires: None,
                        note: Some(match &a.certificate {
                            Some(cert) => format!("{} (certificate {cert})", a.title),
                            None => a.title.clone(),
                        }),
                    });
                }
            }
        }
        out
    }
}

/// A shape problem in a CPD CSV file at `line`, `column`.
fn cpd_syntax(line: usize, column: Option<usize>, path: &str, message: String) -> LoadError {
    LoadError::Syntax {
        file: None,
        location: Location {
            sheet: None,
            line: Some(line),
            column,
            path: path.to_string(),
        },
        error: SyntaxError::Shape(message),
    }
}

/// A CSV reading problem in a CPD file as a located syntax error.
fn cpd_csv_error(e: CsvFailure) -> LoadError {
    let at = |line: usize, column: Option<usize>| Location {
        sheet: None,
        line: Some(line),
        column,
        path: String::new(),
    };
    let (location, error) = match e {
        CsvFailure::Malformed(line, column, m) => (at(line, column), SyntaxError::Shape(m)),
        CsvFailure::Encoding(line, column, m) => (at(line, column), SyntaxError::Encoding(m)),
        CsvFailure::Stream(StreamError::Encoding {
            line,
            column,
            message,
        }) => (at(line, Some(column)), SyntaxError::Encoding(message)),
        CsvFailure::Stream(StreamError::LineTooLong { line, limit }) => {
            (at(line, None), SyntaxError::LineTooLong { limit })
        }
        CsvFailure::Stream(StreamError::RecordTooLong { line, limit }) => {
            (at(line, None), SyntaxError::RecordTooLong { limit })
        }
        CsvFailure::Io(m) => (at(1, None), SyntaxError::Shape(m)),
        CsvFailure::Cell(line, column, m) => (
            at(line, column),
            SyntaxError::Workbook(Box::new(("error_cell", m))),
        ),
    };
    LoadError::Syntax {
        file: None,
        location,
        error,
    }
}

/// The field number of each of [`CPD_COLUMNS`] in a CPD CSV header, the
/// required ones present, none repeated or unknown.
fn cpd_columns(header: &csv::StringRecord) -> Result<[Option<usize>; 7], LoadError> {
    let mut columns: [Option<usize>; 7] = [None; 7];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        match CPD_COLUMNS.iter().position(|c| *c == name) {
            Some(k) => {
                if let Some(slot) = columns.get_mut(k) {
                    if slot.is_some() {
                        return Err(cpd_syntax(
                            1,
                            Some(i + 1),
                            "",
                            format!("duplicate column `{name}`, each column may appear once"),
                        ));
                    }
                    *slot = Some(i);
                }
            }
            None => {
                return Err(cpd_syntax(
                    1,
                    Some(i + 1),
                    "",
                    format!(
                        "unknown column `{}`, expected one of `worker`, `date`, `title`, `provider`, `hours`, `competencies`, `certificate`",
                        crate::base::text::clip(&name, 40)
                    ),
                ))
            }
        }
    }
    for (k, name) in CPD_COLUMNS.iter().enumerate().take(5) {
        if k != 3 && columns.get(k).copied().flatten().is_none() {
            return Err(cpd_syntax(
                1,
                None,
                "",
                format!("missing column `{name}`, expected a header with at least `worker`, `date`, `title`, `hours`"),
            ));
        }
    }
    Ok(columns)
}

/// One record of a CPD CSV file after the header.
struct CpdRow<'r> {
    record: &'r csv::StringRecord,
    columns: &'r [Option<usize>; 7],
    line: usize,
}

impl<'r> CpdRow<'r> {
    /// Column `k`'s field number and trimmed text, if not empty.
    fn cell(&self, k: usize) -> Option<(usize, &'r str)> {
        let col = self.columns.get(k).copied().flatten()?;
        self.record
            .get(col)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| (col + 1, s))
    }

    /// Column `k`'s cell, which every activity needs.
    fn required(&self, k: usize) -> Result<(usize, &'r str), LoadError> {
        let name = CPD_COLUMNS.get(k).copied().unwrap_or("");
        self.cell(k).ok_or_else(|| {
            cpd_syntax(
                self.line,
                self.columns.get(k).copied().flatten().map(|c| c + 1),
                name,
                format!("`{name}` is empty, every activity needs a {name}"),
            )
        })
    }

    /// The row as activity number `n`, its cells' places recorded in `index`.
    fn activity(&self, n: usize, index: &mut LocationIndex) -> Result<CpdActivity, LoadError> {
        let line = self.line;
        let (_, worker) = self.required(0)?;
        let at = format!("activities[{n}]");
        index.insert(at.clone(), line, 1);
        for (k, name) in CPD_COLUMNS.iter().enumerate() {
            if let Some(col) = self.columns.get(k).copied().flatten() {
                index.insert(format!("{at}.{name}"), line, col + 1);
            }
        }
        let (dcol, date_text) = self.required(1)?;
        let date = Date::parse(date_text).map_err(|e| {
            cpd_syntax(
                line,
                Some(dcol),
                "date",
                format!(
                    "`{}` is not a valid date: {e}",
                    crate::base::text::clip(date_text, 40)
                ),
            )
        })?;
        let (_, title) = self.required(2)?;
        let (hcol, hours_text) = self.required(4)?;
        let hours: f64 = hours_text.parse().map_err(|_| {
            cpd_syntax(
                line,
                Some(hcol),
                "hours",
                format!(
                    "`{}` is not a number of hours, expected a number from 0 to 10000",
                    crate::base::text::clip(hours_text, 40)
                ),
            )
        })?;
        Ok(CpdActivity {
            worker: worker.to_string(),
            date,
            title: title.to_string(),
            provider: self.cell(3).map(|(_, s)| s.to_string()),
            hours,
            competencies: self
                .cell(5)
                .map(|(_, s)| {
                    s.split(';')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            certificate: self.cell(6).map(|(_, s)| s.to_string()),
        })
    }
}
