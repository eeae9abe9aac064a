//! An invitation's life: pending until accepted, revoked or expired — and only pending ones
//! can be used.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long an invitation link stays valid.
pub const VALID_FOR_DAYS: i64 = 7;

pub fn expires_at(created: DateTime<Utc>) -> DateTime<Utc> {
    created + Duration::days(VALID_FOR_DAYS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

impl InvitationStatus {
    pub fn of(
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        accepted_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
    ) -> Self {
        if accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if now >= expires_at {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "Pending",
            InvitationStatus::Accepted => "Accepted",
            InvitationStatus::Revoked => "Revoked",
            InvitationStatus::Expired => "Expired",
        }
    }

    /// Why a link cannot be used, in words for the person holding it.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            InvitationStatus::Pending => None,
            InvitationStatus::Accepted => {
                Some("This invitation has already been used. Sign in with your password instead.")
            }
            InvitationStatus::Revoked => {
                Some("This invitation was withdrawn. Ask your Roster admin for a new one.")
            }
            InvitationStatus::Expired => {
                Some("This invitation has expired. Ask your Roster admin to send a new one.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_invitation_is_pending_for_seven_days() {
        let created = t("2026-03-01T12:00:00Z");
        let exp = expires_at(created);
        assert_eq!(exp, t("2026-03-08T12:00:00Z"));
        let status = |now| InvitationStatus::of(now, exp, None, None);
        assert_eq!(status(t("2026-03-08T11:59:59Z")), InvitationStatus::Pending);
        assert_eq!(status(exp), InvitationStatus::Expired);
    }

    #[test]
    fn acceptance_and_revocation_win_over_expiry() {
        let now = t("2026-03-10T00:00:00Z");
        let exp = t("2026-03-08T00:00:00Z");
        let at = Some(t("2026-03-02T00:00:00Z"));
        assert_eq!(
            InvitationStatus::of(now, exp, at, None),
            InvitationStatus::Accepted
        );
        assert_eq!(
            InvitationStatus::of(now, exp, None, at),
            InvitationStatus::Revoked
        );
        assert!(InvitationStatus::Accepted.refusal().is_some());
        assert!(InvitationStatus::Pending.refusal().is_none());
    }
}
