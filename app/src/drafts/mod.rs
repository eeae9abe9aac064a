//! Deliverables and their drafts (SPEC steps 7–8, the creator's side): each upload of a
//! draft is a new version with its caption and media; earlier versions stay readable.
//! Then the live post's URL.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod uploader;

use crate::domain::creator::Platform;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const CAPTION_MAX: usize = 5000;
pub const MEDIA_PER_VERSION: usize = 10;

/// A file of a draft, served at `url` to those who may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaView {
    pub id: i32,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

impl MediaView {
    pub fn url(&self) -> String {
        format!("/media/{}", self.id)
    }

    pub fn is_video(&self) -> bool {
        self.content_type.starts_with("video/")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftVersionView {
    pub id: i32,
    pub number: i32,
    pub caption: String,
    pub media: Vec<MediaView>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableSummary {
    pub id: i32,
    pub title: String,
    pub platform: Platform,
    pub due_on: NaiveDate,
    pub versions: i32,
    pub live_url: Option<String>,
}

impl DeliverableSummary {
    /// Where the deliverable stands, in words.
    pub fn status(&self) -> &'static str {
        if self.live_url.is_some() {
            "Live"
        } else if self.versions > 0 {
            "Draft in review"
        } else {
            "Draft to upload"
        }
    }
}

/// A deliverable's page: the portal's and marketing's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableView {
    pub summary: DeliverableSummary,
    pub entry_id: i32,
    pub campaign_id: i32,
    pub campaign_name: String,
    pub creator_name: String,
    pub live_at: Option<DateTime<Utc>>,
    /// Newest first.
    pub versions: Vec<DraftVersionView>,
    /// The creator may upload and submit; staff read.
    pub is_creator: bool,
    /// Both review lanes approved a version: no more versions.
    pub approved: bool,
    pub upload_limit: u64,
}

/// What the upload route answers for a stored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: i32,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
}
