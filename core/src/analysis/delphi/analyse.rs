//! The analysis: ratings checked and excluded with reasons, then
//! statistics per round, item and panel group, and stability between rounds.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::delphi::read::{ItemInfo, Rating, RatingRef};
use crate::analysis::delphi::result::{
    DelphiOptionError, DelphiOptions, DelphiResult, ExcludedRating, Exclusion, GroupRound,
    ItemStats, PanelCount, RatingCounts, RoundResult, MAX_SCORE, MIN_SCORE,
};
use crate::analysis::delphi::stats::{ranked, Scores};
use crate::base::text::clip;
use crate::evidence::ValueRef;

/// Ratings that passed the per-row checks, by (participant, round, item).
type Candidates<'a> = BTreeMap<(&'a str, u32, &'a str), Vec<(&'a Row, u8)>>;

#[derive(Debug, Clone)]
struct Row {
    line: u64,
    participant: String,
    group: String,
    round: u32,
    item: String,
    score: Result<u8, String>,
}

fn check_score(score: Option<ValueRef<'_>>) -> Result<u8, String> {
    let Some(v) = score else {
        return Err("score is missing, expected a whole number from 1 to 10".into());
    };
    let x = match v {
        ValueRef::Number(x) => x,
        ValueRef::Text(t) => t.trim().parse::<f64>().map_err(|_| {
            format!(
                "`{}` is not a number, expected a whole number from 1 to 10",
                clip(t, 40)
            )
        })?,
        ValueRef::Bool(b) => {
            return Err(format!(
                "`{b}` is not a number, expected a whole number from 1 to 10"
            ))
        }
    };
    if !x.is_finite() || x.fract() != 0.0 {
        return Err(format!("`{v}` is not a whole number, expected 1 to 10"));
    }
    if x < f64::from(MIN_SCORE) || x > f64::from(MAX_SCORE) {
        return Err(format!("`{v}` is outside the scale, expected 1 to 10"));
    }
    Ok(x as u8)
}

/// Collects ratings and analyses them.
#[derive(Debug, Clone, Default)]
pub struct Delphi {
    rows: Vec<Row>,
}

impl Delphi {
    /// An empty analysis.
    pub fn new() -> Delphi {
        Delphi::default()
    }

    /// Adds one rating read from `line` (or position).
    pub fn push(&mut self, rating: RatingRef<'_>, line: usize) {
        self.rows.push(Row {
            line: line as u64,
            participant: rating.participant.to_string(),
            group: rating.group.to_string(),
            round: rating.round,
            item: rating.item.to_string(),
            score: check_score(rating.score),
        });
    }

    /// Number of ratings added.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no rating was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Analyses the ratings; `items`, when given, is the list of valid items.
    pub fn finish(
        mut self,
        items: Option<&[ItemInfo]>,
        options: &DelphiOptions,
    ) -> Result<DelphiResult, DelphiOptionError> {
        if !(options.consensus > 0.5 && options.consensus <= 1.0) {
            return Err(DelphiOptionError::Consensus(options.consensus));
        }
        if !(options.stability >= 0.0 && options.stability <= 1.0) {
            return Err(DelphiOptionError::Stability(options.stability));
        }
        self.rows.sort_by_key(|r| r.line);
        let info: BTreeMap<&str, &ItemInfo> = items
            .unwrap_or_default()
            .iter()
            .map(|i| (i.item.as_str(), i))
            .collect();
        let (kept, excluded) = screen(&self.rows, items.map(|_| &info));
        let tally = Tally::of(&kept);
        let round_list: Vec<u32> = tally.overall.keys().copied().collect();
        let rounds = rounds(&tally, &round_list, &info, options);
        let panel = panel(&kept, &tally, &round_list);
        let rated: BTreeSet<&str> = kept.iter().map(|(r, _)| r.item.as_str()).collect();
        let unrated_items = items
            .unwrap_or_default()
            .iter()
            .filter(|i| !rated.contains(i.item.as_str()))
            .map(|i| i.item.clone())
            .collect();
        Ok(DelphiResult {
            options: *options,
            counts: RatingCounts {
                ratings: self.rows.len() as u64,
                used: kept.len() as u64,
                excluded: excluded.len() as u64,
            },
            rounds,
            panel,
            unrated_items,
            excluded,
        })
    }
}

/// `r` excluded for `reason`.
fn exclude(r: &Row, reason: Exclusion, detail: String) -> ExcludedRating {
    ExcludedRating {
        line: r.line,
        participant: r.participant.clone(),
        round: r.round,
        item: r.item.clone(),
        reason,
        detail,
    }
}

/// The ratings that count, with their scores, and those that do not, in
/// line order: per-row checks (against the item list `listed`, when given),
/// then duplicates among the rest.
fn screen<'r>(
    rows: &'r [Row],
    listed: Option<&BTreeMap<&str, &ItemInfo>>,
) -> (Vec<(&'r Row, u8)>, Vec<ExcludedRating>) {
    let mut groups_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in rows {
        groups_of
            .entry(&r.participant)
            .or_default()
            .insert(&r.group);
    }
    let mut excluded: Vec<ExcludedRating> = Vec::new();
    let mut candidates: Candidates<'_> = BTreeMap::new();
    for r in rows {
        if listed.is_some_and(|info| !info.contains_key(r.item.as_str())) {
            excluded.push(exclude(
                r,
                Exclusion::UnknownItem,
                format!("item `{}` is not in the item list", clip(&r.item, 40)),
            ));
            continue;
        }
        let score = match &r.score {
            Ok(s) => *s,
            Err(detail) => {
                excluded.push(exclude(r, Exclusion::InvalidScore, detail.clone()));
                continue;
            }
        };
        if let Some(gs) = groups_of
            .get(r.participant.as_str())
            .filter(|g| g.len() > 1)
        {
            let list: Vec<String> = gs.iter().map(|g| format!("`{}`", clip(g, 30))).collect();
            excluded.push(exclude(
                r,
                Exclusion::ConflictingGroup,
                format!(
                    "participant `{}` is in more than one panel group: {}",
                    clip(&r.participant, 40),
                    list.join(", ")
                ),
            ));
            continue;
        }
        candidates
            .entry((r.participant.as_str(), r.round, r.item.as_str()))
            .or_default()
            .push((r, score));
    }
    let kept = deduplicate(&candidates, &mut excluded);
    excluded.sort_by(|a, b| a.line.cmp(&b.line).then(a.reason.cmp(&b.reason)));
    (kept, excluded)
}

/// One rating per (participant, round, item): identical copies count
/// once, differing ones are all excluded.
fn deduplicate<'r>(
    candidates: &Candidates<'r>,
    excluded: &mut Vec<ExcludedRating>,
) -> Vec<(&'r Row, u8)> {
    let mut kept: Vec<(&Row, u8)> = Vec::new();
    for list in candidates.values() {
        let Some(&(first, first_score)) = list.first() else {
            continue;
        };
        if list.len() == 1 {
            kept.push((first, first_score));
        } else if list.iter().all(|&(_, s)| s == first_score) {
            kept.push((first, first_score));
            for &(r, _) in list.iter().skip(1) {
                excluded.push(exclude(
                    r,
                    Exclusion::Duplicate,
                    format!("the same rating as line {}", first.line),
                ));
            }
        } else {
            let lines: Vec<String> = list
                .iter()
                .map(|(r, s)| format!("line {} scores {s}", r.line))
                .collect();
            for &(r, _) in list {
                excluded.push(exclude(
                    r,
                    Exclusion::ConflictingRating,
                    format!(
                        "rated more than once in round {} with different scores ({})",
                        r.round,
                        lines.join(", ")
                    ),
                ));
            }
        }
    }
    kept
}

/// Scores by item.
type ByItem = BTreeMap<String, Scores>;

/// The counted scores by round, item and panel group, and who rated.
struct Tally<'r> {
    overall: BTreeMap<u32, ByItem>,
    by_group: BTreeMap<u32, BTreeMap<String, ByItem>>,
    who: BTreeMap<u32, BTreeMap<&'r str, BTreeSet<&'r str>>>,
    ratings_in: BTreeMap<u32, u64>,
}

impl<'r> Tally<'r> {
    fn of(kept: &[(&'r Row, u8)]) -> Tally<'r> {
        let mut t = Tally {
            overall: BTreeMap::new(),
            by_group: BTreeMap::new(),
            who: BTreeMap::new(),
            ratings_in: BTreeMap::new(),
        };
        for &(r, s) in kept {
            t.overall
                .entry(r.round)
                .or_default()
                .entry(r.item.clone())
                .or_default()
                .scores
                .push(s);
            t.by_group
                .entry(r.round)
                .or_default()
                .entry(r.group.clone())
                .or_default()
                .entry(r.item.clone())
                .or_default()
                .scores
                .push(s);
            t.who
                .entry(r.round)
                .or_default()
                .entry(r.group.as_str())
                .or_default()
                .insert(r.participant.as_str());
            *t.ratings_in.entry(r.round).or_default() += 1;
        }
        t
    }
}

/// The last high share of each (group, item), by round: for the change
/// since the previous round.
struct HighShares {
    last: BTreeMap<(Option<String>, String), (u32, f64)>,
    stability: f64,
}

impl HighShares {
    /// Sets `st`'s change in high share when the item was rated in the
    /// previous round `prev`, and records this round's.
    fn apply(&mut self, group: Option<&str>, round: u32, prev: Option<u32>, st: &mut ItemStats) {
        let key = (group.map(str::to_string), st.item.clone());
        if let Some(&(r, h)) = self.last.get(&key) {
            if Some(r) == prev {
                let change = st.high_share - h;
                st.high_share_change = Some(change);
                st.stable = Some(change.abs() <= self.stability);
            }
        }
        self.last.insert(key, (round, st.high_share));
    }
}

/// Each round's results, overall and by panel group.
fn rounds(
    tally: &Tally<'_>,
    round_list: &[u32],
    info: &BTreeMap<&str, &ItemInfo>,
    options: &DelphiOptions,
) -> Vec<RoundResult> {
    let mut rounds: Vec<RoundResult> = Vec::new();
    let mut high = HighShares {
        last: BTreeMap::new(),
        stability: options.stability,
    };
    for (k, &round) in round_list.iter().enumerate() {
        let previous_round = k.checked_sub(1).and_then(|j| round_list.get(j)).copied();
        let mut items_out = tally
            .overall
            .get(&round)
            .map(|m| ranked(m, info, options.consensus))
            .unwrap_or_default();
        for st in &mut items_out {
            high.apply(None, round, previous_round, st);
        }
        let mut groups_out = Vec::new();
        if let Some(gs) = tally.by_group.get(&round) {
            for (group, m) in gs {
                let mut its = ranked(m, info, options.consensus);
                for st in &mut its {
                    high.apply(Some(group), round, previous_round, st);
                }
                let participants = tally
                    .who
                    .get(&round)
                    .and_then(|w| w.get(group.as_str()))
                    .map_or(0, BTreeSet::len);
                groups_out.push(GroupRound {
                    group: group.clone(),
                    participants: u32::try_from(participants).unwrap_or(u32::MAX),
                    items: its,
                });
            }
        }
        let participants: usize = tally
            .who
            .get(&round)
            .map_or(0, |w| w.values().map(BTreeSet::len).sum());
        rounds.push(RoundResult {
            round,
            previous_round,
            participants: u32::try_from(participants).unwrap_or(u32::MAX),
            ratings: tally.ratings_in.get(&round).copied().unwrap_or(0),
            items: items_out,
            groups: groups_out,
        });
    }
    rounds
}

/// Each panel group's size, overall and by round.
fn panel(kept: &[(&Row, u8)], tally: &Tally<'_>, round_list: &[u32]) -> Vec<PanelCount> {
    let mut panel_groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for &(r, _) in kept {
        panel_groups
            .entry(&r.group)
            .or_default()
            .insert(&r.participant);
    }
    panel_groups
        .iter()
        .map(|(g, ps)| PanelCount {
            group: g.to_string(),
            participants: u32::try_from(ps.len()).unwrap_or(u32::MAX),
            by_round: round_list
                .iter()
                .map(|r| {
                    let n = tally
                        .who
                        .get(r)
                        .and_then(|w| w.get(g))
                        .map_or(0, BTreeSet::len);
                    u32::try_from(n).unwrap_or(u32::MAX)
                })
                .collect(),
        })
        .collect()
}

/// Analyses ratings given as values (e.g. from JSON, Python or JS); `line`
/// of each is its 1-based position.
pub fn analyse(
    ratings: &[Rating],
    items: Option<&[ItemInfo]>,
    options: &DelphiOptions,
) -> Result<DelphiResult, DelphiOptionError> {
    let mut d = Delphi::new();
    for (i, r) in ratings.iter().enumerate() {
        d.push(r.as_rating_ref(), i + 1);
    }
    d.finish(items, options)
}
