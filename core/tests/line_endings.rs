//! Line endings and encodings in every text format: each text input of the
//! corpora (tests/invalid/**, tests/vectors/**, examples/, the shipped
//! frameworks and profiles, tests/case/**, tests/badge/) is rewritten with
//! CRLF, CR and mixed line endings and with byte-order marks (at the start,
//! and at the start of every line, as `cat` leaves them), and must read to
//! exactly what its LF version reads to: the same values, and the same
//! errors at the same lines and columns. Python and JS check the malformed
//! corpus the same way (python/tests/test_invalid.py,
//! wasm/tests/invalid.test.mjs).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod corpus;
use corpus::{inputs, read, root};

/// Splits LF text into lines, each with its line break (the last may have none).
fn lines(lf: &[u8]) -> Vec<&[u8]> {
    lf.split_inclusive(|&b| b == b'\n').collect()
}

/// The variants of an LF file: name and bytes.
fn variants(lf: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let lines = lines(lf);
    let with_ending = |ending: &dyn Fn(usize) -> &'static [u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(lf.len() * 2);
        for (i, line) in lines.iter().enumerate() {
            match line.strip_suffix(b"\n") {
                Some(body) => {
                    out.extend_from_slice(body);
                    // CR before an empty LF-ended line would read as one CRLF.
                    let next_is_lf =
                        lines.get(i + 1).is_some_and(|l| *l == b"\n") && ending(i + 1) == b"\n";
                    match ending(i) {
                        b"\r" if next_is_lf => out.extend_from_slice(b"\r\n"),
                        e => out.extend_from_slice(e),
                    }
                }
                None => out.extend_from_slice(line),
            }
        }
        out
    };
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let bom_each_line = |text: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        let mut start = true;
        for (i, &b) in text.iter().enumerate() {
            let crlf_tail = b == b'\n' && i > 0 && text[i - 1] == b'\r';
            if start && !crlf_tail {
                out.extend_from_slice(BOM);
            }
            out.push(b);
            start = b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n'));
        }
        out
    };
    let crlf = with_ending(&|_| b"\r\n");
    vec![
        ("CRLF", crlf.clone()),
        ("CR", with_ending(&|_| b"\r")),
        (
            "mixed",
            with_ending(&|i| [&b"\r\n"[..], b"\r", b"\n"][i % 3]),
        ),
        ("BOM", [BOM, lf].concat()),
        ("BOM+CRLF", [BOM, &crlf].concat()),
        ("BOM on every line", bom_each_line(lf)),
        ("BOM on every line, CRLF", bom_each_line(&crlf)),
    ]
}

/// `bytes` with CRLF and CR line endings made LF and a leading BOM removed.
fn to_lf(bytes: &[u8]) -> Vec<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => {
                out.push(b'\n');
                i += 2;
            }
            (b'\r', _) => {
                out.push(b'\n');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[test]
fn every_text_input_reads_the_same_with_any_line_ending_and_byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0usize;
    let inputs = inputs();
    assert!(inputs.len() > 200, "only {} inputs", inputs.len());
    for (path, kind) in &inputs {
        let bytes = std::fs::read(path).unwrap();
        // UTF-16 and binary inputs have no text line endings to change.
        if bytes.contains(&0) || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            continue;
        }
        let name = path.file_name().unwrap();
        let lf_dir = dir.path().join("lf");
        std::fs::create_dir_all(&lf_dir).unwrap();
        let lf_path = lf_dir.join(name);
        std::fs::write(&lf_path, to_lf(&bytes)).unwrap();
        let want = read(&lf_path, kind);
        for (variant, text) in variants(&to_lf(&bytes)) {
            let vdir = dir.path().join(variant.replace([' ', ',', '+'], "-"));
            std::fs::create_dir_all(&vdir).unwrap();
            let vpath = vdir.join(name);
            std::fs::write(&vpath, &text).unwrap();
            let got = read(&vpath, kind);
            if got != want {
                let (a, b) = around_difference(&want, &got);
                failures.push(format!(
                    "{} ({kind:?}) with {variant}:\n  LF:   {a}\n  {variant}: {b}",
                    path.strip_prefix(root()).unwrap_or(path).display(),
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The two texts around where they first differ.
fn around_difference(a: &str, b: &str) -> (String, String) {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let window = |s: &str| -> String {
        let mut start = at.saturating_sub(200).min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        s[start..].chars().take(400).collect()
    };
    (window(a), window(b))
}
