//! What the server and the pages of pipeline exchange: views, inputs and
//! their limits.

use crate::campaigns::Person;
use crate::domain::creator::Platform;
use crate::domain::money::{self, Money};
use crate::domain::pipeline::Stage;
use crate::domain::task::{TaskKind, Urgency};
use crate::error::{AppError, Validation};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most creators shortlisted in one go.
pub const SHORTLIST_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i32,
    pub campaign_id: i32,
    pub creator_id: i32,
    pub creator_name: String,
    /// Across all the creator's channels: their potential reach.
    pub followers: i64,
    /// The creator's biggest channel.
    pub channel: Option<MainChannel>,
    pub stage: Stage,
    pub position: i32,
    pub fee: Option<Money>,
    pub shipping: Money,
    pub product_cost: Money,
    pub owner: Option<Person>,
    pub stage_changed_at: DateTime<Utc>,
    /// Whole days since `stage_changed_at`, by the server's clock.
    pub days_in_stage: i64,
    /// The open task that falls due first.
    pub next_task: Option<NextTask>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MainChannel {
    pub platform: Platform,
    pub handle: String,
    pub followers: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextTask {
    pub kind: TaskKind,
    pub due_at: DateTime<Utc>,
    /// By the server's clock when the board was read.
    pub urgency: Urgency,
}

/// Costs and owner given to every creator shortlisted together, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShortlistInput {
    /// Empty: each creator's own rate, when it is in the campaign's currency.
    #[serde(default)]
    pub fee: String,
    #[serde(default)]
    pub shipping: String,
    #[serde(default)]
    pub product_cost: String,
    #[serde(default)]
    pub owner_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShortlistFields {
    pub fee_minor: Option<i64>,
    pub shipping_minor: i64,
    pub product_cost_minor: i64,
    pub owner_id: Option<i32>,
}

impl ShortlistInput {
    /// Amounts are read in the campaign's currency.
    pub fn validate(&self, currency: &str) -> Result<ShortlistFields, AppError> {
        let mut v = Validation::new();
        let amount = |text: &str| -> Result<Option<i64>, String> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                money::parse_amount(text, currency).map(Some)
            }
        };
        let fee = v.take("fee", amount(&self.fee));
        let shipping = v.take("shipping", amount(&self.shipping));
        let product = v.take("product_cost", amount(&self.product_cost));
        let owner = v.take(
            "owner_id",
            match self.owner_id.trim() {
                "" => Ok(None),
                id => id
                    .parse::<i32>()
                    .map(Some)
                    .map_err(|_| "Choose an owner.".to_string()),
            },
        );
        v.finish()?;
        Ok(ShortlistFields {
            fee_minor: fee.flatten(),
            shipping_minor: shipping.flatten().unwrap_or(0),
            product_cost_minor: product.flatten().unwrap_or(0),
            owner_id: owner.flatten(),
        })
    }
}

/// What the audit trail keeps of an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntrySnapshot {
    #[serde(rename = "Campaign")]
    pub campaign: String,
    #[serde(rename = "Creator")]
    pub creator: String,
    #[serde(rename = "Stage")]
    pub stage: &'static str,
    #[serde(rename = "Fee")]
    pub fee: Option<String>,
    #[serde(rename = "Shipping")]
    pub shipping: String,
    #[serde(rename = "Product cost")]
    pub product_cost: String,
    #[serde(rename = "Owner")]
    pub owner: Option<String>,
}

impl EntrySnapshot {
    pub fn new(campaign: &str, e: &Entry) -> Self {
        EntrySnapshot {
            campaign: campaign.to_string(),
            creator: e.creator_name.clone(),
            stage: e.stage.label(),
            fee: e.fee.as_ref().map(Money::display),
            shipping: e.shipping.display(),
            product_cost: e.product_cost.display(),
            owner: e.owner.as_ref().map(|o| o.name.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_are_read_in_the_campaign_currency() {
        let f = ShortlistInput {
            fee: "1,500".into(),
            shipping: "12.50".into(),
            ..Default::default()
        }
        .validate("EUR")
        .unwrap();
        assert_eq!(
            (
                f.fee_minor,
                f.shipping_minor,
                f.product_cost_minor,
                f.owner_id
            ),
            (Some(150_000), 1_250, 0, None)
        );
        let err = ShortlistInput {
            fee: "12.5".into(),
            owner_id: "me".into(),
            ..Default::default()
        }
        .validate("JPY")
        .unwrap_err();
        assert!(err.field("fee").is_some() && err.field("owner_id").is_some());
    }
}
