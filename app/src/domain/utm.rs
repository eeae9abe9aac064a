//! The tracking link of a collaboration: the campaign's landing page with UTM parameters
//! that name the platform, the campaign and the creator, so analytics credit each visit.

/// A URL-safe lower-case slug: "Glow Serum — Spring '27" → "glow-serum-spring-27".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if out.len() >= 60 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Checks a landing page address as marketing types it.
pub fn landing_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| "Enter the full address, starting with https://".to_string())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') || url.chars().any(|c| c.is_whitespace()) {
        return Err("Enter a web address like https://brand.example/spring.".into());
    }
    if url.len() > 500 {
        return Err("Keep the address under 500 characters.".into());
    }
    Ok(())
}

/// The landing URL with `utm_source` (the platform), `utm_medium=influencer`,
/// `utm_campaign` and `utm_content` (the creator). UTM parameters already in the URL are
/// replaced; other parameters and the fragment stay.
pub fn tracking_link(landing: &str, platform: &str, campaign: &str, creator: &str) -> String {
    let landing = landing.trim();
    let (base, fragment) = match landing.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (landing, None),
    };
    let (path, query) = match base.split_once('?') {
        Some((p, q)) => (p, q),
        None => (base, ""),
    };
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.to_ascii_lowercase().starts_with("utm_"))
        .map(str::to_string)
        .collect();
    for (key, value) in [
        ("utm_source", slug(platform)),
        ("utm_medium", "influencer".to_string()),
        ("utm_campaign", slug(campaign)),
        ("utm_content", slug(creator)),
    ] {
        params.push(format!("{key}={value}"));
    }
    let mut link = format!("{path}?{}", params.join("&"));
    if let Some(f) = fragment {
        link.push('#');
        link.push_str(f);
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Glow Serum — Spring '27"), "glow-serum-spring-27");
        assert_eq!(slug("  @ana.makes  "), "ana-makes");
        assert_eq!(slug("Zoë"), "zo");
        assert_eq!(slug("---"), "");
    }

    #[test]
    fn builds_the_link_from_the_landing_page() {
        assert_eq!(
            tracking_link(
                "https://brand.example/spring",
                "instagram",
                "Glow Serum Launch",
                "Ana Lima"
            ),
            "https://brand.example/spring?utm_source=instagram&utm_medium=influencer&utm_campaign=glow-serum-launch&utm_content=ana-lima"
        );
    }

    #[test]
    fn keeps_other_parameters_and_the_fragment_and_replaces_old_utm_ones() {
        assert_eq!(
            tracking_link(
                "https://brand.example/p?ref=1&UTM_source=old#buy",
                "tiktok",
                "C",
                "D"
            ),
            "https://brand.example/p?ref=1&utm_source=tiktok&utm_medium=influencer&utm_campaign=c&utm_content=d#buy"
        );
    }

    #[test]
    fn landing_pages_must_be_web_addresses() {
        assert!(landing_url("https://brand.example/spring").is_ok());
        assert!(landing_url("http://shop.brand.example").is_ok());
        for bad in [
            "brand.example",
            "javascript:alert(1)",
            "https://",
            "https://localhost",
            "https://a.b/with space",
        ] {
            assert!(landing_url(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn slugs_are_always_url_safe(text in ".{0,80}") {
            let s = slug(&text);
            prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
        }
    }
}
