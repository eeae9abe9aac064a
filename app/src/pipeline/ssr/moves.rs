//! Moving cards, many at a time. A database takes one writer at a time (SQLite) or one per
//! campaign (PostgreSQL), and every statement costs a round trip, so each request only
//! queues its move: whatever arrived while the last batch was being written goes into one
//! transaction of a handful of statements (group commit). Each move still succeeds or
//! fails on its own, exactly as if it had been alone.

pub use super::batch::Move;
use super::batch::{Answer, Queued, aborted_by_contention, answer, write};
use crate::db::own_connection;
use crate::error::AppError;
use crate::realtime::bus::EventBus;
use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

/// The most moves written in one transaction.
const BATCH_MAX: usize = 256;
/// Moves waiting beyond this make their senders wait too.
const QUEUE: usize = 4_096;

/// The queue every move of this process goes through.
#[derive(Clone)]
pub struct Mover {
    queue: mpsc::Sender<Queued>,
}

impl std::fmt::Debug for Mover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mover").finish_non_exhaustive()
    }
}

impl Mover {
    /// Starts the writer task (on the current Tokio runtime).
    /// `public_url` starts the links of emails a move sends (the brief, on Contracted).
    /// `events` tells the people a move notified (a card's owner, on Contacted).
    pub fn start(db: DatabaseConnection, public_url: String, events: EventBus) -> Self {
        let (queue, mut waiting) = mpsc::channel::<Queued>(QUEUE);
        tokio::spawn(async move {
            let writer = match own_connection(&db).await {
                Ok(writer) => writer,
                Err(e) => {
                    tracing::warn!(error = %e, "the mover shares the pool");
                    db.clone()
                }
            };
            let mut batch = Vec::with_capacity(BATCH_MAX);
            while waiting.recv_many(&mut batch, BATCH_MAX).await > 0 {
                let batch: Vec<Queued> = std::mem::take(&mut batch);
                let mut written = write(&writer, &public_url, &events, &batch).await;
                // Writers of two processes claiming the same campaigns in different orders
                // (PostgreSQL) make the database abort one of them: write that batch again.
                for _ in 0..3 {
                    match &written {
                        Err(e) if aborted_by_contention(e) => {
                            written = write(&writer, &public_url, &events, &batch).await;
                        }
                        _ => break,
                    }
                }
                let written = written.map_err(AppError::from);
                // The next batch is written while these answers are completed.
                tokio::spawn(answer(db.clone(), batch, written));
            }
        });
        Mover { queue }
    }

    /// Moves a card and answers it as saved (or why not).
    pub async fn submit(&self, m: Move) -> Answer {
        m.me.organization()?;
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Queued { m, reply })
            .await
            .map_err(|_| AppError::Internal)?;
        answer.await.map_err(|_| AppError::Internal)?
    }
}
