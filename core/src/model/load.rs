//! Loading frameworks and role profiles from text, files or shipped names,
//! with syntax and semantic validation.

use std::path::Path;

use crate::base::error::{LoadError, SyntaxError};
use crate::input::yaml::{self, Limits, LocationIndex};
use crate::model::{shipped, validate};
use crate::model::{Framework, Profile};

/// The text of a UTF-8 file (standard input for `-`) of at most `limit`
/// bytes, counted as read (see [`crate::input::read_text`]); I/O and
/// encoding errors name the file.
pub(crate) fn read_text(path: &Path, limit: usize) -> Result<String, LoadError> {
    crate::input::read_text_limited(path, limit)
        .map_err(|e| e.into_load_error(&crate::input::display_name(path)))
}

fn in_file<T>(r: Result<T, LoadError>, path: &Path) -> Result<T, LoadError> {
    r.map_err(|e| e.with_file(&crate::input::display_name(path)))
}

impl Framework {
    /// Reads and validates a framework from YAML (or JSON) text.
    pub fn from_yaml_str(text: &str) -> Result<Framework, LoadError> {
        Framework::from_yaml_str_with(text, &Limits::default())
    }

    /// As [`Framework::from_yaml_str`], with explicit size and nesting limits.
    pub fn from_yaml_str_with(text: &str, limits: &Limits) -> Result<Framework, LoadError> {
        let (fw, index): (Framework, LocationIndex) = yaml::parse(text, limits)?;
        let issues = validate::framework(&fw, &index);
        if issues.is_empty() {
            Ok(fw)
        } else {
            Err(LoadError::Invalid { file: None, issues })
        }
    }

    /// Reads and validates a framework file; errors name the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Framework, LoadError> {
        let path = path.as_ref();
        let text = read_text(path, Limits::default().max_bytes)?;
        in_file(Framework::from_yaml_str(&text), path)
    }

    /// A shipped framework by name (`job-retention`), else a file path
    /// (`-` for standard input).
    pub fn load(name_or_path: &str) -> Result<Framework, LoadError> {
        if let Some(text) = shipped::framework_text(name_or_path) {
            return Framework::from_yaml_str(text)
                .map_err(|e| e.with_file(&format!("<shipped:{name_or_path}>")));
        }
        if looks_like_name(name_or_path) && !Path::new(name_or_path).exists() {
            return Err(LoadError::UnknownName {
                what: "framework",
                name: name_or_path.to_string(),
                expected: validate::quote_list(&shipped::framework_names()),
            });
        }
        Framework::from_path(name_or_path)
    }
}

impl Profile {
    /// Reads a profile from YAML text and checks it against `framework`.
    pub fn from_yaml_str(text: &str, framework: &Framework) -> Result<Profile, LoadError> {
        let (profile, index) = Profile::parse(text)?;
        let issues = validate::profile(&profile, framework, &index);
        if issues.is_empty() {
            Ok(profile)
        } else {
            Err(LoadError::Invalid { file: None, issues })
        }
    }

    /// Reads a profile from YAML text and checks it against the shipped
    /// framework it names; returns both.
    pub fn from_yaml_str_shipped(text: &str) -> Result<(Profile, Framework), LoadError> {
        let (profile, index) = Profile::parse(text)?;
        let framework = match shipped::framework_text(&profile.framework) {
            Some(fw_text) => Framework::from_yaml_str(fw_text)?,
            None => {
                let mut c = validate::Checker::new(&index);
                c.known(
                    "framework".into(),
                    "shipped framework",
                    &profile.framework,
                    &shipped::framework_names(),
                );
                return Err(LoadError::Invalid {
                    file: None,
                    issues: c.finish(),
                });
            }
        };
        let issues = validate::profile(&profile, &framework, &index);
        if issues.is_empty() {
            Ok((profile, framework))
        } else {
            Err(LoadError::Invalid { file: None, issues })
        }
    }

    fn parse(text: &str) -> Result<(Profile, LocationIndex), LoadError> {
        yaml::parse(text, &Limits::default())
    }

    /// A shipped profile by name, else a file path; checked against
    /// `framework` when given, else against the shipped framework it names.
    pub fn load(
        name_or_path: &str,
        framework: Option<&Framework>,
    ) -> Result<(Profile, Framework), LoadError> {
        let (text, file): (std::borrow::Cow<'_, str>, String) =
            if let Some(t) = shipped::profile_text(name_or_path) {
                (t.into(), format!("<shipped:{name_or_path}>"))
            } else if looks_like_name(name_or_path) && !Path::new(name_or_path).exists() {
                return Err(LoadError::UnknownName {
                    what: "profile",
                    name: name_or_path.to_string(),
                    expected: validate::quote_list(&shipped::profile_names()),
                });
            } else {
                let path = Path::new(name_or_path);
                let t = read_text(path, Limits::default().max_bytes)?;
                (t.into(), crate::input::display_name(path))
            };
        let r = match framework {
            Some(fw) => Profile::from_yaml_str(&text, fw).map(|p| (p, fw.clone())),
            None => Profile::from_yaml_str_shipped(&text),
        };
        r.map_err(|e| e.with_file(&file))
    }
}

/// What kind of document a YAML text holds, judged by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Has `competencies`.
    Framework,
    /// Has `requirements`.
    Profile,
}

impl DocumentKind {
    /// `framework` or `profile`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Framework => "framework",
            DocumentKind::Profile => "profile",
        }
    }
}

/// Guesses whether `text` is a framework or a profile (frameworks when unsure,
/// so that the framework's errors are reported).
pub fn document_kind(text: &str) -> DocumentKind {
    if yaml::root_has_key(text, "requirements", &Limits::default()) {
        DocumentKind::Profile
    } else {
        DocumentKind::Framework
    }
}

/// Validates a framework or profile file, whichever it is.
pub fn validate_file(path: &Path) -> Result<DocumentKind, LoadError> {
    let text = read_text(path, Limits::default().max_bytes)?;
    let text = text.as_str();
    let kind = document_kind(text);
    let r = match kind {
        DocumentKind::Framework => Framework::from_yaml_str(text).map(|_| ()),
        DocumentKind::Profile => Profile::from_yaml_str_shipped(text).map(|_| ()),
    };
    in_file(r, path).map(|()| kind)
}

fn looks_like_name(s: &str) -> bool {
    !s.is_empty() && s != "-" && !s.contains(['/', '\\', '.'])
}

/// Errors for text that is not UTF-8 etc., placed at the file.
pub fn syntax_error(error: SyntaxError) -> LoadError {
    LoadError::Syntax {
        file: None,
        location: Default::default(),
        error,
    }
}

/// The shipped frameworks and profiles (`list`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Catalogue {
    /// The shipped frameworks, by name.
    pub frameworks: Vec<ShippedFramework>,
    /// The shipped role profiles, by name.
    pub profiles: Vec<ShippedProfile>,
}

/// A shipped framework in the [`Catalogue`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ShippedFramework {
    /// The name it is loaded by.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// How many competencies it has.
    pub competencies: usize,
    /// How many criteria it has.
    pub criteria: usize,
}

/// A shipped role profile in the [`Catalogue`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ShippedProfile {
    /// The name it is loaded by.
    pub name: String,
    /// Its title.
    pub title: String,
    /// The framework it refers to.
    pub framework: String,
}

/// The shipped frameworks and profiles, each loaded and counted.
pub fn catalogue() -> Result<Catalogue, LoadError> {
    let mut frameworks = Vec::new();
    for name in shipped::framework_names() {
        let fw = Framework::load(name)?;
        frameworks.push(ShippedFramework {
            name: name.to_string(),
            title: fw.title.clone(),
            version: fw.version.clone(),
            competencies: fw.competencies.len(),
            criteria: fw.criteria_count(),
        });
    }
    let mut profiles = Vec::new();
    for name in shipped::profile_names() {
        let (p, _) = Profile::load(name, None)?;
        profiles.push(ShippedProfile {
            name: name.to_string(),
            title: p.title,
            framework: p.framework,
        });
    }
    Ok(Catalogue {
        frameworks,
        profiles,
    })
}
