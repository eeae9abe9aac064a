//! What the server and the pages of dashboard exchange: views, inputs and
//! their limits.

use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::{Counts, Kpis, Suggestion};
use crate::domain::pipeline::Stage;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The leaderboard's length: the best performers (the report lists every creator).
pub const LEADERBOARD: usize = 25;

/// Also frozen in finalized reports: a field added later needs a default (they all have
/// one), so reports finalized before still read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Dashboard {
    /// Set for one campaign's dashboard; `None` across the active campaigns.
    pub campaign: Option<CampaignHead>,
    /// Each campaign shown, with its goals: one, or every active one.
    pub campaigns: Vec<CampaignGoals>,
    /// Σ latest snapshot of every deliverable shown (revenue only within a currency: see
    /// `money`).
    pub counts: Counts,
    pub engagements: i64,
    pub er_bp: Option<i64>,
    pub potential_reach: i64,
    /// Money figures, one line per currency (campaigns in different currencies are never
    /// added up).
    pub money: Vec<MoneyLine>,
    /// Running totals by day.
    pub trend: Vec<TrendPoint>,
    pub funnel: Vec<FunnelStep>,
    /// Creators who left: Declined, Dropped.
    pub left: Vec<FunnelStep>,
    pub leaderboard: Vec<CreatorResult>,
    /// How many creators the leaderboard was picked from.
    pub creators: usize,
    pub last_reading: Option<DateTime<Utc>>,
    /// The demo's metrics simulator, on or off: `None` outside the demo organization.
    pub simulator: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignHead {
    pub id: i32,
    pub name: String,
    pub status: CampaignStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub finalized_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignGoals {
    pub id: i32,
    pub name: String,
    pub currency: String,
    pub goals: Vec<Goal>,
}

/// A goal and how far the campaign got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub label: String,
    pub actual: String,
    pub target: String,
    /// 10,000 = reached.
    pub progress_bp: i64,
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyLine {
    pub currency: String,
    pub budget_minor: i64,
    pub cost_minor: i64,
    pub paid_minor: i64,
    pub revenue_minor: i64,
    pub conversions: i64,
    pub kpis: Kpis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub day: NaiveDate,
    pub reach: i64,
    pub engagements: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStep {
    pub stage: Stage,
    /// Creators at this stage or further along.
    pub reached: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorResult {
    pub entry_id: i32,
    pub creator_id: i32,
    pub name: String,
    pub campaign: String,
    pub stage: Stage,
    pub currency: String,
    pub cost_minor: i64,
    pub counts: Counts,
    pub kpis: Kpis,
    pub suggestion: Option<Suggestion>,
}
