//! An admin's hold on the team (roles, deactivation, reset links; never without an active
//! admin) and one's own account (name, password).

use crate::common::{TestApp, next_event, other_organization_admin};
use app::auth::api::{ChangeName, ChangePassword};
use app::db::{audit_event, outbox_message};
use app::domain::role::Role;
use app::team::Team;
use app::team::api::{ChangeMemberRole, GetTeam, SendMemberResetLink, SetMemberActive};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ADMIN: &str = "admin@roster.example";
const MAYA: &str = "marketing@roster.example";

async fn id_of(app: &TestApp, email: &str) -> String {
    crate::common::portal::account(app, email)
        .await
        .unwrap()
        .id
        .to_string()
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .count(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_changes_a_role_and_the_member_works_in_it_at_once() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(ADMIN).await;
    let mut maya = app.signed_in(MAYA).await;
    let maya_id = id_of(&app, MAYA).await;
    let r = admin
        .call::<ChangeMemberRole>(&[("member_id", &maya_id), ("role", "legal")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(maya.current_user().await.unwrap().role, Role::Legal);
    assert_eq!(audited(&app, "user.role_change").await, 1);
    // Creators are not staff; other roles may not; another organization finds no one.
    let r = admin
        .call::<ChangeMemberRole>(&[("member_id", &maya_id), ("role", "creator")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = maya
        .call::<ChangeMemberRole>(&[("member_id", &maya_id), ("role", "admin")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let other = other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    let r = olga
        .call::<ChangeMemberRole>(&[("member_id", &maya_id), ("role", "director")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_last_active_admin_is_never_demoted_or_deactivated() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(ADMIN).await;
    let admin_id = id_of(&app, ADMIN).await;
    let r = admin
        .call::<ChangeMemberRole>(&[("member_id", &admin_id), ("role", "marketing")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("last active admin"));
    // With a second admin, the first may step down; the second is then the last.
    let maya_id = id_of(&app, MAYA).await;
    let r = admin
        .call::<ChangeMemberRole>(&[("member_id", &maya_id), ("role", "admin")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut maya = app.signed_in(MAYA).await;
    let r = maya
        .call::<SetMemberActive>(&[("member_id", &admin_id), ("active", "false")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = maya
        .call::<ChangeMemberRole>(&[("member_id", &maya_id), ("role", "director")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let r = maya
        .call::<SetMemberActive>(&[("member_id", &maya_id), ("active", "false")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
}

#[tokio::test]
async fn a_deactivated_member_is_signed_out_at_once_and_cannot_sign_in_until_reactivated() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(ADMIN).await;
    let mut maya = app.signed_in(MAYA).await;
    let (status, mut board) = maya.open("/events", None).await;
    assert_eq!(status, StatusCode::OK);
    let maya_id = id_of(&app, MAYA).await;
    let r = admin
        .call::<SetMemberActive>(&[("member_id", &maya_id), ("active", "false")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(next_event(&mut board).await.kind, app::realtime::SIGNED_OUT);
    assert_eq!(maya.current_user().await, None);
    assert_eq!(maya.get("/campaigns").await.status, StatusCode::FOUND);
    let r = app.client().login(MAYA, server::demo::PASSWORD).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("deactivated"));
    // A wrong password learns nothing of it.
    let r = app.client().login(MAYA, "not her password at all").await;
    assert!(!r.text.contains("deactivated"));
    let team: Team = admin.call::<GetTeam>(&[]).await.json();
    assert!(
        !team
            .members
            .iter()
            .find(|m| m.email == MAYA)
            .unwrap()
            .active
    );
    assert_eq!(audited(&app, "user.deactivate").await, 1);

    let r = admin
        .call::<SetMemberActive>(&[("member_id", &maya_id), ("active", "true")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut back = app.signed_in(MAYA).await;
    assert!(back.current_user().await.is_some());
    assert_eq!(audited(&app, "user.reactivate").await, 1);
    // Nobody deactivates themself.
    let admin_id = id_of(&app, ADMIN).await;
    let r = admin
        .call::<SetMemberActive>(&[("member_id", &admin_id), ("active", "false")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_admin_sends_a_member_a_reset_link_that_no_admin_can_read() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(ADMIN).await;
    let maya_id = id_of(&app, MAYA).await;
    let r = admin
        .call::<SendMemberResetLink>(&[("member_id", &maya_id)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<String>(), MAYA);
    let sent = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(MAYA))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].organization_id, None, "in no organization's outbox");
    assert_eq!(audited(&app, "user.password_reset_send").await, 1);
}

#[tokio::test]
async fn a_new_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::new().await;
    let mut laptop = app.signed_in(MAYA).await;
    let mut phone = app.signed_in(MAYA).await;
    let (_, mut phone_events) = phone.open("/events/me", None).await;
    let (_, mut laptop_events) = laptop.open("/events/me", None).await;
    let new = "tidal lantern orchard seven";
    let r = laptop
        .call::<ChangePassword>(&[
            ("current_password", "wrong one here"),
            ("new_password", new),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.error().field("current_password").is_some());
    let r = laptop
        .call::<ChangePassword>(&[
            ("current_password", server::demo::PASSWORD),
            ("new_password", "maya chen 2026"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.error().field("new_password").is_some(), "{}", r.text);
    let r = laptop
        .call::<ChangePassword>(&[
            ("current_password", server::demo::PASSWORD),
            ("new_password", new),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // This session stays; the other ends, its stream with it.
    assert!(laptop.current_user().await.is_some());
    assert_eq!(phone.current_user().await, None);
    assert_eq!(
        next_event(&mut phone_events).await.kind,
        app::realtime::SIGNED_OUT
    );
    let quiet = tokio::time::timeout(
        std::time::Duration::from_millis(300),
        next_event_or_end(&mut laptop_events),
    )
    .await;
    assert!(quiet.is_err(), "this page's stream carries on");
    assert_eq!(
        app.client()
            .login(MAYA, server::demo::PASSWORD)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.signed_in_with(MAYA, new).await;
    assert_eq!(audited(&app, "user.password_change").await, 1);
}

async fn next_event_or_end(body: &mut axum::body::Body) {
    use http_body_util::BodyExt;
    let _ = body.frame().await;
}

#[tokio::test]
async fn one_changes_the_name_one_is_shown_under() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in(MAYA).await;
    let r = maya
        .call::<ChangeName>(&[("name", "  Maya Chen-Lee ")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(maya.current_user().await.unwrap().name, "Maya Chen-Lee");
    let r = maya.call::<ChangeName>(&[("name", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(audited(&app, "user.rename").await, 1);
}
