//! Payments: a contracted fee scheduled in parts, pending → approved → paid (a short
//! payment with its reason), version checks, the creator told and shown, and who may do it.

use crate::common;
use crate::common::portal::{CREATOR, LEGAL, MARKETING, another_creator, deliverable, move_to};
use crate::common::{Client, TestApp, inbox, other_organization_admin};
use app::domain::notice::NoticeKind;
use app::domain::payment::{Due, PaymentStatus};
use app::domain::pipeline::Stage;
use app::payments::api::{ApprovePayment, GetPayments, MarkPaid, MyPayments, SchedulePayment};
use app::payments::{CreatorPayment, PaymentBook, PaymentView};
use app::pipeline::Entry;
use axum::http::StatusCode;
use chrono::Duration;

/// Ana, contracted with a fee of 500 (the agreement she accepted).
async fn contracted(app: &TestApp, m: &mut Client, creator: &mut Client) -> Entry {
    use sea_orm::EntityTrait;
    let (mut ana, _) = deliverable(app, m, creator).await;
    // Accepting the agreement changed the card (its fee).
    let row = app::db::pipeline_entry::Entity::find_by_id(ana.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    ana.version = row.version;
    move_to(m, &ana, Stage::Contracted).await
}

async fn book(c: &mut Client) -> PaymentBook {
    let r = c.call::<GetPayments>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn schedule(c: &mut Client, entry: i32, amount: &str, due_on: &str) -> common::Reply {
    c.call::<SchedulePayment>(&[
        ("entry_id", &entry.to_string()),
        ("amount", amount),
        ("due_on", due_on),
    ])
    .await
}

fn ids(p: &PaymentView) -> [(&'static str, String); 2] {
    [("id", p.id.to_string()), ("version", p.version.to_string())]
}

async fn act<F: server_fn::ServerFn>(
    c: &mut Client,
    p: &PaymentView,
    extra: &[(&str, &str)],
) -> common::Reply {
    let mut args: Vec<(String, String)> = ids(p)
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    args.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    common::portal::call_owned::<F>(c, &args).await
}

#[tokio::test]
async fn a_fee_is_scheduled_approved_and_paid_and_the_creator_sees_it() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let ana = contracted(&app, &mut marketing, &mut creator).await;
    let today = app.clock.now().date_naive();
    let day = |d: i64| (today + Duration::days(d)).to_string();

    let b = book(&mut marketing).await;
    let payable = b
        .payables
        .iter()
        .find(|p| p.entry_id == ana.id)
        .expect("the fee is payable");
    assert_eq!(payable.fee.display(), payable.unscheduled.display());
    let currency = payable.fee.currency.clone();

    // Bad input is refused, naming the field, and writes nothing.
    let r = schedule(&mut marketing, ana.id, "-5", &day(3)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("amount").is_some());
    let r = schedule(&mut marketing, ana.id, "100", "31/07/2026").await;
    assert!(r.error().field("due_on").is_some());
    assert!(book(&mut marketing).await.payments.is_empty());

    // 300 due in three days, 200 that fell due yesterday; nothing more is left.
    let first: PaymentView = schedule(&mut marketing, ana.id, "300", &day(3))
        .await
        .json();
    let r = schedule(&mut marketing, ana.id, "200.01", &day(-1)).await;
    assert!(
        r.error().field("amount").unwrap().contains("200.00"),
        "{}",
        r.text
    );
    let second: PaymentView = schedule(&mut marketing, ana.id, "200", &day(-1))
        .await
        .json();
    let b = book(&mut marketing).await;
    assert!(
        b.payables.iter().all(|p| p.entry_id != ana.id),
        "all scheduled"
    );
    assert_eq!(b.payments[0].id, second.id, "overdue first");
    assert_eq!(b.payments[0].due, Due::Overdue);
    assert_eq!(b.overdue[0].display(), format!("200.00 {currency}"));
    assert_eq!(b.due_this_week[0].display(), format!("300.00 {currency}"));

    // Paid only once approved; a stale version is refused.
    let r = act::<MarkPaid>(&mut marketing, &first, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let approved: PaymentView = act::<ApprovePayment>(&mut marketing, &first, &[])
        .await
        .json();
    assert_eq!(approved.status, PaymentStatus::Approved);
    let r = act::<ApprovePayment>(&mut marketing, &first, &[]).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "someone changed it meanwhile"
    );

    // Short, without a reason: refused. With one: paid, and the creator hears of it, and
    // the campaign's open dashboards.
    let (_, mut dashboard) = marketing
        .open(&format!("/events?campaign={}", approved.campaign_id), None)
        .await;
    let r = act::<MarkPaid>(&mut marketing, &approved, &[("paid", "250")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("reason").is_some());
    let r = act::<MarkPaid>(
        &mut marketing,
        &approved,
        &[
            ("paid", "250"),
            ("reason", "Posted four days late"),
            ("reference", "INV-7"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let paid: PaymentView = r.json();
    assert_eq!(paid.status, PaymentStatus::Paid);
    let event = common::next_event(&mut dashboard).await;
    assert_eq!(
        (event.kind.as_str(), event.campaign_id),
        (
            app::realtime::Kind::PaymentPaid.name(),
            Some(paid.campaign_id)
        )
    );
    assert_eq!(
        paid.paid.as_ref().unwrap().display(),
        format!("250.00 {currency}")
    );
    assert_eq!(paid.paid_on, Some(today));
    assert_eq!(
        book(&mut marketing).await.paid[0].display(),
        format!("250.00 {currency}")
    );

    let notices = inbox(&mut creator).await.recent;
    assert_eq!(notices[0].kind, NoticeKind::PaymentPaid);
    assert!(notices[0].title.contains("250.00"), "{}", notices[0].title);
    let mine: Vec<CreatorPayment> = creator.call::<MyPayments>(&[]).await.json();
    assert_eq!(mine.len(), 2);
    let shown = mine.iter().find(|p| p.id == paid.id).unwrap();
    assert_eq!(shown.status, PaymentStatus::Paid);
    assert_eq!(
        shown.partial_reason.as_deref(),
        Some("Posted four days late")
    );
    assert_eq!(shown.reference.as_deref(), Some("INV-7"));
}

#[tokio::test]
async fn only_marketing_of_the_organization_manages_payments() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let ana = contracted(&app, &mut marketing, &mut creator).await;
    let day = (app.clock.now().date_naive() + Duration::days(5)).to_string();
    let p: PaymentView = schedule(&mut marketing, ana.id, "100", &day).await.json();

    for email in [LEGAL, "director@roster.example"] {
        let mut c = app.signed_in(email).await;
        assert_eq!(
            c.call::<GetPayments>(&[]).await.status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        assert_eq!(
            act::<ApprovePayment>(&mut c, &p, &[]).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        creator.call::<GetPayments>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        act::<ApprovePayment>(&mut other, &p, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        schedule(&mut other, ana.id, "1", &day).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(book(&mut other).await.payments.is_empty());

    // A creator sees their own payments only; staff have no creator payments.
    let mut stranger = another_creator(&app).await;
    let theirs: Vec<CreatorPayment> = stranger.call::<MyPayments>(&[]).await.json();
    assert!(theirs.is_empty());
    assert_eq!(
        marketing.call::<MyPayments>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_creator_sees_no_payment_of_a_collaboration_moved_back_to_shortlisted() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let ana = contracted(&app, &mut marketing, &mut creator).await;
    let r = schedule(&mut marketing, ana.id, "250", "2026-07-01").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mine: Vec<CreatorPayment> = creator.call::<MyPayments>(&[]).await.json();
    assert_eq!(mine.len(), 1);
    // Back to the shortlist: as far as the creator's pages go, no such collaboration.
    let dropped = move_to(&mut marketing, &ana, Stage::Dropped).await;
    move_to(&mut marketing, &dropped, Stage::Shortlisted).await;
    let mine: Vec<CreatorPayment> = creator.call::<MyPayments>(&[]).await.json();
    assert!(mine.is_empty(), "{mine:?}");
}

#[tokio::test]
async fn today_and_overdue_follow_the_organizations_time_zone() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let ana = contracted(&app, &mut marketing, &mut creator).await;
    // 20:00 UTC on 1 June is already 08:00 on 2 June in Auckland.
    app.clock.advance(chrono::Duration::hours(11));
    let r = schedule(&mut marketing, ana.id, "250", "2026-06-01").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let utc = book(&mut marketing).await;
    assert_eq!(utc.today.to_string(), "2026-06-01");
    assert!(
        utc.overdue.is_empty(),
        "due today in UTC: {:?}",
        utc.overdue
    );

    let mut admin = app.signed_in("admin@roster.example").await;
    let r = admin
        .call::<app::organization::api::UpdateOrganizationSettings>(&[
            ("name", "Northwind Outfitters (demo)"),
            ("currency", "EUR"),
            ("time_zone", "Pacific/Auckland"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let auckland = book(&mut marketing).await;
    assert_eq!(auckland.today.to_string(), "2026-06-02");
    assert_eq!(auckland.overdue.len(), 1, "a day late in Auckland");
}
