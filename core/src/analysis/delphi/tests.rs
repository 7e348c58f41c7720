use super::stats::quantile;
use super::*;
use crate::evidence::RawValue;
use crate::model::PriorityBand;

fn rating(p: &str, g: &str, round: u32, item: &str, score: &str) -> Rating {
    Rating {
        participant: p.into(),
        group: g.into(),
        round,
        item: item.into(),
        score: Some(RawValue::Text(score.into())),
        comment: None,
    }
}

#[test]
fn quantiles_follow_numpy_linear() {
    assert_eq!(quantile(&[1, 2, 3, 4], 0.25), 1.75);
    assert_eq!(quantile(&[1, 2, 3, 4], 0.5), 2.5);
    assert_eq!(quantile(&[1, 2, 3, 4], 0.75), 3.25);
    assert_eq!(quantile(&[7], 0.25), 7.0);
}

#[test]
fn hand_worked_item() {
    // Scores 8, 9, 10, 6: mean 8.25, var = (4·281 − 33²)/(4·3) = 35/12.
    let ratings: Vec<Rating> = ["8", "9", "10", "6"]
        .iter()
        .enumerate()
        .map(|(i, s)| rating(&format!("p{i}"), "g", 1, "a", s))
        .collect();
    let r = analyse(&ratings, None, &DelphiOptions::default()).unwrap();
    let st = &r.rounds[0].items[0];
    assert_eq!(st.mean, 8.25);
    assert!((st.sd.unwrap() - (35.0f64 / 12.0).sqrt()).abs() < 1e-15);
    assert_eq!((st.low, st.middle, st.high), (0, 1, 3));
    assert!(st.consensus);
    assert_eq!(st.consensus_band, Some(PriorityBand::High));
    assert_eq!(st.median, 8.5);
}

#[test]
fn ties_share_a_rank() {
    let ratings = vec![
        rating("p1", "g", 1, "a", "8"),
        rating("p2", "g", 1, "a", "6"),
        rating("p1", "g", 1, "b", "6"),
        rating("p2", "g", 1, "b", "8"),
        rating("p1", "g", 1, "c", "9"),
        rating("p2", "g", 1, "c", "9"),
    ];
    let r = analyse(&ratings, None, &DelphiOptions::default()).unwrap();
    let ranks: Vec<(String, u32)> = r
        .rounds
        .iter()
        .flat_map(|x| x.items.iter().map(|i| (i.item.clone(), i.rank)))
        .collect();
    assert_eq!(
        ranks,
        vec![("c".into(), 1), ("a".into(), 2), ("b".into(), 2)]
    );
}

#[test]
fn bad_scores_and_duplicates_are_listed() {
    let ratings = vec![
        rating("p1", "g", 1, "a", "11"),
        rating("p1", "g", 1, "b", "7.5"),
        rating("p2", "g", 1, "a", "5"),
        rating("p2", "g", 1, "a", "5"),
        rating("p3", "g", 1, "a", "5"),
        rating("p3", "g", 1, "a", "6"),
        rating("p4", "g", 1, "a", "5"),
        rating("p4", "h", 2, "a", "5"),
    ];
    let r = analyse(&ratings, None, &DelphiOptions::default()).unwrap();
    let reasons: Vec<(u64, Exclusion)> = r.excluded.iter().map(|x| (x.line, x.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            (1, Exclusion::InvalidScore),
            (2, Exclusion::InvalidScore),
            (4, Exclusion::Duplicate),
            (5, Exclusion::ConflictingRating),
            (6, Exclusion::ConflictingRating),
            (7, Exclusion::ConflictingGroup),
            (8, Exclusion::ConflictingGroup),
        ]
    );
    assert_eq!(r.counts.used + r.counts.excluded, r.counts.ratings);
}
