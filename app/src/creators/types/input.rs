//! The creator form: what is typed, and what it becomes once checked (every field at
//! once, so the form shows all its problems together).

use super::profile::{Creator, Onboarding};
use crate::domain::creator::{
    PerformanceTag, Platform, Tier, parse_country, parse_followers, parse_handle, parse_niches,
    parse_url,
};
use crate::domain::money::{self, Money};
use crate::domain::validate;
use crate::error::{AppError, Validation};
use serde::{Deserialize, Serialize};

/// The creator form as typed. Names in the form are `input[field]`; the optional first
/// channel is `input[channel][field]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatorInput {
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub niches: String,
    #[serde(default)]
    pub tier: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub rate: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub legal_name: String,
    #[serde(default)]
    pub shipping_address: String,
    #[serde(default)]
    pub payment_details: String,
    #[serde(default)]
    pub tax_id: String,
    #[serde(default)]
    pub channel: ChannelInput,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelInput {
    #[serde(default)]
    pub platform: String,
    #[serde(default)]
    pub handle: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub followers: String,
    #[serde(default)]
    pub engagement: String,
    #[serde(default)]
    pub fake_followers: String,
}

/// A validated creator form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorFields {
    pub name: String,
    pub email: Option<String>,
    pub country: Option<String>,
    pub niches: Vec<String>,
    pub tier: Option<Tier>,
    pub tag: Option<PerformanceTag>,
    pub rate: Option<Money>,
    pub notes: String,
    pub onboarding: Onboarding,
    pub channels: Vec<ChannelFields>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelFields {
    pub platform: Platform,
    /// Lower-case, without `@`: handles are case-insensitive on the platforms.
    pub handle: String,
    pub url: Option<String>,
    pub followers: i64,
    pub engagement_bp: Option<i32>,
    pub fake_followers_bp: Option<i32>,
}

pub const NOTES_MAX: usize = 5_000;
const ONBOARDING_MAX: usize = 500;

fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    let t = text.trim();
    if t.is_empty() {
        Ok(None)
    } else {
        parse(t).map(Some)
    }
}

fn bounded(text: &str, max: usize) -> Result<Option<String>, String> {
    optional(text, |t| {
        if t.chars().count() > max {
            Err(format!("Keep this under {max} characters."))
        } else {
            Ok(t.to_string())
        }
    })
}

impl ChannelInput {
    pub fn is_blank(&self) -> bool {
        [
            &self.platform,
            &self.handle,
            &self.url,
            &self.followers,
            &self.engagement,
            &self.fake_followers,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    /// Checks the channel; field errors are named `{prefix}{field}`.
    pub fn check(&self, v: &mut Validation, prefix: &str) -> Option<ChannelFields> {
        let name = |f: &str| format!("{prefix}{f}");
        let platform = v.take(
            name("platform"),
            Platform::parse(&self.platform).ok_or_else(|| "Choose a platform.".to_string()),
        );
        let handle = v.take(name("handle"), parse_handle(&self.handle));
        let url = v.take(name("url"), optional(&self.url, parse_url));
        let followers = v.take(
            name("followers"),
            optional(&self.followers, parse_followers)
                .and_then(|f| f.ok_or_else(|| "Enter the number of followers.".to_string())),
        );
        let engagement = v.take(
            name("engagement"),
            optional(&self.engagement, money::parse_percent),
        );
        let fake = v.take(
            name("fake_followers"),
            optional(&self.fake_followers, money::parse_percent),
        );
        Some(ChannelFields {
            platform: platform?,
            handle: handle?.to_lowercase(),
            url: url?,
            followers: followers?,
            engagement_bp: engagement?,
            fake_followers_bp: fake?,
        })
    }

    pub fn validate(&self) -> Result<ChannelFields, AppError> {
        let mut v = Validation::new();
        let fields = self.check(&mut v, "");
        v.finish()?;
        fields.ok_or(AppError::Internal)
    }
}

impl CreatorInput {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self) -> Result<CreatorFields, AppError> {
        let mut v = Validation::new();
        let fields = self.check(&mut v);
        v.finish()?;
        fields.ok_or(AppError::Internal)
    }

    /// The checks behind [`validate`](Self::validate), also used row by row by CSV import.
    pub fn check(&self, v: &mut Validation) -> Option<CreatorFields> {
        let name = v.take(
            "name",
            validate::name(&self.name).map(|_| self.name.trim().to_string()),
        );
        let email = v.take(
            "email",
            optional(&self.email, |e| {
                validate::email(e).map(|_| validate::normalize_email(e))
            }),
        );
        let country = v.take("country", optional(&self.country, parse_country));
        let niches = v.take("niches", parse_niches(&self.niches));
        let tier = v.take(
            "tier",
            optional(&self.tier, |t| {
                Tier::parse(t).ok_or_else(|| "Choose product only, paid or ambassador.".into())
            }),
        );
        let tag = v.take(
            "tag",
            optional(&self.tag, |t| {
                PerformanceTag::parse(t).ok_or_else(|| "Choose rebook, test or pause.".into())
            }),
        );
        let currency = self.currency.trim().to_uppercase();
        let rate = v.take(
            "rate",
            optional(&self.rate, |r| {
                if currency.is_empty() {
                    return Err("Choose the rate's currency.".into());
                }
                money::parse_amount(r, &currency).map(|minor| Money {
                    minor,
                    currency: currency.clone(),
                })
            }),
        );
        let notes = v.take("notes", bounded(&self.notes, NOTES_MAX));
        let legal_name = v.take("legal_name", bounded(&self.legal_name, 200));
        let shipping_address = v.take(
            "shipping_address",
            bounded(&self.shipping_address, ONBOARDING_MAX),
        );
        let payment_details = v.take(
            "payment_details",
            bounded(&self.payment_details, ONBOARDING_MAX),
        );
        let tax_id = v.take("tax_id", bounded(&self.tax_id, 50));
        let channel = if self.channel.is_blank() {
            Some(None)
        } else {
            self.channel.check(v, "channel.").map(Some)
        };
        Some(CreatorFields {
            name: name?,
            email: email?,
            country: country?,
            niches: niches?,
            tier: tier?,
            tag: tag?,
            rate: rate?,
            notes: notes?.unwrap_or_default(),
            onboarding: Onboarding {
                legal_name: legal_name?,
                shipping_address: shipping_address?,
                payment_details: payment_details?,
                tax_id: tax_id?,
            },
            channels: channel?.into_iter().collect(),
        })
    }
}

/// The edit form prefilled from a profile (channels are edited on the profile itself).
impl From<&Creator> for CreatorInput {
    fn from(c: &Creator) -> Self {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let onboarding = c.onboarding.clone().unwrap_or_default();
        CreatorInput {
            name: c.name.clone(),
            email: text(&c.email),
            country: text(&c.country),
            niches: c.niches.join(", "),
            tier: c.tier.map(|t| t.as_str().to_string()).unwrap_or_default(),
            tag: c.tag.map(|t| t.as_str().to_string()).unwrap_or_default(),
            rate: c
                .rate
                .as_ref()
                .map(|r| money::format_minor(r.minor, money::exponent(&r.currency).unwrap_or(2)))
                .unwrap_or_default(),
            currency: c
                .rate
                .as_ref()
                .map(|r| r.currency.clone())
                .unwrap_or_default(),
            notes: c.notes.clone(),
            legal_name: text(&onboarding.legal_name),
            shipping_address: text(&onboarding.shipping_address),
            payment_details: text(&onboarding.payment_details),
            tax_id: text(&onboarding.tax_id),
            channel: ChannelInput::default(),
        }
    }
}
