//! Archived campaigns are read-only and ended collaborations (declined, dropped) take no
//! more work: every change a creator or a reviewer can make is refused, and nothing of it
//! is written.

use crate::common::portal::*;
use crate::common::{Client, TestApp};
use crate::reviews::{add, comment_on, decide, resolve, version};
use app::agreements::AgreementView;
use app::db::{audit_event, campaign, draft_version, review_comment, upload};
use app::deliverables::api::SubmitLiveLink;
use app::deliverables::api::{DeleteComment, EditComment, ReplyToComment};
use app::deliverables::types::DraftVersionView;
use app::domain::pipeline::Stage;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn archive(app: &TestApp, campaign_id: i32) {
    campaign::Entity::update_many()
        .col_expr(
            campaign::Column::Status,
            sea_orm::sea_query::Expr::value("archived"),
        )
        .filter(campaign::Column::Id.eq(campaign_id))
        .exec(&app.state.db)
        .await
        .unwrap();
}

async fn counts(app: &TestApp) -> [u64; 4] {
    let db = &app.state.db;
    [
        draft_version::Entity::find().count(db).await.unwrap(),
        review_comment::Entity::find().count(db).await.unwrap(),
        upload::Entity::find().count(db).await.unwrap(),
        audit_event::Entity::find().count(db).await.unwrap(),
    ]
}

/// Every change on a deliverable, each refused with `why`, nothing written.
async fn all_refused(
    app: &TestApp,
    creator: &mut Client,
    reviewers: (&mut Client, &mut Client),
    d: i32,
    why: &str,
    open: (DraftVersionView, i32),
) {
    let (m, legal) = reviewers;
    // The thread's first comment has the thread's id: legal's own.
    let (v, thread) = open;
    let (version_id, own_comment) = (v.id, thread);
    let before = counts(app).await;
    let d_text = d.to_string();
    let attempts: Vec<(&str, crate::common::Reply)> = vec![
        ("upload", upload(creator, d, "x.png", png(10)).await),
        ("draft", submit(creator, d, "A new take #ad", &[]).await),
        (
            "live link",
            creator
                .call::<SubmitLiveLink>(&[
                    ("deliverable_id", d_text.as_str()),
                    ("live_url", "https://instagram.example/p/late"),
                ])
                .await,
        ),
        ("comment", comment_on(legal, &v, "new take", "Hm").await),
        ("whole-draft comment", add(m, &v, "Overall?", &[]).await),
        (
            "reply",
            creator
                .call::<ReplyToComment>(&[("thread_id", &thread.to_string()), ("body", "ok")])
                .await,
        ),
        (
            "edit",
            legal
                .call::<EditComment>(&[("comment_id", &own_comment.to_string()), ("body", "x")])
                .await,
        ),
        (
            "delete",
            legal
                .call::<DeleteComment>(&[("comment_id", &own_comment.to_string())])
                .await,
        ),
        ("resolve", resolve(legal, thread).await),
        (
            "decision",
            decide(m, d, version_id, "marketing", "approved", "").await,
        ),
    ];
    for (what, r) in attempts {
        assert_eq!(r.status, StatusCode::CONFLICT, "{what}: {}", r.text);
        assert!(r.text.contains(why), "{what}: {}", r.text);
    }
    assert_eq!(counts(app).await, before, "nothing was written");
}

/// A deliverable with a version "A new take #ad" and one open legal thread on it.
async fn drafted(
    app: &TestApp,
    m: &mut Client,
    legal: &mut Client,
    creator: &mut Client,
) -> (i32, i32, (DraftVersionView, i32)) {
    let (ana, d) = deliverable(app, m, creator).await;
    let v = version(creator, d, "A new take #ad").await;
    let r = comment_on(legal, &v, "new take", "Claims?").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let thread: i32 = r.json();
    (ana.id, d, (v, thread))
}

#[tokio::test]
async fn an_archived_campaign_refuses_drafts_uploads_links_comments_and_decisions() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (entry, d, open) = drafted(&app, &mut m, &mut legal, &mut creator).await;
    archive(&app, campaign_of(&app, entry).await).await;
    all_refused(
        &app,
        &mut creator,
        (&mut m, &mut legal),
        d,
        "Archived campaigns are read-only.",
        open,
    )
    .await;
}

#[tokio::test]
async fn a_dropped_collaboration_refuses_the_same_until_it_is_back_on_the_board() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (entry, d, open) = drafted(&app, &mut m, &mut legal, &mut creator).await;
    let entries = crate::common::pipeline::entries_of(&mut m, campaign_of(&app, entry).await).await;
    let ana = entries.iter().find(|e| e.id == entry).unwrap().clone();
    let dropped = move_to(&mut m, &ana, Stage::Dropped).await;
    all_refused(
        &app,
        &mut creator,
        (&mut m, &mut legal),
        d,
        "This collaboration has ended.",
        open,
    )
    .await;
    // Back on the board, the work goes on.
    move_to(&mut m, &dropped, Stage::Contracted).await;
    let r = submit(&mut creator, d, "A newer take #ad", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

async fn campaign_of(app: &TestApp, entry: i32) -> i32 {
    app::db::pipeline_entry::Entity::find_by_id(entry)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .campaign_id
}

#[tokio::test]
async fn an_agreement_cannot_be_accepted_or_declined_once_the_campaign_is_archived() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (campaign_id, ana) = collaboration(&app, &mut m).await;
    onboard(&mut creator).await;
    let a: AgreementView = send_agreement(&mut m, ana.id, "500").await.json();
    archive(&app, campaign_id).await;
    let r = accept(&mut creator, &a, "Ana Lima").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("read-only"), "{}", r.text);
    let r = creator
        .call::<app::agreements::api::DeclineAgreement>(&[
            ("agreement_id", &a.id.to_string()),
            ("reason", "Too late"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let row = app::db::agreement::Entity::find_by_id(a.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "sent", "the agreement stays as it was");
    assert_eq!(row.accepted_name, None);
}
