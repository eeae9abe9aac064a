//! Owning an email address: a change of address takes effect through a link to the new one;
//! an account proves its address by a link only that mailbox got (a confirmation, a reset,
//! an invitation sent by email alone); a second brand sees a creator only after that.

use crate::common::{self, Client, PUBLIC_URL, TestApp, invite};
use app::auth::api::{
    ChangeEmail, ConfirmEmail, ForgotPassword, ResetPassword, SendEmailConfirmation,
};
use app::db::{audit_event, outbox_message};
use app::team::api::{AcceptInvitation, GetInvitation, GetOutbox, JoinInvitation};
use app::team::{InvitationPreview, OutboxMessage};
use axum::http::StatusCode;
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const MAYA: &str = "marketing@roster.example";
const PASSWORD: &str = server::demo::PASSWORD;

async fn with_mail_server() -> TestApp {
    TestApp::tuned(|s| s.mail_server = true).await
}

/// The newest email to `to` whose subject starts with `subject`, as its mailbox gets it.
async fn newest_email(app: &TestApp, to: &str, subject: &str) -> Option<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .filter(outbox_message::Column::Subject.starts_with(subject))
        .order_by_desc(outbox_message::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
}

/// The token of the newest link emailed to `to` under `path` (`confirm-email`, `invite`),
/// checking the email is in no organization's outbox.
async fn emailed_token(app: &TestApp, to: &str, path: &str) -> String {
    let m = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .filter(outbox_message::Column::Link.starts_with(format!("{PUBLIC_URL}/{path}/")))
        .order_by_desc(outbox_message::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {path} link was emailed to {to}"));
    assert_eq!(m.organization_id, None, "no admin reads the link");
    assert!(m.body_text.contains(&m.link));
    m.link.rsplit('/').next().unwrap().to_string()
}

async fn change_email(c: &mut Client, email: &str, password: &str) -> common::Reply {
    c.call::<ChangeEmail>(&[("email", email), ("current_password", password)])
        .await
}

async fn confirm(app: &TestApp, token: &str) -> common::Reply {
    app.client().call::<ConfirmEmail>(&[("token", token)]).await
}

#[tokio::test]
async fn a_new_address_takes_the_current_password_and_a_link_sent_to_it() {
    let app = with_mail_server().await;
    let mut maya = app.signed_in(MAYA).await;

    let r = change_email(&mut maya, "maya@new.example", "not my password").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.error().field("current_password").is_some());
    let r = change_email(&mut maya, "not an address", PASSWORD).await;
    assert!(r.error().field("email").is_some());
    let r = change_email(&mut maya, MAYA, PASSWORD).await;
    assert!(r.error().field("email").is_some(), "the same address");
    assert!(newest_email(&app, "maya@new.example", "").await.is_none());

    // A reset link to the old address, still unused when the address changes.
    app.client()
        .call::<ForgotPassword>(&[("email", MAYA)])
        .await;
    app.settle().await;
    let old_reset = emailed_token(&app, MAYA, "reset").await;

    let r = change_email(&mut maya, "Maya@New.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<String>(), "maya@new.example");
    // Nothing changes until the link is used.
    let me = maya.current_user().await.unwrap();
    assert_eq!(me.email, MAYA);
    let token = emailed_token(&app, "maya@new.example", "confirm-email").await;

    // The link is the proof, whoever opens it, signed in or not.
    let r = confirm(&app, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<String>(), "maya@new.example");
    let me = maya.current_user().await.unwrap();
    assert_eq!(me.email, "maya@new.example");
    assert!(me.email_confirmed);
    app.signed_in("maya@new.example").await;
    assert_eq!(
        app.client().login(MAYA, PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old address no longer signs in"
    );

    // The old mailbox is told, and its reset link no longer speaks for the account.
    let notice = newest_email(&app, MAYA, "Your Roster email address changed")
        .await
        .expect("a notice to the old address");
    assert_eq!(notice.organization_id, None);
    assert!(notice.body_text.contains("maya@new.example"));
    let r = app
        .client()
        .call::<ResetPassword>(&[("token", &old_reset), ("password", "a brand new secret")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);

    // Once only, and audited.
    assert_eq!(confirm(&app, &token).await.status, StatusCode::CONFLICT);
    let actions: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("user.email"))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["user.email_confirm_request", "user.email_change"]);
}

#[tokio::test]
async fn asking_for_a_taken_address_tells_only_the_link_and_changes_nothing() {
    let app = with_mail_server().await;
    let mut maya = app.signed_in(MAYA).await;
    // Answered as any other address: asking tells no signed-in user who has an account.
    let r = change_email(&mut maya, "legal@roster.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let token = emailed_token(&app, "legal@roster.example", "confirm-email").await;
    let r = confirm(&app, &token).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.error().to_string().contains("another Roster account"));
    assert_eq!(maya.current_user().await.unwrap().email, MAYA);
    app.signed_in("legal@roster.example").await;
}

#[tokio::test]
async fn links_expire_a_newer_one_outlives_the_older_and_three_an_hour_is_the_limit() {
    let app = with_mail_server().await;
    let mut maya = app.signed_in(MAYA).await;
    for (to, status) in [
        ("one@new.example", StatusCode::OK),
        ("two@new.example", StatusCode::OK),
        ("three@new.example", StatusCode::OK),
        ("four@new.example", StatusCode::TOO_MANY_REQUESTS),
    ] {
        let r = change_email(&mut maya, to, PASSWORD).await;
        assert_eq!(r.status, status, "{to}: {}", r.text);
    }
    let first = emailed_token(&app, "one@new.example", "confirm-email").await;
    let third = emailed_token(&app, "three@new.example", "confirm-email").await;
    assert_eq!(confirm(&app, &third).await.status, StatusCode::OK);
    // An older link must not undo the newer change.
    assert_eq!(confirm(&app, &first).await.status, StatusCode::CONFLICT);
    assert_eq!(
        maya.current_user().await.unwrap().email,
        "three@new.example"
    );

    app.clock.advance(Duration::hours(2));
    let r = change_email(&mut maya, "five@new.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "a new hour: {}", r.text);
    let late = emailed_token(&app, "five@new.example", "confirm-email").await;
    app.clock.advance(Duration::hours(25));
    assert_eq!(confirm(&app, &late).await.status, StatusCode::CONFLICT);
    assert_eq!(
        maya.current_user().await.unwrap().email,
        "three@new.example"
    );
}

#[tokio::test]
async fn without_a_mail_server_no_link_can_be_sent_and_nothing_changes() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in(MAYA).await;
    let r = change_email(&mut maya, "maya@new.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.error().to_string().contains("no mail server"));
    let r = maya.call::<SendEmailConfirmation>(&[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(newest_email(&app, "maya@new.example", "").await.is_none());
    assert_eq!(
        app.client().call::<SendEmailConfirmation>(&[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_account_confirms_its_own_address_or_by_using_a_reset_link() {
    let app = with_mail_server().await;
    let mut maya = app.signed_in(MAYA).await;
    assert!(!maya.current_user().await.unwrap().email_confirmed);
    let r = maya.call::<SendEmailConfirmation>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let token = emailed_token(&app, MAYA, "confirm-email").await;
    assert_eq!(confirm(&app, &token).await.status, StatusCode::OK);
    let me = maya.current_user().await.unwrap();
    assert!(me.email_confirmed && me.email == MAYA);
    assert_eq!(
        common::only_event(&app, "user.email_confirm").await,
        (Some(me.id), me.organization_id, Some(me.id.to_string())),
        "on record, by the account itself"
    );
    let r = maya.call::<SendEmailConfirmation>(&[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "already confirmed");

    // A reset link went to the address alone: using it proves the address too.
    let leo = "legal@roster.example";
    app.client().call::<ForgotPassword>(&[("email", leo)]).await;
    app.settle().await;
    let token = emailed_token(&app, leo, "reset").await;
    let mut c = app.client();
    let r = c
        .call::<ResetPassword>(&[("token", &token), ("password", "a brand new secret")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(c.current_user().await.unwrap().email_confirmed);
}

async fn confirm_first(c: &mut Client, token: &str) -> bool {
    let r = c.call::<GetInvitation>(&[("token", token)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json::<InvitationPreview>().confirm_first
}

#[tokio::test]
async fn with_a_mail_server_an_invitation_link_goes_to_the_invitee_alone() {
    let app = with_mail_server().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let sent = invite(&mut admin, "rosa@example.com", "legal").await;
    assert_eq!(sent.link, None, "the inviter never sees the link");
    let outbox: Vec<OutboxMessage> = admin.call::<GetOutbox>(&[]).await.json();
    assert!(outbox.is_empty(), "nor reads it in the outbox: {outbox:?}");

    let token = emailed_token(&app, "rosa@example.com", "invite").await;
    let mut rosa = app.client();
    let r = rosa
        .call::<AcceptInvitation>(&[("token", &token), ("password", "rosas own password")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        rosa.current_user().await.unwrap().email_confirmed,
        "using a link only her mailbox got proves the address"
    );
}

#[tokio::test]
async fn without_a_mail_server_an_account_made_from_a_link_is_not_confirmed() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let sent = invite(&mut admin, "rosa@example.com", "legal").await;
    let link = sent.link.expect("shown to pass on");
    let token = link.rsplit('/').next().unwrap();
    let mut rosa = app.client();
    let r = rosa
        .call::<AcceptInvitation>(&[("token", token), ("password", "rosas own password")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        !rosa.current_user().await.unwrap().email_confirmed,
        "the admin may have used the link"
    );
}

#[tokio::test]
async fn a_creator_joins_a_second_brand_only_with_a_proved_address() {
    // Without a mail server the other brand's admin holds the link: joining waits for proof.
    let app = TestApp::new().await;
    let other = common::other_organization_admin(&app).await;
    let mut theirs = app.signed_in_with(&other, "other admin password").await;
    let sent = invite(&mut theirs, "creator@roster.example", "creator").await;
    let token = sent.link.unwrap().rsplit('/').next().unwrap().to_string();
    let mut sam = app.signed_in("creator@roster.example").await;
    // The page tells Sam, and only Sam, before he tries.
    assert!(confirm_first(&mut sam, &token).await);
    assert!(!confirm_first(&mut app.client(), &token).await);
    let r = sam.call::<JoinInvitation>(&[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let pending = app::db::invitation::Entity::find()
        .filter(app::db::invitation::Column::AcceptedAt.is_not_null())
        .one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(pending, None, "a refused join writes nothing");

    // With one, the link went to Sam's mailbox alone: using it is the proof.
    let app = with_mail_server().await;
    let other = common::other_organization_admin(&app).await;
    let mut theirs = app.signed_in_with(&other, "other admin password").await;
    invite(&mut theirs, "creator@roster.example", "creator").await;
    let token = emailed_token(&app, "creator@roster.example", "invite").await;
    let mut sam = app.signed_in("creator@roster.example").await;
    assert!(!sam.current_user().await.unwrap().email_confirmed);
    let r = sam.call::<JoinInvitation>(&[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(sam.current_user().await.unwrap().email_confirmed);
}

#[tokio::test]
async fn the_brand_a_creator_already_works_with_needs_no_proof() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    // Sam's account is Ana's profile in our organization.
    let mut m = app.signed_in(MAYA).await;
    common::portal::collaboration(&app, &mut m).await;
    let sent = invite(&mut admin, "creator@roster.example", "creator").await;
    let token = sent.link.unwrap().rsplit('/').next().unwrap().to_string();
    let mut sam = app.signed_in("creator@roster.example").await;
    assert!(!confirm_first(&mut sam, &token).await);
    let r = sam.call::<JoinInvitation>(&[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        !sam.current_user().await.unwrap().email_confirmed,
        "nor does joining it prove anything"
    );
}
