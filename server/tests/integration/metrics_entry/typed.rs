//! A reading typed in by marketing, and a bad one.

use super::*;

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
