//! Readings typed in on a deliverable and imported from a campaign's CSV sheet: both go
//! through the recorder, so they are checked whole, audited, and reach the dashboard.

use crate::common;
use crate::common::metrics::{Fixture, fixture};
use crate::common::{Client, TestApp, other_organization_admin};
use app::dashboard::Dashboard;
use app::dashboard::api::CampaignDashboard;
use app::db::{audit_event, campaign, deliverable, metric_snapshot, pipeline_entry};
use app::error::AppError;
use app::metrics::api::{GetReadings, RecordReading};
use app::metrics::types::sheet::SheetPreview;
use app::metrics::{DeliverableResults, Source};
use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const MARKETING: &str = "marketing@roster.example";
const LEGAL: &str = "legal@roster.example";

async fn snapshots(app: &TestApp) -> u64 {
    metric_snapshot::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn readings(c: &mut Client, deliverable: i32) -> DeliverableResults {
    let r = c
        .call::<GetReadings>(&[("deliverable_id", &deliverable.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn dashboard(c: &mut Client, f: &Fixture) -> Dashboard {
    let r = c
        .call::<CampaignDashboard>(&[("campaign_id", &f.campaign_id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn type_in(c: &mut Client, deliverable: i32, fields: &[(&str, &str)]) -> common::Reply {
    let id = deliverable.to_string();
    let mut args = vec![("deliverable_id", id.as_str())];
    args.extend_from_slice(fields);
    c.call::<RecordReading>(&args).await
}

#[tokio::test]
async fn marketing_types_a_reading_in_and_the_dashboard_has_it() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let [post, ..] = f.deliverables;
    let mut marketing = app.signed_in(MARKETING).await;

    let r = type_in(
        &mut marketing,
        post,
        &[
            ("captured_at", "2026-05-20T10:00"),
            ("counts[reach]", "1,000"),
            ("counts[likes]", "40"),
            ("counts[comments]", ""),
            ("counts[revenue]", "12.50"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(audited(&app, "metrics.record").await, 1);

    let shown = readings(&mut marketing, post).await;
    assert!(shown.can_record && shown.closed.is_none());
    assert_eq!((shown.total, shown.currency.as_str()), (1, "EUR"));
    let s = &shown.snapshots[0];
    assert_eq!(s.source, Source::Manual);
    assert!(s.recorded_by.is_some());
    assert_eq!(s.captured_at.to_rfc3339(), "2026-05-20T10:00:00+00:00");
    assert_eq!(
        (s.counts.reach, s.counts.likes, s.counts.revenue_minor),
        (1_000, 40, 1_250)
    );
    let d = dashboard(&mut marketing, &f).await;
    assert_eq!((d.counts.reach, d.engagements), (1_000, 40));

    // Legal reads the readings but records none.
    let mut legal = app.signed_in(LEGAL).await;
    assert!(!readings(&mut legal, post).await.can_record);
    let r = type_in(&mut legal, post, &[("counts[reach]", "5")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    // Another organization sees nothing of it.
    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    let r = other
        .call::<GetReadings>(&[("deliverable_id", &post.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    let r = type_in(&mut other, post, &[("counts[reach]", "5")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    assert_eq!(snapshots(&app).await, 1);
}

#[tokio::test]
async fn a_bad_reading_names_every_field_and_writes_nothing() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let [post, ..] = f.deliverables;
    let mut marketing = app.signed_in(MARKETING).await;

    let r = type_in(
        &mut marketing,
        post,
        &[
            ("captured_at", "tomorrow"),
            ("counts[reach]", "lots"),
            ("counts[likes]", "-1"),
            ("counts[revenue]", "1.234"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let e = r.error();
    for field in ["captured_at", "reach", "likes", "revenue"] {
        assert!(e.field(field).is_some(), "{field}: {e:?}");
    }
    // The server's clock says 2026-06-01 09:00: a reading of the next day is refused.
    let r = type_in(
        &mut marketing,
        post,
        &[("captured_at", "2026-06-02 09:00"), ("counts[reach]", "5")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.error().field("captured_at").is_some());
    let r = type_in(&mut marketing, post, &[("counts[reech]", "5")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(snapshots(&app).await, 0);
    assert_eq!(audited(&app, "metrics.record").await, 0);

    // A blank time is now; then the campaign's results are made final: no more readings.
    let r = type_in(&mut marketing, post, &[("counts[reach]", "5")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let shown = readings(&mut marketing, post).await;
    assert_eq!(shown.snapshots[0].captured_at, common::start_time());
    campaign::ActiveModel {
        id: Set(f.campaign_id),
        finalized_at: Set(Some(common::start_time())),
        ..Default::default()
    }
    .update(&app.state.db)
    .await
    .unwrap();
    let r = type_in(&mut marketing, post, &[("counts[reach]", "6")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(matches!(r.error(), AppError::Conflict(m) if m.contains("final")));
    assert!(readings(&mut marketing, post).await.closed.is_some());
    assert_eq!(snapshots(&app).await, 1);
}

/// A deliverable of another campaign of the organization.
async fn elsewhere(app: &TestApp, f: &Fixture) -> i32 {
    let db = &app.state.db;
    let mine = campaign::Entity::find_by_id(f.campaign_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let other = campaign::ActiveModel {
        id: sea_orm::NotSet,
        name: Set("Another Test".into()),
        ..mine.into()
    }
    .insert(db)
    .await
    .unwrap();
    let cleo = pipeline_entry::Entity::find_by_id(f.entries[2])
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let entry = pipeline_entry::ActiveModel {
        id: sea_orm::NotSet,
        campaign_id: Set(other.id),
        stage: Set("live".into()),
        ..cleo.into()
    }
    .insert(db)
    .await
    .unwrap();
    deliverable::ActiveModel {
        organization_id: Set(f.organization_id),
        pipeline_entry_id: Set(entry.id),
        platform: Set("instagram".into()),
        format: Set("reel".into()),
        number: Set(1),
        of_count: Set(1),
        due_on: Set(chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()),
        created_at: Set(common::start_time()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn sheet_path(f: &Fixture, commit: bool) -> String {
    format!("/campaigns/{}/readings?commit={commit}", f.campaign_id)
}

async fn upload(c: &mut Client, f: &Fixture, commit: bool, sheet: &str) -> SheetPreview {
    let r = c.post_bytes(&sheet_path(f, commit), sheet.into()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

#[tokio::test]
async fn a_sheet_is_previewed_then_recorded_whole_or_not_at_all() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let [a, b, v] = f.deliverables;
    let mut marketing = app.signed_in(MARKETING).await;

    // The sheet to fill in names every deliverable of the campaign, and their creators.
    let r = marketing
        .get(&format!("/campaigns/{}/readings.csv", f.campaign_id))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let lines: Vec<&str> = r.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "deliverable_id,creator,deliverable,captured_at,impressions,reach,views,likes,comments,shares,saves,clicks,conversions,revenue"
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with(&format!("{a},Ana Test,")),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].starts_with(&format!("{v},Ben Test,")),
        "{}",
        lines[3]
    );

    // A sheet with problems: each is named by its line, and nothing is written, even
    // when asked to record. The demo's deliverable is in another campaign.
    let demo = elsewhere(&app, &f).await;
    let bad = format!(
        "deliverable_id,creator,captured_at,reach,likes,revenue\n\
         {a},Ana Test,2026-05-20,1000,50,10\n\
         {b},Ana Test,2026-05-20,-5,50,\n\
         {demo},Sam,2026-05-20,10,1,\n\
         {v},Ben Test,2026-06-05,10,1,\n"
    );
    for commit in [false, true] {
        let p = upload(&mut marketing, &f, commit, &bad).await;
        assert_eq!(p.recorded, None);
        assert_eq!(p.rows, 4);
        let named: Vec<(usize, &str)> =
            p.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            named,
            [(3, "reach"), (4, "deliverable_id"), (5, "captured_at")],
            "{:?}",
            p.errors
        );
        assert_eq!(p.error_count, 3);
    }
    assert_eq!(snapshots(&app).await, 0);

    // An unknown column is refused before any line is read.
    let p = upload(&mut marketing, &f, true, "deliverable_id,reech\n1,2\n").await;
    assert_eq!((p.errors[0].row, p.errors[0].field.as_str()), (1, "reech"));

    // A good sheet: the preview writes nothing; recording writes it all, once.
    let good = format!(
        "\u{feff}deliverable_id,captured_at,reach,likes,comments,revenue\n\
         {a},2026-05-19,800,30,0,\n\
         {a},2026-05-20 10:00,1000,50,5,\"1,000.00\"\n\
         {v},2026-05-20,2000,100,10,\n"
    );
    let p = upload(&mut marketing, &f, false, &good).await;
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.rows, p.readings.len(), p.recorded), (3, 3, None));
    assert_eq!(p.readings[1].counts.revenue_minor, 100_000);
    assert_eq!(snapshots(&app).await, 0);
    let p = upload(&mut marketing, &f, true, &good).await;
    assert_eq!(p.recorded, Some(3));
    assert_eq!(snapshots(&app).await, 3);
    assert_eq!(audited(&app, "metrics.import").await, 1);
    let d = dashboard(&mut marketing, &f).await;
    assert_eq!(d.counts.reach, 3_000);
    assert_eq!(d.counts.revenue_minor, 100_000);
    assert_eq!(d.trend.len(), 2, "{:?}", d.trend);
    let shown = readings(&mut marketing, a).await;
    assert_eq!(shown.total, 2);
    assert_eq!(shown.snapshots[0].source, Source::Csv);

    // Legal may download the sheet but not record one; strangers neither.
    let mut legal = app.signed_in(LEGAL).await;
    let r = legal
        .post_bytes(&sheet_path(&f, true), good.clone().into())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = app
        .client()
        .post_bytes(&sheet_path(&f, true), good.into())
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    assert_eq!(snapshots(&app).await, 3);
}

#[tokio::test]
async fn the_demo_simulator_feeds_readings_only_while_on() {
    use app::metrics::api::SwitchSimulator;
    use app::metrics::ssr::simulator::tick;
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let [post, ..] = f.deliverables;
    let mut marketing = app.signed_in(MARKETING).await;
    let r = type_in(
        &mut marketing,
        post,
        &[("counts[reach]", "1000"), ("counts[likes]", "50")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let later = || common::start_time() + chrono::Duration::minutes(1);
    let db = &app.state.db;
    let events = &app.state.events;

    // Off (the default): nothing is invented.
    assert_eq!(tick(db, events, later()).await.unwrap(), 0);
    assert_eq!(dashboard(&mut marketing, &f).await.simulator, Some(false));

    // Directors watch; marketing switches it on, and only in the demo organization.
    let mut director = app.signed_in("director@roster.example").await;
    let r = director.call::<SwitchSimulator>(&[("on", "true")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    let r = other.call::<SwitchSimulator>(&[("on", "true")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let r = marketing.call::<SwitchSimulator>(&[("on", "true")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(audited(&app, "organization.simulator").await, 1);
    assert_eq!(dashboard(&mut marketing, &f).await.simulator, Some(true));

    // Each deliverable with readings gets one more, a little above, labelled as invented.
    assert_eq!(tick(db, events, later()).await.unwrap(), 1);
    let shown = readings(&mut marketing, post).await;
    assert_eq!(shown.total, 2);
    let (new, old) = (&shown.snapshots[0], &shown.snapshots[1]);
    assert_eq!(new.source, Source::Simulator);
    assert!(new.counts.reach >= old.counts.reach && new.counts.likes >= old.counts.likes);

    // Never once the results are final, nor after it is switched off.
    let r = marketing.call::<SwitchSimulator>(&[("on", "false")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        tick(db, events, later() + chrono::Duration::minutes(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(snapshots(&app).await, 2);
}

/// The "latest 20" of docs/FEATURES.md §7: a deliverable with 21 readings lists the newest 20, newest
/// first, and says there are 21.
#[tokio::test]
async fn a_deliverable_lists_its_latest_twenty_readings_and_counts_them_all() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let [post, ..] = f.deliverables;
    let mut marketing = app.signed_in(MARKETING).await;
    for day in 1..=21 {
        let at = format!("2026-05-{day:02}T10:00");
        let reach = (day * 100).to_string();
        let r = type_in(
            &mut marketing,
            post,
            &[("captured_at", &at), ("counts[reach]", &reach)],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let shown = readings(&mut marketing, post).await;
    assert_eq!(shown.total, 21);
    assert_eq!(shown.snapshots.len() as u64, app::metrics::HISTORY);
    let days: Vec<String> = shown
        .snapshots
        .iter()
        .map(|s| s.captured_at.format("%d").to_string())
        .collect();
    let newest_first: Vec<String> = (2..=21).rev().map(|d| format!("{d:02}")).collect();
    assert_eq!(days, newest_first, "the newest 20, newest first");
}
