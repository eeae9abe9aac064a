//! SQLite's writers: one queue in the process, and the write-ahead log checkpointed in the
//! background, off the requests' path.

use crate::common;
use app::db::{begin_write, wal, writer_turn};
use sea_orm::ConnectionTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[tokio::test]
async fn the_log_is_copied_into_the_database_file_in_the_background_on_sqlite() {
    common::engine_is(common::Engine::Sqlite);
    let (db, dir) = common::fresh_db().await;
    let file = dir.as_ref().expect("a SQLite file").0.join("roster.db");
    let size = || std::fs::metadata(&file).unwrap().len();
    db.execute_unprepared("CREATE TABLE probe (b BLOB)")
        .await
        .unwrap();
    // 4 MB: far below the automatic checkpoint's mark, so the commit leaves it in the log.
    db.execute_unprepared("INSERT INTO probe VALUES (zeroblob(4000000))")
        .await
        .unwrap();
    assert!(size() < 4_000_000, "the commit itself did not checkpoint");

    server::jobs::spawn_checkpoints(db.clone());
    let started = Instant::now();
    while size() < 4_000_000 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the log was never checkpointed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Under a steady stream of commits every page is never copied at the moment a writer
/// begins, so the log only starts over if the checkpoint makes that moment: without it,
/// the log grows until a commit checkpoints inside the writers' turn.
#[tokio::test]
async fn the_log_starts_over_while_writers_keep_committing_on_sqlite() {
    common::engine_is(common::Engine::Sqlite);
    let (db, _dir) = common::fresh_db().await;
    db.execute_unprepared("CREATE TABLE probe (b BLOB)")
        .await
        .unwrap();
    // 20 MB: about 5,000 pages of log, past the mark where it is started over.
    db.execute_unprepared("INSERT INTO probe VALUES (zeroblob(20000000))")
        .await
        .unwrap();

    // A writer committing without a pause, in the writers' turn as the card mover does.
    let writing = Arc::new(AtomicBool::new(true));
    let writer = tokio::spawn({
        let (db, writing) = (db.clone(), writing.clone());
        async move {
            let mut commits = 0;
            while writing.load(Ordering::Relaxed) {
                let txn = begin_write(&db).await.unwrap();
                txn.execute_unprepared("INSERT INTO probe VALUES (x'00')")
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
                commits += 1;
            }
            commits
        }
    });

    let mut logs = Vec::new();
    for _ in 0..5 {
        logs.push(wal::checkpoint(&db).await.unwrap().log);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    writing.store(false, Ordering::Relaxed);
    let commits = writer.await.unwrap();
    assert!(commits > 20, "the writer kept committing ({commits})");
    assert!(logs[0] >= wal::RESTART_AT, "the log was long: {logs:?}");
    assert!(
        logs[1..].iter().any(|&log| log < 1_000),
        "the log started over: {logs:?}"
    );
}

/// A task that asks for the writer's turn while holding it would wait forever, and every
/// writer after it: it fails instead, and the queue moves on.
#[tokio::test]
async fn a_nested_turn_fails_instead_of_freezing_the_writers_on_sqlite() {
    common::engine_is(common::Engine::Sqlite);
    let (db, _dir) = common::fresh_db().await;
    let nested = tokio::spawn({
        let db = db.clone();
        async move {
            let _txn = begin_write(&db).await.unwrap();
            let _again = writer_turn(&db).await;
        }
    });
    let ended = tokio::time::timeout(Duration::from_secs(5), nested)
        .await
        .expect("the nested request did not wait forever");
    assert!(ended.unwrap_err().is_panic());
    let next = tokio::time::timeout(Duration::from_secs(5), begin_write(&db)).await;
    next.expect("the next writer gets its turn").unwrap();
}
