//! How dates read in the UI. Times are shown in UTC until users have a time zone setting.

use chrono::{DateTime, Utc};

pub fn date(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y").to_string()
}

pub fn date_time(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
}

pub fn date_range(from: &chrono::NaiveDate, to: &chrono::NaiveDate) -> String {
    format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
}

/// A whole number with thousands separators: 1250000 → "1,250,000".
pub fn count(n: i64) -> String {
    crate::domain::money::format_minor(n, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_short_and_unambiguous() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T09:07:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(date(&at), "5 Mar 2026");
        assert_eq!(date_time(&at), "5 Mar 2026, 09:07 UTC");
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            date_range(&d("2026-03-01"), &d("2026-04-30")),
            "1 Mar 2026 – 30 Apr 2026"
        );
        assert_eq!(count(1_250_000), "1,250,000");
    }
}
