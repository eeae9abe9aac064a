//! Emails waiting to be sent: written in the transaction of the change they tell about,
//! so a message exists exactly when its change does.

use super::outbox_message;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

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
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
