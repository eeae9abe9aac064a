//! The one real-time channel: domain events, published after their transaction commits and
//! pushed to every open page that follows them (server-sent events). The pipeline board
//! uses it first; comments, decisions and the dashboard reuse it.

#[cfg(feature = "ssr")]
pub mod bus;
pub mod client;
#[cfg(feature = "ssr")]
pub mod relay;
#[cfg(feature = "ssr")]
pub mod slots;
#[cfg(feature = "ssr")]
pub mod sse;

use serde::{Deserialize, Serialize};

/// What happened, for the pages following it: enough to know what to reload, never the
/// data itself (that is read through the server functions, with their checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Increasing; a page that reconnects sends the last one it saw to catch up.
    pub id: u64,
    /// `entity.verb`, e.g. `pipeline.moved`.
    pub kind: String,
    pub campaign_id: Option<i32>,
    pub entity_id: Option<i32>,
}

/// The event a page gets when it was away too long to catch up: reload everything.
pub const RESYNC: &str = "resync";

/// The event a person's pages get when their sessions end (signed out everywhere, a new
/// password, deactivated by an admin): the stream closes after it, the page signs out.
pub const SIGNED_OUT: &str = "signed_out";
