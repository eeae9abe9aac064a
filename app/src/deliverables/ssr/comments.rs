//! Comment threads: staff start them (on caption text, a point of an image, or the whole
//! draft) and resolve them; staff and the creator reply; authors edit and delete their
//! own. (A new version re-anchors every open text thread: `store::reanchor`.)

use super::store::{db_offset, follow, latest_version, lock, staff};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, draft_version, review_comment, upload};
use crate::deliverables::types::{COMMENT_MAX, CommentTarget};
use crate::domain::anchor::{self, Span};
use crate::domain::notice::NoticeKind;
use crate::domain::review::{Lane, handle, mentions};
use crate::error::AppError;
use crate::platform::access::{self, Access, Side};
use crate::platform::notify::{Notice, notify};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set};

/// Where a new thread points, as the browser reports it: text offsets in UTF-16 units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewTarget {
    /// The quote is what the browser saw there, to catch a caption that changed under it.
    Text {
        start: usize,
        end: usize,
        quote: Option<String>,
    },
    Image {
        upload_id: i32,
        x: i32,
        y: i32,
    },
    Draft,
}

impl NewTarget {
    /// Words, a point, or nothing: half of one is refused.
    pub fn from_sent(t: CommentTarget) -> Result<Self, AppError> {
        match (t.start, t.end, t.upload_id, t.x, t.y) {
            (None, None, None, None, None) => Ok(NewTarget::Draft),
            (Some(start), Some(end), None, None, None) => Ok(NewTarget::Text {
                start,
                end,
                quote: t.quote,
            }),
            (None, None, Some(upload_id), Some(x), Some(y)) => {
                Ok(NewTarget::Image { upload_id, x, y })
            }
            _ => Err(AppError::invalid(
                "start",
                "Comment on words of the caption, a point of an image, or the whole draft.",
            )),
        }
    }
}

fn body(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("body", "Write the comment first."));
    }
    if text.chars().count() > COMMENT_MAX {
        return Err(AppError::invalid(
            "body",
            format!("Keep a comment under {COMMENT_MAX} characters."),
        ));
    }
    Ok(text.to_string())
}
/// Starts a thread on a version of a deliverable. Staff only. A text thread started on an
/// older version is followed onto the newest at once, like the others were.
pub async fn start_thread(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    version_id: i32,
    text: &str,
    target: NewTarget,
) -> Result<(i32, i32), AppError> {
    let not_found = || AppError::NotFound("Draft version".into());
    let version = draft_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let (d, access) = access::deliverable(db, me, version.deliverable_id)
        .await
        .map_err(|_| not_found())?;
    if access.side != Side::Staff {
        return Err(AppError::Forbidden);
    }
    let text = body(text)?;
    let mut row = review_comment::ActiveModel {
        organization_id: Set(d.organization_id),
        deliverable_id: Set(d.id),
        draft_version_id: Set(version.id),
        parent_id: Set(None),
        author_id: Set(Some(me.id)),
        body: Set(text.clone()),
        target: Set("draft".into()),
        created_at: Set(now),
        ..Default::default()
    };
    // A point must be on one of this version's images; checked before anything is locked.
    if let NewTarget::Image { upload_id, x, y } = target {
        let on_version = upload::Entity::find_by_id(upload_id)
            .one(db)
            .await?
            .is_some_and(|u| u.draft_version_id == Some(version.id));
        if !on_version || !(0..=1000).contains(&x) || !(0..=1000).contains(&y) {
            return Err(AppError::invalid(
                "point",
                "Click a point on one of this version's images.",
            ));
        }
    }
    let txn = begin_write(db).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    lock(&txn, d.id).await?;
    match target {
        NewTarget::Text { start, end, quote } => {
            let caption = &version.caption;
            let bad = || AppError::invalid("start", "Select some text of this version's caption.");
            let span = Span {
                start: anchor::byte_offset(caption, start).ok_or_else(bad)?,
                end: anchor::byte_offset(caption, end).ok_or_else(bad)?,
            };
            let a = anchor::capture(caption, span).ok_or_else(bad)?;
            if quote.is_some_and(|q| q != a.quote) {
                return Err(AppError::invalid(
                    "start",
                    "The caption is not what you selected any more. Select the words again.",
                ));
            }
            row.target = Set("text".into());
            row.quote = Set(Some(a.quote.clone()));
            row.prefix = Set(Some(a.prefix.clone()));
            row.suffix = Set(Some(a.suffix.clone()));
            row.origin_start = Set(Some(db_offset(span.start)?));
            row.origin_end = Set(Some(db_offset(span.end)?));
            row.anchor_version_id = Set(Some(version.id));
            row.anchor_start = Set(Some(db_offset(span.start)?));
            row.anchor_end = Set(Some(db_offset(span.end)?));
            if let Some(newest) = latest_version(&txn, d.id).await?
                && newest.id != version.id
            {
                follow(&mut row, &a, &newest, now)?;
            }
        }
        NewTarget::Image { upload_id, x, y } => {
            row.target = Set("image".into());
            row.upload_id = Set(Some(upload_id));
            row.point_x = Set(Some(x));
            row.point_y = Set(Some(y));
        }
        NewTarget::Draft => {}
    }
    let saved = row.insert(&txn).await?;
    audit(&txn, me, now, Action::CommentAdd, &saved).await?;
    tell_mentioned(&txn, me, &access, &text, d.id, now).await?;
    txn.commit().await?;
    Ok((d.id, saved.id))
}

/// Replies to a thread: staff of the organization, or the draft's creator.
pub async fn reply(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    thread_id: i32,
    text: &str,
) -> Result<(i32, i32), AppError> {
    let (root, access) = thread(db, me, thread_id).await?;
    let text = body(text)?;
    let txn = begin_write(db).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    let saved = review_comment::ActiveModel {
        organization_id: Set(root.organization_id),
        deliverable_id: Set(root.deliverable_id),
        draft_version_id: Set(root.draft_version_id),
        parent_id: Set(Some(root.id)),
        author_id: Set(Some(me.id)),
        body: Set(text.clone()),
        target: Set(root.target.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit(&txn, me, now, Action::CommentReply, &saved).await?;
    if access.side == Side::Creator {
        // The creator answered: the thread's author hears of it.
        if let Some(author) = root.author_id {
            let title = format!("{} replied to your comment", access.creator.name);
            let link = format!("/deliverables/{}", root.deliverable_id);
            let notice = Notice {
                organization_id: root.organization_id,
                user_id: author,
                kind: NoticeKind::Reply,
                title,
                link,
            };
            notify(&txn, notice, now).await?;
        }
    } else {
        tell_mentioned(&txn, me, &access, &text, root.deliverable_id, now).await?;
    }
    txn.commit().await?;
    Ok((root.deliverable_id, saved.id))
}

/// Changes the text of one's own comment.
pub async fn edit(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    comment_id: i32,
    text: &str,
) -> Result<(i32, ()), AppError> {
    let text = body(text)?;
    rewrite(db, me, now, comment_id, Some(text)).await
}

/// Deletes one's own comment. The thread keeps its place ("comment deleted"), so replies
/// still make sense.
pub async fn delete(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    comment_id: i32,
) -> Result<(i32, ()), AppError> {
    rewrite(db, me, now, comment_id, None).await
}

/// Replaces one's own comment's text, or deletes it (`None`), audited with the text before.
async fn rewrite(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    comment_id: i32,
    text: Option<String>,
) -> Result<(i32, ()), AppError> {
    let (c, entry_id) = own_comment(db, me, comment_id).await?;
    let txn = begin_write(db).await?;
    access::ensure_open(&txn, entry_id).await?;
    let before = c.body.clone();
    let mut row: review_comment::ActiveModel = c.into();
    row.body = Set(text.clone().unwrap_or_default());
    match text {
        Some(_) => row.edited_at = Set(Some(now)),
        None => row.deleted_at = Set(Some(now)),
    }
    let saved = row.update(&txn).await?;
    let action = if saved.deleted_at.is_some() {
        Action::CommentDelete
    } else {
        Action::CommentEdit
    };
    AuditEvent::new(Actor::from(me), action)
        .organization(Some(saved.organization_id))
        .entity(saved.id)
        .before(&serde_json::json!({ "body": before }))
        .after(&serde_json::json!({ "body": saved.body }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok((saved.deliverable_id, ()))
}

/// Resolves or reopens a thread. Staff only.
pub async fn set_resolved(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    thread_id: i32,
    resolved: bool,
) -> Result<(i32, ()), AppError> {
    let (root, access) = thread(db, me, thread_id).await?;
    // Reviewers close threads; directors read and comment.
    if access.side != Side::Staff || Lane::of(me.role).is_none() {
        return Err(AppError::Forbidden);
    }
    if root.resolved_at.is_some() == resolved {
        return Ok((root.deliverable_id, ()));
    }
    let txn = begin_write(db).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    let mut row: review_comment::ActiveModel = root.into();
    row.resolved_at = Set(resolved.then_some(now));
    row.resolved_by = Set(resolved.then_some(me.id));
    let saved = row.update(&txn).await?;
    let action = if resolved {
        Action::CommentResolve
    } else {
        Action::CommentReopen
    };
    audit(&txn, me, now, action, &saved).await?;
    txn.commit().await?;
    Ok((saved.deliverable_id, ()))
}

/// A thread's first comment and the reader's access to its draft.
async fn thread(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    thread_id: i32,
) -> Result<(review_comment::Model, Access), AppError> {
    let not_found = || AppError::NotFound("Comment".into());
    let root = review_comment::Entity::find_by_id(thread_id)
        .one(db)
        .await?
        .filter(|c| c.parent_id.is_none())
        .ok_or_else(not_found)?;
    let (_, access) = access::deliverable(db, me, root.deliverable_id)
        .await
        .map_err(|_| not_found())?;
    Ok((root, access))
}

/// One's own comment, still there, on a draft one can still see, and its collaboration.
async fn own_comment(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    comment_id: i32,
) -> Result<(review_comment::Model, i32), AppError> {
    let not_found = || AppError::NotFound("Comment".into());
    let c = review_comment::Entity::find_by_id(comment_id)
        .one(db)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(not_found)?;
    let (_, access) = access::deliverable(db, me, c.deliverable_id)
        .await
        .map_err(|_| not_found())?;
    if c.author_id != Some(me.id) {
        return Err(AppError::Forbidden);
    }
    Ok((c, access.entry.id))
}

async fn audit(
    txn: &impl ConnectionTrait,
    me: &CurrentUser,
    now: DateTime<Utc>,
    action: Action,
    c: &review_comment::Model,
) -> Result<(), AppError> {
    AuditEvent::new(Actor::from(me), action)
        .organization(Some(c.organization_id))
        .entity(c.id)
        .after(&serde_json::json!({
            "deliverable_id": c.deliverable_id,
            "version_id": c.draft_version_id,
            "thread": c.parent_id,
            "body": c.body,
            "quote": c.quote,
            "resolved": c.resolved_at.is_some(),
        }))
        .record(txn, now)
        .await?;
    Ok(())
}

/// Tells every colleague @mentioned in a comment (but not its author).
async fn tell_mentioned(
    txn: &impl ConnectionTrait,
    me: &CurrentUser,
    access: &Access,
    text: &str,
    deliverable_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let handles = mentions(text);
    if handles.is_empty() {
        return Ok(());
    }
    let org = access.entry.organization_id;
    for colleague in staff(txn, org).await? {
        if colleague.id != me.id && handles.contains(&handle(&colleague.email)) {
            let title = format!(
                "{} mentioned you on {}'s draft",
                me.name, access.creator.name
            );
            let link = format!("/deliverables/{deliverable_id}");
            let notice = Notice {
                organization_id: org,
                user_id: colleague.id,
                kind: NoticeKind::Mention,
                title,
                link,
            };
            notify(txn, notice, now).await?;
        }
    }
    Ok(())
}
