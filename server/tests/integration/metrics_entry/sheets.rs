//! Results sheets, the demo simulator and a deliverable's latest readings.

use super::*;

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
