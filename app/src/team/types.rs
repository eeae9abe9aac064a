//! What the server and the pages of team exchange: views, inputs and
//! their limits.

use crate::domain::invitation::InvitationStatus;
use crate::domain::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
    /// False while an admin has deactivated the account.
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
}

/// A freshly created invitation. Without a mail server its link is shown once to the admin
/// who sent it, to pass on; with one, the link goes to the invitee alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentInvitation {
    pub invitation: Invitation,
    pub link: Option<String>,
}

/// What the holder of an invitation link sees before setting a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub organization_name: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The invitee is signed in, and must prove the address is theirs before this
    /// organization sees their account.
    pub confirm_first: bool,
}

/// An email waiting in (or sent from) the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i32,
    pub to_email: String,
    pub subject: String,
    pub body_text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Refused for good: waits for an admin to send it again.
    pub failed_at: Option<DateTime<Utc>>,
    pub next_attempt_at: Option<DateTime<Utc>>,
}
