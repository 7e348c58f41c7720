//! The scoring policy as a value: evidence ageing, gates and kind weights.
//! It starts from the framework's `evidence_policy` and kind weights, and
//! callers may override any part, so other policies need no caller changes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::LoadError;
use crate::model::Framework;
use crate::validate::Checker;
use crate::yaml::LocationIndex;

/// The policy in force for one scoring run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringPolicy {
    /// Age in days at which an item's weight halves; `null`: no decay.
    pub half_life_days: Option<f64>,
    /// Older items are rejected as expired; `null`: no limit.
    pub max_age_days: Option<u32>,
    /// Used items a competency needs to be assessed.
    pub min_items: u32,
    /// Share of criterion weight (0–1) that must have evidence.
    pub min_coverage: f64,
    /// Weight of one item of each evidence kind.
    pub kind_weights: BTreeMap<String, f64>,
}

/// Changes to a framework's default policy. Absent fields keep the default;
/// `half_life_days: null` / `max_age_days: null` switch decay / the age
/// limit off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyOverrides {
    /// See [`ScoringPolicy::half_life_days`].
    #[serde(
        default,
        deserialize_with = "some",
        skip_serializing_if = "Option::is_none"
    )]
    pub half_life_days: Option<Option<f64>>,
    /// See [`ScoringPolicy::max_age_days`].
    #[serde(
        default,
        deserialize_with = "some",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_age_days: Option<Option<u32>>,
    /// See [`ScoringPolicy::min_items`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    /// See [`ScoringPolicy::min_coverage`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_coverage: Option<f64>,
    /// Replacement weights for some evidence kinds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kind_weights: BTreeMap<String, f64>,
}

/// Distinguishes an explicit `null` (Some(None)) from an absent field (None).
fn some<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl ScoringPolicy {
    /// The framework's default policy.
    pub fn for_framework(fw: &Framework) -> ScoringPolicy {
        let p = &fw.evidence_policy;
        ScoringPolicy {
            half_life_days: p.half_life_days,
            max_age_days: p.max_age_days,
            min_items: p.min_items,
            min_coverage: p.min_coverage,
            kind_weights: fw
                .evidence_kinds
                .iter()
                .map(|k| (k.id.clone(), k.weight))
                .collect(),
        }
    }

    /// The framework's policy with `overrides` applied, checked.
    pub fn with_overrides(
        fw: &Framework,
        overrides: &PolicyOverrides,
    ) -> Result<ScoringPolicy, LoadError> {
        let mut p = ScoringPolicy::for_framework(fw);
        let index = LocationIndex::default();
        let mut c = Checker::new(&index);
        if let Some(h) = overrides.half_life_days {
            if let Some(h) = h {
                c.positive("half_life_days".into(), "half-life in days", h);
            }
            p.half_life_days = h;
        }
        if let Some(m) = overrides.max_age_days {
            p.max_age_days = m;
        }
        if let Some(m) = overrides.min_items {
            p.min_items = m;
        }
        if let Some(m) = overrides.min_coverage {
            c.range("min_coverage".into(), "min_coverage", m, 0.0, 1.0);
            p.min_coverage = m;
        }
        let kinds: Vec<&str> = fw.evidence_kinds.iter().map(|k| k.id.as_str()).collect();
        for (kind, w) in &overrides.kind_weights {
            let path = format!("kind_weights.{kind}");
            if c.known(path.clone(), "evidence kind", kind, &kinds) {
                c.positive(path, "evidence kind weight", *w);
                p.kind_weights.insert(kind.clone(), *w);
            }
        }
        let issues = c.finish();
        if issues.is_empty() {
            Ok(p)
        } else {
            Err(LoadError::Invalid { file: None, issues })
        }
    }
}

/// Reads policy overrides from YAML or JSON text (unknown fields refused).
pub fn overrides_from_str(text: &str) -> Result<PolicyOverrides, LoadError> {
    crate::yaml::parse(text, &crate::yaml::Limits::default()).map(|(o, _)| o)
}
