//! Grouping without random memory access: a counting sort, and the
//! repeated hashes found with it.

/// Counting sort: `items` into `out` by `key` (below `buckets`), keeping
/// their order within each bucket; returns where each bucket starts in
/// `out`, and where the last ends (`buckets + 1` positions). One pass to
/// count, one to place: memory is walked in order, and each bucket can then
/// be worked on while it is in cache.
pub(super) fn group_by<T: Copy>(
    items: &[T],
    buckets: usize,
    key: impl Fn(&T) -> usize,
    out: &mut Vec<T>,
) -> Vec<usize> {
    let mut starts = vec![0usize; buckets + 1];
    for x in items {
        if let Some(c) = starts.get_mut(key(x) + 1) {
            *c += 1;
        }
    }
    for b in 1..starts.len() {
        let before = starts.get(b - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(b) {
            *c += before;
        }
    }
    let bounds = starts.clone();
    out.clear();
    if let Some(&first) = items.first() {
        out.resize(items.len(), first);
    }
    for &x in items {
        if let Some(at) = starts.get_mut(key(&x)) {
            if let Some(slot) = out.get_mut(*at) {
                *slot = x;
            }
            *at += 1;
        }
    }
    bounds
}

/// For each hash equal to an earlier one, `(position of the first, its
/// position)`. A counting sort on the top bits of the hashes ([`group_by`])
/// puts them in buckets of a few dozen (in order within each), and each
/// bucket is checked with a small table that stays in cache, so memory is
/// walked in order rather than at random as one large table would be.
pub(super) fn repeated_hashes(hashes: impl ExactSizeIterator<Item = u64>) -> Vec<(u32, u32)> {
    let n = hashes.len();
    let bits = (usize::BITS - (n / 16).leading_zeros()).clamp(1, 16);
    let shift = 64 - bits;
    let keyed: Vec<(u64, u32)> = hashes
        .enumerate()
        .map(|(i, h)| (h, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut keys = Vec::new();
    let bounds = group_by(
        &keyed,
        1 << bits,
        |&(h, _)| (h >> shift) as usize,
        &mut keys,
    );
    drop(keyed);
    let mut again = Vec::new();
    // Open addressing on the bits below the bucket's; `EMPTY` marks a free
    // slot (a real position is never u32::MAX: items are counted in u32).
    const EMPTY: (u64, u32) = (0, u32::MAX);
    let mut table: Vec<(u64, u32)> = Vec::new();
    for w in bounds.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let Some(bucket) = keys.get(a..b) else {
            continue;
        };
        if bucket.len() < 2 {
            continue;
        }
        let size = (bucket.len() * 2).next_power_of_two();
        table.clear();
        table.resize(size, EMPTY);
        let mask = size - 1;
        for &(h, i) in bucket {
            let mut at = (h as usize) & mask;
            loop {
                match table.get_mut(at) {
                    Some(slot) if slot.1 == u32::MAX => {
                        *slot = (h, i);
                        break;
                    }
                    Some(slot) if slot.0 == h => {
                        again.push((slot.1, i));
                        break;
                    }
                    Some(_) => at = (at + 1) & mask,
                    None => break,
                }
            }
        }
    }
    again
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::repeated_hashes;

    #[test]
    fn repeated_hashes_pairs_every_later_copy_with_the_first() {
        // Hashes with many repeats, some sharing top bits but not all bits.
        let mut state = 7u64;
        let mut hashes = Vec::new();
        for _ in 0..50_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let h = ((state >> 50) << 48) | ((state >> 20) % 5);
            hashes.push(h);
        }
        let mut got = repeated_hashes(hashes.iter().copied());
        got.sort_unstable();
        let mut first = std::collections::HashMap::new();
        let mut want = Vec::new();
        for (i, h) in hashes.iter().enumerate() {
            match first.get(h) {
                Some(&f) => want.push((f, i as u32)),
                None => {
                    first.insert(*h, i as u32);
                }
            }
        }
        want.sort_unstable();
        assert!(!want.is_empty());
        assert_eq!(got, want);
        assert!(repeated_hashes([].into_iter()).is_empty());
        assert_eq!(repeated_hashes([9, 9].into_iter()), [(0, 1)]);
    }
}
