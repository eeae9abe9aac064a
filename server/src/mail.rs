//! The mail job: delivers the outbox through SMTP when SMTP is configured.
//!
//! Each message is claimed (leased) before it is sent and marked sent once the server has
//! accepted it, so two server processes never send it both, and a restart sends nothing
//! again. A failure the mail server calls temporary is tried again later, backing off; a
//! permanent one waits for an admin. Nothing is ever deleted. Every message carries a
//! Message-ID of its outbox row: should a process die between the server's acceptance and
//! the record of it, the message sent again after the lease has the same id, which mail
//! systems use to drop duplicates.

use crate::config::{Smtp, SmtpTls};
use app::db::{outbox, outbox_message};
use app::domain::clock::Clock;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{DatabaseConnection, DbErr};
use std::time::Duration;

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("SMTP_FROM is not an email address: {0}")]
    From(String),
    #[error("cannot reach the SMTP server: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
}

impl Mailer {
    pub fn new(smtp: &Smtp) -> Result<Self, MailError> {
        let from: Mailbox = smtp
            .from
            .parse()
            .map_err(|e| MailError::From(format!("{}: {e}", smtp.from)))?;
        let builder = match smtp.tls {
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        };
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(Duration::from_secs(30)));
        if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Delivers every message due now; answers how many went and how many failed.
    pub async fn deliver_due(
        &self,
        db: &DatabaseConnection,
        clock: &Clock,
    ) -> Result<Round, DbErr> {
        let mut round = Round::default();
        loop {
            // One at a time: the lease is taken just before its send.
            let claimed = outbox::claim(db, clock.now(), 1).await?;
            if claimed.is_empty() {
                return Ok(round);
            }
            for message in claimed {
                match self.send(&message).await {
                    Ok(()) => {
                        outbox::sent(db, &message, clock.now()).await?;
                        round.sent += 1;
                    }
                    Err((error, permanent)) => {
                        tracing::warn!(id = message.id, permanent, "email not sent: {error}");
                        outbox::failed(db, &message, &error, permanent, clock.now()).await?;
                        round.failed += 1;
                    }
                }
            }
        }
    }

    /// Sends one message; a failure says why and whether it is permanent.
    async fn send(&self, m: &outbox_message::Model) -> Result<(), (String, bool)> {
        let to: Mailbox = m
            .to_email
            .parse()
            .map_err(|e| (format!("not an email address: {e}"), true))?;
        let domain = self.from.email.domain();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .message_id(Some(format!(
                "<outbox-{}.{}@{domain}>",
                m.id,
                m.created_at.timestamp()
            )))
            .multipart(MultiPart::alternative_plain_html(
                m.body_text.clone(),
                m.body_html.clone(),
            ))
            .map_err(|e| (format!("cannot build the message: {e}"), true))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| (e.to_string(), refused_for_good(&e)))
    }
}

/// Whether the server refused this message for good: its address or content, never a
/// problem of the server or of our account (a wrong password, say), which an admin fixes
/// once for every message waiting.
fn refused_for_good(e: &lettre::transport::smtp::Error) -> bool {
    let code = e.status().map(|c| c.to_string());
    e.is_permanent()
        && matches!(
            code.as_deref(),
            Some("501" | "550" | "551" | "552" | "553" | "554")
        )
}
