//! Payments over SQL: `book` is what the payments page and the creator read, `changes`
//! the steps of a payment (schedule, approve, pay).

mod book;
mod changes;

pub use book::{book, of_creator};
pub use changes::{Paying, approve, mark_paid, schedule};
