//! SQLite's write-ahead log is checkpointed in the background, off the requests' path.

use crate::common;
use sea_orm::ConnectionTrait;
use std::time::{Duration, Instant};

#[tokio::test]
async fn the_log_is_copied_into_the_database_file_in_the_background() {
    if common::on_postgres() {
        return;
    }
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
