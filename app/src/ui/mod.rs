//! Shared widgets: layouts, feedback, formatting.

pub mod feedback;
pub mod form;
pub mod format;
pub mod layout;
pub mod upload;
