//! SeaORM entities (server only). Tables are created by the `migrations` crate.

pub mod audit;
pub mod audit_event;
pub mod campaign;
pub mod channel;
pub mod creator;
pub mod creator_import;
pub mod creator_niche;
pub mod invitation;
pub mod login_attempt;
pub mod notification;
pub mod organization;
pub mod outbox_message;
pub mod pipeline_entry;
pub mod session;
pub mod task;
pub mod user;

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, TransactionTrait};
use tokio::sync::{Mutex, MutexGuard};

/// SQLite takes one writer at a time, and a writer that finds the database locked polls
/// with growing sleeps (1, 2, 5, 10 ms…): under load, most of a write would be that sleep.
/// Busy write paths queue here instead and start the moment the previous one commits.
/// PostgreSQL locks rows, so it needs no queue.
static SQLITE_WRITER: Mutex<()> = Mutex::const_new(());

/// A write transaction, holding the SQLite writer's place until it is dropped: keep the
/// guard alive until after the commit.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<(Option<MutexGuard<'static, ()>>, DatabaseTransaction), DbErr> {
    let turn = match db.get_database_backend() {
        DbBackend::Sqlite => Some(SQLITE_WRITER.lock().await),
        _ => None,
    };
    Ok((turn, db.begin().await?))
}
