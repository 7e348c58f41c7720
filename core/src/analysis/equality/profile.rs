//! Representation against a profile: each group's share of the people with
//! the outcome (e.g. of those who accessed CPD) against its share of the
//! workforce or community (a table of reference shares), with the ratio,
//! the 95% Wilson interval of the share and a flag when the reference
//! share lies outside it. A group's share is shown only when its all-period
//! count and the overall total are both shown (the share would otherwise
//! reveal a suppressed number).

use std::collections::BTreeMap;

use crate::analysis::equality::analyse::wilson;
use crate::analysis::equality::people::{people_fault, PeopleError, PeopleProblem};
use crate::analysis::equality::result::{EqualityResult, Estimate, Representation};
use crate::analysis::table::{find_column, header_list, CsvTable};
use crate::base::error::{Location, Problems};
use crate::base::text::clip;
use crate::input::sheet::Table;

/// Reads a shares table (CSV text or a workbook's sheet): columns `group`
/// and `share` (0–1, or a percentage such as `37.8%`); each problem at its
/// line (row) and column.
pub fn read_shares(text: Table<'_>) -> Result<Vec<(String, f64)>, PeopleError> {
    read_shares_table(text).map_err(|e| match text {
        Table::Sheet(s) => s.locate(e),
        Table::Csv(_) => e,
    })
}

fn read_shares_table(text: Table<'_>) -> Result<Vec<(String, f64)>, PeopleError> {
    let at = |line: usize| Location {
        line: Some(line),
        ..Location::default()
    };
    let fault = people_fault;
    let (mut table, header) =
        CsvTable::open(text).map_err(|(line, f)| PeopleError::one(at(line), fault(f)))?;
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let mut col = |name: &str| match find_column(&header, name) {
        Ok(Some(i)) => Some(i),
        Ok(None) => {
            let p = PeopleProblem::MissingColumn {
                column: name.into(),
                role: "profile share",
                found: header_list(&header),
            };
            problems.push(1, None, "", p);
            None
        }
        Err(()) => {
            problems.push(1, None, "", PeopleProblem::DuplicateColumn(name.into()));
            None
        }
    };
    let (g, s) = (col("group"), col("share"));
    problems.finish()?;
    let (g, s) = (g.unwrap_or(0), s.unwrap_or(0));
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(next) = table.next_record() {
        let (line, record) = match next {
            Ok(x) => x,
            Err((line, f)) => {
                if problems.push(line, None, "", fault(f)) {
                    continue;
                }
                break;
            }
        };
        let group = record.get(g).map(str::trim).unwrap_or_default();
        let text = record.get(s).map(str::trim).unwrap_or_default();
        if group.is_empty() {
            let p = PeopleProblem::Csv("the group is empty, expected a group name".into());
            problems.push(line, Some(g + 1), "group", p);
            continue;
        }
        if let Some(first) = seen.get(group) {
            let p = PeopleProblem::Csv(format!(
                "group `{}` again (first on line {first}), expected one row per group",
                clip(group, 40)
            ));
            problems.push(line, Some(g + 1), "group", p);
            continue;
        }
        seen.insert(group.to_string(), line);
        let value = match text.strip_suffix('%') {
            // `37.8%` read as `37.8e-2`: the nearest double to 0.378.
            Some(p) => format!("{}e-2", p.trim()).parse::<f64>().ok(),
            None => text.parse::<f64>().ok(),
        };
        match value.filter(|v| v.is_finite() && *v > 0.0 && *v <= 1.0) {
            Some(v) => out.push((group.to_string(), v)),
            None => {
                let p = PeopleProblem::Csv(format!(
                    "share `{}` is not a share, expected a number above 0 and at most 1, or a percentage such as `37.8%`",
                    clip(text, 40)
                ));
                problems.push(line, Some(s + 1), "share", p);
            }
        }
    }
    problems.finish()?;
    Ok(out)
}

/// Each group of `shares` against the outcome counts of `r` over all
/// periods (groups that do not occur have a count of 0 when the total is
/// shown).
pub fn representation(r: &EqualityResult, shares: &[(String, f64)]) -> Vec<Representation> {
    // Each group over all periods: its total, or its one cell.
    let per_group: Vec<&Estimate> = if r.group_totals.is_empty() {
        r.cells.iter().collect()
    } else {
        r.group_totals.iter().collect()
    };
    let total = r.total.count;
    shares
        .iter()
        .map(|(group, reference)| {
            let found = per_group
                .iter()
                .find(|e| e.group.as_deref() == Some(group.as_str()));
            let count = match found {
                Some(e) => e.count,
                None => total.map(|_| 0),
            };
            let shown = count.is_some() && total.is_some();
            let (count, total) = if shown { (count, total) } else { (None, None) };
            let share = count
                .zip(total)
                .filter(|(_, t)| *t > 0)
                .map(|(c, t)| c as f64 / t as f64);
            let interval = count.zip(total).and_then(|(c, t)| wilson(c, t));
            let flag = interval.and_then(|(lo, hi)| {
                if *reference > hi {
                    Some("under".to_string())
                } else if *reference < lo {
                    Some("over".to_string())
                } else {
                    None
                }
            });
            Representation {
                group: group.clone(),
                reference_share: *reference,
                suppressed: !shown,
                count,
                total,
                share,
                ci_low: interval.map(|i| i.0),
                ci_high: interval.map(|i| i.1),
                ratio: share.map(|s| s / reference),
                flag,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_as_fractions_or_percentages_and_located_errors() {
        let s = read_shares("group,share\nBME,37.8%\nWhite,0.58\n".into()).unwrap_or_default();
        assert_eq!(s, [("BME".to_string(), 0.378), ("White".to_string(), 0.58)]);
        let e = read_shares("group,share\nBME,1.5\nBME,0.2\n,0.1\n".into()).unwrap_err();
        let d = e.diagnostics();
        let at: Vec<(Option<usize>, Option<usize>)> =
            d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(
            at,
            [(Some(2), Some(2)), (Some(3), Some(1)), (Some(4), Some(1))]
        );
        let e = read_shares("team,share\nBME,0.3\n".into()).unwrap_err();
        assert_eq!(e.diagnostics()[0].code, "missing_column");
    }

    fn people(groups: &[(&str, u64, u64)]) -> crate::analysis::equality::people::People {
        let mut out = crate::analysis::equality::people::People::default();
        for (g, n, yes) in groups {
            for i in 0..*n {
                out.people.push(crate::analysis::equality::people::Person {
                    line: i,
                    group: (*g).to_string(),
                    period: None,
                    outcome: i < *yes,
                    reason: None,
                });
            }
        }
        out
    }

    /// A: 6 of 10 with the outcome, B: 2 of 10; C has nobody. Of the 8 with
    /// the outcome A holds 6/8 = 0.75 (ratio to its 0.3 share: 2.5), B
    /// 2/8 = 0.25 (ratio to 0.65: 5/13), C 0/8 (ratio 0). Wilson bounds
    /// (z = 1.959963984540054) by high-precision decimal arithmetic: 6 of 8
    /// [0.409275, 0.928521] lies above 0.3 (`over`), 2 of 8 [0.071479,
    /// 0.590725] below 0.65 (`under`), 0 of 8 [0, 0.324408] holds 0.05.
    #[test]
    fn hand_worked_representation() {
        use crate::analysis::equality::{analyse, EqualityOptions};
        let mut o = EqualityOptions::new("g", "o");
        o.min_cell = 1;
        let r = analyse(&people(&[("A", 10, 6), ("B", 10, 2)]), &o).unwrap();
        let shares = [
            ("A".to_string(), 0.3),
            ("B".to_string(), 0.65),
            ("C".to_string(), 0.05),
        ];
        let rows = representation(&r, &shares);
        let close =
            |x: Option<f64>, want: f64| assert!((x.unwrap() - want).abs() < 1e-12, "{x:?} {want}");
        let [a, b, c] = &rows[..] else {
            panic!("three rows expected: {rows:?}")
        };
        assert_eq!(
            (a.count, a.total, b.count, c.count),
            (Some(6), Some(8), Some(2), Some(0))
        );
        close(a.share, 0.75);
        close(a.ratio, 2.5);
        close(a.ci_low, 0.409_275_430_310_168_9);
        close(a.ci_high, 0.928_520_787_247_891);
        close(b.ratio, 5.0 / 13.0);
        close(b.ci_low, 0.071_479_212_752_109_02);
        close(b.ci_high, 0.590_724_569_689_831_1);
        close(c.share, 0.0);
        close(c.ci_high, 0.324_407_564_883_880_2);
        let flags: Vec<Option<&str>> = rows.iter().map(|x| x.flag.as_deref()).collect();
        assert_eq!(flags, [Some("over"), Some("under"), None]);
        assert!(rows.iter().all(|x| !x.suppressed));
        // B's 10 people under min_cell 11: B and the total are withheld, and
        // so every share (each would reveal the total).
        o.min_cell = 11;
        let r = analyse(&people(&[("A", 12, 6), ("B", 10, 2)]), &o).unwrap();
        let rows = representation(&r, &shares);
        assert!(rows
            .iter()
            .all(|x| x.suppressed && x.count.is_none() && x.share.is_none()));
    }
}
