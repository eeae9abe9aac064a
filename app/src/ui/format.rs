//! How dates read in the UI. Times are shown in UTC until users have a time zone setting.

use chrono::{DateTime, Utc};

pub fn date(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y").to_string()
}

pub fn date_time(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
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
    }
}
