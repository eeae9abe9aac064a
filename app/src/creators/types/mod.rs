//! What the server and the pages of creators exchange: views, inputs and
//! their limits.

pub mod import;
mod input;

pub use input::*;

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

/// Labels of the audit snapshot's onboarding fields: hidden from those who may not see them.
pub const ONBOARDING_FIELD: &str = "Onboarding";

/// What the audit trail keeps of a creator, as people read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreatorSnapshot {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Email")]
    pub email: Option<String>,
    #[serde(rename = "Country")]
    pub country: Option<String>,
    #[serde(rename = "Niches")]
    pub niches: String,
    #[serde(rename = "Tier")]
    pub tier: Option<&'static str>,
    #[serde(rename = "Performance tag")]
    pub tag: Option<&'static str>,
    #[serde(rename = "Rate")]
    pub rate: Option<String>,
    #[serde(rename = "Notes")]
    pub notes: String,
    #[serde(rename = "Channels")]
    pub channels: String,
    #[serde(rename = "Onboarding")]
    pub onboarding: OnboardingSnapshot,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnboardingSnapshot {
    #[serde(rename = "Legal name")]
    pub legal_name: Option<String>,
    #[serde(rename = "Shipping address")]
    pub shipping_address: Option<String>,
    #[serde(rename = "Payment details")]
    pub payment_details: Option<String>,
    #[serde(rename = "Tax id")]
    pub tax_id: Option<String>,
}

impl CreatorSnapshot {
    pub fn new(c: &Creator, onboarding: &Onboarding) -> Self {
        Self::of(
            CreatorFields {
                name: c.name.clone(),
                email: c.email.clone(),
                country: c.country.clone(),
                niches: c.niches.clone(),
                tier: c.tier,
                tag: c.tag,
                rate: c.rate.clone(),
                notes: c.notes.clone(),
                onboarding: onboarding.clone(),
                channels: Vec::new(),
            },
            c.channels.iter().map(Channel::summary).collect(),
        )
    }

    /// A creator about to be written (an import), without reading it back.
    pub fn from_fields(f: &CreatorFields) -> Self {
        let channels = f
            .channels
            .iter()
            .map(|c| channel_summary(c.platform, &c.handle, c.followers))
            .collect();
        Self::of(f.clone(), channels)
    }

    fn of(f: CreatorFields, mut channels: Vec<String>) -> Self {
        channels.sort();
        CreatorSnapshot {
            name: f.name,
            email: f.email,
            country: f.country,
            niches: f.niches.join(", "),
            tier: f.tier.map(Tier::label),
            tag: f.tag.map(PerformanceTag::label),
            rate: f.rate.as_ref().map(Money::display),
            notes: f.notes,
            channels: channels.join("; "),
            onboarding: OnboardingSnapshot {
                legal_name: f.onboarding.legal_name,
                shipping_address: f.onboarding.shipping_address,
                payment_details: f.onboarding.payment_details,
                tax_id: f.onboarding.tax_id,
            },
        }
    }
}

#[cfg(test)]
mod tests;
