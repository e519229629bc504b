//! Timestamps as real exports write them, to UTC seconds.
//!
//! Accepted: ISO-8601 with or without a zone (`2024-01-07T13:04:11.000Z`,
//! `2021-09-02 01:39:05+00:00`, `2024-01-07 13:04`), a bare date, Twitter's
//! `Fri Dec 15 04:04:44 +0000 2023`, Unix seconds or milliseconds (also as a
//! float-ised `1702612345.0`), a zone abbreviation after the time as
//! CrowdTangle writes it (`2024-02-13 21:04:11 WIB`), and Excel's slash dates
//! (`12/15/2023 4:04 PM`, day/month order from [`DateOrder`]). A zone-less
//! timestamp takes the configured default offset (UTC unless set). An unknown
//! zone abbreviation is an error, never a guess: `IST` or `CST` in Asia would
//! silently shift a post by hours.

use chrono::NaiveDate;
use std::fmt;

/// Why a timestamp was not accepted; becomes the reject reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// The text matches no known timestamp layout.
    Unrecognised,
    /// A zone abbreviation that suara does not map (kept for the message).
    UnknownZone(String),
    /// The layout was recognised but the date or time does not exist.
    OutOfRange,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Unrecognised => f.write_str("unrecognised timestamp"),
            TimeError::UnknownZone(z) => write!(f, "unknown time zone abbreviation '{z}'"),
            TimeError::OutOfRange => f.write_str("timestamp out of range"),
        }
    }
}

/// Day/month order of ambiguous slash dates (`03/04/2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Month first, as US Excel writes (default).
    #[default]
    Mdy,
    /// Day first, as Indonesian and European Excel write.
    Dmy,
}

/// How zone-less timestamps and slash dates are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSettings {
    /// Offset in seconds applied to timestamps that carry no zone.
    pub default_offset: i32,
    pub date_order: DateOrder,
}

impl Default for TimeSettings {
    fn default() -> Self {
        TimeSettings { default_offset: 0, date_order: DateOrder::Mdy }
    }
}

/// Zone abbreviations suara maps, with their UTC offsets in hours. Ambiguous
/// ones (IST, BST outside the UK context, CST in Asia) are left out on purpose;
/// CST/CDT are read as US Central because CrowdTangle writes US zones.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WIB", 7),
    ("WITA", 8),
    ("WIT", 9),
    ("EST", -5),
    ("EDT", -4),
    ("CST", -6),
    ("CDT", -5),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
    ("AKST", -9),
    ("AKDT", -8),
    ("HST", -10),
    ("SGT", 8),
    ("MYT", 8),
    ("PHT", 8),
    ("JST", 9),
    ("KST", 9),
    ("AEST", 10),
    ("AEDT", 11),
    ("CET", 1),
    ("CEST", 2),
];

/// Offset in seconds of a zone abbreviation, if suara knows it.
pub fn zone_offset(abbrev: &str) -> Option<i32> {
    ZONES.iter().find(|(z, _)| z.eq_ignore_ascii_case(abbrev)).map(|(_, h)| h * 3600)
}

/// Parses one timestamp to Unix seconds (UTC). Sub-seconds are dropped.
pub fn parse_timestamp(raw: &str, settings: &TimeSettings) -> Result<i64, TimeError> {
    let s = raw.trim().trim_matches('"').trim();
    if s.is_empty() {
        return Err(TimeError::Unrecognised);
    }
    let b = s.as_bytes();
    if b[0].is_ascii_digit() {
        if let Some(t) = parse_unix(s) {
            return Ok(t);
        }
        if b.len() >= 10 && b[4] == b'-' {
            return parse_iso(s, settings);
        }
        if s.contains('/') {
            return parse_slash(s, settings);
        }
        return Err(TimeError::Unrecognised);
    }
    if b[0].is_ascii_alphabetic() {
        return parse_twitter(s);
    }
    Err(TimeError::Unrecognised)
}

/// Unix seconds (9–11 digits) or milliseconds (12–14 digits), optionally with
/// a float tail such as `1702612345.0` or `1.702612345E9`.
fn parse_unix(s: &str) -> Option<i64> {
    let value: f64 = if s.bytes().all(|c| c.is_ascii_digit()) {
        if !(9..=14).contains(&s.len()) {
            return None;
        }
        s.parse::<i64>().ok()? as f64
    } else if s.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+'))
        && !s.contains('-')
    {
        s.parse::<f64>().ok()?
    } else {
        return None;
    };
    // 1e9 s is 2001-09-09; 1e12 ms is the same instant. Anything between the
    // two scales is read as seconds.
    if (1.0e8..1.0e11).contains(&value) {
        Some(value as i64)
    } else if (1.0e11..1.0e14).contains(&value) {
        Some((value / 1000.0) as i64)
    } else {
        None
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in part {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

fn to_unix(y: i32, mo: u32, d: u32, h: u32, mi: u32, se: u32) -> Result<i64, TimeError> {
    let date = NaiveDate::from_ymd_opt(y, mo, d).ok_or(TimeError::OutOfRange)?;
    // 23:59:60 (a leap second) is folded into the next minute's first second.
    let se = se.min(59);
    let dt = date.and_hms_opt(h, mi, se).ok_or(TimeError::OutOfRange)?;
    Ok(dt.and_utc().timestamp())
}

/// `HH:MM[:SS[.fff]]` starting at `at`; returns (h, m, s, index after).
fn parse_clock(b: &[u8], at: usize) -> Option<(u32, u32, u32, usize)> {
    let h_len = if b.get(at + 1) == Some(&b':') { 1 } else { 2 };
    let h = digits(b, at, h_len)?;
    let mut i = at + h_len;
    if b.get(i) != Some(&b':') {
        return None;
    }
    let m = digits(b, i + 1, 2)?;
    i += 3;
    let mut s = 0;
    if b.get(i) == Some(&b':') {
        s = digits(b, i + 1, 2)?;
        i += 3;
        if matches!(b.get(i), Some(b'.') | Some(b',')) {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
    }
    Some((h, m, s, i))
}

/// What follows the clock: nothing, `Z`, `±HH:MM`, `±HHMM`, `±HH`, or a zone
/// abbreviation (optionally after a space). Returns the offset in seconds.
fn parse_zone(rest: &str, settings: &TimeSettings) -> Result<i32, TimeError> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(settings.default_offset);
    }
    let b = rest.as_bytes();
    if b[0] == b'+' || b[0] == b'-' {
        return numeric_offset(rest).ok_or(TimeError::Unrecognised);
    }
    if rest.bytes().all(|c| c.is_ascii_alphabetic()) {
        return zone_offset(rest).ok_or_else(|| TimeError::UnknownZone(rest.to_string()));
    }
    // "UTC+7", "GMT+07:00"
    for prefix in ["UTC", "GMT"] {
        if let Some(tail) = rest.strip_prefix(prefix) {
            return numeric_offset(tail).ok_or(TimeError::Unrecognised);
        }
    }
    Err(TimeError::Unrecognised)
}

fn numeric_offset(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body: Vec<u8> = b[1..].iter().copied().filter(|c| *c != b':').collect();
    let (h, m) = match body.len() {
        1 | 2 => (std::str::from_utf8(&body).ok()?.parse::<i32>().ok()?, 0),
        4 => (digits(&body, 0, 2)? as i32, digits(&body, 2, 2)? as i32),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

fn parse_iso(s: &str, settings: &TimeSettings) -> Result<i64, TimeError> {
    let b = s.as_bytes();
    let y = digits(b, 0, 4).ok_or(TimeError::Unrecognised)? as i32;
    let mo = digits(b, 5, 2).ok_or(TimeError::Unrecognised)?;
    if b.get(7) != Some(&b'-') {
        return Err(TimeError::Unrecognised);
    }
    let d = digits(b, 8, 2).ok_or(TimeError::Unrecognised)?;
    if b.len() == 10 {
        return Ok(to_unix(y, mo, d, 0, 0, 0)? - settings.default_offset as i64);
    }
    if !matches!(b[10], b'T' | b' ' | b't') {
        return Err(TimeError::Unrecognised);
    }
    let (h, mi, se, end) = parse_clock(b, 11).ok_or(TimeError::Unrecognised)?;
    let offset = parse_zone(&s[end..], settings)?;
    Ok(to_unix(y, mo, d, h, mi, se)? - offset as i64)
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// `Fri Dec 15 04:04:44 +0000 2023` (Twitter API v1.1, tweet-harvest, rtweet).
fn parse_twitter(s: &str) -> Result<i64, TimeError> {
    let parts: Vec<&str> = s.split_ascii_whitespace().collect();
    if parts.len() != 6 {
        return Err(TimeError::Unrecognised);
    }
    let mo = MONTHS
        .iter()
        .position(|m| parts[1].len() >= 3 && m.eq_ignore_ascii_case(&parts[1][..3]))
        .ok_or(TimeError::Unrecognised)? as u32
        + 1;
    let d: u32 = parts[2].parse().map_err(|_| TimeError::Unrecognised)?;
    let (h, mi, se, end) = parse_clock(parts[3].as_bytes(), 0).ok_or(TimeError::Unrecognised)?;
    if end != parts[3].len() {
        return Err(TimeError::Unrecognised);
    }
    let offset = if parts[4].starts_with(['+', '-']) {
        numeric_offset(parts[4]).ok_or(TimeError::Unrecognised)?
    } else {
        zone_offset(parts[4]).ok_or_else(|| TimeError::UnknownZone(parts[4].to_string()))?
    };
    let y: i32 = parts[5].parse().map_err(|_| TimeError::Unrecognised)?;
    Ok(to_unix(y, mo, d, h, mi, se)? - offset as i64)
}

/// Excel's `M/D/YYYY H:MM[:SS] [AM|PM]` (or D/M/YYYY): the order is taken from
/// the values when one of them exceeds 12, else from the settings.
fn parse_slash(s: &str, settings: &TimeSettings) -> Result<i64, TimeError> {
    let (date, rest) = s.split_once([' ', 'T']).unwrap_or((s, ""));
    let nums: Vec<&str> = date.split('/').collect();
    if nums.len() != 3 {
        return Err(TimeError::Unrecognised);
    }
    let p = |x: &str| x.parse::<u32>().map_err(|_| TimeError::Unrecognised);
    let (a, b2, mut y) = (p(nums[0])?, p(nums[1])?, p(nums[2])? as i32);
    if nums[2].len() == 2 {
        y += 2000;
    }
    let (mo, d) = if a > 12 {
        (b2, a)
    } else if b2 > 12 {
        (a, b2)
    } else {
        match settings.date_order {
            DateOrder::Mdy => (a, b2),
            DateOrder::Dmy => (b2, a),
        }
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(to_unix(y, mo, d, 0, 0, 0)? - settings.default_offset as i64);
    }
    let rb = rest.as_bytes();
    let (mut h, mi, se, end) = parse_clock(rb, 0).ok_or(TimeError::Unrecognised)?;
    let mut tail = rest[end..].trim();
    for (mark, add) in [("AM", 0), ("PM", 12)] {
        if tail.len() >= 2 && tail[..2].eq_ignore_ascii_case(mark) {
            if h == 12 {
                h = 0;
            }
            h += add;
            tail = tail[2..].trim();
        }
    }
    let offset = parse_zone(tail, settings)?;
    Ok(to_unix(y, mo, d, h, mi, se)? - offset as i64)
}

/// Day/month order that a file's slash dates prove (`14/02/2024` proves
/// day-first, `02/14/2024` month-first); `None` when they prove neither or
/// contradict each other.
pub fn infer_date_order<'a>(values: impl Iterator<Item = &'a str>) -> Option<DateOrder> {
    let (mut dmy, mut mdy) = (false, false);
    for v in values {
        let mut parts = v.trim().splitn(3, '/');
        let (Some(a), Some(b), Some(_)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else { continue };
        dmy |= a > 12 && b <= 12;
        mdy |= b > 12 && a <= 12;
    }
    match (dmy, mdy) {
        (true, false) => Some(DateOrder::Dmy),
        (false, true) => Some(DateOrder::Mdy),
        _ => None,
    }
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_utc(t: i64) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<String, TimeError> {
        parse_timestamp(s, &TimeSettings::default()).map(format_utc)
    }

    #[test]
    fn iso_variants() {
        assert_eq!(p("2024-01-07T13:04:11.000Z").unwrap(), "2024-01-07T13:04:11Z");
        assert_eq!(p("2021-09-02 01:39:05+00:00").unwrap(), "2021-09-02T01:39:05Z");
        assert_eq!(p("2024-02-14T07:00:00+07:00").unwrap(), "2024-02-14T00:00:00Z");
        assert_eq!(p("2024-02-14T07:00:00+0700").unwrap(), "2024-02-14T00:00:00Z");
        assert_eq!(p("2024-02-14 07:00").unwrap(), "2024-02-14T07:00:00Z");
        assert_eq!(p("2024-02-14").unwrap(), "2024-02-14T00:00:00Z");
        assert_eq!(p("2024-02-14T23:30:00-05:00").unwrap(), "2024-02-15T04:30:00Z");
    }

    #[test]
    fn twitter_format() {
        assert_eq!(p("Fri Dec 15 04:04:44 +0000 2023").unwrap(), "2023-12-15T04:04:44Z");
        assert_eq!(p("Fri Dec 15 04:04:44 +0700 2023").unwrap(), "2023-12-14T21:04:44Z");
    }

    #[test]
    fn unix_seconds_and_millis() {
        assert_eq!(p("1702613084").unwrap(), "2023-12-15T04:04:44Z");
        assert_eq!(p("1702613084000").unwrap(), "2023-12-15T04:04:44Z");
        assert_eq!(p("1702613084.0").unwrap(), "2023-12-15T04:04:44Z");
        assert!(p("12345").is_err());
    }

    #[test]
    fn zone_abbreviations() {
        assert_eq!(p("2024-02-13 21:04:11 WIB").unwrap(), "2024-02-13T14:04:11Z");
        assert_eq!(p("2024-02-13 21:04:11 WITA").unwrap(), "2024-02-13T13:04:11Z");
        assert_eq!(p("2024-02-13 21:04:11 WIT").unwrap(), "2024-02-13T12:04:11Z");
        assert_eq!(p("2024-02-13 21:04:11 EST").unwrap(), "2024-02-14T02:04:11Z");
        assert_eq!(p("2024-07-13 21:04:11 EDT").unwrap(), "2024-07-14T01:04:11Z");
        assert_eq!(p("2024-02-13 21:04:11 XYZ"), Err(TimeError::UnknownZone("XYZ".into())));
        assert_eq!(p("2024-02-13 21:04:11 IST"), Err(TimeError::UnknownZone("IST".into())));
    }

    #[test]
    fn excel_slash_dates() {
        assert_eq!(p("12/15/2023 4:04 PM").unwrap(), "2023-12-15T16:04:00Z");
        assert_eq!(p("15/12/2023 16:04").unwrap(), "2023-12-15T16:04:00Z");
        assert_eq!(p("3/4/2024").unwrap(), "2024-03-04T00:00:00Z");
        let dmy = TimeSettings { date_order: DateOrder::Dmy, ..Default::default() };
        assert_eq!(parse_timestamp("3/4/2024", &dmy).map(format_utc).unwrap(), "2024-04-03T00:00:00Z");
    }

    #[test]
    fn date_order_is_inferred_from_values() {
        let order = |v: &[&str]| infer_date_order(v.iter().copied());
        assert_eq!(order(&["10/02/2024 16:40", "14/02/2024 09:15"]), Some(DateOrder::Dmy));
        assert_eq!(order(&["02/14/2024", "03/01/2024"]), Some(DateOrder::Mdy));
        assert_eq!(order(&["03/01/2024", "2024-01-01"]), None);
        assert_eq!(order(&["14/02/2024", "02/14/2024"]), None, "contradictory files decide nothing");
    }

    #[test]
    fn default_offset_applies_to_zoneless_only() {
        let wib = TimeSettings { default_offset: 7 * 3600, ..Default::default() };
        let f = |s: &str| parse_timestamp(s, &wib).map(format_utc).unwrap();
        assert_eq!(f("2024-02-14 07:00:00"), "2024-02-14T00:00:00Z");
        assert_eq!(f("2024-02-14T07:00:00Z"), "2024-02-14T07:00:00Z");
    }

    #[test]
    fn garbage_is_rejected() {
        for s in ["not a date", "", "2024-13-45 10:00", "2024-02-30", "Fri Foo 15 04:04:44 +0000 2023", "-"] {
            assert!(p(s).is_err(), "{s} should not parse");
        }
    }
}
