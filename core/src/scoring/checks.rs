//! The checks of an item that depend only on the framework, the policy and
//! `as_of` (its criterion and kind known and accepted together, its value
//! valid for the measure, its weight at a date), shared by the scorer and
//! by the reading thread, which checks a batch ahead ([`Checks::ready`]) so
//! that the scorer's thread is left only what needs its state: worker
//! lookups, sums and held ids.

use rustc_hash::FxHashMap;

use crate::base::date::Date;
use crate::evidence::batch::{Batch, RowRef};
use crate::model::ranges::RESOLUTION_BITS;
use crate::model::{Framework, Measure};
use crate::scoring::exact::QUANTUM_BITS;
use crate::scoring::policy::ScoringPolicy;
use crate::scoring::spill::id_hash;
use crate::scoring::value::{normalised, parse, Norm, Parsed};

/// Ages (days) with a precomputed decay factor.
const DECAY_TABLE: usize = 4096;

/// A criterion or kind that is not in the framework.
pub(super) const UNKNOWN: u32 = u32::MAX;

/// The framework's criteria and kinds as numbers, and what the policy
/// makes of them; read-only while scoring (cloned for the reading thread).
#[derive(Debug, Clone)]
pub(super) struct Checks {
    pub(super) as_of: Date,
    pub(super) criteria: FxHashMap<Box<str>, u32>,
    pub(super) norms: Vec<Norm>,
    /// `accepted[criterion * kinds + kind]`.
    pub(super) accepted: Vec<bool>,
    pub(super) kinds: FxHashMap<Box<str>, u16>,
    pub(super) kind_weights: Vec<f64>,
    pub(super) half_life_days: Option<f64>,
    pub(super) max_age_days: Option<u32>,
    pub(super) decay: Vec<f64>,
    pub(super) quantum: f64,
    /// The lightest weight an item may have (see [`RESOLUTION_BITS`]).
    pub(super) min_weight: f64,
}

/// Why an item does not count at a date (after its date-independent
/// checks).
#[derive(Debug, Clone, Copy)]
pub(super) enum Unfit {
    Future,
    Expired(Date),
    TooOld(i64, u32),
    Faded(i64, f64),
}

/// Why a row fails its date-independent checks (the scorer words it).
#[derive(Debug)]
pub(super) enum Bad {
    UnknownCriterion,
    UnknownKind,
    NotAccepted,
    Invalid(String),
}

/// A row that passed its date-independent checks.
#[derive(Debug, Clone, Copy)]
pub(super) struct Checked {
    pub(super) kind: u16,
    pub(super) norm: Norm,
    pub(super) value: Parsed,
}

/// A row checked ahead: when `counts`, it passed every check at `as_of`
/// with weight `w` and normalised value `v` (and its id, if any, hashes to
/// `id_hash`); otherwise the scorer checks it again to word why not.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Ready {
    pub(super) counts: bool,
    pub(super) kind: u16,
    pub(super) criterion: u32,
    pub(super) value: Parsed,
    pub(super) w: f64,
    pub(super) v: f64,
    pub(super) id_hash: u64,
}

impl Checks {
    pub(super) fn new(fw: &Framework, as_of: Date, policy: &ScoringPolicy) -> Checks {
        let kinds: FxHashMap<Box<str>, u16> = fw
            .evidence_kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.as_str().into(), u16::try_from(i).unwrap_or(u16::MAX)))
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
                    cr.id.as_str().into(),
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
        Checks {
            as_of,
            criteria,
            norms,
            accepted,
            kinds,
            kind_weights,
            half_life_days: policy.half_life_days,
            max_age_days: policy.max_age_days,
            decay,
            quantum,
            min_weight,
        }
    }

    /// The number of each of `batch`'s criteria (into `criteria`) and kinds
    /// (into `kinds`), [`UNKNOWN`] when not in the framework.
    pub(super) fn resolve(&self, batch: &Batch, criteria: &mut Vec<u32>, kinds: &mut Vec<u32>) {
        criteria.clear();
        criteria.extend(
            batch
                .criteria()
                .iter()
                .map(|c| self.criteria.get(c).copied().unwrap_or(UNKNOWN)),
        );
        kinds.clear();
        kinds.extend(
            batch
                .kinds()
                .iter()
                .map(|k| self.kinds.get(k).map_or(UNKNOWN, |&k| u32::from(k))),
        );
    }

    /// The checks of `row` (criterion and kind resolved, [`UNKNOWN`] when
    /// not in the framework) that do not depend on the date, first failing
    /// check wins.
    #[inline]
    pub(super) fn check(
        &self,
        row: &RowRef<'_>,
        criterion: u32,
        kind: u32,
    ) -> Result<Checked, Bad> {
        if criterion == UNKNOWN {
            return Err(Bad::UnknownCriterion);
        }
        if kind == UNKNOWN {
            return Err(Bad::UnknownKind);
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
            return Err(Bad::NotAccepted);
        }
        let norm = self.norms.get(ci).copied().unwrap_or(Norm::Binary);
        let value =
            parse(norm, row.value(), row.numerator(), row.denominator()).map_err(Bad::Invalid)?;
        Ok(Checked { kind, norm, value })
    }

    /// Weight at `as_of` of an item of `kind` dated `date`.
    pub(super) fn weight(&self, kind: u16, date: Date) -> f64 {
        self.weight_at(kind, self.as_of.days_since(date))
    }

    /// Weight of an item of `kind` `age` days old.
    pub(super) fn weight_at(&self, kind: u16, age: i64) -> f64 {
        let decay = match self.half_life_days {
            None => 1.0,
            Some(h) => match usize::try_from(age).ok().and_then(|a| self.decay.get(a)) {
                Some(d) => *d,
                None => (-(age as f64) / h).exp2(),
            },
        };
        self.kind_weights.get(kind as usize).copied().unwrap_or(0.0) * decay
    }

    /// The weight at `when` of an item of `kind` dated `date`, or why it
    /// does not count then: the time checks of the policy, first failing
    /// reason wins.
    pub(super) fn fit(
        &self,
        kind: u16,
        date: Date,
        expires: Option<Date>,
        when: Date,
    ) -> Result<f64, Unfit> {
        if date > when {
            return Err(Unfit::Future);
        }
        if let Some(exp) = expires.filter(|e| *e < when) {
            return Err(Unfit::Expired(exp));
        }
        let age = when.days_since(date);
        if let Some(max) = self.max_age_days.filter(|m| age > i64::from(*m)) {
            return Err(Unfit::TooOld(age, max));
        }
        let w = self.weight_at(kind, age);
        if w < self.min_weight {
            return Err(Unfit::Faded(age, w));
        }
        Ok(w)
    }

    /// Checks every row of `batch` at `as_of` into `out` (one [`Ready`] a
    /// row), as [`crate::Scorer`] would: what the reading thread does for
    /// a scorer without a history or an aggregate other than the default
    /// (whose rows need more than these checks).
    pub(super) fn ready(&self, batch: &Batch, out: &mut Vec<Ready>, maps: &mut [Vec<u32>; 2]) {
        let [criteria, kinds] = maps;
        self.resolve(batch, criteria, kinds);
        out.clear();
        out.extend(batch.rows().map(|row| {
            let criterion = criteria
                .get(row.criterion() as usize)
                .copied()
                .unwrap_or(UNKNOWN);
            let kind = kinds.get(row.kind() as usize).copied().unwrap_or(UNKNOWN);
            let Ok(c) = self.check(&row, criterion, kind) else {
                return Ready::default();
            };
            let Ok(w) = self.fit(c.kind, row.date(), row.expires(), self.as_of) else {
                return Ready::default();
            };
            Ready {
                counts: true,
                kind: c.kind,
                criterion,
                value: c.value,
                w,
                v: normalised(c.norm, c.value),
                id_hash: row.id().map_or(0, id_hash),
            }
        }));
    }
}
