//! Held items with ids past a bound: the bound ([`hold_bytes`]), the
//! temporary files held items are written to ([`TempFile`]), by bucket of
//! id hash ([`Sink`], [`bucket`]), and what a scorer keeps of them
//! ([`Spill`]). Writing and settling them is `settle.rs`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, Write};

use crate::scoring::texts::Texts;

#[cfg(test)]
thread_local! {
    /// The bits of id hashes kept (all but in tests of collisions).
    pub(super) static HASH_MASK: std::cell::Cell<u64> = const { std::cell::Cell::new(u64::MAX) };
}

/// The hash of an id (in tests, with only the bits of [`HASH_MASK`],
/// so that different ids share hashes).
#[inline]
pub(super) fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    let hash = rustc_hash::FxBuildHasher.hash_one(id);
    #[cfg(test)]
    let hash = hash & HASH_MASK.with(std::cell::Cell::get);
    hash
}

/// The default bound on held records and texts, in bytes.
const HOLD_BYTES: usize = 96 << 20;

/// Held items written out are spread over 2^this buckets by the top bits of
/// their id hash (the next bits split a bucket too large to settle at once).
const BUCKET_BITS: u32 = 8;

/// Bytes encoded for a bucket before they are written to its file.
const WRITE_BUFFER: usize = 32 << 10;

/// Bytes read at a time from a bucket's file.
const READ_BUFFER: usize = 64 << 10;

/// The bound past which held items are written out: `usize::MAX` without
/// feature `threads` (no files); else `PROFICIENT_HOLD_BYTES`, read once,
/// or 96 MiB (1M items with ids stay within it).
pub(super) fn hold_bytes() -> usize {
    if !cfg!(feature = "threads") {
        return usize::MAX;
    }
    static BOUND: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BOUND.get_or_init(|| {
        std::env::var("PROFICIENT_HOLD_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(HOLD_BYTES)
    })
}

/// The held items written out so far, by bucket.
#[derive(Debug)]
pub(super) struct Spill {
    /// Held records and texts past which they are written out.
    pub(super) bound: usize,
    /// Where each bucket's items go (empty until the first time).
    pub(super) buckets: Vec<Sink>,
    /// Times held items were written out.
    pub(super) spills: usize,
    /// Whether buckets may go to files (else they stay in memory, encoded).
    pub(super) files: bool,
    /// `Scorer::used` before this has its ids in `used_texts`.
    pub(super) moved: usize,
    /// Ids of used items (explanations) whose held texts were cleared.
    pub(super) used_texts: Texts,
    /// Held items written out so far.
    pub(super) items: u64,
    /// Threads that read buckets back and decide their groups.
    pub(super) threads: usize,
}

impl Spill {
    pub(super) fn new() -> Spill {
        Spill {
            bound: hold_bytes(),
            buckets: Vec::new(),
            spills: 0,
            files: true,
            moved: 0,
            used_texts: Texts::default(),
            items: 0,
            threads: crate::scoring::parallel::threads_for(1 << BUCKET_BITS, 8),
        }
    }
}

/// A temporary file, removed when dropped (on Unix as soon as it is open:
/// it then has no name, and goes even if the process is killed).
#[derive(Debug)]
pub(super) struct TempFile {
    file: File,
    path: Option<std::path::PathBuf>,
}

impl TempFile {
    fn new() -> io::Result<TempFile> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::var_os("PROFICIENT_TMPDIR")
            .map_or_else(std::env::temp_dir, std::path::PathBuf::from);
        let mut last = io::Error::other("no temporary file");
        for _ in 0..8 {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("proficient-{}-{n}.ids", std::process::id()));
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    let unnamed = cfg!(unix) && std::fs::remove_file(&path).is_ok();
                    let path = (!unnamed).then_some(path);
                    return Ok(TempFile { file, path });
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Read for TempFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

/// Where a bucket's items are written, in arrival order: a temporary file
/// (made when the first buffer is full), or memory when none can be made
/// or written (what was written is then read back).
#[derive(Debug)]
pub(super) struct Sink {
    files: bool,
    file: Option<TempFile>,
    /// Encoded and not yet written (everything, without a file).
    pub(super) buf: Vec<u8>,
    written: u64,
}

impl Sink {
    pub(super) fn new(files: bool) -> Sink {
        Sink {
            files,
            file: None,
            // (Room for a full buffer and a record, so that it is not grown.)
            buf: Vec::with_capacity(if files { WRITE_BUFFER + 512 } else { 0 }),
            written: 0,
        }
    }

    /// Bytes of items so far.
    pub(super) fn bytes(&self) -> u64 {
        self.written + self.buf.len() as u64
    }

    /// Writes the buffer out when full (or `all`); after a failure, keeps
    /// everything in memory.
    pub(super) fn drain(&mut self, all: bool) {
        if !self.files || (!all && self.buf.len() < WRITE_BUFFER) {
            return;
        }
        if self.file.is_none() {
            self.file = TempFile::new().ok();
        }
        let Some(f) = self.file.as_mut() else {
            self.files = false;
            return;
        };
        if f.file.write_all(&self.buf).is_ok() {
            self.written += self.buf.len() as u64;
            self.buf.clear();
            return;
        }
        // Back to memory: what the file holds, then the buffer.
        let mut back = Vec::new();
        let read = f.file.set_len(self.written).and_then(|()| {
            f.file.rewind()?;
            (&mut f.file).take(self.written).read_to_end(&mut back)
        });
        if read.is_ok() {
            back.append(&mut self.buf);
            self.buf = back;
        }
        self.written = 0;
        self.file = None;
        self.files = false;
    }

    /// The items written, read back at once (up to an I/O error reading
    /// back a file of our own, which ends them there).
    pub(super) fn into_bytes(mut self) -> Vec<u8> {
        if self.file.is_some() {
            self.drain(true);
        }
        let Some(mut f) = self.file.take() else {
            return self.buf;
        };
        let mut out = Vec::with_capacity(usize::try_from(self.written).unwrap_or(0));
        if f.file.rewind().is_ok() {
            let _ = f.file.read_to_end(&mut out);
        }
        out
    }

    /// The items written, to read back from the start.
    pub(super) fn finish(mut self) -> Box<dyn BufRead> {
        if self.file.is_some() {
            self.drain(true);
        }
        if let Some(mut f) = self.file.take() {
            if f.file.rewind().is_ok() {
                return Box::new(BufReader::with_capacity(READ_BUFFER, f));
            }
        }
        Box::new(io::Cursor::new(self.buf))
    }
}

/// The bucket of an id hash at `level` (0: its top bits), or `None` past
/// the last level.
pub(super) fn bucket(hash: u64, level: u32) -> Option<usize> {
    let shift = 64u32.checked_sub(BUCKET_BITS * (level + 1))?;
    Some(((hash >> shift) & ((1 << BUCKET_BITS) - 1)) as usize)
}

pub(super) fn sinks(files: bool) -> Vec<Sink> {
    (0..1usize << BUCKET_BITS)
        .map(|_| Sink::new(files))
        .collect()
}
