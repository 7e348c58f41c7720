//! Inputs found by the fuzz targets (scripts/fuzz.sh), kept as tests: each
//! runs the input through the target's code path and checks the behaviour
//! the target asserts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proficient::interop::case::{self, Mode};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The `case_import` target's check: whatever imports (strictly or
/// leniently) exports to a package that imports strictly, and exporting
/// that again gives the same package.
fn exports_to_valid_case_1_1(text: &str) {
    for mode in [Mode::Strict, Mode::Lenient] {
        let Ok(imported) = case::import_str(text, mode) else {
            continue;
        };
        let exported = case::export_json(&imported.framework);
        let back = case::import_str(&exported, Mode::Strict)
            .unwrap_or_else(|e| panic!("an exported package imports strictly ({mode:?}):\n{e}"));
        assert_eq!(
            case::export_json(&back.framework),
            exported,
            "re-export changed ({mode:?})"
        );
    }
}

/// Found by `case_import` (its first seed, tests/case/legacy.json): a
/// package imported leniently kept its CASE 1.0-era identifiers
/// (`LEGACY-DOC-1`) and properties (`CFDocumentURI`, `CFPackageURI`), and
/// `export` wrote them back, so a strict import refused the exported
/// package. Export now writes CASE 1.1: identifiers that are not UUIDs are
/// replaced by UUIDs derived from them, unknown properties left out.
#[test]
fn a_leniently_imported_package_exports_to_a_strictly_valid_one() {
    let text = read("tests/case/legacy.json");
    assert!(case::import_str(&text, Mode::Strict).is_err());
    exports_to_valid_case_1_1(&text);
}

/// Found by `case_import`: an item identifier of 79 characters (no
/// `humanCodingScheme`) gave a competency id from it and a criterion id
/// `ID.1`, clipped to 80 characters by the id slug; the clipped ids
/// collided, and the suffix that told them apart made an id longer than 80
/// characters, which the next import clipped again: each re-export changed
/// the ids. Ids made from CASE text are now at most 80 characters, suffix
/// included, and making an id from one is the identity.
#[test]
fn long_identifiers_give_ids_that_survive_a_re_export() {
    exports_to_valid_case_1_1(&read("tests/fuzz/case_import/long-identifier-id.json"));
}

/// Found by `case_import`: a package whose item identifier is not a UUID
/// (`df6094fd-febb0ab02f`) and whose other item has, as its UUID, the very
/// UUID export derives for the first one (libFuzzer copied it from a
/// comparison). The export replaced the first identifier by it, so the
/// package had the same item identifier twice and a strict import refused
/// it. A derived UUID now skips identifiers the package already uses.
#[test]
fn a_derived_uuid_never_repeats_an_identifier_of_the_package() {
    exports_to_valid_case_1_1(&read("tests/fuzz/case_import/derived-uuid-taken.json"));
}
