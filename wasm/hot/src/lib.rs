//! The hot path of `proficient-wasm`, in a crate of its own so that
//! `wasm/build.sh` can compile it at opt-level 3 while the rest of the
//! package is compiled for size: reading evidence bytes into the core's
//! [`Scorer`] and writing the results as JSON, or packed for the wrapper
//! ([`pack`]). Generic code is compiled
//! in the crate that instantiates it, so the instantiations that matter for
//! speed (the readers over bytes with a scorer as sink, serde_json's
//! serialisation of the results) are made here, behind concrete functions.
//! Nothing here is more than a call into `proficient` or `serde_json`.
//!
//! The main WebAssembly module uses it; the second one runs every call
//! through `proficient::api`.

pub mod pack;

use proficient::evidence::{self, EvidenceError, Format};
use proficient::{ScoreResult, Scorer, ScreenResult};

/// The format of evidence bytes: `format`, or, when `None`, guessed from
/// the content (a JSON array, JSON Lines, else CSV).
pub fn evidence_format(bytes: &[u8], format: Option<Format>) -> Format {
    format.unwrap_or_else(|| {
        let head = bytes.get(..4096).unwrap_or(bytes);
        evidence::sniff(&String::from_utf8_lossy(head))
    })
}

/// Reads CSV evidence bytes into a scorer.
pub fn score_csv(scorer: &mut Scorer, bytes: &[u8]) -> Result<usize, EvidenceError> {
    evidence::read_csv(bytes, |item, line| scorer.push(item, line))
}

/// A score result as JSON text (the CLI's `--format json`, compact).
pub fn score_json(result: &ScoreResult) -> serde_json::Result<String> {
    serde_json::to_string(result)
}

/// A score result packed for the wrapper ([`pack`]): the same value as
/// [`score_json`]'s, cheaper to write and to read in JavaScript.
///
/// # Errors
/// When it cannot be written ([`pack::pack`]).
pub fn score_packed(result: &ScoreResult) -> Result<Vec<u8>, pack::PackError> {
    pack::pack(result)
}

/// A screening result as JSON text.
pub fn screen_json(result: &ScreenResult) -> serde_json::Result<String> {
    serde_json::to_string(result)
}

/// A screening result packed for the wrapper ([`pack`]).
///
/// # Errors
/// When it cannot be written ([`pack::pack`]).
pub fn screen_packed(result: &ScreenResult) -> Result<Vec<u8>, pack::PackError> {
    pack::pack(result)
}
