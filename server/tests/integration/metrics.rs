//! Metrics: API tokens, the ingest API (auth, idempotent retries, malformed batches written
//! not at all), late snapshots, and the dashboard's figures on a hand-computed campaign.

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

#[tokio::test]
async fn only_admins_manage_tokens_and_a_token_is_shown_once() {
    let app = TestApp::new().await;
    let secret = token(&app, ADMIN).await;
    let mut admin = app.signed_in(ADMIN).await;
    let listed: Vec<ApiToken> = admin.call::<ListApiTokens>(&[]).await.json();
    assert_eq!(listed.len(), 1);
    assert!(!serde_json::to_string(&listed).unwrap().contains(&secret));
    let stored = app::db::api_token::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    // Only the secret's SHA-256 is kept (worked out here, not by the code under test).
    let digest: String = sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(stored.token_hash, digest);
    let kept = serde_json::to_string(&stored.hint).unwrap();
    assert!(!kept.contains(&secret[4..]), "the hint is not the secret");
    assert_eq!(
        admin.call::<CreateApiToken>(&[("name", "  ")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for who in [MARKETING, DIRECTOR] {
        let mut c = app.signed_in(who).await;
        assert_eq!(
            c.call::<ListApiTokens>(&[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            c.call::<CreateApiToken>(&[("name", "x")]).await.status,
            StatusCode::FORBIDDEN
        );
        let id = listed[0].id.to_string();
        assert_eq!(
            c.call::<RevokeApiToken>(&[("id", &id)]).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn ingest_needs_a_live_token_of_the_deliverables_organization() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let body = batch(&f);
    let missing = ingest(&app, None, Some("k1"), &body).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED, "{}", missing.text);
    assert!(missing.text.contains("Bearer"));
    let wrong = ingest(&app, Some("rst_not-a-token"), Some("k1"), &body).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    // Another organization's token does not reach this organization's deliverables.
    let other_admin = other_organization_admin(&app).await;
    let other = token(&app, &other_admin).await;
    let foreign = ingest(&app, Some(&other), Some("k1"), &body).await;
    assert_eq!(
        foreign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign.text
    );
    assert!(foreign.text.contains("was not found"));

    let secret = token(&app, ADMIN).await;
    let no_key = ingest(&app, Some(&secret), None, &body).await;
    assert_eq!(no_key.status, StatusCode::BAD_REQUEST);
    assert!(no_key.text.contains("Idempotency-Key"));
    assert_eq!(snapshots(&app).await, 0);

    let ok = ingest(&app, Some(&secret), Some("k1"), &body).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    assert_eq!(snapshots(&app).await, 4);

    // Revoked: refused from then on.
    let mut admin = app.signed_in(ADMIN).await;
    let listed: Vec<ApiToken> = admin.call::<ListApiTokens>(&[]).await.json();
    let mine = listed.iter().find(|t| t.revoked_at.is_none()).unwrap();
    assert!(mine.last_used_at.is_some());
    let id = mine.id.to_string();
    assert_eq!(
        admin.call::<RevokeApiToken>(&[("id", &id)]).await.status,
        StatusCode::OK
    );
    let revoked = ingest(&app, Some(&secret), Some("k2"), &body).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(snapshots(&app).await, 4);
}

#[tokio::test]
async fn a_retried_batch_counts_once() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let body = batch(&f);
    let first = ingest(&app, Some(&secret), Some("batch-7"), &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = ingest(&app, Some(&secret), Some("batch-7"), &body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.text, first.text);
    assert_eq!(snapshots(&app).await, 4);
    let d = dashboard(&app, DIRECTOR, f.campaign_id).await;
    assert_eq!(d.counts.reach, 200_000);

    // The same key for other data is a mistake, not a retry.
    let other = body.replace("50000", "50001");
    let reused = ingest(&app, Some(&secret), Some("batch-7"), &other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(snapshots(&app).await, 4);
}

#[tokio::test]
async fn bad_json_and_bad_rows_write_nothing() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let send = |key: &'static str, body: String| {
        let (app, secret) = (&app, secret.clone());
        async move { ingest(app, Some(&secret), Some(key), &body).await }
    };
    let broken = send("a", "{\"snapshots\": [".into()).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.text.contains("not valid JSON"));
    let shape = send("b", "[1, 2]".into()).await;
    assert_eq!(shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    let empty = send("c", json!({ "snapshots": [] }).to_string()).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let [a, ..] = f.deliverables;
    let rows = json!({ "snapshots": [
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": 10 },
        { "deliverable_id": a, "captured_at": "yesterday", "reach": -5, "likez": 3 },
        { "captured_at": "2026-05-10T10:00:00Z" },
        { "deliverable_id": 999_999, "captured_at": "2026-05-10T10:00:00Z" },
        { "deliverable_id": a, "captured_at": "2027-01-01T00:00:00Z", "likes": 1.5 },
    ]});
    let r = send("d", rows.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let v: Value = serde_json::from_str(&r.text).unwrap();
    let refused: Vec<(u64, String)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        (2, "captured_at"),
        (2, "likez"),
        (3, "deliverable_id"),
        (5, "likes"),
    ] {
        assert!(
            refused.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} in {refused:?}"
        );
    }
    assert!(!refused.iter().any(|(row, _)| *row == 1));
    // Rows that parse are still checked before anything is written.
    let checked = json!({ "snapshots": [
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": 10 },
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": -5 },
        { "deliverable_id": 999_999, "captured_at": "2026-05-10T10:00:00Z" },
        { "deliverable_id": a, "captured_at": "2027-01-01T00:00:00Z" },
        { "deliverable_id": a, "captured_at": "0001-01-01T00:00:00Z" },
    ]});
    let r = send("e", checked.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    for needle in [
        "\"row\":2",
        "\"row\":3",
        "\"row\":4",
        "\"row\":5",
        "in the future",
        "before 2000",
        "was not found",
    ] {
        assert!(r.text.contains(needle), "{needle} in {}", r.text);
    }
    assert_eq!(snapshots(&app).await, 0);
    // A refused key stays free for the corrected batch.
    let fixed = send("e", batch(&f)).await;
    assert_eq!(fixed.status, StatusCode::CREATED, "{}", fixed.text);
}

#[tokio::test]
async fn a_batch_over_the_row_limit_is_refused_whole_with_a_bounded_answer() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let [a, ..] = f.deliverables;
    let start = chrono::DateTime::parse_from_rfc3339("2026-05-10T00:00:00Z").unwrap();
    let rows = |n: usize| {
        let rows: Vec<Value> = (0..n as i64)
            .map(|i| {
                let at = start + chrono::Duration::seconds(i);
                json!({ "deliverable_id": a, "captured_at": at.to_rfc3339(), "reach": 10 + i })
            })
            .collect();
        json!({ "snapshots": rows }).to_string()
    };
    let over = ingest(&app, Some(&secret), Some("over"), &rows(10_001)).await;
    assert_eq!(over.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", over.text);
    assert!(
        over.text.contains("at most 10000 snapshots"),
        "{}",
        over.text
    );
    // Empty rows cost nothing to refuse: about a megabyte of them, no list of them back.
    let empty = format!("{{\"snapshots\":[{}]}}", vec!["{}"; 300_000].join(","));
    let r = ingest(&app, Some(&secret), Some("empty"), &empty).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
    // Broken rows under the limit: every problem counted, the first hundred listed.
    let broken = format!("{{\"snapshots\":[{}]}}", vec!["{}"; 2_000].join(","));
    let r = ingest(&app, Some(&secret), Some("broken"), &broken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = serde_json::from_str(&r.text).unwrap();
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(100));
    assert!(r.text.contains("4000 problems"), "{}", r.text);
    assert_eq!(snapshots(&app).await, 0);
    // Exactly at the limit is a batch.
    let at = ingest(&app, Some(&secret), Some("at"), &rows(10_000)).await;
    assert_eq!(at.status, StatusCode::CREATED, "{}", at.text);
}

#[tokio::test]
async fn the_dashboard_shows_the_hand_computed_campaign() {
    let app = TestApp::new().await;
    let (f, _) = recorded(&app).await;
    let d = dashboard(&app, DIRECTOR, f.campaign_id).await;
    // Latest readings: 100,000 + 60,000 + 40,000 reach, and so on.
    assert_eq!(d.counts.reach, 200_000);
    assert_eq!(d.engagements, 8_000);
    assert_eq!(d.er_bp, Some(400));
    assert_eq!(d.counts.conversions, 120);
    assert_eq!(d.counts.impressions, 90_000);
    // Ana's Instagram (not her TikTok: nothing contracted there) and Ben's YouTube.
    assert_eq!(d.potential_reach, 180_000);
    let m = &d.money[0];
    assert_eq!(
        (m.currency.as_str(), m.cost_minor, m.revenue_minor),
        ("EUR", 480_000, 960_000)
    );
    assert_eq!(m.kpis.cpm_minor, Some(2_400));
    assert_eq!(m.kpis.cpe_minor, Some(60));
    assert_eq!(m.kpis.cpa_minor, Some(4_000));
    assert_eq!(m.kpis.roas_centi, Some(200));
    assert_eq!(m.kpis.roi_bp, Some(10_000));
    assert_eq!(m.kpis.spend_bp, Some(8_000));
    // Day by day: 50,000 on the 10th; 160,000 on the 11th; 200,000 on the 12th (Ben's
    // reading was taken at 08:00 in UTC+2, so on the 12th in UTC too).
    let reach: Vec<(u32, i64)> = d
        .trend
        .iter()
        .map(|p| (chrono::Datelike::day(&p.day), p.reach))
        .collect();
    assert_eq!(reach, vec![(10, 50_000), (11, 160_000), (12, 200_000)]);
    // The funnel: three on the board, two of them Content or further.
    let reached = |s: Stage| d.funnel.iter().find(|x| x.stage == s).unwrap().reached;
    assert_eq!(
        (
            reached(Stage::Shortlisted),
            reached(Stage::Content),
            reached(Stage::Live)
        ),
        (3, 2, 1)
    );
    // Ana: 160,000 reach, 7,200 engagements (4.50 %), 3,000.00 → 0.42 an engagement
    // against the campaign's 0.60: rebook. Ben: 40,000 reach, 800 engagements (2.00 %),
    // 1,800.00 → 2.25 an engagement, over twice the campaign's: pause.
    assert_eq!(d.creators, 2);
    let ana = &d.leaderboard[0];
    assert_eq!(
        (ana.name.as_str(), ana.counts.reach, ana.kpis.engagements),
        ("Ana Test", 160_000, 7_200)
    );
    assert_eq!(ana.suggestion, Some(Suggestion::Rebook));
    let ben = &d.leaderboard[1];
    assert_eq!(
        (ben.kpis.er_bp, ben.cost_minor, ben.kpis.cpe_minor),
        (Some(200), 180_000, Some(225))
    );
    assert_eq!(ben.suggestion, Some(Suggestion::Pause));
    let goals = &d.campaigns[0].goals;
    let reach_goal = goals.iter().find(|g| g.label == "Reach").unwrap();
    assert_eq!(reach_goal.progress_bp, 5_000);

    // The director's home adds up the active campaigns: here, this one.
    let mut director = app.signed_in(DIRECTOR).await;
    let all: Dashboard = director.call::<ActiveDashboard>(&[]).await.json();
    assert!(all.campaign.is_none());
    assert_eq!((all.counts.reach, all.campaigns.len()), (200_000, 1));

    // Another organization sees none of it.
    let other_admin = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other_admin, OTHER_PASSWORD).await;
    let r = other
        .call::<CampaignDashboard>(&[("campaign_id", &f.campaign_id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let theirs: Dashboard = other.call::<ActiveDashboard>(&[]).await.json();
    assert_eq!(theirs.counts.reach, 0);
}

#[tokio::test]
async fn a_late_snapshot_changes_the_past_not_the_present() {
    let app = TestApp::new().await;
    let (f, secret) = recorded(&app).await;
    // A reading of Ana's first post on the 10th at noon, sent late.
    let late = json!({ "snapshots": [
        { "deliverable_id": f.deliverables[0], "captured_at": "2026-05-10T12:00:00Z", "reach": 70_000 },
    ]});
    let r = ingest(&app, Some(&secret), Some("late"), &late.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let d = dashboard(&app, MARKETING, f.campaign_id).await;
    assert_eq!(d.counts.reach, 200_000);
    let reach: Vec<i64> = d.trend.iter().map(|p| p.reach).collect();
    assert_eq!(reach, vec![70_000, 160_000, 200_000]);

    // The page draws it: three days a day apart, the peak at the top, said in words too.
    let mut m = app.signed_in(MARKETING).await;
    let page = m
        .get(&format!("/campaigns/{}/dashboard", f.campaign_id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let line = page
        .text
        .split("<polyline")
        .nth(1)
        .and_then(|l| l.split('>').next());
    let line = line.expect("the reach chart's line");
    assert!(line.contains(r#"class="chart-line""#), "{line}");
    assert!(
        line.contains(r#"points="0.0,120.5 300.0,44.0 600.0,10.0""#),
        "{line}"
    );
    for drawn in [
        r#"aria-label="Measured reach: 70,000 on 10 May to 200,000 on 12 May.""#,
        "Measured reach</abbr> · peak 200k",
    ] {
        // Without the renderer's markers between text nodes.
        let text = page.text.replace("<!>", "");
        assert!(text.contains(drawn), "the chart shows {drawn}");
    }
}

#[tokio::test]
async fn ingest_is_pushed_to_open_dashboards() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let mut director = app.signed_in(DIRECTOR).await;
    let (status, mut everything) = director.open("/events", None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, mut this_one) = director
        .open(&format!("/events?campaign={}", f.campaign_id), None)
        .await;
    assert_eq!(
        ingest(&app, Some(&secret), Some("k"), &batch(&f))
            .await
            .status,
        StatusCode::CREATED
    );
    for stream in [&mut everything, &mut this_one] {
        let e = next_event(stream).await;
        assert_eq!(
            (e.kind.as_str(), e.campaign_id),
            (
                app::realtime::Kind::MetricsRecorded.name(),
                Some(f.campaign_id)
            )
        );
    }
}

/// A database from before snapshots had an integer time key gets one from each reading's
/// time when it upgrades: readings are recorded, the key and its migration are taken
/// away, and the server migrates again.
#[tokio::test]
async fn an_upgrade_gives_older_snapshots_their_time_key() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::new().await;
    let db = &app.state.db;
    let (f, secret) = recorded(&app).await;
    // Later to the nanosecond: kept, as PostgreSQL keeps times, to the microsecond.
    let precise = json!({ "snapshots": [
        { "deliverable_id": f.deliverables[0], "captured_at": "2026-05-12T10:00:00.123456789Z", "reach": 1 },
    ]});
    let r = ingest(&app, Some(&secret), Some("precise"), &precise.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(snapshots(&app).await, 5);
    for undo in [
        "DROP INDEX metric_snapshot_by_time",
        "ALTER TABLE metric_snapshot DROP COLUMN captured_micros",
        "CREATE INDEX metric_snapshot_of_deliverable ON metric_snapshot (deliverable_id, captured_at)",
        "DELETE FROM seaql_migrations WHERE version = 'm0012_snapshot_time_key'",
    ] {
        db.execute_unprepared(undo).await.unwrap();
    }
    server::db::migrate(db).await.unwrap();
    let saved = app::db::metric_snapshot::Entity::find()
        .all(db)
        .await
        .unwrap();
    for s in &saved {
        assert_eq!(s.captured_micros, s.captured_at.timestamp_micros(), "{s:?}");
    }
    let precise = saved
        .iter()
        .map(|s| s.captured_at.timestamp_subsec_nanos())
        .max();
    assert_eq!(precise, Some(123_456_000));
}
