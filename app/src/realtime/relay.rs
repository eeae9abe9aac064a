//! Events across processes, when several servers share one PostgreSQL database: each
//! process sends the events it publishes with `NOTIFY` and feeds those of the others into
//! its own bus, so a page sees every change whichever process it is connected to.
//!
//! Events are relayed after their commit, like local ones. If the relay loses touch (the
//! listening connection drops, or the queue overflows), pages are told to reload rather
//! than left quietly out of date.

use super::RESYNC;
use super::bus::{Envelope, EventBus};
use sea_orm::DatabaseConnection;
use sea_orm::sqlx::postgres::{PgListener, PgPool};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::mpsc;

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "roster_events";
/// Events sent with one statement.
const BATCH: usize = 256;

/// One event as it travels between processes.
#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    /// The sending bus's epoch: a process ignores its own events coming back.
    origin: u64,
    organization_id: Option<i32>,
    /// Absent from the events of older processes.
    #[serde(default)]
    user_id: Option<i32>,
    kind: String,
    campaign_id: Option<i32>,
    entity_id: Option<i32>,
}

impl Wire {
    fn of(origin: u64, envelope: Envelope) -> Self {
        Wire {
            origin,
            organization_id: envelope.organization_id,
            user_id: envelope.user_id,
            kind: envelope.event.kind,
            campaign_id: envelope.event.campaign_id,
            entity_id: envelope.event.entity_id,
        }
    }
}

/// Starts relaying `bus` through the PostgreSQL database behind `db`: listening first, so
/// nothing sent after this returns is missed.
pub async fn start(db: &DatabaseConnection, bus: &EventBus) -> Result<(), sea_orm::DbErr> {
    let pool = db.get_postgres_connection_pool().clone();
    let fail = |e: sea_orm::sqlx::Error| sea_orm::DbErr::Custom(format!("event relay: {e}"));
    let mut listener = PgListener::connect_with(&pool).await.map_err(fail)?;
    listener.listen(CHANNEL).await.map_err(fail)?;
    let Some(outgoing) = bus.relay_queue() else {
        return Err(sea_orm::DbErr::Custom(
            "the event relay is already running".into(),
        ));
    };
    tokio::spawn(listen(listener, bus.clone()));
    tokio::spawn(send(pool, outgoing, bus.clone()));
    Ok(())
}

async fn listen(mut listener: PgListener, bus: EventBus) {
    // Set when the listening connection failed: once it is back (listening again), pages
    // reload, since whatever was sent meanwhile is gone.
    let mut lost = false;
    loop {
        if lost {
            // Any statement through the listener reconnects it and listens again.
            match sea_orm::sqlx::query("SELECT 1")
                .execute(&mut listener)
                .await
            {
                Ok(_) => {
                    tracing::info!("event relay: listening again; pages reload");
                    bus.resync_all();
                    lost = false;
                }
                Err(sea_orm::sqlx::Error::PoolClosed) => return,
                Err(_) => {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            }
        }
        match listener.try_recv().await {
            Ok(Some(notification)) => match serde_json::from_str::<Wire>(notification.payload()) {
                Ok(wire) if wire.origin == bus.epoch() => {}
                Ok(wire) => bus.receive(
                    wire.organization_id,
                    wire.user_id,
                    &wire.kind,
                    wire.campaign_id,
                    wire.entity_id,
                ),
                Err(e) => tracing::warn!("event relay: unreadable notification: {e}"),
            },
            // The connection dropped and was made again at once.
            Ok(None) => {
                tracing::warn!("event relay: lost the listening connection; pages reload");
                bus.resync_all();
            }
            Err(sea_orm::sqlx::Error::PoolClosed) => return,
            Err(e) => {
                tracing::warn!("event relay: {e}; reconnecting");
                lost = true;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn send(pool: PgPool, mut outgoing: mpsc::Receiver<Envelope>, bus: EventBus) {
    let origin = bus.epoch();
    let mut batch = Vec::with_capacity(BATCH);
    while outgoing.recv_many(&mut batch, BATCH).await > 0 {
        let mut payloads = Vec::with_capacity(batch.len() + 1);
        if bus.take_relay_lost() {
            let resync = Wire {
                origin,
                organization_id: None,
                user_id: None,
                kind: RESYNC.into(),
                campaign_id: None,
                entity_id: None,
            };
            payloads.push(resync);
        }
        payloads.extend(batch.drain(..).map(|e| Wire::of(origin, e)));
        let payloads: Vec<String> = payloads
            .iter()
            .filter_map(|w| serde_json::to_string(w).ok())
            .collect();
        // One statement for the batch; notifications arrive in this order. Until it goes
        // through, the other processes' pages are out of date: keep trying (meanwhile the
        // queue may overflow, and then they are told to reload).
        let mut wait = Duration::from_millis(200);
        while let Err(e) =
            sea_orm::sqlx::query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
                .bind(CHANNEL)
                .bind(&payloads)
                .execute(&pool)
                .await
        {
            if matches!(e, sea_orm::sqlx::Error::PoolClosed) {
                return;
            }
            tracing::warn!("event relay: cannot send {} events: {e}", payloads.len());
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(5));
        }
    }
}
