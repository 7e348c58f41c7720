//! Open Badges 3.0 credentials for assessed competencies.
//!
//! [`build`] makes an **unsigned** `OpenBadgeCredential` (Verifiable
//! Credentials Data Model 2.0 form, JSON-LD context 3.0.3) for one worker's
//! competency assessed at or above a chosen level: the Achievement carries
//! the competency statement, a criteria narrative listing the framework's
//! criteria, the framework's levels as a result description, and an
//! alignment to the CASE item when the competency has one; the subject's
//! result gives the level achieved, and the evidence lists the items used.
//! Signing (a `proof`, or a JWT) is out of scope: sign the output with your
//! issuer's key and tooling before handing it out.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::base::error::LoadError;
use crate::base::text::clip;
use crate::input::yaml::{self, Limits};
use crate::model::{Competency, Framework, Level};
use crate::scoring::score::{CompetencyScore, ScoreResult, Status};

/// The JSON-LD contexts of an Open Badges 3.0 credential (VCDM 2.0).
pub const CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The issuer's profile, read from a YAML or JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The issuer's URI (e.g. `https://example.org/issuer` or a `did:`).
    pub id: String,
    /// The issuer's name.
    pub name: String,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// What the issuer is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn issuer_problem(path: &str, message: String) -> LoadError {
    LoadError::Syntax {
        file: None,
        location: crate::base::error::Location {
            sheet: None,
            line: None,
            column: None,
            path: path.to_string(),
        },
        error: crate::base::error::SyntaxError::Shape(message),
    }
}

/// The URI schemes an issuer may be named with: a web address, a
/// decentralized identifier or a URN (never `javascript:`, `data:`,
/// `file:`, ...: a credential is shown by wallets and verifiers).
pub const ISSUER_SCHEMES: [&str; 4] = ["https", "http", "did", "urn"];

/// The scheme of a URI, lowercase (`None` when `s` is not a URI).
fn scheme(s: &str) -> Option<String> {
    is_uri(s)
        .then(|| s.split_once(':').map(|(sc, _)| sc.to_ascii_lowercase()))
        .flatten()
}

/// Whether `s` is a URI with one of `schemes` (and, for a web address, a
/// host).
fn safe_uri(s: &str, schemes: &[&str]) -> bool {
    let Some(sc) = scheme(s) else { return false };
    if !schemes.contains(&sc.as_str()) {
        return false;
    }
    match sc.as_str() {
        "http" | "https" => s
            .get(sc.len() + 1..)
            .and_then(|r| r.strip_prefix("//"))
            .is_some_and(|r| !r.is_empty() && !r.starts_with('/')),
        _ => true,
    }
}

/// `a \`javascript:\` URI`, `a web address without a host`, or `not a URI`.
fn what_uri(s: &str) -> String {
    match scheme(s) {
        Some(sc) if matches!(sc.as_str(), "http" | "https") => {
            format!("a `{sc}:` URI without a host")
        }
        Some(sc) => format!("a `{sc}:` URI"),
        None => "not a URI".to_string(),
    }
}

fn quote_schemes(schemes: &[&str]) -> String {
    let v: Vec<String> = schemes.iter().map(|s| format!("`{s}:`")).collect();
    match v.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => v.join(""),
    }
}

fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && !s.contains(char::is_whitespace)
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

impl Issuer {
    /// Reads and checks an issuer profile from YAML or JSON text.
    pub fn from_yaml_str(text: &str) -> Result<Issuer, LoadError> {
        let (issuer, index): (Issuer, _) = yaml::parse(text, &Limits::default())?;
        let place = |path: &str, message: String| {
            let mut e = issuer_problem(path, message);
            if let LoadError::Syntax { location, .. } = &mut e {
                *location = index.locate(path);
            }
            e
        };
        if !safe_uri(&issuer.id, &ISSUER_SCHEMES) {
            let found = what_uri(&issuer.id);
            return Err(place(
                "id",
                format!(
                    "issuer id `{}` is {found}, expected an {} URI (e.g. `https://example.org/issuer`)",
                    clip(&issuer.id, 40),
                    quote_schemes(&ISSUER_SCHEMES)
                ),
            ));
        }
        if issuer.name.trim().is_empty() {
            return Err(place(
                "name",
                "issuer name is blank, expected some text".into(),
            ));
        }
        if let Some(u) = &issuer.url {
            if !safe_uri(u, &["https", "http"]) {
                let found = what_uri(u);
                return Err(place(
                    "url",
                    format!(
                        "issuer url `{}` is {found}, expected an `https:` or `http:` web address",
                        clip(u, 40)
                    ),
                ));
            }
        }
        if let Some(e) = &issuer.email {
            if !e.contains('@') || e.contains(char::is_whitespace) {
                return Err(place(
                    "email",
                    format!(
                        "issuer email `{}` is not an email address, expected one such as `name@example.org`",
                        clip(e, 60)
                    ),
                ));
            }
        }
        Ok(issuer)
    }

    /// Reads an issuer profile file; errors name the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Issuer, LoadError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text =
            crate::model::load::read_text(path, crate::input::yaml::Limits::default().max_bytes)?;
        Issuer::from_yaml_str(&text).map_err(|e| e.with_file(&name))
    }
}

/// What to issue a badge for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Worker id, as in the evidence.
    pub worker: &'a str,
    /// Competency id.
    pub competency: &'a str,
    /// Lowest level that earns the badge; none: the framework's second
    /// level (the first above "not yet"). The lowest level (threshold 0)
    /// asserts no achievement and is refused.
    pub level: Option<&'a str>,
    /// Credential id; none: a `urn:uuid:` derived from the framework,
    /// worker, competency, level and scoring date.
    pub id: Option<&'a str>,
}

/// Why no badge was issued.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BadgeError {
    /// No such competency in the framework.
    #[error("unknown competency `{id}`, expected one of {expected}")]
    UnknownCompetency {
        /// Given.
        id: String,
        /// Competency ids.
        expected: String,
    },
    /// No such level in the framework.
    #[error("unknown level `{id}`, expected one of {expected}")]
    UnknownLevel {
        /// Given.
        id: String,
        /// Level ids.
        expected: String,
    },
    /// The level asks for nothing: every assessed worker reaches it.
    #[error("level `{id}` (\"{label}\", threshold {threshold}) is the lowest level and asserts no achievement, so no badge is issued for it; expected one of {expected}")]
    LevelAssertsNothing {
        /// Given (or the default).
        id: String,
        /// Its label.
        label: String,
        /// Its threshold.
        threshold: f64,
        /// The levels a badge may be issued for.
        expected: String,
    },
    /// The credential id given is not a URI a credential may have.
    #[error("credential id `{id}` is {found}, expected an {expected} URI")]
    BadId {
        /// Given.
        id: String,
        /// What it is (`not a URI`, `a \`javascript:\` URI`).
        found: String,
        /// The schemes allowed.
        expected: String,
    },
    /// The worker has no evidence in the result.
    #[error("no badge: worker `{worker}` has no accepted evidence")]
    UnknownWorker {
        /// Given.
        worker: String,
    },
    /// Too little evidence for a level.
    #[error("no badge: `{competency}` is not assessed for worker `{worker}` ({items} accepted items, coverage {coverage:.2}); more evidence is needed before a level is given")]
    NotAssessed {
        /// Worker.
        worker: String,
        /// Competency.
        competency: String,
        /// Items used.
        items: u64,
        /// Share of criterion weight assessed.
        coverage: f64,
    },
    /// Assessed below the required level.
    #[error("no badge: worker `{worker}` is at level `{achieved}` (score {score:.3}) on `{competency}`, below the required `{required}` (threshold {threshold})")]
    BelowLevel {
        /// Worker.
        worker: String,
        /// Competency.
        competency: String,
        /// Level reached.
        achieved: String,
        /// Score.
        score: f64,
        /// Level required.
        required: String,
        /// Its threshold.
        threshold: f64,
    },
}

impl BadgeError {
    /// A stable machine-readable code: `unknown_competency`,
    /// `unknown_level`, `level_asserts_nothing`, `bad_id`,
    /// `unknown_worker`, `not_assessed` or `below_level`.
    pub fn code(&self) -> &'static str {
        match self {
            BadgeError::UnknownCompetency { .. } => "unknown_competency",
            BadgeError::UnknownLevel { .. } => "unknown_level",
            BadgeError::LevelAssertsNothing { .. } => "level_asserts_nothing",
            BadgeError::BadId { .. } => "bad_id",
            BadgeError::UnknownWorker { .. } => "unknown_worker",
            BadgeError::NotAssessed { .. } => "not_assessed",
            BadgeError::BelowLevel { .. } => "below_level",
        }
    }
}

fn quote_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<String> = ids.take(20).map(|s| format!("`{s}`")).collect();
    if v.is_empty() {
        // A framework with no competencies (valid: a shell being authored).
        return "(none defined)".into();
    }
    v.join(", ")
}

/// `urn:uuid:` of a CASE identifier (a UUID derived from it when it is not
/// one, so the URN is always a valid URI).
fn urn_of(identifier: &str) -> String {
    if crate::interop::case::is_case_uuid(identifier) {
        format!("urn:uuid:{identifier}")
    } else {
        derived_urn(&format!("proficient:case:{identifier}"))
    }
}

/// The `urn:uuid:` of the UUID derived from `name`.
fn derived_urn(name: &str) -> String {
    format!("urn:uuid:{}", crate::interop::case::uuid_v5(name))
}

/// URIs from an imported CASE package go into the credential only when
/// they are web addresses or URNs.
const WEB: [&str; 3] = ["https", "http", "urn"];

fn level_uri(fw_uri: &str, level: &str) -> String {
    format!("{fw_uri}#level-{level}")
}

/// What a badge is for: the competency, the level required, the level
/// achieved and the worker's score on the competency.
struct Earned<'a> {
    comp: &'a Competency,
    required: &'a Level,
    achieved: &'a Level,
    cs: &'a CompetencyScore,
}

/// Whether the request earns a badge: the competency and level exist, the
/// level asserts an achievement, the id is one a credential may have, and
/// the worker is assessed at or above the level.
fn earned<'a>(
    fw: &'a Framework,
    result: &'a ScoreResult,
    req: &Request<'_>,
) -> Result<Earned<'a>, BadgeError> {
    let comp = fw
        .competency(req.competency)
        .ok_or_else(|| BadgeError::UnknownCompetency {
            id: req.competency.to_string(),
            expected: quote_ids(fw.competencies.iter().map(|c| c.id.as_str())),
        })?;
    let required_ix = match req.level {
        Some(l) => fw.level_index(l).ok_or_else(|| BadgeError::UnknownLevel {
            id: l.to_string(),
            expected: quote_ids(fw.levels.iter().map(|l| l.id.as_str())),
        })?,
        None => usize::from(fw.levels.len() > 1),
    };
    let required = fw
        .levels
        .get(required_ix)
        .ok_or_else(|| BadgeError::UnknownLevel {
            id: String::new(),
            expected: quote_ids(fw.levels.iter().map(|l| l.id.as_str())),
        })?;
    // A badge asserts an achievement: the lowest level (threshold 0, which
    // every assessed worker reaches) asserts none.
    if required_ix == 0 || required.threshold <= 0.0 {
        let above: Vec<&str> = fw
            .levels
            .iter()
            .filter(|l| l.threshold > 0.0)
            .map(|l| l.id.as_str())
            .collect();
        return Err(BadgeError::LevelAssertsNothing {
            id: required.id.clone(),
            label: required.label.clone(),
            threshold: required.threshold,
            expected: if above.is_empty() {
                "a level above threshold 0, which this framework does not have".into()
            } else {
                quote_ids(above.into_iter())
            },
        });
    }
    if let Some(id) = req.id {
        if !safe_uri(id, &ISSUER_SCHEMES) {
            return Err(BadgeError::BadId {
                id: clip(id, 40),
                found: what_uri(id),
                expected: quote_schemes(&ISSUER_SCHEMES),
            });
        }
    }
    let worker = result
        .workers
        .iter()
        .find(|w| w.worker == req.worker)
        .ok_or_else(|| BadgeError::UnknownWorker {
            worker: req.worker.to_string(),
        })?;
    let score = worker
        .competencies
        .iter()
        .find(|c| &*c.id == req.competency);
    let Some(cs) = score.filter(|c| c.status == Status::Assessed && c.level.is_some()) else {
        return Err(BadgeError::NotAssessed {
            worker: req.worker.to_string(),
            competency: req.competency.to_string(),
            items: score.map_or(0, |c| c.items),
            coverage: score.map_or(0.0, |c| c.coverage),
        });
    };
    let achieved_id = cs.level.as_deref().unwrap_or("");
    let achieved_ix = fw.level_index(achieved_id).unwrap_or(0);
    let achieved = fw.levels.get(achieved_ix).unwrap_or(required);
    if achieved_ix < required_ix {
        return Err(BadgeError::BelowLevel {
            worker: req.worker.to_string(),
            competency: req.competency.to_string(),
            achieved: achieved.id.clone(),
            score: cs.score.unwrap_or(0.0),
            required: required.id.clone(),
            threshold: required.threshold,
        });
    }
    Ok(Earned {
        comp,
        required,
        achieved,
        cs,
    })
}

/// Builds the unsigned OpenBadgeCredential, or says why it cannot be issued.
pub fn build(
    fw: &Framework,
    result: &ScoreResult,
    issuer: &Issuer,
    req: &Request<'_>,
) -> Result<Value, BadgeError> {
    let e = earned(fw, result, req)?;
    let (comp, required, achieved) = (e.comp, e.required, e.achieved);
    let fw_uri = fw
        .case
        .as_ref()
        .and_then(|c| c.uri.clone())
        .filter(|u| safe_uri(u, &WEB))
        .unwrap_or_else(|| derived_urn(&format!("proficient:{}:document", fw.id)));
    let comp_case_id = comp
        .case
        .as_ref()
        .map(|c| c.identifier.clone())
        .unwrap_or_else(|| {
            crate::interop::case::uuid_v5(&format!("proficient:{}:competency:{}", fw.id, comp.id))
        });
    let achievement_id = comp
        .case
        .as_ref()
        .and_then(|c| c.uri.clone())
        .filter(|u| safe_uri(u, &WEB))
        .unwrap_or_else(|| urn_of(&comp_case_id));
    let as_of = result.as_of.to_string();
    let id = req.id.map(str::to_string).unwrap_or_else(|| {
        derived_urn(&format!(
            "proficient:{}:badge:{}:{}:{}:{}",
            fw.id, req.worker, comp.id, required.id, as_of
        ))
    });

    let result_description_id = format!("{achievement_id}#levels");
    let achievement = achievement(fw, &e, &fw_uri, &achievement_id, &result_description_id);
    let mut credential = json!({
        "@context": CONTEXT,
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("{} – {}", clip(comp.statement.trim(), 100), achieved.label),
        "issuer": issuer_value(issuer),
        "validFrom": format!("{as_of}T00:00:00Z"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "hashed": false,
                "identityHash": req.worker,
                "identityType": "identifier",
            }],
            "achievement": achievement,
            "result": [{
                "type": ["Result"],
                "resultDescription": result_description_id,
                "achievedLevel": level_uri(&fw_uri, &achieved.id),
                "value": achieved.label,
            }],
        },
    });
    let evidence = evidence(e.cs);
    if let Value::Object(m) = &mut credential {
        if !evidence.is_empty() {
            m.insert("evidence".into(), Value::Array(evidence));
        }
    }
    Ok(credential)
}

/// The Achievement: the competency, a criteria narrative listing its
/// criteria, the framework's levels as a result description, and an
/// alignment to the CASE item when the competency has one.
fn achievement(
    fw: &Framework,
    e: &Earned<'_>,
    fw_uri: &str,
    achievement_id: &str,
    result_description_id: &str,
) -> Value {
    let (comp, required) = (e.comp, e.required);
    let mut narrative = format!(
        "Assessed with the framework \"{}\" (version {}) at level \"{}\" or above (score at least {}), on these criteria:\n",
        fw.title, fw.version, required.label, required.threshold
    );
    for k in &comp.criteria {
        narrative += &format!("- {} ({})\n", k.statement.trim(), k.measure.name());
    }
    let rubric_levels: Vec<Value> = fw
        .levels
        .iter()
        .map(|l| {
            let mut v = json!({
                "id": level_uri(fw_uri, &l.id),
                "type": ["RubricCriterionLevel"],
                "name": l.label,
                "level": l.id,
            });
            if let (Some(d), Value::Object(m)) = (&l.description, &mut v) {
                m.insert("description".into(), json!(d));
            }
            v
        })
        .collect();
    let mut achievement = json!({
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": clip(comp.statement.trim(), 120),
        "description": comp.statement.trim(),
        "criteria": {"narrative": narrative},
        "humanCode": comp.id,
        "version": fw.version,
        "resultDescription": [{
            "id": result_description_id,
            "type": ["ResultDescription"],
            "name": format!("Proficiency level ({})", fw.title),
            "resultType": "RubricCriterionLevel",
            "allowedValue": fw.levels.iter().map(|l| l.label.clone()).collect::<Vec<_>>(),
            "requiredLevel": level_uri(fw_uri, &required.id),
            "rubricCriterionLevel": rubric_levels,
        }],
    });
    if let (Some(c), Value::Object(m)) = (&comp.case, &mut achievement) {
        let url = c
            .uri
            .clone()
            .filter(|u| safe_uri(u, &WEB))
            .unwrap_or_else(|| urn_of(&c.identifier));
        let mut a = json!({
            "type": ["Alignment"],
            "targetName": clip(comp.statement.trim(), 120),
            "targetUrl": url,
            "targetFramework": fw.title,
            "targetType": "CFItem",
        });
        if let (Some(code), Value::Object(am)) = (&c.human_coding_scheme, &mut a) {
            am.insert("targetCode".into(), json!(code));
        }
        m.insert("alignment".into(), json!([a]));
    }
    achievement
}

/// The issuer's profile.
fn issuer_value(issuer: &Issuer) -> Value {
    let mut issuer_v = json!({"id": issuer.id, "type": ["Profile"], "name": issuer.name});
    if let Value::Object(m) = &mut issuer_v {
        for (k, v) in [
            ("url", &issuer.url),
            ("email", &issuer.email),
            ("description", &issuer.description),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), json!(v));
            }
        }
    }
    issuer_v
}

/// The evidence: each item used for the competency's criteria.
fn evidence(cs: &CompetencyScore) -> Vec<Value> {
    let mut evidence = Vec::new();
    for k in &cs.criteria {
        for e in &k.evidence {
            let mut v = json!({
                "type": ["Evidence"],
                "name": format!("{} evidence for criterion {}", e.kind, k.id),
                "narrative": format!(
                    "{} on {} (line {} of the evidence), value {}, weight {:.3}",
                    e.kind, e.date, e.line, e.value, e.weight
                ),
                "genre": e.kind.to_string(),
            });
            if let (Some(id), Value::Object(m)) = (&e.id, &mut v) {
                let eid = if safe_uri(id, &WEB) {
                    id.to_string()
                } else {
                    derived_urn(&format!("proficient:evidence:{id}"))
                };
                m.insert("id".into(), json!(eid));
                m.insert("description".into(), json!(format!("evidence item `{id}`")));
            }
            evidence.push(v);
        }
    }
    evidence
}
