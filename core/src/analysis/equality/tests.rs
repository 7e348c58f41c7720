use super::suppress::{bridges, recoverable};
use super::*;

fn person(group: &str, period: &str, outcome: bool) -> Person {
    Person {
        line: 0,
        group: group.into(),
        period: Some(period.into()),
        outcome,
        reason: None,
    }
}

#[test]
fn wilson_matches_a_hand_worked_case() {
    // 3 of 10: p = 0.3, z² = 3.8414588, centre = (0.3 + 0.19207294)/1.38414588,
    // half = 1.95996398 * sqrt(0.021 + 0.0096036)/1.38414588.
    let (lo, hi) = wilson(3, 10).unwrap();
    assert!((lo - 0.107_791_267_406_301).abs() < 1e-12, "{lo}");
    assert!((hi - 0.603_221_852_538_855).abs() < 1e-12, "{hi}");
    assert_eq!(wilson(0, 0), None);
}

#[test]
fn a_ratio_of_exactly_four_fifths_passes_the_four_fifths_rule() {
    // 4 of 12 against the highest rate, 5 of 12: a ratio of exactly 4/5
    // (0.7999999999999999 in floating point) passes; 3 of 12 fails.
    let mut people = Vec::new();
    for (g, n, yes) in [("a", 12, 4), ("b", 12, 5), ("c", 12, 3)] {
        for i in 0..n {
            people.push(person(g, "2024", i < yes));
        }
    }
    let data = People {
        people,
        ..People::default()
    };
    let mut o = EqualityOptions::new("g", "o");
    o.min_cell = 1;
    let r = analyse(&data, &o).unwrap();
    let flag = |g: &str| {
        r.cells
            .iter()
            .find(|e| e.group.as_deref() == Some(g))
            .and_then(|e| e.four_fifths)
    };
    assert_eq!(
        (flag("a"), flag("b"), flag("c")),
        (Some(false), Some(false), Some(true))
    );
}

#[test]
fn a_single_small_cell_is_protected() {
    let mut people = Vec::new();
    for (g, n) in [("a", 30), ("b", 40), ("c", 5)] {
        for i in 0..n {
            people.push(person(g, "2024", i % 3 == 0));
        }
    }
    let data = People {
        people,
        ..People::default()
    };
    let mut o = EqualityOptions::new("g", "o");
    o.min_cell = 10;
    let r = analyse(&data, &o).unwrap();
    // c is suppressed; so is the total (one-way table), so c cannot be
    // recovered as total − a − b.
    assert!(r
        .cells
        .iter()
        .any(|e| e.group.as_deref() == Some("c") && e.suppressed));
    assert!(r.total.suppressed);
    assert_eq!(r.counts.used, None);
}

#[test]
fn bridges_agree_with_elimination() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..500 {
        let rows = 2 + (next() % 5) as usize;
        let cols = 3 + (next() % 5) as usize;
        let suppressed: Vec<bool> = (0..rows * cols).map(|_| next() % 3 == 0).collect();
        let id = |r: usize, c: usize| r * cols + c;
        let mut eqs: Vec<Vec<(usize, i8)>> = Vec::new();
        for r in 0..rows {
            let mut eq: Vec<(usize, i8)> = (0..cols - 1).map(|c| (id(r, c), 1)).collect();
            eq.push((id(r, cols - 1), -1));
            eqs.push(eq);
        }
        for c in 0..cols {
            let mut eq: Vec<(usize, i8)> = (0..rows - 1).map(|r| (id(r, c), 1)).collect();
            eq.push((id(rows - 1, c), -1));
            eqs.push(eq);
        }
        assert_eq!(
            bridges(&suppressed, rows, cols),
            recoverable(&suppressed, &eqs)
        );
    }
}

#[test]
fn recoverable_finds_lone_unknowns() {
    // x0 + x1 - x2 = 0 with only x2 suppressed: recoverable.
    let eq = vec![vec![(0, 1), (1, 1), (2, -1)]];
    assert_eq!(recoverable(&[false, false, true], &eq), vec![2]);
    assert!(recoverable(&[false, true, true], &eq).is_empty());
}
