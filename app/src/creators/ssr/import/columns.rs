//! Which column of a spreadsheet export holds what, by the names people give them.

use crate::domain::creator::Platform;

/// What one column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Email,
    Country,
    Niches,
    Tier,
    Tag,
    Rate,
    Currency,
    Notes,
    LegalName,
    ShippingAddress,
    PaymentDetails,
    TaxId,
    /// The "main channel" columns: platform named in its own column.
    Platform,
    Channel(Option<Platform>, ChannelPart),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelPart {
    Handle,
    Url,
    Followers,
    Engagement,
    FakeFollowers,
}

/// `"E-mail Address "` → `"e_mail_address"`.
fn normalize(header: &str) -> String {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn channel_part(suffix: &str) -> Option<ChannelPart> {
    Some(match suffix {
        "" | "handle" | "username" | "user_name" | "account" => ChannelPart::Handle,
        "url" | "link" | "profile_url" | "profile" => ChannelPart::Url,
        "followers" | "follower_count" | "followers_count" | "audience" | "subscribers" => {
            ChannelPart::Followers
        }
        "engagement_rate" | "engagement" | "er" | "avg_engagement_rate" => ChannelPart::Engagement,
        "fake_followers" | "fake_followers_rate" | "fake_follower_estimate" => {
            ChannelPart::FakeFollowers
        }
        _ => return None,
    })
}

/// The column a header names, by its usual spellings.
pub fn recognise(header: &str) -> Option<Column> {
    let h = normalize(header);
    let simple = match h.as_str() {
        "name" | "full_name" | "creator" | "creator_name" | "influencer" | "influencer_name" => {
            Some(Column::Name)
        }
        "email" | "e_mail" | "email_address" | "e_mail_address" | "mail" => Some(Column::Email),
        "country" | "country_code" => Some(Column::Country),
        "niches" | "niche" | "categories" | "category" | "topics" => Some(Column::Niches),
        "tier" => Some(Column::Tier),
        "tag" | "performance_tag" | "performance" => Some(Column::Tag),
        "rate" | "fee" | "rate_per_post" | "price" => Some(Column::Rate),
        "currency" | "rate_currency" => Some(Column::Currency),
        "notes" | "note" | "comments" => Some(Column::Notes),
        "legal_name" => Some(Column::LegalName),
        "shipping_address" | "address" => Some(Column::ShippingAddress),
        "payment_details" | "payment" | "bank_details" => Some(Column::PaymentDetails),
        "tax_id" | "tax_number" | "vat_id" | "vat" => Some(Column::TaxId),
        "platform" | "main_platform" => Some(Column::Platform),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    if let Some(part) = channel_part(&h) {
        return Some(Column::Channel(None, part));
    }
    for p in Platform::ALL {
        let former = (*p == Platform::X).then(|| "twitter".to_string());
        for prefix in [p.as_str().to_string(), normalize(p.label())]
            .into_iter()
            .chain(former)
        {
            if let Some(rest) = h.strip_prefix(&prefix) {
                let suffix = rest.strip_prefix('_').unwrap_or(rest);
                if (rest.is_empty() || rest.starts_with('_'))
                    && let Some(part) = channel_part(suffix)
                {
                    return Some(Column::Channel(Some(*p), part));
                }
            }
        }
    }
    None
}
