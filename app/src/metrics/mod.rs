//! Metrics: snapshots of each deliverable's figures (typed in, imported from CSV, posted to
//! the ingest API, or fed by the demo simulator, all through one recorder) and the
//! dashboard built from them (SPEC.md, lifecycle steps 9 and 10, "Metric formulas").

#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// Published after snapshots are recorded, per campaign.
pub const RECORDED: &str = "metrics.recorded";

/// Where a snapshot came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Manual,
    Csv,
    Api,
    /// The demo's labelled simulator.
    Simulator,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Csv => "csv",
            Source::Api => "api",
            Source::Simulator => "simulator",
        }
    }
}

/// Why one row of a batch (API or CSV) was refused. Rows count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub message: String,
}
