//! Scoring: the default policy of `docs/scoring.md`, applied to a stream of
//! evidence items, with an explanation of every number.
//!
//! A [`Scorer`] takes items one at a time ([`Scorer::push`]) and keeps only
//! per-worker, per-criterion sums (plus the used items themselves when
//! explanations are asked for, and the items that carry ids until the end,
//! to find duplicates). [`Scorer::finish`] gives a [`ScoreResult`].
//!
//! Sums are kept in fixed point (128-bit integers, see `Cell`), so results
//! are bit-for-bit the same whatever the order of the input items, and a
//! mean of equal values is that value exactly (see [`Cell::score`]).

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::base::text::Num;
use crate::evidence::batch::{split_texts, Batch, RowRef};
use crate::evidence::{ItemRef, ValueRef};
use crate::model::ranges::{LEVEL_EPSILON, RESOLUTION_BITS};
use crate::model::{Framework, Measure};
use crate::scoring::parallel;
use crate::scoring::policy::ScoringPolicy;

/// Scores are ranked (screening's shortlist) on their value rounded to a
/// multiple of 2^-RANK_BITS (about 9.3e-10), so that scores that are
/// mathematically equal but differ in the last bits of floating point tie.
pub const RANK_BITS: i32 = 30;

/// The key a score is ranked on: the score in units of 2^-[`RANK_BITS`],
/// rounded to the nearest.
pub fn rank_key(score: f64) -> i64 {
    (score * f64::from(1u32 << RANK_BITS)).round() as i64
}

/// One quantum of the fixed-point sums is 2^-QUANTUM_BITS of the heaviest
/// evidence kind weight (rounded up to a power of two), so a fresh item of
/// that kind is at most 2^QUANTUM_BITS quanta, and a cell's 128-bit sums
/// hold 2^40 of them.
const QUANTUM_BITS: i32 = 87;

/// Why an evidence item was not used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The criterion id is not in the framework.
    UnknownCriterion,
    /// The kind is not one of the framework's evidence kinds.
    UnknownKind,
    /// The criterion does not accept this kind of evidence.
    KindNotAccepted,
    /// The value is missing or out of range for the criterion's measure.
    InvalidValue,
    /// Dated after `as_of`.
    Future,
    /// Expired before `as_of`, or older than the policy's maximum age.
    Expired,
    /// An identical copy of an item already counted.
    Duplicate,
    /// Shares its id with an item that differs.
    ConflictingId,
}

impl Reason {
    /// All reasons, in check order.
    pub const ALL: [Reason; 8] = [
        Reason::UnknownCriterion,
        Reason::UnknownKind,
        Reason::KindNotAccepted,
        Reason::InvalidValue,
        Reason::Future,
        Reason::Expired,
        Reason::Duplicate,
        Reason::ConflictingId,
    ];

    /// The reason as written in results, e.g. `invalid_value`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownCriterion => "unknown_criterion",
            Reason::UnknownKind => "unknown_kind",
            Reason::KindNotAccepted => "kind_not_accepted",
            Reason::InvalidValue => "invalid_value",
            Reason::Future => "future",
            Reason::Expired => "expired",
            Reason::Duplicate => "duplicate",
            Reason::ConflictingId => "conflicting_id",
        }
    }
}

/// Whether a competency has enough evidence to be given a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Enough items and coverage: the level is given.
    Assessed,
    /// Too few items or too little coverage: the score is shown, no level.
    InsufficientEvidence,
}

/// The result of scoring evidence against a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreResult {
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// The date scores are computed at.
    pub as_of: Date,
    /// The policy in force.
    pub policy: ScoringPolicy,
    /// How many items were read, used and rejected.
    pub counts: Counts,
    /// One entry per worker, sorted by worker id.
    pub workers: Vec<WorkerScore>,
    /// Every item not used, with its reason; sorted by line, then id.
    pub rejected: Vec<Rejection>,
}

/// Item counts; `used + rejected = items`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    /// Items read.
    pub items: u64,
    /// Items used in scores.
    pub used: u64,
    /// Items rejected.
    pub rejected: u64,
}

/// One worker's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkerScore {
    /// Worker id.
    pub worker: String,
    /// Weighted mean over assessed competencies; null when none.
    pub overall: Option<f64>,
    /// Per domain, in framework order.
    pub domains: Vec<DomainScore>,
    /// Per competency, in framework order.
    pub competencies: Vec<CompetencyScore>,
}

/// A domain's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DomainScore {
    /// Domain id.
    pub id: Arc<str>,
    /// Weighted mean over its assessed competencies; null when none.
    pub score: Option<f64>,
}

/// A competency's score, level and derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetencyScore {
    /// Competency id.
    pub id: Arc<str>,
    /// Weighted mean of its assessed criteria; null when none.
    pub score: Option<f64>,
    /// Level id, when assessed.
    pub level: Option<Arc<str>>,
    /// Whether the evidence suffices.
    pub status: Status,
    /// Share of criterion weight with evidence.
    pub coverage: f64,
    /// Used items.
    pub items: u64,
    /// Per criterion, in framework order.
    pub criteria: Vec<CriterionScore>,
}

/// A criterion's score and the items behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionScore {
    /// Criterion id.
    pub id: Arc<str>,
    /// Σ w·v / Σ w; null when no items.
    pub score: Option<f64>,
    /// Used items.
    pub items: u64,
    /// Σ w of used items.
    pub weight: f64,
    /// The used items (when explanations are on), by date, id, line.
    pub evidence: Vec<EvidenceUse>,
}

/// How one item counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceUse {
    /// Item id.
    pub id: Option<Arc<str>>,
    /// Line (or position) in the input.
    pub line: u64,
    /// Evidence kind.
    pub kind: Arc<str>,
    /// Date observed.
    pub date: Date,
    /// Weight after decay.
    pub weight: f64,
    /// Normalised value in [0, 1].
    pub value: f64,
}

/// An item that was not used, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rejection {
    /// Item id.
    pub id: Option<Arc<str>>,
    /// Line (or position) in the input.
    pub line: u64,
    /// Worker id.
    pub worker: String,
    /// Criterion id as given.
    pub criterion: String,
    /// Why.
    pub reason: Reason,
    /// What exactly was wrong.
    pub detail: String,
}

/// Which workers' used items to keep for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Explain {
    /// Every worker (the default).
    #[default]
    All,
    /// None: only sums are kept (least memory).
    None,
    /// One worker.
    Worker(String),
}

/// How a criterion's evidence is normalised.
#[derive(Debug, Clone, Copy)]
enum Norm {
    Rating { min: f64, max: f64 },
    Binary,
    Rate { target: f64 },
    Count { target: f64 },
}

/// A value checked for its measure: rating and count `[x, 0]`, binary
/// `[1 or 0, 0]`, rate `[numerator, denominator]`. Finite, with -0 made 0,
/// so `==` tells identical values apart from different ones.
type Parsed = [f64; 2];

/// One worker × criterion: Σw and Σw·v in fixed point (terms of at most
/// 2^[`QUANTUM_BITS`] quanta, see `Scorer::quantum`) as 128-bit integers
/// (integer sums: the order of additions changes nothing), the number of
/// items, and the value all of them share, if they do.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    w: u128,
    wv: u128,
    n: u64,
    /// The bits of the normalised value every item of the cell has, or
    /// [`MIXED`] when they differ (meaningless while `n` is 0).
    common: u64,
}

/// `Cell::common` of a cell whose items have different values (a NaN, never
/// a normalised value).
const MIXED: u64 = u64::MAX;

impl Cell {
    fn add(&mut self, w: u128, wv: u128, v: u64) {
        self.w = self.w.wrapping_add(w);
        self.wv = self.wv.wrapping_add(wv);
        self.common = if self.n == 0 || self.common == v {
            v
        } else {
            MIXED
        };
        self.n += 1;
    }

    /// Takes back out an item added with the same terms. The common value
    /// stays right: if every item had value `v`, the rest still do; a cell
    /// of mixed values stays mixed (its mean is then the ratio of the sums
    /// even if the items left happen to be equal, which only taking out
    /// conflicting ids can cause).
    fn sub(&mut self, w: u128, wv: u128) {
        self.w = self.w.wrapping_sub(w);
        self.wv = self.wv.wrapping_sub(wv);
        self.n = self.n.saturating_sub(1);
    }

    /// Σw in quanta (rounded once, as an integer conversion is).
    fn weight(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.w as f64
        }
    }

    /// Σw·v / Σw; `None` without items. When every item has the same value
    /// (one item, or equal ratings), the mean *is* that value, exactly:
    /// scores that are mathematically equal then compare equal.
    fn score(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        if self.common != MIXED {
            return Some(f64::from_bits(self.common));
        }
        let w = self.weight();
        (w > 0.0).then(|| self.wv as f64 / w)
    }
}

/// A weight (or weight × value) in quanta, `x` in [0, 2^[`QUANTUM_BITS`]],
/// as the whole number below it: exact for `x` from 2^52 (where every `f64`
/// is a whole number), through `i64` below 2^63 (one instruction).
fn quantise(x: f64) -> u128 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x < TWO_63 {
        return x as i64 as u128;
    }
    // x = m · 2^e with e ≥ 11: shift the 53-bit significand into place.
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as u32;
    let m = (bits & ((1 << 52) - 1)) | (1 << 52);
    u128::from(m)
        .checked_shl(e.saturating_sub(1075))
        .unwrap_or(u128::MAX)
}

/// A weighted mean built one term at a time: Σ weight·x / Σ weight, and
/// exactly `x` when every term has the same `x` (so a mean of one score,
/// or of equal scores, is that score).
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f64,
    weights: f64,
    n: u32,
    common: f64,
    mixed: bool,
}

impl Mean {
    fn add(&mut self, weight: f64, x: f64) {
        self.sum += weight * x;
        self.weights += weight;
        if self.n == 0 {
            self.common = x;
        } else if self.common != x {
            self.mixed = true;
        }
        self.n += 1;
    }

    fn get(&self) -> Option<f64> {
        if self.n == 0 || self.weights <= 0.0 || self.weights.is_nan() {
            None
        } else if self.mixed {
            Some(self.sum / self.weights)
        } else {
            Some(self.common)
        }
    }
}

/// A used item, kept for explanations.
#[derive(Debug, Clone, Copy)]
struct Contribution {
    worker: u32,
    criterion: u32,
    line: u64,
    /// Its id in `Scorer::texts` ([`NO_TEXT`] without one).
    id: TextRef,
    kind: u16,
    date: Date,
    w: f64,
    v: f64,
}

/// What identifies a contribution to take back out: worker, criterion,
/// line, kind and date of a retracted item.
type TakenBack = (u32, u32, u64, u16, Date);

/// A text of [`Texts`]: [`NO_TEXT`]; a long text's number (top bit set);
/// or a short one's start in the arena (shifted left 24 bits) and length.
type TextRef = u64;

/// No text (an absent id, assessor or note).
const NO_TEXT: TextRef = u64::MAX;

/// Texts of this many bytes or more are kept once however many items
/// repeat them; shorter ones are copied per item.
const LONG_TEXT: usize = 64;

const LONG_FLAG: u64 = 1 << 63;

/// The id, assessor and note texts of held items, compactly: short texts
/// (the usual ids, assessor names) copied into one arena as they come, and
/// long ones stored once each, however many items repeat them (2M items
/// sharing a 1,000-character id hold it once, not 2M times). Long texts
/// are shared (`Arc`) with the results that quote them.
#[derive(Debug, Default)]
struct Texts {
    arena: String,
    long: Vec<Arc<str>>,
    /// Numbers of `long`, by hash of their text.
    table: HashTable<(u64, u32)>,
}

impl Texts {
    /// Adds `s`: a copy when short, the one copy when long.
    fn add(&mut self, s: &str) -> TextRef {
        if s.len() >= LONG_TEXT {
            return LONG_FLAG | u64::from(self.intern(s));
        }
        let start = self.arena.len() as u64;
        self.arena.push_str(s);
        (start << 24) | s.len() as u64
    }

    /// Adds the id, assessor and note laid out one after the other in
    /// `texts` (as [`RowRef::texts`]); short ones with one copy.
    fn add_row(&mut self, texts: &str, lens: [u32; 3]) -> [TextRef; 3] {
        if texts.len() >= LONG_TEXT {
            return split_texts(texts, lens).map(|t| t.map_or(NO_TEXT, |t| self.add(t)));
        }
        let mut at = self.arena.len() as u64;
        self.arena.push_str(texts);
        let mut out = [NO_TEXT; 3];
        for (r, len) in out.iter_mut().zip(lens) {
            if len != u32::MAX {
                *r = (at << 24) | u64::from(len);
                at += u64::from(len);
            }
        }
        out
    }

    fn intern(&mut self, s: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(s);
        let long = &self.long;
        let same =
            |&(h, i): &(u64, u32)| h == hash && long.get(i as usize).map(|t| &**t) == Some(s);
        if let Some(&(_, i)) = self.table.find(hash, same) {
            return i;
        }
        let i = u32::try_from(self.long.len()).unwrap_or(u32::MAX);
        self.long.push(Arc::from(s));
        self.table.insert_unique(hash, (hash, i), |&(h, _)| h);
        i
    }

    fn get(&self, r: TextRef) -> Option<&str> {
        if r == NO_TEXT {
            None
        } else if r & LONG_FLAG != 0 {
            self.long.get((r & !LONG_FLAG) as usize).map(|t| &**t)
        } else {
            let start = (r >> 24) as usize;
            self.arena.get(start..start + (r & 0xff_ffff) as usize)
        }
    }

    /// `s` to put in a result: a long text shared with every other use.
    fn share(&mut self, s: &str) -> Arc<str> {
        if s.len() >= LONG_TEXT {
            let i = self.intern(s);
            if let Some(t) = self.long.get(i as usize) {
                return t.clone();
            }
        }
        Arc::from(s)
    }

    /// As [`Texts::share`] for a text already added.
    fn shared(&self, r: TextRef) -> Option<Arc<str>> {
        if r != NO_TEXT && r & LONG_FLAG != 0 {
            return self.long.get((r & !LONG_FLAG) as usize).cloned();
        }
        self.get(r).map(Arc::from)
    }
}

/// A byte range of `Scorer::text` or `Scorer::worker_text` (64-bit: the
/// texts of a large input pass 4 GiB).
type Span = (usize, usize);

/// An item with an id that passed every other check, kept (compactly, in
/// arrival order) and counted only once duplicates and conflicts are
/// settled, at the end.
#[derive(Debug, Clone)]
struct Held {
    hash: u64,
    line: u64,
    worker: u32,
    criterion: u32,
    kind: u16,
    date: Date,
    expires: Option<Date>,
    value: Parsed,
    /// Its id, assessor and note in `Scorer::texts`.
    texts: [TextRef; 3],
    /// Whether it passed the checks at `as_of` (else it is held for a
    /// date of the history only).
    main: bool,
}

/// Streams evidence items into per-worker sums; see the module docs.
pub struct Scorer<'f> {
    fw: &'f Framework,
    policy: ScoringPolicy,
    as_of: Date,
    explain: Explain,
    criteria: FxHashMap<&'f str, u32>,
    norms: Vec<Norm>,
    /// `accepted[criterion * kinds + kind]`.
    accepted: Vec<bool>,
    kinds: FxHashMap<&'f str, u16>,
    kind_weights: Vec<f64>,
    decay: Vec<f64>,
    quantum: f64,
    /// The lightest weight an item may have (see [`RESOLUTION_BITS`]).
    min_weight: f64,
    /// Workers by id; ids are also spans of `worker_text`.
    workers: HashTable<WorkerKey>,
    worker_text: String,
    worker_ids: Vec<Span>,
    cells: Vec<Cell>,
    /// Sum terms (cell, weight, value) not yet added to `cells`: applied
    /// in batches sorted by cell, so that memory is walked in order rather
    /// than at random.
    pending: Vec<(usize, f64, f64)>,
    /// `pending` grouped by region of `cells` (reused between flushes).
    grouped: Vec<(usize, f64, f64)>,
    /// Used items kept for explanations, in arrival order.
    used: Vec<Contribution>,
    /// Kept items later retracted (duplicates and conflicts).
    taken_back: Vec<TakenBack>,
    held: Vec<Held>,
    /// Id, assessor and note texts of held items.
    texts: Texts,
    rejected: Vec<Rejection>,
    items: u64,
    names: Names,
    /// Items pushed one at a time, scored in bulk when enough have come.
    inbox: Batch,
    /// For the batch being scored: the scorer's number of each of its
    /// workers, criteria and kinds (`UNKNOWN` when not in the framework).
    worker_map: Vec<u32>,
    criterion_map: Vec<u32>,
    kind_map: Vec<u32>,
    /// The domain (index in `fw.domains`) of each competency; a competency
    /// whose domain is unknown gets `fw.domains.len() + 1` (no domain).
    domain_of: Vec<usize>,
    /// Whether every worker's used items are kept ([`Explain::All`]).
    explain_all: bool,
    /// The worker of [`Explain::Worker`], once seen.
    explained: Option<u32>,
    /// Workers to score at more dates than `as_of` ([`Scorer::with_history`]):
    /// behind a trait object, so that a program that never makes a history
    /// (the WebAssembly package's main module) does not carry its code.
    history: Option<Box<dyn HistoryHooks>>,
}

/// What a scorer with a history does besides scoring at `as_of`.
trait HistoryHooks: std::fmt::Debug + Send + Sync {
    /// A new worker (workers are numbered in the order they come).
    fn worker(&mut self, name: &str, criteria: usize);
    /// A row that passed the checks that do not depend on the date: added
    /// to its worker's sums at each of its dates where it counts. Returns,
    /// for a row with an id, whether it counts at any date of the history
    /// (of any worker: an id shared across workers conflicts there too).
    fn row(&mut self, s: &Scorer<'_>, row: &Fact) -> bool;
    /// Settles, at each date of the history of its workers, a group of held
    /// items sharing an id (in line order), taking back out what does not
    /// count.
    fn group(&mut self, s: &Scorer<'_>, group: &[(u32, &Held)]);
    /// Every tracked worker's standings at each of its dates.
    fn standings(&self, s: &Scorer<'_>) -> Standings;
}

/// A row after the checks that do not depend on the date.
#[derive(Debug, Clone, Copy)]
struct Fact {
    worker: u32,
    criterion: u32,
    kind: u16,
    norm: Norm,
    value: Parsed,
    date: Date,
    expires: Option<Date>,
    has_id: bool,
}

/// The dates some workers are also scored at, and their sums there.
#[derive(Debug, Default)]
struct History {
    /// The dates of each tracked worker id (sorted, without repeats).
    wanted: FxHashMap<String, Vec<Date>>,
    /// Every date of `wanted`, sorted, without repeats.
    all: Vec<Date>,
    /// Per worker number: where its dates start in `dates` and how many
    /// (0: not tracked). Empty when nothing is tracked.
    of: Vec<(u32, u32)>,
    /// The dates of tracked workers, one run per worker: slot `i` is the
    /// worker at `dates[i]`, whose sums are `cells[i * criteria..]`.
    dates: Vec<Date>,
    cells: Vec<Cell>,
}

impl History {
    /// The slots (first, count) of worker `w`.
    fn slots(&self, w: u32) -> (usize, usize) {
        self.of
            .get(w as usize)
            .map_or((0, 0), |&(a, n)| (a as usize, n as usize))
    }
}

impl History {
    /// Adds one term to the sums of slot `slot`.
    fn add_at(&mut self, s: &Scorer<'_>, slot: usize, criterion: u32, w: f64, v: f64) {
        let q = s.quantum;
        let at = slot * s.norms.len() + criterion as usize;
        if let Some(cell) = self.cells.get_mut(at) {
            cell.add(quantise(w * q), quantise(w * v * q), v.to_bits());
        }
    }

    /// Takes a held item that counts at `d` back out of its worker's sums
    /// at `d`, if that worker is tracked at `d` (the same terms as added).
    fn retract_at(&mut self, s: &Scorer<'_>, h: &Held, d: Date) {
        let (start, count) = self.slots(h.worker);
        let Some(slot) = self
            .dates
            .get(start..start + count)
            .and_then(|ds| ds.iter().position(|x| *x == d))
        else {
            return;
        };
        let Ok(w) = s.fit(h.kind, h.date, h.expires, d) else {
            return;
        };
        let norm = s
            .norms
            .get(h.criterion as usize)
            .copied()
            .unwrap_or(Norm::Binary);
        let v = normalised(norm, h.value) + 0.0;
        let q = s.quantum;
        let at = (start + slot) * s.norms.len() + h.criterion as usize;
        if let Some(cell) = self.cells.get_mut(at) {
            cell.sub(quantise(w * q), quantise(w * v * q));
        }
    }
}

impl HistoryHooks for History {
    fn worker(&mut self, name: &str, criteria: usize) {
        let start = u32::try_from(self.dates.len()).unwrap_or(u32::MAX);
        let dates = self.wanted.get(name).map_or(&[][..], Vec::as_slice);
        self.dates.extend_from_slice(dates);
        self.of
            .push((start, u32::try_from(dates.len()).unwrap_or(0)));
        self.cells
            .resize(self.dates.len() * criteria, Cell::default());
    }

    fn row(&mut self, s: &Scorer<'_>, f: &Fact) -> bool {
        // Counted at each of the worker's dates where it counts, as at
        // `as_of`: rows with ids now, taken back out if their id turns out
        // to be a duplicate or a conflict then.
        let (first, count) = self.slots(f.worker);
        let v = normalised(f.norm, f.value) + 0.0;
        for slot in first..first + count {
            let Some(&d) = self.dates.get(slot) else {
                continue;
            };
            if let Ok(w) = s.fit(f.kind, f.date, f.expires, d) {
                self.add_at(s, slot, f.criterion, w, v);
            }
        }
        f.has_id
            && self
                .all
                .iter()
                .any(|&d| s.fit(f.kind, f.date, f.expires, d).is_ok())
    }

    fn group(&mut self, s: &Scorer<'_>, group: &[(u32, &Held)]) {
        let mut dates: Vec<Date> = Vec::new();
        for (_, h) in group {
            let (first, count) = self.slots(h.worker);
            dates.extend(self.dates.get(first..first + count).unwrap_or(&[]));
        }
        dates.sort_unstable();
        dates.dedup();
        for d in dates {
            // As `Scorer::settle_group` at `as_of`, among the items that
            // count at `d`: identical copies count once, differing ones none.
            let alive: Vec<&Held> = group
                .iter()
                .map(|(_, h)| *h)
                .filter(|h| s.fit(h.kind, h.date, h.expires, d).is_ok())
                .collect();
            let Some((first, copies)) = alive.split_first() else {
                continue;
            };
            let keep = usize::from(copies.iter().all(|h| s.same_content(first, h)));
            for h in alive.iter().skip(keep) {
                self.retract_at(s, h, d);
            }
        }
    }

    fn standings(&self, s: &Scorer<'_>) -> Standings {
        let mut out = Standings::default();
        let n = s.norms.len();
        for (w, &(start, count)) in self.of.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let mut dates = Vec::with_capacity(count as usize);
            for slot in start as usize..(start + count) as usize {
                let Some(&d) = self.dates.get(slot) else {
                    continue;
                };
                let block = self.cells.get(slot * n..(slot + 1) * n).unwrap_or(&[]);
                let mut at = 0usize;
                let standings =
                    s.fw.competencies
                        .iter()
                        .map(|comp| {
                            let cells = block.get(at..at + comp.criteria.len()).unwrap_or(&[]);
                            at += comp.criteria.len();
                            let x = s.numbers(comp, cells.iter().map(|c| (c.score(), c.n)));
                            Standing {
                                score: x.score,
                                level: if x.assessed {
                                    x.score.and_then(|sc| level_index(s.fw, sc))
                                } else {
                                    None
                                },
                                status: if x.assessed {
                                    Status::Assessed
                                } else {
                                    Status::InsufficientEvidence
                                },
                            }
                        })
                        .collect();
                dates.push((d, standings));
            }
            let name = u32::try_from(w).map_or("", |w| s.worker_name(w));
            out.workers.insert(name.to_string(), dates);
        }
        out
    }
}

/// One competency of a worker at one date, as a trajectory shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Competency score then (null: no evidence).
    pub score: Option<f64>,
    /// Index of the level then, in the framework's levels (null: not
    /// assessed).
    pub level: Option<usize>,
    /// Whether the evidence sufficed then.
    pub status: Status,
}

/// The standings of the workers a scorer tracked
/// ([`Scorer::with_history`]) at each of their dates.
#[derive(Debug, Clone, Default)]
pub struct Standings {
    workers: FxHashMap<String, Vec<(Date, Vec<Standing>)>>,
}

impl Standings {
    /// Worker `worker`'s competencies (framework order) at `date`, when it
    /// was tracked at that date and had evidence of any kind.
    pub fn get(&self, worker: &str, date: Date) -> Option<&[Standing]> {
        self.workers
            .get(worker)
            .and_then(|ds| ds.iter().find(|(d, _)| *d == date))
            .map(|(_, s)| s.as_slice())
    }
}

/// A competency's numbers (see [`Scorer::numbers`]).
struct Numbers {
    score: Option<f64>,
    coverage: f64,
    items: u64,
    assessed: bool,
}

/// Why an item does not count at a date (after its date-independent
/// checks).
#[derive(Debug, Clone, Copy)]
enum Unfit {
    Future,
    Expired(Date),
    TooOld(i64, u32),
    Faded(i64, f64),
}

/// A criterion or kind that is not in the framework.
const UNKNOWN: u32 = u32::MAX;

/// Workers whose results [`Scorer::finish_with`] builds at a time.
const RESULT_CHUNK: usize = 1 << 14;

/// Items [`Scorer::push`] gathers before scoring them as a batch.
const INBOX_ITEMS: usize = 1 << 12;

/// Ids of the framework's parts, shared by every result that names them.
struct Names {
    competencies: Vec<Arc<str>>,
    criteria: Vec<Arc<str>>,
    levels: Vec<Arc<str>>,
    domains: Vec<Arc<str>>,
    kinds: Vec<Arc<str>>,
}

impl Names {
    fn new(fw: &Framework) -> Names {
        Names {
            competencies: fw
                .competencies
                .iter()
                .map(|c| c.id.as_str().into())
                .collect(),
            criteria: fw
                .competencies
                .iter()
                .flat_map(|c| &c.criteria)
                .map(|c| c.id.as_str().into())
                .collect(),
            levels: fw.levels.iter().map(|l| l.id.as_str().into()).collect(),
            domains: fw.domains.iter().map(|d| d.id.as_str().into()).collect(),
            kinds: fw
                .evidence_kinds
                .iter()
                .map(|k| k.id.as_str().into())
                .collect(),
        }
    }
}

/// Longest worker id kept inline in [`WorkerKey`].
const INLINE: usize = 19;

/// A worker's entry in the lookup table: short ids are compared inline, so
/// a lookup usually touches one cache line.
#[derive(Debug, Clone, Copy)]
struct WorkerKey {
    hash: u64,
    index: u32,
    /// Length of the id when inline, else `u8::MAX`.
    len: u8,
    inline: [u8; INLINE],
}

impl WorkerKey {
    fn new(hash: u64, index: u32, id: &str) -> WorkerKey {
        let mut inline = [0u8; INLINE];
        let len = match inline.get_mut(..id.len()) {
            Some(dst) => {
                dst.copy_from_slice(id.as_bytes());
                u8::try_from(id.len()).unwrap_or(u8::MAX)
            }
            None => u8::MAX,
        };
        WorkerKey {
            hash,
            index,
            len,
            inline,
        }
    }

    /// Whether this entry is `id`; `spilled` reads a long id from the arena.
    fn is(&self, hash: u64, id: &str, spilled: impl Fn(u32) -> bool) -> bool {
        if self.hash != hash {
            return false;
        }
        if self.len == u8::MAX {
            return id.len() > INLINE && spilled(self.index);
        }
        self.inline.get(..usize::from(self.len)) == Some(id.as_bytes())
    }
}

/// Sum terms applied to the cells at once.
const BATCH: usize = 1 << 16;

/// Cell arrays up to 2^this cells (a few MiB) are updated in arrival order.
const CACHED_CELL_BITS: u32 = 16;

/// Larger ones are updated region by region, in 2^this regions.
const REGION_BITS: u32 = 12;

/// Ages (days) with a precomputed decay factor.
const DECAY_TABLE: usize = 4096;

impl<'f> Scorer<'f> {
    /// A scorer for `fw` at `as_of` under `policy`.
    pub fn new(
        fw: &'f Framework,
        as_of: Date,
        policy: ScoringPolicy,
        explain: Explain,
    ) -> Scorer<'f> {
        let kinds: FxHashMap<&str, u16> = fw
            .evidence_kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.as_str(), u16::try_from(i).unwrap_or(u16::MAX)))
            .collect();
        let kind_weights: Vec<f64> = fw
            .evidence_kinds
            .iter()
            .map(|k| policy.kind_weights.get(&k.id).copied().unwrap_or(k.weight))
            .collect();
        let mut criteria = FxHashMap::default();
        let mut norms = Vec::new();
        let mut accepted = Vec::new();
        for comp in &fw.competencies {
            for cr in &comp.criteria {
                criteria.insert(
                    cr.id.as_str(),
                    u32::try_from(norms.len()).unwrap_or(u32::MAX),
                );
                norms.push(match &cr.measure {
                    Measure::Rating { min, max } => Norm::Rating {
                        min: min.unwrap_or(fw.rating_scale.min),
                        max: max.unwrap_or(fw.rating_scale.max),
                    },
                    Measure::Binary {} => Norm::Binary,
                    Measure::Rate { target } => Norm::Rate { target: *target },
                    Measure::Count { target } => Norm::Count { target: *target },
                });
                for k in &fw.evidence_kinds {
                    accepted.push(cr.kinds.as_ref().is_none_or(|ks| ks.contains(&k.id)));
                }
            }
        }
        let decay = match policy.half_life_days {
            Some(h) => (0..DECAY_TABLE)
                .map(|age| (-(age as f64) / h).exp2())
                .collect(),
            None => Vec::new(),
        };
        // Fixed point: the largest possible w·v (the largest kind weight)
        // maps to at most 2^QUANTUM_BITS, a power of two, so that a weight
        // from 2^52 quanta up is exactly the `f64` weight.
        let max_w = kind_weights
            .iter()
            .copied()
            .fold(f64::MIN_POSITIVE, f64::max);
        let quantum = (f64::from(QUANTUM_BITS) - max_w.log2().ceil()).exp2();
        let min_weight = max_w * f64::from(-RESOLUTION_BITS).exp2();
        let explain_all = explain == Explain::All;
        let domain_of = fw
            .competencies
            .iter()
            .map(|c| {
                fw.domains
                    .iter()
                    .position(|d| d.id == c.domain)
                    .unwrap_or(fw.domains.len() + 1)
            })
            .collect();
        Scorer {
            fw,
            policy,
            as_of,
            explain,
            criteria,
            norms,
            accepted,
            kinds,
            kind_weights,
            decay,
            quantum,
            min_weight,
            workers: HashTable::new(),
            worker_text: String::new(),
            worker_ids: Vec::new(),
            pending: Vec::with_capacity(BATCH),
            grouped: Vec::new(),
            cells: Vec::new(),
            used: Vec::new(),
            taken_back: Vec::new(),
            held: Vec::new(),
            texts: Texts::default(),
            rejected: Vec::new(),
            items: 0,
            names: Names::new(fw),
            inbox: Batch::default(),
            worker_map: Vec::new(),
            criterion_map: Vec::new(),
            kind_map: Vec::new(),
            domain_of,
            explain_all,
            explained: None,
            history: None,
        }
    }

    /// A scorer for `fw` at `as_of` that also scores some workers at other
    /// dates (each date as that run's `as_of`), in the same single pass over
    /// the items: `history` maps worker ids to their dates. What it costs
    /// is one set of sums per tracked worker and date; the items are not
    /// copied per date. [`Scorer::finish_history`] gives both results.
    pub fn with_history(
        fw: &'f Framework,
        as_of: Date,
        policy: ScoringPolicy,
        explain: Explain,
        history: impl IntoIterator<Item = (String, Vec<Date>)>,
    ) -> Scorer<'f> {
        let mut s = Scorer::new(fw, as_of, policy, explain);
        let mut h = History::default();
        for (worker, mut dates) in history {
            dates.sort_unstable();
            dates.dedup();
            h.all.extend_from_slice(&dates);
            let entry = h.wanted.entry(worker).or_default();
            entry.extend(dates);
            entry.sort_unstable();
            entry.dedup();
        }
        h.all.sort_unstable();
        h.all.dedup();
        if !h.all.is_empty() {
            s.history = Some(Box::new(h));
        }
        s
    }

    fn worker_index(&mut self, worker: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(worker);
        let (text, spans) = (&self.worker_text, &self.worker_ids);
        let found = self.workers.find(hash, |k| {
            k.is(hash, worker, |i| {
                spans.get(i as usize).and_then(|s| text.get(s.0..s.1)) == Some(worker)
            })
        });
        if let Some(k) = found {
            return k.index;
        }
        let i = u32::try_from(self.worker_ids.len()).unwrap_or(u32::MAX);
        let start = self.worker_text.len();
        self.worker_text.push_str(worker);
        self.worker_ids.push((start, self.worker_text.len()));
        self.workers
            .insert_unique(hash, WorkerKey::new(hash, i, worker), |k| k.hash);
        if matches!(&self.explain, Explain::Worker(x) if x == worker) {
            self.explained = Some(i);
        }
        let n = self.worker_ids.len() * self.norms.len();
        self.cells.resize(n, Cell::default());
        if let Some(h) = self.history.as_mut() {
            h.worker(worker, self.norms.len());
        }
        i
    }

    /// The id of worker `i`.
    fn worker_name(&self, i: u32) -> &str {
        self.worker_ids
            .get(i as usize)
            .and_then(|s| self.worker_text.get(s.0..s.1))
            .unwrap_or("")
    }

    /// Adds the pending sum terms to the cells. When the cells outgrow the
    /// caches, the terms are first grouped by region of the cell array (one
    /// counting-sort pass on the high bits of the cell index), so memory is
    /// walked in order rather than at random; sums are integers, so the
    /// order of addition changes nothing.
    fn flush(&mut self) {
        let q = self.quantum;
        let apply = |cells: &mut [Cell], terms: &[(usize, f64, f64)]| {
            for &(i, w, v) in terms {
                if let Some(cell) = cells.get_mut(i) {
                    cell.add(quantise(w * q), quantise(w * v * q), v.to_bits());
                }
            }
        };
        let bits = usize::BITS - self.cells.len().leading_zeros();
        if bits <= CACHED_CELL_BITS {
            apply(&mut self.cells, &self.pending);
        } else {
            let shift = bits - REGION_BITS;
            group_by(
                &self.pending,
                1 << REGION_BITS,
                |p| p.0 >> shift,
                &mut self.grouped,
            );
            apply(&mut self.cells, &self.grouped);
        }
        self.pending.clear();
    }

    fn reject(&mut self, item: &ItemRef<'_>, line: u64, reason: Reason, detail: String) {
        let id = item.id.map(|id| self.texts.share(id));
        self.rejected.push(Rejection {
            id,
            line,
            worker: item.worker.to_string(),
            criterion: item.criterion.to_string(),
            reason,
            detail,
        });
    }

    /// Weight at `as_of` of an item of `kind` dated `date`.
    fn weight(&self, kind: u16, date: Date) -> f64 {
        self.weight_at(kind, self.as_of.days_since(date))
    }

    /// Weight of an item of `kind` `age` days old.
    fn weight_at(&self, kind: u16, age: i64) -> f64 {
        let decay = match self.policy.half_life_days {
            None => 1.0,
            Some(h) => match usize::try_from(age).ok().and_then(|a| self.decay.get(a)) {
                Some(d) => *d,
                None => (-(age as f64) / h).exp2(),
            },
        };
        self.kind_weights.get(kind as usize).copied().unwrap_or(0.0) * decay
    }

    /// Takes one item, read from input line (or position) `line`. Items
    /// are gathered into a [`Batch`] and scored in bulk (see
    /// [`Scorer::push_batch`]); the result is the same as pushing the batch.
    pub fn push(&mut self, item: ItemRef<'_>, line: usize) {
        self.inbox.push(&item, line);
        if self.inbox.len() >= INBOX_ITEMS {
            self.drain_inbox();
        }
    }

    /// Takes every item of `batch`, in order, as if each were pushed. Each
    /// distinct worker, criterion and kind of the batch is looked up once.
    pub fn push_batch(&mut self, batch: &Batch) {
        self.drain_inbox();
        self.score_batch(batch);
    }

    fn drain_inbox(&mut self) {
        if self.inbox.is_empty() {
            return;
        }
        let mut inbox = std::mem::take(&mut self.inbox);
        self.score_batch(&inbox);
        inbox.clear();
        self.inbox = inbox;
    }

    fn score_batch(&mut self, batch: &Batch) {
        let mut workers = std::mem::take(&mut self.worker_map);
        workers.clear();
        workers.extend(batch.workers().iter().map(|w| self.worker_index(w)));
        let mut criteria = std::mem::take(&mut self.criterion_map);
        criteria.clear();
        criteria.extend(
            batch
                .criteria()
                .iter()
                .map(|c| self.criteria.get(c).copied().unwrap_or(UNKNOWN)),
        );
        let mut kinds = std::mem::take(&mut self.kind_map);
        kinds.clear();
        kinds.extend(
            batch
                .kinds()
                .iter()
                .map(|k| self.kinds.get(k).map_or(UNKNOWN, |&k| u32::from(k))),
        );
        for row in batch.rows() {
            let worker = workers.get(row.worker() as usize).copied().unwrap_or(0);
            let criterion = criteria
                .get(row.criterion() as usize)
                .copied()
                .unwrap_or(UNKNOWN);
            let kind = kinds.get(row.kind() as usize).copied().unwrap_or(UNKNOWN);
            self.score_row(batch, &row, worker, criterion, kind);
        }
        self.worker_map = workers;
        self.criterion_map = criteria;
        self.kind_map = kinds;
    }

    /// Scores one row whose worker, criterion and kind are already
    /// resolved (`UNKNOWN` when not in the framework).
    fn score_row(
        &mut self,
        batch: &Batch,
        row: &RowRef<'_>,
        worker: u32,
        criterion: u32,
        kind: u32,
    ) {
        let line = row.line();
        self.items += 1;
        if criterion == UNKNOWN {
            let item = batch.item(row);
            let detail = format!(
                "criterion `{}` is not in framework `{}`",
                crate::base::text::clip(item.criterion, 60),
                self.fw.id
            );
            return self.reject(&item, line, Reason::UnknownCriterion, detail);
        }
        if kind == UNKNOWN {
            let item = batch.item(row);
            let detail = format!(
                "kind `{}` is not an evidence kind of framework `{}`",
                crate::base::text::clip(item.kind, 60),
                self.fw.id
            );
            return self.reject(&item, line, Reason::UnknownKind, detail);
        }
        let kind = u16::try_from(kind).unwrap_or(u16::MAX);
        let ci = criterion as usize;
        let nk = self.kind_weights.len();
        if !self
            .accepted
            .get(ci * nk + kind as usize)
            .copied()
            .unwrap_or(false)
        {
            let item = batch.item(row);
            let detail = format!(
                "criterion `{}` does not accept `{}` evidence",
                item.criterion, item.kind
            );
            return self.reject(&item, line, Reason::KindNotAccepted, detail);
        }
        let norm = self.norms.get(ci).copied().unwrap_or(Norm::Binary);
        let value = match parse(norm, row.value(), row.numerator(), row.denominator()) {
            Ok(p) => p,
            Err(detail) => {
                return self.reject(&batch.item(row), line, Reason::InvalidValue, detail)
            }
        };
        let (date, expires) = (row.date(), row.expires());
        let main = self.fit(kind, date, expires, self.as_of);
        let id = row.id();
        if let Some(mut h) = self.history.take() {
            let fact = Fact {
                worker,
                criterion,
                kind,
                norm,
                value,
                date,
                expires,
                has_id: id.is_some(),
            };
            let alive = h.row(self, &fact);
            self.history = Some(h);
            if let (Some(id), Err(_), true) = (id, main, alive) {
                // Counts at a date of the history only: held for it.
                self.hold(row, id, worker, criterion, kind, value, false);
            }
        }
        let w = match main {
            Ok(w) => w,
            Err(unfit) => return self.reject_unfit(batch, row, unfit),
        };
        let v = normalised(norm, value);
        match id {
            None => self.add(worker, criterion, kind, NO_TEXT, line, date, w, v),
            Some(id) => {
                // Counted now (on the scoring thread, while the reader
                // reads) and taken back out if its id turns out to be a
                // duplicate or a conflict.
                let text = self.hold(row, id, worker, criterion, kind, value, true);
                self.add(worker, criterion, kind, text, line, date, w, v);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn hold(
        &mut self,
        row: &RowRef<'_>,
        id: &str,
        worker: u32,
        criterion: u32,
        kind: u16,
        value: Parsed,
        main: bool,
    ) -> TextRef {
        let texts = self.texts.add_row(row.texts(), row.lens());
        self.held.push(Held {
            hash: FxBuildHasher.hash_one(id),
            line: row.line(),
            worker,
            criterion,
            kind,
            date: row.date(),
            expires: row.expires(),
            value,
            texts,
            main,
        });
        texts[0]
    }

    /// The weight at `when` of an item of `kind` dated `date`, or why it
    /// does not count then: the time checks of the policy, first failing
    /// reason wins.
    fn fit(&self, kind: u16, date: Date, expires: Option<Date>, when: Date) -> Result<f64, Unfit> {
        if date > when {
            return Err(Unfit::Future);
        }
        if let Some(exp) = expires.filter(|e| *e < when) {
            return Err(Unfit::Expired(exp));
        }
        let age = when.days_since(date);
        if let Some(max) = self.policy.max_age_days.filter(|m| age > i64::from(*m)) {
            return Err(Unfit::TooOld(age, max));
        }
        let w = self.weight_at(kind, age);
        if w < self.min_weight {
            return Err(Unfit::Faded(age, w));
        }
        Ok(w)
    }

    /// Rejects an item that does not count at `as_of`.
    #[cold]
    fn reject_unfit(&mut self, batch: &Batch, row: &RowRef<'_>, unfit: Unfit) {
        let as_of = self.as_of;
        let (reason, detail) = match unfit {
            Unfit::Future => (
                Reason::Future,
                format!("date {} is after as_of {as_of}", row.date()),
            ),
            Unfit::Expired(exp) => (
                Reason::Expired,
                format!("expired on {exp}, before as_of {as_of}"),
            ),
            Unfit::TooOld(age, max) => (
                Reason::Expired,
                format!("{age} days old, over the maximum age of {max} days"),
            ),
            Unfit::Faded(age, w) => {
                let half_lives = self.policy.half_life_days.map_or(0.0, |h| age as f64 / h);
                (
                    Reason::Expired,
                    format!(
                        "{age} days old ({} half-lives): its weight `{}` is below 2^-{RESOLUTION_BITS} of the heaviest kind weight, too small to count",
                        crate::base::text::Num((half_lives * 10.0).round() / 10.0),
                        crate::base::text::Found(w)
                    ),
                )
            }
        };
        self.reject(&batch.item(row), row.line(), reason, detail);
    }

    /// The id, assessor and note of a held item.
    fn held_texts(&self, h: &Held) -> [Option<&str>; 3] {
        h.texts.map(|t| self.texts.get(t))
    }

    /// The id of a held item.
    fn held_id(&self, h: &Held) -> &str {
        self.texts.get(h.texts[0]).unwrap_or("")
    }

    fn cell_index(&self, worker: u32, criterion: u32) -> usize {
        worker as usize * self.norms.len() + criterion as usize
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        worker: u32,
        criterion: u32,
        kind: u16,
        id: TextRef,
        line: u64,
        date: Date,
        w: f64,
        v: f64,
    ) {
        let cell_index = self.cell_index(worker, criterion);
        self.pending.push((cell_index, w, v + 0.0));
        if self.pending.len() >= BATCH {
            self.flush();
        }
        if self.explains(worker) {
            self.used.push(Contribution {
                worker,
                criterion,
                line,
                id,
                kind,
                date,
                w,
                v,
            });
        }
    }

    /// Whether `worker`'s used items are kept for explanations.
    fn explains(&self, worker: u32) -> bool {
        self.explain_all || self.explained == Some(worker)
    }

    /// The id of a kept item.
    fn used_id(&self, c: &Contribution) -> Option<&str> {
        self.texts.get(c.id)
    }

    /// The kept items grouped by worker (in arrival order within each),
    /// without those taken back, and where each worker's run starts.
    fn used_by_worker(&mut self) -> (Vec<Contribution>, Vec<usize>) {
        let mut used = std::mem::take(&mut self.used);
        let mut taken: FxHashMap<TakenBack, u32> = FxHashMap::default();
        for t in std::mem::take(&mut self.taken_back) {
            *taken.entry(t).or_insert(0) += 1;
        }
        if !taken.is_empty() {
            used.retain(|c| {
                match taken.get_mut(&(c.worker, c.criterion, c.line, c.kind, c.date)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        let mut grouped = Vec::new();
        let bounds = group_by(
            &used,
            self.worker_ids.len(),
            |c| c.worker as usize,
            &mut grouped,
        );
        (grouped, bounds)
    }

    /// Takes a counted item back out of its criterion's sums (exactly: the
    /// same terms are subtracted as were added).
    fn retract(&mut self, h: &Held) {
        let w = self.weight(h.kind, h.date);
        let norm = self
            .norms
            .get(h.criterion as usize)
            .copied()
            .unwrap_or(Norm::Binary);
        let v = normalised(norm, h.value) + 0.0;
        let q = self.quantum;
        let cell_index = self.cell_index(h.worker, h.criterion);
        if let Some(cell) = self.cells.get_mut(cell_index) {
            cell.sub(quantise(w * q), quantise(w * v * q));
        }
        if self.explains(h.worker) {
            self.taken_back
                .push((h.worker, h.criterion, h.line, h.kind, h.date));
        }
    }

    fn same_content(&self, a: &Held, b: &Held) -> bool {
        a.worker == b.worker
            && a.criterion == b.criterion
            && a.kind == b.kind
            && a.date == b.date
            && a.expires == b.expires
            && a.value == b.value
            && self.held_texts(a) == self.held_texts(b)
    }

    /// Settles items sharing an id. [`repeated_hashes`] finds the held
    /// items whose id hash was seen before; only they (usually none) are
    /// grouped with the first of their hash and looked at, split by id text.
    fn settle_ids(&mut self) {
        let held = std::mem::take(&mut self.held);
        let mut history = self.history.take();
        let mut again = repeated_hashes(held.iter().map(|h| h.hash));
        again.sort_unstable();
        for run in again.chunk_by(|a, b| a.0 == b.0) {
            let first = run.first().map_or(0, |e| e.0);
            let mut run: Vec<(u32, &Held)> = std::iter::once(first)
                .chain(run.iter().map(|e| e.1))
                .filter_map(|i| held.get(i as usize).map(|h| (i, h)))
                .collect();
            // Different ids may share a hash: split the run by id text.
            while let Some(&(_, first)) = run.first() {
                let id = first.texts[0];
                let text = self.held_id(first);
                let (mut group, rest): (Vec<_>, Vec<_>) =
                    run.iter().partition(|(_, h)| self.held_id(h) == text);
                run = rest;
                if group.len() > 1 {
                    group.sort_by_key(|&(i, h)| (h.line, i));
                    let main: Vec<(u32, &Held)> =
                        group.iter().copied().filter(|(_, h)| h.main).collect();
                    if main.len() > 1 {
                        self.settle_group(id, &main);
                    }
                    if let Some(h) = history.as_mut() {
                        h.group(self, &group);
                    }
                }
            }
        }
        self.history = history;
        self.flush();
        if self.used.is_empty() {
            // Nothing refers to the texts any more (rejections share their
            // own copies).
            self.texts = Texts::default();
        }
    }

    /// Settles the items sharing id `id` (in line order): identical copies
    /// count once (the first), differing ones none; the others are taken
    /// back out of the sums and rejected.
    fn settle_group(&mut self, id: TextRef, group: &[(u32, &Held)]) {
        let Some(((_, first), copies)) = group.split_first() else {
            return;
        };
        let identical = copies.iter().all(|(_, h)| self.same_content(first, h));
        let n = group.len();
        let keep = usize::from(identical);
        let shared = self.texts.shared(id);
        let quoted = crate::base::text::clip(self.texts.get(id).unwrap_or(""), 40);
        for (i, (_, h)) in group.iter().enumerate() {
            if i < keep {
                continue;
            }
            self.retract(h);
            let worker = self.worker_name(h.worker).to_string();
            let criterion = self
                .names
                .criteria
                .get(h.criterion as usize)
                .map(|c| c.to_string())
                .unwrap_or_default();
            let (reason, detail) = if identical {
                (
                    Reason::Duplicate,
                    format!(
                        "identical copy of the item with id `{quoted}` on line {}",
                        first.line
                    ),
                )
            } else {
                (
                    Reason::ConflictingId,
                    format!("id `{quoted}` is shared by {n} items that differ"),
                )
            };
            self.rejected.push(Rejection {
                id: shared.clone(),
                line: h.line,
                worker,
                criterion,
                reason,
                detail,
            });
        }
    }

    /// The date scores are computed at.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// As [`Scorer::finish_with`], and the standings of the workers of
    /// [`Scorer::with_history`] at their dates.
    pub fn finish_history(mut self, each: impl FnMut(WorkerScore)) -> (ScoreResult, Standings) {
        self.drain_inbox();
        self.flush();
        self.settle_ids();
        let standings = self
            .history
            .take()
            .map(|h| h.standings(&self))
            .unwrap_or_default();
        (self.finish_map(|w| w, each), standings)
    }

    /// Settles duplicates and conflicts and computes every score.
    pub fn finish(self) -> ScoreResult {
        let mut workers = Vec::with_capacity(self.worker_ids.len());
        let mut result = self.finish_with(|w| workers.push(w));
        result.workers = workers;
        result
    }

    /// As [`Scorer::finish`], but hands each worker's result to `each`, in
    /// worker id order, as it is built (a few thousand at a time), instead
    /// of keeping them all: what a large result costs in memory is then one
    /// chunk of workers. The result returned has everything else (counts,
    /// rejections) and no `workers`.
    pub fn finish_with(self, each: impl FnMut(WorkerScore)) -> ScoreResult {
        self.finish_map(|w| w, each)
    }

    /// As [`Scorer::finish_with`], with `map` applied to each worker's
    /// result on the thread that built it (e.g. to write it out as text:
    /// that work is then shared by the threads too, and the result is freed
    /// where it was made); `each` gets what `map` returns, in worker id
    /// order.
    pub fn finish_map<T: Send>(
        self,
        map: impl Fn(WorkerScore) -> T + Sync,
        each: impl FnMut(T),
    ) -> ScoreResult {
        self.finish_stream(|_, _| {}, map, each)
    }

    /// As [`Scorer::finish_map`], with `head` called first, before any
    /// worker's result is built: with the result as returned at the end
    /// (counts, rejections, no `workers`) and the worker ids in the order
    /// `each` will get them. What a writer needs to start: the fields that
    /// come before `workers` in JSON, or a table's column widths.
    pub fn finish_stream<T: Send>(
        mut self,
        head: impl FnOnce(&ScoreResult, &mut dyn Iterator<Item = &str>),
        map: impl Fn(WorkerScore) -> T + Sync,
        each: impl FnMut(T),
    ) -> ScoreResult {
        self.drain_inbox();
        self.flush();
        self.settle_ids();
        self.rejected
            .sort_by(|a, b| (a.line, &a.id).cmp(&(b.line, &b.id)));
        // Workers by id: the first 8 bytes as a big-endian number decide
        // most comparisons without touching the texts.
        let mut keyed: Vec<(u64, u32)> = (0..u32::try_from(self.worker_ids.len())
            .unwrap_or(u32::MAX))
            .map(|w| {
                let mut prefix = [0u8; 8];
                let name = self.worker_name(w).as_bytes();
                let n = name.len().min(8);
                if let (Some(dst), Some(src)) = (prefix.get_mut(..n), name.get(..n)) {
                    dst.copy_from_slice(src);
                }
                (u64::from_be_bytes(prefix), w)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.worker_name(a.1).cmp(self.worker_name(b.1)))
        });
        let order: Vec<u32> = keyed.into_iter().map(|(_, w)| w).collect();
        let rejected = self.rejected.len() as u64;
        let result = ScoreResult {
            framework: self.fw.id.clone(),
            framework_version: self.fw.version.clone(),
            as_of: self.as_of,
            policy: self.policy.clone(),
            counts: Counts {
                items: self.items,
                used: self.items - rejected,
                rejected,
            },
            workers: Vec::new(),
            rejected: std::mem::take(&mut self.rejected),
        };
        head(&result, &mut order.iter().map(|&w| self.worker_name(w)));
        self.worker_scores(&order, map, each);
        result
    }

    /// Every worker's result, in `order`, through `map` to `each`; built a chunk
    /// of [`RESULT_CHUNK`] workers at a time, on several threads when there
    /// are many workers.
    fn worker_scores<T: Send>(
        &mut self,
        order: &[u32],
        map: impl Fn(WorkerScore) -> T + Sync,
        mut each: impl FnMut(T),
    ) {
        let (mut used, bounds) = self.used_by_worker();
        let mut slots: Vec<Option<&mut [Contribution]>> = Vec::with_capacity(order.len());
        let mut rest: &mut [Contribution] = &mut used;
        for w in bounds.windows(2) {
            let len = w.get(1).copied().unwrap_or(0) - w.first().copied().unwrap_or(0);
            let len = len.min(rest.len());
            let (mine, after) = std::mem::take(&mut rest).split_at_mut(len);
            slots.push(Some(mine));
            rest = after;
        }
        // Threads pay off from a few thousand workers. Each shares its own
        // copies of the names: one set of reference counts per thread, not
        // one contended by all.
        let threads = if order.len() < 2048 {
            1
        } else {
            parallel::threads_for(order.len(), 4)
        };
        let this = &*self;
        let mut jobs: Vec<(u32, &mut [Contribution])> = Vec::new();
        for chunk in order.chunks(RESULT_CHUNK) {
            jobs.clear();
            jobs.extend(chunk.iter().map(|&w| {
                let mine = slots
                    .get_mut(w as usize)
                    .and_then(Option::take)
                    .unwrap_or_default();
                (w, mine)
            }));
            let built = parallel::map_in_order(
                &mut jobs,
                threads,
                || Names::new(this.fw),
                |names, (w, c)| map(this.worker_score(names, *w, c)),
            );
            built.into_iter().for_each(&mut each);
        }
    }

    /// A competency's score, coverage, items and whether it is assessed,
    /// from the score and items of each of its criteria (in order).
    fn numbers(
        &self,
        comp: &crate::model::Competency,
        criteria: impl Iterator<Item = (Option<f64>, u64)>,
    ) -> Numbers {
        let (mut mean, mut total, mut items) = (Mean::default(), 0.0, 0u64);
        for (cr, (score, n)) in comp.criteria.iter().zip(criteria) {
            total += cr.weight;
            if let Some(s) = score {
                mean.add(cr.weight, s);
            }
            items += n;
        }
        let score = mean.get();
        let coverage = if total > 0.0 {
            mean.weights / total
        } else {
            0.0
        };
        let assessed = score.is_some()
            && items >= u64::from(self.policy.min_items)
            && coverage >= self.policy.min_coverage - LEVEL_EPSILON;
        Numbers {
            score,
            coverage,
            items,
            assessed,
        }
    }

    /// One worker's result; `used` are its kept items (empty without
    /// explanations), in any order.
    fn worker_score(&self, names: &Names, worker: u32, used: &mut [Contribution]) -> WorkerScore {
        let fw = self.fw;
        // By criterion, then as explanations list them: date, id, line.
        used.sort_unstable_by(|a, b| {
            (a.criterion, a.date, self.used_id(a), a.line).cmp(&(
                b.criterion,
                b.date,
                self.used_id(b),
                b.line,
            ))
        });
        let mut used: &[Contribution] = used;
        let base = self.cell_index(worker, 0);
        let mut flat = 0usize;
        let mut competencies = Vec::with_capacity(fw.competencies.len());
        for (ci, comp) in fw.competencies.iter().enumerate() {
            let mut criteria = Vec::with_capacity(comp.criteria.len());
            for cr in &comp.criteria {
                let cell = self.cells.get(base + flat).copied().unwrap_or_default();
                let weight = cell.weight();
                let score = cell.score();
                let here = used
                    .iter()
                    .take_while(|c| c.criterion as usize == flat)
                    .count();
                let (mine, after) = used.split_at(here.min(used.len()));
                used = after;
                let evidence: Vec<EvidenceUse> = mine
                    .iter()
                    .map(|c| EvidenceUse {
                        id: self.texts.shared(c.id),
                        line: c.line,
                        kind: names
                            .kinds
                            .get(c.kind as usize)
                            .cloned()
                            .unwrap_or_else(|| "".into()),
                        date: c.date,
                        weight: c.w,
                        value: c.v,
                    })
                    .collect();
                criteria.push(CriterionScore {
                    id: names
                        .criteria
                        .get(flat)
                        .cloned()
                        .unwrap_or_else(|| cr.id.as_str().into()),
                    score,
                    items: cell.n,
                    weight: weight / self.quantum,
                    evidence,
                });
                flat += 1;
            }
            let Numbers {
                score,
                coverage,
                items,
                assessed,
            } = self.numbers(comp, criteria.iter().map(|c| (c.score, c.items)));
            let level = if assessed {
                score
                    .and_then(|s| level_index(fw, s))
                    .and_then(|l| names.levels.get(l).cloned())
            } else {
                None
            };
            competencies.push(CompetencyScore {
                id: names
                    .competencies
                    .get(ci)
                    .cloned()
                    .unwrap_or_else(|| comp.id.as_str().into()),
                score,
                level,
                status: if assessed {
                    Status::Assessed
                } else {
                    Status::InsufficientEvidence
                },
                coverage,
                items,
                criteria,
            });
        }
        // Domain and overall means over assessed competencies, in one pass.
        let mut means = vec![Mean::default(); fw.domains.len() + 1];
        for ((comp, result), &d) in fw
            .competencies
            .iter()
            .zip(&competencies)
            .zip(&self.domain_of)
        {
            if let (Status::Assessed, Some(s)) = (result.status, result.score) {
                for at in [d, fw.domains.len()] {
                    if let Some(m) = means.get_mut(at) {
                        m.add(comp.weight, s);
                    }
                }
            }
        }
        let mean = |at: usize| -> Option<f64> { means.get(at).and_then(Mean::get) };
        let domains = fw
            .domains
            .iter()
            .enumerate()
            .map(|(di, d)| DomainScore {
                id: names
                    .domains
                    .get(di)
                    .cloned()
                    .unwrap_or_else(|| d.id.as_str().into()),
                score: mean(di),
            })
            .collect();
        WorkerScore {
            worker: self.worker_name(worker).to_string(),
            overall: mean(fw.domains.len()),
            domains,
            competencies,
        }
    }
}

/// Counting sort: `items` into `out` by `key` (below `buckets`), keeping
/// their order within each bucket; returns where each bucket starts in
/// `out`, and where the last ends (`buckets + 1` positions). One pass to
/// count, one to place: memory is walked in order, and each bucket can then
/// be worked on while it is in cache.
fn group_by<T: Copy>(
    items: &[T],
    buckets: usize,
    key: impl Fn(&T) -> usize,
    out: &mut Vec<T>,
) -> Vec<usize> {
    let mut starts = vec![0usize; buckets + 1];
    for x in items {
        if let Some(c) = starts.get_mut(key(x) + 1) {
            *c += 1;
        }
    }
    for b in 1..starts.len() {
        let before = starts.get(b - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(b) {
            *c += before;
        }
    }
    let bounds = starts.clone();
    out.clear();
    if let Some(&first) = items.first() {
        out.resize(items.len(), first);
    }
    for &x in items {
        if let Some(at) = starts.get_mut(key(&x)) {
            if let Some(slot) = out.get_mut(*at) {
                *slot = x;
            }
            *at += 1;
        }
    }
    bounds
}

/// For each hash equal to an earlier one, `(position of the first, its
/// position)`. A counting sort on the top bits of the hashes ([`group_by`])
/// puts them in buckets of a few dozen (in order within each), and each
/// bucket is checked with a small table that stays in cache, so memory is
/// walked in order rather than at random as one large table would be.
fn repeated_hashes(hashes: impl ExactSizeIterator<Item = u64>) -> Vec<(u32, u32)> {
    let n = hashes.len();
    let bits = (usize::BITS - (n / 16).leading_zeros()).clamp(1, 16);
    let shift = 64 - bits;
    let keyed: Vec<(u64, u32)> = hashes
        .enumerate()
        .map(|(i, h)| (h, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut keys = Vec::new();
    let bounds = group_by(
        &keyed,
        1 << bits,
        |&(h, _)| (h >> shift) as usize,
        &mut keys,
    );
    drop(keyed);
    let mut again = Vec::new();
    // Open addressing on the bits below the bucket's; `EMPTY` marks a free
    // slot (a real position is never u32::MAX: items are counted in u32).
    const EMPTY: (u64, u32) = (0, u32::MAX);
    let mut table: Vec<(u64, u32)> = Vec::new();
    for w in bounds.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let Some(bucket) = keys.get(a..b) else {
            continue;
        };
        if bucket.len() < 2 {
            continue;
        }
        let size = (bucket.len() * 2).next_power_of_two();
        table.clear();
        table.resize(size, EMPTY);
        let mask = size - 1;
        for &(h, i) in bucket {
            let mut at = (h as usize) & mask;
            loop {
                match table.get_mut(at) {
                    Some(slot) if slot.1 == u32::MAX => {
                        *slot = (h, i);
                        break;
                    }
                    Some(slot) if slot.0 == h => {
                        again.push((slot.1, i));
                        break;
                    }
                    Some(_) => at = (at + 1) & mask,
                    None => break,
                }
            }
        }
    }
    again
}

/// The id of the highest level whose threshold is at most `score`.
pub fn level_of(fw: &Framework, score: f64) -> Option<String> {
    level_index(fw, score)
        .and_then(|i| fw.levels.get(i))
        .map(|l| l.id.clone())
}

/// The index of the highest level whose threshold is at most `score`.
pub fn level_index(fw: &Framework, score: f64) -> Option<usize> {
    fw.levels
        .iter()
        .rposition(|l| l.threshold <= score + LEVEL_EPSILON)
}

fn show(v: Option<ValueRef<'_>>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "missing".into(),
    }
}

/// Why a value that should be a number is not one (out of the hot path).
#[cold]
fn not_finite(what: &str, v: Option<ValueRef<'_>>) -> String {
    format!("{what} {} is not a finite number", show(v))
}

/// Checks an item's value against its measure; returns it parsed, or why
/// it is invalid.
fn parse(
    norm: Norm,
    value: Option<ValueRef<'_>>,
    numerator: Option<ValueRef<'_>>,
    denominator: Option<ValueRef<'_>>,
) -> Result<Parsed, String> {
    let finite = |v: Option<ValueRef<'_>>, what: &str| -> Result<f64, String> {
        match v.and_then(ValueRef::number) {
            Some(n) if n.is_finite() => Ok(n + 0.0),
            _ => Err(not_finite(what, v)),
        }
    };
    match norm {
        Norm::Rating { min, max } => {
            let x = finite(value, "rating")?;
            if x < min || x > max {
                return Err(format!(
                    "rating `{}` is outside the scale {}–{}",
                    Num(x),
                    Num(min),
                    Num(max)
                ));
            }
            Ok([x, 0.0])
        }
        Norm::Binary => match value.and_then(ValueRef::boolean) {
            Some(b) => Ok([if b { 1.0 } else { 0.0 }, 0.0]),
            None => Err(format!(
                "value {} is not yes/no (true/false, yes/no, 1/0)",
                show(value)
            )),
        },
        Norm::Rate { .. } => {
            let num = finite(numerator, "numerator")?;
            let den = finite(denominator, "denominator")?;
            if den <= 0.0 {
                return Err(format!("denominator `{}` must be greater than 0", Num(den)));
            }
            if num < 0.0 {
                return Err(format!("numerator `{}` must not be negative", Num(num)));
            }
            Ok([num, den])
        }
        Norm::Count { .. } => {
            let x = finite(value, "count")?;
            if x < 0.0 || x.fract() != 0.0 {
                return Err(format!("count `{}` must be a whole number ≥ 0", Num(x)));
            }
            Ok([x, 0.0])
        }
    }
}

/// The normalised value in [0, 1] of a parsed value.
fn normalised(norm: Norm, [a, b]: Parsed) -> f64 {
    match norm {
        Norm::Rating { min, max } => (a - min) / (max - min),
        Norm::Binary => a,
        Norm::Rate { target } => ((a / b) / target).min(1.0),
        Norm::Count { target } => (a / target).min(1.0),
    }
}

/// Scores owned items (e.g. built in code); `line` is the 1-based position.
pub fn score_items<'a>(
    fw: &Framework,
    items: impl IntoIterator<Item = &'a crate::evidence::EvidenceItem>,
    as_of: Date,
    policy: ScoringPolicy,
    explain: Explain,
) -> ScoreResult {
    let mut s = Scorer::new(fw, as_of, policy, explain);
    for (i, item) in items.into_iter().enumerate() {
        s.push(item.as_item_ref(), i + 1);
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::{quantise, repeated_hashes, Cell, Mean, MIXED, QUANTUM_BITS};

    /// `floor(x)` for `x` in [0, 2^QUANTUM_BITS], from its bits.
    fn floor(x: f64) -> u128 {
        let bits = x.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i32 - 1075;
        let m = u128::from((bits & ((1 << 52) - 1)) | if x == 0.0 { 0 } else { 1 << 52 });
        if e >= 0 {
            m << e
        } else {
            m >> (-e).min(127)
        }
    }

    #[test]
    fn quantise_is_the_exact_floor() {
        let mut state = 0x5eed_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Magnitudes from 2^-10 to 2^QUANTUM_BITS.
            let e = (state % 98) as i32 - 10;
            let x = (1.0 + (state >> 11) as f64 / (1u64 << 53) as f64) * 2f64.powi(e);
            let x = x.min(2f64.powi(QUANTUM_BITS));
            assert_eq!(quantise(x), floor(x), "{x:e}");
        }
        for x in [
            0.0,
            0.5,
            1.0,
            2f64.powi(52),
            2f64.powi(63),
            2f64.powi(QUANTUM_BITS),
        ] {
            assert_eq!(quantise(x), floor(x), "{x:e}");
        }
    }

    #[test]
    fn means_of_equal_values_are_those_values() {
        let mut cell = Cell::default();
        let v = 0.75f64;
        for w in [3.0e25, 1.7e20, 9.9e24] {
            cell.add(quantise(w), quantise(w * v), v.to_bits());
        }
        assert_eq!(cell.score(), Some(0.75));
        cell.add(quantise(1e25), quantise(1e25 * 0.5), 0.5f64.to_bits());
        assert_eq!(cell.common, MIXED);
        let mut m = Mean::default();
        for w in [0.1, 0.7, 3.0] {
            m.add(w, 0.6499999999999999);
        }
        assert_eq!(m.get(), Some(0.6499999999999999));
        m.add(1.0, 0.2);
        assert!(m.get().is_some_and(|x| x != 0.6499999999999999));
    }

    #[test]
    fn repeated_hashes_pairs_every_later_copy_with_the_first() {
        // Hashes with many repeats, some sharing top bits but not all bits.
        let mut state = 7u64;
        let mut hashes = Vec::new();
        for _ in 0..50_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let h = ((state >> 50) << 48) | ((state >> 20) % 5);
            hashes.push(h);
        }
        let mut got = repeated_hashes(hashes.iter().copied());
        got.sort_unstable();
        let mut first = std::collections::HashMap::new();
        let mut want = Vec::new();
        for (i, h) in hashes.iter().enumerate() {
            match first.get(h) {
                Some(&f) => want.push((f, i as u32)),
                None => {
                    first.insert(*h, i as u32);
                }
            }
        }
        want.sort_unstable();
        assert!(!want.is_empty());
        assert_eq!(got, want);
        assert!(repeated_hashes([].into_iter()).is_empty());
        assert_eq!(repeated_hashes([9, 9].into_iter()), [(0, 1)]);
    }
}
