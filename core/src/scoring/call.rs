//! The options of a scoring call of the WebAssembly package, read from the
//! JSON its wrapper sends by the hand-written readers of
//! [`crate::input::doc`] (no serde_json reader or derived visitors in the
//! browser module). Only the wasm crate uses it (feature `call-options`),
//! in its main module, which the api's serde-derived options reading would
//! put over its size budget; every other call goes through `crate::api`.

use crate::base::date::Date;
use crate::base::text::clip;
use crate::input::doc::json::{JsonError, Tree};
use crate::input::doc::node::{string, Buffered, Node};
use crate::scoring::score::Explain;

/// The options of a scoring call of the WebAssembly package (`score`,
/// `screen`, `cohort`, `progress`, `report`, `badge`), as its JS wrapper
/// sends them: `{as_of, explain, evidence_format, file}` (the names of the
/// api's options, `file` naming the evidence).
#[derive(Debug, Clone, PartialEq)]
pub struct CallOptions {
    /// `as_of`: the date to score at (default: today, by the host's clock:
    /// see [`crate::api::Env::today`]).
    pub as_of: Option<Date>,
    /// `explain`: `true` (or absent, or null), `false` or a worker id.
    pub explain: Explain,
    /// `evidence_format`: the evidence format's name, as given.
    pub format: Option<String>,
    /// `file`: the name evidence errors refer to.
    pub file: Option<String>,
}

const CALL_OPTIONS: &str = "struct RawOptions";
const CALL_FIELDS: &[&str] = &["as_of", "explain", "evidence_format", "file"];

impl CallOptions {
    /// Reads the options from JSON text (an object; unknown fields are
    /// refused). The error's path names the option (empty for the whole).
    pub fn from_json(json: &str) -> Result<CallOptions, JsonError> {
        Tree::parse(json).and_then(|tree| CallOptions::read(&tree.root()))
    }

    pub(crate) fn read<N: Node>(node: &N) -> Result<CallOptions, N::Error> {
        let mut as_of = None;
        let mut explain = Explain::All;
        let mut format = None;
        let mut file = None;
        node.fields(CALL_OPTIONS, CALL_FIELDS, &mut |index, value| {
            match index {
                0 => {
                    as_of = value
                        .option()?
                        .map(|value| {
                            value.text("a date as `YYYY-MM-DD`", |v| {
                                Date::parse(v).map_err(|e| {
                                    format!("`{}` is not a valid date: {e}", clip(v, 40))
                                })
                            })
                        })
                        .transpose()?;
                }
                1 => {
                    if let Some(value) = value.option()? {
                        explain = match value.buffered()? {
                            Buffered::Bool(true) => Explain::All,
                            Buffered::Bool(false) => Explain::None,
                            Buffered::Str(worker) => Explain::Worker(worker),
                            // The untagged enum's `expecting`.
                            Buffered::Other => {
                                return Err(value.error("true, false or a worker id".into()))
                            }
                        };
                    }
                }
                2 => format = value.option()?.map(string).transpose()?,
                _ => file = value.option()?.map(string).transpose()?,
            }
            Ok(())
        })?;
        Ok(CallOptions {
            as_of,
            explain,
            format,
            file,
        })
    }
}
