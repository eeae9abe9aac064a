//! When the scheduler reminds people of a deadline. A deliverable is due at the end of its
//! due date, in its organization's time zone; its creator and owner hear 72 hours before
//! and again 24 hours before. Times here are that zone's wall-clock times.

use chrono::{Duration, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueReminder {
    In72Hours,
    In24Hours,
}

impl DueReminder {
    pub fn key(self) -> &'static str {
        match self {
            DueReminder::In72Hours => "due_72h",
            DueReminder::In24Hours => "due_24h",
        }
    }

    pub fn hours(self) -> i64 {
        match self {
            DueReminder::In72Hours => 72,
            DueReminder::In24Hours => 24,
        }
    }
}

/// The end of a due date: the moment a deliverable is late.
pub fn due_at(due_on: NaiveDate) -> NaiveDateTime {
    (due_on + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
}

/// The reminder that is due at `now`, if any: the 72-hour one until 24 hours are left,
/// then the 24-hour one until the deadline. Past it, none (the draft is late, not due).
pub fn due_reminder(due_on: NaiveDate, now: NaiveDateTime) -> Option<DueReminder> {
    let left = due_at(due_on) - now;
    if left <= Duration::zero() {
        None
    } else if left <= Duration::hours(24) {
        Some(DueReminder::In24Hours)
    } else if left <= Duration::hours(72) {
        Some(DueReminder::In72Hours)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventy_two_then_twenty_four_hours_before_the_end_of_the_due_date() {
        let due = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().naive_utc();
        assert_eq!(due_reminder(due, at("2026-06-07T23:59:00Z")), None);
        assert_eq!(
            due_reminder(due, at("2026-06-08T00:00:00Z")),
            Some(DueReminder::In72Hours)
        );
        assert_eq!(
            due_reminder(due, at("2026-06-09T23:59:00Z")),
            Some(DueReminder::In72Hours)
        );
        assert_eq!(
            due_reminder(due, at("2026-06-10T00:00:00Z")),
            Some(DueReminder::In24Hours)
        );
        assert_eq!(
            due_reminder(due, at("2026-06-10T23:59:59Z")),
            Some(DueReminder::In24Hours)
        );
        assert_eq!(due_reminder(due, at("2026-06-11T00:00:00Z")), None);
    }
}
