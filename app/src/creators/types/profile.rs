//! A creator as the list, the profile and the audit trail show them.

use crate::domain::creator::{PerformanceTag, Platform, Tier, compact_count};
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One line of the creator list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorRow {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    pub country: Option<String>,
    pub tier: Option<Tier>,
    pub tag: Option<PerformanceTag>,
    pub niches: Vec<String>,
    pub channels: Vec<Channel>,
    pub followers: i64,
    pub engagement_bp: Option<i32>,
    pub rate: Option<Money>,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorResults {
    pub rows: Vec<CreatorRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    pub id: i32,
    pub platform: Platform,
    pub handle: String,
    pub url: Option<String>,
    pub followers: i64,
    pub engagement_bp: Option<i32>,
    pub fake_followers_bp: Option<i32>,
}

/// "Instagram @ana.makes · 12.5k".
pub fn channel_summary(platform: Platform, handle: &str, followers: i64) -> String {
    format!(
        "{} @{handle} · {}",
        platform.label(),
        compact_count(followers)
    )
}

impl Channel {
    pub fn summary(&self) -> String {
        channel_summary(self.platform, &self.handle, self.followers)
    }
}

/// What only marketing and admins see: needed to contract, ship to and pay a creator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Onboarding {
    pub legal_name: Option<String>,
    pub shipping_address: Option<String>,
    pub payment_details: Option<String>,
    pub tax_id: Option<String>,
}

/// A creator's profile page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Creator {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    pub country: Option<String>,
    pub tier: Option<Tier>,
    pub tag: Option<PerformanceTag>,
    pub niches: Vec<String>,
    pub rate: Option<Money>,
    pub notes: String,
    pub channels: Vec<Channel>,
    pub followers: i64,
    pub engagement_bp: Option<i32>,
    /// `None` when the viewer may not see onboarding data.
    pub onboarding: Option<Onboarding>,
    /// Platforms the creator prefers, from their portal onboarding.
    pub preferred_platforms: Vec<Platform>,
    pub collaborations: Vec<Collaboration>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// The creator on one campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collaboration {
    pub campaign_id: i32,
    pub campaign_name: String,
    pub campaign_status: crate::domain::campaign::CampaignStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub stage: Stage,
    pub fee: Option<Money>,
}
