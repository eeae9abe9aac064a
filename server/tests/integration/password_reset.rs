//! Password resets by email: the link goes through the outbox (and SMTP), works once and
//! for an hour, signs out every other session, and asking tells nobody who has an account.

use crate::common;
use crate::common::smtp::SmtpSink;
use crate::common::{PUBLIC_URL, TestApp};
use app::auth::api::{ForgotPassword, ResetPassword};
use app::db::outbox_message;
use app::team::OutboxMessage;
use app::team::api::GetOutbox;
use axum::http::StatusCode;
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::mail::{Mailer, Round};

const MAYA: &str = "marketing@roster.example";
const NEW_PASSWORD: &str = "a brand new secret";

async fn forgot(app: &TestApp, email: &str) -> StatusCode {
    let status = app
        .client()
        .call::<ForgotPassword>(&[("email", email)])
        .await
        .status;
    app.settle().await;
    status
}

/// Reset emails waiting to `to`, newest first.
async fn resets_to(app: &TestApp, to: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .filter(outbox_message::Column::Subject.eq("Reset your Roster password"))
        .order_by_desc(outbox_message::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

/// The token of the newest reset link emailed to `to`.
async fn emailed_token(app: &TestApp, to: &str) -> Option<String> {
    resets_to(app, to).await.into_iter().next().map(|m| {
        let prefix = format!("{PUBLIC_URL}/reset/");
        assert!(m.link.starts_with(&prefix), "{}", m.link);
        assert!(m.body_text.contains(&m.link));
        assert_eq!(m.organization_id, None, "in no organization's outbox");
        m.link[prefix.len()..].to_string()
    })
}

async fn reset(app: &TestApp, token: &str, password: &str) -> common::Reply {
    app.client()
        .call::<ResetPassword>(&[("token", token), ("password", password)])
        .await
}

#[tokio::test]
async fn a_reset_link_is_emailed_works_once_and_signs_out_everywhere_else() {
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    let mut elsewhere = app.signed_in(MAYA).await;
    assert!(elsewhere.current_user().await.is_some());

    assert_eq!(
        forgot(&app, "Marketing@Roster.example").await,
        StatusCode::OK
    );
    assert_eq!(forgot(&app, MAYA).await, StatusCode::OK);
    let token = emailed_token(&app, MAYA).await.expect("a reset email");
    // Admins do not see it on the Team page.
    let outbox: Vec<OutboxMessage> = admin.call::<GetOutbox>(&[]).await.json();
    assert!(outbox.iter().all(|m| m.to_email != MAYA));
    // The same path as every email: delivered by SMTP.
    let round = Mailer::new(&sink.config())
        .unwrap()
        .deliver_due(&app.state.db, &app.clock)
        .await
        .unwrap();
    assert_eq!(round, Round { sent: 2, failed: 0 });
    assert!(sink.received()[0].contains("Reset your Roster password"));
    let older: String = {
        let all = resets_to(&app, MAYA).await;
        all[1].link.rsplit('/').next().unwrap().to_string()
    };

    let r = reset(&app, &token, "short").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("password").is_some());
    let r = reset(&app, &token, NEW_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some("/campaigns"));

    // The old password and the other session are gone; the new password works.
    assert!(elsewhere.current_user().await.is_none());
    let r = app.client().login(MAYA, "roster-demo").await;
    assert_ne!(r.status, StatusCode::OK);
    app.signed_in_with(MAYA, NEW_PASSWORD).await;
    // Once only, and the account's older link died with it.
    for used in [&token, &older] {
        assert_eq!(
            reset(&app, used, "another new secret").await.status,
            StatusCode::CONFLICT
        );
    }
}

#[tokio::test]
async fn asking_reveals_nothing_and_links_expire() {
    let app = TestApp::new().await;
    // No such account: the same answer, and no email.
    assert_eq!(forgot(&app, "nobody@example.com").await, StatusCode::OK);
    assert!(resets_to(&app, "nobody@example.com").await.is_empty());
    let r = app
        .client()
        .call::<ForgotPassword>(&[("email", "not an email")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Three links an hour at most.
    for _ in 0..5 {
        assert_eq!(forgot(&app, MAYA).await, StatusCode::OK);
    }
    assert_eq!(resets_to(&app, MAYA).await.len(), 3);

    // An hour later the link is dead.
    let token = emailed_token(&app, MAYA).await.unwrap();
    app.clock.advance(Duration::hours(1));
    assert_eq!(
        reset(&app, &token, NEW_PASSWORD).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        reset(&app, "made-up", NEW_PASSWORD).await.status,
        StatusCode::CONFLICT
    );
}

/// Asking for a link answers before the link is written, so an account that exists is not
/// told apart by a slower answer: here the answer comes while the link's write is held back
/// (SQLite: the writers' turn is taken; PostgreSQL: the links' table is locked).
#[tokio::test]
async fn the_answer_does_not_wait_for_the_link_to_be_written() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = TestApp::new().await;
    let turn = app::db::writer_turn(&app.state.db).await;
    let lock = if turn.is_none() {
        let txn = app.state.db.begin().await.unwrap();
        txn.execute_unprepared("LOCK TABLE password_reset IN EXCLUSIVE MODE")
            .await
            .unwrap();
        Some(txn)
    } else {
        None
    };
    let answered = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        app.client().call::<ForgotPassword>(&[("email", MAYA)]),
    )
    .await;
    assert!(
        answered.is_ok_and(|r| r.status == StatusCode::OK),
        "answered while the link's write waits"
    );
    assert!(resets_to(&app, MAYA).await.is_empty(), "not written yet");
    drop(turn);
    if let Some(txn) = lock {
        txn.rollback().await.unwrap();
    }
    app.settle().await;
    assert_eq!(resets_to(&app, MAYA).await.len(), 1);
}
