//! Evidence held in memory in compact, dictionary-encoded form.
//!
//! A [`Batch`] keeps items as fixed-size rows over one text buffer, with the
//! worker, criterion and kind of each row stored once per batch in a
//! dictionary and referred to by number (as an Arrow dictionary column or a
//! pandas categorical does). It is what the reading thread hands the
//! scoring thread ([`crate::scoring::pipeline`]), what [`crate::Scorer`] scores in
//! bulk ([`crate::Scorer::push_batch`]: each distinct worker, criterion and
//! kind is looked up once per batch, not once per item), and what a caller
//! keeps to score the same evidence at many dates without re-reading it.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::base::date::Date;
use crate::evidence::item::{ItemRef, ValueRef};

/// A span of [`Batch`] text, relative to its row's `base` (so rows stay
/// small while the whole text may pass 4 GiB).
type Span = (u32, u32);

/// A value cell of a row.
#[derive(Debug, Clone, Copy)]
enum Val {
    Bool(bool),
    Number(f64),
    Text(Span),
}

/// Length recorded for an absent id, assessor or note.
const ABSENT: u32 = u32::MAX;

/// One item: dictionary codes for worker, criterion and kind; its id,
/// assessor and note one after the other at the start of its text (so they
/// can be copied at once), then the texts of its values.
#[derive(Debug, Clone, Copy)]
struct Row {
    line: u64,
    /// Where this row's texts start in the batch text.
    base: usize,
    worker: u32,
    criterion: u32,
    kind: u32,
    date: Date,
    expires: Option<Date>,
    /// Lengths of the id, assessor and note (`ABSENT` when absent).
    lens: [u32; 3],
    /// Their total length.
    held: u32,
    value: Option<Val>,
    numerator: Option<Val>,
    denominator: Option<Val>,
}

/// The id, assessor and note laid out one after the other in `texts` with
/// lengths `lens` (see [`RowRef::texts`]), each `None` when absent.
pub(crate) fn split_texts(texts: &str, lens: [u32; 3]) -> [Option<&str>; 3] {
    let mut at = 0usize;
    lens.map(|len| {
        if len == ABSENT {
            return None;
        }
        let end = at + len as usize;
        let s = texts.get(at..end);
        at = end;
        s
    })
}

/// The distinct texts of one column, each stored once, numbered in order of
/// first appearance.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    text: String,
    /// End of each entry in `text` (entry `i` starts where `i - 1` ends).
    ends: Vec<usize>,
    /// The hash of each entry ([`text_hash`]), so that a reader of the
    /// batch (the scorer, on another thread) need not hash it again.
    hashes: Vec<u64>,
    /// Entry numbers, found by the hash of their text.
    table: HashTable<(u64, u32)>,
}

/// The hash a [`Dict`] keeps of each entry (the Fx hash of the text, as
/// the scorer's tables hash).
#[inline]
pub(crate) fn text_hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl Dict {
    /// The number of `s`, adding it when new.
    #[inline]
    fn intern(&mut self, s: &str) -> u32 {
        let hash = text_hash(s);
        let (text, ends) = (self.text.as_bytes(), &self.ends);
        // Compared as bytes: entries are whole texts, so no char
        // boundaries need checking.
        let entry = |i: u32| -> Option<&[u8]> {
            let i = i as usize;
            let start = i
                .checked_sub(1)
                .and_then(|p| ends.get(p))
                .copied()
                .unwrap_or(0);
            text.get(start..*ends.get(i)?)
        };
        let same = |&(h, i): &(u64, u32)| h == hash && entry(i) == Some(s.as_bytes());
        if let Some(&(_, i)) = self.table.find(hash, same) {
            return i;
        }
        let i = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.hashes.push(hash);
        self.table.insert_unique(hash, (hash, i), |&(h, _)| h);
        i
    }

    /// The entries in number order, each with its [`text_hash`].
    pub(crate) fn hashed(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        let mut start = 0;
        self.ends
            .iter()
            .zip(&self.hashes)
            .map(move |(&end, &hash)| {
                let s = self.text.get(start..end).unwrap_or("");
                start = end;
                (s, hash)
            })
    }

    /// Entry `i` (empty when out of range).
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The entries in number order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..u32::try_from(self.len()).unwrap_or(u32::MAX)).map(|i| self.get(i))
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.hashes.clear();
        self.table.clear();
    }
}

/// Owned items in compact form; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    text: String,
    rows: Vec<Row>,
    workers: Dict,
    criteria: Dict,
    kinds: Dict,
}

/// One row of a [`Batch`] as the scorer reads it: worker, criterion and
/// kind by their number in the batch's dictionaries, the rest borrowed
/// when asked for (a rejected row's values are never looked at).
#[derive(Debug, Clone, Copy)]
pub struct RowRef<'a> {
    batch: &'a Batch,
    row: &'a Row,
}

impl<'a> RowRef<'a> {
    /// Input line (or position).
    pub fn line(&self) -> u64 {
        self.row.line
    }

    /// Worker, as its number in [`Batch::workers`].
    pub fn worker(&self) -> u32 {
        self.row.worker
    }

    /// Criterion, as its number in [`Batch::criteria`].
    pub fn criterion(&self) -> u32 {
        self.row.criterion
    }

    /// Kind, as its number in [`Batch::kinds`].
    pub fn kind(&self) -> u32 {
        self.row.kind
    }

    /// Date observed.
    pub fn date(&self) -> Date {
        self.row.date
    }

    /// Expiry date.
    pub fn expires(&self) -> Option<Date> {
        self.row.expires
    }

    /// The id, assessor and note, one after the other (see [`RowRef::lens`]).
    pub fn texts(&self) -> &'a str {
        let r = self.row;
        self.batch
            .text
            .get(r.base..r.base + r.held as usize)
            .unwrap_or("")
    }

    /// Lengths of the id, assessor and note in [`RowRef::texts`]
    /// (`u32::MAX` when absent).
    pub fn lens(&self) -> [u32; 3] {
        self.row.lens
    }

    /// The id (absent when empty).
    pub fn id(&self) -> Option<&'a str> {
        match self.row.lens {
            [ABSENT, _, _] => None,
            [len, _, _] => self.texts().get(..len as usize),
        }
    }

    /// Value.
    pub fn value(&self) -> Option<ValueRef<'a>> {
        self.row.value.map(|v| self.batch.value(self.row.base, v))
    }

    /// Rate numerator.
    pub fn numerator(&self) -> Option<ValueRef<'a>> {
        self.row
            .numerator
            .map(|v| self.batch.value(self.row.base, v))
    }

    /// Rate denominator.
    pub fn denominator(&self) -> Option<ValueRef<'a>> {
        self.row
            .denominator
            .map(|v| self.batch.value(self.row.base, v))
    }
}

impl Batch {
    /// An empty batch with room for `rows` items.
    pub fn with_capacity(rows: usize) -> Batch {
        Batch {
            text: String::with_capacity(rows * 16),
            rows: Vec::with_capacity(rows),
            ..Batch::default()
        }
    }

    /// Appends `s` to the text of the row starting at `base`.
    fn span(&mut self, base: usize, s: &str) -> Span {
        let start = self.text.len() - base;
        self.text.push_str(s);
        let end = self.text.len() - base;
        (
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(end).unwrap_or(u32::MAX),
        )
    }

    fn val(&mut self, base: usize, v: ValueRef<'_>) -> Val {
        match v {
            ValueRef::Bool(b) => Val::Bool(b),
            ValueRef::Number(n) => Val::Number(n),
            ValueRef::Text(t) => Val::Text(self.span(base, t)),
        }
    }

    /// Copies `item`, read from `line`, into the batch.
    #[inline]
    pub fn push(&mut self, item: &ItemRef<'_>, line: usize) {
        let base = self.text.len();
        let mut lens = [ABSENT; 3];
        for (len, s) in lens.iter_mut().zip([item.id, item.assessor, item.note]) {
            if let Some(s) = s {
                self.text.push_str(s);
                *len = u32::try_from(s.len()).unwrap_or(ABSENT - 1);
            }
        }
        let held = u32::try_from(self.text.len() - base).unwrap_or(u32::MAX);
        let row = Row {
            line: line as u64,
            base,
            worker: self.workers.intern(item.worker),
            criterion: self.criteria.intern(item.criterion),
            kind: self.kinds.intern(item.kind),
            date: item.date,
            expires: item.expires,
            lens,
            held,
            value: item.value.map(|v| self.val(base, v)),
            numerator: item.numerator.map(|v| self.val(base, v)),
            denominator: item.denominator.map(|v| self.val(base, v)),
        };
        self.rows.push(row);
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Removes every item, keeping the memory for reuse.
    pub fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
        self.workers.clear();
        self.criteria.clear();
        self.kinds.clear();
    }

    /// The distinct workers of the batch, numbered as in [`RowRef::worker`].
    pub fn workers(&self) -> &Dict {
        &self.workers
    }

    /// The distinct criterion ids, numbered as in [`RowRef::criterion`].
    pub fn criteria(&self) -> &Dict {
        &self.criteria
    }

    /// The distinct kind ids, numbered as in [`RowRef::kind`].
    pub fn kinds(&self) -> &Dict {
        &self.kinds
    }

    fn get(&self, base: usize, s: Span) -> &str {
        self.text
            .get(base + s.0 as usize..base + s.1 as usize)
            .unwrap_or("")
    }

    fn value(&self, base: usize, v: Val) -> ValueRef<'_> {
        match v {
            Val::Bool(b) => ValueRef::Bool(b),
            Val::Number(n) => ValueRef::Number(n),
            Val::Text(s) => ValueRef::Text(self.get(base, s)),
        }
    }

    /// The rows, in order, with dictionary codes.
    pub fn rows(&self) -> impl Iterator<Item = RowRef<'_>> + '_ {
        self.rows.iter().map(|row| RowRef { batch: self, row })
    }

    /// The item of `row` as readers give it.
    pub fn item<'a>(&'a self, row: &RowRef<'a>) -> ItemRef<'a> {
        let [id, assessor, note] = split_texts(row.texts(), row.lens());
        ItemRef {
            id,
            worker: self.workers.get(row.worker()),
            criterion: self.criteria.get(row.criterion()),
            kind: self.kinds.get(row.kind()),
            date: row.date(),
            assessor,
            value: row.value(),
            numerator: row.numerator(),
            denominator: row.denominator(),
            expires: row.expires(),
            note,
        }
    }

    /// Calls `sink(item, line)` for each item, in order.
    pub fn for_each(&self, mut sink: impl FnMut(ItemRef<'_>, usize)) {
        for row in self.rows() {
            sink(self.item(&row), row.line() as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn item<'a>(worker: &'a str, criterion: &'a str, id: Option<&'a str>) -> ItemRef<'a> {
        ItemRef {
            id,
            worker,
            criterion,
            kind: "obs",
            date: Date::from_ymd(2024, 1, 2).unwrap(),
            assessor: None,
            value: Some(ValueRef::Text("4")),
            numerator: None,
            denominator: None,
            expires: None,
            note: Some("n"),
        }
    }

    #[test]
    fn items_come_back_as_they_went_in_with_each_text_stored_once() {
        let mut b = Batch::default();
        let items = [
            item("w1", "c.a", Some("e1")),
            item("w2", "c.a", None),
            item("w1", "c.b", Some("e3")),
        ];
        for (i, it) in items.iter().enumerate() {
            b.push(it, i + 2);
        }
        let mut seen = 0;
        b.for_each(|it, line| {
            assert_eq!(it, items[seen]);
            assert_eq!(line, seen + 2);
            seen += 1;
        });
        assert_eq!(seen, 3);
        assert_eq!(b.workers().iter().collect::<Vec<_>>(), ["w1", "w2"]);
        assert_eq!(b.criteria().iter().collect::<Vec<_>>(), ["c.a", "c.b"]);
        assert_eq!(b.kinds().len(), 1);
        b.clear();
        assert!(b.is_empty() && b.workers().is_empty());
        b.push(&items[1], 9);
        assert_eq!(b.workers().get(0), "w2");
    }
}
