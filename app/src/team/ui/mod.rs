//! The team page (members, invitations, the outbox) and the page behind an invitation.

pub mod accept;
pub mod members;
pub mod outbox;
pub mod page;
