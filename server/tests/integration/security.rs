//! What every response carries for the browser's protection, and what a hostile name
//! cannot do: titles and text escaped in server-rendered pages, the security headers with
//! the page's script nonce, no signed-in POST without an Origin, and open event streams
//! that end when the session does.

use crate::common::portal::*;
use crate::common::{TestApp, next_event};
use app::auth::api::LogoutEverywhere;
use app::campaigns::api::CampaignOwners;
use app::db::{campaign, organization, outbox_message, user};
use app::team::api::InviteMember;
use axum::http::StatusCode;
use http_body_util::BodyExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// Names a hostile user might type: each closes the element it lands in, then runs script.
const HOSTILE: &str = "x </title><img src=x onerror=alert(1)> </script><script>alert(2)</script>";

/// What must never reach a page as markup.
const RAW: [&str; 3] = [
    "<img src=x onerror",
    "</script><script>alert(2)",
    "</title><img",
];

/// Who opens a page in the escaping test.
#[derive(Clone, Copy)]
enum Reader {
    Nobody,
    Marketing,
    Admin,
    Creator,
}

/// One page of the app: its route, the path opened for it, by whom, and whether one of the
/// hostile texts is on it (then it must be there, escaped).
struct Page {
    route: &'static str,
    path: String,
    reader: Reader,
    shows: bool,
}

fn page(route: &'static str, path: impl Into<String>, reader: Reader, shows: bool) -> Page {
    Page {
        route,
        path: path.into(),
        reader,
        shows,
    }
}

#[tokio::test]
async fn hostile_text_stays_text_on_every_page_of_the_app() {
    use Reader::*;
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let mut creator = app.signed_in(CREATOR).await;
    let mut nobody = app.client();
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
    // Running, so that the organization's wall counts it too.
    c.status = Set(app::domain::campaign::CampaignStatus::Active
        .as_str()
        .into());
    c.update(&app.state.db).await.unwrap();
    // Every person's name and the organization's name, as typed at sign-up and in settings.
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(HOSTILE))
        .exec(&app.state.db)
        .await
        .unwrap();
    organization::Entity::update_many()
        .col_expr(organization::Column::Name, Expr::value(HOSTILE))
        .exec(&app.state.db)
        .await
        .unwrap();
    // An invitation to someone the admin named, and the page its link opens.
    let sent = admin
        .call::<InviteMember>(&[
            ("email", "rosa@roster.example"),
            ("name", HOSTILE),
            ("role", "marketing"),
        ])
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let invitation = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq("rosa@roster.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the invitation's email");
    let token = invitation.link.rsplit('/').next().unwrap().to_string();
    // A CSV of creators waiting in its preview.
    let csv = format!("Email,Name,Instagram Handle\r\nzed@example.com,\"{HOSTILE}\",zed\r\n");
    let staged = m
        .post_bytes(
            "/creators/import/upload?name=creators.csv",
            csv.into_bytes(),
        )
        .await;
    assert_eq!(staged.status, StatusCode::OK, "{}", staged.text);
    let import = staged.json::<app::creators::import::ImportPreview>().id;
    // A link's token is what a visitor typed into the address bar.
    let typed = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E";

    let (campaign_id, entry, creator_id) = (ana.campaign_id, ana.id, ana.creator_id);
    let pages = [
        page("/", "/", Marketing, false),
        page("/login", "/login", Nobody, false),
        page("/forgot-password", "/forgot-password", Nobody, false),
        page("/invite/{token}", format!("/invite/{token}"), Nobody, true),
        page("/reset/{token}", format!("/reset/{typed}"), Nobody, false),
        page(
            "/confirm-email/{token}",
            format!("/confirm-email/{typed}"),
            Nobody,
            false,
        ),
        page("/setup/{token}", format!("/setup/{typed}"), Nobody, false),
        page("/wall", "/wall", Marketing, true),
        page(
            "/campaigns/{id}/wall",
            format!("/campaigns/{campaign_id}/wall"),
            Marketing,
            true,
        ),
        page("/portal", "/portal", Creator, true),
        page("/portal/onboarding", "/portal/onboarding", Creator, true),
        page(
            "/portal/collaborations/{id}",
            format!("/portal/collaborations/{entry}"),
            Creator,
            true,
        ),
        page(
            "/portal/deliverables/{id}",
            format!("/portal/deliverables/{d}"),
            Creator,
            true,
        ),
        page("/portal/account", "/portal/account", Creator, true),
        page("/dashboard", "/dashboard", Marketing, true),
        page(
            "/campaigns/{id}/dashboard",
            format!("/campaigns/{campaign_id}/dashboard"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/report",
            format!("/campaigns/{campaign_id}/report"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/results/import",
            format!("/campaigns/{campaign_id}/results/import"),
            Marketing,
            true,
        ),
        page("/campaigns", "/campaigns", Marketing, true),
        page("/campaigns/new", "/campaigns/new", Marketing, true),
        page(
            "/campaigns/{id}",
            format!("/campaigns/{campaign_id}"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/board",
            format!("/campaigns/{campaign_id}/board"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/edit",
            format!("/campaigns/{campaign_id}/edit"),
            Marketing,
            true,
        ),
        page(
            "/campaigns/{id}/brief",
            format!("/campaigns/{campaign_id}/brief"),
            Marketing,
            true,
        ),
        page(
            "/entries/{id}",
            format!("/entries/{entry}"),
            Marketing,
            true,
        ),
        page(
            "/deliverables/{id}",
            format!("/deliverables/{d}"),
            Marketing,
            true,
        ),
        page("/creators", "/creators", Marketing, true),
        page("/creators/new", "/creators/new", Marketing, true),
        page("/creators/import", "/creators/import", Marketing, true),
        page(
            "/creators/import/{id}",
            format!("/creators/import/{import}"),
            Marketing,
            true,
        ),
        page(
            "/creators/{id}",
            format!("/creators/{creator_id}"),
            Marketing,
            true,
        ),
        page(
            "/creators/{id}/edit",
            format!("/creators/{creator_id}/edit"),
            Marketing,
            true,
        ),
        page("/tasks", "/tasks", Marketing, true),
        page("/reviews", "/reviews", Marketing, true),
        page("/payments", "/payments", Marketing, true),
        page("/team", "/team", Admin, true),
        page("/settings", "/settings", Admin, true),
        page("/account", "/account", Marketing, true),
    ];

    // Every page of the app is here: a new page without its row fails.
    let mut routes: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    routes.sort();
    routes.dedup();
    let mut listed: Vec<String> = pages.iter().map(|p| p.route.to_string()).collect();
    listed.sort();
    assert_eq!(listed, routes, "the pages checked are the app's pages");

    let mut wrong = Vec::new();
    for p in &pages {
        let client = match p.reader {
            Nobody => &mut nobody,
            Marketing => &mut m,
            Admin => &mut admin,
            Creator => &mut creator,
        };
        let reply = client.get(&p.path).await;
        assert!(
            // A link's page with a token that leads nowhere may say so with 404.
            reply.status == StatusCode::OK
                || reply.status.is_redirection()
                || (p.route.ends_with("{token}") && reply.status == StatusCode::NOT_FOUND),
            "{}: {}",
            p.path,
            reply.status
        );
        for raw in RAW {
            assert!(
                !reply.text.contains(raw),
                "{} carries {raw:?} as markup",
                p.path
            );
        }
        // The check above is only worth something where the text is there, escaped.
        if p.shows != reply.text.contains("&lt;/title&gt;&lt;img") {
            wrong.push(p.path.clone());
        }
    }
    assert!(
        wrong.is_empty(),
        "pages that should show the hostile text, escaped, and do not (or the other way round): {wrong:?}"
    );
    // The title itself, where the hostile name is the page's subject.
    let page = m.get(&format!("/creators/{creator_id}")).await;
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
