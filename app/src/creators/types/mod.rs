//! What the server and the pages of creators exchange: the creator as shown, the form as
//! typed, and a CSV import's preview.

pub mod import;
mod input;
mod profile;
mod snapshot;

pub use input::*;
pub use profile::*;
pub use snapshot::*;

#[cfg(test)]
mod tests;
