//! What every server function reaches through Leptos context (server only).

use crate::domain::clock::Clock;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Settings {
    /// The address people use to reach Roster; links in emails start with it.
    pub public_url: String,
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.settings.public_url.trim_end_matches('/'), path)
    }
}
