//! What the server and the pages of tasks exchange: views, inputs and
//! their limits.

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
