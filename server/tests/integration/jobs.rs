//! The background jobs as the server starts them (`server::jobs::start`, with periods of a
//! tenth of a second instead of minutes), on a manual clock over the demo data: a reminder
//! falls due and reaches its reader live, it goes out by email through a real mail server,
//! and the demo's simulator records a reading that the campaign's dashboards hear of.

use crate::common::portal::MARKETING;
use crate::common::smtp::SmtpSink;
use crate::common::{self, PUBLIC_URL, TestApp, inbox, next_event_within};
use app::db::{campaign, outbox_message};
use app::domain::notice::NoticeKind;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::jobs::{Periods, start};
use server::mail::Mailer;
use std::time::Duration;

/// Long enough for a round of every job on a busy test machine, short of a hang.
const WITHIN: Duration = Duration::from_secs(20);

/// The demo's active campaign whose posts are live and measured.
const MEASURED: &str = "Ridge Runners Relay";

#[tokio::test]
async fn the_jobs_remind_email_and_simulate_as_the_server_starts_them() {
    let sink = SmtpSink::start();
    let (db, _dir) = common::fresh_db().await;
    server::demo::seed_if_empty(&db, common::start_time(), true)
        .await
        .unwrap();
    let app = TestApp::with_db(db);
    let mut marketing = app.signed_in(MARKETING).await;
    let (status, mut mine) = marketing.open("/events/me", None).await;
    assert_eq!(status, StatusCode::OK);
    let measured = campaign::Entity::find()
        .filter(campaign::Column::Name.eq(MEASURED))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo's measured campaign")
        .id;
    let (status, mut dashboard) = marketing
        .open(&format!("/events?campaign={measured}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);

    // Three days on, the demo's draft has waited past its 48-hour turnaround.
    app.clock.advance(chrono::Duration::days(3));
    let quick = Duration::from_millis(100);
    start(
        &app.state,
        app.data.0.clone(),
        PUBLIC_URL.into(),
        Some(Mailer::new(&sink.config()).unwrap()),
        Periods {
            housekeeping: quick,
            reminders: quick,
            email: quick,
            simulator: quick,
        },
    );

    // Marketing hears of it live, without asking.
    let arrived = next_event_within(&mut mine, WITHIN).await;
    assert_eq!(arrived.kind, app::realtime::Kind::NotificationNew.name());
    let started = std::time::Instant::now();
    let overdue = loop {
        let overdue: Vec<_> = inbox(&mut marketing)
            .await
            .recent
            .into_iter()
            .filter(|n| n.kind == NoticeKind::ReviewOverdue)
            .collect();
        if !overdue.is_empty() {
            assert_eq!(overdue.len(), 1, "once: {overdue:?}");
            break overdue[0].clone();
        }
        assert!(started.elapsed() < WITHIN, "no overdue review in the inbox");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    // The same reminder becomes an email (its subject the reminder's title), which reaches
    // the mail server under its outbox row's Message-ID.
    let started = std::time::Instant::now();
    loop {
        let email = outbox_message::Entity::find()
            .filter(outbox_message::Column::ToEmail.eq(MARKETING))
            .filter(outbox_message::Column::Subject.eq(overdue.title.as_str()))
            .one(&app.state.db)
            .await
            .unwrap();
        let received = sink.received();
        if let Some(email) = email {
            let id = format!("Message-ID: <outbox-{}.", email.id);
            if received.iter().any(|raw| raw.contains(&id)) {
                break;
            }
        }
        assert!(
            started.elapsed() < WITHIN,
            "no email of {:?} received; the mail server has {} messages",
            overdue.title,
            received.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The simulator, once switched on, records the next readings of the active campaign's
    // posts, and its dashboards are told.
    let r = marketing
        .call::<app::metrics::api::SwitchSimulator>(&[("on", "true")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let recorded = loop {
        let e = next_event_within(&mut dashboard, WITHIN).await;
        if e.kind == app::realtime::Kind::MetricsRecorded.name() {
            break e;
        }
    };
    assert_eq!(recorded.campaign_id, Some(measured));
}
