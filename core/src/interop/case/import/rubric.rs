//! The levels of an imported framework and the package's CFRubrics: levels
//! taken from a rubric when the package holds no framework levels, and
//! each rubric checked and noted (rubrics are kept verbatim).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::base::text::clip;
use crate::model::{Anchor, Competency, Level, Measure};

use super::super::conform::kind_of as kind;
use super::ids::{unique_id, Ids};
use super::report::{join, Ctx};

pub(crate) fn default_levels() -> Vec<Level> {
    [
        ("not-yet", "Not yet", 0.0),
        ("developing", "Developing", 0.4),
        ("competent", "Competent", 0.6),
        ("proficient", "Proficient", 0.8),
    ]
    .iter()
    .map(|(id, label, t)| Level {
        id: (*id).into(),
        label: (*label).into(),
        threshold: *t,
        description: None,
    })
    .collect()
}

/// A rubric criterion's levels ordered by score (else position, else place
/// in the list): `(key, quality, description)`.
pub(crate) fn criterion_levels(levels: &[Value]) -> Vec<(f64, String, Option<String>)> {
    let mut ls: Vec<(f64, String, Option<String>)> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let key = l
                .get("score")
                .and_then(Value::as_f64)
                .or_else(|| l.get("position").and_then(Value::as_f64))
                .unwrap_or(i as f64);
            let q = l
                .get("quality")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("Level {}", i + 1));
            let d = l
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            (key, q, d)
        })
        .collect();
    ls.sort_by(|a, b| a.0.total_cmp(&b.0));
    ls
}

/// Reads every CFRubric: checks its shape, that each rubric criterion's
/// `CFItemURI` names an item of the package, and notes, per rubric, the
/// items its criteria are for and any criterion whose levels differ from the
/// framework's. Rubrics are kept verbatim in the package part of the
/// framework, so an export writes every one of them back unchanged.
pub(crate) fn read_rubrics(
    rubrics: Option<&Value>,
    item_id: &dyn Fn(&str) -> Option<String>,
    levels: &[Level],
    cx: &mut Ctx<'_>,
) {
    let Some(rubrics) = rubrics else {
        return;
    };
    let Some(list) = rubrics.as_array() else {
        cx.error(
            "CFRubrics",
            "shape",
            format!("expected an array of CFRubrics, found {}", kind(rubrics)),
        );
        return;
    };
    let labels: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
    for (ri, r) in list.iter().enumerate() {
        let path = format!("CFRubrics[{ri}]");
        let Some(m) = cx.object(r, &path, "a CFRubric") else {
            continue;
        };
        cx.string(m, "identifier", &path, true);
        let title = m
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("(untitled)")
            .to_string();
        let crits: &[Value] = match m.get("CFRubricCriteria") {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(other) => {
                cx.error(
                    &join(&path, "CFRubricCriteria"),
                    "shape",
                    format!("expected an array, found {}", kind(other)),
                );
                continue;
            }
        };
        let mut linked = Vec::new();
        for (ci, c) in crits.iter().enumerate() {
            let cpath = format!("{path}.CFRubricCriteria[{ci}]");
            let Some(cm) = cx.object(c, &cpath, "a CFRubricCriterion") else {
                continue;
            };
            let target = match cm.get("CFItemURI") {
                Some(Value::Object(link)) => match link.get("identifier").and_then(Value::as_str) {
                    Some(id) => match item_id(id) {
                        Some(ours) => Some(ours),
                        None => {
                            cx.tolerate(
                                &join(&cpath, "CFItemURI.identifier"),
                                "unknown_reference",
                                format!(
                                    "rubric criterion for `{}`, which is not an item of the package, expected the identifier of one of its CFItems",
                                    clip(id, 40)
                                ),
                                "its `CFItemURI` is left out on export",
                            );
                            None
                        }
                    },
                    None => {
                        cx.error(
                            &join(&cpath, "CFItemURI"),
                            "missing",
                            "`CFItemURI` has no identifier, expected an object with an `identifier`".into(),
                        );
                        None
                    }
                },
                None | Some(Value::Null) => None,
                Some(other) => {
                    cx.error(
                        &join(&cpath, "CFItemURI"),
                        "shape",
                        format!("`CFItemURI` must be an object, found {}", kind(other)),
                    );
                    None
                }
            };
            // Anything but an array of objects is the CASE 1.1 check's.
            let ls = match cm.get("CFRubricCriterionLevels") {
                Some(Value::Array(a)) => criterion_levels(a),
                _ => Vec::new(),
            };
            let qualities: Vec<&str> = ls.iter().map(|(_, q, _)| q.as_str()).collect();
            if !qualities.is_empty() && qualities != labels {
                cx.note(
                    &cpath,
                    "rubric_levels_differ",
                    format!(
                        "rubric criterion{} has levels {} where the framework's are {}; kept verbatim for export",
                        target
                            .as_ref()
                            .map_or(String::new(), |t| format!(" for `{t}`")),
                        qualities.join(", "),
                        labels.join(", ")
                    ),
                );
            }
            linked.push(target);
        }
        let items: Vec<String> = linked.iter().flatten().map(|t| format!("`{t}`")).collect();
        let unlinked = linked.iter().filter(|t| t.is_none()).count();
        cx.note(
            &path,
            "rubric",
            format!(
                "rubric `{}`: {} {}{}{}; kept verbatim for export",
                clip(&title, 60),
                linked.len(),
                if linked.len() == 1 {
                    "criterion"
                } else {
                    "criteria"
                },
                if items.is_empty() {
                    String::new()
                } else {
                    format!(", for {}", items.join(", "))
                },
                if unlinked > 0 {
                    format!(", {unlinked} for no item")
                } else {
                    String::new()
                }
            ),
        );
    }
}

/// Levels from the first rubric criterion with two or more levels: ordered by
/// score (else position), thresholds evenly spaced from 0.
pub(crate) fn rubric_levels(rubrics: Option<&Value>, cx: &mut Ctx<'_>) -> Option<Vec<Level>> {
    let rubrics = rubrics?.as_array()?;
    for (ri, r) in rubrics.iter().enumerate() {
        let Some(crits) = r.get("CFRubricCriteria").and_then(Value::as_array) else {
            continue;
        };
        for (ci, c) in crits.iter().enumerate() {
            let Some(levels) = c.get("CFRubricCriterionLevels").and_then(Value::as_array) else {
                continue;
            };
            if levels.len() < 2 {
                continue;
            }
            let ls = criterion_levels(levels);
            let n = ls.len() as f64;
            let mut used = Ids::default();
            let out = ls
                .into_iter()
                .enumerate()
                .map(|(i, (_, q, d))| Level {
                    id: unique_id(&q, &format!("level-{}", i + 1), &mut used),
                    label: q,
                    threshold: (i as f64 / n * 1000.0).round() / 1000.0,
                    description: d,
                })
                .collect();
            cx.note(
                &format!("CFRubrics[{ri}].CFRubricCriteria[{ci}]"),
                "rubric_levels",
                "framework levels taken from this rubric criterion's levels (thresholds evenly spaced); rubrics kept verbatim for export".into(),
            );
            return Some(out);
        }
    }
    None
}

/// Takes out of the kept package parts the rubrics an export wrote for
/// anchored scales (`extensions.proficient.kind: anchors`): they are
/// written anew from the criteria's anchors.
pub(crate) fn take_anchors_rubrics(package: &mut BTreeMap<String, Value>) -> Vec<Value> {
    let Some(Value::Array(list)) = package.get_mut("CFRubrics") else {
        return Vec::new();
    };
    let (ours, theirs): (Vec<Value>, Vec<Value>) =
        std::mem::take(list).into_iter().partition(|r| {
            r.pointer("/extensions/proficient/kind")
                .and_then(Value::as_str)
                == Some("anchors")
        });
    *list = theirs;
    if list.is_empty() && !ours.is_empty() {
        package.remove("CFRubrics");
    }
    ours
}

/// Anchors of rating criteria that have none (their item's
/// `extensions.proficient` lacks them, e.g. another tool rewrote the items)
/// from the levels of an export's anchors rubric: `score` the value,
/// `quality` the label.
pub(crate) fn anchors_from_rubrics(
    rubrics: &[Value],
    competencies: &mut [Competency],
    cx: &mut Ctx<'_>,
) {
    let mut by_item: HashMap<&str, Vec<Anchor>> = HashMap::default();
    for r in rubrics {
        for c in r
            .get("CFRubricCriteria")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(item) = c.pointer("/CFItemURI/identifier").and_then(Value::as_str) else {
                continue;
            };
            let anchors: Vec<Anchor> = c
                .get("CFRubricCriterionLevels")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|l| {
                    Some(Anchor {
                        value: l.get("score").and_then(Value::as_f64)?,
                        label: l.get("quality").and_then(Value::as_str)?.to_string(),
                        description: l
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    })
                })
                .collect();
            if !anchors.is_empty() {
                by_item.insert(item, anchors);
            }
        }
    }
    let mut taken = Vec::new();
    for comp in competencies {
        for k in &mut comp.criteria {
            let from_rubric = k
                .case
                .as_ref()
                .and_then(|c| by_item.get(c.identifier.as_str()));
            if let (Some(a), true, true, Measure::Rating { .. }) = (
                from_rubric,
                k.anchors.is_empty(),
                k.scale.is_none(),
                &k.measure,
            ) {
                k.anchors = a.clone();
                taken.push(format!("`{}`", clip(&k.id, 40)));
            }
        }
    }
    if !taken.is_empty() {
        cx.note(
            "CFRubrics",
            "rubric_anchors",
            format!(
                "anchors of {} taken from the levels of the rating anchors rubric",
                taken.join(", ")
            ),
        );
    }
}
