//! Drafts and their media over HTTP: versions, upload limits and types, a cut-off upload, range requests, who may see a file, compression.

use crate::common;
use crate::common::portal::*;
use crate::common::{TestApp, UPLOAD_LIMIT, other_organization_admin};
use app::deliverables::api::{GetDeliverable, SubmitLiveLink};
use app::deliverables::types::{DeliverableView, DraftVersionView, UploadedFile};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use sea_orm::EntityTrait;
use tower::ServiceExt;

#[tokio::test]
async fn drafts_are_versions_of_caption_and_media_and_old_ones_stay_readable() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;

    let r = upload(&mut creator, d, "look.png", png(1000)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let file: UploadedFile = r.json();
    assert_eq!(file.content_type, "image/png");
    let r = submit(&mut creator, d, "First take #ad", &[file.id]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<DraftVersionView>().number, 1);
    // An upload joins one version only.
    let r = submit(&mut creator, d, "Reusing", &[file.id]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let second: UploadedFile = upload(&mut creator, d, "look2.png", png(2000)).await.json();
    let r = submit(&mut creator, d, "Second take #ad", &[second.id]).await;
    assert_eq!(r.json::<DraftVersionView>().number, 2);

    // Marketing sees both versions, newest first, with their media.
    let view: DeliverableView = m
        .call::<GetDeliverable>(&[("id", &d.to_string())])
        .await
        .json();
    assert_eq!(view.versions.len(), 2);
    assert_eq!(view.versions[0].caption, "Second take #ad");
    assert_eq!(view.versions[1].media[0].id, file.id);
    assert!(!view.is_creator);
    // Only the creator submits.
    assert_eq!(
        submit(&mut m, d, "Staff", &[]).await.status,
        StatusCode::FORBIDDEN
    );

    // The live link.
    let r = creator
        .call::<SubmitLiveLink>(&[
            ("deliverable_id", &d.to_string()),
            ("live_url", "not a link"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = creator
        .call::<SubmitLiveLink>(&[
            ("deliverable_id", &d.to_string()),
            ("live_url", "https://instagram.example/p/abc"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let view: DeliverableView = m
        .call::<GetDeliverable>(&[("id", &d.to_string())])
        .await
        .json();
    assert_eq!(
        view.summary.live_url.as_deref(),
        Some("https://instagram.example/p/abc")
    );
}

#[tokio::test]
async fn uploads_are_limited_type_checked_and_leave_nothing_when_refused() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let too_big = upload(&mut creator, d, "big.png", png(UPLOAD_LIMIT as usize)).await;
    assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_big.error().to_string().contains("larger than"));
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0rest".to_vec();
    let exe = upload(&mut creator, d, "cute.png", exe).await;
    assert_eq!(exe.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(exe.error().to_string().contains("not a photo or video"));
    let uploads = app::db::upload::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(uploads.is_empty());
    // Staff do not upload drafts; nor does anyone signed out, another creator, or anyone
    // for a deliverable that does not exist.
    let status = |r: common::Reply| r.status;
    assert_eq!(
        status(upload(&mut m, d, "x.png", png(10)).await),
        StatusCode::FORBIDDEN
    );
    let mut anonymous = app.client();
    assert_eq!(
        status(upload(&mut anonymous, d, "x.png", png(10)).await),
        StatusCode::UNAUTHORIZED
    );
    let mut stranger = another_creator(&app).await;
    assert_eq!(
        status(upload(&mut stranger, d, "x.png", png(10)).await),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(upload(&mut creator, 9999, "x.png", png(10)).await),
        StatusCode::NOT_FOUND
    );
    assert_eq!(stored_files(&app), 0);
}

#[tokio::test]
async fn an_upload_cut_off_halfway_leaves_no_file_and_no_row() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let cookie = creator.cookie.clone().unwrap();
    // A body that sends half a file, then fails like a dropped connection.
    let half = png(5000)[..2500].to_vec();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset",
        )),
    ];
    let body = Body::from_stream(futures::stream::iter(chunks));
    let mut req = Request::post(format!("/uploads?deliverable={d}&name=cut.png"))
        .header(header::HOST, "roster.test")
        .header(header::ORIGIN, common::PUBLIC_URL)
        .header(header::COOKIE, cookie)
        .body(body)
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(creator.peer));
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_ne!(res.status(), StatusCode::OK);
    assert!(
        app::db::upload::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(stored_files(&app), 0, "no partial file is left behind");
}

#[tokio::test]
async fn media_is_served_with_ranges_to_those_who_may_see_it_and_to_nobody_else() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (ana, d) = deliverable(&app, &mut m, &mut creator).await;
    let bytes = png(3000);
    let file: UploadedFile = upload(&mut creator, d, "look.png", bytes.clone())
        .await
        .json();

    // Before submission, only its uploader sees it.
    assert_eq!(
        get_media(&creator, &app, file.id, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get_media(&m, &app, file.id, None).await.0,
        StatusCode::NOT_FOUND
    );
    submit(&mut creator, d, "Take", &[file.id]).await;

    let (status, headers, body) = get_media(&m, &app, file.id, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, bytes);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    let (status, headers, body) = get_media(&creator, &app, file.id, Some("bytes=100-199")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, bytes[100..200]);
    assert_eq!(
        headers[header::CONTENT_RANGE],
        format!("bytes 100-199/{}", bytes.len())
    );

    // Another organization, another creator, and anonymous get nothing.
    let other = other_organization_admin(&app).await;
    let other = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        get_media(&other, &app, file.id, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get_media(&app.client(), &app, file.id, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let stranger = another_creator(&app).await;
    assert_eq!(
        get_media(&stranger, &app, file.id, None).await.0,
        StatusCode::NOT_FOUND
    );
    let _ = ana;
}

#[tokio::test]
async fn pages_travel_compressed() {
    let app = TestApp::new().await;
    let req = Request::get("/login")
        .header(header::HOST, "roster.test")
        .header(header::ACCEPT_ENCODING, "br")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
}
