//! Background jobs. Housekeeping: expired sessions and old login attempts are removed hourly.
//! Reminders: follow-ups that fell due without a reply notify their owner, checked every minute.

use crate::session_store::DbSessionStore;
use app::db::login_attempt;
use app::domain::clock::Clock;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;

pub fn spawn_housekeeping(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = housekeeping(&db).await {
                tracing::warn!(error = %e, "housekeeping failed; will retry in an hour");
            }
        }
    });
}

pub async fn housekeeping(db: &DatabaseConnection) -> Result<(), String> {
    DbSessionStore::new(db.clone())
        .delete_expired()
        .await
        .map_err(|e| e.to_string())?;
    let day_ago = chrono::Utc::now() - chrono::Duration::days(1);
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(day_ago))
        .exec(db)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

pub fn spawn_reminders(db: DatabaseConnection, clock: Clock) {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            match app::tasks::ssr::send_due_reminders(&db, clock.now()).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "sent follow-up reminders"),
                Err(e) => tracing::warn!(error = %e, "reminders failed; will retry in a minute"),
            }
        }
    });
}
