//! Frameworks authored in a workbook: the template's sheets written from a
//! framework ([`export`]) and read back into one ([`read::import`]), so
//! that YAML → workbook → YAML gives the same framework. The template is
//! described in `docs/sheets.md`.
//!
//! Sheets, each a header row then one row per thing:
//!
//! - `Framework`: `field`, `value`, `label`: identity, source, panel
//!   (`panel_group` rows: size and label), rating scale (`rating_label`
//!   rows: point and label), and `case` (CASE identity, as JSON);
//! - `Policy`: `field`, `value`: the evidence policy;
//! - `Evidence`: the evidence kinds;
//! - `Domains`, `Categories`;
//! - `Levels`: the level bands of competencies, of each domain and of the
//!   overall score (`band`: `competency`, `domain`, `overall`);
//! - `Competencies`: one row per criterion, the competency's own fields on
//!   its first row (its rule, priority, notes), the criterion's measure,
//!   `required`, `kinds`, `section`, `scale`;
//! - `Sections`, `Anchors` (a criterion's anchors), `Scales` (shared
//!   anchored scales).
//!
//! The sheets are [`Template`] tables of JSON values, so that every front
//! end sees the same cells (`export_sheet` as JSON), and
//! `present::xlsx::template_workbook` writes them as a workbook.

mod criteria;
pub mod read;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::model::{Competency, Framework, Level, Measure};

/// The template's sheets, in order, with their columns.
pub const SHEETS: &[(&str, &[&str])] = &[
    ("Framework", &["field", "value", "label"]),
    ("Policy", &["field", "value"]),
    ("Evidence", &["kind", "label", "weight", "description"]),
    ("Domains", &["domain", "label", "case"]),
    ("Categories", &["category", "label", "description"]),
    (
        "Levels",
        &[
            "band",
            "domain",
            "level",
            "label",
            "threshold",
            "description",
        ],
    ),
    ("Competencies", COMPETENCY_COLUMNS),
    ("Sections", &["competency", "section", "label"]),
    ("Anchors", &["criterion", "value", "label", "description"]),
    (
        "Scales",
        &["scale", "scale_label", "value", "label", "description"],
    ),
];

/// The columns of the `Competencies` sheet: the competency's, then the
/// criterion's.
pub const COMPETENCY_COLUMNS: &[&str] = &[
    "competency",
    "domain",
    "category",
    "competency_statement",
    "competency_weight",
    "priority_mean",
    "priority_sd",
    "priority_rank",
    "priority_band",
    "rule",
    "competency_notes",
    "competency_case",
    "criterion",
    "statement",
    "weight",
    "measure",
    "min",
    "max",
    "target",
    "required",
    "kinds",
    "section",
    "scale",
    "notes",
    "case",
];

/// The columns of the `Competencies` sheet that belong to the competency
/// (given on its first row).
pub const COMPETENCY_FIELDS: usize = 12;

/// A framework as the template's sheets.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Template {
    /// The sheets, in order.
    pub sheets: Vec<TemplateSheet>,
}

/// One sheet of a [`Template`].
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TemplateSheet {
    /// The sheet's name.
    pub name: String,
    /// Its rows, the header first; each cell text, a number, a boolean or
    /// `null` (empty).
    pub rows: Vec<Vec<Value>>,
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn opt_num(x: Option<f64>) -> Value {
    x.map_or(Value::Null, num)
}

fn int(x: u32) -> Value {
    Value::from(x)
}

/// A value as one line of JSON (a rule, a CASE identity); `null` when absent.
fn json<T: Serialize>(value: Option<&T>) -> Value {
    value
        .and_then(|v| serde_json::to_string(v).ok())
        .map_or(Value::Null, Value::String)
}

fn header(name: &str) -> Vec<Value> {
    SHEETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, cols)| cols.iter().map(|c| text(c)).collect())
        .unwrap_or_default()
}

fn sheet(name: &str, rows: Vec<Vec<Value>>) -> TemplateSheet {
    let mut all = vec![header(name)];
    all.extend(rows);
    TemplateSheet {
        name: name.to_string(),
        rows: all,
    }
}

/// The template of `fw` (see the module's documentation).
pub fn export(fw: &Framework) -> Template {
    let sheets = vec![
        sheet("Framework", framework_rows(fw)),
        sheet("Policy", policy_rows(fw)),
        sheet(
            "Evidence",
            fw.evidence_kinds
                .iter()
                .map(|k| {
                    vec![
                        text(&k.id),
                        text(&k.label),
                        num(k.weight),
                        opt_text(k.description.as_deref()),
                    ]
                })
                .collect(),
        ),
        sheet(
            "Domains",
            fw.domains
                .iter()
                .map(|d| vec![text(&d.id), text(&d.label), json(d.case.as_ref())])
                .collect(),
        ),
        sheet(
            "Categories",
            fw.categories
                .iter()
                .map(|c| {
                    vec![
                        text(&c.id),
                        text(&c.label),
                        opt_text(c.description.as_deref()),
                    ]
                })
                .collect(),
        ),
        sheet("Levels", level_rows(fw)),
        sheet(
            "Competencies",
            fw.competencies.iter().flat_map(competency_rows).collect(),
        ),
        sheet(
            "Sections",
            fw.competencies
                .iter()
                .flat_map(|c| {
                    c.sections
                        .iter()
                        .map(|s| vec![text(&c.id), text(&s.id), text(&s.label)])
                })
                .collect(),
        ),
        sheet(
            "Anchors",
            fw.competencies
                .iter()
                .flat_map(|c| &c.criteria)
                .flat_map(|cr| {
                    cr.anchors.iter().map(|a| {
                        vec![
                            text(&cr.id),
                            num(a.value),
                            text(&a.label),
                            opt_text(a.description.as_deref()),
                        ]
                    })
                })
                .collect(),
        ),
        sheet(
            "Scales",
            fw.anchored_scales
                .iter()
                .flat_map(|s| {
                    s.anchors.iter().enumerate().map(|(i, a)| {
                        vec![
                            text(&s.id),
                            if i == 0 {
                                opt_text(s.label.as_deref())
                            } else {
                                Value::Null
                            },
                            num(a.value),
                            text(&a.label),
                            opt_text(a.description.as_deref()),
                        ]
                    })
                })
                .collect(),
        ),
    ];
    Template { sheets }
}

fn framework_rows(fw: &Framework) -> Vec<Vec<Value>> {
    let s = &fw.source;
    let field = |name: &str, value: Value| vec![text(name), value, Value::Null];
    let mut rows = vec![
        field("id", text(&fw.id)),
        field("title", text(&fw.title)),
        field("version", text(&fw.version)),
        field("description", opt_text(fw.description.as_deref())),
        field(
            "updated",
            fw.updated.map_or(Value::Null, |d| text(&d.to_string())),
        ),
        field("citation", text(&s.citation)),
        field("publisher", opt_text(s.publisher.as_deref())),
        field("year", s.year.map_or(Value::Null, int)),
        field("url", opt_text(s.url.as_deref())),
        field("method", opt_text(s.method.as_deref())),
        field("notes", opt_text(s.notes.as_deref())),
        field(
            "panel_size",
            s.panel.as_ref().map_or(Value::Null, |p| int(p.size)),
        ),
        field(
            "panel_rounds",
            s.panel
                .as_ref()
                .and_then(|p| p.rounds)
                .map_or(Value::Null, int),
        ),
    ];
    for g in s.panel.iter().flat_map(|p| &p.groups) {
        rows.push(vec![text("panel_group"), int(g.size), text(&g.label)]);
    }
    rows.push(field("rating_min", num(fw.rating_scale.min)));
    rows.push(field("rating_max", num(fw.rating_scale.max)));
    for l in &fw.rating_scale.labels {
        rows.push(vec![text("rating_label"), num(l.value), text(&l.label)]);
    }
    if fw.case.is_some() {
        rows.push(field("case", json(fw.case.as_ref())));
    }
    rows
}

fn policy_rows(fw: &Framework) -> Vec<Vec<Value>> {
    let p = &fw.evidence_policy;
    vec![
        vec![text("half_life_days"), opt_num(p.half_life_days)],
        vec![
            text("max_age_days"),
            p.max_age_days.map_or(Value::Null, int),
        ],
        vec![text("min_items"), int(p.min_items)],
        vec![text("min_coverage"), num(p.min_coverage)],
        vec![text("aggregate"), text(p.aggregate.name())],
    ]
}

fn level_rows(fw: &Framework) -> Vec<Vec<Value>> {
    let row = |band: &str, domain: Option<&str>, l: &Level| {
        vec![
            text(band),
            opt_text(domain),
            text(&l.id),
            text(&l.label),
            num(l.threshold),
            opt_text(l.description.as_deref()),
        ]
    };
    let mut rows: Vec<Vec<Value>> = fw
        .levels
        .iter()
        .map(|l| row("competency", None, l))
        .collect();
    for d in &fw.domains {
        rows.extend(d.levels.iter().map(|l| row("domain", Some(&d.id), l)));
    }
    rows.extend(fw.overall_levels.iter().map(|l| row("overall", None, l)));
    rows
}

/// The competency's own cells (its first row).
fn competency_cells(c: &Competency) -> Vec<Value> {
    let p = c.priority.as_ref();
    vec![
        text(&c.id),
        text(&c.domain),
        opt_text(c.category.as_deref()),
        text(&c.statement),
        num(c.weight),
        opt_num(p.and_then(|p| p.mean)),
        opt_num(p.and_then(|p| p.sd)),
        p.and_then(|p| p.rank).map_or(Value::Null, int),
        p.and_then(|p| p.band)
            .and_then(|b| serde_json::to_value(b).ok())
            .unwrap_or(Value::Null),
        match &c.rule {
            Some(crate::model::Rule::Word(w)) => serde_json::to_value(w).unwrap_or(Value::Null),
            rule => json(rule.as_ref()),
        },
        opt_text(c.notes.as_deref()),
        json(c.case.as_ref()),
    ]
}

/// One row per criterion (one row when it has none), the competency's
/// cells on the first, its id on each.
fn competency_rows(c: &Competency) -> Vec<Vec<Value>> {
    let first = competency_cells(c);
    let mut later = vec![Value::Null; COMPETENCY_FIELDS];
    if let Some(id) = later.first_mut() {
        *id = text(&c.id);
    }
    if c.criteria.is_empty() {
        let mut row = first;
        row.resize(COMPETENCY_COLUMNS.len(), Value::Null);
        return vec![row];
    }
    c.criteria
        .iter()
        .enumerate()
        .map(|(i, cr)| {
            let mut row = if i == 0 { first.clone() } else { later.clone() };
            let (min, max, target) = match &cr.measure {
                Measure::Rating { min, max } => (opt_num(*min), opt_num(*max), Value::Null),
                Measure::Binary {} => (Value::Null, Value::Null, Value::Null),
                Measure::Rate { target } | Measure::Count { target } => {
                    (Value::Null, Value::Null, num(*target))
                }
            };
            row.extend([
                text(&cr.id),
                text(&cr.statement),
                num(cr.weight),
                text(cr.measure.name()),
                min,
                max,
                target,
                if cr.required {
                    Value::Bool(true)
                } else {
                    Value::Null
                },
                cr.kinds
                    .as_ref()
                    .map_or(Value::Null, |k| Value::String(k.join(", "))),
                opt_text(cr.section.as_deref()),
                opt_text(cr.scale.as_deref()),
                opt_text(cr.notes.as_deref()),
                json(cr.case.as_ref()),
            ]);
            row
        })
        .collect()
}
