//! The bell with its panel, and the choice of which notices come by email.

pub mod bell;
pub mod settings;
