//! The calibration's four tables as rows of text, one statement of their
//! columns and figures for the HTML page and report section (`html`) and
//! the terminal table (`present::assessors`). A figure that cannot be
//! computed shows as the `missing` text each caller gives (an en dash in
//! HTML, a hyphen in a terminal).

use crate::analysis::assessors::result::{AssessorAgreement, AssessorRow, AssessorsResult};

/// How a column is shown in HTML: `h` a row header, `t` text, `n` a number.
pub type Kinds = &'static str;

/// The assessors table: its header and its columns' kinds.
pub const ASSESSORS: ([&str; 8], Kinds) = (
    [
        "assessor", "items", "workers", "mean", "pairs", "leniency", "95% CI", "flag",
    ],
    "hnnnnnnt",
);

/// The agreement table (Krippendorff's alpha per criterion, then overall).
pub const AGREEMENT: ([&str; 7], Kinds) = (
    [
        "criterion",
        "level",
        "units",
        "pairs",
        "alpha",
        "exact",
        "adjacent",
    ],
    "htnnnnn",
);

/// The self-assessment table, by competency.
pub const SELF_ASSESSMENT: ([&str; 6], Kinds) = (
    [
        "competency",
        "pairs",
        "workers",
        "self − assessors",
        "95% CI",
        "flag",
    ],
    "hnnnnt",
);

/// The pairs behind one flagged assessor.
pub const PAIRS: ([&str; 6], Kinds) = (
    [
        "worker",
        "criterion",
        "value",
        "other",
        "other's value",
        "difference",
    ],
    "htntnn",
);

fn signed(x: Option<f64>, missing: &str) -> String {
    x.map_or_else(|| missing.into(), |v| format!("{v:+.3}"))
}

fn plain(x: Option<f64>, missing: &str) -> String {
    x.map_or_else(|| missing.into(), |v| format!("{v:.3}"))
}

fn pct(x: Option<f64>, missing: &str) -> String {
    x.map_or_else(|| missing.into(), |v| format!("{:.0}%", v * 100.0))
}

fn interval(lo: Option<f64>, hi: Option<f64>, missing: &str) -> String {
    match (lo, hi) {
        (Some(a), Some(b)) => format!("{a:+.3} to {b:+.3}"),
        _ => missing.into(),
    }
}

fn agreement_row(a: &AssessorAgreement, missing: &str) -> Vec<String> {
    vec![
        a.criterion.clone().unwrap_or_else(|| "all".into()),
        a.level.clone(),
        a.units.to_string(),
        a.pairs.to_string(),
        plain(a.alpha, missing),
        pct(a.exact, missing),
        pct(a.adjacent, missing),
    ]
}

impl AssessorsResult {
    /// A row per assessor (columns of [`ASSESSORS`]).
    pub fn assessor_rows(&self, missing: &str) -> Vec<Vec<String>> {
        self.assessors
            .iter()
            .map(|a| {
                vec![
                    a.assessor.clone(),
                    a.items.to_string(),
                    a.workers.to_string(),
                    format!("{:.3}", a.mean_value),
                    a.pairs.to_string(),
                    signed(a.leniency, missing),
                    interval(a.ci_low, a.ci_high, missing),
                    a.flag.clone().unwrap_or_default(),
                ]
            })
            .collect()
    }

    /// A row per criterion, then the overall rows (columns of
    /// [`AGREEMENT`]); empty when no criterion has agreement figures.
    pub fn agreement_rows(&self, missing: &str) -> Vec<Vec<String>> {
        if self.criteria.is_empty() {
            return Vec::new();
        }
        self.criteria
            .iter()
            .chain(&self.overall)
            .map(|a| agreement_row(a, missing))
            .collect()
    }

    /// A row per competency with self-assessments (columns of
    /// [`SELF_ASSESSMENT`]).
    pub fn self_assessment_rows(&self, missing: &str) -> Vec<Vec<String>> {
        self.self_assessment
            .iter()
            .map(|s| {
                vec![
                    s.competency.clone(),
                    s.pairs.to_string(),
                    s.workers.to_string(),
                    signed(s.mean_difference, missing),
                    interval(s.ci_low, s.ci_high, missing),
                    s.flag.clone().unwrap_or_default(),
                ]
            })
            .collect()
    }
}

impl AssessorRow {
    /// The pairs behind this assessor's flag (columns of [`PAIRS`]).
    pub fn pair_rows(&self) -> Vec<Vec<String>> {
        self.flagged_pairs
            .iter()
            .map(|p| {
                vec![
                    p.worker.clone(),
                    p.criterion.clone(),
                    format!("{:.3} (line {})", p.value, p.line),
                    p.other.clone(),
                    format!("{:.3} (line {})", p.other_value, p.other_line),
                    format!("{:+.3}", p.difference),
                ]
            })
            .collect()
    }
}
