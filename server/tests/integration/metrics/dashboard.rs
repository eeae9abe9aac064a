//! The dashboard's figures from snapshots: computed by hand, late readings, live pushes,
//! and the time key older snapshots get.

use super::*;

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
