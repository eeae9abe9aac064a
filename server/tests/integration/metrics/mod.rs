//! Metrics: API tokens, the ingest API (auth, idempotent retries, malformed batches written
//! not at all), late snapshots, and the dashboard's figures on a hand-computed campaign.

mod dashboard;
mod ingest;

use crate::common::metrics::{Fixture, fixture, ingest};
use crate::common::{TestApp, next_event, other_organization_admin};
use app::api_tokens::api::{CreateApiToken, ListApiTokens, RevokeApiToken};
use app::api_tokens::{ApiToken, CreatedToken};
use app::dashboard::Dashboard;
use app::dashboard::api::{ActiveDashboard, CampaignDashboard};
use app::domain::metrics::Suggestion;
use app::domain::pipeline::Stage;
use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use sha2::Digest;

const ADMIN: &str = "admin@roster.example";
const MARKETING: &str = "marketing@roster.example";
const DIRECTOR: &str = "director@roster.example";
const OTHER_PASSWORD: &str = "other admin password";

async fn token(app: &TestApp, admin: &str) -> String {
    let mut c = if admin == ADMIN {
        app.signed_in(admin).await
    } else {
        app.signed_in_with(admin, OTHER_PASSWORD).await
    };
    let r = c
        .call::<CreateApiToken>(&[("name", "Analytics sync")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let created: CreatedToken = r.json();
    assert!(created.secret.starts_with("rst_"));
    assert!(created.secret.ends_with(&created.token.hint));
    created.secret
}

async fn snapshots(app: &TestApp) -> u64 {
    app::db::metric_snapshot::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

/// The fixture's readings: Ana's first post twice (day 1, then day 2), her second post,
/// Ben's video. Their latest readings add up to the hand-computed campaign.
fn batch(f: &Fixture) -> String {
    let [a, b, v] = f.deliverables;
    json!({ "snapshots": [
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": 50_000, "likes": 2_000 },
        { "deliverable_id": a, "captured_at": "2026-05-11T10:00:00Z", "reach": 100_000, "likes": 4_000,
          "comments": 200, "clicks": 500, "conversions": 60, "revenue_minor": 480_000 },
        { "deliverable_id": b, "captured_at": "2026-05-11T12:00:00Z", "reach": 60_000, "likes": 1_500,
          "comments": 150, "shares": 100, "saves": 250, "clicks": 500, "conversions": 40, "revenue_minor": 300_000 },
        { "deliverable_id": v, "captured_at": "2026-05-12T08:00:00+02:00", "reach": 40_000, "likes": 500,
          "comments": 50, "clicks": 250, "conversions": 20, "revenue_minor": 180_000, "impressions": 90_000 },
    ]})
    .to_string()
}

/// The fixture, with its batch recorded through the API (and the admin's token).
async fn recorded(app: &TestApp) -> (Fixture, String) {
    let f = fixture(app).await;
    let secret = token(app, ADMIN).await;
    let r = ingest(app, Some(&secret), Some("k"), &batch(&f)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    (f, secret)
}

async fn dashboard(app: &TestApp, who: &str, campaign: i32) -> Dashboard {
    let mut c = app.signed_in(who).await;
    let r = c
        .call::<CampaignDashboard>(&[("campaign_id", &campaign.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}
