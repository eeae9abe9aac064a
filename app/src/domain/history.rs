//! The audit trail as people read it: who did what, when, and which fields changed.
//! (Written by `db::audit`, shown by `ui::history`.)

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// None for the system (seeding, background jobs).
    pub actor: Option<String>,
    pub action: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// `campaign.transition` → "Status changed", and so on.
pub fn describe(action: &str) -> String {
    match action.rsplit('.').next().unwrap_or(action) {
        "create" => "Created".into(),
        "update" => "Edited".into(),
        "transition" => "Status changed".into(),
        "delete" => "Deleted".into(),
        other => other.replace('_', " "),
    }
}
