//! Tasks the pipeline creates: reaching out to a contacted creator, then following up on day 3
//! and sending a final notice on day 7 if they have not replied.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Outreach,
    FollowUp,
    FinalNotice,
}

impl TaskKind {
    pub const ALL: [TaskKind; 3] = [
        TaskKind::Outreach,
        TaskKind::FollowUp,
        TaskKind::FinalNotice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Outreach => "outreach",
            TaskKind::FollowUp => "follow_up",
            TaskKind::FinalNotice => "final_notice",
        }
    }

    pub fn parse(s: &str) -> Option<TaskKind> {
        TaskKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskKind::Outreach => "Reach out",
            TaskKind::FollowUp => "Follow up",
            TaskKind::FinalNotice => "Final notice",
        }
    }

    /// Days after the creator was contacted that the task falls due.
    pub fn due_after_days(self) -> i64 {
        match self {
            TaskKind::Outreach => 0,
            TaskKind::FollowUp => 3,
            TaskKind::FinalNotice => 7,
        }
    }

    /// Whether the reminder job notifies the assignee when it falls due. Outreach is
    /// announced when it is created, so it needs no reminder.
    pub fn reminds(self) -> bool {
        self != TaskKind::Outreach
    }

    /// What to do, for whom: "Follow up with Ana Lima".
    pub fn title(self, creator: &str) -> String {
        match self {
            TaskKind::Outreach => format!("Reach out to {creator}"),
            TaskKind::FollowUp => format!("Follow up with {creator} (no reply after 3 days)"),
            TaskKind::FinalNotice => {
                format!("Final notice to {creator} (no reply after 7 days)")
            }
        }
    }

    /// The tasks a move to Contacted creates, each with its due time.
    pub fn on_contact(contacted_at: DateTime<Utc>) -> Vec<(TaskKind, DateTime<Utc>)> {
        TaskKind::ALL
            .into_iter()
            .map(|k| (k, contacted_at + Duration::days(k.due_after_days())))
            .collect()
    }
}

/// Where a task stands against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Upcoming,
    /// Due within the last day.
    Due,
    /// Due more than a day ago.
    Overdue,
}

impl Urgency {
    pub fn of(due_at: DateTime<Utc>, now: DateTime<Utc>) -> Urgency {
        if now < due_at {
            Urgency::Upcoming
        } else if now < due_at + Duration::days(1) {
            Urgency::Due
        } else {
            Urgency::Overdue
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Urgency::Upcoming => "Upcoming",
            Urgency::Due => "Due",
            Urgency::Overdue => "Overdue",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Urgency::Upcoming => "upcoming",
            Urgency::Due => "due",
            Urgency::Overdue => "overdue",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn contact_starts_the_follow_up_clock() {
        let t = at("2026-03-02T10:00:00Z");
        assert_eq!(
            TaskKind::on_contact(t),
            vec![
                (TaskKind::Outreach, t),
                (TaskKind::FollowUp, at("2026-03-05T10:00:00Z")),
                (TaskKind::FinalNotice, at("2026-03-09T10:00:00Z")),
            ]
        );
        for k in TaskKind::ALL {
            assert_eq!(TaskKind::parse(k.as_str()), Some(k));
        }
        assert!(!TaskKind::Outreach.reminds() && TaskKind::FollowUp.reminds());
    }

    #[test]
    fn urgency_turns_at_the_due_time_and_a_day_later() {
        let due = at("2026-03-05T10:00:00Z");
        assert_eq!(
            Urgency::of(due, at("2026-03-05T09:59:59Z")),
            Urgency::Upcoming
        );
        assert_eq!(Urgency::of(due, due), Urgency::Due);
        assert_eq!(Urgency::of(due, at("2026-03-06T09:59:59Z")), Urgency::Due);
        assert_eq!(
            Urgency::of(due, at("2026-03-06T10:00:00Z")),
            Urgency::Overdue
        );
    }
}
