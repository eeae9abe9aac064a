//! The demo's results: an active campaign with three creators live, and the completed
//! winter campaign's posts, each with a few weeks of daily readings. The readings are
//! invented (`domain::simulator`) and recorded as the simulator's, so they say so
//! wherever they show. Demo data only.

use app::db::audit::{Action, Actor, AuditEvent};
use app::db::{campaign, channel, creator, deliverable, pipeline_entry};
use app::domain::campaign::{CampaignStatus, Objective};
use app::domain::creator::Platform;
use app::domain::pipeline::Stage;
use app::domain::simulator::{first_reading, next_reading};
use app::error::AppError;
use app::metrics::Source;
use app::metrics::ssr::record::{Reading, Recorder, Refused, record};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

const ACTIVE: &str = "Ridge Runners Relay";
const COMPLETED: &str = "Winter Basecamp 2025";
/// The live creators of the active campaign, and the format of their post.
const LIVE: [(&str, &str); 3] = [
    ("Olivia Brown", "Video"),
    ("Maya Lindqvist", "Video"),
    ("Luca Romano", "Reel"),
];
/// Readings per post at most: one a day.
const DAYS: i64 = 21;

pub async fn seed(
    txn: &DatabaseTransaction,
    org: i32,
    owner: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let starts = (now - Duration::days(18)).date_naive();
    let c = campaign::ActiveModel {
        organization_id: Set(org),
        name: Set(ACTIVE.into()),
        objective: Set(Objective::Conversion.as_str().into()),
        status: Set(CampaignStatus::Active.as_str().into()),
        currency: Set("EUR".into()),
        budget_minor: Set(1_200_000),
        starts_on: Set(starts),
        ends_on: Set(starts + Duration::weeks(6)),
        target_reach: Set(Some(120_000)),
        target_engagement_bp: Set(Some(450)),
        target_conversions: Set(Some(150)),
        target_revenue_minor: Set(Some(1_500_000)),
        target_creators: Set(Some(3)),
        owner_id: Set(Some(owner)),
        landing_url: Set(Some("https://northwind.example/ridge-runners".into())),
        version: Set(1),
        created_at: Set(now - Duration::days(30)),
        updated_at: Set(now - Duration::days(30)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    AuditEvent::new(
        Actor {
            user_id: None,
            organization_id: Some(org),
        },
        Action::CampaignCreate,
    )
    .entity(c.id)
    .after(&serde_json::json!({ "Name": ACTIVE, "Demo": true }))
    .record(txn, now)
    .await?;
    let mut posts = Vec::new();
    for (i, (name, format)) in LIVE.into_iter().enumerate() {
        let creator_id = creator_named(txn, org, name).await?;
        let entry = pipeline_entry::ActiveModel {
            organization_id: Set(org),
            campaign_id: Set(c.id),
            creator_id: Set(creator_id),
            stage: Set(Stage::Live.as_str().into()),
            position: Set(i as i32 + 1),
            fee_minor: Set(Some(90_000 + 30_000 * i as i64)),
            shipping_minor: Set(1_500),
            product_cost_minor: Set(12_000),
            owner_id: Set(Some(owner)),
            stage_changed_at: Set(now - Duration::days(14 - 2 * i as i64)),
            version: Set(1),
            created_at: Set(now - Duration::days(25)),
            updated_at: Set(now - Duration::days(14)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        posts.push((entry, format, now - Duration::days(14 - 2 * i as i64)));
    }
    let finished = campaign::Entity::find()
        .filter(campaign::Column::OrganizationId.eq(org))
        .filter(campaign::Column::Name.eq(COMPLETED))
        .one(txn)
        .await?;
    if let Some(winter) = finished {
        let entries = pipeline_entry::Entity::find()
            .filter(pipeline_entry::Column::CampaignId.eq(winter.id))
            .all(txn)
            .await?;
        let live = winter
            .starts_on
            .and_hms_opt(12, 0, 0)
            .ok_or(AppError::Internal)?;
        for (i, entry) in entries.into_iter().enumerate() {
            posts.push((
                entry,
                "Post",
                live.and_utc() + Duration::days(7 + 3 * i as i64),
            ));
        }
    }
    let mut readings = Vec::new();
    for (entry, format, live_at) in posts {
        let (platform, followers) = main_channel(txn, entry.creator_id).await?;
        let d = deliverable::ActiveModel {
            organization_id: Set(org),
            pipeline_entry_id: Set(entry.id),
            platform: Set(platform.as_str().into()),
            format: Set(format.into()),
            number: Set(1),
            of_count: Set(1),
            due_on: Set(live_at.date_naive()),
            live_url: Set(Some(format!("https://example.com/demo/post/{}", entry.id))),
            live_at: Set(Some(live_at)),
            created_at: Set(live_at - Duration::days(10)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let video = matches!(platform, Platform::YouTube | Platform::TikTok);
        let mut counts = first_reading(followers, video, d.id as u64);
        for day in 0..DAYS {
            let at = live_at + Duration::days(day) + Duration::hours(2);
            if at > now {
                break;
            }
            readings.push(Reading {
                deliverable_id: d.id,
                captured_at: at,
                counts,
            });
            // Most of a post's audience comes in its first days.
            counts = next_reading(&counts, 3_000 / (day + 2), (d.id as u64) << 8 | day as u64);
        }
    }
    let by = Recorder {
        organization_id: org,
        source: Source::Simulator,
        user_id: None,
        api_token_id: None,
        campaign_id: None,
        now,
    };
    match record(txn, &by, &readings).await {
        Ok(_) => Ok(()),
        Err(Refused::App(e)) => Err(e),
        Err(Refused::Rows(rows)) => {
            tracing::error!(?rows, "the demo's readings were refused");
            Err(AppError::Internal)
        }
    }
}

async fn creator_named(txn: &DatabaseTransaction, org: i32, name: &str) -> Result<i32, AppError> {
    Ok(creator::Entity::find()
        .filter(creator::Column::OrganizationId.eq(org))
        .filter(creator::Column::Name.eq(name))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?
        .id)
}

/// The creator's largest channel: where the demo post went.
async fn main_channel(
    txn: &DatabaseTransaction,
    creator_id: i32,
) -> Result<(Platform, i64), AppError> {
    let best = channel::Entity::find()
        .filter(channel::Column::CreatorId.eq(creator_id))
        .all(txn)
        .await?
        .into_iter()
        .max_by_key(|c| c.followers)
        .ok_or(AppError::Internal)?;
    Ok((
        Platform::parse(&best.platform).unwrap_or(Platform::Instagram),
        best.followers,
    ))
}
