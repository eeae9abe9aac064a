//! The demo organization's creators and campaigns: invented people with plausible
//! figures, so a newcomer sees a living product. Labelled as demo data everywhere
//! (the organization's name says so).

use app::creators::{ChannelFields, CreatorFields, Onboarding};
use app::db::audit::{Action, Actor, AuditEvent};
use app::db::{campaign, pipeline_entry};
use app::domain::campaign::{CampaignStatus, Objective};
use app::domain::creator::{PerformanceTag, Platform, Tier};
use app::domain::money::Money;
use app::domain::pipeline::Stage;
use app::error::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};

/// name, email, country, niches, tier, tag, rate (EUR), channels (platform, handle, followers, ER bp).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Tier,
    Option<PerformanceTag>,
    i64,
    &'static [(Platform, &'static str, i64, i32)],
);

const CREATORS: &[Row] = &[
    (
        "Ana Souza",
        "ana.souza@example.com",
        "BR",
        &["outdoor", "travel"],
        Tier::Paid,
        Some(PerformanceTag::Rebook),
        1_200,
        &[
            (Platform::Instagram, "ana.outdoors", 48_200, 340),
            (Platform::TikTok, "ana.trails", 151_800, 610),
        ],
    ),
    (
        "Ben Okafor",
        "ben.okafor@example.com",
        "NG",
        &["fitness", "running"],
        Tier::Paid,
        Some(PerformanceTag::Test),
        900,
        &[(Platform::Instagram, "benruns", 120_000, 210)],
    ),
    (
        "Cleo Martin",
        "cleo.martin@example.com",
        "FR",
        &["food", "camping"],
        Tier::Ambassador,
        Some(PerformanceTag::Rebook),
        2_500,
        &[
            (Platform::TikTok, "cleo.cooks.outside", 1_200_000, 550),
            (Platform::YouTube, "cleocooks", 310_000, 420),
        ],
    ),
    (
        "Dev Patel",
        "dev.patel@example.com",
        "IN",
        &["hiking", "photography"],
        Tier::ProductOnly,
        None,
        0,
        &[(Platform::Instagram, "dev.frames", 9_400, 700)],
    ),
    (
        "Elin Berg",
        "elin.berg@example.com",
        "SE",
        &["skiing", "outdoor"],
        Tier::Paid,
        Some(PerformanceTag::Rebook),
        1_800,
        &[
            (Platform::YouTube, "elinonsnow", 86_000, 480),
            (Platform::Instagram, "elin.berg", 64_000, 390),
        ],
    ),
    (
        "Farah Haddad",
        "farah.haddad@example.com",
        "AE",
        &["travel", "lifestyle"],
        Tier::Paid,
        Some(PerformanceTag::Pause),
        3_000,
        &[(Platform::Instagram, "farahgoes", 410_000, 120)],
    ),
    (
        "Gus Walker",
        "gus.walker@example.com",
        "US",
        &["climbing", "outdoor"],
        Tier::Paid,
        None,
        1_500,
        &[
            (Platform::YouTube, "gusclimbs", 220_000, 510),
            (Platform::TikTok, "gus.climbs", 95_000, 720),
        ],
    ),
    (
        "Hana Sato",
        "hana.sato@example.com",
        "JP",
        &["cycling", "travel"],
        Tier::ProductOnly,
        Some(PerformanceTag::Test),
        0,
        &[(Platform::Instagram, "hana.rides", 23_500, 560)],
    ),
    (
        "Iris van Dijk",
        "iris.vandijk@example.com",
        "NL",
        &["cycling", "sustainability"],
        Tier::Paid,
        None,
        950,
        &[
            (Platform::Instagram, "iris.pedals", 37_000, 430),
            (Platform::Pinterest, "irispedals", 12_000, 150),
        ],
    ),
    (
        "Jonas Weber",
        "jonas.weber@example.com",
        "DE",
        &["hiking", "gear reviews"],
        Tier::Paid,
        Some(PerformanceTag::Rebook),
        1_100,
        &[(Platform::YouTube, "jonasgeartalk", 156_000, 350)],
    ),
    (
        "Kaia Nilsen",
        "kaia.nilsen@example.com",
        "NO",
        &["outdoor", "family"],
        Tier::Ambassador,
        None,
        2_000,
        &[
            (Platform::Instagram, "kaia.outside", 88_000, 470),
            (Platform::TikTok, "kaia.family.outside", 42_000, 810),
        ],
    ),
    (
        "Luca Romano",
        "luca.romano@example.com",
        "IT",
        &["running", "food"],
        Tier::Paid,
        Some(PerformanceTag::Test),
        700,
        &[(Platform::Instagram, "luca.corre", 15_800, 620)],
    ),
    (
        "Maya Lindqvist",
        "maya.lindqvist@example.com",
        "SE",
        &["camping", "van life"],
        Tier::Paid,
        None,
        1_300,
        &[
            (Platform::YouTube, "vanmaya", 98_000, 530),
            (Platform::Instagram, "vanmaya", 54_000, 410),
        ],
    ),
    (
        "Noah Kim",
        "noah.kim@example.com",
        "KR",
        &["photography", "travel"],
        Tier::ProductOnly,
        None,
        0,
        &[(Platform::Instagram, "noahkim.photo", 7_200, 890)],
    ),
    (
        "Olivia Brown",
        "olivia.brown@example.com",
        "GB",
        &["hiking", "wellness"],
        Tier::Paid,
        Some(PerformanceTag::Rebook),
        1_400,
        &[(Platform::TikTok, "livwalks", 265_000, 640)],
    ),
    (
        "Pablo Ortega",
        "pablo.ortega@example.com",
        "ES",
        &["climbing", "travel"],
        Tier::Paid,
        None,
        850,
        &[(Platform::Instagram, "pablo.vertical", 31_000, 370)],
    ),
];

fn creator(row: &Row) -> CreatorFields {
    let (name, email, country, niches, tier, tag, rate, channels) = *row;
    CreatorFields {
        name: name.into(),
        email: Some(email.into()),
        country: Some(country.into()),
        niches: niches.iter().map(|n| n.to_string()).collect(),
        tier: Some(tier),
        tag,
        rate: (rate > 0).then(|| Money {
            minor: rate * 100,
            currency: "EUR".into(),
        }),
        notes: "Demo creator: invented for the demo workspace.".into(),
        onboarding: Onboarding {
            legal_name: Some(name.into()),
            ..Default::default()
        },
        channels: channels
            .iter()
            .map(|(platform, handle, followers, bp)| ChannelFields {
                platform: *platform,
                handle: handle.to_string(),
                url: None,
                followers: *followers,
                engagement_bp: Some(*bp),
                fake_followers_bp: Some(250),
            })
            .collect(),
    }
}

struct Plan {
    name: &'static str,
    objective: Objective,
    status: CampaignStatus,
    budget_eur: i64,
    starts: (i32, u32, u32),
    weeks: i64,
    /// Creators the campaign needs signed.
    needed: i32,
    /// Demo creators (by index) on the campaign: their stage, entered how many days ago.
    entries: &'static [(usize, Stage, i64)],
}

const CAMPAIGNS: &[Plan] = &[
    Plan {
        name: "Spring Trail Collection",
        objective: Objective::Awareness,
        status: CampaignStatus::Active,
        budget_eur: 40_000,
        starts: (2026, 3, 2),
        weeks: 10,
        needed: 4,
        entries: &[
            (0, Stage::Contracted, 9),
            (2, Stage::Negotiating, 5),
            (4, Stage::Contacted, 4),
            (6, Stage::Contacted, 1),
            (9, Stage::Shortlisted, 6),
            (1, Stage::Shortlisted, 6),
            (3, Stage::Declined, 3),
        ],
    },
    Plan {
        name: "Autumn Layers",
        objective: Objective::Conversion,
        status: CampaignStatus::Draft,
        budget_eur: 25_000,
        starts: (2026, 9, 7),
        weeks: 8,
        needed: 3,
        entries: &[(10, Stage::Shortlisted, 2), (14, Stage::Shortlisted, 2)],
    },
    Plan {
        name: "Winter Basecamp 2025",
        objective: Objective::Consideration,
        status: CampaignStatus::Completed,
        budget_eur: 30_000,
        starts: (2025, 11, 3),
        weeks: 12,
        needed: 3,
        entries: &[
            (0, Stage::Paid, 60),
            (4, Stage::Paid, 55),
            (12, Stage::Paid, 58),
        ],
    },
];

/// Seeds the demo creators and campaigns, owned by `owner` (the demo marketing user).
pub async fn seed(
    txn: &DatabaseTransaction,
    org: i32,
    owner: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let actor = Actor {
        user_id: None,
        organization_id: Some(org),
    };
    let mut ids = Vec::new();
    for row in CREATORS {
        let fields = creator(row);
        let id = app::creators::ssr::insert(txn, org, now, &fields)
            .await?
            .ok_or(AppError::Internal)?;
        AuditEvent::new(actor, Action::CreatorCreate)
            .entity(id)
            .after(&serde_json::json!({ "Name": row.0, "Demo": true }))
            .record(txn, now)
            .await?;
        ids.push((id, fields.rate.map(|r| r.minor)));
    }
    for plan in CAMPAIGNS {
        let (y, m, d) = plan.starts;
        let starts = NaiveDate::from_ymd_opt(y, m, d).ok_or(AppError::Internal)?;
        let c = campaign::ActiveModel {
            organization_id: Set(org),
            name: Set(plan.name.into()),
            objective: Set(plan.objective.as_str().into()),
            status: Set(plan.status.as_str().into()),
            currency: Set("EUR".into()),
            budget_minor: Set(plan.budget_eur * 100),
            starts_on: Set(starts),
            ends_on: Set(starts + Duration::weeks(plan.weeks)),
            target_reach: Set(Some(plan.budget_eur * 50)),
            target_engagement_bp: Set(Some(350)),
            target_conversions: Set(None),
            target_revenue_minor: Set(None),
            target_creators: Set(Some(plan.needed)),
            owner_id: Set(Some(owner)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        AuditEvent::new(actor, Action::CampaignCreate)
            .entity(c.id)
            .after(&serde_json::json!({ "Name": plan.name, "Demo": true }))
            .record(txn, now)
            .await?;
        for (position, (index, stage, days_ago)) in plan.entries.iter().enumerate() {
            let (creator_id, rate) = ids[*index];
            let since = now - Duration::days(*days_ago);
            let entry = pipeline_entry::ActiveModel {
                organization_id: Set(org),
                campaign_id: Set(c.id),
                creator_id: Set(creator_id),
                stage: Set(stage.as_str().into()),
                position: Set(position as i32 + 1),
                fee_minor: Set(rate),
                shipping_minor: Set(1_500),
                product_cost_minor: Set(12_000),
                owner_id: Set(Some(owner)),
                stage_changed_at: Set(since),
                version: Set(1),
                created_at: Set(since),
                updated_at: Set(since),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            // Contacted creators have their follow-ups running, some already due.
            if *stage == Stage::Contacted {
                app::tasks::ssr::schedule_follow_ups(txn, (&entry).into(), since).await?;
            }
        }
    }
    Ok(())
}
