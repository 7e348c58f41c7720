//! The competencies, criteria, sections and anchors of the template's
//! sheets (see [`super`]), and the validation of what was read, each
//! problem at the cell its path came from.

use crate::base::error::{Diagnostic, LoadError};
use crate::base::text::clip;
use crate::input::sheet::Cell;
use crate::interop::sheet::read::{At, Reader, Row};
use crate::interop::sheet::{COMPETENCY_COLUMNS, COMPETENCY_FIELDS};
use crate::model::{Competency, Criterion, Framework, Measure, Priority, Section};

impl Reader<'_> {
    /// The `Competencies` sheet: a row per criterion, a competency's own
    /// cells on its first row (later rows: empty or the same).
    pub(super) fn competencies(&mut self) -> Vec<Competency> {
        let Some(t) = self.table("Competencies") else {
            return Vec::new();
        };
        let mut list: Vec<Competency> = Vec::new();
        let mut first_rows: Vec<Row<'_, '_>> = Vec::new();
        let mut last: Option<usize> = None;
        for r in Self::rows(&t) {
            let id = self.text(&r, "competency", "competencies");
            let c = match id {
                Some(id) => match list.iter().position(|c| c.id == id) {
                    Some(i) => {
                        self.same_as_first(&r, first_rows.get(i).copied(), i);
                        i
                    }
                    None => {
                        let i = list.len();
                        list.push(self.competency(&r, id, i));
                        first_rows.push(r);
                        i
                    }
                },
                None => match last {
                    Some(i) => {
                        self.same_as_first(&r, first_rows.get(i).copied(), i);
                        i
                    }
                    None => {
                        self.error(
                            Some(Self::at(&r, "competency")),
                            "competencies",
                            "missing_value",
                            "empty `competency` on the first row, the competency's id is required"
                                .into(),
                        );
                        continue;
                    }
                },
            };
            last = Some(c);
            let Some(comp) = list.get_mut(c) else {
                continue;
            };
            let k = comp.criteria.len();
            let criterion_cols = COMPETENCY_COLUMNS.get(COMPETENCY_FIELDS..).unwrap_or(&[]);
            if r.cell("criterion").is_none() && !r.any(criterion_cols) {
                continue;
            }
            let criterion = self.criterion(&r, &format!("competencies[{c}].criteria[{k}]"));
            if let Some(comp) = list.get_mut(c) {
                comp.criteria.push(criterion);
            }
        }
        list
    }

    /// A competency from its first row.
    fn competency(&mut self, r: &Row<'_, '_>, id: String, i: usize) -> Competency {
        let path = format!("competencies[{i}]");
        let p = |f: &str| format!("{path}.{f}");
        self.cells.insert(path.clone(), Self::at(r, "competency"));
        self.cells.insert(p("id"), Self::at(r, "competency"));
        let priority = if r.any(&[
            "priority_mean",
            "priority_sd",
            "priority_rank",
            "priority_band",
        ]) {
            Some(Priority {
                mean: self.number(r, "priority_mean", &p("priority.mean")),
                sd: self.number(r, "priority_sd", &p("priority.sd")),
                rank: self.count(r, "priority_rank", &p("priority.rank")),
                band: self.parsed(
                    r,
                    "priority_band",
                    &p("priority.band"),
                    "`low`, `middle` or `high`",
                    |t| {
                        serde_json::from_value(serde_json::Value::String(t.to_ascii_lowercase()))
                            .ok()
                    },
                ),
            })
        } else {
            None
        };
        Competency {
            id,
            domain: self.required(r, "domain", &p("domain")),
            category: self.text(r, "category", &p("category")),
            statement: self.required(r, "competency_statement", &p("statement")),
            weight: self
                .number(r, "competency_weight", &p("weight"))
                .unwrap_or(1.0),
            priority,
            notes: self.text(r, "competency_notes", &p("notes")),
            criteria: Vec::new(),
            rule: self.document(
                r,
                "rule",
                &p("rule"),
                "a rule (`all`, `any`, or e.g. `{at_least: 3, min_score: 0.6}`)",
            ),
            sections: Vec::new(),
            case: self.case(r, "competency_case", &p("case")),
        }
    }

    /// A later row of competency `i`: its competency cells empty or as on
    /// its first row.
    fn same_as_first(&mut self, r: &Row<'_, '_>, first: Option<Row<'_, '_>>, i: usize) {
        let Some(first) = first else { return };
        for col in COMPETENCY_COLUMNS.iter().take(COMPETENCY_FIELDS).skip(1) {
            let (Some(here), there) = (r.cell(col), first.cell(col)) else {
                continue;
            };
            if Some(here) != there {
                let shown = match here {
                    Cell::Text(t) | Cell::Error(t) => clip(t, 40),
                };
                self.error(
                    Some(Self::at(r, col)),
                    &format!("competencies[{i}]"),
                    "conflicting_value",
                    format!(
                        "`{shown}` in `{col}` differs from the competency's first row (row {}), expected it empty or the same",
                        first.row
                    ),
                );
            }
        }
    }

    fn criterion(&mut self, r: &Row<'_, '_>, path: &str) -> Criterion {
        let p = |f: &str| format!("{path}.{f}");
        self.cells
            .insert(path.to_string(), Self::at(r, "criterion"));
        let measure = self.measure(r, &p("measure"));
        Criterion {
            id: self.required(r, "criterion", &p("id")),
            statement: self.required(r, "statement", &p("statement")),
            weight: self.number(r, "weight", &p("weight")).unwrap_or(1.0),
            measure,
            required: self.boolean(r, "required", &p("required")),
            kinds: self.text(r, "kinds", &p("kinds")).map(|k| {
                k.split([',', ';'])
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            notes: self.text(r, "notes", &p("notes")),
            section: self.text(r, "section", &p("section")),
            anchors: Vec::new(),
            scale: self.text(r, "scale", &p("scale")),
            case: self.case(r, "case", &p("case")),
        }
    }

    /// A criterion's measure: its type, and the `min`/`max` (rating) or
    /// `target` (rate, count) it takes; a value its type does not take is
    /// refused.
    fn measure(&mut self, r: &Row<'_, '_>, path: &str) -> Measure {
        let kind = self
            .required(r, "measure", path)
            .trim()
            .to_ascii_lowercase();
        let takes: &[&str] = match kind.as_str() {
            "rating" => &["min", "max"],
            "rate" | "count" => &["target"],
            _ => &[],
        };
        for col in ["min", "max", "target"] {
            if r.cell(col).is_some() && !takes.contains(&col) {
                self.error(
                    Some(Self::at(r, col)),
                    &format!("{path}.{col}"),
                    "invalid_value",
                    format!(
                        "`{col}` given for a `{}` measure, expected it empty (`min`, `max`: rating; `target`: rate, count)",
                        clip(&kind, 40)
                    ),
                );
            }
        }
        match kind.as_str() {
            "rating" => Measure::Rating {
                min: self.number(r, "min", &format!("{path}.min")),
                max: self.number(r, "max", &format!("{path}.max")),
            },
            "binary" => Measure::Binary {},
            "rate" => Measure::Rate {
                target: self.required_number(r, "target", &format!("{path}.target")),
            },
            "count" => Measure::Count {
                target: self.required_number(r, "target", &format!("{path}.target")),
            },
            "" => Measure::Binary {},
            other => {
                self.error(
                    Some(Self::at(r, "measure")),
                    path,
                    "invalid_value",
                    format!(
                        "measure `{}`, expected one of `rating`, `binary`, `rate`, `count`",
                        clip(other, 40)
                    ),
                );
                Measure::Binary {}
            }
        }
    }

    /// The `Sections` sheet: each competency's sections in order.
    pub(super) fn sections(&mut self, competencies: &mut [Competency]) {
        let Some(t) = self.table("Sections") else {
            return;
        };
        for r in Self::rows(&t) {
            let Some(c) = self.competency_of(&r, "competency", competencies) else {
                continue;
            };
            let Some(comp) = competencies.get_mut(c) else {
                continue;
            };
            let path = format!("competencies[{c}].sections[{}]", comp.sections.len());
            self.cells.insert(path.clone(), Self::at(&r, "section"));
            let section = Section {
                id: self.required(&r, "section", &format!("{path}.id")),
                label: self.required(&r, "label", &format!("{path}.label")),
            };
            if let Some(comp) = competencies.get_mut(c) {
                comp.sections.push(section);
            }
        }
    }

    /// The `Anchors` sheet: each criterion's anchors in order.
    pub(super) fn anchors(&mut self, competencies: &mut [Competency]) {
        let Some(t) = self.table("Anchors") else {
            return;
        };
        for r in Self::rows(&t) {
            let Some(id) = self.id_cell(&r, "criterion", "", "criterion") else {
                continue;
            };
            let found = competencies.iter().enumerate().find_map(|(c, comp)| {
                comp.criteria
                    .iter()
                    .position(|cr| cr.id == id)
                    .map(|k| (c, k))
            });
            let Some((c, k)) = found else {
                self.error(
                    Some(Self::at(&r, "criterion")),
                    "",
                    "unknown_criterion",
                    format!(
                        "unknown criterion `{}`, expected one of the `Competencies` sheet",
                        clip(&id, 40)
                    ),
                );
                continue;
            };
            let n = competencies
                .get(c)
                .and_then(|comp| comp.criteria.get(k))
                .map_or(0, |cr| cr.anchors.len());
            let anchor = self.anchor(&r, &format!("competencies[{c}].criteria[{k}].anchors[{n}]"));
            if let Some(cr) = competencies
                .get_mut(c)
                .and_then(|comp| comp.criteria.get_mut(k))
            {
                cr.anchors.push(anchor);
            }
        }
    }

    /// The index of the competency a row names in column `col`.
    fn competency_of(
        &mut self,
        r: &Row<'_, '_>,
        col: &str,
        competencies: &[Competency],
    ) -> Option<usize> {
        let id = self.id_cell(r, col, "", "competency")?;
        let found = competencies.iter().position(|c| c.id == id);
        if found.is_none() {
            self.error(
                Some(Self::at(r, col)),
                "",
                "unknown_competency",
                format!(
                    "unknown competency `{}`, expected one of the `Competencies` sheet",
                    clip(&id, 40)
                ),
            );
        }
        found
    }

    /// Validates `fw` as a framework file is validated; each problem at
    /// the cell its path was read from (or the nearest enclosing one).
    pub(super) fn validate(&self, fw: Framework) -> Result<Framework, Vec<Diagnostic>> {
        let yaml = serde_yaml::to_string(&fw).map_err(|e| {
            vec![self.diagnostic(
                None,
                "",
                "internal",
                format!("cannot check the framework: {e}"),
            )]
        })?;
        match Framework::from_yaml_str(&yaml) {
            Ok(_) => Ok(fw),
            Err(LoadError::Invalid { issues, .. }) => Err(crate::base::error::cap(
                issues
                    .iter()
                    .map(|i| {
                        self.diagnostic(
                            self.cell_of(&i.location.path),
                            &i.location.path,
                            i.error.code(),
                            i.error.to_string(),
                        )
                    })
                    .collect(),
            )),
            Err(e) => Err(e
                .diagnostics()
                .into_iter()
                .map(|d| self.diagnostic(self.cell_of(&d.path), &d.path, &d.code, d.message))
                .collect()),
        }
    }

    fn diagnostic(&self, at: Option<At>, path: &str, code: &str, message: String) -> Diagnostic {
        let (sheet, line, column) = match at {
            Some((s, l, c)) => (Some(s), Some(l), Some(c)),
            None => (None, None, None),
        };
        Diagnostic {
            file: self.file.map(str::to_string),
            line,
            column,
            path: path.to_string(),
            sheet,
            code: code.to_string(),
            message,
        }
    }

    /// The cell `path` was read from, else that of the nearest path
    /// enclosing it.
    fn cell_of(&self, path: &str) -> Option<At> {
        let mut p = path;
        loop {
            if let Some(at) = self.cells.get(p) {
                return Some(at.clone());
            }
            let cut = p.rfind(['.', '['])?;
            p = p.get(..cut)?;
        }
    }
}
