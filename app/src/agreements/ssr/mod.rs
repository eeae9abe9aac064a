//! Agreements over the database. Every write after sending is a conditional update on
//! `status = 'sent'`: an answered agreement can never be written again, and of two
//! answers at the same moment only one wins.

mod answer;
mod send;
mod store;

pub use answer::{accept, decline};
pub use send::send;
pub use store::{check_open, for_entry};
