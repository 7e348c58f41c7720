//! The framework and role-profile model: what a knowledge-and-skills set is
//! made of, as read from YAML. Unknown fields are refused everywhere so a
//! typo never passes silently.

pub mod anchors;
pub mod load;
pub mod ranges;
pub mod shipped;
pub(crate) mod validate;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

fn one() -> f64 {
    1.0
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

fn is_false(x: &bool) -> bool {
    !*x
}

/// A knowledge-and-skills framework: scales, levels, evidence rules and the
/// competencies with their assessment criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable identifier, e.g. `job-retention`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of this framework file (free text, e.g. `1.0.0`).
    pub version: String,
    /// What the framework is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the framework's content last changed (`YYYY-MM-DD`); written as
    /// the `lastChangeDateTime` of its CASE export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<crate::base::date::Date>,
    /// Where the framework comes from.
    pub source: Source,
    /// The scale on which `rating` criteria are scored.
    pub rating_scale: RatingScale,
    /// Anchored rating scales shared by criteria (`scale: ID` on a
    /// criterion): what each point of a rating means. For reading and
    /// explanations only; scoring is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchored_scales: Vec<AnchoredScale>,
    /// Ordered proficiency levels with score thresholds in [0, 1].
    pub levels: Vec<Level>,
    /// Level bands of the overall score (same rules as `levels`); none:
    /// the overall score has no level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overall_levels: Vec<Level>,
    /// Kinds of evidence and how much each counts.
    pub evidence_kinds: Vec<EvidenceKind>,
    /// Default rules for which evidence counts and how it ages.
    #[serde(default)]
    pub evidence_policy: EvidencePolicy,
    /// Thematic categories competencies belong to (e.g. the Delphi categories).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Domains (e.g. knowledge, skills) that group competencies (may be
    /// empty when there are no competencies).
    pub domains: Vec<Domain>,
    /// The competencies, in presentation order (required, but may be empty:
    /// a framework being authored).
    pub competencies: Vec<Competency>,
    /// CASE 1.1 identity of the framework when imported from (or exported
    /// to) a CFPackage; see [`crate::interop::case`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<CaseDocument>,
}

/// Citation and provenance of a framework.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Full citation of the source document.
    pub citation: String,
    /// Publisher or organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// Link to the source, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How the content was established (e.g. a Delphi survey).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The expert panel behind the framework, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<Panel>,
    /// Anything else a reader should know about the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An expert panel (e.g. the participants of a Delphi survey).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    /// Number of participants.
    pub size: u32,
    /// Rounds of questioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<u32>,
    /// The panel groups and their sizes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<PanelGroup>,
}

/// One group of a panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelGroup {
    /// Who they are.
    pub label: String,
    /// How many.
    pub size: u32,
}

/// The numeric scale for `rating` criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingScale {
    /// Lowest rating.
    pub min: f64,
    /// Highest rating.
    pub max: f64,
    /// Names of scale points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<ScaleLabel>,
}

/// The name of one point of a rating scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLabel {
    /// The scale value.
    pub value: f64,
    /// What it means.
    pub label: String,
}

/// A proficiency level: reached when a competency's score is at least `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Stable identifier, e.g. `competent`.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Lowest score in [0, 1] at this level.
    pub threshold: f64,
    /// What the level means in practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A kind of evidence (observation, certificate, ...) and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceKind {
    /// Stable identifier used in evidence files.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Relative weight (> 0) of one item of this kind.
    pub weight: f64,
    /// What counts as this kind of evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Rules for which evidence counts and how its weight decays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidencePolicy {
    /// Age in days at which an item's weight halves; none: no decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<f64>,
    /// Items older than this many days are rejected as expired; none: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u32>,
    /// Accepted items a competency needs to count as assessed.
    #[serde(default = "default_min_items")]
    pub min_items: u32,
    /// Share of criterion weight (0–1) that must be assessed.
    #[serde(default)]
    pub min_coverage: f64,
    /// How a criterion's items make its score (default `weighted_mean`).
    #[serde(default, skip_serializing_if = "Aggregate::is_default")]
    #[schemars(extend("default" = "weighted_mean"))]
    pub aggregate: Aggregate,
}

/// How the items of one worker and criterion make the criterion's score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Σ w·v / Σ w over every item that counts.
    #[default]
    WeightedMean,
    /// Only the items of the latest date count (their weighted mean when
    /// several share that date).
    Latest,
    /// Each assessor's items of their latest date count (items without an
    /// assessor are one assessor), then their weighted mean.
    LatestPerAssessor,
}

impl Aggregate {
    /// Whether this is the default, `weighted_mean`.
    pub fn is_default(&self) -> bool {
        *self == Aggregate::WeightedMean
    }

    /// The name as written in files: `weighted_mean`, `latest`, `latest_per_assessor`.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::WeightedMean => "weighted_mean",
            Aggregate::Latest => "latest",
            Aggregate::LatestPerAssessor => "latest_per_assessor",
        }
    }

    /// The aggregate named `name`.
    pub fn from_name(name: &str) -> Option<Aggregate> {
        [
            Aggregate::WeightedMean,
            Aggregate::Latest,
            Aggregate::LatestPerAssessor,
        ]
        .into_iter()
        .find(|a| a.name() == name)
    }
}

fn default_min_items() -> u32 {
    1
}

impl Default for EvidencePolicy {
    fn default() -> Self {
        EvidencePolicy {
            half_life_days: None,
            max_age_days: None,
            min_items: 1,
            min_coverage: 0.0,
            aggregate: Aggregate::WeightedMean,
        }
    }
}

/// A thematic category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// What belongs here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A domain grouping competencies (e.g. knowledge, skills).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Stable identifier.
    pub id: String,
    /// Display name, e.g. "Staff demonstrate".
    pub label: String,
    /// Level bands of the domain's score (same rules as the framework's
    /// `levels`); none: the domain score has no level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// CASE 1.1 identity of the item this domain maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<CaseRef>,
}

/// One competency statement with the criteria used to assess it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// Stable identifier, unique in the framework.
    pub id: String,
    /// The domain id it belongs to.
    pub domain: String,
    /// The category id it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The statement, in the source's own words.
    pub statement: String,
    /// Weight in domain and overall scores (> 0).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[schemars(extend("default" = 1.0))]
    pub weight: f64,
    /// Priority from an expert survey, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Editorial notes (e.g. where a category was assigned by us).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The "how to assess" indicators.
    pub criteria: Vec<Criterion>,
    /// Which criteria must be met for the competency to get a level;
    /// none: no rule (criteria marked `required` must still be met).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Sections its criteria are grouped in (`section: ID` on a criterion),
    /// in reading order; for reading and reports, scoring is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// CASE 1.1 identity of the item this competency maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<CaseRef>,
}

/// A competency's rule: how many of its criteria must be met (see
/// `docs/scoring.md`, "Rules"). Written `all`, `any`, or as a mapping:
/// `{need: all, min_score: 0.5}`, `{at_least: 3, min_score: 0.6}`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Rule {
    /// `all` or `any`: a criterion is met when it has a score.
    Word(Need),
    /// The mapping form.
    Spec(RuleSpec),
}

/// `all` or `any` of a competency's criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Every criterion met.
    All,
    /// At least one criterion met.
    Any,
}

/// The mapping form of a [`Rule`]: exactly one of `need` and `at_least`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `all` or `any`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<Need>,
    /// At least this many criteria met (1 to the number of criteria).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    /// A criterion is met only with a score of at least this (0–1);
    /// none: any score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

impl Rule {
    /// How many of `criteria` criteria must be met, and the minimum score
    /// of a met criterion (`None`: any score).
    pub fn needs(&self, criteria: usize) -> (usize, Option<f64>) {
        let count = |need: Need| match need {
            Need::All => criteria,
            Need::Any => 1,
        };
        match self {
            Rule::Word(need) => (count(*need), None),
            Rule::Spec(s) => (
                s.at_least
                    .map_or_else(|| count(s.need.unwrap_or(Need::All)), |n| n as usize),
                s.min_score,
            ),
        }
    }

    /// The minimum score of a met criterion, when the rule sets one.
    pub fn min_score(&self) -> Option<f64> {
        match self {
            Rule::Word(_) => None,
            Rule::Spec(s) => s.min_score,
        }
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Rule;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`all`, `any` or a mapping with `need` or `at_least`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rule, E> {
                match v {
                    "all" => Ok(Rule::Word(Need::All)),
                    "any" => Ok(Rule::Word(Need::Any)),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Rule, A::Error> {
                RuleSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Rule::Spec)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Priority of a competency from a Delphi-style survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// Mean rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Sample standard deviation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    /// Rank (1 = highest priority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// Band the ratings agreed on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<PriorityBand>,
}

/// Priority bands of a 1–10 Delphi rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PriorityBand {
    /// 1–3.
    Low,
    /// 4–7.
    Middle,
    /// 8–10.
    High,
}

/// One assessment criterion ("how to assess?" indicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable identifier, unique in the framework.
    pub id: String,
    /// The indicator, in the source's own words.
    pub statement: String,
    /// Weight within its competency (> 0).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[schemars(extend("default" = 1.0))]
    pub weight: f64,
    /// How evidence for it is measured.
    pub measure: Measure,
    /// Whether the competency gets a level only when this criterion is met.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub required: bool,
    /// Evidence kinds accepted for it; none: every kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<String>>,
    /// Editorial notes (e.g. why this measure was chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The id of the competency's section it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// What points of its rating scale mean (a `rating` criterion only);
    /// or name a shared scale with `scale`, not both.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<Anchor>,
    /// The id of a shared anchored scale (`anchored_scales`) whose anchors
    /// describe its ratings (a `rating` criterion only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// CASE 1.1 identity of the item this criterion maps to (the
    /// competency's own item for a flat package's single criterion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<CaseRef>,
}

/// A section of a competency's criteria: a label and a place in reading
/// order (the order of the competency's `sections`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identifier, unique in its competency.
    pub id: String,
    /// Display name.
    pub label: String,
}

/// What one point of a rating scale means, e.g. `1` = "no integration".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The rating, within the criterion's scale.
    pub value: f64,
    /// What a rating of `value` means, in a few words.
    pub label: String,
    /// A longer description, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A shared anchored rating scale that criteria name with `scale: ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnchoredScale {
    /// Stable identifier, unique in the framework.
    pub id: String,
    /// Display name, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What points of the scale mean, in increasing order of `value`.
    pub anchors: Vec<Anchor>,
}

/// How a criterion's evidence is measured and normalised to [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum Measure {
    /// A rating on the framework's scale, or on its own `min`/`max`.
    Rating {
        /// Lowest rating, overriding the framework scale.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Highest rating, overriding the framework scale.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// Yes or no. (A struct variant so that unknown fields are refused.)
    Binary {},
    /// `numerator / denominator` against a target ratio (score capped at 1).
    Rate {
        /// The ratio that scores 1 (> 0).
        target: f64,
    },
    /// A count against a target (score capped at 1).
    Count {
        /// The count that scores 1 (> 0).
        target: f64,
    },
}

impl Measure {
    /// The measure's name as written in files: `rating`, `binary`, `rate`, `count`.
    pub fn name(&self) -> &'static str {
        match self {
            Measure::Rating { .. } => "rating",
            Measure::Binary {} => "binary",
            Measure::Rate { .. } => "rate",
            Measure::Count { .. } => "count",
        }
    }
}

/// CASE 1.1 identity of a framework item (CFItem): kept on import so an
/// export round-trips with the same identifiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseRef {
    /// The CFItem `identifier` (a UUID in CASE 1.1).
    pub identifier: String,
    /// The CFItem `uri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The `CFItemType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    /// The `humanCodingScheme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_coding_scheme: Option<String>,
    /// `isChildOf` associations from this item, in package order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<CaseLink>,
    /// Other associations from this item (`isRelatedTo`, `exactMatchOf`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<CaseLink>,
    /// The CFItem's other properties, verbatim.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, serde_json::Value>,
}

/// One CFAssociation from an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseLink {
    /// The association's `identifier`.
    pub identifier: String,
    /// The `associationType` (`isChildOf`, `isRelatedTo`, ...).
    #[serde(rename = "type")]
    pub association_type: String,
    /// Identifier of the destination node.
    pub target: String,
    /// The association's other properties, verbatim.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, serde_json::Value>,
}

/// CASE 1.1 identity of a framework (the CFDocument) and the package parts
/// that have no place in the model, kept so an export round-trips.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDocument {
    /// The CFDocument `identifier`.
    pub identifier: String,
    /// The CFDocument `uri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The CFDocument's other properties, verbatim.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, serde_json::Value>,
    /// Items that are neither domains, competencies nor criteria (grouping
    /// levels between them), with their statements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groupings: Vec<CaseGrouping>,
    /// Associations whose origin is not an item (e.g. from the document).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<serde_json::Value>,
    /// Other package members (`CFDefinitions`, `CFRubrics`, ...), verbatim.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub package: std::collections::BTreeMap<String, serde_json::Value>,
}

/// A CFItem kept as a grouping level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseGrouping {
    /// The `fullStatement`.
    pub statement: String,
    /// Its identity and links.
    pub item: CaseRef,
}

/// A role profile: which competencies a role needs, at which level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable identifier, e.g. `job-retention-specialist`.
    pub id: String,
    /// Role title.
    pub title: String,
    /// Id of the framework the requirements refer to.
    pub framework: String,
    /// What the role is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The requirements.
    pub requirements: Vec<Requirement>,
}

/// One requirement of a role profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Competency id (empty when the requirement is on a domain or the
    /// overall score).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(extend("default" = ""))]
    pub competency: String,
    /// Domain id, for a requirement on a domain's level (its `levels`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// `true` for a requirement on the overall level (`overall_levels`).
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub overall: bool,
    /// Minimum level id (of the competency levels, the domain's or the
    /// overall ones).
    pub level: String,
    /// Essential or desirable.
    pub importance: Importance,
    /// Why the role needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// Whether a requirement must be met or is a plus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Importance {
    /// Must be met to be shortlisted.
    Essential,
    /// Counts in the ranking.
    Desirable,
}

impl Framework {
    /// The competency with this id.
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    /// Index of the level with this id (0 = lowest).
    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id)
    }

    /// The anchors describing criterion `cr`'s ratings: its own, else
    /// those of the shared scale it names (empty when none).
    pub fn anchors_of<'a>(&'a self, cr: &'a Criterion) -> &'a [Anchor] {
        if !cr.anchors.is_empty() {
            return &cr.anchors;
        }
        cr.scale
            .as_deref()
            .and_then(|id| self.anchored_scales.iter().find(|s| s.id == id))
            .map_or(&[], |s| s.anchors.as_slice())
    }

    /// Where the framework uses what the core's cargo feature `rules`
    /// scores (competency rules, required criteria, level bands of domains
    /// and the overall score, an aggregate other than `weighted_mean`):
    /// each use's path and field, in document order of fields.
    pub fn rules_fields(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        if !self.overall_levels.is_empty() {
            out.push(("overall_levels".to_string(), "overall_levels"));
        }
        if !self.evidence_policy.aggregate.is_default() {
            out.push(("evidence_policy.aggregate".to_string(), "aggregate"));
        }
        for (i, d) in self.domains.iter().enumerate() {
            if !d.levels.is_empty() {
                out.push((format!("domains[{i}].levels"), "levels"));
            }
        }
        for (i, c) in self.competencies.iter().enumerate() {
            if c.rule.is_some() {
                out.push((format!("competencies[{i}].rule"), "rule"));
            }
            for (j, k) in c.criteria.iter().enumerate() {
                if k.required {
                    out.push((
                        format!("competencies[{i}].criteria[{j}].required"),
                        "required",
                    ));
                }
            }
        }
        out
    }

    /// Number of criteria in all competencies.
    pub fn criteria_count(&self) -> usize {
        self.competencies.iter().map(|c| c.criteria.len()).sum()
    }
}
