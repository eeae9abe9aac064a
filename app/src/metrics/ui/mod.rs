//! A deliverable's readings on its page, and the import of a campaign's results sheet.

pub mod entry;
pub mod import;
