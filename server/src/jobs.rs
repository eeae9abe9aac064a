//! Background jobs. Housekeeping: expired sessions and old login attempts are removed hourly.
//! Reminders, checked every minute: follow-ups that fell due without a reply, deliverables
//! due in 72 and 24 hours, drafts waiting past their turnaround, payments due and overdue.
//! Email: every few seconds, new notifications become emails in the outbox (as their readers
//! chose), and with SMTP configured the outbox is delivered. The demo's metrics simulator,
//! every few seconds while it is on. Checkpoints of SQLite's write-ahead log, four times a
//! second.

use crate::mail::{Mailer, Round};
use crate::session_store::DbSessionStore;
use app::db::{login_attempt, writer_turn};
use app::domain::clock::Clock;
use app::platform::notify::{announce, announcing};
use app::platform::state::AppState;
use app::realtime::bus::EventBus;
use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter};
use std::path::PathBuf;
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;

/// How often each job runs. `Periods::default()` is the server's; a test shortens them to
/// see the jobs work as the server starts them, without waiting minutes.
#[derive(Debug, Clone, Copy)]
pub struct Periods {
    pub housekeeping: Duration,
    pub reminders: Duration,
    pub email: Duration,
    pub simulator: Duration,
}

impl Default for Periods {
    fn default() -> Self {
        Periods {
            housekeeping: Duration::from_secs(3600),
            reminders: Duration::from_secs(60),
            email: Duration::from_secs(5),
            simulator: Duration::from_secs(app::metrics::ssr::simulator::EVERY_SECONDS),
        }
    }
}

/// Starts every background job, as the server does once it has its state.
pub fn start(
    state: &AppState,
    data_dir: PathBuf,
    public_url: String,
    mailer: Option<Mailer>,
    periods: Periods,
) {
    let (db, clock, events) = (&state.db, &state.clock, &state.events);
    spawn_email(db.clone(), clock.clone(), public_url, mailer, periods.email);
    spawn_housekeeping(db.clone(), data_dir, periods.housekeeping);
    spawn_checkpoints(db.clone());
    spawn_reminders(db.clone(), clock.clone(), events.clone(), periods.reminders);
    spawn_simulator(db.clone(), clock.clone(), events.clone(), periods.simulator);
}

fn spawn_housekeeping(db: DatabaseConnection, data_dir: PathBuf, every: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(every);
        loop {
            every.tick().await;
            if let Err(e) = housekeeping(&db, &data_dir).await {
                tracing::warn!(error = %e, "housekeeping failed; will retry in an hour");
            }
        }
    });
}

pub async fn housekeeping(
    db: &DatabaseConnection,
    data_dir: &std::path::Path,
) -> Result<(), String> {
    DbSessionStore::new(db.clone())
        .delete_expired()
        .await
        .map_err(|e| e.to_string())?;
    // Failures matter for minutes; a success marks its address as the account's own for
    // a month (`domain::throttle`).
    let now = chrono::Utc::now();
    let failures_before = now - chrono::Duration::days(1);
    let successes_before = now - chrono::Duration::days(app::domain::throttle::USUAL_DAYS);
    let _turn = writer_turn(db).await;
    login_attempt::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(login_attempt::Column::AttemptedAt.lt(successes_before))
                .add(
                    sea_orm::Condition::all()
                        .add(login_attempt::Column::AttemptedAt.lt(failures_before))
                        .add(login_attempt::Column::Succeeded.eq(false)),
                ),
        )
        .exec(db)
        .await
        .map_err(|e| e.to_string())?;
    drop(_turn);
    // Uploads a creator never submitted are forgotten after a day, and files nothing names
    // leave the disk.
    let day = std::time::Duration::from_secs(24 * 3600);
    let (forgotten, removed) = app::deliverables::ssr::sweep(
        db,
        data_dir,
        failures_before,
        std::time::SystemTime::now() - day,
    )
    .await
    .map_err(|e| e.to_string())?;
    if forgotten + removed as u64 > 0 {
        tracing::info!(forgotten, removed, "swept abandoned uploads");
    }
    Ok(())
}

/// SQLite's write-ahead log is checkpointed here, off the requests' path
/// (`app::db::wal`), four times a second; `db::connect` sets the automatic checkpoint of
/// the commits high, as a backstop. The trade: a page rewritten by every batch is copied
/// back after most of them, not once per several, but never while a request waits.
pub fn spawn_checkpoints(db: DatabaseConnection) {
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        let mut every_quarter_second = tokio::time::interval(Duration::from_millis(250));
        // After a long checkpoint, the next one waits its quarter second: no catching up.
        every_quarter_second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every_quarter_second.tick().await;
            if let Err(e) = app::db::wal::checkpoint(&db).await {
                tracing::warn!(error = %e, "checkpoint failed; will retry");
            }
        }
    });
}

fn spawn_reminders(db: DatabaseConnection, clock: Clock, events: EventBus, every: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(every);
        loop {
            every.tick().await;
            let follow_ups = app::tasks::ssr::send_due_reminders(&db, clock.now());
            match announcing(&events, follow_ups).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "sent follow-up reminders"),
                Err(e) => tracing::warn!(error = %e, "reminders failed; will retry in a minute"),
            }
            match app::notifications::ssr::reminders::send_due(&db, clock.now()).await {
                Ok(people) => announce(&events, people),
                Err(e) => tracing::warn!(error = %e, "reminders failed; will retry in a minute"),
            }
        }
    });
}

fn spawn_email(
    db: DatabaseConnection,
    clock: Clock,
    public_url: String,
    mailer: Option<Mailer>,
    every: Duration,
) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(every);
        loop {
            every.tick().await;
            match app::notifications::ssr::queue_emails(&db, &public_url, clock.now()).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "notification emails queued"),
                Err(e) => tracing::warn!(error = %e, "queueing notification emails failed"),
            }
            let Some(mailer) = &mailer else { continue };
            match mailer.deliver_due(&db, &clock).await {
                Ok(Round { sent: 0, failed: 0 }) => {}
                Ok(round) => tracing::info!(round.sent, round.failed, "mail round"),
                Err(e) => tracing::warn!(error = %e, "mail job failed; will retry"),
            }
        }
    });
}

fn spawn_simulator(db: DatabaseConnection, clock: Clock, events: EventBus, every: Duration) {
    use app::metrics::ssr::simulator::tick;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(every);
        loop {
            every.tick().await;
            if let Err(e) = tick(&db, &events, clock.now()).await {
                tracing::warn!(error = %e, "the demo simulator failed; will retry");
            }
        }
    });
}
