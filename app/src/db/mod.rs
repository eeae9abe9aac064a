//! SeaORM entities (server only). Tables are created by the `migrations` crate.

pub mod audit;
pub mod audit_event;
pub mod campaign;
pub mod channel;
pub mod creator;
pub mod creator_import;
pub mod creator_niche;
pub mod invitation;
pub mod login_attempt;
pub mod notification;
pub mod organization;
pub mod outbox_message;
pub mod pipeline_entry;
pub mod session;
pub mod task;
pub mod user;
