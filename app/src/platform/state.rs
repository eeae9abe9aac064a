//! What every server function reaches through Leptos context (server only).

use super::sessions::SessionLookup;
use crate::domain::clock::Clock;
use crate::realtime::bus::EventBus;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Settings {
    /// The address people use to reach Roster; links in emails start with it.
    pub public_url: String,
    /// Behind a reverse proxy, the client's address is the first of `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Uploaded media live under `<data_dir>/uploads`, named by content hash.
    pub data_dir: std::path::PathBuf,
    /// The largest file a draft upload may be, in bytes.
    pub upload_limit: u64,
    /// What one person's uploads may add up to, in bytes.
    pub user_quota: u64,
    /// Free disk space uploads leave alone, in bytes, so the database can still write.
    pub disk_reserve: u64,
    /// A mail server is set: a link can go to its addressee alone. Without one, emails wait
    /// in the outbox and an admin passes invitation links on (so using one proves nothing).
    pub mail_server: bool,
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    /// Domain events for open pages (published after commit).
    pub events: EventBus,
    /// Every signed-in request's session goes through this queue (read in batches).
    pub sessions: SessionLookup,
    /// The event streams open per person, within a cap.
    pub streams: crate::realtime::slots::StreamSlots,
    /// Work a request leaves running after its answer (a reset link being written, so the
    /// answer takes as long whether or not the account exists).
    pub background: tokio_util::task::TaskTracker,
}
