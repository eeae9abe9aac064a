//! A reading as a person types it, in the form on a deliverable or a row of a CSV sheet:
//! counts with thousands separators, revenue as an amount of the campaign's currency, the
//! time in UTC. Blank counts are 0; a blank time is now.

use crate::domain::metrics::{Counts, MAX_COUNT};
use crate::domain::money::{clean_number, parse_amount};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

/// The typed names of the counts, in [`Counts::FIELDS`] order: revenue is typed as an
/// amount, not in minor units.
pub const TYPED: [&str; 10] = [
    "impressions",
    "reach",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "conversions",
    "revenue",
];

/// A typed field's name for people.
pub fn label(typed: &str) -> &'static str {
    match typed {
        "impressions" => "Impressions",
        "reach" => "Reach",
        "views" => "Views",
        "likes" => "Likes",
        "comments" => "Comments",
        "shares" => "Shares",
        "saves" => "Saves",
        "clicks" => "Clicks",
        "conversions" => "Conversions",
        "revenue" => "Revenue",
        _ => "",
    }
}

/// What a typed field's value is stored as in [`Counts`].
pub fn stored_field(typed: &str) -> Option<&'static str> {
    let i = TYPED.iter().position(|t| *t == typed)?;
    Some(Counts::FIELDS[i])
}

/// A count as people type it: "12500", "12,500", "12 500". Blank is 0.
pub fn parse_count(text: &str) -> Result<i64, String> {
    let invalid = || "Enter a whole number, like 12500.".to_string();
    if text.trim().is_empty() {
        return Ok(0);
    }
    let cleaned = clean_number(text).ok_or_else(invalid)?;
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    match cleaned.parse::<i64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(format!("At most {MAX_COUNT}.")),
    }
}

/// The counts of a typed reading, `value` giving each field's text by its typed name (a
/// missing one is blank), or every field that cannot be read.
pub fn parse_counts<'a>(
    value: impl Fn(&str) -> Option<&'a str>,
    currency: &str,
) -> Result<Counts, Vec<(&'static str, String)>> {
    let mut counts = Counts::default();
    let mut errors = Vec::new();
    for (typed, stored) in TYPED.into_iter().zip(Counts::FIELDS) {
        let text = value(typed).unwrap_or("").trim();
        let parsed = if typed == "revenue" && !text.is_empty() {
            parse_amount(text, currency)
        } else {
            parse_count(text)
        };
        match parsed {
            Ok(n) => {
                counts.set(stored, n);
            }
            Err(message) => errors.push((typed, message)),
        }
    }
    if errors.is_empty() {
        Ok(counts)
    } else {
        Err(errors)
    }
}

/// Readings are of posts made since this year; an earlier time is a typing mistake.
pub const EARLIEST_YEAR: i32 = 2000;

/// When a reading was taken, typed in UTC: "2026-11-20T09:30:00Z" (any offset),
/// "2026-11-20 09:30", "2026-11-20T09:30" (a browser's date-time field) or a date alone,
/// which means its midnight. Blank is `now`. Years before [`EARLIEST_YEAR`] or past 2100
/// are refused (the fuzzer once had year -202626 read as a time).
pub fn parse_captured_at(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(now);
    }
    let at = read_time(t)?;
    if (EARLIEST_YEAR..=2100).contains(&at.year()) {
        Ok(at)
    } else {
        Err(format!(
            "Enter a time between the years {EARLIEST_YEAR} and 2100."
        ))
    }
}

fn read_time(t: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(at.and_utc());
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    Err("Enter a time like 2026-11-20 09:30 (UTC) or a date like 2026-11-20.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn times_before_2000_or_after_2100_are_refused() {
        let now = at("2026-11-20T10:00:00Z");
        for typed in [
            "-0202626-11-20T0:00:1",
            "1999-12-31",
            "2101-01-01 00:00",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(parse_captured_at(typed, now).is_err(), "{typed}");
        }
        assert_eq!(
            parse_captured_at("2000-01-01", now),
            Ok(at("2000-01-01T00:00:00Z"))
        );
    }

    #[test]
    fn counts_read_as_people_type_them() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count(" 12,500 "), Ok(12_500));
        assert_eq!(parse_count("12 500"), Ok(12_500));
        assert_eq!(parse_count("1000000000000"), Ok(MAX_COUNT));
        for bad in [
            "-3",
            "1.5",
            "12,50",
            "abc",
            "1000000000001",
            "99999999999999999999",
        ] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn revenue_is_an_amount_of_the_currency() {
        let fields = [("reach", "1,000"), ("likes", "40"), ("revenue", "1,234.5")];
        let value = |name: &str| fields.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let counts = parse_counts(value, "EUR").unwrap();
        assert_eq!(counts.reach, 1_000);
        assert_eq!(counts.likes, 40);
        assert_eq!(counts.revenue_minor, 123_450);
        assert_eq!(counts.views, 0);
        let yen = parse_counts(|n| (n == "revenue").then_some("1500"), "JPY").unwrap();
        assert_eq!(yen.revenue_minor, 1_500);
    }

    #[test]
    fn every_unreadable_field_is_named() {
        let fields = [("reach", "lots"), ("revenue", "1.234"), ("likes", "-1")];
        let value = |name: &str| fields.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let errors = parse_counts(value, "EUR").unwrap_err();
        let named: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(named, ["reach", "likes", "revenue"]);
    }

    #[test]
    fn times_are_utc_and_blank_is_now() {
        let now = at("2026-11-21T10:00:00Z");
        assert_eq!(parse_captured_at("", now), Ok(now));
        assert_eq!(
            parse_captured_at("2026-11-20T09:30:00+01:00", now),
            Ok(at("2026-11-20T08:30:00Z"))
        );
        assert_eq!(
            parse_captured_at("2026-11-20T09:30", now),
            Ok(at("2026-11-20T09:30:00Z"))
        );
        assert_eq!(
            parse_captured_at("2026-11-20 09:30", now),
            Ok(at("2026-11-20T09:30:00Z"))
        );
        assert_eq!(
            parse_captured_at("2026-11-20", now),
            Ok(at("2026-11-20T00:00:00Z"))
        );
        assert!(parse_captured_at("20/11/2026", now).is_err());
        assert_eq!(stored_field("revenue"), Some("revenue_minor"));
        assert_eq!(stored_field("reach"), Some("reach"));
        assert_eq!(stored_field("revenue_minor"), None);
    }
}
