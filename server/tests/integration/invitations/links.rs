//! Invitation links: joining by one, once, before it expires, with a good password; bad
//! invitations refused with every problem named.

use super::*;

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
