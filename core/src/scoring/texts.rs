//! The id, assessor and note texts of held items, kept compactly.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::evidence::batch::split_texts;

/// A text of [`Texts`]: [`NO_TEXT`]; a long text's number (top bit set);
/// or a short one's start in the arena (shifted left 24 bits) and length.
pub(super) type TextRef = u64;

/// No text (an absent id, assessor or note).
pub(super) const NO_TEXT: TextRef = u64::MAX;

/// Texts of this many bytes or more are kept once however many items
/// repeat them; shorter ones are copied per item.
pub(super) const LONG_TEXT: usize = 64;

pub(super) const LONG_FLAG: u64 = 1 << 63;

/// The id, assessor and note texts of held items, compactly: short texts
/// (the usual ids, assessor names) copied into one arena as they come, and
/// long ones stored once each, however many items repeat them (2M items
/// sharing a 1,000-character id hold it once, not 2M times). Long texts
/// are shared (`Arc`) with the results that quote them.
#[derive(Debug, Default)]
pub(super) struct Texts {
    arena: String,
    long: Vec<Arc<str>>,
    /// Numbers of `long`, by hash of their text.
    table: HashTable<(u64, u32)>,
    /// Bytes of `long`'s texts.
    long_bytes: usize,
}

impl Texts {
    /// Adds `s`: a copy when short, the one copy when long.
    pub(super) fn add(&mut self, s: &str) -> TextRef {
        if s.len() >= LONG_TEXT {
            return LONG_FLAG | u64::from(self.intern(s));
        }
        let start = self.arena.len() as u64;
        self.arena.push_str(s);
        (start << 24) | s.len() as u64
    }

    /// Adds the id, assessor and note laid out one after the other in
    /// `texts` (as [`RowRef::texts`]); short ones with one copy.
    pub(super) fn add_row(&mut self, texts: &str, lens: [u32; 3]) -> [TextRef; 3] {
        if texts.len() >= LONG_TEXT {
            return split_texts(texts, lens).map(|t| t.map_or(NO_TEXT, |t| self.add(t)));
        }
        let mut at = self.arena.len() as u64;
        self.arena.push_str(texts);
        let mut out = [NO_TEXT; 3];
        for (r, len) in out.iter_mut().zip(lens) {
            if len != u32::MAX {
                *r = (at << 24) | u64::from(len);
                at += u64::from(len);
            }
        }
        out
    }

    pub(super) fn intern(&mut self, s: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(s);
        let long = &self.long;
        let same =
            |&(h, i): &(u64, u32)| h == hash && long.get(i as usize).map(|t| &**t) == Some(s);
        if let Some(&(_, i)) = self.table.find(hash, same) {
            return i;
        }
        let i = u32::try_from(self.long.len()).unwrap_or(u32::MAX);
        self.long.push(Arc::from(s));
        self.long_bytes += s.len();
        self.table.insert_unique(hash, (hash, i), |&(h, _)| h);
        i
    }

    /// Bytes of text held (not counting spare capacity).
    pub(super) fn bytes(&self) -> usize {
        self.arena.len() + self.long_bytes
    }

    /// Removes every text, keeping the arena's memory for reuse.
    pub(super) fn clear(&mut self) {
        self.arena.clear();
        self.long.clear();
        self.table.clear();
        self.long_bytes = 0;
    }

    pub(super) fn get(&self, r: TextRef) -> Option<&str> {
        if r == NO_TEXT {
            None
        } else if r & LONG_FLAG != 0 {
            self.long.get((r & !LONG_FLAG) as usize).map(|t| &**t)
        } else {
            let start = (r >> 24) as usize;
            self.arena.get(start..start + (r & 0xff_ffff) as usize)
        }
    }

    /// `s` to put in a result: a long text shared with every other use.
    pub(super) fn share(&mut self, s: &str) -> Arc<str> {
        if s.len() >= LONG_TEXT {
            let i = self.intern(s);
            if let Some(t) = self.long.get(i as usize) {
                return t.clone();
            }
        }
        Arc::from(s)
    }

    /// As [`Texts::share`] for a text already added.
    pub(super) fn shared(&self, r: TextRef) -> Option<Arc<str>> {
        if r != NO_TEXT && r & LONG_FLAG != 0 {
            return self.long.get((r & !LONG_FLAG) as usize).cloned();
        }
        self.get(r).map(Arc::from)
    }
}
