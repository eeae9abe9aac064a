//! Notifications over SQL: written in the transaction of what they tell about, announced
//! on the reader's own stream after it commits, and turned into emails by the mail job.

pub mod reminders;

use super::{EmailSetting, Inbox, Notification, SHOWN};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{begin_write, notification, user, writer_turn};
use crate::domain::notice::{EmailMuted, NoticeKind};
use crate::domain::role::Role;
use crate::domain::text::escape_html;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

pub async fn inbox(db: &DatabaseConnection, me: &CurrentUser) -> Result<Inbox, AppError> {
    let mine = || notification::Entity::find().filter(notification::Column::UserId.eq(me.id));
    let unread = mine()
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    let recent = mine()
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            kind: NoticeKind::parse(&n.kind),
            title: n.title,
            link: n.link,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect();
    Ok(Inbox { unread, recent })
}

/// Marks one of the reader's notifications read, or all of them.
pub async fn mark_read(
    db: &DatabaseConnection,
    me: &CurrentUser,
    id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(me.id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        update = update.filter(notification::Column::Id.eq(id));
    }
    let _turn = writer_turn(db).await;
    update.exec(db).await?;
    Ok(())
}

async fn account(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)
}

fn settings_of(role: Role, muted: &EmailMuted) -> Vec<EmailSetting> {
    NoticeKind::for_role(role)
        .into_iter()
        .map(|kind| EmailSetting {
            kind,
            label: kind.label().into(),
            by_email: muted.wants_email(kind),
        })
        .collect()
}

pub async fn email_settings(
    db: &DatabaseConnection,
    me: &CurrentUser,
) -> Result<Vec<EmailSetting>, AppError> {
    let account = account(db, me).await?;
    Ok(settings_of(
        me.role,
        &EmailMuted::parse(&account.email_muted),
    ))
}

pub async fn save_email_settings(
    db: &DatabaseConnection,
    me: &CurrentUser,
    by_email: &str,
    now: DateTime<Utc>,
) -> Result<Vec<EmailSetting>, AppError> {
    let wanted: Vec<&str> = by_email.split(',').map(str::trim).collect();
    let muted = EmailMuted::of(
        NoticeKind::for_role(me.role)
            .into_iter()
            .filter(|k| !wanted.contains(&k.as_str())),
    );
    let txn = begin_write(db).await?;
    let account = account(&txn, me).await?;
    let before = account.email_muted.clone();
    let mut changed = account.into_active_model();
    changed.email_muted = Set(muted.stored());
    changed.update(&txn).await?;
    AuditEvent::new(Actor::from(me), Action::UserEmailSettings)
        .entity(me.id)
        .before(&serde_json::json!({ "Not by email": before }))
        .after(&serde_json::json!({ "Not by email": muted.stored() }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(settings_of(me.role, &muted))
}

/// Notifications the mail job takes per round.
const EMAIL_BATCH: u64 = 200;

/// The mail job's first step: each notification not yet considered becomes an email in
/// the outbox, unless its reader switched that kind off. Each is considered once (claimed
/// in the transaction that queues its email). Answers how many emails were queued.
pub async fn queue_emails(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let pending = notification::Entity::find()
        .filter(notification::Column::EmailedAt.is_null())
        .order_by_asc(notification::Column::Id)
        .limit(EMAIL_BATCH)
        .all(db)
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let readers: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(pending.iter().map(|n| n.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let txn = begin_write(db).await?;
    let mut queued = 0;
    for n in pending {
        let claimed = notification::Entity::update_many()
            .col_expr(notification::Column::EmailedAt, Expr::value(now))
            .filter(notification::Column::Id.eq(n.id))
            .filter(notification::Column::EmailedAt.is_null())
            .exec(&txn)
            .await?;
        let Some(reader) = readers.get(&n.user_id) else {
            continue;
        };
        let kind = NoticeKind::parse(&n.kind);
        if claimed.rows_affected == 1 && EmailMuted::parse(&reader.email_muted).wants_email(kind) {
            let email = notice_email(reader, &n, public_url);
            outbox::queue(&txn, Some(n.organization_id), email, now).await?;
            queued += 1;
        }
    }
    txn.commit().await?;
    Ok(queued)
}

/// The email of a notification: what happened, the page it is about, and where to choose
/// which emails come.
fn notice_email(reader: &user::Model, n: &notification::Model, public_url: &str) -> Email {
    let link = format!("{public_url}{}", n.link);
    let settings = match reader.role() {
        Role::Creator => format!("{public_url}/portal/account"),
        _ => format!("{public_url}/account"),
    };
    Email {
        to: reader.email.clone(),
        subject: n.title.clone(),
        text: format!(
            "Hello {name},\n\n{title}\n\nOpen it in Roster:\n{link}\n\n\
             Choose which notices reach you by email: {settings}\n",
            name = reader.name,
            title = n.title,
        ),
        html: format!(
            "<p>Hello {name},</p><p>{title}</p><p><a href=\"{link}\">Open it in Roster</a></p>\
             <p style=\"color:#666\"><a href=\"{settings}\">Choose which notices reach you by email</a></p>",
            name = escape_html(&reader.name),
            title = escape_html(&n.title),
            link = escape_html(&link),
            settings = escape_html(&settings),
        ),
        link,
    }
}
