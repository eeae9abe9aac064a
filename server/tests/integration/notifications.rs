//! Notifications: the bell's inbox, live on the reader's own stream (creators included),
//! marking read, and the email each becomes unless its reader switched that kind off.

use crate::common::portal::{CREATOR, LEGAL, MARKETING, deliverable, submit};
use crate::common::{Client, PUBLIC_URL, TestApp, inbox, next_event};
use app::deliverables::api::Decide;
use app::deliverables::types::DraftVersionView;
use app::domain::notice::NoticeKind;
use app::domain::role::Role;
use app::notifications::EmailSetting;
use app::notifications::api::{
    EmailSettings, MyNotifications, ReadNotifications, SaveEmailSettings,
};
use app::notifications::ssr::queue_emails;
use app::realtime::Kind;
use app::team::OutboxMessage;
use app::team::api::GetOutbox;
use axum::http::StatusCode;

/// Legal asks for changes on a creator's first draft; answers the deliverable and version.
async fn changes_requested(app: &TestApp, creator: &mut Client) -> (i32, i32) {
    let mut marketing = app.signed_in(MARKETING).await;
    let (_, d) = deliverable(app, &mut marketing, creator).await;
    let v: DraftVersionView = submit(creator, d, "First cut #ad", &[]).await.json();
    let mut legal = app.signed_in(LEGAL).await;
    assert_eq!(decide(&mut legal, d, v.id, "legal").await, StatusCode::OK);
    (d, v.id)
}

async fn decide(c: &mut Client, d: i32, v: i32, lane: &str) -> StatusCode {
    let r = c
        .call::<Decide>(&[
            ("deliverable_id", &d.to_string()),
            ("version_id", &v.to_string()),
            ("lane", lane),
            ("verdict", "changes_requested"),
            ("checked", ""),
            ("note", "Add the disclosure up top."),
        ])
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    r.status
}

async fn settings(c: &mut Client) -> Vec<EmailSetting> {
    let r = c.call::<EmailSettings>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

#[tokio::test]
async fn a_decision_reaches_the_creator_live_and_is_marked_read() {
    let app = TestApp::new().await;
    let mut creator = app.signed_in(CREATOR).await;
    let (status, mut stream) = creator.open("/events/me", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut marketing = app.signed_in(MARKETING).await;
    let (_, mut board) = marketing.open("/events", None).await;
    changes_requested(&app, &mut creator).await;

    // The creator's own stream hears of it.
    let heard = next_event(&mut stream).await;
    assert_eq!(heard.kind, Kind::NotificationNew.name());
    // Marketing's pages hear of the changes to the deliverable, never the notification.
    loop {
        let e = next_event(&mut board).await;
        assert_ne!(e.kind, Kind::NotificationNew.name());
        if e.kind == app::realtime::Kind::CollaborationChanged.name() {
            break;
        }
    }

    let mine = inbox(&mut creator).await;
    assert_eq!(mine.unread, 1);
    let n = &mine.recent[0];
    assert_eq!(n.kind, NoticeKind::ReviewDecision);
    assert!(n.title.contains("asked for changes"), "{}", n.title);
    assert!(n.link.starts_with("/portal/deliverables/"), "{}", n.link);

    // Someone else's id marks nothing of theirs.
    let id = n.id.to_string();
    let r = marketing.call::<ReadNotifications>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(inbox(&mut creator).await.unread, 1);
    let r = creator.call::<ReadNotifications>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mine = inbox(&mut creator).await;
    assert_eq!(mine.unread, 0);
    assert!(mine.recent[0].read);
    // Other tabs of the creator hear it was read.
    assert_eq!(
        next_event(&mut stream).await.kind,
        Kind::NotificationRead.name()
    );

    // Signed out, there is no inbox and no stream.
    let r = app.client().call::<MyNotifications>(&[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.client().open("/events/me", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_notification_becomes_one_email_unless_its_kind_is_switched_off() {
    let app = TestApp::new().await;
    let mut creator = app.signed_in(CREATOR).await;
    let (d, v) = changes_requested(&app, &mut creator).await;
    let now = app.clock.now();

    // The creator's, and marketing's of the accepted agreement and the draft.
    assert_eq!(
        queue_emails(&app.state.db, PUBLIC_URL, now).await.unwrap(),
        3
    );
    assert_eq!(
        queue_emails(&app.state.db, PUBLIC_URL, now).await.unwrap(),
        0,
        "each notification is mailed once"
    );
    let mut admin = app.signed_in("admin@roster.example").await;
    let to_creator = |outbox: Vec<OutboxMessage>| -> Vec<OutboxMessage> {
        outbox
            .into_iter()
            .filter(|m| m.to_email == CREATOR)
            .collect()
    };
    let mine = to_creator(admin.call::<GetOutbox>(&[]).await.json());
    assert_eq!(mine.len(), 1);
    let email = &mine[0];
    assert!(
        email.subject.contains("asked for changes"),
        "{}",
        email.subject
    );
    assert_eq!(email.link, format!("{PUBLIC_URL}/portal/deliverables/{d}"));
    assert!(email.body_text.contains(&email.link));
    assert!(
        email
            .body_text
            .contains(&format!("{PUBLIC_URL}/portal/account"))
    );

    // A creator is offered only what can reach them; switching one off keeps it in the app.
    let offered: Vec<NoticeKind> = settings(&mut creator)
        .await
        .iter()
        .map(|s| s.kind)
        .collect();
    assert_eq!(offered, NoticeKind::for_role(Role::Creator));
    assert!(settings(&mut creator).await.iter().all(|s| s.by_email));
    let r = creator
        .call::<SaveEmailSettings>(&[("by_email", "payment_paid,due_soon,no_such_kind")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let off: Vec<NoticeKind> = settings(&mut creator)
        .await
        .iter()
        .filter(|s| !s.by_email)
        .map(|s| s.kind)
        .collect();
    assert_eq!(off, [NoticeKind::ReviewDecision, NoticeKind::General]);

    let mut marketing = app.signed_in(MARKETING).await;
    decide(&mut marketing, d, v, "marketing").await;
    let mine = inbox(&mut creator).await;
    assert_eq!(mine.unread, 2, "still in the app");
    queue_emails(&app.state.db, PUBLIC_URL, now).await.unwrap();
    let mine = to_creator(admin.call::<GetOutbox>(&[]).await.json());
    assert_eq!(mine.len(), 1, "but not by email");
}
