//! The formats of CASE 1.1 values: its UUIDs, URIs (RFC 3986), dates and
//! date-times (RFC 3339), each checked and, where it can be, brought into
//! form.

/// Whether `s` is a lowercase RFC 4122 UUID as the CASE 1.1 schema requires
/// (8-4-4-4-12 lowercase hexadecimal digits, the variant digit, first of
/// the fourth group, `8`, `9`, `a` or `b`).
pub fn is_case_uuid(s: &str) -> bool {
    uuid_problem(s).is_none()
}

/// What keeps `s` from being a CASE 1.1 UUID, in words, or `None`.
pub(crate) fn uuid_problem(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shaped = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    if !shaped {
        return Some(
            "is not a UUID, expected 32 hexadecimal digits grouped 8-4-4-4-12 (e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`)"
                .into(),
        );
    }
    if b.iter().any(u8::is_ascii_uppercase) {
        return Some("has uppercase letters, expected a lowercase UUID".into());
    }
    let variant = b.get(19).copied().map(char::from).unwrap_or('?');
    if !matches!(variant, '8' | '9' | 'a' | 'b') {
        let version = b.get(14).copied().map(char::from).unwrap_or('?');
        let also = if ('1'..='8').contains(&version) {
            String::new()
        } else {
            format!(" (its version digit, first of the third group, is `{version}`: not a generated UUID)")
        };
        return Some(format!(
            "is lowercase but not an RFC 4122 UUID: its variant digit (first of the fourth group) is `{variant}`, expected `8`, `9`, `a` or `b`{also}"
        ));
    }
    None
}

// ---------------------------------------------------------------- formats

fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}
fn is_sub_delim(c: u8) -> bool {
    matches!(
        c,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Whether `s` is made of `allowed` bytes and well-formed `%XX` escapes.
fn chars_ok(s: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == b'%' {
            let hex = |j: usize| s.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else if allowed(c) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fn is_pchar(c: u8) -> bool {
    is_unreserved(c) || is_sub_delim(c) || matches!(c, b':' | b'@')
}

/// Whether `s` is a URI as RFC 3986 section 3 defines it (`scheme ":"
/// hier-part [ "?" query ] [ "#" fragment ]`), what JSON Schema's `uri`
/// format means.
pub(crate) fn is_uri(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let (scheme, rest) = (
        b.get(..colon).unwrap_or(&[]),
        b.get(colon + 1..).unwrap_or(&[]),
    );
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let (rest, fragment) = match rest.iter().position(|&c| c == b'#') {
        Some(i) => (rest.get(..i).unwrap_or(&[]), rest.get(i + 1..)),
        None => (rest, None),
    };
    let (hier, query) = match rest.iter().position(|&c| c == b'?') {
        Some(i) => (rest.get(..i).unwrap_or(&[]), rest.get(i + 1..)),
        None => (rest, None),
    };
    let qf = |x: &[u8]| chars_ok(x, |c| is_pchar(c) || matches!(c, b'/' | b'?'));
    if !query.is_none_or(qf) || !fragment.is_none_or(qf) {
        return false;
    }
    let path_ok = |x: &[u8]| chars_ok(x, |c| is_pchar(c) || c == b'/');
    match hier.strip_prefix(b"//") {
        Some(after) => {
            let end = after.iter().position(|&c| c == b'/').unwrap_or(after.len());
            let (authority, path) = (
                after.get(..end).unwrap_or(&[]),
                after.get(end..).unwrap_or(&[]),
            );
            authority_ok(authority) && path_ok(path)
        }
        None => path_ok(hier),
    }
}

fn authority_ok(a: &[u8]) -> bool {
    let host_port = match a.iter().rposition(|&c| c == b'@') {
        Some(i) => {
            let user = a.get(..i).unwrap_or(&[]);
            if !chars_ok(user, |c| is_unreserved(c) || is_sub_delim(c) || c == b':') {
                return false;
            }
            a.get(i + 1..).unwrap_or(&[])
        }
        None => a,
    };
    let (host, port) = if host_port.first() == Some(&b'[') {
        let Some(close) = host_port.iter().position(|&c| c == b']') else {
            return false;
        };
        let inside = host_port.get(1..close).unwrap_or(&[]);
        let ok = std::str::from_utf8(inside)
            .ok()
            .is_some_and(|t| t.parse::<std::net::Ipv6Addr>().is_ok());
        if !ok {
            return false;
        }
        match host_port.get(close + 1..).unwrap_or(&[]) {
            [] => (&[][..], None),
            [b':', port @ ..] => (&[][..], Some(port)),
            _ => return false,
        }
    } else {
        match host_port.iter().rposition(|&c| c == b':') {
            Some(i) => (host_port.get(..i).unwrap_or(&[]), host_port.get(i + 1..)),
            None => (host_port, None),
        }
    };
    chars_ok(host, |c| is_unreserved(c) || is_sub_delim(c))
        && port.is_none_or(|p| p.iter().all(u8::is_ascii_digit))
}

/// `s` with what a URI cannot hold percent-encoded (spaces, non-ASCII
/// characters as UTF-8, `"<>\^`{|}`, a `%` not starting an escape, a second
/// `#`, brackets outside the host), when that makes it a URI.
pub(crate) fn encode_uri(s: &str) -> Option<String> {
    let s = s.trim();
    let mut out = String::new();
    let b = s.as_bytes();
    let mut seen_hash = false;
    // Brackets are only allowed around an IP literal host: `scheme://[`.
    let host_start = s.find("://").map(|i| i + 3);
    let mut in_literal = false;
    for (i, &c) in b.iter().enumerate() {
        let keep = match c {
            b'%' => {
                let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
                hex(i + 1) && hex(i + 2)
            }
            b'#' if seen_hash => false,
            b'#' => {
                seen_hash = true;
                true
            }
            b'[' if Some(i) == host_start => {
                in_literal = true;
                true
            }
            b']' if in_literal => {
                in_literal = false;
                true
            }
            b'[' | b']' => false,
            c => is_unreserved(c) || is_sub_delim(c) || matches!(c, b':' | b'/' | b'?' | b'@'),
        };
        if keep {
            out.push(char::from(c));
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    is_uri(&out).then_some(out)
}

/// A calendar date `YYYY-MM-DD`, exactly.
pub(crate) fn is_date(s: &str) -> bool {
    s.len() == 10 && crate::base::date::Date::parse(s).is_ok()
}

/// How a date-time text stands against RFC 3339.
#[derive(Debug, PartialEq)]
pub(crate) enum DateTime {
    Valid,
    /// Read, written in RFC 3339 form; `true` when the time zone was
    /// missing (read as UTC).
    Fixed(String, bool),
    Invalid,
}

fn two(b: &[u8], i: usize, max: u32) -> Option<u32> {
    let d = |j: usize| {
        b.get(j)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let v = d(i)? * 10 + d(i + 1)?;
    (v <= max).then_some(v)
}

pub(crate) fn date_time(s: &str) -> DateTime {
    let t = s.trim();
    let b = t.as_bytes();
    let Some(date) = t.get(..10).filter(|d| is_date(d)) else {
        return DateTime::Invalid;
    };
    if b.len() == 10 {
        return DateTime::Fixed(format!("{date}T00:00:00+00:00"), true);
    }
    let sep = b.get(10).copied();
    if !matches!(sep, Some(b'T' | b't' | b' ')) {
        return DateTime::Invalid;
    }
    // HH:MM[:SS[.fraction]]
    let (Some(hh), Some(b':'), Some(mm)) = (two(b, 11, 23), b.get(13), two(b, 14, 59)) else {
        return DateTime::Invalid;
    };
    let mut i = 16;
    let mut ss = None;
    if b.get(i) == Some(&b':') {
        let Some(v) = two(b, i + 1, 59) else {
            return DateTime::Invalid;
        };
        ss = Some(v);
        i += 3;
    }
    let mut fraction = "";
    if ss.is_some() && b.get(i) == Some(&b'.') {
        let digits = b
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return DateTime::Invalid;
        }
        fraction = t.get(i..i + 1 + digits).unwrap_or("");
        i += 1 + digits;
    }
    // Z, +HH:MM, +HHMM, +HH or nothing.
    let zone = b.get(i..).unwrap_or(&[]);
    let (offset, canonical_zone) = match zone {
        [] => (None, false),
        [b'Z' | b'z'] => (Some("Z".to_string()), true),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, om, canonical) = match rest {
                [_, _, b':', _, _] => (two(rest, 0, 23), two(rest, 3, 59), true),
                [_, _, _, _] => (two(rest, 0, 23), two(rest, 2, 59), false),
                [_, _] => (two(rest, 0, 23), Some(0), false),
                _ => (None, None, false),
            };
            let (Some(oh), Some(om)) = (oh, om) else {
                return DateTime::Invalid;
            };
            (
                Some(format!("{}{oh:02}:{om:02}", char::from(*sign))),
                canonical,
            )
        }
        _ => return DateTime::Invalid,
    };
    let valid = t.len() == s.len() && sep != Some(b' ') && ss.is_some() && canonical_zone;
    if valid {
        return DateTime::Valid;
    }
    let no_zone = offset.is_none();
    DateTime::Fixed(
        format!(
            "{date}T{hh:02}:{mm:02}:{:02}{fraction}{}",
            ss.unwrap_or(0),
            offset.unwrap_or_else(|| "+00:00".into())
        ),
        no_zone,
    )
}

/// `s` as an RFC 3339 date-time: itself when it is one, else written in
/// that form as the walker would (no time zone: UTC), or `None`.
pub(crate) fn normalise_date_time(s: &str) -> Option<String> {
    match date_time(s) {
        DateTime::Valid => Some(s.to_string()),
        DateTime::Fixed(f, _) => Some(f),
        DateTime::Invalid => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        for ok in [
            "https://example.org/a/b?c=d#e",
            "urn:uuid:527dda32-a0de-5105-a042-cb475b5f7d11",
            "https://salt-dev.edplancms.com/uri/http://purl.org/ASN/resources/D10003FB",
            "http://www.corestandards.org/assets/CCSSI_Math%20Standards.pdf",
            "http://[::1]:8080/x",
            "did:example:123",
            "mailto:a@b.c",
            "x:",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "",
            "no scheme",
            "1http://x",
            "http://exa mple.org",
            "http://x/é",
            "http://x/%zz",
            "http://x/a#b#c",
            "http://[zz]/",
            "http://x:80a/",
            "/relative/path",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
        assert_eq!(
            encode_uri(" http://x/a b/é#f#g ").as_deref(),
            Some("http://x/a%20b/%C3%A9#f%23g")
        );
        assert_eq!(
            encode_uri("http://x/100%").as_deref(),
            Some("http://x/100%25")
        );
        assert_eq!(encode_uri("no scheme"), None);
    }

    #[test]
    fn date_times() {
        use DateTime::*;
        assert_eq!(date_time("2024-05-01T12:00:00+00:00"), Valid);
        assert_eq!(date_time("2024-05-01t12:00:00.123z"), Valid);
        assert_eq!(
            date_time("2016-09-28T21:43:01"),
            Fixed("2016-09-28T21:43:01+00:00".into(), true)
        );
        assert_eq!(
            date_time("2016-09-28"),
            Fixed("2016-09-28T00:00:00+00:00".into(), true)
        );
        assert_eq!(
            date_time("2016-09-28 21:43:01.5+0200"),
            Fixed("2016-09-28T21:43:01.5+02:00".into(), false)
        );
        assert_eq!(
            date_time("2016-09-28T21:43Z"),
            Fixed("2016-09-28T21:43:00Z".into(), false)
        );
        for bad in [
            "",
            "2016-02-30T00:00:00Z",
            "2016-09-28T24:00:00Z",
            "2016-09-28T21:43:60Z",
            "2016-09-28T21:43:01+25:00",
            "yesterday",
            "2016-09-28T21:43:01Zx",
        ] {
            assert_eq!(date_time(bad), Invalid, "{bad}");
        }
    }

    #[test]
    fn uuid_messages_say_what_is_wrong() {
        let m = uuid_problem("d0000000-0000-0000-0000-000000000000").unwrap_or_default();
        assert!(
            m.contains("lowercase but not an RFC 4122 UUID")
                && m.contains("variant digit")
                && m.contains("`0`"),
            "{m}"
        );
        assert!(m.contains("version digit"), "{m}");
        let m = uuid_problem("D0000000-0000-4000-8000-000000000000").unwrap_or_default();
        assert!(m.contains("uppercase"), "{m}");
        let m = uuid_problem("http://purl.org/ASN/resources/D10003FB").unwrap_or_default();
        assert!(m.contains("is not a UUID"), "{m}");
        assert_eq!(uuid_problem("527dda32-a0de-5105-a042-cb475b5f7d11"), None);
        // The schema checks the variant only: a nil version with an RFC
        // 4122 variant passes it.
        assert_eq!(uuid_problem("00000000-0000-0000-8000-000000000001"), None);
    }
}
