//! A framework read from the template's sheets (see [`super`]): each
//! cell converted by its column's type, every problem a diagnostic at its
//! sheet and cell; then the framework is validated as a YAML file is, and
//! each validation problem is placed at the cell its path came from.

use std::collections::HashMap;

use crate::base::error::{Diagnostic, LoadError};
use crate::base::text::clip;
use crate::input::sheet::{Cell, Sheet};
use crate::interop::sheet::SHEETS;
use crate::model::{
    Anchor, AnchoredScale, CaseDocument, CaseRef, Category, Domain, EvidenceKind, EvidencePolicy,
    Framework, Level, Panel, PanelGroup, RatingScale, ScaleLabel, Source,
};

/// Sheets a framework cannot do without.
const REQUIRED: &[&str] = &["Framework", "Evidence", "Domains", "Levels", "Competencies"];

/// Reads a framework from the template's `sheets` (those of a workbook
/// named `file`, found by name; others are ignored), validated: every
/// problem found, each at its sheet and cell.
pub fn import(sheets: &[Sheet], file: Option<&str>) -> Result<Framework, Vec<Diagnostic>> {
    let mut r = Reader {
        sheets,
        file,
        errors: Vec::new(),
        cells: HashMap::new(),
    };
    let fw = r.framework();
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    r.validate(fw)
}

/// Where a value was read: sheet, row, column (A = 1).
pub(super) type At = (String, usize, usize);

pub(super) struct Reader<'a> {
    sheets: &'a [Sheet],
    pub(super) file: Option<&'a str>,
    pub(super) errors: Vec<Diagnostic>,
    /// The cell each model path was read from.
    pub(super) cells: HashMap<String, At>,
}

/// A sheet's table: for each template column, its field in the sheet.
pub(super) struct Table<'s> {
    pub(super) sheet: &'s Sheet,
    fields: HashMap<&'static str, usize>,
}

/// One data row of a [`Table`].
#[derive(Clone, Copy)]
pub(super) struct Row<'t, 's> {
    pub(super) table: &'t Table<'s>,
    pub(super) row: usize,
    pub(super) cells: &'s [Option<Cell>],
}

impl Row<'_, '_> {
    pub(super) fn column(&self, col: &str) -> usize {
        self.table
            .fields
            .get(col)
            .and_then(|&i| self.table.sheet.columns.get(i))
            .map_or(1, |&c| c as usize)
    }

    pub(super) fn cell(&self, col: &str) -> Option<&Cell> {
        let i = *self.table.fields.get(col)?;
        self.cells.get(i)?.as_ref()
    }

    /// Whether any of `cols` holds anything.
    pub(super) fn any(&self, cols: &[&str]) -> bool {
        cols.iter().any(|c| self.cell(c).is_some())
    }
}

impl<'a> Reader<'a> {
    pub(super) fn error(&mut self, at: Option<At>, path: &str, code: &str, message: String) {
        let (sheet, line, column) = match at {
            Some((s, l, c)) => (Some(s), Some(l), Some(c)),
            None => (None, None, None),
        };
        self.errors.push(Diagnostic {
            file: self.file.map(str::to_string),
            line,
            column,
            path: path.to_string(),
            sheet,
            code: code.to_string(),
            message,
        });
    }

    pub(super) fn at(r: &Row<'_, '_>, col: &str) -> At {
        (r.table.sheet.name.clone(), r.row, r.column(col))
    }

    /// The table of sheet `name` (`None` when absent: an error when it is
    /// required); a header cell that is no column of the template is refused.
    pub(super) fn table(&mut self, name: &'static str) -> Option<Table<'a>> {
        let sheets = self.sheets;
        let Some(sheet) = sheets
            .iter()
            .find(|s| s.name == name)
            .or_else(|| sheets.iter().find(|s| s.name.eq_ignore_ascii_case(name)))
        else {
            if REQUIRED.contains(&name) {
                self.error(
                    None,
                    "",
                    "missing_sheet",
                    format!("no sheet `{name}`, the template needs one (see docs/sheets.md)"),
                );
            }
            return None;
        };
        let columns = SHEETS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, c)| *c);
        let mut fields = HashMap::new();
        let (header_row, head) = match sheet.rows.first() {
            Some((r, h)) => (*r, h.as_slice()),
            None => (1, &[][..]),
        };
        for (i, cell) in head.iter().enumerate() {
            let col = sheet.columns.get(i).map_or(1, |&c| c as usize);
            let at = Some((sheet.name.clone(), header_row, col));
            let Some(Cell::Text(h)) = cell else { continue };
            match columns.iter().find(|c| c.eq_ignore_ascii_case(h.trim())) {
                Some(c) if fields.contains_key(c) => self.error(
                    at,
                    c,
                    "repeated_header",
                    format!("column `{c}` given twice, expected each column once"),
                ),
                Some(c) => {
                    fields.insert(*c, i);
                }
                None => self.error(
                    at,
                    "",
                    "unknown_column",
                    format!(
                        "unknown column `{}`, expected one of {}",
                        clip(h, 40),
                        crate::model::validate::quote_list(columns)
                    ),
                ),
            }
        }
        if let Some(first) = columns.first() {
            if !fields.contains_key(first) {
                self.error(
                    Some((sheet.name.clone(), header_row, 1)),
                    "",
                    "missing_column",
                    format!("no column `{first}`, the sheet needs one"),
                );
                return None;
            }
        }
        Some(Table { sheet, fields })
    }

    /// The text of a cell (recorded as where `path` was read).
    pub(super) fn text(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> Option<String> {
        self.cells.insert(path.to_string(), Self::at(r, col));
        match r.cell(col)? {
            Cell::Text(t) => Some(t.clone()),
            Cell::Error(e) => {
                self.error(
                    Some(Self::at(r, col)),
                    path,
                    "error_cell",
                    format!(
                        "error cell `{}`, expected a value (the cell's formula gives an error: correct it, or clear the cell)",
                        clip(e, 40)
                    ),
                );
                None
            }
        }
    }

    /// As [`Reader::text`], a value required: empty is an error.
    pub(super) fn required(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> String {
        let t = self.text(r, col, path);
        if t.is_none() && !matches!(r.cell(col), Some(Cell::Error(_))) {
            self.error(
                Some(Self::at(r, col)),
                path,
                "missing_value",
                format!("empty `{col}`, a value is required"),
            );
        }
        t.unwrap_or_default()
    }

    /// A cell read with `parse`; text it refuses is an `invalid_value`
    /// error saying what was `expected`.
    pub(super) fn parsed<T>(
        &mut self,
        r: &Row<'_, '_>,
        col: &str,
        path: &str,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let t = self.text(r, col, path)?;
        let v = parse(t.trim());
        if v.is_none() {
            self.error(
                Some(Self::at(r, col)),
                path,
                "invalid_value",
                format!("`{}` in `{col}`, expected {expected}", clip(&t, 40)),
            );
        }
        v
    }

    /// The id in column `col` of a row, or `None` after a located
    /// `missing_value` error when the cell is empty (`what`: whose id it is).
    pub(super) fn id_cell(
        &mut self,
        r: &Row<'_, '_>,
        col: &str,
        path: &str,
        what: &str,
    ) -> Option<String> {
        let id = self.text(r, col, path);
        if id.is_none() {
            self.error(
                Some(Self::at(r, col)),
                path,
                "missing_value",
                format!("empty `{col}`, the {what}'s id is required"),
            );
        }
        id
    }

    /// A number required: empty is an error (NaN then, never validated).
    pub(super) fn required_number(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> f64 {
        if r.cell(col).is_none() {
            self.text(r, col, path);
            self.error(
                Some(Self::at(r, col)),
                path,
                "missing_value",
                format!("empty `{col}`, a value is required"),
            );
        }
        self.number(r, col, path).unwrap_or(f64::NAN)
    }

    pub(super) fn number(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> Option<f64> {
        self.parsed(r, col, path, "a number", |t| {
            t.parse::<f64>().ok().filter(|x| x.is_finite())
        })
    }

    pub(super) fn count(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> Option<u32> {
        self.parsed(r, col, path, "a whole number of at least 0", |t| {
            t.parse::<u32>().ok()
        })
    }

    pub(super) fn boolean(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> bool {
        self.parsed(r, col, path, "`true` or `false` (or empty)", |t| {
            match t.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => None,
            }
        })
        .unwrap_or(false)
    }

    /// A value written as one line of JSON (or YAML flow), read as `T`.
    pub(super) fn document<T: serde::de::DeserializeOwned>(
        &mut self,
        r: &Row<'_, '_>,
        col: &str,
        path: &str,
        expected: &str,
    ) -> Option<T> {
        let t = self.text(r, col, path)?;
        let limits = crate::input::yaml::Limits::default();
        match crate::input::yaml::parse::<T>(&t, &limits) {
            Ok((v, _)) => Some(v),
            Err(e) => {
                let why = match &e {
                    LoadError::Syntax { error, .. } => error.to_string(),
                    other => other.to_string(),
                };
                self.error(
                    Some(Self::at(r, col)),
                    path,
                    "invalid_value",
                    format!(
                        "`{}` in `{col}` is not {expected} ({})",
                        clip(&t, 40),
                        clip(&why, 200)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn case(&mut self, r: &Row<'_, '_>, col: &str, path: &str) -> Option<CaseRef> {
        self.document(r, col, path, "a CASE identity (JSON)")
    }

    /// The data rows of `t` with their row numbers.
    pub(super) fn rows<'t, 's>(t: &'t Table<'s>) -> Vec<Row<'t, 's>> {
        t.sheet
            .rows
            .iter()
            .skip(1)
            .map(|(row, cells)| Row {
                table: t,
                row: *row,
                cells,
            })
            .collect()
    }

    fn framework(&mut self) -> Framework {
        let mut fw = self.identity();
        fw.evidence_policy = self.policy();
        fw.evidence_kinds = self.evidence_kinds();
        fw.domains = self.domains();
        fw.categories = self.categories();
        self.levels(&mut fw);
        fw.anchored_scales = self.scales();
        fw.competencies = self.competencies();
        self.sections(&mut fw.competencies);
        self.anchors(&mut fw.competencies);
        fw
    }

    /// The `Framework` sheet.
    fn identity(&mut self) -> Framework {
        let mut fw = blank();
        let Some(t) = self.table("Framework") else {
            return fw;
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut panel: Option<(Option<u32>, Option<u32>, Vec<PanelGroup>)> = None;
        let (mut min, mut max) = (None, None);
        for r in Self::rows(&t) {
            let Some(field) = self.text(&r, "field", "") else {
                if r.any(&["value", "label"]) {
                    self.error(
                        Some(Self::at(&r, "field")),
                        "",
                        "missing_value",
                        "empty `field`, a field name is required".into(),
                    );
                }
                continue;
            };
            let field = field.trim().to_ascii_lowercase();
            let repeatable = matches!(field.as_str(), "panel_group" | "rating_label");
            if !repeatable {
                if let Some(first) = seen.insert(field.clone(), r.row) {
                    self.error(
                        Some(Self::at(&r, "field")),
                        &field,
                        "duplicate_field",
                        format!(
                            "field `{}` given twice (first on row {first}), expected it once",
                            clip(&field, 40)
                        ),
                    );
                    continue;
                }
            }
            let s = &mut fw.source;
            match field.as_str() {
                "id" => fw.id = self.required(&r, "value", "id"),
                "title" => fw.title = self.required(&r, "value", "title"),
                "version" => fw.version = self.required(&r, "value", "version"),
                "description" => fw.description = self.text(&r, "value", "description"),
                "updated" => {
                    fw.updated = self.parsed(&r, "value", "updated", "a date `YYYY-MM-DD`", |t| {
                        crate::base::date::Date::parse(t).ok()
                    });
                }
                "citation" => s.citation = self.required(&r, "value", "source.citation"),
                "publisher" => s.publisher = self.text(&r, "value", "source.publisher"),
                "year" => s.year = self.count(&r, "value", "source.year"),
                "url" => s.url = self.text(&r, "value", "source.url"),
                "method" => s.method = self.text(&r, "value", "source.method"),
                "notes" => s.notes = self.text(&r, "value", "source.notes"),
                "panel_size" => {
                    let size = self.count(&r, "value", "source.panel.size");
                    panel.get_or_insert_with(Default::default).0 = size;
                }
                "panel_rounds" => {
                    let rounds = self.count(&r, "value", "source.panel.rounds");
                    if rounds.is_some() {
                        panel.get_or_insert_with(Default::default).1 = rounds;
                    }
                }
                "panel_group" => {
                    let groups = &mut panel.get_or_insert_with(Default::default).2;
                    let path = format!("source.panel.groups[{}]", groups.len());
                    let size = self.count(&r, "value", &format!("{path}.size"));
                    let label = self.required(&r, "label", &format!("{path}.label"));
                    groups.push(PanelGroup {
                        label,
                        size: size.unwrap_or(0),
                    });
                }
                "rating_min" => min = self.number(&r, "value", "rating_scale.min"),
                "rating_max" => max = self.number(&r, "value", "rating_scale.max"),
                "rating_label" => {
                    let i = fw.rating_scale.labels.len();
                    let path = format!("rating_scale.labels[{i}]");
                    let value = self.required_number(&r, "value", &format!("{path}.value"));
                    let label = self.required(&r, "label", &format!("{path}.label"));
                    fw.rating_scale.labels.push(ScaleLabel {
                        value,
                        label,
                    });
                }
                "case" => {
                    fw.case = self.document::<CaseDocument>(&r, "value", "case", "a CASE identity (JSON)");
                }
                other => self.error(
                    Some(Self::at(&r, "field")),
                    "",
                    "unknown_field",
                    format!(
                        "unknown field `{}`, expected one of `id`, `title`, `version`, `description`, `updated`, `citation`, `publisher`, `year`, `url`, `method`, `notes`, `panel_size`, ... (18 in all, see docs/sheets.md)",
                        clip(other, 40)
                    ),
                ),
            }
        }
        for (field, path) in [
            ("id", "id"),
            ("title", "title"),
            ("version", "version"),
            ("citation", "source.citation"),
            ("rating_min", "rating_scale.min"),
            ("rating_max", "rating_scale.max"),
        ] {
            if !seen.contains_key(field) {
                self.error(
                    Some((t.sheet.name.clone(), t.sheet.header_row(), 1)),
                    path,
                    "missing_value",
                    format!("no `{field}` row, the framework needs one"),
                );
            }
        }
        fw.rating_scale.min = min.unwrap_or(f64::NAN);
        fw.rating_scale.max = max.unwrap_or(f64::NAN);
        if let Some((size, rounds, groups)) = panel {
            match size {
                Some(size) => {
                    fw.source.panel = Some(Panel {
                        size,
                        rounds,
                        groups,
                    });
                }
                None if rounds.is_none() && groups.is_empty() => {}
                None => self.error(
                    Some((t.sheet.name.clone(), t.sheet.header_row(), 1)),
                    "source.panel.size",
                    "missing_value",
                    "a panel without `panel_size`, the panel's size is required".into(),
                ),
            }
        }
        fw
    }
}

impl Reader<'_> {
    /// The `Policy` sheet (defaults when absent).
    fn policy(&mut self) -> EvidencePolicy {
        let mut p = EvidencePolicy::default();
        let Some(t) = self.table("Policy") else {
            return p;
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for r in Self::rows(&t) {
            let Some(field) = self.text(&r, "field", "evidence_policy") else {
                continue;
            };
            let field = field.trim().to_ascii_lowercase();
            if let Some(first) = seen.insert(field.clone(), r.row) {
                self.error(
                    Some(Self::at(&r, "field")),
                    "evidence_policy",
                    "duplicate_field",
                    format!(
                        "field `{}` given twice (first on row {first}), expected it once",
                        clip(&field, 40)
                    ),
                );
                continue;
            }
            let path = format!("evidence_policy.{field}");
            match field.as_str() {
                "half_life_days" => p.half_life_days = self.number(&r, "value", &path),
                "max_age_days" => p.max_age_days = self.count(&r, "value", &path),
                "min_items" => p.min_items = self.count(&r, "value", &path).unwrap_or(1),
                "min_coverage" => p.min_coverage = self.number(&r, "value", &path).unwrap_or(0.0),
                "aggregate" => {
                    p.aggregate = self
                        .parsed(
                            &r,
                            "value",
                            &path,
                            "one of `weighted_mean`, `latest`, `latest_per_assessor`",
                            crate::model::Aggregate::from_name,
                        )
                        .unwrap_or_default();
                }
                other => self.error(
                    Some(Self::at(&r, "field")),
                    "evidence_policy",
                    "unknown_field",
                    format!(
                        "unknown field `{}`, expected one of `half_life_days`, `max_age_days`, `min_items`, `min_coverage`, `aggregate`",
                        clip(other, 40)
                    ),
                ),
            }
        }
        p
    }

    fn evidence_kinds(&mut self) -> Vec<EvidenceKind> {
        let Some(t) = self.table("Evidence") else {
            return Vec::new();
        };
        let mut kinds = Vec::new();
        for r in Self::rows(&t) {
            let path = format!("evidence_kinds[{}]", kinds.len());
            kinds.push(EvidenceKind {
                id: self.required(&r, "kind", &format!("{path}.id")),
                label: self.required(&r, "label", &format!("{path}.label")),
                weight: self
                    .number(&r, "weight", &format!("{path}.weight"))
                    .unwrap_or(1.0),
                description: self.text(&r, "description", &format!("{path}.description")),
            });
            self.cells.insert(path, Self::at(&r, "kind"));
        }
        kinds
    }

    fn domains(&mut self) -> Vec<Domain> {
        let Some(t) = self.table("Domains") else {
            return Vec::new();
        };
        let mut domains = Vec::new();
        for r in Self::rows(&t) {
            let path = format!("domains[{}]", domains.len());
            domains.push(Domain {
                id: self.required(&r, "domain", &format!("{path}.id")),
                label: self.required(&r, "label", &format!("{path}.label")),
                levels: Vec::new(),
                case: self.case(&r, "case", &format!("{path}.case")),
            });
            self.cells.insert(path, Self::at(&r, "domain"));
        }
        domains
    }

    fn categories(&mut self) -> Vec<Category> {
        let Some(t) = self.table("Categories") else {
            return Vec::new();
        };
        let mut categories = Vec::new();
        for r in Self::rows(&t) {
            let path = format!("categories[{}]", categories.len());
            categories.push(Category {
                id: self.required(&r, "category", &format!("{path}.id")),
                label: self.required(&r, "label", &format!("{path}.label")),
                description: self.text(&r, "description", &format!("{path}.description")),
            });
            self.cells.insert(path, Self::at(&r, "category"));
        }
        categories
    }

    /// The `Levels` sheet: competency levels, each domain's, the overall ones.
    fn levels(&mut self, fw: &mut Framework) {
        let Some(t) = self.table("Levels") else {
            return;
        };
        for r in Self::rows(&t) {
            let band = self
                .text(&r, "band", "levels")
                .map(|b| b.trim().to_ascii_lowercase());
            let domain = self.text(&r, "domain", "levels");
            let (list, base) = match (band.as_deref(), domain) {
                (Some("competency") | None, None) => (&mut fw.levels, "levels".to_string()),
                (Some("overall"), None) => (&mut fw.overall_levels, "overall_levels".to_string()),
                (Some("domain") | None, Some(d)) => {
                    match fw.domains.iter().position(|x| x.id == d) {
                        Some(i) => match fw.domains.get_mut(i) {
                            Some(x) => (&mut x.levels, format!("domains[{i}].levels")),
                            None => continue,
                        },
                        None => {
                            let ids: Vec<&str> = fw.domains.iter().map(|x| x.id.as_str()).collect();
                            self.error(
                                Some(Self::at(&r, "domain")),
                                "levels",
                                "unknown_domain",
                                format!(
                                    "unknown domain `{}`, expected one of {}",
                                    clip(&d, 40),
                                    crate::model::validate::quote_list(&ids)
                                ),
                            );
                            continue;
                        }
                    }
                }
                (Some("domain"), None) => {
                    self.error(
                        Some(Self::at(&r, "domain")),
                        "levels",
                        "missing_value",
                        "a domain band without `domain`, the domain's id is required".into(),
                    );
                    continue;
                }
                (Some(b), _) => {
                    let found = if b == "competency" || b == "overall" {
                        format!("`{b}` band with a `domain`")
                    } else {
                        format!("band `{}`", clip(b, 40))
                    };
                    self.error(
                        Some(Self::at(&r, "band")),
                        "levels",
                        "invalid_value",
                        format!("{found}, expected `competency` or `overall` without a domain, or `domain` with one"),
                    );
                    continue;
                }
            };
            let path = format!("{base}[{}]", list.len());
            let level = Level {
                id: self.required(&r, "level", &format!("{path}.id")),
                label: self.required(&r, "label", &format!("{path}.label")),
                threshold: self.required_number(&r, "threshold", &format!("{path}.threshold")),
                description: self.text(&r, "description", &format!("{path}.description")),
            };
            self.cells.insert(path, Self::at(&r, "level"));
            list.push(level);
        }
    }

    /// The `Scales` sheet: shared anchored scales, one row per anchor.
    fn scales(&mut self) -> Vec<AnchoredScale> {
        let Some(t) = self.table("Scales") else {
            return Vec::new();
        };
        let mut scales: Vec<AnchoredScale> = Vec::new();
        for r in Self::rows(&t) {
            let Some(id) = self.id_cell(&r, "scale", "anchored_scales", "scale") else {
                continue;
            };
            let i = match scales.iter().position(|s| s.id == id) {
                Some(i) => i,
                None => {
                    self.cells.insert(
                        format!("anchored_scales[{}]", scales.len()),
                        Self::at(&r, "scale"),
                    );
                    scales.push(AnchoredScale {
                        id,
                        label: None,
                        anchors: Vec::new(),
                    });
                    scales.len() - 1
                }
            };
            let label = self.text(&r, "scale_label", &format!("anchored_scales[{i}].label"));
            let Some(s) = scales.get_mut(i) else { continue };
            if label.is_some() {
                s.label = label;
            }
            let path = format!("anchored_scales[{i}].anchors[{}]", s.anchors.len());
            let anchor = self.anchor(&r, &path);
            if let Some(s) = scales.get_mut(i) {
                s.anchors.push(anchor);
            }
        }
        scales
    }

    pub(super) fn anchor(&mut self, r: &Row<'_, '_>, path: &str) -> Anchor {
        self.cells.insert(path.to_string(), Self::at(r, "value"));
        Anchor {
            value: self.required_number(r, "value", &format!("{path}.value")),
            label: self.required(r, "label", &format!("{path}.label")),
            description: self.text(r, "description", &format!("{path}.description")),
        }
    }
}

/// A framework with nothing read yet (its scale's bounds not numbers:
/// never validated, as a missing bound is an error).
fn blank() -> Framework {
    Framework {
        id: String::new(),
        title: String::new(),
        version: String::new(),
        description: None,
        updated: None,
        source: Source::default(),
        rating_scale: RatingScale {
            min: f64::NAN,
            max: f64::NAN,
            labels: Vec::new(),
        },
        anchored_scales: Vec::new(),
        levels: Vec::new(),
        overall_levels: Vec::new(),
        evidence_kinds: Vec::new(),
        evidence_policy: EvidencePolicy::default(),
        categories: Vec::new(),
        domains: Vec::new(),
        competencies: Vec::new(),
        case: None,
    }
}
