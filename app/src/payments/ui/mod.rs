//! The payments desk, and the creator's payments on the portal.

pub mod page;
pub mod portal;
