//! SeaORM entities (server only). Tables are created by the `migrations` crate.

pub mod audit;
pub mod audit_event;
pub mod campaign;
pub mod invitation;
pub mod login_attempt;
pub mod organization;
pub mod outbox_message;
pub mod session;
pub mod user;
