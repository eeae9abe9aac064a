//! In-app notifications: the bell with its unread count, live through the person's own
//! event stream, and the email each notification sends unless its reader chose not to.

pub mod api;
pub mod bell;
#[cfg(feature = "ssr")]
pub mod reminders;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::notice::NoticeKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i32,
    pub kind: NoticeKind,
    pub title: String,
    /// The page it is about.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// What the bell shows: how many are unread, and the latest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: u64,
    pub recent: Vec<Notification>,
}

/// One line of a person's email settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailSetting {
    pub kind: NoticeKind,
    pub label: String,
    pub by_email: bool,
}

/// Notifications the bell lists.
pub const SHOWN: u64 = 20;

/// The events of a person's own stream: one arrived, or some were read (in another tab).
pub const ARRIVED: &str = "notification.new";
pub const READ: &str = "notification.read";
