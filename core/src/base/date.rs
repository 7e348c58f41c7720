//! Calendar dates (`YYYY-MM-DD`), stored as a day number so that ages and
//! comparisons are plain integer arithmetic.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A proleptic Gregorian calendar date, years 0001–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01 (negative before).
    days: i32,
}

/// Why a text is not a valid `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not in the `YYYY-MM-DD` shape.
    #[error("expected a date as `YYYY-MM-DD`")]
    Shape,
    /// Month outside 1..=12.
    #[error("month {0} is not between 1 and 12, expected a date as `YYYY-MM-DD`")]
    Month(u32),
    /// Day outside the month.
    #[error("day {day} does not exist in {year:04}-{month:02}, expected a calendar date")]
    Day {
        /// The year.
        year: i32,
        /// The month.
        month: u32,
        /// The day given.
        day: u32,
    },
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Date {
    /// A date from its parts, checking that it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        Ok(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Parses exactly `YYYY-MM-DD` (surrounding ASCII whitespace ignored).
    #[inline]
    pub fn parse(text: &str) -> Result<Date, DateError> {
        // Trimmed only when an end is not a digit (the usual date has none).
        let b = match (text.as_bytes().first(), text.as_bytes().last()) {
            (Some(a), Some(z)) if a.is_ascii_digit() && z.is_ascii_digit() => text.as_bytes(),
            _ => text.trim().as_bytes(),
        };
        let digit = |i: usize| -> Result<u32, DateError> {
            match b.get(i) {
                Some(c) if c.is_ascii_digit() => Ok(u32::from(c - b'0')),
                _ => Err(DateError::Shape),
            }
        };
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(DateError::Shape);
        }
        let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
        let month = digit(5)? * 10 + digit(6)?;
        let day = digit(8)? * 10 + digit(9)?;
        if year == 0 {
            return Err(DateError::Shape);
        }
        Date::from_ymd(year as i32, month, day)
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.days
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        i64::from(self.days) - i64::from(earlier.days)
    }

    /// Today's date in UTC, from the system clock.
    #[cfg(feature = "clock")]
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date {
            days: i32::try_from(secs / 86_400).unwrap_or(0),
        }
    }
}

impl Date {
    /// `YYYY-MM-DD` as ASCII, for years 0 to 9999 (written without the
    /// formatting machinery: results and messages print many dates).
    pub(crate) fn iso(self) -> Option<[u8; 10]> {
        let (y, m, d) = self.ymd();
        let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
        let digit = |n: u32| b'0' + (n % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.iso() {
            Some(b) => f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?),
            None => {
                let (y, m, d) = self.ymd();
                write!(f, "{y:04}-{m:02}-{d:02}")
            }
        }
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.iso() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as `YYYY-MM-DD`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(|e| {
                    E::custom(format_args!(
                        "`{}` is not a valid date: {e}",
                        crate::base::text::clip(v, 40)
                    ))
                })
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "An ISO 8601 calendar date, `YYYY-MM-DD`."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_impossible_dates() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "1999-03-01",
            "0001-01-01",
        ] {
            assert_eq!(Date::parse(s).map(|d| d.to_string()), Ok(s.to_string()));
        }
        assert_eq!(
            Date::parse("2023-02-29"),
            Err(DateError::Day {
                year: 2023,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("2023-13-01"), Err(DateError::Month(13)));
        assert_eq!(Date::parse("2023-1-01"), Err(DateError::Shape));
        assert_eq!(Date::parse("20230101"), Err(DateError::Shape));
        assert_eq!(Date::parse("2023-01-01x"), Err(DateError::Shape));
        assert_eq!(Date::parse("２０２３-01-01"), Err(DateError::Shape));
    }

    #[test]
    fn written_as_the_general_format_writes_them_for_every_year() {
        let general = |d: Date| {
            let (y, m, d) = d.ymd();
            format!("{y:04}-{m:02}-{d:02}")
        };
        // Years -5 to 10,005: every day near the edges of the fast path,
        // every 97th day between.
        let first = Date::parse("0001-01-01").map(|d| d.days()).unwrap_or(0) - 2_200;
        let mut day = first;
        while day < first + 3_656_000 {
            let d = Date::from_days(day);
            assert_eq!(d.to_string(), general(d));
            assert_eq!(
                serde_json::to_string(&d).ok(),
                Some(format!("\"{}\"", general(d)))
            );
            day += if (day - first) % 3_650_000 < 4_000 {
                1
            } else {
                97
            };
        }
        assert_eq!(
            Date::from_days(i32::MIN).to_string(),
            general(Date::from_days(i32::MIN))
        );
    }

    #[test]
    fn day_numbers_are_consecutive() {
        let a = Date::parse("2024-02-28").map(|d| d.days());
        let b = Date::parse("2024-03-01").map(|d| d.days());
        assert_eq!(b.and_then(|b| a.map(|a| b - a)), Ok(2));
        assert_eq!(Date::parse("1970-01-01").map(|d| d.days()), Ok(0));
    }
}
