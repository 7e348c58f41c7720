//! Semantic checks of frameworks and profiles after parsing: ids, references,
//! scales, thresholds and weights. Every problem is collected in one pass.

use std::collections::HashMap;

use crate::base::error::{Issue, Location, ValidationError};
use crate::input::yaml::LocationIndex;
use crate::model::anchors::rating_bounds;
use crate::model::ranges::{
    SCALE_LIMIT, SCALE_MIN_WIDTH, SCALE_WIDTH_RATIO, THRESHOLD_STEP, WEIGHT_MAX, WEIGHT_MIN,
};
use crate::model::{
    Anchor, Competency, Criterion, Framework, Level, Measure, Profile, RatingScale, Rule,
};

/// Collects issues, placing each by its path.
pub(crate) struct Checker<'a> {
    index: &'a LocationIndex,
    issues: Vec<Issue>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(index: &'a LocationIndex) -> Self {
        Checker {
            index,
            issues: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, path: String, error: ValidationError) {
        let location: Location = self.index.locate(&path);
        self.issues.push(Issue { location, error });
    }

    pub(crate) fn finish(mut self) -> Vec<Issue> {
        // Document order: by line, then column, then path.
        self.issues.sort_by(|a, b| {
            (a.location.line, a.location.column, &a.location.path).cmp(&(
                b.location.line,
                b.location.column,
                &b.location.path,
            ))
        });
        self.issues
    }

    pub(crate) fn id(&mut self, path: String, id: &str) {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            self.push(path, ValidationError::InvalidId { id: id.to_string() });
        }
    }

    pub(crate) fn text(&mut self, path: String, what: &'static str, text: &str) {
        if text.trim().is_empty() {
            self.push(path, ValidationError::Blank { what });
        }
    }

    pub(crate) fn positive(&mut self, path: String, what: &'static str, value: f64) {
        if !(value.is_finite() && value > 0.0) {
            self.push(path, ValidationError::NotPositive { what, value });
        }
    }

    /// A weight: finite, in [`WEIGHT_MIN`, `WEIGHT_MAX`].
    pub(crate) fn weight(&mut self, path: String, what: &'static str, value: f64) {
        if !(value.is_finite() && value > 0.0) {
            self.push(path, ValidationError::NotPositive { what, value });
        } else {
            self.range(path, what, value, WEIGHT_MIN, WEIGHT_MAX);
        }
    }

    /// A share compared with scores (`min_coverage`, `min_gain`): in
    /// [0, 1], and 0 or at least [`THRESHOLD_STEP`].
    pub(crate) fn share(&mut self, path: String, what: &'static str, value: f64) {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.range(path, what, value, 0.0, 1.0);
        } else if value > 0.0 && value < THRESHOLD_STEP {
            self.push(
                path,
                ValidationError::BelowResolution {
                    what,
                    value,
                    min: THRESHOLD_STEP,
                },
            );
        }
    }

    /// A rating scale: bounds within ±[`SCALE_LIMIT`], `min < max`, and
    /// wide enough for its magnitude (see [`SCALE_MIN_WIDTH`]). `at_min`
    /// and `at_max` are where each bound is (`None`: not given here, e.g.
    /// inherited from the framework's scale); order and width problems are
    /// reported at `at`.
    pub(crate) fn scale(
        &mut self,
        at: String,
        bounds: [(Option<String>, &'static str, f64); 2],
    ) -> bool {
        let mut ok = true;
        for (path, what, value) in &bounds {
            if let Some(path) = path {
                if !(value.is_finite() && value.abs() <= SCALE_LIMIT) {
                    self.range(path.clone(), what, *value, -SCALE_LIMIT, SCALE_LIMIT);
                    ok = false;
                }
            }
        }
        let [(_, _, min), (_, _, max)] = bounds;
        if !(ok && min.is_finite() && max.is_finite()) {
            return false;
        }
        if min >= max {
            self.push(at, ValidationError::ScaleOrder { min, max });
            return false;
        }
        let needed = SCALE_MIN_WIDTH.max(min.abs().max(max.abs()) / SCALE_WIDTH_RATIO);
        if max - min < needed {
            self.push(at, ValidationError::ScaleTooNarrow { min, max, needed });
            return false;
        }
        true
    }

    pub(crate) fn range(
        &mut self,
        path: String,
        what: &'static str,
        value: f64,
        min: f64,
        max: f64,
    ) {
        if !(value.is_finite() && value >= min && value <= max) {
            self.push(
                path,
                ValidationError::OutOfRange {
                    what,
                    value,
                    min,
                    max,
                },
            );
        }
    }

    pub(crate) fn non_empty<T>(&mut self, path: String, what: &'static str, list: &[T]) {
        if list.is_empty() {
            self.push(path, ValidationError::Empty { what });
        }
    }

    /// Checks that ids are unique; returns id → position of first definition.
    pub(crate) fn unique<'i>(
        &mut self,
        what: &'static str,
        ids: impl Iterator<Item = (String, &'i str)>,
    ) -> HashMap<&'i str, String> {
        let mut seen: HashMap<&'i str, String> = HashMap::new();
        for (path, id) in ids {
            match seen.get(id) {
                Some(first) => {
                    let first = first.clone();
                    self.push(
                        path,
                        ValidationError::DuplicateId {
                            what,
                            id: id.to_string(),
                            first,
                        },
                    );
                }
                None => {
                    seen.insert(id, path);
                }
            }
        }
        seen
    }

    pub(crate) fn known(
        &mut self,
        path: String,
        what: &'static str,
        id: &str,
        known: &[&str],
    ) -> bool {
        if known.contains(&id) {
            return true;
        }
        self.push(
            path,
            ValidationError::UnknownReference {
                what,
                id: id.to_string(),
                expected: quote_list(known),
            },
        );
        false
    }
}

/// `a`, `b`, `c` (at most 12 shown).
pub(crate) fn quote_list(items: &[&str]) -> String {
    if items.is_empty() {
        return "(none defined)".into();
    }
    let mut out: Vec<String> = items
        .iter()
        .take(12)
        .map(|s| format!("`{}`", crate::base::text::clip(s, 40)))
        .collect();
    if items.len() > 12 {
        out.push(format!("... ({} in all)", items.len()));
    }
    out.join(", ")
}

/// Every semantic problem in `fw`, located through `index`.
pub(crate) fn framework(fw: &Framework, index: &LocationIndex) -> Vec<Issue> {
    let mut c = Checker::new(index);
    c.id("id".into(), &fw.id);
    c.text("title".into(), "title", &fw.title);
    c.text("version".into(), "version", &fw.version);
    c.text(
        "source.citation".into(),
        "source citation",
        &fw.source.citation,
    );
    rating_scale(&mut c, &fw.rating_scale);
    levels(&mut c, &fw.levels);
    bands(&mut c, "overall_levels", &fw.overall_levels);
    for (i, d) in fw.domains.iter().enumerate() {
        bands(&mut c, &format!("domains[{i}].levels"), &d.levels);
    }

    c.non_empty(
        "evidence_kinds".into(),
        "evidence_kinds",
        &fw.evidence_kinds,
    );
    let kinds = ids(
        &mut c,
        "evidence kind",
        "evidence_kinds",
        &fw.evidence_kinds,
        |k| &k.id,
    );
    for (i, k) in fw.evidence_kinds.iter().enumerate() {
        c.weight(
            format!("evidence_kinds[{i}].weight"),
            "evidence kind weight",
            k.weight,
        );
    }

    let p = &fw.evidence_policy;
    if let Some(h) = p.half_life_days {
        c.positive(
            "evidence_policy.half_life_days".into(),
            "half-life in days",
            h,
        );
    }
    c.share(
        "evidence_policy.min_coverage".into(),
        "min_coverage",
        p.min_coverage,
    );

    let categories = ids(&mut c, "category", "categories", &fw.categories, |k| &k.id);
    // No domains and no competencies is a valid framework: a shell being
    // authored, or an imported CASE package with no items (issue 16).
    let domains = ids(&mut c, "domain", "domains", &fw.domains, |d| &d.id);
    let scales = shared_scales(&mut c, fw);
    let known = Known {
        kinds: &kinds,
        categories: &categories,
        domains: &domains,
        scales: &scales,
    };
    competencies(&mut c, fw, &known);
    if !cfg!(feature = "rules") {
        // Refused, not scored as if absent (issue 18).
        for (path, field) in fw.rules_fields() {
            c.push(
                path,
                ValidationError::NeedsFeature {
                    field,
                    feature: "rules",
                },
            );
        }
    }
    c.finish()
}

/// Checks the ids of a list (each unique, each a valid id) and returns
/// them: `what` names one in messages, `field` is the list's path.
fn ids<'f, T>(
    c: &mut Checker<'_>,
    what: &'static str,
    field: &str,
    list: &'f [T],
    id: impl Fn(&'f T) -> &'f String,
) -> Vec<&'f str> {
    c.unique(
        what,
        list.iter()
            .enumerate()
            .map(|(i, k)| (format!("{field}[{i}].id"), id(k).as_str())),
    );
    for (i, k) in list.iter().enumerate() {
        c.id(format!("{field}[{i}].id"), id(k));
    }
    list.iter().map(|k| id(k).as_str()).collect()
}

/// The ids a competency or criterion may refer to.
struct Known<'f> {
    kinds: &'f [&'f str],
    categories: &'f [&'f str],
    domains: &'f [&'f str],
    /// Ids of the shared anchored scales.
    scales: &'f [&'f str],
}

/// The rating scale's bounds, and its labels when the bounds are sound.
fn rating_scale(c: &mut Checker<'_>, scale: &RatingScale) {
    let scale_ok = c.scale(
        "rating_scale.max".into(),
        [
            (
                Some("rating_scale.min".into()),
                "rating scale min",
                scale.min,
            ),
            (
                Some("rating_scale.max".into()),
                "rating scale max",
                scale.max,
            ),
        ],
    );
    if scale_ok {
        for (i, l) in scale.labels.iter().enumerate() {
            c.range(
                format!("rating_scale.labels[{i}].value"),
                "scale label value",
                l.value,
                scale.min,
                scale.max,
            );
        }
    }
}

/// The levels: present, unique, the first at 0, thresholds increasing.
fn levels(c: &mut Checker<'_>, levels: &[Level]) {
    c.non_empty("levels".into(), "levels", levels);
    bands(c, "levels", levels);
}

/// Level bands at path `at` (the framework's levels, a domain's or the
/// overall ones): unique, the first at 0, thresholds increasing.
fn bands(c: &mut Checker<'_>, at: &str, levels: &[Level]) {
    c.unique(
        "level",
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("{at}[{i}].id"), l.id.as_str())),
    );
    let mut previous: Option<f64> = None;
    for (i, l) in levels.iter().enumerate() {
        c.id(format!("{at}[{i}].id"), &l.id);
        c.text(format!("{at}[{i}].label"), "level label", &l.label);
        let path = format!("{at}[{i}].threshold");
        c.range(path.clone(), "level threshold", l.threshold, 0.0, 1.0);
        match previous {
            None if l.threshold != 0.0 && l.threshold.is_finite() => c.push(
                path,
                ValidationError::FirstLevelNotZero {
                    id: l.id.clone(),
                    threshold: l.threshold,
                },
            ),
            Some(p) if l.threshold.is_finite() && l.threshold - p < THRESHOLD_STEP => c.push(
                path,
                ValidationError::LevelsNotIncreasing {
                    id: l.id.clone(),
                    threshold: l.threshold,
                    previous: p,
                    step: THRESHOLD_STEP,
                },
            ),
            _ => {}
        }
        if l.threshold.is_finite() {
            previous = Some(l.threshold);
        }
    }
}

/// The competencies and their criteria.
fn competencies(c: &mut Checker<'_>, fw: &Framework, known: &Known<'_>) {
    c.unique(
        "competency",
        fw.competencies
            .iter()
            .enumerate()
            .map(|(i, k)| (format!("competencies[{i}].id"), k.id.as_str())),
    );
    c.unique(
        "criterion",
        fw.competencies.iter().enumerate().flat_map(|(i, k)| {
            k.criteria.iter().enumerate().map(move |(j, cr)| {
                (
                    format!("competencies[{i}].criteria[{j}].id"),
                    cr.id.as_str(),
                )
            })
        }),
    );
    for (i, comp) in fw.competencies.iter().enumerate() {
        let at = format!("competencies[{i}]");
        c.id(format!("{at}.id"), &comp.id);
        c.text(
            format!("{at}.statement"),
            "competency statement",
            &comp.statement,
        );
        c.known(
            format!("{at}.domain"),
            "domain",
            &comp.domain,
            known.domains,
        );
        if let Some(cat) = &comp.category {
            c.known(format!("{at}.category"), "category", cat, known.categories);
        }
        c.weight(format!("{at}.weight"), "competency weight", comp.weight);
        if let Some(rank) = comp.priority.as_ref().and_then(|p| p.rank) {
            c.range(
                format!("{at}.priority.rank"),
                "priority rank",
                f64::from(rank),
                1.0,
                f64::from(u32::MAX),
            );
        }
        c.non_empty(format!("{at}.criteria"), "criteria", &comp.criteria);
        if let Some(r) = &comp.rule {
            rule(c, &format!("{at}.rule"), r, comp.criteria.len());
        }
        let sections = sections(c, &at, comp);
        for (j, cr) in comp.criteria.iter().enumerate() {
            criterion(
                c,
                &format!("{at}.criteria[{j}]"),
                cr,
                &fw.rating_scale,
                known.kinds,
            );
            reading(
                c,
                &format!("{at}.criteria[{j}]"),
                cr,
                fw,
                known.scales,
                &sections,
            );
        }
    }
}

/// A competency's rule at path `at`, for a competency of `criteria`
/// criteria: one of `need` and `at_least`, a count it can reach, a
/// `min_score` in [0, 1].
fn rule(c: &mut Checker<'_>, at: &str, r: &Rule, criteria: usize) {
    if criteria == 0 {
        c.push(
            at.to_string(),
            ValidationError::Rule {
                message: "rule on a competency with no criteria, expected at least one criterion"
                    .into(),
            },
        );
        return;
    }
    let Rule::Spec(spec) = r else {
        return;
    };
    match (spec.need, spec.at_least) {
        (Some(_), Some(_)) => c.push(
            format!("{at}.at_least"),
            ValidationError::Rule {
                message: "found both `need` and `at_least`, expected only one of them".into(),
            },
        ),
        (None, None) => c.push(
            at.to_string(),
            ValidationError::Rule {
                message: "found neither `need` nor `at_least`, expected `need: all`, `need: any` or `at_least: N`".into(),
            },
        ),
        (None, Some(n)) if n == 0 || n as usize > criteria => c.push(
            format!("{at}.at_least"),
            ValidationError::Rule {
                message: format!(
                    "`at_least: {n}` must be between 1 and {criteria}, the number of the competency's criteria"
                ),
            },
        ),
        _ => {}
    }
    if let Some(m) = spec.min_score {
        c.share(format!("{at}.min_score"), "rule min_score", m);
    }
}

/// One criterion at path `at`: its text, weight, measure and kinds.
fn criterion(c: &mut Checker<'_>, at: &str, cr: &Criterion, scale: &RatingScale, kinds: &[&str]) {
    c.id(format!("{at}.id"), &cr.id);
    c.text(
        format!("{at}.statement"),
        "criterion statement",
        &cr.statement,
    );
    c.weight(format!("{at}.weight"), "criterion weight", cr.weight);
    match &cr.measure {
        Measure::Rating { min, max } => {
            if min.is_some() || max.is_some() {
                c.scale(
                    format!("{at}.measure"),
                    [
                        (
                            min.map(|_| format!("{at}.measure.min")),
                            "rating scale min",
                            min.unwrap_or(scale.min),
                        ),
                        (
                            max.map(|_| format!("{at}.measure.max")),
                            "rating scale max",
                            max.unwrap_or(scale.max),
                        ),
                    ],
                );
            }
        }
        Measure::Binary {} => {}
        Measure::Rate { target } => {
            c.positive(format!("{at}.measure.target"), "rate target", *target);
        }
        Measure::Count { target } => {
            c.positive(format!("{at}.measure.target"), "count target", *target);
        }
    }
    if let Some(ks) = &cr.kinds {
        c.non_empty(format!("{at}.kinds"), "kinds", ks);
        for (k, kind) in ks.iter().enumerate() {
            c.known(format!("{at}.kinds[{k}]"), "evidence kind", kind, kinds);
        }
        c.unique(
            "accepted kind",
            ks.iter()
                .enumerate()
                .map(|(k, kind)| (format!("{at}.kinds[{k}]"), kind.as_str())),
        );
    }
}

/// Every semantic problem in `profile` against `fw`, located through `index`.
pub(crate) fn profile(profile: &Profile, fw: &Framework, index: &LocationIndex) -> Vec<Issue> {
    let mut c = Checker::new(index);
    c.id("id".into(), &profile.id);
    c.text("title".into(), "title", &profile.title);
    if profile.framework != fw.id {
        c.push(
            "framework".into(),
            ValidationError::FrameworkMismatch {
                what: "profile",
                found: profile.framework.clone(),
                expected: fw.id.clone(),
            },
        );
        return c.finish();
    }
    c.non_empty("requirements".into(), "requirements", &profile.requirements);
    let competencies: Vec<&str> = fw.competencies.iter().map(|k| k.id.as_str()).collect();
    let domains: Vec<&str> = fw.domains.iter().map(|d| d.id.as_str()).collect();
    let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
    // Requirements on the same competency, domain or overall level.
    c.unique(
        "requirement competency",
        profile
            .requirements
            .iter()
            .enumerate()
            .filter(|(_, r)| r.domain.is_none() && !r.overall)
            .map(|(i, r)| {
                (
                    format!("requirements[{i}].competency"),
                    r.competency.as_str(),
                )
            }),
    );
    c.unique(
        "requirement domain",
        profile
            .requirements
            .iter()
            .enumerate()
            .filter_map(
                |(i, r)| match (&r.domain, r.overall, r.competency.is_empty()) {
                    (Some(d), false, true) => {
                        Some((format!("requirements[{i}].domain"), d.as_str()))
                    }
                    _ => None,
                },
            ),
    );
    c.unique(
        "requirement",
        profile
            .requirements
            .iter()
            .enumerate()
            .filter(|(_, r)| r.overall)
            .map(|(i, _)| (format!("requirements[{i}].overall"), "overall")),
    );
    for (i, r) in profile.requirements.iter().enumerate() {
        requirement(
            &mut c,
            &format!("requirements[{i}]"),
            r,
            fw,
            &competencies,
            &domains,
            &levels,
        );
    }
    c.finish()
}

/// One requirement at path `at`: exactly one of `competency`, `domain`
/// and `overall`, and a level of the bands it refers to.
fn requirement(
    c: &mut Checker<'_>,
    at: &str,
    r: &crate::model::Requirement,
    fw: &Framework,
    competencies: &[&str],
    domains: &[&str],
    levels: &[&str],
) {
    let targets = usize::from(!r.competency.is_empty())
        + usize::from(r.domain.is_some())
        + usize::from(r.overall);
    if targets != 1 {
        c.push(
            at.to_string(),
            ValidationError::Rule {
                message: format!(
                    "found {targets} of `competency`, `domain` and `overall: true`, expected exactly one"
                ),
            },
        );
        return;
    }
    let bands: Vec<&str> = if r.overall {
        fw.overall_levels.iter().map(|l| l.id.as_str()).collect()
    } else if let Some(d) = &r.domain {
        if !c.known(format!("{at}.domain"), "domain", d, domains) {
            return;
        }
        fw.domains
            .iter()
            .find(|x| &x.id == d)
            .map(|x| x.levels.iter().map(|l| l.id.as_str()).collect())
            .unwrap_or_default()
    } else {
        if !c.known(
            format!("{at}.competency"),
            "competency",
            &r.competency,
            competencies,
        ) {
            return;
        }
        levels.to_vec()
    };
    c.known(format!("{at}.level"), "level", &r.level, &bands);
}

// Sections and anchored scales: for reading, not scoring.

/// The shared anchored scales: ids unique and valid, labels not blank, and
/// their anchors (ranges are checked where criteria use them). Returns
/// their ids.
fn shared_scales<'f>(c: &mut Checker<'_>, fw: &'f Framework) -> Vec<&'f str> {
    c.unique(
        "anchored scale",
        fw.anchored_scales
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("anchored_scales[{i}].id"), s.id.as_str())),
    );
    for (i, s) in fw.anchored_scales.iter().enumerate() {
        let at = format!("anchored_scales[{i}]");
        c.id(format!("{at}.id"), &s.id);
        if let Some(l) = &s.label {
            c.text(format!("{at}.label"), "anchored scale label", l);
        }
        c.non_empty(format!("{at}.anchors"), "anchors", &s.anchors);
        anchor_list(c, &at, &s.anchors, (-SCALE_LIMIT, SCALE_LIMIT));
    }
    distinct(fw.anchored_scales.iter().map(|s| s.id.as_str()))
}

/// Anchors at `{at}.anchors`: labels not blank, values within `range`, each
/// value once.
fn anchor_list(c: &mut Checker<'_>, at: &str, anchors: &[Anchor], (min, max): (f64, f64)) {
    let mut seen: HashMap<u64, String> = HashMap::new();
    for (k, a) in anchors.iter().enumerate() {
        let path = format!("{at}.anchors[{k}]");
        c.text(format!("{path}.label"), "anchor label", &a.label);
        if let Some(d) = &a.description {
            c.text(format!("{path}.description"), "anchor description", d);
        }
        c.range(format!("{path}.value"), "anchor value", a.value, min, max);
        // -0.0 and 0.0 are one value.
        let key = (a.value + 0.0).to_bits();
        match seen.get(&key) {
            Some(first) => c.push(
                format!("{path}.value"),
                ValidationError::DuplicateValue {
                    what: "anchor value",
                    value: a.value,
                    first: first.clone(),
                },
            ),
            None => {
                seen.insert(key, format!("{path}.value"));
            }
        }
    }
}

/// A competency's sections: ids unique and valid, labels not blank.
/// Returns their ids.
fn sections<'f>(c: &mut Checker<'_>, at: &str, comp: &'f Competency) -> Vec<&'f str> {
    c.unique(
        "section",
        comp.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("{at}.sections[{i}].id"), s.id.as_str())),
    );
    for (i, s) in comp.sections.iter().enumerate() {
        c.id(format!("{at}.sections[{i}].id"), &s.id);
        c.text(
            format!("{at}.sections[{i}].label"),
            "section label",
            &s.label,
        );
    }
    distinct(comp.sections.iter().map(|s| s.id.as_str()))
}

/// Ids in order, each once (for the list of those expected).
fn distinct<'f>(ids: impl Iterator<Item = &'f str>) -> Vec<&'f str> {
    let mut out: Vec<&str> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// A criterion's section, anchors and shared scale at path `at`: the
/// section one of its competency's, anchors only on a rating and within
/// its scale, not both its own anchors and a shared scale.
fn reading(
    c: &mut Checker<'_>,
    at: &str,
    cr: &Criterion,
    fw: &Framework,
    scales: &[&str],
    sections: &[&str],
) {
    if let Some(s) = &cr.section {
        c.known(format!("{at}.section"), "section", s, sections);
    }
    if !cr.anchors.is_empty() && cr.scale.is_some() {
        c.push(format!("{at}.scale"), ValidationError::AnchorsAndScale);
    }
    let where_given = if cr.anchors.is_empty() {
        format!("{at}.scale")
    } else {
        format!("{at}.anchors")
    };
    let Some((min, max)) = rating_bounds(fw, cr) else {
        if !cr.anchors.is_empty() || cr.scale.is_some() {
            c.push(
                where_given,
                ValidationError::AnchorsNotRating {
                    measure: cr.measure.name(),
                },
            );
        }
        return;
    };
    // Ranges only against a sound scale (its own problems are reported).
    let sound = min.is_finite() && max.is_finite() && min < max;
    let range = if sound {
        (min, max)
    } else {
        (-SCALE_LIMIT, SCALE_LIMIT)
    };
    anchor_list(c, at, &cr.anchors, range);
    if let Some(id) = &cr.scale {
        if c.known(format!("{at}.scale"), "anchored scale", id, scales) && sound {
            let shared = fw.anchored_scales.iter().find(|s| &s.id == id);
            let outside = shared
                .into_iter()
                .flat_map(|s| &s.anchors)
                .find(|a| a.value.is_finite() && !(min..=max).contains(&a.value));
            if let Some(a) = outside {
                c.range(
                    format!("{at}.scale"),
                    "anchor value of this shared scale (on this criterion's rating scale)",
                    a.value,
                    min,
                    max,
                );
            }
        }
    }
}
