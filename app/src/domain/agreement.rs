//! An agreement between a brand and a creator: its terms, and the exact text the creator
//! reads and accepts. The text is rendered from the terms by this one function, so what
//! was accepted (and hashed) can always be shown again word for word.

use super::brief::DeliverableSpec;
use super::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementStatus {
    /// Waiting for the creator.
    Sent,
    Accepted,
    Declined,
    /// Replaced by a newer agreement before the creator answered.
    Withdrawn,
}

impl AgreementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Sent => "sent",
            AgreementStatus::Accepted => "accepted",
            AgreementStatus::Declined => "declined",
            AgreementStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            AgreementStatus::Sent,
            AgreementStatus::Accepted,
            AgreementStatus::Declined,
            AgreementStatus::Withdrawn,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AgreementStatus::Sent => "Waiting for the creator",
            AgreementStatus::Accepted => "Accepted",
            AgreementStatus::Declined => "Declined",
            AgreementStatus::Withdrawn => "Withdrawn",
        }
    }
}

/// How the brand may use the creator's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRights {
    /// Where: "Brand Instagram", "Paid social", "Website".
    pub channels: Vec<String>,
    pub regions: Vec<String>,
    pub months: u16,
    /// The brand may run ads from the creator's account.
    pub whitelisting: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementTerms {
    pub deliverables: Vec<DeliverableSpec>,
    pub fee: Money,
    pub usage: UsageRights,
    pub posting_from: NaiveDate,
    pub posting_until: NaiveDate,
    /// Empty when there is none.
    pub exclusivity: String,
    pub late_terms: String,
    pub cancellation_terms: String,
    pub promo_code: String,
    pub tracking_link: String,
}

/// Who the agreement is between and what for.
pub struct Parties<'a> {
    pub brand: &'a str,
    pub creator: &'a str,
    pub campaign: &'a str,
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        items.join(", ")
    }
}

fn or_none(text: &str) -> &str {
    if text.trim().is_empty() {
        "None."
    } else {
        text.trim()
    }
}

/// The agreement's full text. Changing this wording changes the text of agreements sent
/// afterwards only: each agreement stores the text it was sent with.
pub fn render(parties: &Parties, terms: &AgreementTerms) -> String {
    let date = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    let mut out = String::new();
    out.push_str(&format!(
        "COLLABORATION AGREEMENT\n\nBetween {} (the brand) and {} (the creator), for the campaign \"{}\".\n\n",
        parties.brand, parties.creator, parties.campaign
    ));
    out.push_str("1. Deliverables\n");
    for d in &terms.deliverables {
        out.push_str(&format!("- {}\n", d.label()));
    }
    out.push_str(&format!(
        "\n2. Fee\n{}, paid as the brief's payment terms describe, once the deliverables are live.\n",
        terms.fee.display()
    ));
    let u = &terms.usage;
    out.push_str(&format!(
        "\n3. Usage rights\nThe brand may use the content on: {}. Regions: {}. For {} month{} from first posting. Whitelisting (ads run from the creator's account): {}.\n",
        list_or(&u.channels, "the creator's own posts only"),
        list_or(&u.regions, "worldwide"),
        u.months,
        if u.months == 1 { "" } else { "s" },
        if u.whitelisting { "allowed" } else { "not allowed" },
    ));
    out.push_str(&format!(
        "\n4. Posting window\nFrom {} to {}.\n",
        date(terms.posting_from),
        date(terms.posting_until)
    ));
    out.push_str(&format!(
        "\n5. Exclusivity\n{}\n",
        or_none(&terms.exclusivity)
    ));
    out.push_str(&format!(
        "\n6. Late delivery\n{}\n",
        or_none(&terms.late_terms)
    ));
    out.push_str(&format!(
        "\n7. Cancellation\n{}\n",
        or_none(&terms.cancellation_terms)
    ));
    out.push_str("\n8. Tracking\n");
    if !terms.promo_code.trim().is_empty() {
        out.push_str(&format!("Promo code: {}\n", terms.promo_code.trim()));
    }
    out.push_str(&format!(
        "Link to share: {}\n",
        if terms.tracking_link.is_empty() {
            "none"
        } else {
            &terms.tracking_link
        }
    ));
    out.push_str(
        "\nThe creator marks every post as advertising as the brief requires. \
         By typing their legal name, the creator accepts this agreement.\n",
    );
    out
}

/// A legal name as typed to accept: the name the agreement gives the creator, typed out,
/// not a tick in a box. Case and spacing do not matter.
pub fn signature(typed: &str, signer: &str) -> Result<String, String> {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (typed, signer) = (words(typed), words(signer));
    if typed.chars().count() < 2 {
        return Err("Type your full legal name to accept.".into());
    }
    if typed.to_lowercase() != signer.to_lowercase() {
        return Err(format!(
            "The agreement names you {signer}: type that name to accept. If it is not your legal name, ask the brand to send the agreement again."
        ));
    }
    Ok(typed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::creator::Platform;

    fn terms() -> AgreementTerms {
        AgreementTerms {
            deliverables: vec![DeliverableSpec {
                platform: Platform::TikTok,
                format: "Video".into(),
                quantity: 2,
                due_on: NaiveDate::from_ymd_opt(2027, 5, 1).unwrap(),
            }],
            fee: Money {
                minor: 250_000,
                currency: "EUR".into(),
            },
            usage: UsageRights {
                channels: vec!["Brand TikTok".into()],
                regions: vec![],
                months: 6,
                whitelisting: true,
            },
            posting_from: NaiveDate::from_ymd_opt(2027, 5, 2).unwrap(),
            posting_until: NaiveDate::from_ymd_opt(2027, 5, 16).unwrap(),
            exclusivity: "".into(),
            late_terms: "10% off the fee per week late.".into(),
            cancellation_terms: "".into(),
            promo_code: "ANA15".into(),
            tracking_link: "https://brand.example/?utm_source=tiktok".into(),
        }
    }

    fn parties() -> Parties<'static> {
        Parties {
            brand: "Lumen Skincare",
            creator: "Ana Lima",
            campaign: "Glow",
        }
    }

    #[test]
    fn the_text_states_every_term() {
        let text = render(&parties(), &terms());
        for expected in [
            "Between Lumen Skincare (the brand) and Ana Lima (the creator)",
            "- 2 × TikTok Video, due 1 May 2027",
            "2,500.00 EUR",
            "on: Brand TikTok. Regions: worldwide. For 6 months",
            "Whitelisting (ads run from the creator's account): allowed.",
            "From 2 May 2027 to 16 May 2027.",
            "5. Exclusivity\nNone.",
            "10% off the fee per week late.",
            "Promo code: ANA15",
            "Link to share: https://brand.example/?utm_source=tiktok",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn the_same_terms_render_the_same_text() {
        assert_eq!(render(&parties(), &terms()), render(&parties(), &terms()));
        let mut changed = terms();
        changed.fee.minor += 1;
        assert_ne!(render(&parties(), &terms()), render(&parties(), &changed));
    }

    #[test]
    fn accepting_takes_the_legal_name() {
        assert_eq!(signature("  Ana   Lima ", "Ana Lima").unwrap(), "Ana Lima");
        assert_eq!(signature("ana lima", "Ana  Lima").unwrap(), "ana lima");
        assert_eq!(signature("zoë ünal", "ZOË ÜNAL").unwrap(), "zoë ünal");
        assert!(signature("A", "A").is_err());
        assert!(signature("Someone Else", "Ana Lima").is_err());
    }

    #[test]
    fn statuses_round_trip() {
        for s in ["sent", "accepted", "declined", "withdrawn"] {
            assert_eq!(AgreementStatus::parse(s).unwrap().as_str(), s);
        }
        assert_eq!(AgreementStatus::parse("signed"), None);
    }
}
