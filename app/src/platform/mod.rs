//! What every feature stands on: the signed-in person and, on the server, the shared
//! state, the caller of a server function, row access to collaborations, notifying
//! people, sessions and link tokens. Imports `domain`, `db` and `realtime`, never a
//! feature.

pub mod user;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod caller;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod token;
