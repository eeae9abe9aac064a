//! A campaign's results sheet, as the browser and the server both see it: its limits, and
//! the preview of an uploaded sheet. The server reads it (`ssr/sheet.rs`); the page shows
//! it (`import.rs`).

use crate::domain::metrics::Counts;
use crate::metrics::RowError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The largest sheet taken.
pub const MAX_SHEET_BYTES: usize = 10 * 1024 * 1024;
/// How many of the readings a preview shows.
pub const PREVIEW_ROWS: usize = 50;
/// How many problems a preview lists.
pub const LISTED_ERRORS: usize = 200;

/// What an uploaded sheet holds, and whether it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPreview {
    /// Readings in the sheet (its data lines).
    pub rows: usize,
    /// Lines with nothing filled in (deliverables of the downloaded sheet not read this
    /// time): skipped, never read as zeros.
    pub unfilled: usize,
    /// The first [`PREVIEW_ROWS`] readings, as read.
    pub readings: Vec<SheetRow>,
    /// The first [`LISTED_ERRORS`] problems, by the sheet's line number (the header is
    /// line 1).
    pub errors: Vec<RowError>,
    pub error_count: usize,
    pub currency: String,
    /// Set once the readings were recorded.
    pub recorded: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub line: usize,
    pub deliverable_id: i32,
    pub captured_at: DateTime<Utc>,
    pub counts: Counts,
}
