//! Adverse impact of screening: a shortlist joined to a people file (a
//! `worker` column and group attributes such as `ethnicity`, `sex`), and
//! per attribute and group the candidates, those meeting the essential
//! requirements, the selection rate with its 95% Wilson interval, the
//! relative likelihood against the most selected group (its rate ÷ this
//! rate), the ratio to it and the four-fifths flag, and Fisher's exact test
//! of the group against the other candidates where counts are small (an
//! expected count below 5).
//!
//! **Suppression**, as in equality monitoring: a group of fewer than
//! `min_cell` candidates shows no number. The total is not withheld, as the
//! shortlist itself shows it; so when exactly one group of an attribute is
//! under `min_cell`, the smallest other group is withheld too, and no
//! withheld number follows from the others (the groups' one equation, sum =
//! total, then has two unknowns). The most selected group is the one with
//! the highest rate among those shown. A candidate with no row in the
//! people file, or with an empty cell, is in the group `(not recorded)`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::equality::{people_fault, wilson, PeopleError, PeopleProblem, NOT_RECORDED};
use crate::analysis::stats::fisher_exact;
use crate::analysis::table::{find_column, header_list, CsvTable};
use crate::base::error::{Location, Problems};
use crate::base::text::clip;
use crate::input::sheet::Table;
use crate::scoring::screen::ScreenResult;

/// The people file's column of worker ids.
pub const WORKER_COLUMN: &str = "worker";

/// One group of one attribute (or the total, `group` null). Every number
/// is null when `suppressed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImpactGroup {
    /// The group; null: all candidates.
    pub group: Option<String>,
    /// Withheld to protect small numbers.
    pub suppressed: bool,
    /// Candidates screened.
    pub candidates: Option<u64>,
    /// Candidates meeting every essential requirement.
    pub meeting_essentials: Option<u64>,
    /// `meeting_essentials / candidates`.
    pub selection_rate: Option<f64>,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: Option<f64>,
    /// The most selected group's rate ÷ this rate (above 1: that group is more likely to meet the essentials).
    pub relative_likelihood: Option<f64>,
    /// This rate ÷ the most selected group's rate.
    pub ratio_to_most_selected: Option<f64>,
    /// `ratio_to_most_selected < 0.8` (the four-fifths rule).
    pub four_fifths: Option<bool>,
    /// Two-sided p of Fisher's exact test, this group against the other
    /// candidates, when an expected count is below 5.
    pub fisher_p: Option<f64>,
}

/// The groups of one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AttributeImpact {
    /// The attribute (a column of the people file).
    pub attribute: String,
    /// The group with the highest selection rate among those shown.
    pub most_selected: Option<String>,
    /// One per group, sorted.
    pub groups: Vec<ImpactGroup>,
    /// All candidates.
    pub total: ImpactGroup,
}

/// Adverse impact of a screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdverseImpact {
    /// The role profile.
    pub profile: String,
    /// Smallest number of candidates a group may have to be shown.
    pub min_cell: u64,
    /// Candidates with no row in the people file (in `(not recorded)`);
    /// withheld (null) when between 1 and `min_cell − 1`.
    pub unmatched: Option<u64>,
    /// People file rows naming no candidate (not counted).
    pub not_candidates: u64,
    /// One per attribute, in the order asked (or of the file's columns).
    pub attributes: Vec<AttributeImpact>,
}

/// A screening's result with its adverse impact, as JSON gives it: the
/// result's fields, then `adverse_impact` when a people file was given.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenJson<'a> {
    /// The result.
    #[serde(flatten)]
    pub result: &'a ScreenResult,
    /// The adverse impact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adverse_impact: Option<&'a AdverseImpact>,
}

/// A people file read for adverse impact: per worker, the attribute values.
struct Attributes {
    names: Vec<String>,
    by_worker: BTreeMap<String, Vec<Option<String>>>,
}

/// Reads the people file: a `worker` column, and `attributes` (none: every
/// other column). An empty worker cell or a worker named twice is an error
/// at its line and column.
fn read(text: Table<'_>, attributes: Option<&[String]>) -> Result<Attributes, PeopleError> {
    let at = |line: usize| Location {
        line: Some(line),
        ..Location::default()
    };
    let (mut table, header) =
        CsvTable::open(text).map_err(|(line, f)| PeopleError::one(at(line), people_fault(f)))?;
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let missing = |column: &str, role: &'static str| PeopleProblem::MissingColumn {
        column: clip(column, 40),
        role,
        found: header_list(&header),
    };
    let worker = match find_column(&header, WORKER_COLUMN) {
        Ok(Some(i)) => Some(i),
        Ok(None) => {
            problems.push(1, None, "", missing(WORKER_COLUMN, "worker"));
            None
        }
        Err(()) => {
            let p = PeopleProblem::DuplicateColumn(WORKER_COLUMN.into());
            problems.push(1, None, "", p);
            None
        }
    };
    let names: Vec<String> = match attributes {
        Some(list) => list.iter().map(|a| a.trim().to_string()).collect(),
        None => header
            .iter()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.eq_ignore_ascii_case(WORKER_COLUMN) && !h.is_empty())
            .collect(),
    };
    let mut cols = Vec::new();
    for name in &names {
        match find_column(&header, name) {
            Ok(Some(i)) if Some(i) != worker => cols.push(i),
            Ok(Some(_)) => {
                let p = PeopleProblem::SameColumn {
                    column: clip(name, 40),
                    first: "worker",
                    second: "attribute",
                };
                problems.push(1, None, "", p);
            }
            Ok(None) => {
                problems.push(1, None, "", missing(name, "attribute"));
            }
            Err(()) => {
                problems.push(1, None, "", PeopleProblem::DuplicateColumn(clip(name, 40)));
            }
        }
    }
    problems.finish()?;
    let worker = worker.unwrap_or(0);
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let mut by_worker: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(next) = table.next_record() {
        let (line, record) = match next {
            Ok(x) => x,
            Err((line, f)) => {
                if problems.push(line, None, "", people_fault(f)) {
                    continue;
                }
                break;
            }
        };
        let id = record.get(worker).map(str::trim).unwrap_or_default();
        if id.is_empty() {
            let p = PeopleProblem::Csv(
                "the worker is empty, expected the id of a worker in the evidence".into(),
            );
            problems.push(line, Some(worker + 1), WORKER_COLUMN, p);
            continue;
        }
        if let Some(first) = first_line.get(id) {
            let p = PeopleProblem::Csv(format!(
                "worker `{}` again (first on line {first}), expected one row per worker",
                clip(id, 40)
            ));
            problems.push(line, Some(worker + 1), WORKER_COLUMN, p);
            continue;
        }
        first_line.insert(id.to_string(), line);
        let values = cols
            .iter()
            .map(|&c| {
                record
                    .get(c)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            })
            .collect();
        by_worker.insert(id.to_string(), values);
    }
    problems.finish()?;
    Ok(Attributes { names, by_worker })
}

/// Which groups (`n` people each) are withheld when the total is public
/// (the shortlist shows it): those under `min_cell`, and when only one
/// is, the smallest other group too (else the total would reveal it).
fn suppressed(n: &[u64], min_cell: u64) -> Vec<bool> {
    let mut out: Vec<bool> = n.iter().map(|&x| x < min_cell).collect();
    if out.iter().filter(|&&s| s).count() == 1 {
        let next = (0..n.len())
            .filter(|&i| !out.get(i).copied().unwrap_or(true))
            .min_by_key(|&i| (n.get(i).copied().unwrap_or(u64::MAX), i));
        if let Some(slot) = next.and_then(|i| out.get_mut(i)) {
            *slot = true;
        }
    }
    out
}

/// Fisher's exact p of a group (`n`, `c` meeting) against the rest of the
/// `tn` candidates (`tc` meeting), when an expected count is below 5.
fn fisher(n: u64, c: u64, tn: u64, tc: u64) -> Option<f64> {
    if tn <= n {
        return None;
    }
    let (rest_n, rest_c) = (tn - n, tc - c);
    let small = [(n, tc), (n, tn - tc), (rest_n, tc), (rest_n, tn - tc)]
        .iter()
        .any(|&(row, col)| (row as f64) * (col as f64) / (tn as f64) < 5.0);
    small.then(|| fisher_exact(c, n - c, rest_c, rest_n - rest_c))
}

fn shown_group(group: Option<&str>, n: u64, c: u64) -> ImpactGroup {
    let interval = wilson(c, n);
    ImpactGroup {
        group: group.map(str::to_string),
        suppressed: false,
        candidates: Some(n),
        meeting_essentials: Some(c),
        selection_rate: (n > 0).then(|| c as f64 / n as f64),
        ci_low: interval.map(|i| i.0),
        ci_high: interval.map(|i| i.1),
        relative_likelihood: None,
        ratio_to_most_selected: None,
        four_fifths: None,
        fisher_p: None,
    }
}

/// One attribute's groups: `counts` per group (candidates, meeting).
fn attribute(name: &str, counts: &BTreeMap<String, (u64, u64)>, min_cell: u64) -> AttributeImpact {
    let sizes: Vec<u64> = counts.values().map(|v| v.0).collect();
    let hidden = suppressed(&sizes, min_cell);
    let (tn, tc) = counts
        .values()
        .fold((0, 0), |(a, b), &(n, c)| (a + n, b + c));
    // The most selected shown group, compared as exact fractions (first of equals).
    let most = counts
        .iter()
        .zip(&hidden)
        .filter(|(_, &h)| !h)
        .map(|((g, &(n, c)), _)| (g, n, c))
        .filter(|&(_, n, _)| n > 0)
        .fold(None, |best: Option<(&String, u64, u64)>, x| match best {
            Some(b) if u128::from(b.2) * u128::from(x.1) >= u128::from(x.2) * u128::from(b.1) => {
                Some(b)
            }
            _ => Some(x),
        });
    let groups = counts
        .iter()
        .zip(&hidden)
        .map(|((g, &(n, c)), &h)| {
            if h {
                return ImpactGroup {
                    group: Some(g.clone()),
                    suppressed: true,
                    ..shown_group(None, 0, 0)
                };
            }
            let mut e = shown_group(Some(g), n, c);
            if let Some((_, mn, mc)) = most.filter(|m| m.2 > 0) {
                let rate = c as f64 / n as f64;
                let top = mc as f64 / mn as f64;
                e.ratio_to_most_selected = Some(rate / top);
                e.four_fifths =
                    Some(5 * u128::from(c) * u128::from(mn) < 4 * u128::from(mc) * u128::from(n));
                e.relative_likelihood = (c > 0).then(|| top / rate);
            }
            e.fisher_p = fisher(n, c, tn, tc);
            e
        })
        .map(|mut e| {
            if e.suppressed {
                e.candidates = None;
                e.meeting_essentials = None;
                e.selection_rate = None;
                e.ci_low = None;
                e.ci_high = None;
            }
            e
        })
        .collect();
    AttributeImpact {
        attribute: name.to_string(),
        most_selected: most.map(|m| m.0.clone()),
        groups,
        total: shown_group(None, tn, tc),
    }
}

/// The adverse impact of `screened` on the groups of the people file `text`
/// (CSV text or a workbook's sheet).
pub fn adverse_impact(
    screened: &ScreenResult,
    text: Table<'_>,
    attributes: Option<&[String]>,
    min_cell: u64,
) -> Result<AdverseImpact, PeopleError> {
    let people = read(text, attributes).map_err(|e| match text {
        Table::Sheet(s) => s.locate(e),
        Table::Csv(_) => e,
    })?;
    let unmatched = screened
        .candidates
        .iter()
        .filter(|c| !people.by_worker.contains_key(&c.worker))
        .count() as u64;
    let unmatched = (unmatched == 0 || unmatched >= min_cell).then_some(unmatched);
    let candidates: std::collections::BTreeSet<&str> = screened
        .candidates
        .iter()
        .map(|c| c.worker.as_str())
        .collect();
    let not_candidates = people
        .by_worker
        .keys()
        .filter(|w| !candidates.contains(w.as_str()))
        .count() as u64;
    let mut out = Vec::new();
    for (k, name) in people.names.iter().enumerate() {
        let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for c in &screened.candidates {
            let g = people
                .by_worker
                .get(&c.worker)
                .and_then(|v| v.get(k).cloned().flatten())
                .unwrap_or_else(|| NOT_RECORDED.to_string());
            let slot = counts.entry(g).or_default();
            slot.0 += 1;
            slot.1 += u64::from(c.meets_essential);
        }
        out.push(attribute(name, &counts, min_cell.max(1)));
    }
    Ok(AdverseImpact {
        profile: screened.profile.clone(),
        min_cell,
        unmatched,
        not_candidates,
        attributes: out,
    })
}

fn html_row(label: &str, g: &ImpactGroup) -> Vec<crate::render::html::Cell> {
    use crate::render::html::{percent, Cell};
    let mut row = vec![Cell::Header(label.to_string())];
    if g.suppressed {
        row.extend((0..8).map(|_| Cell::Suppressed("*".into())));
        return row;
    }
    let opt = |x: Option<u64>| x.map_or_else(|| "–".into(), |v| v.to_string());
    let two = |x: Option<f64>| x.map_or_else(|| "–".into(), |v| format!("{v:.2}"));
    row.extend([
        Cell::Number(opt(g.candidates)),
        Cell::Number(opt(g.meeting_essentials)),
        Cell::Number(g.selection_rate.map_or_else(|| "–".into(), percent)),
        Cell::Number(match (g.ci_low, g.ci_high) {
            (Some(a), Some(b)) => format!("{} – {}", percent(a), percent(b)),
            _ => "–".into(),
        }),
        Cell::Number(two(g.relative_likelihood)),
        Cell::Number(two(g.ratio_to_most_selected)),
        Cell::Text(match g.four_fifths {
            Some(true) => "below 4/5".into(),
            Some(false) => String::new(),
            None => "–".into(),
        }),
        Cell::Number(g.fisher_p.map_or_else(String::new, |p| format!("{p:.3}"))),
    ]);
    row
}

impl AdverseImpact {
    /// One table per attribute, as the body of a section of the trainer's
    /// report. A suppressed group shows `*` in every cell.
    pub fn html_section(&self) -> String {
        use crate::render::html::{escape, table};
        let mut h = format!(
            "<p class=\"meta note\">Candidates screened against <code>{}</code>, by group: those meeting every essential requirement, the selection rate with its 95% Wilson interval, the relative likelihood (the most selected group's rate ÷ the group's rate), the ratio to the most selected group (below 0.8 fails the four-fifths rule) and Fisher's exact p (the group against the other candidates) where an expected count is below 5. Groups of fewer than {} candidates are suppressed (*), with a second group where needed so that no suppressed number follows from the total. Candidates with no row in the people file: {}; people file rows naming no candidate: {}.</p>",
            escape(&self.profile),
            self.min_cell,
            self.unmatched.map_or_else(|| "*".into(), |u| u.to_string()),
            self.not_candidates
        );
        let header = [
            "group",
            "candidates",
            "meeting",
            "rate",
            "95% interval",
            "relative likelihood",
            "ratio",
            "four-fifths",
            "Fisher p",
        ];
        for a in &self.attributes {
            let mut rows: Vec<Vec<crate::render::html::Cell>> = a
                .groups
                .iter()
                .map(|g| html_row(g.group.as_deref().unwrap_or(""), g))
                .collect();
            rows.push(html_row("all candidates", &a.total));
            h += &table(
                &format!(
                    "{} (most selected: {})",
                    a.attribute,
                    a.most_selected.as_deref().unwrap_or("–")
                ),
                &header,
                &rows,
            );
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(groups: &[(&str, u64, u64)]) -> BTreeMap<String, (u64, u64)> {
        groups
            .iter()
            .map(|(g, n, c)| ((*g).to_string(), (*n, *c)))
            .collect()
    }

    /// B (5 people) is under 10; with the total public, the next smallest
    /// group (C, 12) is withheld too; A alone is shown and most selected.
    #[test]
    fn one_small_group_withholds_a_second() {
        let a = attribute(
            "x",
            &counts(&[("A", 20, 10), ("B", 5, 1), ("C", 12, 3)]),
            10,
        );
        let hidden: Vec<bool> = a.groups.iter().map(|g| g.suppressed).collect();
        assert_eq!(hidden, [false, true, true]);
        assert!(a.groups[1].candidates.is_none() && a.groups[2].selection_rate.is_none());
        assert_eq!(a.most_selected.as_deref(), Some("A"));
        // Expected counts 20·14/37 = 7.6 and more: no Fisher test.
        assert_eq!(a.groups[0].fisher_p, None);
        assert_eq!(a.total.candidates, Some(37));
    }

    /// A 10 of 20, B 1 of 5: ratio .2/.5 = .4 (below 4/5), relative
    /// likelihood .5/.2 = 2.5; Fisher's p of [[1, 4], [10, 10]]: the
    /// hypergeometric tables (N 25, 11 meeting, 5 drawn) no likelier than
    /// x = 1 (11011/53130) are x = 0, 1, 4, 5: (2002 + 11011 + 4620 + 462) / 53130.
    #[test]
    fn hand_worked_ratios_and_fisher() {
        let a = attribute("x", &counts(&[("A", 20, 10), ("B", 5, 1)]), 1);
        let b = &a.groups[1];
        assert!((b.ratio_to_most_selected.unwrap_or(0.0) - 0.4).abs() < 1e-12);
        assert_eq!(b.four_fifths, Some(true));
        assert!((b.relative_likelihood.unwrap_or(0.0) - 2.5).abs() < 1e-12);
        let p = 18_095.0 / 53_130.0;
        assert!((b.fisher_p.unwrap_or(0.0) - p).abs() < 1e-12);
        assert!((a.groups[0].fisher_p.unwrap_or(0.0) - p).abs() < 1e-12);
    }

    fn shortlist(meets: &[(&str, bool)]) -> ScreenResult {
        let candidates: Vec<serde_json::Value> = meets
            .iter()
            .enumerate()
            .map(|(i, (w, m))| {
                serde_json::json!({"rank": i + 1, "worker": w, "meets_essential": m,
                    "essential_met": 0, "essential_total": 1, "desirable_met": 0,
                    "desirable_total": 0, "overall": null, "gaps": []})
            })
            .collect();
        serde_json::from_value(serde_json::json!({"profile": "p", "framework": "f",
            "as_of": "2026-01-01", "counts": {"items": 0, "used": 0, "rejected": 0},
            "candidates": candidates, "rejected": []}))
        .unwrap()
    }

    /// Eight candidates: F 2 of 3 meet, M 1 of 3, and two `(not recorded)`
    /// (c7 has no row, c8 an empty cell), neither meeting; x9 is no
    /// candidate. Figures worked by hand: F is most selected (2/3); M's ratio
    /// (1/3)/(2/3) = 0.5 and relative likelihood 2; (not recorded) 0 of 2.
    /// Fisher (every expected count under 5): for F the hypergeometric law
    /// of 3 drawn from 8 with 3 meeting is (10, 30, 15, 1)/56, so F's 2 has
    /// p = (10 + 15 + 1)/56, M's 1 has p = 56/56; for (not recorded), 2
    /// drawn, (10, 15, 3)/28 and x = 0 gives (10 + 3)/28. Wilson bounds
    /// (z = 1.959963984540054) by high-precision decimal arithmetic.
    #[test]
    fn hand_worked_adverse_impact_from_a_people_file() {
        let screened = shortlist(&[
            ("c1", true),
            ("c2", true),
            ("c3", false),
            ("c4", true),
            ("c5", false),
            ("c6", false),
            ("c7", false),
            ("c8", false),
        ]);
        let people = "worker,sex\nc1,F\nc2,F\nc3,F\nc4,M\nc5,M\nc6,M\nc8,\nx9,F\n";
        let a = adverse_impact(&screened, people.into(), None, 1).unwrap();
        assert_eq!((a.unmatched, a.not_candidates), (Some(1), 1));
        let sex = &a.attributes[0];
        assert_eq!(sex.attribute, "sex");
        assert_eq!(sex.most_selected.as_deref(), Some("F"));
        let names: Vec<&str> = sex
            .groups
            .iter()
            .filter_map(|g| g.group.as_deref())
            .collect();
        assert_eq!(names, ["(not recorded)", "F", "M"]);
        let (nr, f, m) = (&sex.groups[0], &sex.groups[1], &sex.groups[2]);
        assert_eq!((f.candidates, f.meeting_essentials), (Some(3), Some(2)));
        assert_eq!((m.candidates, m.meeting_essentials), (Some(3), Some(1)));
        assert_eq!((nr.candidates, nr.meeting_essentials), (Some(2), Some(0)));
        let close =
            |x: Option<f64>, want: f64| assert!((x.unwrap() - want).abs() < 1e-12, "{x:?} {want}");
        close(f.ci_low, 0.207_659_600_802_047_75);
        close(f.ci_high, 0.938_508_055_279_603_8);
        close(m.ci_low, 0.061_491_944_720_396_24);
        close(m.ci_high, 0.792_340_399_197_952_2);
        close(nr.ci_high, 0.657_619_772_493_346_9);
        close(m.ratio_to_most_selected, 0.5);
        close(m.relative_likelihood, 2.0);
        assert_eq!((m.four_fifths, f.four_fifths), (Some(true), Some(false)));
        close(nr.ratio_to_most_selected, 0.0);
        assert_eq!((nr.relative_likelihood, nr.four_fifths), (None, Some(true)));
        close(f.fisher_p, 26.0 / 56.0);
        close(m.fisher_p, 1.0);
        close(nr.fisher_p, 13.0 / 28.0);
        assert_eq!(
            (sex.total.candidates, sex.total.meeting_essentials),
            (Some(8), Some(3))
        );
        close(sex.total.ci_low, 0.136_844_285_823_597_37);
        close(sex.total.ci_high, 0.694_257_605_397_372_7);
        // With min_cell 3, (not recorded) (2) is withheld, and so is the
        // smallest other group (F, first of the equal sizes), leaving M alone.
        let a = adverse_impact(&screened, people.into(), None, 3).unwrap();
        let hidden: Vec<bool> = a.attributes[0]
            .groups
            .iter()
            .map(|g| g.suppressed)
            .collect();
        assert_eq!(hidden, [true, true, false]);
        assert_eq!(a.unmatched, None);
        assert_eq!(a.attributes[0].most_selected.as_deref(), Some("M"));
    }
}
