//! Campaigns: the plan (objective, budget, dates, goals, owner) and its status. The campaign
//! page is the hub later capabilities hang off (pipeline, brief, drafts, dashboard).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::campaign::{CampaignStatus, Objective};
use crate::domain::money::{self, Money};
use crate::domain::validate;
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
    let cleaned: String = text.chars().filter(|c| *c != ',' && *c != ' ').collect();
    cleaned
        .parse::<i64>()
        .ok()
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
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            name: " Spring launch ".into(),
            objective: "awareness".into(),
            currency: "eur".into(),
            budget: "25,000".into(),
            starts_on: "2026-03-01".into(),
            ends_on: "2026-04-30".into(),
            target_engagement: "3.5".into(),
            target_creators: "20".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_becomes_typed_fields() {
        let f = input().validate().unwrap();
        assert_eq!(f.name, "Spring launch");
        assert_eq!((f.currency.as_str(), f.budget_minor), ("EUR", 2_500_000));
        assert_eq!(f.goals.engagement_bp, Some(350));
        assert_eq!(f.goals.creators, Some(20));
        assert_eq!(f.goals.reach, None);
        assert_eq!(f.owner_id, None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = CampaignInput {
            name: "".into(),
            objective: "fame".into(),
            budget: "-3".into(),
            starts_on: "2026-05-01".into(),
            ends_on: "2026-04-01".into(),
            target_reach: "lots".into(),
            target_engagement: "250".into(),
            ..input()
        };
        let err = bad.validate().unwrap_err();
        for field in [
            "name",
            "objective",
            "budget",
            "ends_on",
            "target_reach",
            "target_engagement",
        ] {
            assert!(err.field(field).is_some(), "{field}: {err:?}");
        }
    }

    #[test]
    fn an_unknown_currency_is_one_clear_error() {
        let err = CampaignInput {
            currency: "ZZZ".into(),
            ..input()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.field("currency").as_deref(), Some("Choose a currency."));
        assert!(err.field("budget").is_none());
    }
}
