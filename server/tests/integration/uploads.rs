//! Limits on what creators store: a quota per person, a reserve of free disk the database
//! keeps, pending files that uploads sent together cannot overrun, and the sweep that
//! forgets abandoned uploads and removes files no record names.

use crate::common::TestApp;
use crate::common::portal::*;
use app::db::upload;
use app::deliverables::types::UploadedFile;
use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

async fn uploads(app: &TestApp) -> u64 {
    upload::Entity::find().count(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn a_creator_stores_up_to_their_quota_and_is_told_why_not_beyond() {
    let app = TestApp::tuned(|s| s.user_quota = 100_000).await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    for i in 0..2 {
        let r = upload(&mut creator, d, "a.png", png(40_000 + i)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let over = upload(&mut creator, d, "b.png", png(30_000)).await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{}", over.text);
    assert!(
        over.text.contains("take 80 KB of the 100 KB you may store"),
        "{}",
        over.text
    );
    assert_eq!(uploads(&app).await, 2);
}

#[tokio::test]
async fn uploads_stop_before_the_disk_is_full_and_the_database_still_writes() {
    // A reserve larger than any disk: as if the disk were full.
    let app = TestApp::tuned(|s| s.disk_reserve = u64::MAX / 2).await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let r = upload(&mut creator, d, "a.png", png(1_000)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("no room for this file"), "{}", r.text);
    assert_eq!(uploads(&app).await, 0);
    assert_eq!(stored_files(&app), 0);
    // Drafts without media still go through.
    let r = submit(&mut creator, d, "Words only #ad", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn uploads_sent_together_cannot_pass_the_pending_limit() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let sends = (0..45).map(|i| {
        let mut c = app.client();
        c.cookie = creator.cookie.clone();
        async move { upload(&mut c, d, "x.png", png(100 + i)).await.status }
    });
    let answers = futures::future::join_all(sends).await;
    let ok = answers.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(
        ok as u64,
        app::deliverables::ssr::PENDING_MAX,
        "{answers:?}"
    );
    assert_eq!(uploads(&app).await, app::deliverables::ssr::PENDING_MAX);
}

#[tokio::test]
async fn the_sweep_forgets_abandoned_uploads_and_removes_their_files() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let kept: UploadedFile = upload(&mut creator, d, "kept.png", png(300)).await.json();
    let r = submit(&mut creator, d, "With a photo #ad", &[kept.id]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    upload(&mut creator, d, "left.png", png(400)).await;
    assert_eq!((uploads(&app).await, stored_files(&app)), (2, 2));
    // A day later, the abandoned one is forgotten and its file removed; the submitted
    // one stays, file and all.
    let later = app.clock.now() + chrono::Duration::days(2);
    let swept = app::deliverables::ssr::sweep(
        &app.state.db,
        &app.state.settings.data_dir,
        later - chrono::Duration::days(1),
        std::time::SystemTime::now() + std::time::Duration::from_secs(1),
    )
    .await
    .unwrap();
    assert_eq!(swept, (1, 1));
    assert_eq!((uploads(&app).await, stored_files(&app)), (1, 1));
    let media = get_media(&creator, &app, kept.id, None).await;
    assert_eq!(media.0, StatusCode::OK);
}
