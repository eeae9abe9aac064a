//! What people are told about, in the app and by email, and which of it each person wants
//! by email. Every kind goes by email unless its reader switched it off.

use super::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A creator to reach out to was handed to the reader.
    NewTask,
    /// A follow-up (day 3) or final notice (day 7) fell due.
    FollowUp,
    /// Someone @mentioned the reader in a comment.
    Mention,
    /// A creator answered the reader's comment.
    Reply,
    /// A creator sent a draft (or a new version).
    DraftSubmitted,
    /// A reviewer approved a draft or asked for changes.
    ReviewDecision,
    /// A deliverable is due within 72 or 24 hours.
    DueSoon,
    /// A draft waited past the brief's turnaround target.
    ReviewOverdue,
    /// A payment falls due, or is overdue.
    PaymentDue,
    /// A payment was made.
    PaymentPaid,
    /// Anything else (and notifications from before kinds existed).
    General,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 11] = [
        NoticeKind::NewTask,
        NoticeKind::FollowUp,
        NoticeKind::Mention,
        NoticeKind::Reply,
        NoticeKind::DraftSubmitted,
        NoticeKind::ReviewDecision,
        NoticeKind::DueSoon,
        NoticeKind::ReviewOverdue,
        NoticeKind::PaymentDue,
        NoticeKind::PaymentPaid,
        NoticeKind::General,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::NewTask => "new_task",
            NoticeKind::FollowUp => "follow_up",
            NoticeKind::Mention => "mention",
            NoticeKind::Reply => "reply",
            NoticeKind::DraftSubmitted => "draft_submitted",
            NoticeKind::ReviewDecision => "review_decision",
            NoticeKind::DueSoon => "due_soon",
            NoticeKind::ReviewOverdue => "review_overdue",
            NoticeKind::PaymentDue => "payment_due",
            NoticeKind::PaymentPaid => "payment_paid",
            NoticeKind::General => "general",
        }
    }

    /// Unknown text reads as `General`, so an old row never fails a page.
    pub fn parse(s: &str) -> NoticeKind {
        NoticeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .unwrap_or(NoticeKind::General)
    }

    /// How the email settings name it.
    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::NewTask => "A creator is handed to me to reach out to",
            NoticeKind::FollowUp => "A follow-up falls due (day 3 and day 7)",
            NoticeKind::Mention => "Someone mentions me in a comment",
            NoticeKind::Reply => "A creator replies to my comment",
            NoticeKind::DraftSubmitted => "A creator sends a draft",
            NoticeKind::ReviewDecision => "A reviewer approves my draft or asks for changes",
            NoticeKind::DueSoon => "A deliverable is due in 72 hours and in 24 hours",
            NoticeKind::ReviewOverdue => "A draft waits past the turnaround target",
            NoticeKind::PaymentDue => "A payment falls due or is overdue",
            NoticeKind::PaymentPaid => "A payment to me is made",
            NoticeKind::General => "Other notices",
        }
    }

    /// The kinds a person in `role` can receive, so their settings list only those.
    pub fn for_role(role: Role) -> Vec<NoticeKind> {
        use NoticeKind::*;
        // What reaches creators; the first two reach nobody else.
        let creators = [ReviewDecision, PaymentPaid, DueSoon, General];
        NoticeKind::ALL
            .into_iter()
            .filter(|k| match role {
                Role::Creator => creators.contains(k),
                _ => !creators[..2].contains(k),
            })
            .collect()
    }
}

/// The kinds a user switched off by email, as stored (comma separated, in `ALL` order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailMuted(Vec<NoticeKind>);

impl EmailMuted {
    pub fn parse(stored: &str) -> Self {
        let muted: Vec<NoticeKind> = stored
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(NoticeKind::parse)
            .collect();
        Self::of(muted)
    }

    pub fn of(kinds: impl IntoIterator<Item = NoticeKind>) -> Self {
        let kinds: Vec<NoticeKind> = kinds.into_iter().collect();
        EmailMuted(
            NoticeKind::ALL
                .into_iter()
                .filter(|k| kinds.contains(k))
                .collect(),
        )
    }

    pub fn wants_email(&self, kind: NoticeKind) -> bool {
        !self.0.contains(&kind)
    }

    pub fn stored(&self) -> String {
        self.0
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_unknown_text_is_general() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.as_str()), kind);
        }
        assert_eq!(NoticeKind::parse("no such kind"), NoticeKind::General);
    }

    #[test]
    fn muted_kinds_are_stored_in_order_without_repeats() {
        let muted = EmailMuted::of([NoticeKind::PaymentDue, NoticeKind::Mention]);
        assert_eq!(muted.stored(), "mention,payment_due");
        assert_eq!(EmailMuted::parse(&muted.stored()), muted);
        assert_eq!(
            EmailMuted::parse("mention, mention,,"),
            EmailMuted::of([NoticeKind::Mention])
        );
        assert!(!muted.wants_email(NoticeKind::Mention));
        assert!(muted.wants_email(NoticeKind::Reply));
        assert!(EmailMuted::parse("").wants_email(NoticeKind::General));
    }

    #[test]
    fn creators_are_offered_only_what_can_reach_them() {
        let creator = NoticeKind::for_role(Role::Creator);
        assert!(creator.contains(&NoticeKind::PaymentPaid));
        assert!(creator.contains(&NoticeKind::ReviewDecision));
        assert!(!creator.contains(&NoticeKind::NewTask));
        let marketing = NoticeKind::for_role(Role::Marketing);
        assert!(marketing.contains(&NoticeKind::DraftSubmitted));
        assert!(marketing.contains(&NoticeKind::Reply));
        assert!(!marketing.contains(&NoticeKind::PaymentPaid));
    }
}
