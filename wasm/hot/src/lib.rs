//! The hot path of `proficient-wasm`, in a crate of its own so that
//! `wasm/build.sh` can compile it at opt-level 3 while the rest of the
//! package is compiled for size: reading evidence bytes into the core's
//! [`Scorer`] and writing the results as JSON. Generic code is compiled
//! in the crate that instantiates it, so the instantiations that matter for
//! speed (the readers over bytes with a scorer as sink, serde_json's
//! serialisation of the results) are made here, behind concrete functions.
//! Nothing here is more than a call into `proficient` or `serde_json`.

use proficient::evidence::{self, EvidenceError, Format, Problem};
use proficient::{ItemRef, ScoreResult, Scorer, ScreenResult};

/// Reads evidence bytes in `format` (guessed from the content when `None`:
/// a JSON array, JSON Lines, else CSV), handing each item to `sink`.
pub fn read_evidence(
    bytes: &[u8],
    format: Option<Format>,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let format = format.unwrap_or_else(|| {
        let head = bytes.get(..4096).unwrap_or(bytes);
        evidence::sniff(&String::from_utf8_lossy(head))
    });
    match format {
        Format::Csv => evidence::read_csv(bytes, sink),
        Format::JsonLines => evidence::read_json_lines(bytes, sink),
        Format::Json => match proficient::text::decode(bytes) {
            Ok(text) => evidence::read_json_array(text, sink),
            Err((location, e)) => Err(EvidenceError {
                file: None,
                problems: vec![(location, Problem::Encoding(e.to_string()))],
            }),
        },
    }
}

/// [`read_evidence`] into a scorer.
pub fn score_evidence(
    scorer: &mut Scorer,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<usize, EvidenceError> {
    read_evidence(bytes, format, |item, line| scorer.push(item, line))
}

/// A score result as JSON text (the CLI's `--format json`, compact).
pub fn score_json(result: &ScoreResult) -> serde_json::Result<String> {
    serde_json::to_string(result)
}

/// A screening result as JSON text.
pub fn screen_json(result: &ScreenResult) -> serde_json::Result<String> {
    serde_json::to_string(result)
}
