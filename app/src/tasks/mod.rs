//! Tasks the pipeline hands to people (reach out, follow up, final notice) and the in-app
//! notifications that remind them. Marketing sees theirs under "My tasks".

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::task::TaskKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: i32,
    pub kind: TaskKind,
    pub title: String,
    pub campaign_id: i32,
    pub campaign_name: String,
    pub creator_id: i32,
    pub due_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i32,
    pub title: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The signed-in person's open tasks (soonest due first) and recent notifications, with
/// the server's time so due and overdue are judged by one clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub now: DateTime<Utc>,
    pub tasks: Vec<Task>,
    pub notifications: Vec<Notification>,
}

/// Notifications shown on "My tasks".
pub const NOTIFICATIONS_SHOWN: u64 = 20;
