//! Byte scans eight bytes at a time: the word-level test shared by the CSV
//! field splitter, the CSV quoting check and the JSON escape check.

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// `b` in every byte of a word.
#[inline]
pub(crate) const fn splat(b: u8) -> u64 {
    ONES * b as u64
}

/// The high bit of each byte of `w` that is zero, exactly (no byte is
/// marked by a borrow from its neighbour).
#[inline]
pub(crate) const fn zero_bytes(w: u64) -> u64 {
    !(((w & LOW7) + LOW7) | w | LOW7)
}

/// Eight bytes of `word` as one little-endian word.
#[inline]
pub(crate) fn word(word: &[u8]) -> u64 {
    <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes)
}

/// Whether a byte of `s` matches: `marks` gives the high bit of each
/// matching byte of a word (built from [`zero_bytes`]), `matches` decides
/// the bytes after the last whole word.
#[inline]
pub(crate) fn any(s: &[u8], marks: impl Fn(u64) -> u64, matches: impl Fn(u8) -> bool) -> bool {
    let mut words = s.chunks_exact(8);
    words.any(|w| marks(word(w)) != 0) || words.remainder().iter().any(|&b| matches(b))
}
