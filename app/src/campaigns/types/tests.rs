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
fn the_edit_form_round_trips_every_field() {
    for (currency, budget) in [("EUR", 2_500_050), ("JPY", 1_250_000)] {
        let campaign = Campaign {
            id: 1,
            name: "Spring".into(),
            objective: Objective::Conversion,
            status: CampaignStatus::Active,
            budget: Money {
                minor: budget,
                currency: currency.into(),
            },
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
            goals: Goals {
                reach: Some(1_500_000),
                engagement_bp: Some(305),
                conversions: Some(1_200),
                revenue_minor: Some(9_999_999),
                creators: Some(20),
            },
            owner: Some(Person {
                id: 7,
                name: "Maya".into(),
            }),
            landing_url: Some("https://brand.example/spring".into()),
            finalized_at: None,
            version: 3,
            updated_at: Utc::now(),
        };
        let f = CampaignInput::from(&campaign).validate().unwrap();
        assert_eq!(f.budget_minor, budget, "{currency}");
        assert_eq!(f.goals, campaign.goals, "{currency}");
        assert_eq!(
            (f.starts_on, f.ends_on),
            (campaign.starts_on, campaign.ends_on)
        );
        assert_eq!(f.owner_id, Some(7));
    }
}

#[test]
fn a_comma_is_only_a_thousands_separator() {
    let err = CampaignInput {
        budget: "12,50".into(),
        ..input()
    }
    .validate()
    .unwrap_err();
    assert!(err.field("budget").is_some());
    let err = CampaignInput {
        target_reach: "1,5".into(),
        ..input()
    }
    .validate()
    .unwrap_err();
    assert!(err.field("target_reach").is_some());
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
