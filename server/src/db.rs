//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Opens a pool. SQLite gets WAL (readers never wait for the writer), a busy timeout
/// instead of instant "database is locked" errors, enforced foreign keys, and room to cache.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 20 })
        .acquire_timeout(Duration::from_secs(10))
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
                // A bigger page cache (per connection) and memory-mapped reads keep searches
                // over a large creator database in memory (SQLite's default cache is 2 MB).
                .pragma("cache_size", "-32768")
                .pragma("mmap_size", "268435456")
                // `jobs::spawn_checkpoints` checkpoints off the requests' path and starts
                // the log over past 16 MB (`app::db::wal`); a commit does it only past
                // 32,000 pages of log (about 130 MB), should that job fall behind. After
                // such a spike the log file is cut back to 64 MB.
                .pragma("wal_autocheckpoint", "32000")
                .pragma("journal_size_limit", "67108864")
        });
    Database::connect(opts).await
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
