//! What every response carries for the browser's protection, and what a hostile name
//! cannot do: titles and text escaped in server-rendered pages, the security headers with
//! the page's script nonce, no signed-in POST without an Origin, and open event streams
//! that end when the session does.

use crate::common::portal::*;
use crate::common::{TestApp, next_event};
use app::auth::api::LogoutEverywhere;
use app::campaigns::api::CampaignOwners;
use app::db::campaign;
use axum::http::StatusCode;
use http_body_util::BodyExt;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

/// Names a hostile user might type: each closes the element it lands in, then runs script.
const HOSTILE: &str = "x </title><img src=x onerror=alert(1)> </script><script>alert(2)</script>";

/// What must never reach a page as markup.
const RAW: [&str; 3] = [
    "<img src=x onerror",
    "</script><script>alert(2)",
    "</title><img",
];

#[tokio::test]
async fn hostile_names_stay_text_in_every_page_that_shows_them() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (ana, d) = deliverable(&app, &mut m, &mut creator).await;
    let v = crate::reviews::version(&mut creator, d, &format!("Caption {HOSTILE} #ad")).await;
    let r = crate::reviews::add(&mut m, &v, HOSTILE, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    change_profile(&app, ana.creator_id, |row| row.name = Set(HOSTILE.into())).await;
    let mut c: campaign::ActiveModel = campaign::Entity::find_by_id(ana.campaign_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    c.name = Set(HOSTILE.into());
    c.update(&app.state.db).await.unwrap();

    let (campaign_id, entry) = (ana.campaign_id, ana.id);
    let staff = [
        format!("/campaigns/{campaign_id}"),
        format!("/campaigns/{campaign_id}/board"),
        format!("/campaigns/{campaign_id}/edit"),
        format!("/campaigns/{campaign_id}/brief"),
        format!("/campaigns/{campaign_id}/dashboard"),
        format!("/campaigns/{campaign_id}/report"),
        format!("/campaigns/{campaign_id}/wall"),
        "/campaigns".into(),
        format!("/creators/{}", ana.creator_id),
        format!("/creators/{}/edit", ana.creator_id),
        "/creators".into(),
        format!("/entries/{entry}"),
        format!("/deliverables/{d}"),
        "/reviews".into(),
        "/tasks".into(),
        "/payments".into(),
        "/dashboard".into(),
    ];
    let portal = [
        "/portal".to_string(),
        format!("/portal/collaborations/{entry}"),
        format!("/portal/deliverables/{d}"),
    ];
    let mut shown = 0;
    for (client, paths) in [(&mut m, &staff[..]), (&mut creator, &portal[..])] {
        for path in paths {
            let page = client.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            for raw in RAW {
                assert!(!page.text.contains(raw), "{path} carries {raw:?} as markup");
            }
            if page.text.contains("&lt;/title&gt;&lt;img") {
                shown += 1;
            }
        }
    }
    // The check above is only worth something if the names are there, escaped.
    assert!(
        shown >= 12,
        "the hostile names appeared escaped on {shown} pages"
    );
    // The title itself, where the hostile name is the page's subject.
    let page = m.get(&format!("/creators/{}", ana.creator_id)).await;
    assert!(
        page.text
            .contains("<title>x &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        &page.text[..page.text.len().min(600)]
    );
}

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
        Some(app::http::RESOURCE_POLICY)
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
    let file: app::drafts::UploadedFile = up.json();
    let media = creator.get(&format!("/media/{}", file.id)).await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.header("cache-control"), Some("private, no-cache"));
    // The security layer covers media too: never sniffed, nothing in them runs.
    assert_eq!(media.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        media.header("content-security-policy"),
        Some(app::http::RESOURCE_POLICY)
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
