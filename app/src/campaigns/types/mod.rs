//! What the server and the pages of campaigns exchange: views, inputs and
//! their limits.

use crate::domain::campaign::{CampaignStatus, Objective};
use crate::domain::money::{self, Money};
use crate::domain::{utm, validate};
use crate::error::{AppError, Validation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: i32,
    pub name: String,
    pub objective: Objective,
    pub status: CampaignStatus,
    pub budget: Money,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goals: Goals,
    pub owner: Option<Person>,
    /// Where the creators' tracking links point.
    pub landing_url: Option<String>,
    /// When its results were made final (the report keeps them).
    pub finalized_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Goals {
    pub reach: Option<i64>,
    /// Basis points: 325 is 3.25 %.
    pub engagement_bp: Option<i32>,
    pub conversions: Option<i64>,
    pub revenue_minor: Option<i64>,
    /// How many creators the campaign needs live (plan attrition: contact more).
    pub creators: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i32,
    pub name: String,
}

/// Which campaigns a list shows: the working ones, or the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shelf {
    #[default]
    Current,
    Archived,
}

/// The campaign form as typed: amounts and percentages are text until validated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignInput {
    pub name: String,
    pub objective: String,
    pub currency: String,
    pub budget: String,
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub target_reach: String,
    #[serde(default)]
    pub target_engagement: String,
    #[serde(default)]
    pub target_conversions: String,
    #[serde(default)]
    pub target_revenue: String,
    #[serde(default)]
    pub target_creators: String,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub landing_url: String,
}

/// A validated campaign form.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignFields {
    pub name: String,
    pub objective: Objective,
    pub currency: String,
    pub budget_minor: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goals: Goals,
    pub owner_id: Option<i32>,
    pub landing_url: Option<String>,
}

fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text.trim()).map(Some)
    }
}

fn count(text: &str) -> Result<i64, String> {
    money::clean_number(text)
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| (0..=1_000_000_000_000).contains(n))
        .ok_or_else(|| "Enter a whole number, like 250000.".to_string())
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| "Enter a date.".to_string())
}

impl CampaignInput {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self) -> Result<CampaignFields, AppError> {
        let mut v = Validation::new();
        let name = v.take(
            "name",
            validate::name(&self.name).map(|_| self.name.trim().to_string()),
        );
        let objective = v.take(
            "objective",
            Objective::parse(&self.objective).ok_or_else(|| "Choose an objective.".to_string()),
        );
        let currency = self.currency.trim().to_uppercase();
        let currency = v.take(
            "currency",
            money::exponent(&currency)
                .map(|_| currency.clone())
                .ok_or_else(|| "Choose a currency.".to_string()),
        );
        // Amounts are only checked against a known currency: one clear error, not three.
        let amount = |text: &str| match &currency {
            Some(c) => money::parse_amount(text, c),
            None => Ok(0),
        };
        let budget = v.take("budget", amount(&self.budget));
        let revenue = v.take("target_revenue", optional(&self.target_revenue, amount));
        let starts_on = v.take("starts_on", date(&self.starts_on));
        let ends_on = v.take("ends_on", date(&self.ends_on));
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            v.check(
                e >= s,
                "ends_on",
                "The campaign cannot end before it starts.",
            );
        }
        let reach = v.take("target_reach", optional(&self.target_reach, count));
        let engagement = v.take(
            "target_engagement",
            optional(&self.target_engagement, money::parse_percent),
        );
        let conversions = v.take(
            "target_conversions",
            optional(&self.target_conversions, count),
        );
        let creators = v.take(
            "target_creators",
            optional(&self.target_creators, |t| {
                count(t).and_then(|n| i32::try_from(n).map_err(|_| "That is too many.".to_string()))
            }),
        );
        let owner_id = v.take(
            "owner_id",
            optional(&self.owner_id, |t| {
                t.parse::<i32>().map_err(|_| "Choose an owner.".to_string())
            }),
        );
        let landing_url = v.take(
            "landing_url",
            optional(&self.landing_url, |t| {
                utm::landing_url(t).map(|_| t.to_string())
            }),
        );
        v.finish()?;
        // After `finish`, every field above holds a value.
        let (
            Some(name),
            Some(objective),
            Some(currency),
            Some(budget_minor),
            Some(starts_on),
            Some(ends_on),
        ) = (name, objective, currency, budget, starts_on, ends_on)
        else {
            return Err(AppError::Internal);
        };
        Ok(CampaignFields {
            name,
            objective,
            currency,
            budget_minor,
            starts_on,
            ends_on,
            goals: Goals {
                reach: reach.flatten(),
                engagement_bp: engagement.flatten(),
                conversions: conversions.flatten(),
                revenue_minor: revenue.flatten(),
                creators: creators.flatten(),
            },
            owner_id: owner_id.flatten(),
            landing_url: landing_url.flatten(),
        })
    }
}

/// The form prefilled from a campaign, for editing.
impl From<&Campaign> for CampaignInput {
    fn from(c: &Campaign) -> Self {
        let exp = money::exponent(&c.budget.currency).unwrap_or(2);
        let amount = |minor: i64| money::format_minor(minor, exp);
        let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        CampaignInput {
            name: c.name.clone(),
            objective: c.objective.as_str().into(),
            currency: c.budget.currency.clone(),
            budget: amount(c.budget.minor),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            target_reach: text(c.goals.reach),
            target_engagement: c
                .goals
                .engagement_bp
                .map(money::format_bp)
                .unwrap_or_default(),
            target_conversions: text(c.goals.conversions),
            target_revenue: c.goals.revenue_minor.map(amount).unwrap_or_default(),
            target_creators: text(c.goals.creators.map(i64::from)),
            owner_id: c
                .owner
                .as_ref()
                .map(|o| o.id.to_string())
                .unwrap_or_default(),
            landing_url: c.landing_url.clone().unwrap_or_default(),
        }
    }
}

/// What the audit trail keeps of a campaign: every field as people read it, so the history
/// shows "Budget: 25,000.00 EUR → 30,000.00 EUR" rather than raw columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignSnapshot {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Status")]
    pub status: &'static str,
    #[serde(rename = "Objective")]
    pub objective: &'static str,
    #[serde(rename = "Budget")]
    pub budget: String,
    #[serde(rename = "Starts")]
    pub starts_on: String,
    #[serde(rename = "Ends")]
    pub ends_on: String,
    #[serde(rename = "Target reach")]
    pub target_reach: Option<String>,
    #[serde(rename = "Target engagement rate")]
    pub target_engagement: Option<String>,
    #[serde(rename = "Target conversions")]
    pub target_conversions: Option<String>,
    #[serde(rename = "Target revenue")]
    pub target_revenue: Option<String>,
    #[serde(rename = "Creators needed")]
    pub target_creators: Option<i32>,
    #[serde(rename = "Owner")]
    pub owner: Option<String>,
    #[serde(rename = "Landing page")]
    pub landing_url: Option<String>,
}

impl From<&Campaign> for CampaignSnapshot {
    fn from(c: &Campaign) -> Self {
        let money = |minor: i64| {
            Money {
                minor,
                currency: c.budget.currency.clone(),
            }
            .display()
        };
        let whole = |n: i64| money::format_minor(n, 0);
        CampaignSnapshot {
            name: c.name.clone(),
            status: c.status.label(),
            objective: c.objective.label(),
            budget: c.budget.display(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            target_reach: c.goals.reach.map(whole),
            target_engagement: c.goals.engagement_bp.map(money::format_percent),
            target_conversions: c.goals.conversions.map(whole),
            target_revenue: c.goals.revenue_minor.map(money),
            target_creators: c.goals.creators,
            owner: c.owner.as_ref().map(|o| o.name.clone()),
            landing_url: c.landing_url.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
