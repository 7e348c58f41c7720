//! The binding's logic in plain Rust, free of JS types so that it builds and
//! is tested on the host too. Everything here is a thin call into `core`;
//! the `#[wasm_bindgen]` layer in `lib.rs` only converts values.

use proficient::evidence::{EvidenceError, Format};
use proficient::{
    model::shipped, Date, Diagnostic, Explain, Framework, LoadError, PolicyOverrides, Profile,
    ScoreResult, Scorer, ScoringPolicy,
};
use serde::Serialize;

/// Which input a [`Failure`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A framework's YAML.
    Framework,
    /// A role profile's YAML.
    Profile,
    /// Evidence text or objects.
    Evidence,
    /// Policy overrides.
    Policy,
    /// The other options of a call (`asOf`, `explain`, `format`, ...).
    Options,
    /// Development plans.
    Plans,
    /// CPD activities.
    Cpd,
    /// A CASE package.
    Case,
    /// A badge that was not issued, or its issuer profile.
    Badge,
}

/// Why a call failed: every problem found, as the [`Diagnostic`]s the CLI
/// and Python show. The JS wrapper turns it into a `ProficientError`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// What was wrong.
    pub kind: Kind,
    /// Every problem, in input order.
    pub errors: Vec<Diagnostic>,
}

impl Failure {
    /// A framework, profile or policy error.
    pub fn load(kind: Kind, e: &LoadError) -> Failure {
        Failure {
            kind,
            errors: e.diagnostics(),
        }
    }

    /// One problem without a location in a file (`path` names the option).
    pub fn single(kind: Kind, path: &str, code: &str, message: String) -> Failure {
        Failure {
            kind,
            errors: vec![Diagnostic {
                file: None,
                line: None,
                column: None,
                path: path.to_string(),
                code: code.to_string(),
                message,
            }],
        }
    }

    /// A call option that is not valid.
    pub fn option(path: &str, message: String) -> Failure {
        Failure::single(Kind::Options, path, "invalid_option", message)
    }
}

pub(crate) fn named(e: LoadError, file: Option<&str>) -> LoadError {
    match file {
        Some(f) => e.with_file(f),
        None => e,
    }
}

/// UTF-8 text of a framework or profile file (a BOM is dropped; Latin-1 and
/// UTF-16 are refused with their line and column).
pub(crate) fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, LoadError> {
    use proficient::input::{decode_limited, ReadError, MAX_DOCUMENT_BYTES};
    decode_limited(bytes, MAX_DOCUMENT_BYTES).map_err(|e| {
        let (location, error) = match e {
            ReadError::TooLarge { size, limit } => (
                Default::default(),
                proficient::SyntaxError::TooLarge { size, limit },
            ),
            ReadError::Encoding(at, m) => (at, proficient::SyntaxError::Encoding(m)),
            ReadError::Io(m) => (Default::default(), proficient::SyntaxError::Encoding(m)),
        };
        LoadError::Syntax {
            file: None,
            location,
            error,
        }
    })
}

/// Reads and validates a framework from YAML (or JSON) bytes.
pub fn load_framework(bytes: &[u8], file: Option<&str>) -> Result<Framework, Failure> {
    decode(bytes)
        .and_then(|t| Framework::from_yaml_str(&t))
        .map_err(|e| Failure::load(Kind::Framework, &named(e, file)))
}

fn quote_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_name(what: &'static str, name: &str, names: &[&str]) -> LoadError {
    LoadError::UnknownName {
        what,
        name: name.to_string(),
        expected: quote_list(names),
    }
}

/// The YAML of a shipped framework.
pub fn shipped_framework_text(name: &str) -> Result<&'static str, Failure> {
    shipped::framework_text(name).ok_or_else(|| {
        let e = unknown_name("framework", name, &shipped::framework_names());
        Failure::load(Kind::Framework, &e)
    })
}

/// The YAML of a shipped role profile.
pub fn shipped_profile_text(name: &str) -> Result<&'static str, Failure> {
    shipped::profile_text(name).ok_or_else(|| {
        let e = unknown_name("profile", name, &shipped::profile_names());
        Failure::load(Kind::Profile, &e)
    })
}

/// Limits for [`framework_from_json`]: the JSON is that of a framework
/// already loaded and validated, so only the depth limit is kept, raised by
/// the 128 levels serde_json allows in the verbatim CASE fields a framework
/// may carry.
const TRANSFER_LIMITS: proficient::input::yaml::Limits = proficient::input::yaml::Limits {
    max_bytes: usize::MAX,
    max_depth: 64 + 128,
    max_nodes: usize::MAX,
};

/// A framework from its JSON (as `FrameworkHandle::toJSON` writes it),
/// read and validated again by the core's loader: how a framework crosses
/// from one WebAssembly module to the other.
pub fn framework_from_json(json: &str) -> Result<Framework, Failure> {
    Framework::from_yaml_str_with(json, &TRANSFER_LIMITS)
        .map_err(|e| Failure::load(Kind::Framework, &e))
}

/// Index of the shipped framework `name` (an `unknown_name` failure for
/// any other name).
pub fn shipped_framework_index(name: &str) -> Result<usize, Failure> {
    shipped_framework_text(name)?;
    crate::shipped::framework_index(name).ok_or_else(|| missing(Kind::Framework, name))
}

/// A failure for a shipped name that has no baked value (cannot happen:
/// build.rs bakes every shipped file).
fn missing(kind: Kind, name: &str) -> Failure {
    Failure::single(
        kind,
        "",
        "internal",
        format!("`{name}` is shipped but was not built into the package"),
    )
}

/// A shipped framework by name (`job-retention`): the value the core loads
/// from its YAML, baked into the package when it was built (see
/// `crate::shipped`).
pub fn shipped_framework(name: &str) -> Result<Framework, Failure> {
    let index = shipped_framework_index(name)?;
    crate::shipped::framework(index).ok_or_else(|| missing(Kind::Framework, name))
}

/// A shipped role profile by name, checked against the shipped framework
/// at index `framework` or, without one, against the shipped framework it
/// names: `None` when it is not valid against it (the core's check, made
/// when the package was built; [`load_profile`] on its text gives the
/// errors). An unknown name is an `unknown_name` failure.
pub fn shipped_profile(
    name: &str,
    framework: Option<usize>,
) -> Result<Option<LoadedProfile>, Failure> {
    let text = shipped_profile_text(name)?;
    let index = crate::shipped::profile_index(name).ok_or_else(|| missing(Kind::Profile, name))?;
    let valid = match framework {
        Some(f) => crate::shipped::fits(index, f),
        None => crate::shipped::home(index).is_some(),
    };
    if !valid {
        return Ok(None);
    }
    let profile = crate::shipped::profile(index).ok_or_else(|| missing(Kind::Profile, name))?;
    Ok(Some(LoadedProfile {
        profile,
        text: text.to_string(),
        file: Some(format!("<shipped:{name}>")),
    }))
}

/// A role profile and its source, so that it can be checked again against
/// whichever framework it is used with.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedProfile {
    /// The profile.
    pub profile: Profile,
    /// Its YAML.
    pub text: String,
    /// The file name errors refer to.
    pub file: Option<String>,
}

/// Reads a role profile and checks it against `framework`, or, without one,
/// against the shipped framework it names.
pub fn load_profile(
    bytes: &[u8],
    file: Option<&str>,
    framework: Option<&Framework>,
) -> Result<LoadedProfile, Failure> {
    let fail = |e: LoadError| Failure::load(Kind::Profile, &named(e, file));
    let text = decode(bytes).map_err(fail)?;
    let profile = match framework {
        Some(fw) => Profile::from_yaml_str(&text, fw),
        None => Profile::from_yaml_str_shipped(&text).map(|(p, _)| p),
    }
    .map_err(fail)?;
    Ok(LoadedProfile {
        profile,
        text: text.to_string(),
        file: file.map(str::to_string),
    })
}

impl LoadedProfile {
    /// The profile checked against `fw` (it may have been loaded against
    /// another framework).
    pub fn for_framework(&self, fw: &Framework) -> Result<Profile, Failure> {
        Profile::from_yaml_str(&self.text, fw)
            .map_err(|e| Failure::load(Kind::Profile, &named(e, self.file.as_deref())))
    }
}

/// One shipped framework, as listed by `shippedFrameworks()`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShippedFramework {
    /// Name to load it by.
    pub name: &'static str,
    /// Framework id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Number of competencies.
    pub competencies: usize,
    /// The YAML text.
    pub yaml: &'static str,
}

/// Every shipped framework.
pub fn shipped_frameworks() -> Result<Vec<ShippedFramework>, Failure> {
    shipped::FRAMEWORKS
        .iter()
        .map(|&(name, yaml)| {
            let fw = shipped_framework(name)?;
            Ok(ShippedFramework {
                name,
                competencies: fw.competencies.len(),
                id: fw.id,
                title: fw.title,
                version: fw.version,
                yaml,
            })
        })
        .collect()
}

/// One shipped role profile, as listed by `shippedProfiles()`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShippedProfile {
    /// Name to load it by.
    pub name: &'static str,
    /// Profile id.
    pub id: String,
    /// Role title.
    pub title: String,
    /// Id of the framework it refers to.
    pub framework: String,
    /// Number of requirements.
    pub requirements: usize,
    /// The YAML text.
    pub yaml: &'static str,
}

/// Every shipped role profile.
pub fn shipped_profiles() -> Result<Vec<ShippedProfile>, Failure> {
    shipped::PROFILES
        .iter()
        .enumerate()
        .map(|(index, &(name, yaml))| {
            let p = crate::shipped::profile(index).ok_or_else(|| missing(Kind::Profile, name))?;
            Ok(ShippedProfile {
                name,
                requirements: p.requirements.len(),
                id: p.id,
                title: p.title,
                framework: p.framework,
                yaml,
            })
        })
        .collect()
}

/// The evidence format named by a `format` option (`csv`, `jsonl`,
/// `ndjson`, `json`); `None` to guess from the content.
pub fn evidence_format(name: Option<&str>) -> Result<Option<Format>, Failure> {
    match name.map(str::to_ascii_lowercase).as_deref() {
        None | Some("auto") => Ok(None),
        Some("csv") => Ok(Some(Format::Csv)),
        Some("jsonl" | "ndjson") => Ok(Some(Format::JsonLines)),
        Some("json") => Ok(Some(Format::Json)),
        Some(other) => Err(Failure::option(
            "format",
            format!("unknown evidence format `{other}`, expected `csv`, `jsonl`, `json` or `auto`"),
        )),
    }
}

#[cfg(feature = "extra")]
pub use proficient_wasm_hot::read_evidence;

/// The code of the [`Failure`] the main module gives for evidence it does
/// not read (JSON Lines, a JSON array, objects): the JS wrapper then runs
/// the call in the second module, or, where that is not loaded, tells the
/// caller to load it with `initExtra()`.
pub const NEEDS_SECOND_MODULE: &str = "needs_second_module";

/// Options of a scoring call.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreOptions {
    /// The date to score at.
    pub as_of: Date,
    /// Which workers' used items to list.
    pub explain: Explain,
    /// Evidence format; guessed when `None`.
    pub format: Option<Format>,
    /// File name evidence errors refer to.
    pub file: Option<String>,
}

/// Scores evidence bytes against `fw`.
pub fn score(
    fw: &Framework,
    evidence: &[u8],
    options: &ScoreOptions,
    overrides: &PolicyOverrides,
) -> Result<ScoreResult, Failure> {
    let policy = ScoringPolicy::with_overrides(fw, overrides)
        .map_err(|e| Failure::load(Kind::Policy, &e))?;
    let format = proficient_wasm_hot::evidence_format(evidence, options.format);
    let mut scorer = Scorer::new(fw, options.as_of, policy, options.explain.clone());
    match format {
        Format::Csv => proficient_wasm_hot::score_csv(&mut scorer, evidence),
        Format::JsonLines | Format::Json => score_json_evidence(&mut scorer, evidence, format)?,
    }
    .map_err(|e| evidence_failure(e, options.file.as_deref()))?;
    Ok(scorer.finish())
}

/// Reads JSON Lines or JSON-array evidence into `scorer` (the second
/// module; the host build has both).
#[cfg(feature = "extra")]
fn score_json_evidence(
    scorer: &mut Scorer,
    evidence: &[u8],
    format: Format,
) -> Result<Result<usize, EvidenceError>, Failure> {
    Ok(proficient_wasm_hot::score_evidence(
        scorer,
        evidence,
        Some(format),
    ))
}

/// The main module reads CSV only: JSON evidence is the second module's
/// (see [`NEEDS_SECOND_MODULE`]).
#[cfg(not(feature = "extra"))]
fn score_json_evidence(
    _: &mut Scorer,
    _: &[u8],
    _: Format,
) -> Result<Result<usize, EvidenceError>, Failure> {
    Err(Failure::single(
        Kind::Evidence,
        "",
        NEEDS_SECOND_MODULE,
        "evidence as JSON Lines, a JSON array or objects is read by the second module".to_string(),
    ))
}

/// An evidence error as a [`Failure`], naming `file` when given.
pub fn evidence_failure(e: EvidenceError, file: Option<&str>) -> Failure {
    let e = match file {
        Some(f) => e.with_file(f),
        None => e,
    };
    Failure {
        kind: Kind::Evidence,
        errors: e.diagnostics(),
    }
}

/// Scores evidence and screens every worker against `profile`, checked
/// against `fw` first.
pub fn screen(
    fw: &Framework,
    profile: &LoadedProfile,
    evidence: &[u8],
    options: &ScoreOptions,
    overrides: &PolicyOverrides,
) -> Result<proficient::ScreenResult, Failure> {
    let profile = profile.for_framework(fw)?;
    screen_checked(fw, &profile, evidence, options, overrides)
}

/// Scores evidence and screens every worker against `profile`, known to
/// be valid against `fw` (a shipped pair the core checked when the package
/// was built).
pub fn screen_checked(
    fw: &Framework,
    profile: &Profile,
    evidence: &[u8],
    options: &ScoreOptions,
    overrides: &PolicyOverrides,
) -> Result<proficient::ScreenResult, Failure> {
    let options = ScoreOptions {
        explain: Explain::None,
        ..options.clone()
    };
    let scores = score(fw, evidence, &options, overrides)?;
    Ok(proficient::screen(profile, fw, scores))
}

/// Equality monitoring of a yes/no outcome in a people CSV (bytes); `file`
/// names it in errors.
pub fn equality(
    people: &[u8],
    options: &proficient::analysis::equality::EqualityOptions,
    file: Option<&str>,
) -> Result<proficient::analysis::equality::EqualityResult, Failure> {
    use proficient::analysis::equality as eq;
    let data = |e: eq::PeopleError| Failure {
        kind: Kind::Evidence,
        errors: match file {
            Some(f) => e.with_file(f).diagnostics(),
            None => e.diagnostics(),
        },
    };
    let text = proficient::input::decode_limited(people, proficient::input::MAX_DOCUMENT_BYTES)
        .map_err(|e| data(eq::PeopleError::from_read(e)))?;
    let people = eq::read_people(&text, options).map_err(data)?;
    eq::analyse(&people, options).map_err(|e| Failure::option("", e.to_string()))
}

/// Delphi analysis of ratings (CSV, or a JSON array when `json`), with an
/// optional item list (CSV); `file` names the ratings in errors.
pub fn delphi(
    ratings: &[u8],
    json: bool,
    items: Option<&[u8]>,
    options: &proficient::analysis::delphi::DelphiOptions,
    file: Option<&str>,
) -> Result<proficient::analysis::delphi::DelphiResult, Failure> {
    use proficient::analysis::delphi as d;
    let data = |e: d::RatingsError, file: Option<&str>| Failure {
        kind: Kind::Evidence,
        errors: match file {
            Some(f) => e.with_file(f).diagnostics(),
            None => e.diagnostics(),
        },
    };
    let decode = |bytes: &[u8], file: Option<&str>| -> Result<String, Failure> {
        proficient::input::decode_limited(bytes, proficient::input::MAX_DOCUMENT_BYTES)
            .map(std::borrow::Cow::into_owned)
            .map_err(|e| data(d::RatingsError::from_read(e), file))
    };
    let items = match items {
        Some(bytes) => {
            let text = decode(bytes, Some("items"))?;
            Some(d::read_items_csv(&text).map_err(|e| data(e, Some("items")))?)
        }
        None => None,
    };
    let text = decode(ratings, file)?;
    let mut analysis = d::Delphi::new();
    let read = if json {
        d::read_ratings_json(&text, |r, line| analysis.push(r, line))
    } else {
        d::read_ratings_csv(&text, |r, line| analysis.push(r, line))
    };
    read.map_err(|e| data(e, file))?;
    analysis
        .finish(items.as_deref(), options)
        .map_err(|e| Failure::option("", e.to_string()))
}

/// The cohort view of evidence scored against `fw`, screened against
/// `profile` when given.
pub fn cohort(
    fw: &Framework,
    profile: Option<&LoadedProfile>,
    evidence: &[u8],
    options: &ScoreOptions,
    overrides: &PolicyOverrides,
    cohort_options: &proficient::analysis::cohort::CohortOptions,
) -> Result<proficient::analysis::cohort::CohortResult, Failure> {
    let profile = profile.map(|p| p.for_framework(fw)).transpose()?;
    let options = ScoreOptions {
        explain: Explain::None,
        ..options.clone()
    };
    let scores = score(fw, evidence, &options, overrides)?;
    let screened = profile
        .as_ref()
        .map(|p| proficient::screen(p, fw, scores.clone()));
    proficient::analysis::cohort::cohort(
        fw,
        &scores,
        profile.as_ref().zip(screened.as_ref()),
        None,
        cohort_options,
    )
    .map_err(|e| Failure::option("", e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use proficient::evidence;

    fn options(as_of: &str) -> ScoreOptions {
        ScoreOptions {
            as_of: Date::parse(as_of).unwrap(),
            explain: Explain::All,
            format: None,
            file: None,
        }
    }

    #[test]
    fn scores_the_demo_like_the_core() {
        let fw = shipped_framework("job-retention").unwrap();
        let csv = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/job-retention-evidence.csv"
        ))
        .unwrap();
        let opts = options("2026-06-30");
        let got = score(&fw, &csv, &opts, &PolicyOverrides::default()).unwrap();
        let mut scorer = Scorer::new(
            &fw,
            opts.as_of,
            ScoringPolicy::for_framework(&fw),
            Explain::All,
        );
        evidence::read_csv(&csv[..], |i, l| scorer.push(i, l)).unwrap();
        assert_eq!(got, scorer.finish());
        assert_eq!(got.counts.items, 570);

        let profile = load_profile(
            shipped_profile_text("job-retention-specialist")
                .unwrap()
                .as_bytes(),
            None,
            Some(&fw),
        )
        .unwrap();
        let s = screen(&fw, &profile, &csv, &opts, &PolicyOverrides::default()).unwrap();
        assert_eq!(s.candidates[0].worker, "jr-001");
    }

    #[test]
    fn errors_carry_kind_and_location() {
        let e = load_framework(b"id: x\n\tbad: 1\n", Some("f.yaml")).unwrap_err();
        assert_eq!(e.kind, Kind::Framework);
        assert_eq!(e.errors[0].file.as_deref(), Some("f.yaml"));
        assert!(e.errors[0].line.is_some());

        let e = shipped_framework("nursing").unwrap_err();
        assert_eq!(e.errors[0].code, "unknown_name");
        assert!(e.errors[0].message.contains("`job-retention`"));

        let fw = shipped_framework("job-retention").unwrap();
        let bad = b"worker,criterion,kind,date\nw1,k1,obs,2024-13-01\n";
        let e = score(
            &fw,
            bad,
            &ScoreOptions {
                file: Some("ev.csv".into()),
                ..options("2024-06-30")
            },
            &PolicyOverrides::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind, Kind::Evidence);
        assert_eq!(
            (
                e.errors[0].line,
                e.errors[0].column,
                e.errors[0].code.as_str()
            ),
            (Some(2), Some(4), "bad_date")
        );

        let mut o = PolicyOverrides::default();
        o.kind_weights.insert("nope".into(), 1.0);
        let e = score(&fw, b"", &options("2024-06-30"), &o).unwrap_err();
        assert_eq!(e.kind, Kind::Policy);
        assert_eq!(e.errors[0].path, "kind_weights.nope");

        assert!(evidence_format(Some("xml")).is_err());
        assert_eq!(evidence_format(Some("JSONL")), Ok(Some(Format::JsonLines)));
    }

    #[test]
    fn shipped_lists_and_profile_recheck() {
        let fws = shipped_frameworks().unwrap();
        assert_eq!(fws.len(), shipped::FRAMEWORKS.len());
        let profiles = shipped_profiles().unwrap();
        assert!(profiles.iter().all(|p| p.requirements > 0));
        let p = load_profile(profiles[0].yaml.as_bytes(), Some("p.yaml"), None).unwrap();
        let coach = shipped_framework("job-coach").unwrap();
        let e = p.for_framework(&coach).unwrap_err();
        assert_eq!(e.errors[0].code, "framework_mismatch");
        assert_eq!(e.errors[0].file.as_deref(), Some("p.yaml"));
    }

    #[test]
    fn analyses_run_on_the_demo_data() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/");
        let people = std::fs::read(format!("{root}staff-cpd.csv")).unwrap();
        let mut o =
            proficient::analysis::equality::EqualityOptions::new("ethnicity", "accessed_cpd");
        o.period = Some("year".into());
        let r = equality(&people, &o, Some("staff-cpd.csv")).unwrap();
        assert_eq!(r.periods.len(), 4);
        o.group = "nope".into();
        let e = equality(&people, &o, Some("staff-cpd.csv")).unwrap_err();
        assert_eq!(
            (e.kind, e.errors[0].code.as_str()),
            (Kind::Evidence, "missing_column")
        );
        let ratings = std::fs::read(format!("{root}delphi-ratings.csv")).unwrap();
        let items = std::fs::read(format!("{root}delphi-items.csv")).unwrap();
        let d = delphi(&ratings, false, Some(&items), &Default::default(), None).unwrap();
        assert_eq!(d.rounds.len(), 2);
        let fw = shipped_framework("job-retention").unwrap();
        let csv = std::fs::read(format!("{root}job-retention-evidence.csv")).unwrap();
        let c = cohort(
            &fw,
            None,
            &csv,
            &options("2026-06-30"),
            &PolicyOverrides::default(),
            &Default::default(),
        )
        .unwrap();
        assert_eq!(c.workers.len(), 12);
    }

    #[test]
    fn frameworks_cross_between_modules_as_json_unchanged() {
        let mut frameworks: Vec<Framework> = shipped::FRAMEWORKS
            .iter()
            .map(|(name, _)| shipped_framework(name).unwrap())
            .collect();
        let case_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/case/");
        for (file, mode) in [
            ("multilevel.json", proficient::interop::case::Mode::Strict),
            ("rubrics.json", proficient::interop::case::Mode::Strict),
            ("flat.json", proficient::interop::case::Mode::Strict),
            ("legacy.json", proficient::interop::case::Mode::Lenient),
        ] {
            let text = std::fs::read_to_string(format!("{case_dir}{file}")).unwrap();
            frameworks.push(
                proficient::interop::case::import_str(&text, mode)
                    .unwrap()
                    .framework,
            );
        }
        for fw in frameworks {
            let json = serde_json::to_string(&fw).unwrap();
            assert_eq!(framework_from_json(&json).unwrap(), fw, "{}", fw.id);
        }
        // Deep verbatim CASE fields (serde_json's limit is 128 levels) cross too.
        let mut fw = shipped_framework("job-coach").unwrap();
        let deep: serde_json::Value =
            serde_json::from_str(&format!("{}1{}", "[".repeat(120), "]".repeat(120))).unwrap();
        fw.competencies[0].case = Some(proficient::model::CaseRef {
            identifier: "x".into(),
            uri: None,
            item_type: None,
            human_coding_scheme: None,
            parents: vec![],
            associations: vec![],
            fields: [("deep".to_string(), deep)].into_iter().collect(),
        });
        let json = serde_json::to_string(&fw).unwrap();
        assert_eq!(framework_from_json(&json).unwrap(), fw);
    }

    #[test]
    fn baked_shipped_values_are_those_the_core_loads() {
        for (i, (name, text)) in shipped::FRAMEWORKS.iter().enumerate() {
            let loaded = Framework::load(name).unwrap();
            assert_eq!(shipped_framework(name).unwrap(), loaded, "{name}");
            assert_eq!(
                crate::shipped::framework_json(i).unwrap(),
                serde_json::to_string(&loaded).unwrap()
            );
            assert_eq!(load_framework(text.as_bytes(), None).unwrap(), loaded);
        }
        for (i, (name, text)) in shipped::PROFILES.iter().enumerate() {
            let (loaded, home) = Profile::load(name, None).unwrap();
            let baked = shipped_profile(name, None).unwrap().unwrap();
            assert_eq!(baked.profile, loaded, "{name}");
            assert_eq!(baked.text, *text);
            assert_eq!(baked.file.as_deref(), Some(&*format!("<shipped:{name}>")));
            assert_eq!(
                crate::shipped::profile_json(i).unwrap(),
                serde_json::to_string(&loaded).unwrap()
            );
            assert_eq!(
                crate::shipped::home(i),
                crate::shipped::framework_index(&home.id)
            );
            // Valid against exactly the shipped frameworks the core accepts it for.
            for (f, (fw_name, _)) in shipped::FRAMEWORKS.iter().enumerate() {
                let fw = Framework::load(fw_name).unwrap();
                let core = Profile::from_yaml_str(text, &fw).is_ok();
                assert_eq!(crate::shipped::fits(i, f), core, "{name} / {fw_name}");
                assert_eq!(shipped_profile(name, Some(f)).unwrap().is_some(), core);
            }
        }
        assert!(!crate::shipped::fits(0, 99));
        assert_eq!(
            shipped_profile("nope", None).unwrap_err().errors[0].code,
            "unknown_name"
        );
    }

    #[test]
    fn screening_a_checked_pair_is_screening_with_the_recheck() {
        let fw = shipped_framework("job-retention").unwrap();
        let csv = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/job-retention-evidence.csv"
        ))
        .unwrap();
        let p = shipped_profile("job-retention-specialist", Some(0))
            .unwrap()
            .unwrap();
        let opts = options("2026-06-30");
        let o = PolicyOverrides::default();
        assert_eq!(
            screen_checked(&fw, &p.profile, &csv, &opts, &o).unwrap(),
            screen(&fw, &p, &csv, &opts, &o).unwrap()
        );
    }

    #[test]
    fn evidence_format_is_sniffed() {
        let fw = shipped_framework("job-retention").unwrap();
        let json = br#"[{"worker":"w","criterion":"x","kind":"y","date":"2024-01-01"}]"#;
        let r = score(
            &fw,
            json,
            &options("2024-06-30"),
            &PolicyOverrides::default(),
        )
        .unwrap();
        assert_eq!(r.counts.rejected, 1);
        let r = score(
            &fw,
            b"",
            &ScoreOptions {
                format: Some(Format::JsonLines),
                ..options("2024-06-30")
            },
            &PolicyOverrides::default(),
        )
        .unwrap();
        assert_eq!(r.counts.items, 0);
        let e = score(
            &fw,
            b"[\xE9]",
            &options("2024-06-30"),
            &PolicyOverrides::default(),
        )
        .unwrap_err();
        assert_eq!(e.errors[0].code, "encoding");
    }
}
