//! What the server and the pages of portal exchange: views, inputs and
//! their limits.

use crate::domain::creator::Platform;
use crate::domain::validate;
use crate::error::{AppError, Validation};
use serde::{Deserialize, Serialize};

pub const ADDRESS_MAX: usize = 500;

/// The onboarding form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OnboardingInput {
    pub legal_name: String,
    pub shipping_address: String,
    pub payment_details: String,
    pub tax_id: String,
    /// Platform keys.
    pub preferred_platforms: Vec<String>,
}

/// Checked onboarding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardingFields {
    pub legal_name: String,
    pub shipping_address: String,
    pub payment_details: String,
    pub tax_id: String,
    pub preferred_platforms: Vec<Platform>,
}

impl OnboardingInput {
    pub fn validate(&self) -> Result<OnboardingFields, AppError> {
        let mut v = Validation::new();
        v.add("legal_name", validate::name(&self.legal_name));
        let block = |text: &str, what: &str| {
            let n = text.trim().chars().count();
            if n == 0 {
                Err(format!("Enter your {what}."))
            } else if n > ADDRESS_MAX {
                Err(format!("Keep your {what} under {ADDRESS_MAX} characters."))
            } else {
                Ok(())
            }
        };
        v.add(
            "shipping_address",
            block(&self.shipping_address, "shipping address"),
        );
        v.add(
            "payment_details",
            block(&self.payment_details, "payment details (IBAN or PayPal)"),
        );
        v.check(
            self.tax_id.trim().chars().count() <= 40 && !self.tax_id.chars().any(char::is_control),
            "tax_id",
            "Keep the tax id under 40 characters, on one line.",
        );
        let mut platforms = Vec::new();
        for key in &self.preferred_platforms {
            match Platform::parse(key) {
                Some(p) if !platforms.contains(&p) => platforms.push(p),
                Some(_) => {}
                None => {
                    v.check(
                        false,
                        "preferred_platforms",
                        "Choose platforms from the list.",
                    );
                }
            }
        }
        v.check(
            !platforms.is_empty(),
            "preferred_platforms",
            "Choose at least one platform you post on.",
        );
        v.finish()?;
        Ok(OnboardingFields {
            legal_name: self
                .legal_name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            shipping_address: self.shipping_address.trim().to_string(),
            payment_details: self.payment_details.trim().to_string(),
            tax_id: self.tax_id.trim().to_string(),
            preferred_platforms: platforms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onboarding_needs_name_address_payment_and_a_platform() {
        let err = OnboardingInput::default().validate().unwrap_err();
        for field in [
            "legal_name",
            "shipping_address",
            "payment_details",
            "preferred_platforms",
        ] {
            assert!(err.field(field).is_some(), "{field}");
        }
        let ok = OnboardingInput {
            legal_name: "  Ana   Lima ".into(),
            shipping_address: "Rua A 1\nLisboa".into(),
            payment_details: "PT50 0002 0123".into(),
            tax_id: "".into(),
            preferred_platforms: vec!["tiktok".into(), "instagram".into(), "tiktok".into()],
        }
        .validate()
        .unwrap();
        assert_eq!(ok.legal_name, "Ana Lima");
        assert_eq!(
            ok.preferred_platforms,
            vec![Platform::TikTok, Platform::Instagram]
        );
    }
}
