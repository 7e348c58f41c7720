//! One value checked against its property's type and format and, when
//! fixing, brought into CASE 1.1 form or left out: one method per type.

use serde_json::{json, Value};

use crate::base::text::clip;

use super::finding::kind_of;
use super::format::{date_time, encode_uri, is_date, is_uri, uuid_problem, DateTime};
use super::table::{ext_type, is_ext_type, Kind, Prop, Ty, ASSOC_TYPES};
use super::walk::{quote, Outcome, Path, Walker};

impl Walker<'_> {
    /// Checks (and when fixing, changes) the value of `prop` in the object
    /// at `path`; the property's path is only made when it is needed.
    pub(crate) fn value(&mut self, v: &mut Value, prop: &Prop, path: &Path<'_>) -> Outcome {
        let at = &Path::Key(path, prop.name);
        match prop.ty {
            Ty::Str => self.check_string(v, prop, at),
            Ty::Uri => self.check_uri(v, prop, at),
            Ty::DateTime => self.check_date_time(v, prop, at),
            Ty::Date => self.check_date(v, prop, at),
            Ty::Uuid => self.check_uuid(v, prop, at),
            Ty::Strings => self.check_strings(v, prop, at),
            Ty::Int => self.check_int(v, prop, at),
            Ty::Num => self.check_num(v, prop, at),
            Ty::Ext => self.check_ext(v, prop, at),
            Ty::ExtList => self.check_ext_list(v, prop, at),
            Ty::CaseVersion => self.check_case_version(v, prop, at),
            Ty::AssocType => self.check_assoc_type(v, prop, at),
            Ty::TargetType => self.check_target_type(v, prop, at),
            Ty::Obj(kind) => self.check_obj(v, prop, kind, at),
            Ty::List(kind) => self.check_list(v, prop, kind, at),
        }
    }

    /// A value of the wrong JSON type: reported, left out.
    fn wrong(&mut self, at: &Path<'_>, prop: &Prop, v: &Value, expected: &str) -> Outcome {
        self.report(
            at,
            "shape",
            format!("`{}` must be {expected}, found {}", prop.name, kind_of(v)),
            "left out",
        );
        Outcome::Drop
    }

    /// A string (numbers and booleans written as strings).
    fn check_string(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::String(_) => Outcome::Keep,
            _ if prop.hard => Outcome::Keep,
            Value::Number(_) | Value::Bool(_) => {
                let s = v.to_string();
                self.report(
                    at,
                    "shape",
                    format!(
                        "`{name}` must be a string, found {} `{}`",
                        kind_of(v),
                        clip(&s, 40)
                    ),
                    "written as a string",
                );
                Outcome::Replace(Value::String(s))
            }
            other => self.wrong(at, prop, other, "a string"),
        }
    }

    /// A URI (percent-encoded when that makes it one).
    fn check_uri(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::String(s) if is_uri(s) => Outcome::Keep,
            Value::String(s) => {
                let fixed = encode_uri(s);
                let problem = format!(
                    "`{name}` `{}` is not a URI, expected a scheme and only the characters RFC 3986 allows (others percent-encoded)",
                    clip(s, 40)
                );
                match fixed {
                    Some(u) => {
                        self.report(
                            at,
                            "uri",
                            problem,
                            &format!("written percent-encoded, `{}`", clip(&u, 60)),
                        );
                        Outcome::Replace(Value::String(u))
                    }
                    None => {
                        self.report(at, "uri", problem, "left out");
                        Outcome::Drop
                    }
                }
            }
            _ if prop.hard => Outcome::Keep,
            other => self.wrong(at, prop, other, "a URI string"),
        }
    }

    /// An RFC 3339 date-time (written in that form when it can be read).
    fn check_date_time(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::String(s) => match date_time(s) {
                DateTime::Valid => Outcome::Keep,
                DateTime::Fixed(f, no_zone) => {
                    let (problem, action) = if no_zone {
                        (
                            format!("date-time `{}` has no time zone, expected one as RFC 3339 has it (e.g. `+00:00`)", clip(s, 40)),
                            format!("read as UTC, `{f}` written"),
                        )
                    } else {
                        (
                            format!("date-time `{}` is not in RFC 3339 form, expected e.g. `2024-05-01T12:00:00+00:00`", clip(s, 40)),
                            format!("`{f}` written"),
                        )
                    };
                    self.report(at, "date_time", problem, &action);
                    Outcome::Replace(Value::String(f))
                }
                DateTime::Invalid => {
                    self.report(
                        at,
                        "date_time",
                        format!("`{name}` `{}` is not a date-time, expected RFC 3339 (e.g. `2024-05-01T12:00:00+00:00`)", clip(s, 40)),
                        "left out",
                    );
                    Outcome::Drop
                }
            },
            other => self.wrong(at, prop, other, "a date-time string"),
        }
    }

    /// A date `YYYY-MM-DD` (the date of a date-time taken).
    fn check_date(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::String(s) if is_date(s) => Outcome::Keep,
            Value::String(s) => match s.trim().get(..10).filter(|d| is_date(d)) {
                Some(d) if matches!(date_time(s), DateTime::Valid | DateTime::Fixed(..)) => {
                    let d = d.to_string();
                    self.report(
                        at,
                        "date",
                        format!(
                            "`{name}` `{}` is not a date, expected `YYYY-MM-DD`",
                            clip(s, 40)
                        ),
                        &format!("its date `{d}` written"),
                    );
                    Outcome::Replace(Value::String(d))
                }
                _ => {
                    self.report(
                        at,
                        "date",
                        format!(
                            "`{name}` `{}` is not a date, expected `YYYY-MM-DD`",
                            clip(s, 40)
                        ),
                        "left out",
                    );
                    Outcome::Drop
                }
            },
            other => self.wrong(at, prop, other, "a date string"),
        }
    }

    /// A UUID: a non-UUID is kept, reported and listed for an export to replace.
    fn check_uuid(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        match v {
            Value::String(s) => {
                if let Some(problem) = uuid_problem(s) {
                    if self.seen_non_uuid.insert(s.clone()) {
                        self.non_uuids.push((s.clone(), at.render()));
                    }
                    self.report(
                        at,
                        "not_uuid",
                        format!("identifier `{}` {problem}", clip(s, 40)),
                        "replaced by a UUID derived from it on export",
                    );
                }
                Outcome::Keep
            }
            _ if prop.hard => Outcome::Keep,
            other => self.wrong(at, prop, other, "a UUID string"),
        }
    }

    /// An array of strings (a string written as a one-element array).
    fn check_strings(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::Array(a) if a.iter().all(Value::is_string) => Outcome::Keep,
            Value::Array(a) => {
                let kept: Vec<Value> = a
                    .iter()
                    .filter_map(|x| match x {
                        Value::String(_) => Some(x.clone()),
                        Value::Number(_) | Value::Bool(_) => Some(Value::String(x.to_string())),
                        _ => None,
                    })
                    .collect();
                self.report(
                    at,
                    "shape",
                    format!("`{name}` must be an array of strings, found other values in it"),
                    "numbers written as strings, other values left out",
                );
                Outcome::Replace(Value::Array(kept))
            }
            Value::String(s) => {
                self.report(
                    at,
                    "shape",
                    format!(
                        "`{name}` must be an array of strings, found a string `{}`",
                        clip(s, 40)
                    ),
                    "written as a one-element array",
                );
                Outcome::Replace(json!([s]))
            }
            other => self.wrong(at, prop, other, "an array of strings"),
        }
    }

    /// A 32-bit integer (an integer string written as an integer).
    fn check_int(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        {
            let n = match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => {
                    let parsed = s.trim().parse::<i64>().ok();
                    if let Some(n) = parsed.filter(|n| i32::try_from(*n).is_ok()) {
                        let code = if name == "sequenceNumber" {
                            "sequence_string"
                        } else {
                            "shape"
                        };
                        self.report(
                            at,
                            code,
                            format!("{name} `{}` is a string, expected an integer", clip(s, 20)),
                            "written as an integer",
                        );
                        return Outcome::Replace(json!(n));
                    }
                    None
                }
                _ => None,
            };
            match n {
                Some(n) if i32::try_from(n).is_ok() => Outcome::Keep,
                _ if prop.hard => Outcome::Keep,
                Some(n) => {
                    self.report(
                        at,
                        "shape",
                        format!("{name} {n} is outside the 32-bit integers of CASE 1.1, expected {} to {}", i32::MIN, i32::MAX),
                        "left out",
                    );
                    Outcome::Drop
                }
                None => self.wrong(at, prop, v, "an integer"),
            }
        }
    }

    /// A number (a number string written as a number).
    fn check_num(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::Number(_) => Outcome::Keep,
            Value::String(s) => match s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .and_then(serde_json::Number::from_f64)
            {
                Some(n) => {
                    self.report(
                        at,
                        "shape",
                        format!("{name} `{}` is a string, expected a number", clip(s, 20)),
                        "written as a number",
                    );
                    Outcome::Replace(Value::Number(n))
                }
                None => self.wrong(at, prop, v, "a number"),
            },
            other => self.wrong(at, prop, other, "a number"),
        }
    }

    /// An extension object.
    fn check_ext(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        match v {
            Value::Object(_) => Outcome::Keep,
            other => self.wrong(at, prop, other, "an object"),
        }
    }

    /// An array of extension objects.
    fn check_ext_list(&mut self, v: &mut Value, prop: &Prop, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::Array(a) if a.iter().all(Value::is_object) => Outcome::Keep,
            Value::Object(_) => {
                self.report(
                    at,
                    "shape",
                    format!("`{name}` must be an array of objects, found an object"),
                    "written as a one-element array",
                );
                Outcome::Replace(json!([v.clone()]))
            }
            Value::Array(a) => {
                let kept: Vec<Value> = a.iter().filter(|x| x.is_object()).cloned().collect();
                self.report(
                    at,
                    "shape",
                    format!("`{name}` must be an array of objects, found other values in it"),
                    "other values left out",
                );
                Outcome::Replace(Value::Array(kept))
            }
            other => self.wrong(at, prop, other, "an array of objects"),
        }
    }

    /// `caseVersion`: only `1.1`.
    fn check_case_version(&mut self, v: &mut Value, _prop: &Prop, at: &Path<'_>) -> Outcome {
        match v {
            Value::String(s) if s == "1.1" => Outcome::Keep,
            other => {
                self.report(
                    at,
                    "case_version",
                    format!("caseVersion `{}`, expected `1.1`", quote(other)),
                    "`1.1` written (the package is written as CASE 1.1)",
                );
                Outcome::Replace(json!("1.1"))
            }
        }
    }

    /// An association type: the vocabulary or `ext:NAME`.
    fn check_assoc_type(&mut self, v: &mut Value, _prop: &Prop, at: &Path<'_>) -> Outcome {
        match v {
            Value::String(t) if ASSOC_TYPES.contains(&t.as_str()) || is_ext_type(t) => {
                Outcome::Keep
            }
            Value::String(t) => {
                let new = ext_type(t);
                self.report(
                    at,
                    "association_type",
                    format!(
                        "unknown associationType `{}`, expected one of {} or `ext:NAME`",
                        clip(t, 40),
                        ASSOC_TYPES.join(", ")
                    ),
                    &format!("written as `{new}`"),
                );
                Outcome::Replace(json!(new))
            }
            _ => Outcome::Keep,
        }
    }

    /// The `targetType` of an association end: `CASE` or `ext:NAME`.
    fn check_target_type(&mut self, v: &mut Value, _prop: &Prop, at: &Path<'_>) -> Outcome {
        match v {
            Value::String(t) if t == "CASE" || is_ext_type(t) => Outcome::Keep,
            other => {
                self.report(
                    at,
                    "shape",
                    format!(
                        "targetType `{}`, expected `CASE` or `ext:NAME`",
                        quote(other)
                    ),
                    "left out",
                );
                Outcome::Drop
            }
        }
    }

    /// An object of `kind`, walked (a one-element array of a link unwrapped).
    fn check_obj(&mut self, v: &mut Value, prop: &Prop, kind: Kind, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::Object(m) => {
                if self.object(m, kind, at) {
                    Outcome::Keep
                } else {
                    Outcome::Drop
                }
            }
            _ if prop.hard => Outcome::Keep,
            Value::Array(a) if kind == Kind::Link && a.len() == 1 => {
                // A link given as a one-element array.
                let mut one = a.first().cloned().unwrap_or(Value::Null);
                self.report(
                    at,
                    "shape",
                    format!("`{name}` must be an object, found an array"),
                    "its one element written",
                );
                let ok = match &mut one {
                    Value::Object(m) => self.object(m, kind, at),
                    _ => false,
                };
                if ok {
                    Outcome::Replace(one)
                } else {
                    Outcome::Drop
                }
            }
            other => self.wrong(at, prop, other, "an object"),
        }
    }

    /// An array of objects of `kind`, each walked (one link written as an array).
    fn check_list(&mut self, v: &mut Value, prop: &Prop, kind: Kind, at: &Path<'_>) -> Outcome {
        let name = prop.name;
        match v {
            Value::Array(a) => {
                let mut keep = Vec::with_capacity(a.len());
                let mut dropped = false;
                for (i, x) in a.iter_mut().enumerate() {
                    let at_i = Path::Index(at, i);
                    let ok = match x {
                        // Items and associations are never left out
                        // here: the importer reads them.
                        Value::Object(m) => {
                            self.object(m, kind, &at_i)
                                || matches!(kind, Kind::Item | Kind::Association)
                        }
                        _ if prop.hard => true,
                        other => {
                            self.report(
                                &at_i,
                                "shape",
                                format!(
                                    "expected a {} (an object), found {}",
                                    kind.name(),
                                    kind_of(other)
                                ),
                                "left out",
                            );
                            false
                        }
                    };
                    keep.push(ok);
                    dropped |= !ok;
                }
                if dropped && self.fix {
                    let mut it = keep.iter();
                    a.retain(|_| it.next().copied().unwrap_or(true));
                }
                Outcome::Keep
            }
            _ if prop.hard => Outcome::Keep,
            Value::Object(_) if kind == Kind::Link => {
                let mut one = v.clone();
                self.report(
                    at,
                    "shape",
                    format!("`{name}` must be an array of links, found one link"),
                    "written as a one-element array",
                );
                let ok = match &mut one {
                    Value::Object(m) => self.object(m, kind, &Path::Index(at, 0)),
                    _ => false,
                };
                if ok {
                    Outcome::Replace(json!([one]))
                } else {
                    Outcome::Drop
                }
            }
            other => self.wrong(at, prop, other, "an array"),
        }
    }
}
