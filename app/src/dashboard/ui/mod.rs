//! The dashboard pages (a campaign's, every campaign's, the wall) and their parts.

pub mod chart;
pub mod leaderboard;
pub mod page;
pub mod tiles;
