//! CASE (CFPackage JSON) import from arbitrary bytes, strict and lenient:
//! never panics; an imported framework exports to a valid CASE 1.1 package
//! (one a strict import accepts), and exporting that again gives the same
//! package (re-exports are identical).
#![no_main]

use libfuzzer_sys::fuzz_target;
use proficient::interop::case::{self, Mode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = proficient::input::decode(data) else {
        return;
    };
    let text: &str = &text;
    for mode in [Mode::Strict, Mode::Lenient] {
        match case::import_str(text, mode) {
            Ok(imported) => {
                let json = case::export_json(&imported.framework);
                let back = match case::import_str(&json, Mode::Strict) {
                    Ok(back) => back,
                    Err(e) => panic!("an exported package imports strictly ({mode:?}):\n{e}"),
                };
                assert_eq!(
                    case::export_json(&back.framework),
                    json,
                    "re-export changed ({mode:?})"
                );
            }
            Err(e) => {
                for d in e.diagnostics() {
                    assert!(!d.message.is_empty());
                }
            }
        }
    }
});
