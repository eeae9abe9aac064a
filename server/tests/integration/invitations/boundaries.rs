//! Who manages the team, what another organization sees, the audit of joining, and people
//! already known elsewhere.

use super::*;

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
