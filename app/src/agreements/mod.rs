//! Agreements (docs/PRODUCT.md §4.2): marketing sends one per pipeline entry; the creator accepts
//! it by typing their legal name, or declines with a reason. An accepted agreement never
//! changes: a change is a new agreement, accepted again.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;

pub use types::*;
