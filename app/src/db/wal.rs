//! SQLite's write-ahead log, copied back into the database file (a checkpoint) off the
//! writers' path, and started over once it has grown.
//!
//! A commit appends pages to the log; a checkpoint copies them into the database file and
//! syncs both files. Only a writer that begins when every page is already copied starts
//! the log over from its beginning. With moves committed every few milliseconds that
//! moment never comes by itself: the log grows to `wal_autocheckpoint`, and the commit
//! that crosses it checkpoints inside the writer's turn (34 ms under the card-move
//! benchmark, every 3–4 seconds, while every move waits). So a checkpoint first copies
//! what it can with nobody waiting; once the log is long, a second one in the writers' turn
//! copies only the pages committed meanwhile, and the next writer starts the log over.

use super::writer_turn;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

/// Pages (frames) of log after which it is started over: about 16 MB. Each restart makes
/// the writers wait for one short checkpoint; a shorter log keeps readers' lookups in it
/// quick.
pub const RESTART_AT: i64 = 4_000;

/// What a checkpoint found: pages in the log, and how many of them are now in the
/// database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpointed {
    pub log: i64,
    pub copied: i64,
}

/// Copies the log into the database file, waiting for neither readers nor writers; once
/// the log is past `RESTART_AT`, copies the rest in the writers' turn so that the next
/// writer starts it over. SQLite only.
pub async fn checkpoint(db: &DatabaseConnection) -> Result<Checkpointed, DbErr> {
    let first = passive(db).await?;
    if first.log < RESTART_AT {
        return Ok(first);
    }
    let _turn = writer_turn(db).await;
    passive(db).await
}

/// `PASSIVE`: copies every page no reader still needs, blocking nobody.
async fn passive(db: &DatabaseConnection) -> Result<Checkpointed, DbErr> {
    let sql = "PRAGMA wal_checkpoint(PASSIVE)";
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| DbErr::Custom("the checkpoint answered nothing".into()))?;
    // -1 when the database is not in WAL mode (an in-memory one): nothing to copy.
    Ok(Checkpointed {
        log: row.try_get_by_index::<i64>(1)?.max(0),
        copied: row.try_get_by_index::<i64>(2)?.max(0),
    })
}
