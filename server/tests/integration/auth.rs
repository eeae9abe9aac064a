//! Signing in and out over HTTP: sessions, cookies, rate limiting, guards, CSRF.

use crate::common;
use crate::common::TestApp;
use app::auth::api::{Login, Logout, LogoutEverywhere};
use app::domain::role::Role;
use app::error::AppError;
use axum::http::StatusCode;

#[tokio::test]
async fn each_demo_role_signs_in_and_is_told_its_home() {
    let app = TestApp::new().await;
    for (role, _, email) in server::demo::USERS {
        let mut c = app.client();
        let r = c.login(email, server::demo::PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{email}: {}", r.text);
        let app::auth::SignIn::Done(user) = r.json() else {
            panic!("{email} signs in with a password alone: {}", r.text)
        };
        assert_eq!(user.role, role);
        assert_eq!(r.location.as_deref(), Some(role.home()));
        assert_eq!(
            c.current_user().await.map(|u| u.email),
            Some(email.to_string())
        );
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let r = c
        .login("admin@roster.example", server::demo::PASSWORD)
        .await;
    let cookie = r.set_cookie.expect("a session cookie");
    assert!(cookie.starts_with("roster_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
}

#[tokio::test]
async fn signing_in_again_cycles_the_session_id() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.login("admin@roster.example", server::demo::PASSWORD)
        .await;
    let first = c.cookie.clone().unwrap();
    c.login("marketing@roster.example", server::demo::PASSWORD)
        .await;
    let second = c.cookie.clone().unwrap();
    assert_ne!(
        first, second,
        "a fixed session id would allow session fixation"
    );
    assert_eq!(c.current_user().await.unwrap().role, Role::Marketing);

    let mut stale = app.client();
    stale.cookie = Some(first);
    assert_eq!(stale.current_user().await, None, "the old id must be dead");
}

#[tokio::test]
async fn a_wrong_password_or_unknown_email_gets_the_same_clear_refusal() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let wrong = c.login("admin@roster.example", "not-the-password").await;
    let unknown = c.login("nobody@roster.example", "whatever-password").await;
    for r in [&wrong, &unknown] {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            r.error().field("password").as_deref(),
            Some("That email and password do not match an account.")
        );
    }
    assert_eq!(c.cookie, None);
    assert_eq!(c.current_user().await, None);
}

#[tokio::test]
async fn emails_are_case_insensitive() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let r = c
        .login("  Admin@Roster.EXAMPLE ", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn failures_from_one_address_wait_longer_and_longer() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for _ in 0..3 {
        let r = c.login("legal@roster.example", "bad-password!").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The fourth attempt waits a second, even with the right password; then 2 s, 4 s…
    for wait in [1, 2, 4, 8] {
        let early = c
            .login("legal@roster.example", server::demo::PASSWORD)
            .await;
        assert_eq!(
            early.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            early.text
        );
        assert_eq!(early.error(), AppError::RateLimited(wait));
        assert!(
            early
                .error()
                .to_string()
                .starts_with("Too many attempts. Try again in")
        );
        app.clock.advance(chrono::Duration::seconds(wait.into()));
        let r = c.login("legal@roster.example", "bad-password!").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "after {wait} s");
    }
    // Other accounts are unaffected, and after the wait the right password works.
    app.signed_in("director@roster.example").await;
    app.clock.advance(chrono::Duration::seconds(16));
    let r = c
        .login("legal@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn a_strangers_failures_never_lock_the_owner_out_of_their_usual_address() {
    let app = TestApp::new().await;
    // Leo signs in from his office as usual.
    let mut office = app.client();
    office.peer = "198.51.100.20:4000".parse().unwrap();
    assert_eq!(
        office
            .login("legal@roster.example", server::demo::PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    // Strangers from many addresses guess his password.
    for i in 0..30 {
        let mut stranger = app.client();
        stranger.peer = format!("203.0.113.{}:5000", i + 1).parse().unwrap();
        stranger
            .login("legal@roster.example", "a guess at it")
            .await;
        app.clock.advance(chrono::Duration::seconds(10));
    }
    // A new stranger is held off, right password or not…
    let mut another = app.client();
    another.peer = "192.0.2.99:6000".parse().unwrap();
    let r = another
        .login("legal@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    // …while Leo, from his usual address, signs in at once.
    let mut leo = app.client();
    leo.peer = office.peer;
    let r = leo
        .login("legal@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn a_success_clears_the_failure_count() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for _ in 0..3 {
        c.login("legal@roster.example", "bad-password!").await;
        app.clock.advance(chrono::Duration::seconds(30));
    }
    assert_eq!(
        c.login("legal@roster.example", server::demo::PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    for _ in 0..3 {
        assert_eq!(
            c.login("legal@roster.example", "bad-password!")
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::new().await;
    let mut c = app.signed_in("marketing@roster.example").await;
    let old = c.cookie.clone();
    let r = c.call::<Logout>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some("/login"));
    let mut replay = app.client();
    replay.cookie = old;
    assert_eq!(replay.current_user().await, None);
}

#[tokio::test]
async fn logout_everywhere_ends_every_session_of_that_user_only() {
    let app = TestApp::new().await;
    let mut laptop = app.signed_in("marketing@roster.example").await;
    let mut phone = app.signed_in("marketing@roster.example").await;
    let mut colleague = app.signed_in("legal@roster.example").await;

    let r = laptop.call::<LogoutEverywhere>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<u64>(), 2);
    assert_eq!(phone.current_user().await, None);
    assert_eq!(laptop.current_user().await, None);
    assert!(colleague.current_user().await.is_some());
}

#[tokio::test]
async fn logout_everywhere_needs_a_signed_in_user() {
    let app = TestApp::new().await;
    let r = app.client().call::<LogoutEverywhere>(&[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error(), AppError::Unauthenticated);
}

#[tokio::test]
async fn a_cross_site_post_is_refused_before_it_runs() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.origin = Some("https://evil.example".into());
    let r = c
        .call::<Login>(&[
            ("email", "admin@roster.example"),
            ("password", server::demo::PASSWORD),
        ])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.cookie, None);

    c.origin = Some("http://roster.test".into());
    let r = c
        .login("admin@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "same-origin posts pass: {}",
        r.text
    );
}

#[tokio::test]
async fn logins_are_audited() {
    use app::db::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::new().await;
    app.signed_in("director@roster.example").await;
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("user.login"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert!(events[0].actor_user_id.is_some());
    assert_eq!(events[0].created_at, common::start_time());
}

#[tokio::test]
async fn one_address_may_fail_fifty_times_across_emails_then_waits() {
    let app = TestApp::new().await;
    let mut attacker = app.client();
    // A success from the same address must not reset its count.
    let r = attacker
        .login("director@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    for i in 0..50 {
        let r = attacker
            .login(&format!("guess{i}@roster.example"), "guessing-password")
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
        if i == 25 {
            attacker
                .login("director@roster.example", server::demo::PASSWORD)
                .await;
        }
    }
    let r = attacker
        .login("admin@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);

    let mut elsewhere = app.client();
    elsewhere.peer = "198.51.100.9:40000".parse().unwrap();
    let r = elsewhere
        .login("admin@roster.example", server::demo::PASSWORD)
        .await;
    assert_eq!(r.status, StatusCode::OK, "other addresses are unaffected");
}

#[tokio::test]
async fn sign_in_returns_to_a_local_next_page_only() {
    let app = TestApp::new().await;
    let login = |next: &'static str| {
        let mut c = app.client();
        async move {
            c.call::<Login>(&[
                ("email", "admin@roster.example"),
                ("password", server::demo::PASSWORD),
                ("next", next),
            ])
            .await
        }
    };
    assert_eq!(login("/team").await.location.as_deref(), Some("/team"));
    for hostile in [
        "//evil.example",
        "https://evil.example/",
        "/\t/evil.example",
        "/caf\u{e9}",
    ] {
        let r = login(hostile).await;
        assert_eq!(r.status, StatusCode::OK, "{hostile}: {}", r.text);
        assert_eq!(r.location.as_deref(), Some("/campaigns"), "{hostile}");
    }
}

#[tokio::test]
async fn an_active_session_is_kept_alive_with_one_write_a_day() {
    let app = TestApp::new().await;
    let mut c = app.signed_in("legal@roster.example").await;
    let first = c.call::<app::auth::api::GetCurrentUser>(&[]).await;
    assert!(
        first.set_cookie.is_some(),
        "the first use marks the day and renews the cookie"
    );
    let again = c.call::<app::auth::api::GetCurrentUser>(&[]).await;
    assert!(
        again.set_cookie.is_none(),
        "no write for a second request the same day"
    );
    app.clock.advance(chrono::Duration::days(1));
    let next_day = c.call::<app::auth::api::GetCurrentUser>(&[]).await;
    assert!(
        next_day.set_cookie.is_some(),
        "a new day renews the session"
    );
    assert!(c.current_user().await.is_some());
}

#[tokio::test]
async fn requests_arriving_together_each_find_their_own_session() {
    // Session lookups that arrive together are answered by one query: each request must
    // still get its own user, also when one session asks several times at once, and an
    // ended session none.
    let app = TestApp::new().await;
    let mut sessions = Vec::new();
    for email in [
        "marketing@roster.example",
        "legal@roster.example",
        "admin@roster.example",
    ] {
        sessions.push((app.signed_in(email).await.cookie, Some(email)));
    }
    let mut ended = app.signed_in("admin@roster.example").await;
    sessions.push((ended.cookie.clone(), None));
    let r = ended.call::<Logout>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let asks = (0..80).map(|i| {
        let (cookie, email) = sessions[i % sessions.len()].clone();
        let mut c = app.client();
        c.cookie = cookie;
        tokio::spawn(async move { (email, c.current_user().await.map(|u| u.email)) })
    });
    for ask in asks.collect::<Vec<_>>() {
        let (expected, found) = ask.await.unwrap();
        assert_eq!(found.as_deref(), expected);
    }
}
