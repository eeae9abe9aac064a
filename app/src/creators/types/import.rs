//! CSV import of creators, staged: the upload is checked row by row into a preview, and
//! nothing reaches the database until the user commits it (in one transaction).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Larger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// One import is one write transaction: kept to a size that commits in a few seconds.
pub const MAX_ROWS: usize = 10_000;
/// A cell longer than this is not a creator's data: the row is refused.
pub const MAX_CELL_CHARS: usize = 10_000;
/// How many row problems a preview lists (all are counted).
pub const PROBLEMS_SHOWN: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportStatus {
    Previewed,
    Imported,
    Cancelled,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Previewed => "previewed",
            ImportStatus::Imported => "imported",
            ImportStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Previewed, Self::Imported, Self::Cancelled]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A row that will not be imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub name: String,
    pub messages: Vec<String>,
    /// Already in the database or earlier in the file: reported, never doubled.
    pub duplicate: bool,
}

/// A creator ready to import, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadyRow {
    pub line: u32,
    pub name: String,
    pub email: Option<String>,
    pub channels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i32,
    pub file_name: String,
    pub status: ImportStatus,
    pub rows: u32,
    pub ready: u32,
    pub duplicates: u32,
    pub problem_count: u32,
    /// The first [`PROBLEMS_SHOWN`] problems.
    pub problems: Vec<RowProblem>,
    /// The first rows that will be imported.
    pub sample: Vec<ReadyRow>,
    pub ignored_columns: Vec<String>,
    pub created_at: DateTime<Utc>,
}
