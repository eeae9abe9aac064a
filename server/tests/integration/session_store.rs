//! The database session store on its own: create, load, save, expiry, collisions, and its
//! place among SQLite's writers.

use crate::common;
use app::db::writer_turn;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::session_store::DbSessionStore;
use std::collections::HashMap;
use time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

fn record(expires_in: Duration) -> Record {
    Record {
        id: Id::default(),
        data: HashMap::from([("user_id".to_string(), serde_json::json!(7))]),
        expiry_date: OffsetDateTime::now_utc() + expires_in,
    }
}

#[tokio::test]
async fn records_round_trip_and_update() {
    let (db, _dir) = common::fresh_db().await;
    let store = DbSessionStore::new(db.clone());
    let mut r = record(Duration::hours(1));
    store.create(&mut r).await.unwrap();
    let loaded = store.load(&r.id).await.unwrap().unwrap();
    assert_eq!(loaded.data, r.data);
    assert_eq!(
        loaded.expiry_date.unix_timestamp(),
        r.expiry_date.unix_timestamp()
    );

    r.data.insert("theme".into(), serde_json::json!("dark"));
    store.save(&r).await.unwrap();
    assert_eq!(store.load(&r.id).await.unwrap().unwrap().data.len(), 2);

    // The user id is lifted out so all of a user's sessions can be ended at once.
    let ended = app::platform::sessions::end_all_sessions(&db, 7)
        .await
        .unwrap();
    assert_eq!(ended, 1);
    assert!(store.load(&r.id).await.unwrap().is_none());
}

#[tokio::test]
async fn a_colliding_id_gets_a_new_one() {
    let (db, _dir) = common::fresh_db().await;
    let store = DbSessionStore::new(db);
    let mut first = record(Duration::hours(1));
    store.create(&mut first).await.unwrap();
    let mut second = record(Duration::hours(1));
    second.id = first.id;
    store.create(&mut second).await.unwrap();
    assert_ne!(second.id, first.id);
    assert!(store.load(&first.id).await.unwrap().is_some());
    assert!(store.load(&second.id).await.unwrap().is_some());
}

#[tokio::test]
async fn expired_records_are_invisible_and_deleted() {
    let (db, _dir) = common::fresh_db().await;
    let store = DbSessionStore::new(db.clone());
    let mut old = record(Duration::seconds(-5));
    let mut live = record(Duration::hours(1));
    store.create(&mut old).await.unwrap();
    store.create(&mut live).await.unwrap();
    assert!(store.load(&old.id).await.unwrap().is_none());
    let rows = || async { app::db::session::Entity::find().count(&db).await.unwrap() };
    assert_eq!(rows().await, 2);
    store.delete_expired().await.unwrap();
    assert_eq!(rows().await, 1, "the expired row is gone");
    assert!(store.load(&live.id).await.unwrap().is_some());
    store.delete(&live.id).await.unwrap();
    assert!(store.load(&live.id).await.unwrap().is_none());
}

#[tokio::test]
async fn the_table_keeps_no_session_id_that_would_sign_anyone_in() {
    let (db, _dir) = common::fresh_db().await;
    let store = DbSessionStore::new(db.clone());
    let mut r = record(Duration::hours(1));
    store.create(&mut r).await.unwrap();
    let rows = app::db::session::Entity::find().all(&db).await.unwrap();
    assert_eq!(rows.len(), 1);
    let cookie_value = r.id.to_string();
    assert_ne!(rows[0].id, cookie_value);
    assert!(!rows[0].data.contains(&cookie_value));
    // What the table holds, sent back as a cookie, finds nothing.
    let stolen: tower_sessions::session::Id = rows[0].id.parse().unwrap_or_default();
    assert!(store.load(&stolen).await.unwrap().is_none());
    assert!(store.load(&r.id).await.unwrap().is_some());
}

#[tokio::test]
async fn saving_a_deleted_session_does_not_bring_it_back() {
    let (db, _dir) = common::fresh_db().await;
    let store = DbSessionStore::new(db);
    let mut r = record(Duration::hours(1));
    store.create(&mut r).await.unwrap();
    store.delete(&r.id).await.unwrap();
    store.save(&r).await.unwrap();
    assert!(store.load(&r.id).await.unwrap().is_none());
}

/// The card mover commits back to back, and SQLite's busy polling kept missing the moments
/// between its commits: a session saved meanwhile (a user's first request of the day)
/// waited a second and more. So a save queues with the writers: while another writer holds
/// its turn the save waits, and it goes the moment that turn ends.
#[tokio::test]
async fn a_save_waits_its_turn_among_the_writers_on_sqlite() {
    common::engine_is(common::Engine::Sqlite);
    let (db, _dir) = common::fresh_db().await;
    let store = DbSessionStore::new(db.clone());
    let mut r = record(Duration::hours(1));
    store.create(&mut r).await.unwrap();

    let turn = writer_turn(&db).await;
    assert!(turn.is_some(), "SQLite queues its writers");
    r.data
        .insert("seen_on".into(), serde_json::json!("2026-11-23"));
    let save = tokio::spawn({
        let (store, r) = (store.clone(), r.clone());
        async move { store.save(&r).await.unwrap() }
    });
    // In line behind the turn: a save that went ahead never joins it, and this fails.
    tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while app::db::writers_waiting() == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    })
    .await
    .expect("the save waits in the writers' line");
    assert!(!save.is_finished(), "the save went ahead of the writer");
    assert_eq!(store.load(&r.id).await.unwrap().unwrap().data.len(), 1);

    drop(turn);
    tokio::time::timeout(std::time::Duration::from_secs(5), save)
        .await
        .expect("the save goes once the turn ends")
        .unwrap();
    assert_eq!(store.load(&r.id).await.unwrap().unwrap().data.len(), 2);
}

/// docs/PRODUCT.md §10.4's 14 days: a session ends after 14 days without use, and the first request of
/// a new day keeps it going for 14 more, through the real router.
#[tokio::test]
async fn a_session_ends_after_fourteen_idle_days_and_each_days_use_renews_it() {
    use app::db::session;
    use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
    let app = crate::common::TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let maya_id = crate::common::portal::account(&app, "marketing@roster.example")
        .await
        .unwrap()
        .id;
    let row = || async {
        session::Entity::find()
            .filter(session::Column::UserId.eq(maya_id))
            .one(&app.state.db)
            .await
            .unwrap()
            .expect("Maya's session")
    };
    let days = |n: i64| n * 24 * 3600;
    let now = || OffsetDateTime::now_utc().unix_timestamp();
    let near = |at: i64, expected: i64| (at - expected).abs() < 120;
    assert!(
        near(row().await.expires_at, now() + days(14)),
        "14 days from signing in"
    );

    // A day later, 13 days are left; the day's first request renews the 14.
    let mut stale: session::ActiveModel = row().await.into();
    stale.expires_at = Set(now() + days(13));
    stale.update(&app.state.db).await.unwrap();
    app.clock.advance(chrono::Duration::days(1));
    let r = maya.call::<app::tasks::api::MyTasks>(&[]).await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.text);
    assert!(
        near(row().await.expires_at, now() + days(14)),
        "renewed by the day's use"
    );

    // Fourteen days without a request: signed out.
    let mut idle: session::ActiveModel = row().await.into();
    idle.expires_at = Set(now() - 1);
    idle.update(&app.state.db).await.unwrap();
    let r = maya.call::<app::tasks::api::MyTasks>(&[]).await;
    assert_eq!(r.status, axum::http::StatusCode::UNAUTHORIZED, "{}", r.text);
}
