//! SeaORM entities (server only). Tables are created by the `migrations` crate.

pub mod agreement;
pub mod api_token;
pub mod audit;
pub mod audit_event;
pub mod brief;
pub mod brief_delivery;
pub mod bulk;
pub mod campaign;
pub mod channel;
pub mod creator;
pub mod creator_import;
pub mod creator_niche;
pub mod creator_onboarding;
pub mod deliverable;
pub mod draft_version;
pub mod ingest_batch;
pub mod invitation;
pub mod json_rows;
pub mod login_attempt;
pub mod metric_latest;
pub mod metric_snapshot;
pub mod metric_trend;
pub mod notification;
pub mod organization;
pub mod outbox;
pub mod outbox_message;
pub mod password_reset;
pub mod payment;
pub mod pipeline_entry;
pub mod reminder;
pub mod review_comment;
pub mod review_decision;
pub mod session;
pub mod task;
pub mod upload;
pub mod user;
pub mod wal;

use sea_orm::sqlx::pool::PoolOptions;
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode,
    SqlxPostgresConnector, SqlxSqliteConnector, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, MutexGuard};

/// SQLite takes one writer at a time, and a writer that finds the database locked polls
/// with growing sleeps (1, 2, 5, 10 ms…): under load, most of a write would be that sleep,
/// and while the card mover commits back to back the sleeper keeps missing the moments
/// between (a second and more). So writes queue here instead (`begin_write`,
/// `writer_turn`) and start the moment the previous one commits. PostgreSQL locks rows,
/// so it needs no queue.
static SQLITE_WRITER: Mutex<()> = Mutex::const_new(());

/// The SQLite writer's place in the queue, for a write that is not a `begin_write`
/// transaction (a single statement): hold it until the statement is done. Never ask for
/// it while holding a turn: the queue does not nest.
pub async fn writer_turn(db: &DatabaseConnection) -> Option<MutexGuard<'static, ()>> {
    match db.get_database_backend() {
        DbBackend::Sqlite => Some(SQLITE_WRITER.lock().await),
        _ => None,
    }
}

/// A write transaction, holding the SQLite writer's place until it is dropped: keep the
/// guard alive until after the commit. On SQLite it holds the write lock from the start
/// (`BEGIN IMMEDIATE`), so what it reads stays as read until it commits.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<(Option<MutexGuard<'static, ()>>, DatabaseTransaction), DbErr> {
    let turn = writer_turn(db).await;
    let txn = match turn {
        Some(_) => {
            let immediate = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            };
            db.begin_with_options(immediate).await?
        }
        None => db.begin().await?,
    };
    Ok((turn, txn))
}

/// A connection of its own, with the pool's settings, for a writer that must never queue
/// behind readers for one (the card mover).
pub async fn own_connection(db: &DatabaseConnection) -> Result<DatabaseConnection, DbErr> {
    let err = |e: sea_orm::sqlx::Error| DbErr::Custom(e.to_string());
    Ok(match db.get_database_backend() {
        DbBackend::Sqlite => {
            let options = db.get_sqlite_connection_pool().connect_options();
            SqlxSqliteConnector::from_sqlx_sqlite_pool(
                PoolOptions::new()
                    .max_connections(1)
                    .connect_with((*options).clone())
                    .await
                    .map_err(err)?,
            )
        }
        DbBackend::Postgres => {
            let options = db.get_postgres_connection_pool().connect_options();
            SqlxPostgresConnector::from_sqlx_postgres_pool(
                PoolOptions::new()
                    .max_connections(1)
                    .connect_with((*options).clone())
                    .await
                    .map_err(err)?,
            )
        }
        _ => db.clone(),
    })
}
