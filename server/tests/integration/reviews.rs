//! Draft review over HTTP: comment threads that follow their text to a new version (or go
//! outdated), who may comment, reply, edit and resolve; the two lanes, each only for its
//! role, approving one version together; compliance, revision policy and the queue.

use crate::common::portal::*;
use crate::common::{Client, Reply, TestApp, other_organization_admin};
use app::briefs::api::SaveBrief;
use app::db::{audit_event, deliverable, notification};
use app::deliverables::api::{
    AddComment, Decide, DeleteComment, EditComment, GetReview, ReplyToComment, ResolveComment,
    ReviewQueue,
};
use app::deliverables::types::DraftVersionView;
use app::deliverables::types::{QueueItem, ReviewView};
use app::domain::compliance::CheckKind;
use app::domain::review::{CHECKLIST, Lane, Status};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const DIRECTOR: &str = "director@roster.example";

pub(crate) async fn review(c: &mut Client, d: i32) -> ReviewView {
    let r = c.call::<GetReview>(&[("id", &d.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

pub(crate) async fn version(c: &mut Client, d: i32, caption: &str) -> DraftVersionView {
    let r = submit(c, d, caption, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

/// A comment on `quote` in `caption`, with offsets in UTF-16 units as a browser sends them.
pub(crate) async fn comment_on(
    c: &mut Client,
    v: &DraftVersionView,
    quote: &str,
    body: &str,
) -> Reply {
    let at = v.caption.find(quote).expect("quote in caption");
    let start = v.caption[..at].encode_utf16().count();
    let end = start + quote.encode_utf16().count();
    let (start, end) = (start.to_string(), end.to_string());
    add(c, v, body, &[("start", &start), ("end", &end)]).await
}

/// Starts a thread on `v` with the given target fields (`start`, `upload_id`…).
pub(crate) async fn add(
    c: &mut Client,
    v: &DraftVersionView,
    body: &str,
    target: &[(&str, &str)],
) -> Reply {
    let mut args = vec![
        ("version_id".to_string(), v.id.to_string()),
        ("body".to_string(), body.to_string()),
    ];
    args.extend(
        target
            .iter()
            .map(|(k, v)| (format!("target[{k}]"), v.to_string())),
    );
    call_owned::<AddComment>(c, &args).await
}

pub(crate) async fn decide(
    c: &mut Client,
    d: i32,
    v: i32,
    lane: &str,
    verdict: &str,
    note: &str,
) -> Reply {
    let all: Vec<&str> = CHECKLIST.iter().map(|(k, _)| *k).collect();
    let checked = if verdict == "approved" {
        all.join(",")
    } else {
        String::new()
    };
    c.call::<Decide>(&[
        ("deliverable_id", &d.to_string()),
        ("version_id", &v.to_string()),
        ("lane", lane),
        ("verdict", verdict),
        ("checked", &checked),
        ("note", note),
    ])
    .await
}

pub(crate) async fn resolve(c: &mut Client, thread: i32) -> Reply {
    c.call::<ResolveComment>(&[("thread_id", &thread.to_string()), ("resolved", "true")])
        .await
}

async fn queue(c: &mut Client) -> Vec<QueueItem> {
    let r = c.call::<ReviewQueue>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn notifications_of(app: &TestApp, email: &str, containing: &str) -> usize {
    let user = account(app, email).await.unwrap();
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user.id))
        .all(&app.state.db)
        .await
        .unwrap()
        .iter()
        .filter(|n| n.title.contains(containing))
        .count()
}

#[tokio::test]
async fn comments_follow_their_text_to_a_new_version_or_go_outdated() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;

    // Browsers send CR LF; the caption keeps LF so offsets mean the same on both sides.
    let v1 = version(
        &mut creator,
        d,
        "Loving the Trail jacket 🌧 Totally waterproof!\r\nMiracle cure for rainy days #ad",
    )
    .await;
    assert!(!v1.caption.contains('\r'));
    let r = comment_on(
        &mut legal,
        &v1,
        "Totally waterproof!",
        "Can we prove this? @marketing",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let legal_thread: i32 = r.json();
    let r = comment_on(&mut m, &v1, "Miracle cure", "Not a medical product.").await;
    let cure_thread: i32 = r.json();
    assert_eq!(notifications_of(&app, MARKETING, "mentioned you").await, 1);
    // A point on an image needs an image of this version; a whole-draft comment needs none.
    let r = add(
        &mut m,
        &v1,
        "Logo?",
        &[("upload_id", "999"), ("x", "10"), ("y", "10")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = add(&mut m, &v1, "Nice energy overall", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = add(&mut m, &v1, "  ", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Half a target, or a quote that is not what the caption holds there, is refused.
    let r = add(&mut m, &v1, "x", &[("start", "5")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = add(
        &mut m,
        &v1,
        "x",
        &[("start", "0"), ("end", "6"), ("quote", "Hating")],
    )
    .await;
    assert!(
        r.error()
            .field("start")
            .unwrap()
            .contains("Select the words again")
    );
    // Offsets outside the caption are refused.
    let r = add(&mut m, &v1, "x", &[("start", "5"), ("end", "500")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The creator replies on their own draft but starts no thread and resolves nothing.
    let r = creator
        .call::<ReplyToComment>(&[
            ("thread_id", &legal_thread.to_string()),
            ("body", "Rated 20,000 mm, see the spec sheet"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(notifications_of(&app, LEGAL, "replied").await, 1);
    assert_eq!(
        comment_on(&mut creator, &v1, "Trail", "Mine").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        resolve(&mut creator, cure_thread).await.status,
        StatusCode::FORBIDDEN
    );
    // Another creator, and another organization, see nothing of it.
    let mut stranger = another_creator(&app).await;
    let r = stranger
        .call::<ReplyToComment>(&[("thread_id", &legal_thread.to_string()), ("body", "hi")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        other
            .call::<GetReview>(&[("id", &d.to_string())])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        comment_on(&mut other, &v1, "Trail", "x").await.status,
        StatusCode::NOT_FOUND
    );

    // A new version: legal's words moved and survive; "Miracle cure" is gone.
    let v2 = version(
        &mut creator,
        d,
        "#ad Out on the ridge today.\nLoving the Trail jacket 🌧 Totally waterproof!\nGreat for rainy days",
    )
    .await;
    let seen = review(&mut m, d).await;
    let thread = |id: i32| seen.threads.iter().find(|t| t.id == id).unwrap().clone();
    let followed = thread(legal_thread).span_on(v2.id).expect("re-anchored");
    assert_eq!(followed.of(&v2.caption), "Totally waterproof!");
    assert_eq!(thread(legal_thread).comments.len(), 2);
    let gone = thread(cure_thread);
    assert!(gone.outdated);
    assert_eq!(gone.span_on(v2.id), None);
    assert_eq!(
        gone.span_on(v1.id).unwrap().of(&v1.caption),
        "Miracle cure",
        "an outdated comment still reads against its version"
    );
    // The creator reads the thread they answered, on its new words. (Not every thread:
    // which ones a creator sees is the reviewers' choice, not this test's.)
    let theirs = review(&mut creator, d).await;
    let answered = theirs.threads.iter().find(|t| t.id == legal_thread);
    let on_v2 = answered
        .and_then(|t| t.span_on(v2.id))
        .expect("the thread they answered");
    assert_eq!(on_v2.of(&v2.caption), "Totally waterproof!");
    // A thread started on the older version follows its words onto the newest at once.
    let late: i32 = comment_on(&mut m, &v1, "Loving the Trail jacket", "Say its full name")
        .await
        .json();
    let seen = review(&mut m, d).await;
    let late = seen.threads.iter().find(|t| t.id == late).unwrap();
    assert_eq!(
        late.span_on(v2.id).unwrap().of(&v2.caption),
        "Loving the Trail jacket"
    );
    // Directors comment but do not close threads.
    let mut director = app.signed_in(DIRECTOR).await;
    assert_eq!(
        resolve(&mut director, legal_thread).await.status,
        StatusCode::FORBIDDEN
    );

    // Authors edit and delete their own comments only.
    let edit = |id: i32, body: &'static str| {
        vec![("comment_id", id.to_string()), ("body", body.to_string())]
    };
    let args = edit(legal_thread, "Can we prove the rating?");
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        m.call::<EditComment>(&args).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        legal.call::<EditComment>(&args).await.status,
        StatusCode::OK
    );
    let r = m
        .call::<DeleteComment>(&[("comment_id", &cure_thread.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let seen = review(&mut legal, d).await;
    let t = seen.threads.iter().find(|t| t.id == legal_thread).unwrap();
    assert!(t.comments[0].edited && t.comments[0].mine);
    assert_eq!(t.comments[0].body, "Can we prove the rating?");
    let deleted = seen.threads.iter().find(|t| t.id == cure_thread).unwrap();
    assert!(deleted.comments[0].deleted && deleted.comments[0].body.is_empty());

    // Resolved threads stay where they were.
    assert_eq!(
        resolve(&mut legal, legal_thread).await.status,
        StatusCode::OK
    );
    let v3 = version(
        &mut creator,
        d,
        "#ad Totally waterproof! Loving the Trail jacket",
    )
    .await;
    let seen = review(&mut m, d).await;
    let t = seen.threads.iter().find(|t| t.id == legal_thread).unwrap();
    assert!(t.resolved && t.span_on(v3.id).is_none() && t.span_on(v2.id).is_some());
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("comment."))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 8, "4 added, 1 reply, 1 edit, 1 delete, 1 resolve");
}

#[tokio::test]
async fn both_lanes_approve_the_same_version_and_each_decides_only_its_own() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut director = app.signed_in(DIRECTOR).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let v1 = version(&mut creator, d, "#ad First take").await;

    // Each role decides in its lane only.
    for (c, lane) in [
        (&mut legal, "marketing"),
        (&mut m, "legal"),
        (&mut director, "marketing"),
        (&mut creator, "marketing"),
    ] {
        let r = decide(c, d, v1.id, lane, "approved", "").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{lane}: {}", r.text);
    }
    let r = decide(&mut director, d, v1.id, "legal", "approved", "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Approving needs the whole checklist; asking for changes needs a word on what.
    let r = m
        .call::<Decide>(&[
            ("deliverable_id", &d.to_string()),
            ("version_id", &v1.id.to_string()),
            ("lane", "marketing"),
            ("verdict", "approved"),
            ("checked", "claims,visuals"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.error()
            .field("checked")
            .unwrap()
            .contains("Fits the brand values")
    );
    let r = decide(&mut legal, d, v1.id, "legal", "changes_requested", " ").await;
    assert_eq!(
        r.error().field("note").as_deref(),
        Some("Say what should change.")
    );

    let r = decide(&mut m, d, v1.id, "marketing", "approved", "").await;
    assert_eq!(r.json::<Status>(), Status::InReview);
    let r = decide(
        &mut legal,
        d,
        v1.id,
        "legal",
        "changes_requested",
        "Say 'rated to 20,000 mm'",
    )
    .await;
    assert_eq!(r.json::<Status>(), Status::ChangesRequested);
    assert_eq!(
        notifications_of(&app, CREATOR, "asked for changes").await,
        1
    );

    // A new version starts both lanes over; the old version can no longer be decided.
    let v2 = version(&mut creator, d, "#ad Rated to 20,000 mm").await;
    let seen = review(&mut m, d).await;
    assert_eq!(seen.status, Status::InReview);
    assert!(seen.lanes.iter().all(|l| l.current.is_none()));
    assert_eq!(seen.history.len(), 2);
    let r = decide(&mut legal, d, v1.id, "legal", "approved", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = decide(&mut legal, d, v2.id, "legal", "approved", "").await;
    assert_eq!(r.json::<Status>(), Status::InReview);
    let r = decide(&mut m, d, v2.id, "marketing", "approved", "Great").await;
    assert_eq!(r.json::<Status>(), Status::Approved);

    // Approved: frozen for versions and decisions, and the creator is told.
    let row = deliverable::Entity::find_by_id(d)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.approved_version_id, Some(v2.id));
    assert_eq!(
        submit(&mut creator, d, "#ad v3", &[]).await.status,
        StatusCode::CONFLICT
    );
    let r = decide(&mut legal, d, v2.id, "legal", "changes_requested", "wait").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(notifications_of(&app, CREATOR, "is approved").await, 1);
    let seen = review(&mut creator, d).await;
    assert_eq!(seen.status, Status::Approved);
    assert_eq!(seen.my_lane, None);
    let audited = |action: &'static str| {
        audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq(action))
            .count(&app.state.db)
    };
    assert_eq!(audited("review.decide").await.unwrap(), 4);
    assert_eq!(audited("draft.approve").await.unwrap(), 1);
}

#[tokio::test]
async fn checks_policy_and_queue_follow_the_brief() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (entry, d) = deliverable(&app, &mut m, &mut creator).await;
    let mut args = brief_args(&entry.campaign_id.to_string(), None, "Launch");
    args.retain(|(k, _)| !k.contains("revision_rounds") && !k.contains("turnaround"));
    for (k, v) in [
        ("input[revision_rounds]", "1"),
        ("input[turnaround_hours]", "24"),
        ("input[hashtags]", "#TrailReady"),
        ("input[do_not_say]", "cure"),
        ("input[talking_points]", "Waterproof to 20,000 mm"),
    ] {
        args.push((k.into(), v.into()));
    }
    let r = call_owned::<SaveBrief>(&mut m, &args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let v1 = version(
        &mut creator,
        d,
        "A Cure for rain.\nLine two\nLine three\n#ad",
    )
    .await;
    let seen = review(&mut m, d).await;
    let failed: Vec<CheckKind> = seen
        .checks_of(v1.id)
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        failed,
        [
            CheckKind::Disclosure,
            CheckKind::Hashtags,
            CheckKind::DoNotSay,
            CheckKind::TalkingPoints
        ]
    );
    assert_eq!(seen.turnaround_hours, 24);

    // Each lane's queue, longest waiting first; late past the turnaround target.
    let waiting = queue(&mut legal).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].lane, waiting[0].wait.breached),
        (Lane::Legal, false)
    );
    app.clock.advance(chrono::Duration::hours(25));
    let waiting = queue(&mut legal).await;
    assert!(waiting[0].wait.breached && waiting[0].wait.minutes == 25 * 60);
    assert_eq!(
        decide(
            &mut legal,
            d,
            v1.id,
            "legal",
            "changes_requested",
            "Move #ad up"
        )
        .await
        .status,
        StatusCode::OK
    );
    assert!(queue(&mut legal).await.is_empty());
    assert_eq!(queue(&mut m).await.len(), 1, "marketing still has it");
    let mut director = app.signed_in("director@roster.example").await;
    assert_eq!(
        queue(&mut director).await.len(),
        1,
        "directors see both lanes"
    );
    let seen = review(&mut m, d).await;
    let legal_lane = seen.lanes.iter().find(|l| l.lane == Lane::Legal).unwrap();
    assert!(legal_lane.wait.unwrap().breached && !legal_lane.wait.unwrap().open);

    // Revision rounds past the brief's policy warn marketing.
    version(&mut creator, d, "#ad v2").await;
    assert!(!review(&mut m, d).await.over_policy());
    version(&mut creator, d, "#ad v3").await;
    let seen = review(&mut m, d).await;
    assert!(seen.over_policy());
    assert!(queue(&mut m).await[0].over_policy);
}

#[tokio::test]
async fn a_draft_posted_live_before_approval_stays_in_the_review_queue() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    version(&mut creator, d, "Out now #ad").await;
    assert_eq!(queue(&mut legal).await.len(), 1);
    let r = creator
        .call::<app::deliverables::api::SubmitLiveLink>(&[
            ("deliverable_id", &d.to_string()),
            ("live_url", "https://instagram.example/p/early"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let waiting = queue(&mut legal).await;
    assert_eq!(waiting.len(), 1, "still to review, live or not");
}

#[tokio::test]
async fn the_queue_puts_the_longest_waiting_draft_first_and_flags_the_late_one() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (entry, _) = deliverable(&app, &mut m, &mut creator).await;
    let args = brief_args(&entry.campaign_id.to_string(), None, "Launch");
    let r = call_owned::<SaveBrief>(&mut m, &args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let seen: app::collaboration::Collaboration = creator
        .call::<app::collaboration::api::GetCollaboration>(&[("entry_id", &entry.id.to_string())])
        .await
        .json();
    let (first, second) = (seen.deliverables[0].id, seen.deliverables[1].id);
    // The second deliverable is sent in first: the queue's order is not the ids' order.
    version(&mut creator, second, "Early take #ad").await;
    app.clock.advance(chrono::Duration::hours(47));
    version(&mut creator, first, "Late take #ad").await;
    app.clock.advance(chrono::Duration::hours(2));

    let waiting = queue(&mut legal).await;
    let order: Vec<(i32, i64, bool)> = waiting
        .iter()
        .map(|q| (q.deliverable_id, q.wait.minutes, q.wait.breached))
        .collect();
    // The brief's turnaround is 48 hours: 49 is late, 2 is not.
    assert_eq!(order, [(second, 49 * 60, true), (first, 2 * 60, false)]);
    // A new version of the early draft starts its wait again: it goes to the back.
    version(&mut creator, second, "Early take, again #ad").await;
    app.clock.advance(chrono::Duration::minutes(5));
    let ids: Vec<i32> = queue(&mut legal)
        .await
        .iter()
        .map(|q| q.deliverable_id)
        .collect();
    assert_eq!(ids, [first, second]);
}
