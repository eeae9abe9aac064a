//! Draft review over HTTP: comment threads that follow their text to a new version (or go
//! outdated), who may comment, reply, edit and resolve; the two lanes, each only for its
//! role, approving one version together; compliance, revision policy and the queue.

mod lanes;
mod queue;
mod threads;

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
