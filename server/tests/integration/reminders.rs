//! The reminder scheduler on a controlled clock: the demo Reel (Sam Rivera's, due in ten
//! days, owned by marketing, 48-hour turnaround) and a payment. Each reminder fires at its
//! time, once, also after a restart.

use crate::common;
use crate::common::portal::{CREATOR, LEGAL, MARKETING};
use crate::common::{Client, TestApp, inbox};
use app::domain::notice::NoticeKind;
use app::notifications::Notification;
use app::notifications::ssr::reminders::send_due;
use app::payments::PaymentView;
use app::payments::api::SchedulePayment;
use axum::http::StatusCode;
use chrono::Duration;

async fn of_kind(c: &mut Client, kind: NoticeKind) -> Vec<Notification> {
    inbox(c)
        .await
        .recent
        .into_iter()
        .filter(|n| n.kind == kind)
        .collect()
}

/// A server over the full demo data (its sample collaborations included).
async fn demo() -> (TestApp, Option<common::TempDir>) {
    let (db, dir) = common::fresh_db().await;
    server::demo::seed_if_empty(&db, common::start_time(), true)
        .await
        .unwrap();
    (TestApp::with_db(db), dir)
}

/// Moves a manual clock to `at`.
fn set(clock: &app::domain::clock::Clock, at: chrono::DateTime<chrono::Utc>) {
    clock.advance(at - clock.now());
}

/// Runs the scheduler; answers how many people it notified.
async fn tick(app: &TestApp) -> usize {
    send_due(&app.state.db, app.clock.now())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_waiting_draft_and_a_deliverable_due_remind_once_each_at_their_time() {
    let (app, _dir) = demo().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut sam = app.signed_in(CREATOR).await;

    // Three days on, v2 has waited past its 48 hours in both lanes.
    app.clock.advance(Duration::days(3));
    assert!(tick(&app).await >= 2);
    assert_eq!(tick(&app).await, 0, "once");
    for c in [&mut marketing, &mut legal] {
        let overdue = of_kind(c, NoticeKind::ReviewOverdue).await;
        assert_eq!(overdue.len(), 1);
        assert!(
            overdue[0].title.starts_with("Sam Rivera's draft v2"),
            "{}",
            overdue[0].title
        );
        assert_eq!(overdue[0].link, "/deliverables/1");
    }
    assert!(of_kind(&mut sam, NoticeKind::DueSoon).await.is_empty());

    // The Reel is due at the end of day 10 (the demo organization's time zone is UTC): 72
    // hours before, Sam and its owner hear.
    let due_end =
        app::domain::reminder::due_at((common::start_time() + Duration::days(10)).date_naive())
            .and_utc();
    set(
        &app.clock,
        due_end - Duration::hours(72) - Duration::minutes(1),
    );
    assert_eq!(tick(&app).await, 0);
    app.clock.advance(Duration::minutes(1));
    assert_eq!(tick(&app).await, 2);
    let sams = of_kind(&mut sam, NoticeKind::DueSoon).await;
    assert!(
        sams[0].title.contains("within 72 hours"),
        "{}",
        sams[0].title
    );
    assert_eq!(sams[0].link, "/portal/deliverables/1");
    assert_eq!(of_kind(&mut marketing, NoticeKind::DueSoon).await.len(), 1);

    // A restarted server finds it sent.
    let restarted = TestApp::with_db(app.state.db.clone());
    set(&restarted.clock, app.clock.now());
    assert_eq!(tick(&restarted).await, 0);

    // 24 hours before: once more; past the deadline, nothing.
    set(&app.clock, due_end - Duration::hours(24));
    assert_eq!(tick(&app).await, 2);
    set(&app.clock, due_end + Duration::hours(1));
    assert_eq!(tick(&app).await, 0);
    let sams = of_kind(&mut sam, NoticeKind::DueSoon).await;
    assert_eq!(sams.len(), 2);
    assert!(
        sams[0].title.contains("within 24 hours"),
        "{}",
        sams[0].title
    );
}

#[tokio::test]
async fn a_payment_reminds_its_owner_on_its_due_date_and_once_overdue() {
    let (app, _dir) = demo().await;
    let mut marketing = app.signed_in(MARKETING).await;
    // Sam's collaboration (demo entry of the Summer Ridge Launch) owes 800.
    let book: app::payments::PaymentBook = marketing
        .call::<app::payments::api::GetPayments>(&[])
        .await
        .json();
    let sams = book
        .payables
        .iter()
        .find(|p| p.creator_name == "Sam Rivera")
        .expect("Sam's fee is payable");
    let tomorrow = (app.clock.now() + Duration::days(1))
        .date_naive()
        .to_string();
    let r = marketing
        .call::<SchedulePayment>(&[
            ("entry_id", &sams.entry_id.to_string()),
            ("amount", "800"),
            ("due_on", &tomorrow),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let _: PaymentView = r.json();
    let payment_notices =
        |n: Vec<Notification>| -> Vec<String> { n.into_iter().map(|n| n.title).collect() };

    tick(&app).await;
    assert!(
        of_kind(&mut marketing, NoticeKind::PaymentDue)
            .await
            .is_empty()
    );
    app.clock.advance(Duration::days(1));
    tick(&app).await;
    tick(&app).await;
    assert_eq!(
        payment_notices(of_kind(&mut marketing, NoticeKind::PaymentDue).await),
        ["A payment of 800.00 EUR falls due today"]
    );
    app.clock.advance(Duration::days(1));
    tick(&app).await;
    app.clock.advance(Duration::days(5));
    tick(&app).await;
    assert_eq!(
        payment_notices(of_kind(&mut marketing, NoticeKind::PaymentDue).await),
        [
            format!("A payment of 800.00 EUR is overdue (due {tomorrow})"),
            "A payment of 800.00 EUR falls due today".to_string(),
        ]
    );
}
