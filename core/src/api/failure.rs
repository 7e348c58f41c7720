//! Why a call failed: which input, every problem, and whether the problem
//! is in the input's content (a finding) or in reaching it (usage, I/O).

use schemars::JsonSchema;
use serde::Serialize;

use crate::base::error::{Diagnostic, FileError, FileProblem, LoadError};
use crate::evidence::EvidenceError;

/// Which input a [`Failure`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A framework.
    Framework,
    /// A role profile.
    Profile,
    /// Evidence.
    Evidence,
    /// Policy overrides (a policy file or the options that override it).
    Policy,
    /// The other options of a call.
    Options,
    /// Development plans.
    Plans,
    /// A people file (equality monitoring).
    People,
    /// Delphi ratings or their item list.
    Ratings,
    /// CPD activities.
    Cpd,
    /// A CASE package.
    Case,
    /// A badge that was not issued, or its issuer profile.
    Badge,
}

/// Whether a failure is about the input's content or about reaching it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Problems found in the content of an input (the CLI exits with 1).
    Finding,
    /// A file that cannot be read, an unknown name, an option that is not
    /// valid (the CLI exits with 2).
    Usage,
}

/// Why a call failed: every problem found, as the [`Diagnostic`]s every
/// surface shows.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Failure {
    /// What was wrong.
    pub kind: Kind,
    /// Content (`finding`) or usage (`usage`).
    pub class: Class,
    /// Every problem, in input order.
    pub errors: Vec<Diagnostic>,
}

impl Failure {
    /// The CLI's exit code: 1 for findings, 2 for usage and I/O problems.
    pub fn exit_code(&self) -> u8 {
        match self.class {
            Class::Finding => 1,
            Class::Usage => 2,
        }
    }

    /// A framework, profile or policy error (unknown names and unreadable
    /// files are usage failures).
    pub fn load(kind: Kind, e: &LoadError) -> Failure {
        Failure {
            kind,
            class: if e.is_finding() {
                Class::Finding
            } else {
                Class::Usage
            },
            errors: e.diagnostics(),
        }
    }

    /// An evidence error (a file that cannot be read is a usage failure,
    /// with what to check).
    pub fn evidence(e: &EvidenceError) -> Failure {
        Failure::file(Kind::Evidence, e)
    }

    /// An error of a file read record by record (evidence, people,
    /// ratings): a file that cannot be read is a usage failure, with what
    /// to check.
    pub fn file<P: FileProblem>(kind: Kind, e: &FileError<P>) -> Failure {
        let io = e.is_io();
        let mut errors = e.diagnostics();
        if io {
            for d in &mut errors {
                d.message += "; check the path";
            }
        }
        Failure {
            kind,
            class: if io { Class::Usage } else { Class::Finding },
            errors,
        }
    }

    /// One usage problem without a location in a file.
    pub fn single(kind: Kind, path: &str, code: &str, message: String) -> Failure {
        Failure {
            kind,
            class: Class::Usage,
            errors: vec![Diagnostic {
                sheet: None,
                file: None,
                line: None,
                column: None,
                path: path.to_string(),
                code: code.to_string(),
                message,
            }],
        }
    }

    /// An option that is not valid; `path` is the option's name
    /// (`half_life`), which the CLI writes as its flag (`--half-life`).
    pub fn option(path: &str, message: String) -> Failure {
        Failure::single(Kind::Options, path, INVALID_OPTION, message)
    }
}

/// The code of a problem with an option's value ([`Failure::option`]).
pub const INVALID_OPTION: &str = "invalid_option";

impl std::fmt::Display for Failure {
    /// One diagnostic a line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for Failure {}
