//! A deliverable's server code. Other features come in through this door only.
//!
//! - `store`: what both halves stand on (the row lock, the latest version, the summary,
//!   the staff who can be mentioned);
//! - `drafts`, `files`, `uploads`: the creator's side, versions and their media;
//! - `review`, `comments`, `decisions`, `queue`: the reviewers' side.

pub mod comments;
pub mod decisions;
pub mod drafts;
pub mod files;
pub mod queue;
pub mod review;
pub mod store;
mod uploads;

pub use drafts::for_entry;
pub use queue::waiting as waiting_for_review;
pub use store::{latest_version, lock, reanchor, summary};
pub use uploads::{PENDING_MAX, may_upload, record_upload, sweep};
