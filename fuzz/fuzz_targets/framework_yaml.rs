//! Framework YAML/JSON from arbitrary bytes: never panics; a framework that
//! loads renders to YAML that loads back to the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proficient::Framework;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = proficient::input::decode(data) else {
        return;
    };
    let text: &str = &text;
    let _ = proficient::model::load::document_kind(text);
    match Framework::from_yaml_str(text) {
        Ok(fw) => {
            let yaml = proficient::interop::case::framework_yaml(&fw).expect("a loaded framework renders");
            let again = Framework::from_yaml_str(&yaml).expect("rendered YAML loads back");
            assert_eq!(fw, again, "YAML round trip changed the model");
        }
        Err(e) => {
            for d in e.diagnostics() {
                assert!(!d.message.is_empty());
            }
            let _ = e.to_string();
        }
    }
});
