//! Profiles, plans, CPD (YAML and CSV), policy overrides (YAML, and JSON
//! as the WebAssembly package reads them, with its call options) and the analysis
//! inputs (people, ratings, item lists) from arbitrary text: never panics.
//! The first byte picks the reader.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use proficient::analysis::equality::EqualityOptions;
use proficient::trainer::plans::{Cpd, Plans};
use proficient::{analysis::delphi, analysis::equality, Framework, Profile};

fn framework() -> &'static Framework {
    static FW: OnceLock<Framework> = OnceLock::new();
    FW.get_or_init(|| Framework::load("job-retention").expect("shipped framework"))
}

fn check(diagnostics: Vec<proficient::Diagnostic>) {
    for d in diagnostics {
        assert!(!d.message.is_empty());
        let _ = d.to_string();
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = proficient::input::decode(rest) else {
        return;
    };
    let text: &str = &text;
    let fw = framework();
    match which % 9 {
        0 => {
            if let Err(e) = Profile::from_yaml_str(text, fw) {
                check(e.diagnostics());
            }
        }
        1 => {
            if let Err(e) = Profile::from_yaml_str_shipped(text) {
                check(e.diagnostics());
            }
        }
        2 => {
            if let Err(e) = Plans::from_yaml_str(text, fw) {
                check(e.diagnostics());
            }
        }
        3 => {
            if let Err(e) = Cpd::from_yaml_str(text, fw) {
                check(e.diagnostics());
            }
        }
        4 => match Cpd::from_csv_str(text, fw) {
            Ok(cpd) => {
                let _ = cpd.evidence();
            }
            Err(e) => check(e.diagnostics()),
        },
        5 => {
            if let Err(e) = proficient::scoring::policy::overrides_from_str(text) {
                check(e.diagnostics());
            }
            // The same text as the WebAssembly package's JSON of a call's
            // `policy` and of its options (the core's hand-written readers).
            if let Err(e) = proficient::PolicyOverrides::from_json(text) {
                assert!(!e.message.is_empty());
            }
            if let Err(e) = proficient::scoring::call::CallOptions::from_json(text) {
                assert!(!e.message.is_empty());
            }
        }
        6 => {
            let options = EqualityOptions::new("group", "outcome");
            match equality::read_people(text, &options) {
                Ok(people) => {
                    let _ = equality::analyse(&people, &options);
                }
                Err(e) => check(e.diagnostics()),
            }
        }
        7 => {
            if let Err(e) = delphi::read_ratings_csv(text, |_, _| {}) {
                check(e.diagnostics());
            }
            if let Err(e) = delphi::read_items_csv(text) {
                check(e.diagnostics());
            }
        }
        _ => {
            if let Err(e) = delphi::read_ratings_json(text, |_, _| {}) {
                check(e.diagnostics());
            }
        }
    }
});
