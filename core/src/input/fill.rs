//! How [`TextReader`] hands on its text: through its own buffer
//! (`Read`, `BufRead`), or, for the parallel CSV reader, normalised
//! straight into the caller's buffer ([`TextReader::read_into`]).

use std::io::{self, BufRead, Read};

use super::encoding::{normalise_in_place, sniff_encoding};
#[cfg(feature = "threads")]
use super::BUFFER;
use super::{StreamError, TextReader};

impl<R: Read> Read for TextReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for TextReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out {
            if self.eof && self.raw == self.end {
                return Ok(&[]);
            }
            // Keep the unprocessed bytes (a few at most), at the front.
            let carry = self.end - self.raw;
            self.buf.copy_within(self.raw..self.end, 0);
            (self.pos, self.out, self.raw, self.end) = (0, 0, 0, carry);
            if !self.eof {
                let n = loop {
                    match self
                        .inner
                        .read(self.buf.get_mut(self.end..).unwrap_or(&mut []))
                    {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                if n == 0 {
                    self.eof = true;
                }
                self.end += n;
                if !self.checked {
                    if self.end < 4 && !self.eof {
                        continue;
                    }
                    self.checked = true;
                    if let Some((location, message)) =
                        sniff_encoding(self.buf.get(..self.end).unwrap_or(&[]))
                    {
                        return Err(Self::error(StreamError::Encoding {
                            line: location.line.unwrap_or(1),
                            column: location.column.unwrap_or(1),
                            message,
                        }));
                    }
                }
            }
            let (written, read) = normalise_in_place(
                &mut self.buf,
                0,
                self.end,
                self.eof,
                &mut self.at_line_start,
            );
            (self.out, self.raw) = (written, read);
            let buf = std::mem::take(&mut self.buf);
            let guarded = self.guard(buf.get(..written).unwrap_or(&[]));
            self.buf = buf;
            guarded?;
        }
        Ok(self.buf.get(self.pos..self.out).unwrap_or(&[]))
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out);
    }
}

#[cfg(feature = "threads")]
impl<R: Read> TextReader<R> {
    /// Reads the next normalised text into `dst`, as [`BufRead::fill_buf`]
    /// then `consume` would hand it on but without the copy through this
    /// reader's buffer: the input is read into `dst` and normalised there
    /// (the few bytes left unprocessed at its end come back here). Returns
    /// how many bytes were written at the start of `dst`, 0 at the end of
    /// the input (or when `dst` is shorter than this reader's buffer).
    pub(crate) fn read_into(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.out || !self.checked || dst.len() < BUFFER {
            // Text already in the buffer, or the first bytes (checked for
            // their encoding there): handed on from it.
            let src = self.fill_buf()?;
            let n = src.len().min(dst.len());
            if let (Some(to), Some(from)) = (dst.get_mut(..n), src.get(..n)) {
                to.copy_from_slice(from);
            }
            self.consume(n);
            return Ok(n);
        }
        let dst = dst.get_mut(..BUFFER).unwrap_or(&mut []);
        loop {
            if self.eof && self.raw == self.end {
                return Ok(0);
            }
            // The unprocessed bytes first, then as much as the buffer holds.
            let carry = self.end - self.raw;
            if let (Some(to), Some(from)) = (dst.get_mut(..carry), self.buf.get(self.raw..self.end))
            {
                to.copy_from_slice(from);
            }
            let mut end = carry;
            if !self.eof {
                let n = loop {
                    match self.inner.read(dst.get_mut(end..).unwrap_or(&mut [])) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.eof = n == 0;
                end += n;
            }
            let (written, read) =
                normalise_in_place(dst, 0, end, self.eof, &mut self.at_line_start);
            let left = end - read;
            if let (Some(to), Some(from)) = (self.buf.get_mut(..left), dst.get(read..end)) {
                to.copy_from_slice(from);
            }
            (self.pos, self.out, self.raw, self.end) = (0, 0, 0, left);
            self.guard(dst.get(..written).unwrap_or(&[]))?;
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

#[cfg(all(test, feature = "threads"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::input::stream_error;
    use crate::input::tests::Slow;

    fn shown(e: &io::Error) -> String {
        stream_error(e).map_or_else(|| e.to_string(), |s| format!("{s:?}"))
    }

    /// What `Read` hands on, then its error.
    fn by_read(text: &[u8], step: usize, max: usize, csv: bool) -> (Vec<u8>, String) {
        let mut reader = TextReader::new(Slow(text, step), max, csv);
        let mut out = Vec::new();
        let r = reader.read_to_end(&mut out);
        (out, r.err().map_or_else(String::new, |e| shown(&e)))
    }

    /// What `read_into` hands on, read as the parallel reader reads
    /// (always a buffer's room after the text), then its error.
    fn by_read_into(text: &[u8], step: usize, max: usize, csv: bool) -> (Vec<u8>, String) {
        let mut reader = TextReader::new(Slow(text, step), max, csv);
        let (mut out, mut filled) = (Vec::new(), 0);
        loop {
            out.resize(filled + BUFFER + 5, 0);
            match reader.read_into(&mut out[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) => {
                    out.truncate(filled);
                    return (out, shown(&e));
                }
            }
        }
        out.truncate(filled);
        (out, String::new())
    }

    #[test]
    fn read_into_hands_on_what_read_hands_on() {
        let pieces: &[&[u8]] = &[
            b"a,b,c",
            b"\r\n",
            b"\r",
            b"\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB",
            b"\xEF",
            b"caf\xC3\xA9 \xF0\x9F\x98\x80",
            b"\"q\"\"\"",
            b"\n\n",
            b"0123456789012345678901234567890123456789",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut below = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for case in 0..24 {
            let mut text = Vec::new();
            let len = [10, 70_000, 200_000][case % 3];
            while text.len() < len {
                text.extend_from_slice(pieces[below(pieces.len())]);
            }
            if case % 5 == 0 {
                text.push(b'\r');
            }
            let max = if case % 4 == 3 { 300 } else { 1 << 20 };
            let csv = case % 2 == 0;
            for step in [3, 1000, 1 << 20] {
                let expected = by_read(&text, step, max, csv);
                assert_eq!(
                    by_read_into(&text, step, max, csv),
                    expected,
                    "{case} {step}"
                );
            }
        }
    }
}
