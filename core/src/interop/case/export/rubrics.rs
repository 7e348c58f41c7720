//! Anchored rating scales written as a CASE rubric: one CFRubric (marked
//! `extensions.proficient.kind: anchors`, its identifier derived from the
//! framework id) with a CFRubricCriterion per anchored criterion, linked to
//! the criterion's item, and a CFRubricCriterionLevel per anchor (`score`
//! the anchor's value, `quality` its label). What CASE cannot carry is
//! said in the export's notes.

use serde_json::{json, Value};

use crate::base::error::Diagnostic;
use crate::base::text::clip;
use crate::model::anchors::sorted;
use crate::model::Framework;

use super::super::conform::diagnostic as export_note;
use super::super::uuid::{uri_of, uuid_v5};
use super::nodes::{CompNodes, Node};

/// The marker of the rubric an export writes for anchored scales.
pub(crate) const ANCHORS_KIND: &str = "anchors";

/// Whether `rubric` is the one an export wrote for anchored scales.
pub(crate) fn is_anchors_rubric(rubric: &Value) -> bool {
    rubric
        .pointer("/extensions/proficient/kind")
        .and_then(Value::as_str)
        == Some(ANCHORS_KIND)
}

/// Adds the anchors rubric to the package's `CFRubrics` (after those kept
/// from an import, replacing an earlier export's), and notes what CASE
/// cannot carry of anchored scales and sections.
pub(crate) fn add_anchors_rubric(
    other: &mut std::collections::BTreeMap<String, Value>,
    fw: &Framework,
    nodes: &[Node<'_>],
    comp_nodes: &CompNodes,
    last_change: &str,
    notes: &mut Vec<Diagnostic>,
) {
    let base = format!("proficient:{}:rubric:anchors", fw.id);
    let rubric_id = uuid_v5(&base);
    let mut criteria = Vec::new();
    for (comp, (comp_node, crit_nodes)) in fw.competencies.iter().zip(comp_nodes) {
        for (j, cr) in comp.criteria.iter().enumerate() {
            let anchors = fw.anchors_of(cr);
            if anchors.is_empty() {
                continue;
            }
            let at = if crit_nodes.is_empty() {
                Some(*comp_node)
            } else {
                crit_nodes.get(j).copied()
            };
            let Some(node) = at.and_then(|i| nodes.get(i)) else {
                continue;
            };
            let crit_id = uuid_v5(&format!("{base}:{}", cr.id));
            let item = &node.case.identifier;
            let levels: Vec<Value> = sorted(anchors)
                .into_iter()
                .enumerate()
                .map(|(i, a)| {
                    let id = uuid_v5(&format!("{base}:{}:{i}", cr.id));
                    let mut l = json!({
                        "identifier": id,
                        "uri": uri_of(&id),
                        "quality": a.label,
                        "score": a.value,
                        "position": i + 1,
                        "rubricCriterionId": crit_id,
                        "lastChangeDateTime": last_change,
                    });
                    if let (Some(d), Value::Object(m)) = (&a.description, &mut l) {
                        m.insert("description".into(), json!(d));
                    }
                    l
                })
                .collect();
            let mut c = json!({
                "identifier": crit_id,
                "uri": uri_of(&crit_id),
                "description": clip(node.statement, 200),
                "CFItemURI": {
                    "title": clip(node.statement, 80),
                    "identifier": item,
                    "uri": node.case.uri.clone().unwrap_or_else(|| uri_of(item)),
                },
                "position": criteria.len() + 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": last_change,
                "CFRubricCriterionLevels": levels,
            });
            if let (Some(s), Value::Object(m)) = (&cr.scale, &mut c) {
                m.insert("category".into(), json!(s));
            }
            criteria.push(c);
        }
    }
    if let Some(Value::Array(list)) = other.get_mut("CFRubrics") {
        list.retain(|r| !is_anchors_rubric(r));
    }
    if !criteria.is_empty() {
        let rubric = json!({
            "identifier": rubric_id,
            "uri": uri_of(&rubric_id),
            "title": format!("Rating anchors: {}", clip(&fw.title, 80)),
            "description": "What points of the framework's rating scales mean, one rubric criterion per anchored criterion.",
            "lastChangeDateTime": last_change,
            "CFRubricCriteria": criteria,
            "extensions": {"proficient": {"kind": ANCHORS_KIND}},
        });
        let rubrics = other.entry("CFRubrics".into()).or_insert_with(|| json!([]));
        if !rubrics.is_array() {
            *rubrics = json!([]);
        }
        let mut at = 0;
        if let Value::Array(list) = rubrics {
            list.push(rubric);
            at = list.len() - 1;
        }
        let shared = if fw.anchored_scales.is_empty() {
            ""
        } else {
            "; which criteria share a scale is told only by each rubric criterion's `category` (the scale's id), and the shared scales' labels travel in `extensions.proficient`"
        };
        notes.push(export_note(
            &format!("CFRubrics[{at}]"),
            "anchors_as_rubric",
            format!(
                "anchored rating scales written as a CFRubric: one CFRubricCriterion per anchored criterion, one CFRubricCriterionLevel per anchor (`score` its value, `quality` its label){shared}"
            ),
        ));
    }
    if fw.competencies.iter().any(|c| !c.sections.is_empty()) {
        notes.push(export_note(
            "CFItems",
            "not_in_case",
            "sections of criteria have no CASE 1.1 counterpart (a group of an item's children that is not an item itself): written only in the items' `extensions.proficient`, which other CASE tools do not read".into(),
        ));
    }
    rules_note(fw, notes);
}

/// Notes that the scoring rules a framework uses are not carried: CASE
/// 1.1 has no competency rule, required criterion or level band of a
/// group of items (the evidence policy, its `aggregate` included, travels
/// in the document's `extensions.proficient`).
fn rules_note(fw: &Framework, notes: &mut Vec<Diagnostic>) {
    let mut used: Vec<&str> = Vec::new();
    for (_, field) in fw.rules_fields() {
        if field != "aggregate" && !used.contains(&field) {
            used.push(field);
        }
    }
    if used.is_empty() {
        return;
    }
    let used: Vec<String> = used.iter().map(|f| format!("`{f}`")).collect();
    notes.push(export_note(
        "CFDocument",
        "not_in_case",
        format!(
            "competency rules (`rule`), required criteria (`required`), level bands of domains (`levels`) and of the overall score (`overall_levels`) have no CASE 1.1 counterpart and are not carried (this framework uses {}): a framework imported from this package scores without them",
            used.join(", ")
        ),
    ));
}
