//! The ids an import gives to what it reads: slugs of CASE text, made
//! unique.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Longest id made from CASE text, suffix included.
pub(crate) const MAX_SLUG: usize = 80;

/// An id made from CASE text: lowercase ASCII letters, digits, `.`, `_` and
/// single `-`, at most `max` characters, not ending in `-` or `.`. A slug
/// of a slug (of at most `max` characters) is itself, so ids written to
/// an export come back unchanged.
pub(crate) fn slug_within(s: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in s.trim().chars() {
        if out.len() > max {
            break;
        }
        if ch.is_ascii_alphanumeric() || ch == '.' || ch == '_' {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    // ASCII only: a byte length is a character count.
    out.truncate(max);
    out.trim_end_matches(['-', '.']).to_string()
}

pub(crate) fn slug(s: &str) -> String {
    slug_within(s, MAX_SLUG)
}

/// Ids in use, and for each id stem the next suffix to try (so that many
/// items with the same stem take linear time, not quadratic).
#[derive(Default)]
pub(crate) struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

pub(crate) fn unique_id(base: &str, fallback: &str, ids: &mut Ids) -> String {
    let mut id = slug(base);
    if id.is_empty() || ids.used.contains(&id) {
        id = slug(fallback);
    }
    if id.is_empty() {
        id = "item".into();
    }
    if ids.used.insert(id.clone()) {
        return id;
    }
    let mut n = ids.next.get(&id).copied().unwrap_or(2);
    let candidate = loop {
        // Shortened so that the suffix stays within MAX_SLUG: a longer id
        // would be clipped, and so changed, when read back.
        let suffix = format!("-{n}");
        let stem = slug_within(&id, MAX_SLUG.saturating_sub(suffix.len()));
        let candidate = format!("{stem}{suffix}");
        n += 1;
        if !ids.used.contains(&candidate) {
            break candidate;
        }
    };
    ids.next.insert(id, n);
    ids.used.insert(candidate.clone());
    candidate
}
