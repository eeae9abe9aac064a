//! Emails waiting to be sent: written in the transaction of the change they tell about,
//! so a message exists exactly when its change does. A sender (the server's mail job)
//! claims due messages, delivers them and records the outcome.

use super::outbox_message::{self, Column};
use crate::domain::delivery::{lease, retry_delay};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The page the email is about.
    pub link: String,
}

pub async fn queue(
    db: &impl ConnectionTrait,
    organization_id: Option<i32>,
    email: Email,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox_message::ActiveModel {
        organization_id: Set(organization_id),
        to_email: Set(email.to),
        subject: Set(email.subject),
        body_text: Set(email.text),
        body_html: Set(email.html),
        link: Set(email.link),
        attempts: Set(0),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        next_attempt_at: Set(None),
        claimed_until: Set(None),
        failed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Takes up to `limit` messages due for delivery, leasing each to the caller so no other
/// sender delivers it meanwhile. A message whose sender died is taken again once its lease
/// ran out. Senders take one at a time, so a lease covers one send.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    // Unsent, not failed for good, past its wait, and not leased (or its lease ran out).
    let due = || {
        Condition::all()
            .add(Column::SentAt.is_null())
            .add(Column::FailedAt.is_null())
            .add(
                Condition::any()
                    .add(Column::NextAttemptAt.is_null())
                    .add(Column::NextAttemptAt.lte(now)),
            )
            .add(
                Condition::any()
                    .add(Column::ClaimedUntil.is_null())
                    .add(Column::ClaimedUntil.lt(now)),
            )
    };
    let lease_until = now + lease();
    let candidates = outbox_message::Entity::find()
        .filter(due())
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for message in candidates {
        // Only one sender's update finds the message still due.
        let _turn = super::writer_turn(db).await;
        let taken = outbox_message::Entity::update_many()
            .col_expr(Column::ClaimedUntil, Expr::value(lease_until))
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .filter(Column::Id.eq(message.id))
            .filter(due())
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            claimed.push(outbox_message::Model {
                attempts: message.attempts + 1,
                claimed_until: Some(lease_until),
                ..message
            });
        }
    }
    Ok(claimed)
}

/// The mail server accepted a message the caller claimed.
pub async fn sent(
    db: &DatabaseConnection,
    message: &outbox_message::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // Sent is sent, even if the lease ran out meanwhile: the record must say so.
    let _turn = super::writer_turn(db).await;
    outbox_message::Entity::update_many()
        .col_expr(Column::SentAt, Expr::value(now))
        .col_expr(
            Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
        .filter(Column::Id.eq(message.id))
        .filter(Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The attempt failed: try again later, or (`permanent`) not until an admin says so.
pub async fn failed(
    db: &DatabaseConnection,
    message: &outbox_message::Model,
    error: &str,
    permanent: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = outbox_message::Entity::update_many()
        .col_expr(
            Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::LastError, Expr::value(error))
        .filter(Column::Id.eq(message.id))
        // Only while the caller still holds the lease: after it, the message is another's.
        .filter(Column::ClaimedUntil.eq(message.claimed_until));
    update = if permanent {
        update.col_expr(Column::FailedAt, Expr::value(now))
    } else {
        update.col_expr(
            Column::NextAttemptAt,
            Expr::value(now + retry_delay(message.attempts)),
        )
    };
    let _turn = super::writer_turn(db).await;
    update.exec(db).await?;
    Ok(())
}

/// An admin sends a message that failed for good once more. Answers whether there was one.
/// In the caller's write, with its audit record.
pub async fn send_again(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> Result<bool, DbErr> {
    let updated = outbox_message::Entity::update_many()
        .col_expr(Column::FailedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(
            Column::NextAttemptAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::SentAt.is_null())
        .filter(Column::FailedAt.is_not_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}
