//! The main module (feature `main`): the shipped frameworks and profiles,
//! baked into it ([`crate::shipped`]), and `score` and `screen` of CSV
//! evidence against them. It has neither the YAML reader nor the JSON
//! evidence readers (the size budget, wasm/README.md): the wrapper gives
//! it the api's options of a call only when the framework and profile are
//! shipped, and it answers `needs_second_module` for evidence that is not
//! CSV, which the wrapper then gives to the second module's api call.
//!
//! The scoring options arrive as the small JSON the core's hand-written
//! reader reads (`proficient::scoring::call::CallOptions`,
//! `{as_of, explain, evidence_format, file}`): serde_json's reader and the
//! derived visitors of the api's options would not fit the budget. A call
//! with anything else (policy overrides, a policy file) is the second
//! module's, through the api.

use std::sync::Arc;

use proficient::api::scoring::Scoring;
use proficient::api::{Env, Failure, Kind, Source};
use proficient::evidence::{FileFormat, Format};
use proficient::scoring::call::CallOptions;
use proficient::{Explain, Framework, ScoringPolicy};
use wasm_bindgen::prelude::*;

use crate::{fail, json_failure, shipped, to_json, FrameworkHandle, ProfileHandle};

/// A shipped framework by name; `undefined` for one not baked into this
/// module (it uses rules, required criteria, level bands of domains or the
/// overall score, or another aggregate: the second module reads it).
#[wasm_bindgen(js_name = shippedFramework)]
pub fn shipped_framework(name: &str) -> Result<Option<FrameworkHandle>, String> {
    let index = shipped::framework_index(name)
        .ok_or_else(|| fail(shipped::unknown(Kind::Framework, "framework", name)))?;
    Ok(shipped::framework(index).map(|inner| FrameworkHandle {
        inner: Arc::new(inner),
        shipped: Some(index),
    }))
}

/// One shipped framework, as listed by `shippedFrameworks()`.
#[derive(serde::Serialize)]
struct Listed<'a> {
    name: &'a str,
    id: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    framework: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    competencies: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirements: Option<usize>,
    /// None: a framework not baked into this module (the wrapper asks the
    /// second module).
    #[serde(skip_serializing_if = "Option::is_none")]
    yaml: Option<&'a str>,
}

/// JSON of `[{name, id, title, version, competencies, yaml}]`, the shipped
/// frameworks.
#[wasm_bindgen(js_name = shippedFrameworks)]
pub fn shipped_frameworks() -> Result<String, String> {
    let mut list = Vec::new();
    for &(name, yaml, id, title, version, competencies) in shipped::listed() {
        let yaml = Some(yaml).filter(|y| !y.is_empty());
        list.push(Listed {
            name,
            competencies: Some(competencies),
            id: id.to_string(),
            title: title.to_string(),
            version: Some(version.to_string()),
            framework: None,
            requirements: None,
            yaml,
        });
    }
    to_json(&list)
}

/// JSON of `[{name, id, title, framework, requirements, yaml}]`, the
/// shipped role profiles.
#[wasm_bindgen(js_name = shippedProfiles)]
pub fn shipped_profiles() -> Result<String, String> {
    let mut list = Vec::new();
    for (i, &(name, yaml)) in proficient::model::shipped::PROFILES.iter().enumerate() {
        let p = shipped::profile(i)
            .ok_or_else(|| fail(shipped::unknown(Kind::Profile, "profile", name)))?;
        list.push(Listed {
            name,
            requirements: Some(p.requirements.len()),
            id: p.id,
            title: p.title,
            framework: Some(p.framework),
            version: None,
            competencies: None,
            yaml: Some(yaml),
        });
    }
    to_json(&list)
}

/// The YAML of a shipped profile.
#[wasm_bindgen(js_name = shippedProfileYaml)]
pub fn shipped_profile_yaml(name: &str) -> Result<String, String> {
    proficient::model::shipped::profile_text(name)
        .map(str::to_string)
        .ok_or_else(|| fail(shipped::unknown(Kind::Profile, "profile", name)))
}

/// A shipped role profile, valid against `framework` (a shipped one) or,
/// without it, against the shipped framework it names (the core's check,
/// made when the package was built); `undefined` when it is not (the
/// second module then reads its YAML, which gives the errors).
#[wasm_bindgen(js_name = shippedProfile)]
pub fn shipped_profile(
    name: &str,
    framework: Option<usize>,
) -> Result<Option<ProfileHandle>, String> {
    let text = shipped_profile_yaml(name)?;
    let index = shipped::profile_index(name)
        .ok_or_else(|| fail(shipped::unknown(Kind::Profile, "profile", name)))?;
    let valid = match framework {
        Some(f) => shipped::fits(index, f),
        None => shipped::home(index).is_some(),
    };
    Ok(valid
        .then(|| shipped::profile(index))
        .flatten()
        .map(|inner| ProfileHandle {
            inner,
            text,
            file: Some(format!("<shipped:{name}>")),
            shipped: Some(index),
        }))
}

/// The shipped index of a framework of this module.
#[wasm_bindgen(js_name = shippedIndex)]
pub fn shipped_index(framework: &FrameworkHandle) -> Option<usize> {
    framework.shipped
}

/// Whether `profile` (shipped) is valid against `framework` (shipped), so
/// that [`screen`] can use it here.
#[wasm_bindgen(js_name = profileFits)]
pub fn profile_fits(profile: &ProfileHandle, framework: &FrameworkHandle) -> bool {
    match (profile.shipped, framework.shipped) {
        (Some(p), Some(f)) => shipped::fits(p, f),
        _ => false,
    }
}

/// The code of the failure for evidence this module does not read.
pub const NEEDS_SECOND_MODULE: &str = "needs_second_module";

/// A scorer of CSV evidence against `fw` with the options of a call and
/// the framework's policy, its evidence read.
fn scored<'f>(
    fw: &'f Framework,
    evidence: &[u8],
    options: &str,
    now: Option<i64>,
    explain: impl FnOnce(Explain) -> Explain,
) -> Result<(proficient::Scorer<'f>, Explain), Failure> {
    let o = CallOptions::from_json(options).map_err(|e| Failure::option(&e.path, e.message))?;
    let policy = ScoringPolicy::for_framework(fw);
    let none = Source::Name(String::new());
    let view = Scoring {
        evidence: &none,
        evidence_format: o.format.as_deref(),
        sheet: None,
        as_of: o.as_of,
        policy: None,
        half_life: None,
        max_age: None,
        min_items: None,
        min_coverage: None,
        aggregate: None,
    };
    let format = view.format()?;
    let as_of = view.as_of(Env {
        now,
        ..Env::default()
    })?;
    let format = format.map(|f| match f {
        FileFormat::Csv => Format::Csv,
        _ => Format::JsonLines,
    });
    if proficient_wasm_hot::evidence_format(evidence, format) != Format::Csv {
        return Err(Failure::single(
            Kind::Evidence,
            "",
            NEEDS_SECOND_MODULE,
            "evidence as JSON Lines, a JSON array or objects is read by the second module".into(),
        ));
    }
    let explain = explain(o.explain);
    let mut scorer = proficient::Scorer::new(fw, as_of, policy, explain.clone());
    proficient_wasm_hot::score_csv(&mut scorer, evidence).map_err(|e| {
        let e = match &o.file {
            Some(f) => e.with_file(f),
            None => e,
        };
        Failure::evidence(&e)
    })?;
    Ok((scorer, explain))
}

/// Scores CSV evidence against a shipped framework. `options`: JSON of
/// `{as_of, explain, evidence_format, file}`; `now`: the host's clock
/// (seconds since 1970, UTC), which gives `as_of`'s default. The result
/// is packed (`proficient_wasm_hot::pack`; `unpack()` in `index.js` makes
/// of it the objects `JSON.parse` of its JSON would give).
#[wasm_bindgen]
pub fn score(
    framework: &FrameworkHandle,
    evidence: &[u8],
    options: &str,
    now: Option<i64>,
) -> Result<Vec<u8>, String> {
    let (scorer, explain) =
        scored(&framework.inner, evidence, options, now, |e| e).map_err(fail)?;
    let result = match explain {
        Explain::Worker(worker) => proficient::api::scoring::explained(scorer, &worker),
        _ => Ok(scorer.finish()),
    }
    .map_err(fail)?;
    proficient_wasm_hot::score_packed(&result).map_err(|e| json_failure(&e))
}

/// Scores CSV evidence and screens every worker against a shipped profile
/// valid against the shipped `framework` ([`profile_fits`]); arguments as
/// for [`score`], and the result packed as [`score`]'s.
#[wasm_bindgen]
pub fn screen(
    framework: &FrameworkHandle,
    profile: &ProfileHandle,
    evidence: &[u8],
    options: &str,
    now: Option<i64>,
) -> Result<Vec<u8>, String> {
    let fw = &framework.inner;
    let (scorer, _) = scored(fw, evidence, options, now, |_| Explain::None).map_err(fail)?;
    let result = proficient::screen(&profile.inner, fw, scorer.finish());
    proficient_wasm_hot::screen_packed(&result).map_err(|e| json_failure(&e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use proficient::api::{ScoreOptions, ScreenOptions, Source};

    fn demo() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/job-retention-evidence.csv"
        ))
        .unwrap()
    }

    /// A JSON value with every number as f64, as JavaScript reads it.
    fn as_js(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
            Value::Array(a) => Value::Array(a.into_iter().map(as_js).collect()),
            Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, as_js(v))).collect()),
            v => v,
        }
    }

    /// A packed result as JavaScript reads it.
    fn unpacked(packed: &[u8]) -> serde_json::Value {
        as_js(proficient_wasm_hot::pack::unpack_json(packed).unwrap())
    }

    /// A value as JavaScript reads its JSON (serde_json's own reader of
    /// floats is not exact to the last bit, JavaScript's is: so the value,
    /// not its text).
    fn as_read<T: serde::Serialize>(value: &T) -> serde_json::Value {
        as_js(serde_json::to_value(value).unwrap())
    }

    fn api_score(explain: Option<&str>, no_evidence: bool) -> Result<serde_json::Value, Failure> {
        let json = serde_json::json!({
            "framework": "job-retention", "evidence": "", "as_of": "2026-06-30",
            "explain": explain, "no_evidence": no_evidence,
        });
        let mut o: ScoreOptions = proficient::api::options_from_json(&json.to_string())?;
        o.evidence = Source::Bytes {
            bytes: demo().into(),
            name: None,
        };
        Ok(as_read(&proficient::api::score(&o)?))
    }

    /// This module's score and screen give what the api gives.
    #[test]
    fn the_main_module_gives_what_the_api_gives() {
        let fw = shipped_framework("job-retention").unwrap().unwrap();
        let ev = demo();
        for (explain, no_evidence, opt) in [
            (None, false, "true"),
            (None, true, "false"),
            (Some("jr-003"), false, "\"jr-003\""),
            (Some("nobody"), false, "\"nobody\""),
        ] {
            let options = format!(r#"{{"as_of":"2026-06-30","explain":{opt}}}"#);
            // The packed result read back as the JSON value it stands for.
            let got = score(&fw, &ev, &options, None).map(|p| unpacked(&p));
            let want = api_score(explain, no_evidence).map_err(fail);
            assert_eq!(got, want, "{opt}");
        }
        let profile = shipped_profile("job-retention-specialist", Some(0))
            .unwrap()
            .unwrap();
        let got = screen(&fw, &profile, &ev, r#"{"as_of":"2026-06-30"}"#, None).unwrap();
        let got = unpacked(&got);
        let json = r#"{"profile": "job-retention-specialist", "framework": "job-retention", "evidence": "", "as_of": "2026-06-30"}"#;
        let mut o: ScreenOptions = proficient::api::options_from_json(json).unwrap();
        o.evidence = Source::Bytes {
            bytes: ev.into(),
            name: None,
        };
        assert_eq!(got, as_read(&proficient::api::screen(&o).unwrap()));
        let e = score(&fw, b"[]", r#"{"as_of":"2026-06-30"}"#, None).unwrap_err();
        let e2 = score(
            &fw,
            b"",
            r#"{"as_of":"2026-06-30","evidence_format":"xml"}"#,
            None,
        );
        let o = r#"{"framework": "job-retention", "evidence": "x.csv", "as_of": "2026-06-30", "evidence_format": "xml"}"#;
        let want = proficient::api::score(&proficient::api::options_from_json(o).unwrap());
        assert_eq!(e2, want.map(|_| Vec::new()).map_err(fail));
        assert!(e.contains(NEEDS_SECOND_MODULE));
    }
}
