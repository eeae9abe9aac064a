//! Shared widgets: feedback, forms, formatting, uploads, the audit trail. Imports
//! `domain`, `error` and `platform`, never a feature.

pub mod feedback;
pub mod form;
pub mod format;
pub mod history;
pub mod icon;
pub mod upload;
