//! Held items written out as compact records, and a bucket of them read
//! back and decided apart from the scorer (on any thread): which items
//! share an id, in which groups ([`Decided`]). The scorer then settles the
//! groups, bucket after bucket (`settle.rs`).
//!
//! A record is a flags byte, the id hash, the line, worker, criterion,
//! kind, date, expiry (only if any), value (its second number only if not
//! 0), the lengths of id, assessor and note, then their bytes;
//! little-endian. Usually 36 bytes before the texts.

use std::io::BufRead;

use crate::base::date::Date;
use crate::scoring::group::repeated_hashes;
use crate::scoring::score::Held;
use crate::scoring::spill::{bucket, sinks, Sink};
use crate::scoring::texts::{TextRef, Texts, NO_TEXT};

/// Flags: counts at `as_of`.
const MAIN: u8 = 1;
/// Has an expiry (4 bytes).
const EXPIRES: u8 = 2;
/// The value's second number is not 0 (8 bytes).
const SECOND: u8 = 4;
/// The line does not fit in 4 bytes (8).
const LINE64: u8 = 8;
/// The criterion does not fit in 2 bytes (4).
const CRITERION32: u8 = 16;
/// A text is 255 bytes or longer: lengths in 4 bytes each, not 1.
const WIDE: u8 = 32;

/// The longest head (every flag set).
const MAX_HEAD: usize = 1 + 8 + 8 + 4 + 4 + 2 + 4 + 4 + 8 + 8 + 12;

/// Bytes of the head of a record with `flags`, and of its text lengths
/// (the head's last bytes).
fn head_len(flags: u8) -> (usize, usize) {
    let has = |f: u8, n: usize| if flags & f != 0 { n } else { 0 };
    let lens = if flags & WIDE != 0 { 12 } else { 3 };
    let head = 1
        + 8
        + 4
        + has(LINE64, 4)
        + 4
        + 2
        + has(CRITERION32, 2)
        + 2
        + 4
        + has(EXPIRES, 4)
        + 8
        + has(SECOND, 8)
        + lens;
    (head, lens)
}

/// Writes `b` at `at` in `head` and moves `at` past it.
macro_rules! put {
    ($head:ident, $at:ident, $b:expr) => {{
        let b = $b;
        if let Some(to) = $head.get_mut($at..$at + b.len()) {
            to.copy_from_slice(&b);
        }
        $at += b.len();
    }};
}

/// Appends `h`, with its texts `texts`, to `out` as a record: the head
/// put together on the stack and copied once, then the texts.
#[inline]
pub(super) fn encode(out: &mut Vec<u8>, h: &Held, texts: [Option<&str>; 3]) {
    let [id, assessor, note] = texts;
    let len = |t: Option<&str>| t.map_or(u32::MAX, |t| u32::try_from(t.len()).unwrap_or(u32::MAX));
    let (a, b, c) = (len(id), len(assessor), len(note));
    let long = |l: u32| l != u32::MAX && l >= 255;
    let wide = long(a) || long(b) || long(c);
    let line32 = u32::try_from(h.line).ok();
    let criterion16 = u16::try_from(h.criterion).ok();
    let second = h.value[1].to_bits();
    let flag = |on: bool, f: u8| if on { f } else { 0 };
    let flags = flag(h.main, MAIN)
        | flag(h.expires.is_some(), EXPIRES)
        | flag(second != 0, SECOND)
        | flag(line32.is_none(), LINE64)
        | flag(criterion16.is_none(), CRITERION32)
        | flag(wide, WIDE);
    let mut head = [0u8; MAX_HEAD];
    let mut at = 0usize;
    put!(head, at, [flags]);
    put!(head, at, h.hash.to_le_bytes());
    match line32 {
        Some(l) => put!(head, at, l.to_le_bytes()),
        None => put!(head, at, h.line.to_le_bytes()),
    }
    put!(head, at, h.worker.to_le_bytes());
    match criterion16 {
        Some(c) => put!(head, at, c.to_le_bytes()),
        None => put!(head, at, h.criterion.to_le_bytes()),
    }
    put!(head, at, h.kind.to_le_bytes());
    put!(head, at, h.date.days().to_le_bytes());
    if let Some(e) = h.expires {
        put!(head, at, e.days().to_le_bytes());
    }
    put!(head, at, h.value[0].to_bits().to_le_bytes());
    if second != 0 {
        put!(head, at, second.to_le_bytes());
    }
    if wide {
        put!(head, at, a.to_le_bytes());
        put!(head, at, b.to_le_bytes());
        put!(head, at, c.to_le_bytes());
    } else {
        // 255: none (lengths here are below it).
        put!(
            head,
            at,
            [a.min(255) as u8, b.min(255) as u8, c.min(255) as u8]
        );
    }
    out.extend_from_slice(head.get(..at).unwrap_or(&[]));
    for t in [id, assessor, note].into_iter().flatten() {
        out.extend_from_slice(t.as_bytes());
    }
}

/// The lengths of the texts of a record with `flags` (`u32::MAX`: none),
/// from its head's last bytes `b`.
fn lens(flags: u8, b: &[u8]) -> [u32; 3] {
    let mut out = [u32::MAX; 3];
    if flags & WIDE != 0 {
        for (o, c) in out.iter_mut().zip(b.chunks_exact(4)) {
            *o = c.try_into().map_or(u32::MAX, u32::from_le_bytes);
        }
    } else {
        for (o, &l) in out.iter_mut().zip(b) {
            if l != 255 {
                *o = u32::from(l);
            }
        }
    }
    out
}

/// The id hash and the length of the record at the start of `b`, if it
/// is whole.
#[inline]
fn peek(b: &[u8]) -> Option<(u64, usize)> {
    let (&flags, rest) = b.split_first()?;
    let hash = u64::from_le_bytes(*rest.first_chunk::<8>()?);
    let (head, n) = head_len(flags);
    let texts: usize = lens(flags, b.get(head - n..head)?)
        .iter()
        .filter(|&&l| l != u32::MAX)
        .map(|&l| l as usize)
        .sum();
    let len = head + texts;
    (len <= b.len()).then_some((hash, len))
}

/// The next `N` bytes of `b`.
fn take<const N: usize>(b: &mut &[u8]) -> [u8; N] {
    match b.split_first_chunk::<N>() {
        Some((head, rest)) => {
            *b = rest;
            *head
        }
        None => [0; N],
    }
}

/// The item of the (whole) record at the start of `b`, its texts added to
/// `texts`.
fn decode(b: &[u8], texts: &mut Texts) -> Option<Held> {
    let (_, len) = peek(b)?;
    let [flags] = b.first_chunk::<1>().copied()?;
    let (head, n) = head_len(flags);
    let lens = lens(flags, b.get(head - n..head)?);
    let mut r = b.get(1..head - n)?;
    let hash = u64::from_le_bytes(take(&mut r));
    let line = if flags & LINE64 != 0 {
        u64::from_le_bytes(take(&mut r))
    } else {
        u64::from(u32::from_le_bytes(take(&mut r)))
    };
    let worker = u32::from_le_bytes(take(&mut r));
    let criterion = if flags & CRITERION32 != 0 {
        u32::from_le_bytes(take(&mut r))
    } else {
        u32::from(u16::from_le_bytes(take(&mut r)))
    };
    let kind = u16::from_le_bytes(take(&mut r));
    let date = Date::from_days(i32::from_le_bytes(take(&mut r)));
    let expires = (flags & EXPIRES != 0).then(|| Date::from_days(i32::from_le_bytes(take(&mut r))));
    let first = f64::from_bits(u64::from_le_bytes(take(&mut r)));
    let second = if flags & SECOND != 0 {
        f64::from_bits(u64::from_le_bytes(take(&mut r)))
    } else {
        0.0
    };
    let text = std::str::from_utf8(b.get(head..len)?).ok()?;
    Some(Held {
        hash,
        line,
        worker,
        criterion,
        kind,
        date,
        expires,
        value: [first, second],
        texts: texts.add_row(text, lens),
        main: flags & MAIN != 0,
    })
}

/// Reads the next record of `r` into `out`; false at the end (or on an
/// I/O error reading back a file of our own, which ends it there).
fn read_record(r: &mut dyn BufRead, out: &mut Vec<u8>) -> bool {
    let mut flags = [0u8; 1];
    if r.read_exact(&mut flags).is_err() {
        return false;
    }
    let (head, n) = head_len(flags[0]);
    out.clear();
    out.resize(head, 0);
    let Some((first, rest)) = out.split_first_mut() else {
        return false;
    };
    *first = flags[0];
    if r.read_exact(rest).is_err() {
        return false;
    }
    let texts: usize = out
        .get(head - n..head)
        .map(|b| lens(flags[0], b))
        .unwrap_or_default()
        .iter()
        .filter(|&&l| l != u32::MAX)
        .map(|&l| l as usize)
        .sum();
    out.resize(head + texts, 0);
    out.get_mut(head..).is_some_and(|t| r.read_exact(t).is_ok())
}

/// The groups of a bucket's items that share an id, as the scorer settles
/// them: each group in line order, groups in the order of their first
/// item's arrival. Only items whose id hash repeats in the bucket are
/// decoded; their texts are in `texts`.
#[derive(Debug, Default)]
pub(super) struct Decided {
    pub(super) texts: Texts,
    /// Every group's items, `(arrival in the bucket, item)`, one group
    /// after the other.
    pub(super) items: Vec<(u32, Held)>,
    /// Where each group ends in `items`, and its id (of its first item to
    /// arrive).
    pub(super) groups: Vec<(usize, TextRef)>,
}

impl Decided {
    /// Adds the groups of `other` after these.
    fn append(&mut self, other: Decided) {
        let start = self.items.len();
        for (i, h) in other.items {
            let texts = h.texts.map(|t| match other.texts.get(t) {
                Some(s) => self.texts.add(s),
                None => NO_TEXT,
            });
            self.items.push((i, Held { texts, ..h }));
        }
        for (end, id) in other.groups {
            let id = match other.texts.get(id) {
                Some(s) => self.texts.add(s),
                None => NO_TEXT,
            };
            self.groups.push((start + end, id));
        }
    }

    /// The groups of the records in `b` (in arrival order): two passes,
    /// the first reading only id hashes and lengths.
    fn of(b: &[u8]) -> Decided {
        let mut at: Vec<(u64, usize)> = Vec::new();
        let mut off = 0;
        while let Some((hash, len)) = b.get(off..).and_then(peek) {
            at.push((hash, off));
            off += len;
        }
        let mut again = repeated_hashes(at.iter().map(|e| e.0));
        again.sort_unstable();
        let mut d = Decided::default();
        for run in again.chunk_by(|a, b| a.0 == b.0) {
            let first = run.first().map_or(0, |e| e.0);
            let mut run: Vec<(u32, Held)> = std::iter::once(first)
                .chain(run.iter().map(|e| e.1))
                .filter_map(|i| {
                    let &(_, o) = at.get(i as usize)?;
                    Some((i, decode(b.get(o..)?, &mut d.texts)?))
                })
                .collect();
            // Different ids may share a hash: split by id text.
            while let Some(&(
                _,
                Held {
                    texts: [id, ..], ..
                },
            )) = run.first()
            {
                let texts = &d.texts;
                let text = texts.get(id);
                let (mut group, rest): (Vec<_>, Vec<_>) = run
                    .into_iter()
                    .partition(|(_, h)| texts.get(h.texts[0]) == text);
                run = rest;
                if group.len() > 1 {
                    group.sort_by_key(|&(i, ref h)| (h.line, i));
                    d.items.append(&mut group);
                    d.groups.push((d.items.len(), id));
                }
            }
        }
        d
    }
}

/// Decides the groups of one bucket at `level` (`sink`'s records, in
/// arrival order): read at once when within `bound` bytes (or no bits are
/// left to split it), else spread over the buckets of the next level
/// first (to files if `files`), each decided in turn.
pub(super) fn decide(sink: Sink, bound: usize, files: bool, level: u32) -> Decided {
    if sink.bytes() <= bound as u64 || bucket(0, level + 1).is_none() {
        return Decided::of(&sink.into_bytes());
    }
    let mut next = sinks(files);
    let mut read = sink.finish();
    let mut rec = Vec::new();
    while read_record(&mut read, &mut rec) {
        let hash = peek(&rec).map_or(0, |(h, _)| h);
        if let Some(s) = next.get_mut(bucket(hash, level + 1).unwrap_or(0)) {
            s.buf.extend_from_slice(&rec);
            s.drain(false);
        }
    }
    drop(read);
    let mut d = Decided::default();
    for s in next {
        d.append(decide(s, bound, files, level + 1));
    }
    d
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn records_read_back_as_written() {
        let mut texts = Texts::default();
        let long = "é".repeat(200);
        let cases = [
            (
                1u64,
                7u32,
                3u32,
                None,
                [2.5, 0.0],
                [Some("e1"), Some("a"), None],
                true,
            ),
            (
                u64::MAX,
                u32::MAX,
                70_000,
                Some(-3),
                [1.0, -0.0],
                [None, None, None],
                false,
            ),
            (
                1 << 40,
                0,
                0,
                Some(9),
                [f64::MIN_POSITIVE, 4.0],
                [Some(long.as_str()), Some(""), Some("note")],
                true,
            ),
        ];
        let mut out = Vec::new();
        let mut want = Vec::new();
        for (k, (line, worker, criterion, expires, value, t, main)) in cases.into_iter().enumerate()
        {
            let h = Held {
                hash: 0x0123_4567_89ab_cdef ^ k as u64,
                line,
                worker,
                criterion,
                kind: 5,
                date: Date::from_days(-20 + k as i32),
                expires: expires.map(Date::from_days),
                value,
                texts: [NO_TEXT; 3],
                main,
            };
            encode(&mut out, &h, t);
            want.push((h, t));
        }
        assert_eq!(out.len(), (36 + 3) + 54 + (61 + 404));
        let mut off = 0;
        let mut starts = Vec::new();
        for (h, t) in &want {
            let (hash, len) = peek(&out[off..]).unwrap();
            assert_eq!(hash, h.hash);
            let got = decode(&out[off..], &mut texts).unwrap();
            assert_eq!(got.texts.map(|r| texts.get(r)), *t);
            assert_eq!(
                (got.line, got.worker, got.criterion, got.kind, got.date),
                (h.line, h.worker, h.criterion, h.kind, h.date)
            );
            assert_eq!((got.expires, got.main), (h.expires, h.main));
            assert_eq!(got.value.map(f64::to_bits), h.value.map(f64::to_bits));
            let mut rec = Vec::new();
            assert!(read_record(&mut &out[off..], &mut rec));
            assert_eq!(rec, out[off..off + len]);
            starts.push(off);
            off += len;
        }
        assert_eq!(off, out.len());
        // A cut record is not read.
        let cut = &out[starts[2]..out.len() - 1];
        assert!(peek(cut).is_none());
        assert!(decode(cut, &mut texts).is_none());
        assert!(!read_record(&mut &cut[..], &mut Vec::new()));
        assert!(!read_record(&mut &cut[..20], &mut Vec::new()));
    }
}
