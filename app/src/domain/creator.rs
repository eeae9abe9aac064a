//! The creator database's vocabulary: platforms, tiers, performance tags, and the rules
//! for niches and countries. Pure, shared by forms, search and CSV import.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key stored in the database and used in URLs and CSV files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Accepts the key or the label, in any case ("TikTok", "tiktok").
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s) || v.label().eq_ignore_ascii_case(s))
            }
        }
    };
}

vocabulary! {
    /// Where a creator publishes.
    Platform {
        Instagram => "instagram", "Instagram";
        TikTok => "tiktok", "TikTok";
        YouTube => "youtube", "YouTube";
        Twitch => "twitch", "Twitch";
        X => "x", "X";
        LinkedIn => "linkedin", "LinkedIn";
        Pinterest => "pinterest", "Pinterest";
        Facebook => "facebook", "Facebook";
        Snapchat => "snapchat", "Snapchat";
        Blog => "blog", "Blog";
    }
}

vocabulary! {
    /// How a brand works with a creator.
    Tier {
        ProductOnly => "product_only", "Product only";
        Paid => "paid", "Paid";
        Ambassador => "ambassador", "Ambassador";
    }
}

vocabulary! {
    /// The verdict after a collaboration: book again, try once more, or pause.
    PerformanceTag {
        Rebook => "rebook", "Rebook";
        Test => "test", "Test";
        Pause => "pause", "Pause";
    }
}

/// Niches typed as free text ("Beauty, skincare;  Fitness") become a clean, de-duplicated,
/// lower-case list, so filters match however they were typed.
pub fn parse_niches(text: &str) -> Result<Vec<String>, String> {
    let mut niches: Vec<String> = Vec::new();
    for raw in text.split([',', ';', '|']) {
        let niche = raw
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if niche.is_empty() {
            continue;
        }
        if niche.chars().count() > 40 || niche.chars().any(char::is_control) {
            return Err(format!(
                "\"{niche}\" is not a niche: keep each under 40 characters."
            ));
        }
        if !niches.contains(&niche) {
            niches.push(niche);
        }
    }
    if niches.len() > 12 {
        return Err("Twelve niches at most.".into());
    }
    Ok(niches)
}

/// A country as an ISO 3166 alpha-2 code ("de", " FR " → "DE", "FR").
pub fn parse_country(text: &str) -> Result<String, String> {
    let code = text.trim().to_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err("Enter the two-letter country code, like DE or US.".into())
    }
}

/// A social handle without its leading `@`, as platforms display it.
pub fn parse_handle(text: &str) -> Result<String, String> {
    let handle = text.trim().trim_start_matches('@').to_string();
    if handle.is_empty() {
        Err("Enter the handle.".into())
    } else if handle.chars().count() > 100
        || handle.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Err("A handle has no spaces and is under 100 characters.".into())
    } else {
        Ok(handle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vocabularies_accept_keys_and_labels_in_any_case() {
        assert_eq!(Platform::parse("TikTok"), Some(Platform::TikTok));
        assert_eq!(Platform::parse(" youtube "), Some(Platform::YouTube));
        assert_eq!(Tier::parse("Product only"), Some(Tier::ProductOnly));
        assert_eq!(Tier::parse("product_only"), Some(Tier::ProductOnly));
        assert_eq!(PerformanceTag::parse("PAUSE"), Some(PerformanceTag::Pause));
        assert_eq!(Platform::parse("myspace"), None);
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(*p));
        }
    }

    #[test]
    fn niches_are_normalised() {
        assert_eq!(
            parse_niches("Beauty, skincare;  Fitness |beauty,, "),
            Ok(vec![
                "beauty".to_string(),
                "skincare".into(),
                "fitness".into()
            ])
        );
        assert_eq!(parse_niches(""), Ok(vec![]));
        assert!(parse_niches(&"x".repeat(41)).is_err());
        assert!(
            parse_niches(
                &(0..13)
                    .map(|i| format!("n{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .is_err()
        );
    }

    #[test]
    fn countries_and_handles() {
        assert_eq!(parse_country(" de "), Ok("DE".into()));
        assert!(parse_country("Germany").is_err());
        assert!(parse_country("D1").is_err());
        assert_eq!(parse_handle("@ana.makes"), Ok("ana.makes".into()));
        assert!(parse_handle("@").is_err());
        assert!(parse_handle("two words").is_err());
    }

    proptest! {
        #[test]
        fn niche_parsing_never_panics_and_is_idempotent(s in ".*") {
            if let Ok(niches) = parse_niches(&s) {
                prop_assert_eq!(parse_niches(&niches.join(", ")), Ok(niches));
            }
        }
    }
}
