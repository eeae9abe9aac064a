//! Session ids to their signed-in users, many at a time. Every signed-in request asks, so
//! under load the asks that arrive while earlier ones are being answered go to the
//! database together, as one statement: each SQLite statement costs two hops between
//! threads, more than the lookup itself. Nothing is cached, so a session ended (signed
//! out everywhere, a password reset) is refused by the very next request.

use crate::db::json_rows;
use crate::db::{organization, session, user};
use crate::error::AppError;
use crate::realtime::bus::EventBus;
use sea_orm::ConnectionTrait;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc, oneshot};

/// A live session, its user and their organization.
pub type Signed = (session::Model, user::Model, Option<organization::Model>);

/// The most ids asked in one statement.
const BATCH_MAX: usize = 256;
/// Statements in flight at once (the rest of the pool serves everything else).
const IN_FLIGHT: usize = 2;
/// Asks waiting beyond this make their requests wait too.
const QUEUE: usize = 4_096;

type Answer = Result<Option<Signed>, AppError>;

struct Ask {
    session_id: String,
    reply: oneshot::Sender<Answer>,
}

/// The queue every session lookup of this process goes through.
#[derive(Clone)]
pub struct SessionLookup {
    queue: mpsc::Sender<Ask>,
}

impl std::fmt::Debug for SessionLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionLookup").finish_non_exhaustive()
    }
}

impl SessionLookup {
    /// Starts the lookup task (on the current Tokio runtime).
    pub fn start(db: DatabaseConnection) -> Self {
        let (queue, mut asks) = mpsc::channel::<Ask>(QUEUE);
        tokio::spawn(async move {
            let turns = Arc::new(Semaphore::new(IN_FLIGHT));
            let mut batch = Vec::with_capacity(BATCH_MAX);
            // A turn is taken before the asks: while every turn is out, asks pile up
            // and go together.
            while let Ok(turn) = turns.clone().acquire_owned().await
                && asks.recv_many(&mut batch, BATCH_MAX).await > 0
            {
                let batch = std::mem::take(&mut batch);
                let db = db.clone();
                tokio::spawn(async move {
                    answer(&db, batch).await;
                    drop(turn);
                });
            }
        });
        SessionLookup { queue }
    }

    /// The session with this id, if it is live and its user still exists.
    pub async fn find(&self, session_id: String) -> Result<Option<Signed>, AppError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Ask { session_id, reply })
            .await
            .map_err(|_| AppError::Internal)?;
        answer.await.map_err(|_| AppError::Internal)?
    }
}

async fn answer(db: &DatabaseConnection, batch: Vec<Ask>) {
    let found = match find_all(db, batch.iter().map(|a| a.session_id.as_str())).await {
        Ok(found) => found,
        Err(e) => {
            let e = AppError::from(e);
            for ask in batch {
                let _ = ask.reply.send(Err(e.clone()));
            }
            return;
        }
    };
    for ask in batch {
        // Several requests of one session may ask at once. The request may have gone
        // (the browser closed).
        let _ = ask.reply.send(Ok(found.get(&ask.session_id).cloned()));
    }
}

/// The live sessions among these ids, with their users, by id.
async fn find_all<'a>(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, Signed>, DbErr> {
    // Wall time, as the session store judges expiry, not the business clock.
    let now = chrono::Utc::now().timestamp();
    let backend = db.get_database_backend();
    let rows = session::Entity::find()
        .filter(
            Condition::all()
                .add(json_rows::is_in_text(backend, r#""session"."id""#, ids))
                .add(session::Column::ExpiresAt.gt(now)),
        )
        .find_also_related(user::Entity)
        .and_also_related(organization::Entity)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        // A deactivated member's sessions are ended; this holds even for one mid-request.
        .filter_map(|(s, u, org)| {
            let u = u.filter(|u| u.deactivated_at.is_none())?;
            Some((s.id.clone(), (s, u, org)))
        })
        .collect())
}

/// The key a session is stored under: a hash of its id, so the table holds nothing that
/// signs anyone in.
pub fn stored_session_id(id: &str) -> String {
    super::token::hash_token(id)
}

/// Ends every session of a user but the one stored as `keep` (see [`stored_session_id`]).
pub async fn end_other_sessions(
    db: &impl ConnectionTrait,
    user_id: i32,
    keep: &str,
) -> Result<u64, AppError> {
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Tells the open pages of a user that some of their sessions ended (signed out
/// everywhere, a new password, deactivated): each of their event streams checks its own
/// session at once and, if it is gone, ends with a `signed_out` event. Call it after the
/// commit.
pub fn announce_signed_out(events: &EventBus, user_id: i32) {
    events.publish_to(user_id, crate::realtime::Kind::SignedOut);
}

/// Ends every session of a user, on every device.
pub async fn end_all_sessions(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, AppError> {
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
