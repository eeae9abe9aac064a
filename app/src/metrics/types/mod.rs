//! What the server and the pages of metrics exchange: views, inputs and
//! their limits.

pub mod sheet;

use crate::domain::metrics::Counts;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

    pub fn parse(s: &str) -> Option<Self> {
        [Source::Manual, Source::Csv, Source::Api, Source::Simulator]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Manual => "Typed in",
            Source::Csv => "CSV import",
            Source::Api => "Ingest API",
            Source::Simulator => "Demo simulator",
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

/// One saved reading of a deliverable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotView {
    pub id: i32,
    pub captured_at: DateTime<Utc>,
    pub counts: Counts,
    pub source: Source,
    /// Who typed or imported it.
    pub recorded_by: Option<String>,
}

/// A deliverable's readings, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableResults {
    pub deliverable_id: i32,
    pub campaign_id: i32,
    /// The campaign's: revenue is typed in it.
    pub currency: String,
    /// The newest first, at most [`HISTORY`].
    pub snapshots: Vec<SnapshotView>,
    /// How many there are in all.
    pub total: u64,
    pub can_record: bool,
    /// Why no reading can be added (an archived or finalized campaign).
    pub closed: Option<String>,
}

/// How many readings a deliverable's page lists.
pub const HISTORY: u64 = 20;
