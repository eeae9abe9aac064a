//! Email through a real SMTP server (aiosmtpd on loopback): both parts and the link, a
//! temporary refusal tried again with backoff, a permanent one waiting for an admin, and
//! nothing sent twice across a restart or by a second sender.

use crate::common::smtp::SmtpSink;
use crate::common::{Client, TestApp};
use app::db::outbox;
use app::team::OutboxMessage;
use app::team::api::{GetOutbox, InviteMember, SendEmailAgain};
use axum::http::StatusCode;
use chrono::Duration;
use server::mail::{Mailer, Round};

async fn invite(admin: &mut Client, email: &str) {
    let r = admin
        .call::<InviteMember>(&[("email", email), ("name", "Rosa Diaz"), ("role", "legal")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

async fn outbox_of(admin: &mut Client) -> Vec<OutboxMessage> {
    admin.call::<GetOutbox>(&[]).await.json()
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
}

#[tokio::test]
async fn an_invitation_reaches_the_smtp_server_with_both_parts_and_its_link() {
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    invite(&mut admin, "rosa@example.com").await;
    let mailer = Mailer::new(&sink.config()).unwrap();

    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let raw = &received[0];
    assert_eq!(header(raw, "To"), Some("rosa@example.com"));
    assert!(
        header(raw, "Subject").unwrap().contains("invited you"),
        "{raw}"
    );
    let id = header(raw, "Message-ID").unwrap();
    assert!(
        id.starts_with("<outbox-") && id.ends_with("@roster.test>"),
        "{id}"
    );
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(
        raw.contains("text/plain") && raw.contains("text/html"),
        "{raw}"
    );
    let sent = &outbox_of(&mut admin).await[0];
    assert!(raw.contains(&sent.link), "the email links back: {raw}");
    assert_eq!(sent.sent_at, Some(app.clock.now()));
    assert_eq!(sent.attempts, 1);

    // Sent is sent: another round, or a restarted sender, finds nothing to do.
    let again = Mailer::new(&sink.config()).unwrap();
    let round = again.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round::default());
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_temporary_refusal_is_tried_again_after_a_wait_and_then_sent_once() {
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    invite(&mut admin, "rosa@example.com").await;
    let mailer = Mailer::new(&sink.config()).unwrap();

    sink.answer(Some("refuse"));
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 0, failed: 1 });
    let waiting = &outbox_of(&mut admin).await[0];
    assert!(
        waiting.last_error.as_deref().unwrap().contains("451"),
        "{waiting:?}"
    );
    assert_eq!(
        waiting.next_attempt_at,
        Some(app.clock.now() + Duration::minutes(1))
    );
    assert!(waiting.failed_at.is_none() && waiting.sent_at.is_none());

    // The server is back, but the message waits out its minute.
    sink.answer(None);
    app.clock.advance(Duration::seconds(59));
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round::default());
    // A second refusal doubles the wait.
    sink.answer(Some("refuse"));
    app.clock.advance(Duration::seconds(1));
    mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    let waiting = &outbox_of(&mut admin).await[0];
    assert_eq!(waiting.attempts, 2);
    assert_eq!(
        waiting.next_attempt_at,
        Some(app.clock.now() + Duration::minutes(2))
    );

    sink.answer(None);
    app.clock.advance(Duration::minutes(2));
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    assert_eq!(sink.received().len(), 1);
    let sent = &outbox_of(&mut admin).await[0];
    assert!(sent.sent_at.is_some() && sent.last_error.is_none());
}

#[tokio::test]
async fn a_refused_account_is_not_the_message_s_fault_and_is_tried_again() {
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    invite(&mut admin, "rosa@example.com").await;
    let mailer = Mailer::new(&sink.config()).unwrap();

    // A wrong SMTP password (535) is fixed once for all messages: they wait and retry.
    sink.answer(Some("deny"));
    mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    let waiting = &outbox_of(&mut admin).await[0];
    assert!(waiting.last_error.as_deref().unwrap().contains("535"));
    assert!(waiting.failed_at.is_none() && waiting.next_attempt_at.is_some());
    sink.answer(None);
    app.clock.advance(Duration::minutes(1));
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
}

#[tokio::test]
async fn a_permanent_refusal_waits_for_an_admin_to_send_it_again() {
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    invite(&mut admin, "rosa@example.com").await;
    let mailer = Mailer::new(&sink.config()).unwrap();

    sink.answer(Some("reject"));
    mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    let failed = outbox_of(&mut admin).await[0].clone();
    assert!(failed.failed_at.is_some(), "{failed:?}");
    assert!(failed.last_error.as_deref().unwrap().contains("550"));
    app.clock.advance(Duration::days(2));
    sink.answer(None);
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round::default(), "never tried again by itself");

    // Only admins send again, and only what failed.
    let mut marketing = app.signed_in("marketing@roster.example").await;
    let id = failed.id.to_string();
    let r = marketing.call::<SendEmailAgain>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = admin.call::<SendEmailAgain>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    let r = admin.call::<SendEmailAgain>(&[("id", &id)]).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "a sent email is not sent again"
    );
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_message_leased_by_a_sender_that_died_is_sent_once_its_lease_ends() {
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    invite(&mut admin, "rosa@example.com").await;
    invite(&mut admin, "max@example.com").await;

    // A sender takes the first message and dies before sending it.
    let taken = outbox::claim(&app.state.db, app.clock.now(), 1)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].to_email, "rosa@example.com");

    // The restarted server sends the other one only.
    let restarted = Mailer::new(&sink.config()).unwrap();
    let round = restarted
        .deliver_due(&app.state.db, &app.clock)
        .await
        .unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    assert_eq!(header(&sink.received()[0], "To"), Some("max@example.com"));

    // Once the lease has run out, the first goes too, exactly once.
    app.clock
        .advance(Duration::minutes(5) + Duration::seconds(1));
    let round = restarted
        .deliver_due(&app.state.db, &app.clock)
        .await
        .unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    let round = restarted
        .deliver_due(&app.state.db, &app.clock)
        .await
        .unwrap();
    assert_eq!(round, Round::default());
    let received = sink.received();
    assert_eq!(received.len(), 2);
    let ids: Vec<_> = received.iter().map(|r| header(r, "Message-ID")).collect();
    assert_ne!(ids[0], ids[1]);
}

/// docs/PRODUCT.md §8's promise: a sender that dies after the mail server accepted a message but
/// before recording it sends it again once its lease ends, under the same Message-ID, which
/// mail systems use to drop the copy.
#[tokio::test]
async fn a_message_sent_again_after_a_sender_died_keeps_its_message_id() {
    use app::db::outbox_message;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let sink = SmtpSink::start();
    let app = TestApp::new().await;
    let mut admin = app.signed_in("admin@roster.example").await;
    invite(&mut admin, "rosa@example.com").await;
    let mailer = Mailer::new(&sink.config()).unwrap();

    // The server accepts it; the sender dies before its record is written: the row looks
    // as the lease left it, claimed and unsent.
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    let row = outbox_message::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut unrecorded: outbox_message::ActiveModel = row.into();
    unrecorded.sent_at = Set(None);
    unrecorded.claimed_until = Set(Some(app.clock.now() + Duration::minutes(5)));
    unrecorded.update(&app.state.db).await.unwrap();

    // Not while the dead sender's lease holds; once it ends, once more, and then no more.
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round::default());
    app.clock
        .advance(Duration::minutes(5) + Duration::seconds(1));
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    let round = mailer.deliver_due(&app.state.db, &app.clock).await.unwrap();
    assert_eq!(round, Round::default());

    let received = sink.received();
    assert_eq!(received.len(), 2, "sent, and sent again");
    let first = header(&received[0], "Message-ID").expect("a Message-ID");
    assert!(first.starts_with("<outbox-"), "{first}");
    assert_eq!(header(&received[1], "Message-ID"), Some(first));
}
