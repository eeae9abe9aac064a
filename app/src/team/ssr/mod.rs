//! Team and invitation logic over the database. Plain functions: the server functions call
//! them after the access check, and the integration tests call them directly.

mod accept;
mod emails;
mod invitations;
mod members;

pub use accept::{accept, accept_signed_in, preview};
pub use emails::{outbox, send_again};
pub use invitations::{InviteInput, invite, revoke, team};
pub use members::{change_role, send_reset_link, set_active};
