//! Open Badges 3.0 credentials: the badge for an assessed competency
//! validates against the vendored OB 3.0 JSON Schema (VCDM 2.0 form), and
//! badges are refused, saying why, when the level is not met.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::interop::badge::{self, BadgeError, Issuer, Request};
use proficient::{Explain, Framework, ScoreResult, ScoringPolicy};
use support::jsonschema::Validator;

mod support;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scored(fw: &Framework) -> ScoreResult {
    let text = std::fs::read(root().join("examples/job-retention-evidence.csv")).unwrap();
    let mut items = Vec::new();
    let mut rows = csv::Reader::from_reader(text.as_slice());
    for r in rows.records() {
        let r = r.unwrap();
        items.push(proficient::EvidenceItem {
            id: Some(r[0].to_string()),
            worker: r[1].to_string(),
            criterion: r[2].to_string(),
            kind: r[3].to_string(),
            date: proficient::Date::parse(&r[4]).unwrap(),
            assessor: None,
            value: (!r[6].is_empty())
                .then(|| proficient::evidence::RawValue::Text(r[6].to_string())),
            numerator: (!r[7].is_empty())
                .then(|| proficient::evidence::RawValue::Text(r[7].to_string())),
            denominator: (!r[8].is_empty())
                .then(|| proficient::evidence::RawValue::Text(r[8].to_string())),
            expires: None,
            note: None,
        });
    }
    proficient::score_items(
        fw,
        &items,
        proficient::Date::parse("2025-06-30").unwrap(),
        ScoringPolicy::for_framework(fw),
        Explain::All,
    )
}

fn issuer() -> Issuer {
    Issuer::from_path(root().join("tests/badge/issuer.yaml")).unwrap()
}

fn ob_schema() -> Validator {
    support::jsonschema::load(
        &root().join("tests/schemas/ob-v3p0-achievementcredential-schema-vcdm2.json"),
    )
}
#[test]
fn badge_validates_against_the_open_badges_3_schema() {
    let fw = Framework::load("job-retention").unwrap();
    let result = scored(&fw);
    let req = Request {
        worker: "jr-001",
        competency: "k1-jobs-and-workplaces",
        level: Some("competent"),
        id: None,
    };
    let cred = badge::build(&fw, &result, &issuer(), &req).unwrap();
    let v = ob_schema();
    let mut errors = Vec::new();
    v.check(&v.root, &cred, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");

    // What the schema's patterns and the spec ask for, checked by hand.
    assert_eq!(cred["@context"][0], "https://www.w3.org/ns/credentials/v2");
    assert_eq!(
        cred["@context"][1],
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    );
    assert_eq!(
        cred["type"],
        serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert!(cred["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(cred["validFrom"], "2025-06-30T00:00:00Z");
    assert!(cred.get("proof").is_none(), "unsigned");
    assert_eq!(cred["issuer"]["id"], "https://training.example.org/issuer");
    let a = &cred["credentialSubject"]["achievement"];
    assert_eq!(a["achievementType"], "Competency");
    let narrative = a["criteria"]["narrative"].as_str().unwrap();
    for k in &fw.competency("k1-jobs-and-workplaces").unwrap().criteria {
        assert!(narrative.contains(k.statement.trim()), "{narrative}");
    }
    let r = &cred["credentialSubject"]["result"][0];
    assert_eq!(r["value"], "Excellent");
    assert!(r["achievedLevel"]
        .as_str()
        .unwrap()
        .ends_with("#level-excellent"));
    assert_eq!(r["resultDescription"], a["resultDescription"][0]["id"]);
    let evidence = cred["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    assert!(evidence.iter().all(|e| e["type"][0] == "Evidence"));
    // Deterministic: the same inputs give the same credential.
    assert_eq!(badge::build(&fw, &result, &issuer(), &req).unwrap(), cred);

    // A credential missing a required property is caught by the validator.
    let mut broken = cred.clone();
    broken.as_object_mut().unwrap().remove("validFrom");
    broken["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("criteria");
    let mut errors = Vec::new();
    v.check(&v.root, &broken, "$", &mut errors);
    assert!(
        errors.iter().any(|e| e.contains("`validFrom`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("`criteria`")),
        "{errors:?}"
    );
}

#[test]
fn imported_case_competency_badge_aligns_to_its_cfitem() {
    let fw = proficient::interop::case::import_str(
        &proficient::interop::case::export_json(&Framework::load("job-retention").unwrap()),
        proficient::interop::case::Mode::Strict,
    )
    .unwrap()
    .framework;
    let result = scored(&fw);
    let req = Request {
        worker: "jr-002",
        competency: "k3-partner-roles",
        level: None,
        id: Some("https://training.example.org/badges/1"),
    };
    let cred = badge::build(&fw, &result, &issuer(), &req).unwrap();
    let v = ob_schema();
    let mut errors = Vec::new();
    v.check(&v.root, &cred, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(cred["id"], "https://training.example.org/badges/1");
    let al = &cred["credentialSubject"]["achievement"]["alignment"][0];
    assert_eq!(al["targetType"], "CFItem");
    let ident = &fw
        .competency("k3-partner-roles")
        .unwrap()
        .case
        .as_ref()
        .unwrap()
        .identifier;
    assert_eq!(al["targetUrl"], format!("urn:uuid:{ident}"));
}

#[test]
fn badge_is_refused_below_the_level_saying_why() {
    let fw = Framework::load("job-retention").unwrap();
    let result = scored(&fw);
    let req = |competency, level| Request {
        worker: "jr-001",
        competency,
        level,
        id: None,
    };
    let e = badge::build(
        &fw,
        &result,
        &issuer(),
        &req("s5-financial-advice", Some("competent")),
    )
    .unwrap_err();
    assert!(matches!(e, BadgeError::BelowLevel { .. }));
    let msg = e.to_string();
    assert!(
        msg.contains("`developing`") && msg.contains("`competent`") && msg.contains("`jr-001`"),
        "{msg}"
    );
    // Not assessed at all.
    let e = badge::build(&fw, &result, &issuer(), &req("k3-partner-roles", None)).unwrap_err();
    assert!(matches!(e, BadgeError::NotAssessed { .. }), "{e}");
    // Unknown names are listed.
    let e = badge::build(&fw, &result, &issuer(), &req("nope", None)).unwrap_err();
    assert!(e.to_string().contains("`k1-jobs-and-workplaces`"));
    let e = badge::build(
        &fw,
        &result,
        &issuer(),
        &req("k1-jobs-and-workplaces", Some("master")),
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("unknown level `master`"));
    let e = badge::build(
        &fw,
        &result,
        &issuer(),
        &Request {
            worker: "ghost",
            ..req("k1-jobs-and-workplaces", None)
        },
    )
    .unwrap_err();
    assert!(matches!(e, BadgeError::UnknownWorker { .. }));
}

#[test]
fn issuer_profiles_are_checked_with_locations() {
    let e = Issuer::from_yaml_str("id: not a uri\nname: X\n").unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!((d.line, d.path.as_str()), (Some(1), "id"));
    assert!(d.message.contains("`not a uri`"), "{}", d.message);
    let e = Issuer::from_yaml_str("id: https://x.org\nname: X\nemial: a@b\n").unwrap_err();
    assert_eq!(e.diagnostics()[0].line, Some(3));
    let e = Issuer::from_yaml_str("id: https://x.org\nname: X\nemail: nobody\n").unwrap_err();
    assert_eq!(e.diagnostics()[0].path, "email");
}

/// Defect 10: `--level not-yet-evident` issued a credential for "Not yet
/// evident". A badge asserts an achievement: the lowest level (threshold
/// 0, which every assessed worker reaches) is refused, saying which levels
/// a badge may be issued for.
#[test]
fn a_level_that_asserts_nothing_is_refused() {
    let fw = Framework::load("job-retention").unwrap();
    let result = scored(&fw);
    let req = Request {
        worker: "jr-001",
        competency: "k1-jobs-and-workplaces",
        level: Some("not-yet-evident"),
        id: None,
    };
    let e = badge::build(&fw, &result, &issuer(), &req).unwrap_err();
    assert_eq!(e.code(), "level_asserts_nothing");
    assert_eq!(
        e.to_string(),
        "level `not-yet-evident` (\"Not yet evident\", threshold 0) is the lowest level and asserts no achievement, so no badge is issued for it; expected one of `developing`, `competent`, `excellent`"
    );
    // A framework whose only level is the lowest: no default to fall back on.
    let mut one = fw.clone();
    one.levels.truncate(1);
    let e = badge::build(
        &one,
        &scored(&one),
        &issuer(),
        &Request { level: None, ..req },
    )
    .unwrap_err();
    assert_eq!(e.code(), "level_asserts_nothing");
    assert!(
        e.to_string().contains("which this framework does not have"),
        "{e}"
    );
}

/// Hostile: an issuer `javascript:` URL was accepted. Issuer ids are
/// `https:`, `http:`, `did:` or `urn:` URIs, urls web addresses, with the
/// error at the place in the issuer file; credential ids likewise.
#[test]
fn issuer_and_credential_ids_only_take_safe_uri_schemes() {
    for (text, path, line) in [
        ("name: X\nid: javascript:alert(1)\n", "id", 2),
        (
            "id: data:text/html,<script>alert(1)</script>\nname: X\n",
            "id",
            1,
        ),
        ("id: file:///etc/passwd\nname: X\n", "id", 1),
        ("id: \"https:\"\nname: X\n", "id", 1),
        (
            "id: https://x.org/i\nname: X\nurl: javascript:alert(1)\n",
            "url",
            3,
        ),
        ("id: https://x.org/i\nname: X\nurl: urn:isbn:1\n", "url", 3),
    ] {
        let e = Issuer::from_yaml_str(text).unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!((d.path.as_str(), d.line), (path, Some(line)), "{text}: {d}");
        assert!(d.message.contains("expected an `https:`"), "{}", d.message);
    }
    for ok in [
        "did:example:123",
        "urn:uuid:527dda32-a0de-5105-a042-cb475b5f7d11",
        "HTTPS://X.ORG/i",
    ] {
        assert!(
            Issuer::from_yaml_str(&format!("id: \"{ok}\"\nname: X\n")).is_ok(),
            "{ok}"
        );
    }
    let fw = Framework::load("job-retention").unwrap();
    let result = scored(&fw);
    let e = badge::build(
        &fw,
        &result,
        &issuer(),
        &Request {
            worker: "jr-001",
            competency: "k1-jobs-and-workplaces",
            level: Some("competent"),
            id: Some("javascript:alert(1)"),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "bad_id");
    assert!(e.to_string().contains("is a `javascript:` URI"), "{e}");
}
