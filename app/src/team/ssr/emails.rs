//! The Team page's outbox: every email of the organization, and sending again one the mail
//! server refused for good.

use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, outbox as queue, outbox_message};
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use crate::team::OutboxMessage;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub async fn outbox(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
) -> Result<Vec<OutboxMessage>, AppError> {
    let org = me.organization()?;
    Ok(outbox_message::Entity::find()
        .filter(outbox_message::Column::OrganizationId.eq(org))
        .order_by_desc(outbox_message::Column::CreatedAt)
        .order_by_desc(outbox_message::Column::Id)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|m| OutboxMessage {
            id: m.id,
            to_email: m.to_email,
            subject: m.subject,
            body_text: m.body_text,
            link: m.link,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attempts: m.attempts,
            last_error: m.last_error,
            failed_at: m.failed_at,
            next_attempt_at: m.next_attempt_at,
        })
        .collect())
}

/// Sends a message the mail server refused for good once more (after the address or the
/// server was fixed).
pub async fn send_again(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<(), AppError> {
    let org = me.organization()?;
    // Another organization's email is not found, rather than "not failed".
    outbox_message::Entity::find_by_id(id)
        .filter(outbox_message::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Email".into()))?;
    let txn = begin_write(db).await?;
    if !queue::send_again(&txn, org, id).await? {
        txn.rollback().await?;
        return Err(AppError::Conflict(
            "Only an email that failed can be sent again; this one is sent or still being tried."
                .into(),
        ));
    }
    AuditEvent::new(Actor::from(me), Action::EmailSendAgain)
        .entity(id)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}
