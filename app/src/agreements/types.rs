//! What the server and the pages of agreements exchange: views, inputs and
//! their limits.

use crate::briefs::{DeliverableInput, check_deliverables, date};
use crate::domain::agreement::{AgreementStatus, AgreementTerms, UsageRights};
use crate::domain::brief;
use crate::domain::money::{self, Money};
use crate::error::{AppError, Validation};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An agreement as both sides see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: i32,
    pub status: AgreementStatus,
    pub terms: AgreementTerms,
    /// The exact text, and its SHA-256: accepting binds to this text.
    pub body: String,
    pub body_sha256: String,
    pub sent_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub accepted_name: Option<String>,
    pub decline_reason: Option<String>,
}

/// The agreement form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementInput {
    pub deliverables: Vec<DeliverableInput>,
    pub fee: String,
    /// One per line.
    pub usage_channels: String,
    pub usage_regions: String,
    pub usage_months: String,
    pub whitelisting: bool,
    pub posting_from: String,
    pub posting_until: String,
    pub exclusivity: String,
    pub late_terms: String,
    pub cancellation_terms: String,
    pub promo_code: String,
}

pub const MAX_USAGE_MONTHS: u16 = 120;

impl AgreementInput {
    /// Checks the form; the tracking link is the server's to add.
    pub fn validate(&self, currency: &str) -> Result<AgreementTerms, AppError> {
        let mut v = Validation::new();
        let deliverables = check_deliverables(&mut v, "deliverables", &self.deliverables);
        v.check(
            !self.deliverables.is_empty(),
            "deliverables",
            "Add at least one deliverable.",
        );
        let fee = v.take(
            "fee",
            money::parse_amount(&self.fee, currency).and_then(|m| {
                if m > 0 {
                    Ok(m)
                } else {
                    Err("Enter the fee, more than zero.".to_string())
                }
            }),
        );
        let channels = brief::list(&self.usage_channels);
        v.add("usage_channels", brief::check_list(&channels, "channels"));
        let regions = brief::list(&self.usage_regions);
        v.add("usage_regions", brief::check_list(&regions, "regions"));
        let months = v.take(
            "usage_months",
            self.usage_months
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|m| (1..=MAX_USAGE_MONTHS).contains(m))
                .ok_or_else(|| {
                    format!("Enter how many months the brand may use the content, 1 to {MAX_USAGE_MONTHS}.")
                }),
        );
        let from = v.take("posting_from", date(&self.posting_from));
        let until = v.take("posting_until", date(&self.posting_until));
        if let (Some(f), Some(u)) = (from, until) {
            v.check(
                u >= f,
                "posting_until",
                "The posting window cannot end before it starts.",
            );
        }
        for (field, text) in [
            ("exclusivity", &self.exclusivity),
            ("late_terms", &self.late_terms),
            ("cancellation_terms", &self.cancellation_terms),
        ] {
            v.add(field, brief::text(text));
        }
        let promo = self.promo_code.trim().to_string();
        v.check(
            promo.chars().count() <= 40
                && promo
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "promo_code",
            "Use letters, digits, - and _ only, up to 40, like ANA15.",
        );
        v.finish()?;
        let (Some(fee), Some(months), Some(posting_from), Some(posting_until)) =
            (fee, months, from, until)
        else {
            return Err(AppError::Internal);
        };
        Ok(AgreementTerms {
            deliverables,
            fee: Money {
                minor: fee,
                currency: currency.to_string(),
            },
            usage: UsageRights {
                channels,
                regions,
                months,
                whitelisting: self.whitelisting,
            },
            posting_from,
            posting_until,
            exclusivity: self.exclusivity.trim().to_string(),
            late_terms: self.late_terms.trim().to_string(),
            cancellation_terms: self.cancellation_terms.trim().to_string(),
            promo_code: promo.to_uppercase(),
            tracking_link: String::new(),
        })
    }

    /// The form prefilled from earlier terms, to send a changed agreement.
    pub fn from_terms(t: &AgreementTerms) -> Self {
        let exp = money::exponent(&t.fee.currency).unwrap_or(2);
        AgreementInput {
            deliverables: t
                .deliverables
                .iter()
                .map(DeliverableInput::from_spec)
                .collect(),
            fee: money::format_minor(t.fee.minor, exp),
            usage_channels: t.usage.channels.join("\n"),
            usage_regions: t.usage.regions.join("\n"),
            usage_months: t.usage.months.to_string(),
            whitelisting: t.usage.whitelisting,
            posting_from: t.posting_from.to_string(),
            posting_until: t.posting_until.to_string(),
            exclusivity: t.exclusivity.clone(),
            late_terms: t.late_terms.clone(),
            cancellation_terms: t.cancellation_terms.clone(),
            promo_code: t.promo_code.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AgreementInput {
        AgreementInput {
            deliverables: vec![DeliverableInput {
                platform: "tiktok".into(),
                format: "Video".into(),
                quantity: "2".into(),
                due_on: "2027-05-01".into(),
            }],
            fee: "2,500".into(),
            usage_channels: "Brand TikTok\nPaid social".into(),
            usage_months: "6".into(),
            posting_from: "2027-05-02".into(),
            posting_until: "2027-05-16".into(),
            promo_code: "ana15".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_terms_round_trip_through_the_form() {
        let terms = input().validate("EUR").unwrap();
        assert_eq!(terms.fee.minor, 250_000);
        assert_eq!(terms.promo_code, "ANA15");
        assert_eq!(terms.usage.channels.len(), 2);
        assert_eq!(
            AgreementInput::from_terms(&terms).validate("EUR").unwrap(),
            terms
        );
    }

    #[test]
    fn reports_every_bad_field() {
        let err = AgreementInput {
            deliverables: vec![],
            fee: "0".into(),
            usage_months: "0".into(),
            posting_from: "2027-05-16".into(),
            posting_until: "2027-05-02".into(),
            promo_code: "NO SPACES".into(),
            ..input()
        }
        .validate("EUR")
        .unwrap_err();
        for field in [
            "deliverables",
            "fee",
            "usage_months",
            "posting_until",
            "promo_code",
        ] {
            assert!(err.field(field).is_some(), "{field}: {err:?}");
        }
    }
}
