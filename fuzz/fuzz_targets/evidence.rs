//! Evidence CSV, JSON Lines and JSON from arbitrary bytes, scored against a
//! shipped framework: never panics, and every item read is used or
//! rejected exactly once. The first byte picks the format.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use proficient::evidence::{self, Format};
use proficient::{Date, Explain, Framework, Scorer, ScoringPolicy};

fn framework() -> &'static Framework {
    static FW: OnceLock<Framework> = OnceLock::new();
    FW.get_or_init(|| Framework::load("job-retention").expect("shipped framework"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let fw = framework();
    let as_of = Date::parse("2024-06-30").expect("date");
    let mut scorer = Scorer::new(fw, as_of, ScoringPolicy::for_framework(fw), Explain::All);
    let mut pushed = 0u64;
    let mut sink = |item: proficient::ItemRef<'_>, line: usize| {
        pushed += 1;
        scorer.push(item, line);
    };
    let read = match which % 4 {
        // Bytes straight into the streaming readers (invalid UTF-8 included).
        0 => evidence::read_csv(rest, &mut sink),
        1 => evidence::read_json_lines(rest, &mut sink),
        n => {
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let format = if n == 2 {
                Format::Json
            } else {
                evidence::sniff(text)
            };
            evidence::read_str(text, format, &mut sink)
        }
    };
    match read {
        Ok(n) => assert_eq!(
            n as u64, pushed,
            "reader count differs from items handed on"
        ),
        Err(e) => {
            for d in e.diagnostics() {
                assert!(!d.message.is_empty());
            }
        }
    }
    let result = scorer.finish();
    let c = result.counts;
    assert_eq!(c.items, pushed);
    assert_eq!(
        c.used + c.rejected,
        c.items,
        "an item was lost or counted twice"
    );
    assert_eq!(result.rejected.len() as u64, c.rejected);
});
