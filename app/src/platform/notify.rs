//! Telling people: a notification is written in the transaction of what it tells about,
//! and announced on the reader's own event stream once that has committed. (The inbox,
//! the settings and the emails are the notifications feature's.)

use crate::db::notification;
use crate::domain::notice::NoticeKind;
use crate::error::AppError;
use crate::realtime::bus::EventBus;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::future::Future;

/// Something to tell one person.
#[derive(Debug, Clone)]
pub struct Notice {
    pub organization_id: i32,
    pub user_id: i32,
    pub kind: NoticeKind,
    pub title: String,
    /// The page it is about, from the site's root (`/deliverables/4`).
    pub link: String,
}

impl Notice {
    fn row(self, now: DateTime<Utc>) -> notification::ActiveModel {
        notification::ActiveModel {
            organization_id: Set(self.organization_id),
            user_id: Set(self.user_id),
            kind: Set(self.kind.as_str().into()),
            title: Set(self.title),
            link: Set(self.link),
            read_at: Set(None),
            emailed_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
    }
}

tokio::task_local! {
    /// The people notified while a server function runs.
    static NOTIFIED: RefCell<BTreeSet<i32>>;
}

/// Runs `body`; if it succeeds, tells each person it notified on their own stream.
pub async fn announcing<T>(
    events: &EventBus,
    body: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let (result, notified) = NOTIFIED
        .scope(RefCell::new(BTreeSet::new()), async {
            let result = body.await;
            (result, NOTIFIED.with(|n| n.take()))
        })
        .await;
    if result.is_ok() {
        announce(events, notified);
    }
    result
}

/// Tells each of `people` (after the commit) that a notification arrived.
pub fn announce(events: &EventBus, people: impl IntoIterator<Item = i32>) {
    for user in people {
        events.publish_to(user, crate::realtime::Kind::NotificationNew);
    }
}

/// Writes notifications; answers whom they are for. Inside a server function, those
/// people are told once it succeeds; elsewhere (a background job) the caller announces.
pub async fn notify_all(
    db: &impl ConnectionTrait,
    notices: Vec<Notice>,
    now: DateTime<Utc>,
) -> Result<BTreeSet<i32>, DbErr> {
    let people: BTreeSet<i32> = notices.iter().map(|n| n.user_id).collect();
    if notices.is_empty() {
        return Ok(people);
    }
    notification::Entity::insert_many(notices.into_iter().map(|n| n.row(now)))
        .exec_without_returning(db)
        .await?;
    // Outside a server function there is no one to collect them: the caller announces.
    let _ = NOTIFIED.try_with(|n| n.borrow_mut().extend(people.iter().copied()));
    Ok(people)
}

pub async fn notify(
    db: &impl ConnectionTrait,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    notify_all(db, vec![notice], now).await.map(drop)
}
