//! A hand-computed campaign for the metrics tests, and the ingest API's client side.

use super::{Reply, TestApp};
use app::creators::{ChannelFields, CreatorFields, Onboarding};
use app::db::{campaign, deliverable, organization, pipeline_entry};
use app::domain::creator::Platform;
use app::domain::pipeline::Stage;
use axum::body::Body;
use axum::http::{Request, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use tower::ServiceExt;

/// Sponsor Test: 6,000.00 EUR budget; Ana (Live: two Instagram posts, 3,000.00), Ben
/// (Content: one YouTube video, 1,500.00 + 15.00 shipping + 285.00 product) and Cleo
/// (Shortlisted: neither her fee nor her million followers count).
pub struct Fixture {
    pub organization_id: i32,
    pub campaign_id: i32,
    /// Ana's two posts, then Ben's video.
    pub deliverables: [i32; 3],
    pub entries: [i32; 3],
}

pub async fn fixture(app: &TestApp) -> Fixture {
    let db = &app.state.db;
    let now = super::start_time();
    let org = organization::Entity::find()
        .filter(organization::Column::IsDemo.eq(true))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let txn = db.begin().await.unwrap();
    let c = campaign::ActiveModel {
        organization_id: Set(org),
        name: Set("Sponsor Test".into()),
        objective: Set("conversion".into()),
        status: Set("active".into()),
        currency: Set("EUR".into()),
        budget_minor: Set(600_000),
        starts_on: Set(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()),
        ends_on: Set(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
        target_reach: Set(Some(400_000)),
        target_engagement_bp: Set(Some(400)),
        target_conversions: Set(Some(200)),
        target_revenue_minor: Set(Some(1_200_000)),
        target_creators: Set(Some(2)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let people = [
        (
            "Ana Test",
            Stage::Live,
            300_000,
            0,
            0,
            &[(Platform::Instagram, 100_000), (Platform::TikTok, 50_000)][..],
        ),
        (
            "Ben Test",
            Stage::Content,
            150_000,
            1_500,
            28_500,
            &[(Platform::YouTube, 80_000)][..],
        ),
        (
            "Cleo Test",
            Stage::Shortlisted,
            999_900,
            0,
            0,
            &[(Platform::Instagram, 1_000_000)][..],
        ),
    ];
    let mut entries = [0; 3];
    for (i, (name, stage, fee, shipping, product, channels)) in people.into_iter().enumerate() {
        let fields = CreatorFields {
            name: name.into(),
            email: None,
            country: None,
            niches: vec![],
            tier: None,
            tag: None,
            rate: None,
            notes: String::new(),
            onboarding: Onboarding::default(),
            channels: channels
                .iter()
                .map(|(platform, followers)| ChannelFields {
                    platform: *platform,
                    handle: format!(
                        "{}{}",
                        name.replace(' ', "").to_lowercase(),
                        platform.as_str()
                    ),
                    url: None,
                    followers: *followers,
                    engagement_bp: None,
                    fake_followers_bp: None,
                })
                .collect(),
        };
        let creator = app::creators::ssr::insert(&txn, org, now, &fields)
            .await
            .unwrap()
            .unwrap();
        entries[i] = pipeline_entry::ActiveModel {
            organization_id: Set(org),
            campaign_id: Set(c.id),
            creator_id: Set(creator),
            stage: Set(stage.as_str().into()),
            position: Set(1),
            fee_minor: Set(Some(fee)),
            shipping_minor: Set(shipping),
            product_cost_minor: Set(product),
            stage_changed_at: Set(now),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap()
        .id;
    }
    let mut deliverables = [0; 3];
    for (i, (entry, platform)) in [
        (entries[0], Platform::Instagram),
        (entries[0], Platform::Instagram),
        (entries[1], Platform::YouTube),
    ]
    .into_iter()
    .enumerate()
    {
        deliverables[i] = deliverable::ActiveModel {
            organization_id: Set(org),
            pipeline_entry_id: Set(entry),
            platform: Set(platform.as_str().into()),
            format: Set("post".into()),
            number: Set(1),
            of_count: Set(1),
            due_on: Set(NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap()
        .id;
    }
    txn.commit().await.unwrap();
    Fixture {
        organization_id: org,
        campaign_id: c.id,
        deliverables,
        entries,
    }
}

/// POSTs a batch to the ingest API.
pub async fn ingest(app: &TestApp, token: Option<&str>, key: Option<&str>, body: &str) -> Reply {
    let mut req = Request::post("/api/v1/snapshots")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "roster.test");
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        text: String::from_utf8_lossy(&bytes).into_owned(),
        set_cookie: None,
        location: None,
        headers,
    }
}
