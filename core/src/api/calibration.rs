//! What `assessors` and the trainer's report share: the `self_kind`
//! option resolved, and the evidence read once into a calibration.

use std::collections::HashMap;

use crate::analysis::assessors::{self, AssessorsResult};
use crate::api::failure::Failure;
use crate::api::scoring::Scoring;
use crate::api::source::{self, Env};
use crate::evidence::ItemRef;
use crate::model::Framework;
use crate::scoring::score::{Explain, ScoreResult, Scorer};

/// The `self_kind` option checked against `fw`; none: `self-assessment`
/// when the framework has that kind.
pub(crate) fn self_kind(fw: &Framework, asked: Option<&String>) -> Result<Option<String>, Failure> {
    match asked {
        Some(k) => {
            if !fw.evidence_kinds.iter().any(|e| &e.id == k) {
                let ids: Vec<&str> = fw.evidence_kinds.iter().map(|e| e.id.as_str()).collect();
                return Err(Failure::option(
                    "self_kind",
                    format!(
                        "unknown evidence kind `{}`, expected one of {}",
                        crate::base::text::clip(k, 40),
                        crate::model::validate::quote_list(&ids)
                    ),
                ));
            }
            Ok(Some(k.clone()))
        }
        None => Ok(fw
            .evidence_kinds
            .iter()
            .any(|e| e.id == assessors::SELF_KIND)
            .then(|| assessors::SELF_KIND.to_string())),
    }
}

/// Reads the evidence once, each item into the calibration's scorer and
/// into `also` (the trainer's report scores it too), and calibrates; with
/// the scores calibrated.
pub(crate) fn calibrate_reading(
    fw: &Framework,
    scoring: Scoring<'_>,
    env: Env<'_>,
    settings: &assessors::CalibrateOptions,
    also: &mut dyn FnMut(ItemRef<'_>, usize),
) -> Result<(AssessorsResult, ScoreResult), Failure> {
    let policy = scoring.policy(fw)?;
    let mut scorer = Scorer::new(fw, scoring.as_of(env)?, policy, Explain::All);
    let mut assessor_of: HashMap<u64, String> = HashMap::new();
    source::read_evidence(
        scoring.evidence,
        scoring.format()?,
        scoring.sheet,
        env,
        &mut |item, line| {
            if let Some(a) = item.assessor {
                assessor_of.insert(line as u64, a.to_string());
            }
            scorer.push(item, line);
            also(item, line);
        },
        "evidence",
    )?;
    let scores = scorer.finish();
    let r = assessors::calibrate(fw, &scores, &assessor_of, settings);
    Ok((r, scores))
}
