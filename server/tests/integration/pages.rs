//! Server-rendered pages: what a browser gets before any script runs.

use crate::common;
use crate::common::TestApp;
use axum::http::StatusCode;
use sea_orm::EntityTrait;

#[tokio::test]
async fn the_login_page_renders_a_labelled_form() {
    let app = TestApp::new().await;
    let r = app.client().get("/login").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text.contains("Sign in to Roster"), "{}", r.text);
    assert!(r.text.contains(r#"<label for="email""#));
    assert!(
        r.text.contains("/pkg/roster.js"),
        "the page loads the hydration script"
    );
}

#[tokio::test]
async fn an_anonymous_visitor_is_sent_to_sign_in_and_back() {
    let app = TestApp::new().await;
    let r = app.client().get("/team").await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some("/login?next=/team"));
    let r = app.client().get("/").await;
    assert_eq!(r.location.as_deref(), Some("/login"));
}

#[tokio::test]
async fn home_sends_each_role_to_its_own_page() {
    let app = TestApp::new().await;
    for (role, _, email) in server::demo::USERS {
        let mut c = app.signed_in(email).await;
        let r = c.get("/").await;
        assert_eq!(r.location.as_deref(), Some(role.home()), "{email}");
        let home = c.get(role.home()).await;
        assert_eq!(home.status, StatusCode::OK, "{email} at {}", role.home());
    }
}

#[tokio::test]
async fn a_page_outside_your_role_says_so_with_403() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in("marketing@roster.example").await;
    let r = marketing.get("/team").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text.contains("No access"));

    let mut creator = app.signed_in("creator@roster.example").await;
    assert_eq!(
        creator.get("/campaigns").await.status,
        StatusCode::FORBIDDEN
    );
    let mut legal = app.signed_in("legal@roster.example").await;
    assert_eq!(legal.get("/portal").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_admin_team_page_lists_the_members() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let r = admin.get("/team").await;
    assert_eq!(r.status, StatusCode::OK);
    for (_, name, _) in server::demo::USERS
        .iter()
        .filter(|(role, ..)| role.is_staff())
    {
        assert!(r.text.contains(name), "{name} missing");
    }
}

#[tokio::test]
async fn unknown_pages_are_404() {
    let app = TestApp::new().await;
    let r = app.client().get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text.contains("Page not found"));
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::new().await;
    let r = app.client().get("/health").await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::OK, "ok"));
}

/// Every page's data resolves on the server: a resource that errs there would reach the
/// browser as an error and break hydration (the demo data gives each page something).
#[tokio::test]
async fn the_staff_pages_render_their_data_on_the_server() {
    let (db, _dir) = common::fresh_db().await;
    server::demo::seed_if_empty(&db, common::start_time(), true)
        .await
        .unwrap();
    let app = TestApp::with_db(db);
    let mut maya = app.signed_in("marketing@roster.example").await;
    for path in [
        "/campaigns",
        "/campaigns/1",
        "/campaigns/1/edit",
        "/campaigns/1/board",
        "/campaigns/1/dashboard",
        "/campaigns/1/wall",
        "/campaigns/1/report",
        "/campaigns/3/report",
        "/campaigns/1/results/import",
        "/dashboard",
        "/wall",
        "/tasks",
        "/payments",
        "/creators",
        "/creators?niche=outdoor&followers_min=50k",
        "/creators/1",
        "/creators/1/edit",
        "/creators/new",
        "/creators/import",
        "/reviews",
        "/deliverables/1",
        "/deliverables/1?v=1&compare=2",
    ] {
        let r = maya.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            !r.text.contains(r#"= "{\"Err"#),
            "{path}: a resource failed: {}",
            r.text
        );
    }
    let mut alex = app.signed_in("admin@roster.example").await;
    let team = alex.get("/team").await;
    assert_eq!(team.status, StatusCode::OK);
    assert!(team.text.contains("API tokens"));
    assert!(!team.text.contains(r#"= "{\"Err"#), "{}", team.text);
    let ana = maya.get("/creators/1").await;
    assert!(ana.text.contains("Ana Souza") && ana.text.contains("Spring Trail Collection"));
    let spring = maya.get("/campaigns/1").await;
    assert!(
        spring.text.contains("5 contacted · 1 signed · 4 needed"),
        "the campaign shows contacted vs needed: {}",
        spring.text
    );
    let board = maya.get("/campaigns/1/board").await;
    assert!(
        board.text.contains("Ana Souza") && board.text.contains("data-stage=\"contracted\""),
        "the board renders its cards on the server"
    );
    let tasks = maya.get("/tasks").await;
    assert!(
        tasks.text.contains("Follow up with") && tasks.text.contains("Overdue"),
        "the demo marketer has follow-ups waiting"
    );
    // The demo creator's Reel waits for review in its second version; legal's comment on
    // words since removed is outdated, and the revision is compared word by word.
    let mut leo = app.signed_in("legal@roster.example").await;
    let queue = leo.get("/reviews").await;
    assert!(
        queue.text.contains("Sam Rivera") && queue.text.contains("Summer Ridge Launch"),
        "{}",
        queue.text
    );
    let review = leo.get("/deliverables/1").await;
    assert!(review.text.contains("Outdated") && review.text.contains("nothing is indestructible"));
    let diff = leo.get("/deliverables/1?v=2&compare=1").await;
    assert!(diff.text.contains("<del>"), "{}", diff.text);
    let mut sam = app.signed_in("creator@roster.example").await;
    let reel = app::db::deliverable::Entity::find_by_id(1)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let collaboration = format!("/portal/collaborations/{}", reel.pipeline_entry_id);
    let reel_page = sam.get("/portal/deliverables/1").await;
    assert!(
        reel_page.text.contains("Revision rounds used: 1 of 2."),
        "the creator sees the brief's review policy: {}",
        reel_page.text
    );
    for path in ["/portal", &collaboration, "/portal/deliverables/1"] {
        let r = sam.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.text.contains(r#"= "{\"Err"#), "{path}: {}", r.text);
    }
}
