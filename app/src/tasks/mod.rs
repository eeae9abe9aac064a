//! Tasks the pipeline hands to people (reach out, follow up, final notice). Marketing sees
//! theirs under "My tasks"; reminders of them come as notifications.

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

/// The signed-in person's open tasks (soonest due first), with the server's time so due
/// and overdue are judged by one clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub now: DateTime<Utc>,
    pub tasks: Vec<Task>,
}
