//! Policies and nonces, the Origin check, sessions ending, cache clearing, forged versions
//! and event streams.

use super::*;

#[tokio::test]
async fn pages_send_a_policy_with_their_scripts_nonce_and_files_one_that_runs_nothing() {
    let app = TestApp::new().await;
    let page = app.client().get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let policy = page
        .header("content-security-policy")
        .expect("a page policy");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 16, "{policy}");
    assert!(
        page.text.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    for directive in [
        "script-src 'nonce-",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"));
    // A new nonce each time.
    let again = app.client().get("/login").await;
    assert_ne!(again.header("content-security-policy"), Some(policy));
    for reply in [&page, &app.client().get("/health").await] {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("referrer-policy"), Some("same-origin"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
    }
    let health = app.client().get("/health").await;
    assert_eq!(
        health.header("content-security-policy"),
        Some(app::platform::http::RESOURCE_POLICY)
    );
}

#[tokio::test]
async fn a_signed_in_post_without_an_origin_is_refused() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    m.origin = None;
    let r = m.call::<CampaignOwners>(&[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    // Without a session there is nothing to forge: an integration's call passes.
    let mut anonymous = app.client();
    anonymous.origin = None;
    let r = anonymous.login(MARKETING, server::demo::PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn signing_out_everywhere_ends_the_open_event_streams_of_the_account() {
    let app = TestApp::new().await;
    let mut phone = app.signed_in(MARKETING).await;
    let mut laptop = app.signed_in(MARKETING).await;
    let (status, mut board) = laptop.open("/events", None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, mut mine) = laptop.open("/events/me", None).await;
    // Someone else's stream stays open.
    let mut legal = app.signed_in(LEGAL).await;
    let (_, mut theirs) = legal.open("/events/me", None).await;

    let r = phone.call::<LogoutEverywhere>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    for stream in [&mut board, &mut mine] {
        let event = next_event(stream).await;
        assert_eq!(event.kind, app::realtime::SIGNED_OUT);
        let end = tokio::time::timeout(std::time::Duration::from_secs(2), stream.frame()).await;
        assert!(matches!(end, Ok(None)), "the stream ends after signed_out");
    }
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(200), theirs.frame()).await;
    assert!(quiet.is_err(), "another person's stream hears nothing");
}

#[tokio::test]
async fn signing_out_clears_the_browsers_cache_and_media_are_asked_for_each_time() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let up = upload(&mut creator, d, "look.png", png(64)).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.text);
    let file: app::deliverables::types::UploadedFile = up.json();
    let media = creator.get(&format!("/media/{}", file.id)).await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.header("cache-control"), Some("private, no-cache"));
    // The security layer covers media too: never sniffed, nothing in them runs.
    assert_eq!(media.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        media.header("content-security-policy"),
        Some(app::platform::http::RESOURCE_POLICY)
    );
    let r = creator.call::<app::auth::api::Logout>(&[]).await;
    assert_eq!(r.header("clear-site-data"), Some("\"cache\""), "{}", r.text);
}

#[tokio::test]
async fn a_forged_version_is_a_stale_edit_not_a_server_error() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, entries) = crate::common::pipeline::board(&mut m).await;
    let id = entries[0].creator_id.to_string();
    let max = i32::MAX.to_string();
    let r = m
        .call::<app::creators::api::UpdateCreator>(&[
            ("id", &id),
            ("version", &max),
            ("input[name]", "Ana"),
            ("input[currency]", "EUR"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
}

#[tokio::test]
async fn event_ids_tell_nothing_of_another_organizations_activity() {
    use crate::common::pipeline::{board, move_to};
    let app = TestApp::new().await;
    let other = crate::common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    let (_, theirs) = board(&mut olga).await;
    let mut m = app.signed_in(MARKETING).await;
    let (spring, ours) = board(&mut m).await;
    let (_, mut stream) = m
        .open(&format!("/events?campaign={}", spring.id), None)
        .await;
    move_to(&mut m, &ours[0], "contacted", 0).await;
    let before = next_event(&mut stream).await;
    // The other organization is busy meanwhile.
    for (i, e) in theirs.iter().enumerate() {
        move_to(&mut olga, e, "contacted", i as u32).await;
    }
    move_to(&mut m, &ours[1], "contacted", 1).await;
    let after = next_event(&mut stream).await;
    assert_eq!(
        after.id,
        before.id + 1,
        "nothing of their three moves shows"
    );
}

#[tokio::test]
async fn one_person_holds_a_bounded_number_of_event_streams() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut open = Vec::new();
    for _ in 0..app::realtime::slots::PER_PERSON {
        let (status, body) = m.open("/events/me", None).await;
        assert_eq!(status, StatusCode::OK);
        open.push(body);
    }
    let (status, _) = m.open("/events", None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // A colleague is not affected, and a closed page gives its place back.
    let mut legal = app.signed_in(LEGAL).await;
    assert_eq!(legal.open("/events/me", None).await.0, StatusCode::OK);
    open.pop();
    assert_eq!(m.open("/events/me", None).await.0, StatusCode::OK);
}
