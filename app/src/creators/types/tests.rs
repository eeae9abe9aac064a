use super::*;
use crate::domain::creator::{PerformanceTag, Platform, Tier};
use crate::domain::money::Money;
use chrono::Utc;

fn input() -> CreatorInput {
    CreatorInput {
        name: " Ana Souza ".into(),
        email: "Ana@Example.com".into(),
        country: "br".into(),
        niches: "Beauty, Skincare".into(),
        tier: "paid".into(),
        rate: "1,200".into(),
        currency: "eur".into(),
        channel: ChannelInput {
            platform: "Instagram".into(),
            handle: "@Ana.Makes".into(),
            followers: "48.2k".into(),
            engagement: "3.4".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn a_good_form_becomes_typed_fields() {
    let f = input().validate().unwrap();
    assert_eq!(f.name, "Ana Souza");
    assert_eq!(f.email.as_deref(), Some("ana@example.com"));
    assert_eq!(f.country.as_deref(), Some("BR"));
    assert_eq!(f.niches, vec!["beauty", "skincare"]);
    assert_eq!(f.tier, Some(Tier::Paid));
    assert_eq!(
        f.rate,
        Some(Money {
            minor: 120_000,
            currency: "EUR".into()
        })
    );
    let ch = &f.channels[0];
    assert_eq!(
        (
            ch.platform,
            ch.handle.as_str(),
            ch.followers,
            ch.engagement_bp
        ),
        (Platform::Instagram, "ana.makes", 48_200, Some(340))
    );
}

#[test]
fn only_a_name_is_required() {
    let f = CreatorInput {
        name: "Ben".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert!(f.channels.is_empty() && f.email.is_none() && f.rate.is_none());
}

#[test]
fn every_problem_is_reported_at_once() {
    let err = CreatorInput {
        name: "".into(),
        email: "nope".into(),
        country: "Brazil".into(),
        tier: "gold".into(),
        rate: "12".into(),
        currency: "".into(),
        notes: "x".repeat(NOTES_MAX + 1),
        channel: ChannelInput {
            platform: "myspace".into(),
            url: "javascript:alert(1)".into(),
            ..Default::default()
        },
        ..input()
    }
    .validate()
    .unwrap_err();
    for field in [
        "name",
        "email",
        "country",
        "tier",
        "rate",
        "notes",
        "channel.platform",
        "channel.handle",
        "channel.url",
        "channel.followers",
    ] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
}

#[test]
fn the_edit_form_round_trips() {
    let f = input().validate().unwrap();
    let creator = Creator {
        id: 1,
        name: f.name.clone(),
        email: f.email.clone(),
        country: f.country.clone(),
        tier: f.tier,
        tag: Some(PerformanceTag::Rebook),
        niches: f.niches.clone(),
        rate: f.rate.clone(),
        notes: "Great with video".into(),
        channels: vec![],
        followers: 0,
        engagement_bp: None,
        onboarding: Some(Onboarding {
            legal_name: Some("Ana Paula Souza".into()),
            ..Default::default()
        }),
        preferred_platforms: vec![],
        collaborations: vec![],
        version: 1,
        updated_at: Utc::now(),
    };
    let again = CreatorInput::from(&creator).validate().unwrap();
    assert_eq!(again.rate, creator.rate);
    assert_eq!(again.niches, creator.niches);
    assert_eq!(again.tag, creator.tag);
    assert_eq!(
        again.onboarding.legal_name.as_deref(),
        Some("Ana Paula Souza")
    );
}
