//! What the audit trail keeps of a creator: their fields as people read them, onboarding
//! data apart so it can be hidden from those who may not see it.

use super::input::CreatorFields;
use super::profile::{Channel, Creator, Onboarding, channel_summary};
use crate::domain::creator::{PerformanceTag, Tier};
use crate::domain::money::Money;
use serde::Serialize;

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
