//! The frameworks and role profiles shipped with the library, embedded in
//! the binary so they can be used by name (`job-retention`).

/// `(name, YAML text)` of each shipped framework. (Statics, not consts: a
/// const is copied into every place that uses it, and the WebAssembly
/// build carried each YAML text twice.)
pub static FRAMEWORKS: &[(&str, &str)] = &[
    (
        "job-retention",
        include_str!("../../../frameworks/job-retention.yaml"),
    ),
    (
        "job-coach",
        include_str!("../../../frameworks/job-coach.yaml"),
    ),
    (
        "ips-fidelity",
        include_str!("../../../frameworks/ips-fidelity.yaml"),
    ),
];

/// `(name, YAML text)` of each shipped role profile.
pub static PROFILES: &[(&str, &str)] = &[
    (
        "job-retention-specialist",
        include_str!("../../../frameworks/profiles/job-retention-specialist.yaml"),
    ),
    (
        "job-coach-supported-employment",
        include_str!("../../../frameworks/profiles/job-coach-supported-employment.yaml"),
    ),
];

/// The YAML of the shipped framework `name`.
pub fn framework_text(name: &str) -> Option<&'static str> {
    FRAMEWORKS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The YAML of the shipped profile `name`.
pub fn profile_text(name: &str) -> Option<&'static str> {
    PROFILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Names of the shipped frameworks.
pub fn framework_names() -> Vec<&'static str> {
    FRAMEWORKS.iter().map(|(n, _)| *n).collect()
}

/// Names of the shipped profiles.
pub fn profile_names() -> Vec<&'static str> {
    PROFILES.iter().map(|(n, _)| *n).collect()
}
