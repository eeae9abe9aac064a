//! What the server and the pages of report exchange: views, inputs and
//! their limits.

use crate::dashboard::Dashboard;
use crate::domain::campaign::CampaignStatus;
use crate::domain::creator::Platform;
use crate::domain::metrics::Counts;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub campaign_id: i32,
    pub name: String,
    pub status: CampaignStatus,
    /// The campaign's version, for its next transition.
    pub version: i32,
    pub finalized_at: Option<DateTime<Utc>>,
    pub figures: Figures,
    /// The caller may finalize (a completed campaign, not yet final) or archive it.
    pub can_finalize: bool,
    pub can_archive: bool,
}

/// What a report shows: frozen at finalization (as JSON: fields added later need a
/// default), computed live before.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Figures {
    /// The campaign's dashboard, every creator in its leaderboard.
    pub dashboard: Dashboard,
    pub deliverables: Vec<DeliverableResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliverableResult {
    pub deliverable_id: i32,
    pub entry_id: i32,
    pub creator: String,
    pub title: String,
    pub platform: Platform,
    pub live_url: Option<String>,
    /// The latest reading's time; `None` before any.
    pub captured_at: Option<DateTime<Utc>>,
    pub counts: Counts,
}

/// The two CSV exports of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Export {
    Creators,
    Deliverables,
}

impl Export {
    pub fn as_str(self) -> &'static str {
        match self {
            Export::Creators => "creators",
            Export::Deliverables => "deliverables",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Export::Creators, Export::Deliverables]
            .into_iter()
            .find(|e| e.as_str() == s)
    }

    pub fn path(self, campaign_id: i32) -> String {
        format!("/campaigns/{campaign_id}/report.csv?by={}", self.as_str())
    }
}
