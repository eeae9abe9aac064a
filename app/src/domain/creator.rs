//! The creator database's vocabulary: platforms, tiers, performance tags, and the rules
//! for niches and countries. Pure, shared by forms, search and CSV import.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $key)] $variant),+ }

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

/// An audience size as people type it: "12500", "12,500", "12.5k", "1.2M".
pub fn parse_followers(text: &str) -> Result<i64, String> {
    let invalid = || "Enter a number of followers, like 12500 or 12.5k.".to_string();
    let t = text.trim().to_lowercase();
    let (number, scale) = match t.strip_suffix('k') {
        Some(n) => (n, 1_000),
        None => match t.strip_suffix('m') {
            Some(n) => (n, 1_000_000),
            None => (t.as_str(), 1),
        },
    };
    let cleaned = crate::domain::money::clean_number(number).ok_or_else(invalid)?;
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) || whole.len() > 12 {
        return Err(invalid());
    }
    // Decimals only make sense with a k/M suffix, and at most to the single follower.
    let places = frac.len() as u32;
    if places > 0 && (scale == 1 || 10i64.pow(places) > scale) {
        return Err(invalid());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| invalid())?
    };
    let n = whole * scale + frac_value * (scale / 10i64.pow(places));
    if n > 10_000_000_000 {
        Err("That is more followers than anyone has.".into())
    } else {
        Ok(n)
    }
}

/// An audience size as people read it: 950, 12.5k, 1.2M.
pub fn compact_count(n: i64) -> String {
    let scaled = |n: i64, unit: i64, suffix: &str| {
        let tenths = (n * 10 + unit / 2) / unit;
        if tenths >= 1000 {
            // Three digits are precise enough: 151.8k reads as 152k.
            format!("{}{suffix}", (n + unit / 2) / unit)
        } else if tenths % 10 == 0 {
            format!("{}{suffix}", tenths / 10)
        } else {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    };
    match n {
        n if n < 1_000 => n.to_string(),
        n if n < 999_950 => scaled(n, 1_000, "k"),
        n => scaled(n, 1_000_000, "M"),
    }
}

/// A profile link: only http(s), so a stored link can never run script when clicked.
pub fn parse_url(text: &str) -> Result<String, String> {
    let url = text.trim();
    let lower = url.to_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() <= 500
        && url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(url.to_string())
    } else {
        Err("Enter the full link, starting with https://.".into())
    }
}

/// The audience-weighted engagement rate of several channels, in basis points: what share
/// of all their followers engage. Channels without a measured rate are left out.
pub fn weighted_engagement(channels: &[(i64, Option<i32>)]) -> Option<i32> {
    let (mut weighted, mut audience) = (0i128, 0i128);
    for (followers, bp) in channels {
        if let Some(bp) = bp {
            weighted += i128::from(*followers) * i128::from(*bp);
            audience += i128::from(*followers);
        }
    }
    (audience > 0).then(|| ((weighted + audience / 2) / audience) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vocabularies_travel_as_their_keys() {
        assert_eq!(
            serde_json::to_string(&Platform::TikTok).unwrap(),
            "\"tiktok\""
        );
        assert_eq!(
            serde_json::from_str::<Tier>("\"product_only\"").unwrap(),
            Tier::ProductOnly
        );
    }

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

    #[test]
    fn engagement_is_weighted_by_audience() {
        assert_eq!(weighted_engagement(&[]), None);
        assert_eq!(weighted_engagement(&[(1000, None)]), None);
        assert_eq!(weighted_engagement(&[(1000, Some(300))]), Some(300));
        // 90k at 2 % and 10k at 10 %: 2,800 of 100k engage.
        assert_eq!(
            weighted_engagement(&[(90_000, Some(200)), (10_000, Some(1000)), (5, None)]),
            Some(280)
        );
        assert_eq!(weighted_engagement(&[(0, Some(500))]), None);
    }

    #[test]
    fn followers_are_read_as_people_write_them() {
        assert_eq!(parse_followers("12500"), Ok(12_500));
        assert_eq!(parse_followers(" 12,500 "), Ok(12_500));
        assert_eq!(parse_followers("12.5k"), Ok(12_500));
        assert_eq!(parse_followers("1.25M"), Ok(1_250_000));
        assert_eq!(parse_followers("3k"), Ok(3_000));
        assert!(parse_followers("12.5").is_err());
        assert!(parse_followers("1.2345k").is_err());
        assert!(parse_followers("-5").is_err());
        assert!(parse_followers("lots").is_err());
        assert!(parse_followers("99999999999").is_err());
    }

    #[test]
    fn counts_read_compactly() {
        assert_eq!(compact_count(950), "950");
        assert_eq!(compact_count(12_500), "12.5k");
        assert_eq!(compact_count(12_000), "12k");
        assert_eq!(compact_count(151_800), "152k");
        assert_eq!(compact_count(999_999), "1M");
        assert_eq!(compact_count(1_240_000), "1.2M");
    }

    #[test]
    fn only_web_links_are_kept() {
        assert!(parse_url("https://instagram.com/ana").is_ok());
        assert!(parse_url("javascript:alert(1)").is_err());
        assert!(parse_url("https://").is_err());
        assert!(parse_url("instagram.com/ana").is_err());
    }

    proptest! {
        #[test]
        fn parsed_followers_are_counts_that_read_back(s in prop_oneof![".{0,20}", "[-+0-9., kKmM]{0,10}"]) {
            if let Ok(n) = parse_followers(&s) {
                prop_assert!(n >= 0, "{:?} read as {}", s, n);
                prop_assert_eq!(parse_followers(&n.to_string()), Ok(n));
            }
        }

        #[test]
        fn typed_counts_read_back(n in 0i64..10_000_000_000) {
            prop_assert_eq!(parse_followers(&n.to_string()), Ok(n));
        }

        #[test]
        fn niche_parsing_never_panics_and_is_idempotent(s in ".*") {
            if let Ok(niches) = parse_niches(&s) {
                prop_assert_eq!(parse_niches(&niches.join(", ")), Ok(niches));
            }
        }
    }
}
