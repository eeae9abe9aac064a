//! Invitations end to end over HTTP: invite, the outbox, preview, accept, single use,
//! expiry, revocation, and who may do each.

use crate::common;
use crate::common::{PUBLIC_URL, TestApp, invite};
use app::auth::api::GetCurrentUser;
use app::domain::invitation::InvitationStatus;
use app::domain::role::Role;
use app::error::AppError;
use app::team::api::{
    AcceptInvitation, GetInvitation, GetOutbox, GetTeam, InviteMember, JoinInvitation,
    RevokeInvitation,
};
use app::team::{InvitationPreview, OutboxMessage, Team};
use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

/// Without a mail server (the test default) the inviter gets the link to pass on.
fn token_of(link: &Option<String>) -> String {
    let link = link
        .as_deref()
        .expect("the link, shown without a mail server");
    link.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn an_admin_invites_a_colleague_who_sets_a_password_and_is_signed_in() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let sent = invite(&mut admin, "Rosa@Example.com", "legal").await;
    let link = sent.link.clone().unwrap();
    assert!(link.starts_with(&format!("{PUBLIC_URL}/invite/")), "{link}");
    assert_eq!(sent.invitation.email, "rosa@example.com");
    assert_eq!(sent.invitation.status, InvitationStatus::Pending);

    // The email waits in the outbox, with the link.
    let outbox: Vec<OutboxMessage> = admin.call::<GetOutbox>(&[]).await.json();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].to_email, "rosa@example.com");
    assert!(outbox[0].body_text.contains(&link));
    assert!(outbox[0].sent_at.is_none());

    // The link holder sees whom it invites, without signing in.
    let token = token_of(&sent.link);
    let mut rosa = app.client();
    let preview: InvitationPreview = rosa
        .call::<GetInvitation>(&[("token", &token)])
        .await
        .json();
    assert_eq!(preview.role, Role::Legal);
    assert_eq!(preview.organization_name, server::demo::ORGANIZATION);

    let r = rosa
        .call::<AcceptInvitation>(&[("token", &token), ("password", "a long enough secret")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some("/reviews"));
    let me = rosa
        .current_user()
        .await
        .expect("signed in after accepting");
    assert_eq!(
        (me.email.as_str(), me.role),
        ("rosa@example.com", Role::Legal)
    );
    assert_eq!(
        me.organization_name.as_deref(),
        Some(server::demo::ORGANIZATION)
    );

    // And can sign in later with that password.
    app.signed_in_with("rosa@example.com", "a long enough secret")
        .await;

    let team: Team = admin.call::<GetTeam>(&[]).await.json();
    assert!(team.members.iter().any(|m| m.email == "rosa@example.com"));
    assert_eq!(team.invitations[0].status, InvitationStatus::Accepted);
}

#[tokio::test]
async fn an_invitation_link_works_once() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let token = token_of(
        &invite(&mut admin, "once@example.com", "marketing")
            .await
            .link,
    );
    let accept = [("token", token.as_str()), ("password", "first password!")];
    assert_eq!(
        app.client().call::<AcceptInvitation>(&accept).await.status,
        StatusCode::OK
    );

    let again = app.client().call::<AcceptInvitation>(&accept).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.error().to_string().contains("already been used"));
    let preview = app
        .client()
        .call::<GetInvitation>(&[("token", &token)])
        .await;
    assert_eq!(preview.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_expired_invitation_is_refused_and_creates_nothing() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let token = token_of(
        &invite(&mut admin, "late@example.com", "director")
            .await
            .link,
    );
    app.clock.advance(chrono::Duration::days(7));
    let r = app
        .client()
        .call::<AcceptInvitation>(&[("token", &token), ("password", "a fine password")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("expired"), "{}", r.text);
    assert!(
        app.client()
            .login("late@example.com", "a fine password")
            .await
            .status
            .is_client_error()
    );
}

#[tokio::test]
async fn a_short_password_is_refused_and_the_invitation_stays_usable() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let token = token_of(
        &invite(&mut admin, "short@example.com", "marketing")
            .await
            .link,
    );
    let users_before = app::db::user::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    let r = app
        .client()
        .call::<AcceptInvitation>(&[("token", &token), ("password", "short")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("password").is_some());
    assert_eq!(
        app::db::user::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap(),
        users_before
    );
    let ok = app
        .client()
        .call::<AcceptInvitation>(&[("token", &token), ("password", "now long enough")])
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}

#[tokio::test]
async fn an_unknown_link_is_not_found() {
    let app = TestApp::new().await;
    let r = app
        .client()
        .call::<GetInvitation>(&[("token", "made-up-token")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_revoked_invitation_cannot_be_used_or_revoked_twice() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let sent = invite(&mut admin, "revoked@example.com", "legal").await;
    let id = sent.invitation.id.to_string();
    let r = admin.call::<RevokeInvitation>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app
        .client()
        .call::<AcceptInvitation>(&[
            ("token", &token_of(&sent.link)),
            ("password", "a fine password"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("withdrawn"));
    assert_eq!(
        admin.call::<RevokeInvitation>(&[("id", &id)]).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn bad_invitations_are_refused_with_every_problem_named() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let r = admin
        .call::<InviteMember>(&[("email", "not-an-email"), ("name", "  "), ("role", "legal")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = r.error();
    assert!(
        err.field("email").is_some() && err.field("name").is_some(),
        "{err:?}"
    );

    let r = admin
        .call::<InviteMember>(&[
            ("email", "x@example.com"),
            ("name", "X"),
            ("role", "superuser"),
        ])
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "an unknown role is refused: {}",
        r.text
    );

    let r = admin
        .call::<InviteMember>(&[
            ("email", "legal@roster.example"),
            ("name", "Leo"),
            ("role", "legal"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "existing account");

    invite(&mut admin, "twice@example.com", "legal").await;
    let r = admin
        .call::<InviteMember>(&[
            ("email", "twice@example.com"),
            ("name", "T"),
            ("role", "legal"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "already pending");

    let invitations = app::db::invitation::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(invitations, 1, "refused invitations write nothing");
}

#[tokio::test]
async fn a_creator_joins_without_an_organization_and_lands_in_the_portal() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let token = token_of(
        &invite(&mut admin, "creator.new@example.com", "creator")
            .await
            .link,
    );
    let mut creator = app.client();
    let r = creator
        .call::<AcceptInvitation>(&[("token", &token), ("password", "creator password")])
        .await;
    assert_eq!(r.location.as_deref(), Some("/portal"));
    let me = creator.current_user().await.unwrap();
    assert_eq!((me.role, me.organization_id), (Role::Creator, None));
    assert_eq!(
        creator.call::<GetTeam>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn only_admins_manage_the_team() {
    let app = TestApp::new().await;
    for email in [
        "marketing@roster.example",
        "legal@roster.example",
        "director@roster.example",
        "creator@roster.example",
    ] {
        let mut c = app.signed_in(email).await;
        for r in [
            c.call::<GetTeam>(&[]).await,
            c.call::<GetOutbox>(&[]).await,
            c.call::<InviteMember>(&[("email", "a@b.co"), ("name", "A"), ("role", "admin")])
                .await,
            c.call::<RevokeInvitation>(&[("id", "1")]).await,
        ] {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}: {}", r.text);
            assert_eq!(r.error(), AppError::Forbidden);
        }
    }
    let mut anonymous = app.client();
    let r = anonymous.call::<GetTeam>(&[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        anonymous
            .call::<GetCurrentUser>(&[])
            .await
            .json::<Option<app::platform::user::CurrentUser>>()
            .is_none()
    );
}

#[tokio::test]
async fn another_organizations_admin_sees_nothing_of_ours() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let ours = invite(&mut admin, "ours@example.com", "legal").await;

    let other = common::other_organization_admin(&app).await;
    let mut theirs = app.signed_in_with(&other, "other admin password").await;
    let r = theirs
        .call::<RevokeInvitation>(&[("id", &ours.invitation.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error(), AppError::NotFound("Invitation".into()));
    let team: Team = theirs.call::<GetTeam>(&[]).await.json();
    assert_eq!(team.members.len(), 1);
    assert!(team.invitations.is_empty());
    assert!(
        theirs
            .call::<GetOutbox>(&[])
            .await
            .json::<Vec<OutboxMessage>>()
            .is_empty()
    );
}

#[tokio::test]
async fn invitations_and_acceptances_are_audited() {
    use app::db::audit_event;
    use sea_orm::{EntityTrait, QueryOrder};
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let sent = invite(&mut admin, "audited@example.com", "marketing").await;
    app.client()
        .call::<AcceptInvitation>(&[
            ("token", &token_of(&sent.link)),
            ("password", "audited password"),
        ])
        .await;
    let actions: Vec<String> = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("invitation."))
        .collect();
    assert_eq!(actions, ["invitation.create", "invitation.accept"]);
}

#[tokio::test]
async fn inviting_someone_elses_staff_reveals_nothing_and_fails_only_at_the_link() {
    let app = TestApp::new().await;
    let other = common::other_organization_admin(&app).await;
    let mut theirs = app.signed_in_with(&other, "other admin password").await;
    // Our legal user: the other admin cannot tell the address has an account.
    let sent = invite(&mut theirs, "legal@roster.example", "marketing").await;
    let token = token_of(&sent.link);
    let fresh = invite(&mut theirs, "nobody.yet@example.com", "marketing").await;
    let preview = |token: String| {
        let app = &app;
        async move {
            let r = app
                .client()
                .call::<GetInvitation>(&[("token", &token)])
                .await;
            let mut p: InvitationPreview = r.json();
            p.email = String::new();
            p
        }
    };
    assert_eq!(
        preview(token.clone()).await,
        preview(token_of(&fresh.link)).await,
        "the preview of an address with an account is that of one without"
    );
    let r = app
        .client()
        .call::<AcceptInvitation>(&[("token", &token), ("password", "a new password")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("Sign in with it to accept"));
    // Our user is untouched: same organization, same password.
    let mut leo = app.signed_in("legal@roster.example").await;
    assert_eq!(
        leo.current_user()
            .await
            .unwrap()
            .organization_name
            .as_deref(),
        Some(server::demo::ORGANIZATION)
    );
    let r = leo.call::<JoinInvitation>(&[("token", &token)]).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "staff cannot join a second organization"
    );
}

#[tokio::test]
async fn a_creator_with_an_account_joins_another_brand_by_signing_in() {
    let app = TestApp::new().await;
    let other = common::other_organization_admin(&app).await;
    let mut theirs = app.signed_in_with(&other, "other admin password").await;
    let sent = invite(&mut theirs, "creator@roster.example", "creator").await;
    let token = token_of(&sent.link);

    let r = app
        .client()
        .call::<AcceptInvitation>(&[("token", &token), ("password", "takeover attempt")])
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "no new password for an existing account"
    );
    assert!(r.error().to_string().contains("Sign in with it"));

    let anonymous = app
        .client()
        .call::<JoinInvitation>(&[("token", &token)])
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let mut someone_else = app.signed_in("marketing@roster.example").await;
    let r = someone_else
        .call::<JoinInvitation>(&[("token", &token)])
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "only the invited address may join"
    );

    // The inviter saw this link: holding it proves nothing, so Sam first proves the
    // address is his (email_ownership.rs follows the link; here the column is set).
    let mut sam = app.signed_in("creator@roster.example").await;
    let r = sam.call::<JoinInvitation>(&[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(
        r.error()
            .to_string()
            .contains("confirm that this address is yours")
    );
    common::confirm_email(&app, "creator@roster.example").await;
    let r = sam.call::<JoinInvitation>(&[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some("/portal"));
    // On record in the inviting brand's trail, made by Sam.
    let sam_id = sam.current_user().await.unwrap().id;
    let brand = theirs.current_user().await.unwrap().organization_id;
    assert_eq!(
        common::only_event(&app, "invitation.accept").await,
        (Some(sam_id), brand, Some(sent.invitation.id.to_string()))
    );
    let team: Team = theirs.call::<GetTeam>(&[]).await.json();
    assert_eq!(team.invitations[0].status, InvitationStatus::Accepted);
    // The old password still works: the account was not changed.
    app.signed_in("creator@roster.example").await;
}
