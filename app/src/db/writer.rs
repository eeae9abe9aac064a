//! SQLite takes one writer at a time, and a writer that finds the database locked polls
//! with growing sleeps (1, 2, 5, 10 ms…): under load, most of a write would be that sleep,
//! and while the card mover commits back to back the sleeper keeps missing the moments
//! between (a second and more). So writes queue here instead and start the moment the
//! previous one ends. PostgreSQL locks rows, so it needs no queue.
//!
//! The queue does not nest: a task holding a turn that asked for another would wait
//! forever, and every write with it, so it panics instead (one failed request, not a
//! frozen server). Inside a `Write`, write through it, never through the connection (that
//! includes the session store, which writes when a session is cycled or ended); a task
//! takes its writes one at a time (no two joined in one task).

use async_trait::async_trait;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Mutex, MutexGuard};
use tokio::task;

static SQLITE_WRITER: Mutex<()> = Mutex::const_new(());
/// The task whose turn it is, to tell a nested request from a queued one.
static HOLDER: std::sync::Mutex<Option<task::Id>> = std::sync::Mutex::new(None);
/// Writers in line, not counting the one whose turn it is.
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// How many writers wait for their turn: what shows a write queued rather than gone ahead,
/// without guessing how long to wait for it.
pub fn writers_waiting() -> usize {
    WAITING.load(Ordering::SeqCst)
}

/// Counts a writer in line until it gets its turn or gives up (a cancelled request).
struct InLine;

impl InLine {
    fn join() -> Self {
        WAITING.fetch_add(1, Ordering::SeqCst);
        InLine
    }
}

impl Drop for InLine {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The SQLite writer's place in the queue: the next writer goes when it is dropped.
pub struct Turn {
    _place: MutexGuard<'static, ()>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        *HOLDER.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// The SQLite writer's place in the queue, for a write that is not a `Write` transaction
/// (a single statement): hold it until the statement is done. None on PostgreSQL.
pub async fn writer_turn(db: &DatabaseConnection) -> Option<Turn> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let me = task::try_id();
    let holder = *HOLDER.lock().unwrap_or_else(|e| e.into_inner());
    if me.is_some() && holder == me {
        panic!("a task asked for the SQLite writer's turn while holding it (it does not nest)");
    }
    let place = {
        let _in_line = InLine::join();
        SQLITE_WRITER.lock().await
    };
    *HOLDER.lock().unwrap_or_else(|e| e.into_inner()) = me;
    Some(Turn { _place: place })
}

/// A write transaction that holds the SQLite writer's place until it commits or rolls
/// back, so reads after the commit keep nobody waiting. On SQLite it holds the write lock
/// from the start (`BEGIN IMMEDIATE`), so what it reads stays as read until it commits.
/// Dropped uncommitted (an early return), it rolls back before the next writer goes.
pub struct Write {
    /// Open until committed or rolled back.
    txn: Option<DatabaseTransaction>,
    turn: Option<Turn>,
}

pub async fn begin_write(db: &DatabaseConnection) -> Result<Write, DbErr> {
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
    Ok(Write {
        txn: Some(txn),
        turn,
    })
}

impl Write {
    fn open(&self) -> &DatabaseTransaction {
        self.txn.as_ref().expect("a Write is open until it ends")
    }

    /// Commits, then gives up the turn.
    pub async fn commit(mut self) -> Result<(), DbErr> {
        self.txn.take().expect("open").commit().await
    }

    /// Rolls back, then gives up the turn.
    pub async fn rollback(mut self) -> Result<(), DbErr> {
        self.txn.take().expect("open").rollback().await
    }
}

impl Drop for Write {
    /// A dropped transaction only queues its rollback: the next writer, on another
    /// connection, could find SQLite's lock still taken and fall into its sleeps. So the
    /// turn goes along with the rollback and is given up once it is done.
    fn drop(&mut self) {
        let (Some(txn), Some(turn)) = (self.txn.take(), self.turn.take()) else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        // No longer this task's turn: it may queue for the next one at once.
        *HOLDER.lock().unwrap_or_else(|e| e.into_inner()) = None;
        runtime.spawn(async move {
            let _ = txn.rollback().await;
            drop(turn);
        });
    }
}

impl Deref for Write {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        self.open()
    }
}

#[async_trait]
impl ConnectionTrait for Write {
    fn get_database_backend(&self) -> DbBackend {
        self.open().get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.open().execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.open().execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.open().query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.open().query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.open().support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.open().is_mock_connection()
    }
}
