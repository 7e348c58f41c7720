//! The scoring policy as a value: evidence ageing, gates and kind weights.
//! It starts from the framework's `evidence_policy` and kind weights, and
//! callers may override any part, so other policies need no caller changes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::error::{LoadError, ValidationError};
#[cfg(test)]
use crate::input::doc::json::{JsonError, Tree};
use crate::input::doc::node::{map_f64, Node};
use crate::input::yaml::LocationIndex;
use crate::model::validate::Checker;
use crate::model::{Aggregate, Framework};

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
    /// How a criterion's items make its score (`weighted_mean` when absent).
    #[serde(default, skip_serializing_if = "Aggregate::is_default")]
    #[schemars(extend("default" = "weighted_mean"))]
    pub aggregate: Aggregate,
}

/// Changes to a framework's default policy. Absent fields keep the default;
/// `half_life_days: null` / `max_age_days: null` switch decay / the age
/// limit off.
//
// Read by `PolicyOverrides::read` (from a policy file, YAML or JSON, by
// `overrides_for`), not by serde: the serde
// attributes give its JSON Schema and its serialisation. (A plain comment:
// the doc comment is the schema's description.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyOverrides {
    /// See [`ScoringPolicy::half_life_days`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<Option<f64>>,
    /// See [`ScoringPolicy::max_age_days`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    /// See [`ScoringPolicy::aggregate`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<Aggregate>,
}

/// The fields of [`PolicyOverrides`], in order (serde's `FIELDS`).
const OVERRIDE_FIELDS: &[&str] = &[
    "half_life_days",
    "max_age_days",
    "min_items",
    "min_coverage",
    "kind_weights",
    "aggregate",
];

/// The aggregate named `name`, or serde's message for an unknown variant.
pub(crate) fn aggregate_named(name: &str) -> Result<Aggregate, String> {
    Aggregate::from_name(name).ok_or_else(|| {
        <serde::de::value::Error as serde::de::Error>::unknown_variant(
            name,
            &["weighted_mean", "latest", "latest_per_assessor"],
        )
        .to_string()
    })
}

impl PolicyOverrides {
    /// Reads the overrides from a document node (a mapping of the fields,
    /// unknown ones refused; in JSON also a list of their values in order),
    /// as serde's derive did: an explicit `null` for `half_life_days` or
    /// `max_age_days` is `Some(None)`, an absent field `None`.
    pub(crate) fn read<N: Node>(node: &N) -> Result<PolicyOverrides, N::Error> {
        let mut o = PolicyOverrides::default();
        node.fields(
            "struct PolicyOverrides",
            OVERRIDE_FIELDS,
            &mut |index, value| {
                match index {
                    0 => o.half_life_days = Some(value.option()?.map(N::f64).transpose()?),
                    1 => o.max_age_days = Some(value.option()?.map(N::u32).transpose()?),
                    2 => o.min_items = value.option()?.map(N::u32).transpose()?,
                    3 => o.min_coverage = value.option()?.map(N::f64).transpose()?,
                    4 => o.kind_weights = map_f64(value)?,
                    _ => {
                        o.aggregate = value
                            .option()?
                            .map(|v| v.text("a string", aggregate_named))
                            .transpose()?;
                    }
                }
                Ok(())
            },
        )?;
        Ok(o)
    }

    /// Reads the overrides from JSON text by the hand-written JSON reader
    /// (compared with serde_json's reading in the tests of
    /// [`crate::input::doc`]); the error's path names the field.
    #[cfg(test)]
    pub(crate) fn from_json(json: &str) -> Result<PolicyOverrides, JsonError> {
        Tree::parse(json).and_then(|tree| PolicyOverrides::read(&tree.root()))
    }
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
            aggregate: p.aggregate,
        }
    }

    /// The framework's policy with `overrides` applied, checked (errors
    /// carry the path of the value, no line: overrides built in code or
    /// from options have none; see [`overrides_for`] for a file's).
    pub fn with_overrides(
        fw: &Framework,
        overrides: &PolicyOverrides,
    ) -> Result<ScoringPolicy, LoadError> {
        ScoringPolicy::checked(fw, overrides, &LocationIndex::default())
    }

    /// As [`ScoringPolicy::with_overrides`], placing each problem through
    /// `index` (where the overrides' values are in their document).
    fn checked(
        fw: &Framework,
        overrides: &PolicyOverrides,
        index: &LocationIndex,
    ) -> Result<ScoringPolicy, LoadError> {
        let mut p = ScoringPolicy::for_framework(fw);
        let mut c = Checker::new(index);
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
            c.share("min_coverage".into(), "min_coverage", m);
            p.min_coverage = m;
        }
        if let Some(a) = overrides.aggregate {
            if !crate::scoring::RULES && !a.is_default() {
                c.push(
                    "aggregate".into(),
                    ValidationError::NeedsFeature {
                        field: "aggregate",
                        feature: "rules",
                    },
                );
            }
            p.aggregate = a;
        }
        let kinds: Vec<&str> = fw.evidence_kinds.iter().map(|k| k.id.as_str()).collect();
        for (kind, w) in &overrides.kind_weights {
            let path = format!("kind_weights.{kind}");
            if c.known(path.clone(), "evidence kind", kind, &kinds) {
                c.weight(path, "evidence kind weight", *w);
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

/// Reads policy overrides from YAML or JSON text (unknown fields refused),
/// without checking their values (see [`overrides_for`]).
pub fn overrides_from_str(text: &str) -> Result<PolicyOverrides, LoadError> {
    crate::input::yaml::read(text, &crate::input::yaml::Limits::default(), |node| {
        PolicyOverrides::read(&node)
    })
    .map(|(o, _)| o)
}

/// Reads policy overrides from the YAML or JSON text of a policy file and
/// checks every value against `fw` as [`ScoringPolicy::with_overrides`]
/// does, each problem with the line and column where it is in `text`.
pub fn overrides_for(fw: &Framework, text: &str) -> Result<PolicyOverrides, LoadError> {
    let (o, index) =
        crate::input::yaml::read(text, &crate::input::yaml::Limits::default(), |node| {
            PolicyOverrides::read(&node)
        })?;
    ScoringPolicy::checked(fw, &o, &index)?;
    Ok(o)
}
