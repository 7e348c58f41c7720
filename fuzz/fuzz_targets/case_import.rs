//! CASE (CFPackage JSON) import from arbitrary bytes, strict and lenient:
//! never panics; an imported framework is valid and exports again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proficient::case::{self, Mode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = proficient::text::decode(data) else {
        return;
    };
    for mode in [Mode::Strict, Mode::Lenient] {
        match case::import_str(text, mode) {
            Ok(imported) => {
                let json = case::export_json(&imported.framework);
                case::import_str(&json, Mode::Strict).expect("an exported package imports");
            }
            Err(e) => {
                for d in e.diagnostics() {
                    assert!(!d.message.is_empty());
                }
            }
        }
    }
});
