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
pub mod counts;
pub mod creator;
pub mod creator_import;
pub mod creator_niche;
pub mod creator_onboarding;
pub mod deliverable;
pub mod draft_version;
pub mod email_confirmation;
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
pub mod recovery_code;
pub mod reminder;
pub mod review_comment;
pub mod review_decision;
pub mod session;
pub mod setup_token;
pub mod task;
pub mod upload;
pub mod user;
pub mod wal;
mod writer;

pub use writer::{Turn, Write, begin_write, writer_turn, writers_waiting};

use sea_orm::sqlx::pool::PoolOptions;
use sea_orm::{DatabaseConnection, DbBackend, DbErr, SqlxPostgresConnector, SqlxSqliteConnector};

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

impl From<DbErr> for crate::error::AppError {
    fn from(err: DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        crate::error::AppError::Internal
    }
}
