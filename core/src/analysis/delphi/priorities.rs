//! Writing the last round's priorities into a framework file, in place
//! when its layout allows.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::delphi::read::ItemInfo;
use crate::analysis::delphi::result::{band_name, DelphiResult, ItemStats};
use crate::base::error::LoadError;
use crate::model::{Framework, Priority};

/// One competency's new priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PriorityUpdate {
    /// Competency id.
    pub competency: String,
    /// Item id it came from.
    pub item: String,
    /// The priority written (mean and SD rounded to 2 decimals).
    pub priority: Priority,
}

/// What [`set_priorities`] did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PriorityReport {
    /// The round the priorities come from (the last round).
    pub round: Option<u32>,
    /// Competencies given a priority, in framework order.
    pub updated: Vec<PriorityUpdate>,
    /// Items of the round that match no competency.
    pub unmatched_items: Vec<String>,
    /// Competencies matched by more than one item: left unchanged.
    pub ambiguous: Vec<String>,
    /// Competencies not rated in the round: left unchanged.
    pub unrated_competencies: Vec<String>,
    /// True when the file was edited in place (comments and layout kept);
    /// false when it had to be rewritten from the model (comments lost).
    pub layout_kept: bool,
}

fn round2(x: f64) -> f64 {
    format!("{x:.2}").parse().unwrap_or(x)
}

/// Sets `priority: {mean, sd, rank, band}` (from the last round of
/// `result`) on every competency of the framework in `text` whose id an
/// item stands for (the item's `competency` in `items`, else its id); the
/// band is the consensus band, left out without consensus. Returns the new
/// file text and a report. The file is edited in place when its layout
/// allows (block-style competencies), keeping comments; otherwise it is
/// rewritten from the model. Either way the result is checked to read back
/// as the intended framework.
pub fn set_priorities(
    text: &str,
    result: &DelphiResult,
    items: Option<&[ItemInfo]>,
) -> Result<(String, PriorityReport), LoadError> {
    let fw = Framework::from_yaml_str(text)?;
    let (_, index): (Framework, crate::input::yaml::LocationIndex) =
        crate::input::yaml::parse(text, &crate::input::yaml::Limits::default())?;
    let last = result.rounds.last();
    let competency_of = |item: &str| -> String {
        items
            .unwrap_or_default()
            .iter()
            .find(|i| i.item == item)
            .and_then(|i| i.competency.clone())
            .unwrap_or_else(|| item.to_string())
    };
    let mut by_competency: BTreeMap<String, Vec<&ItemStats>> = BTreeMap::new();
    let mut unmatched_items = Vec::new();
    for st in last.map(|r| r.items.as_slice()).unwrap_or_default() {
        let c = competency_of(&st.item);
        if fw.competency(&c).is_some() {
            by_competency.entry(c).or_default().push(st);
        } else {
            unmatched_items.push(st.item.clone());
        }
    }
    let mut updated = Vec::new();
    let mut ambiguous = Vec::new();
    let mut unrated = Vec::new();
    let mut target = fw.clone();
    for comp in &mut target.competencies {
        match by_competency.get(&comp.id).map(Vec::as_slice) {
            Some([st]) => {
                let p = Priority {
                    mean: Some(round2(st.mean)),
                    sd: st.sd.map(round2),
                    rank: Some(st.rank),
                    band: st.consensus_band,
                };
                comp.priority = Some(p.clone());
                updated.push(PriorityUpdate {
                    competency: comp.id.clone(),
                    item: st.item.clone(),
                    priority: p,
                });
            }
            Some(_) => ambiguous.push(comp.id.clone()),
            None => unrated.push(comp.id.clone()),
        }
    }
    let edited = edit_in_place(text, &index, &fw, &updated);
    let (out, layout_kept) = match edited {
        Some(t) if Framework::from_yaml_str(&t).is_ok_and(|f| f == target) => (t, true),
        _ => {
            let yaml = serde_yaml::to_string(&target).map_err(|e| {
                crate::model::load::syntax_error(crate::base::error::SyntaxError::Syntax(
                    e.to_string(),
                ))
            })?;
            let t = format!(
                "# Rewritten by `proficient delphi --write-priorities`; comments of the original were not kept.\n{yaml}"
            );
            if Framework::from_yaml_str(&t).ok().as_ref() != Some(&target) {
                return Err(crate::model::load::syntax_error(
                    crate::base::error::SyntaxError::Syntax(
                        "the framework with priorities does not read back as written".into(),
                    ),
                ));
            }
            (t, false)
        }
    };
    Ok((
        out,
        PriorityReport {
            round: last.map(|r| r.round),
            updated,
            unmatched_items,
            ambiguous,
            unrated_competencies: unrated,
            layout_kept,
        },
    ))
}

fn flow_priority(p: &Priority) -> String {
    let mut parts = Vec::new();
    if let Some(m) = p.mean {
        parts.push(format!("mean: {m:.2}"));
    }
    if let Some(s) = p.sd {
        parts.push(format!("sd: {s:.2}"));
    }
    if let Some(r) = p.rank {
        parts.push(format!("rank: {r}"));
    }
    if let Some(b) = p.band {
        parts.push(format!("band: {}", band_name(b)));
    }
    format!("priority: {{{}}}", parts.join(", "))
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Inserts (or replaces) a `priority:` line in each updated block-style
/// competency; `None` when the layout is not one this can edit safely.
fn edit_in_place(
    text: &str,
    index: &crate::input::yaml::LocationIndex,
    fw: &Framework,
    updates: &[PriorityUpdate],
) -> Option<String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        if let Some(l) = lines.last_mut() {
            l.push('\n');
        }
    }
    // Edits bottom-up so earlier line numbers stay valid.
    let mut edits: Vec<(usize, usize, usize, String)> = Vec::new(); // (start, remove, insert_at, text)
    for u in updates {
        let i = fw.competencies.iter().position(|c| c.id == u.competency)?;
        let loc = index.locate(&format!("competencies[{i}].id"));
        let start = loc.line?.checked_sub(1)?;
        let first = lines.get(start)?;
        // The key `id` must start the mapping in block style: `- id: ...`
        // or `id: ...` at the mapping's indentation.
        let k = {
            let rest = first.trim_start_matches(' ');
            let lead = first.len() - rest.len();
            if let Some(after) = rest.strip_prefix("- ") {
                lead + 2 + (after.len() - after.trim_start_matches(' ').len())
            } else {
                lead
            }
        };
        if !first.get(k..)?.starts_with("id:") {
            return None;
        }
        // The block: following lines indented more than the sequence dash.
        let mut end = start + 1;
        while let Some(l) = lines.get(end) {
            if !is_blank_or_comment(l) && indentation(l) < k {
                break;
            }
            end += 1;
        }
        // Trailing blank or comment lines belong to what follows.
        while end > start + 1 && lines.get(end - 1).is_some_and(|l| is_blank_or_comment(l)) {
            end -= 1;
        }
        let key_at = |l: &str, key: &str| {
            indentation(l) == k && l.get(k..).is_some_and(|r| r.starts_with(key))
        };
        let mut remove: Option<(usize, usize)> = None;
        let mut insert_at = end;
        let mut j = start + 1;
        while j < end {
            let l = lines.get(j)?;
            if key_at(l, "priority:") {
                let mut e = j + 1;
                while e < end
                    && lines
                        .get(e)
                        .is_some_and(|x| is_blank_or_comment(x) || indentation(x) > k)
                {
                    e += 1;
                }
                remove = Some((j, e - j));
            } else if key_at(l, "criteria:") {
                insert_at = j;
            }
            j += 1;
        }
        let new_line = format!("{}{}\n", " ".repeat(k), flow_priority(&u.priority));
        match remove {
            Some((at, count)) => edits.push((at, count, at, new_line)),
            None => edits.push((insert_at, 0, insert_at, new_line)),
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (at, count, insert_at, line) in edits {
        if count > 0 {
            lines.drain(at..(at + count).min(lines.len()));
        }
        lines.insert(insert_at.min(lines.len()), line);
    }
    Some(lines.concat())
}
