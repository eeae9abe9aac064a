//! What deliverables, drafts and their review look like on both sides of the wire.

use crate::domain::anchor::Span;
use crate::domain::compliance::Check;
use crate::domain::creator::Platform;
use crate::domain::review::{Lane, Status, Verdict, Wait};
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

pub const COMMENT_MAX: usize = 4000;

/// Where a new thread points, as the browser sends it: caption offsets in UTF-16 units
/// with the quote it saw there, or a point of an image in thousandths, or nothing at all
/// (the whole draft).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentTarget {
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub quote: Option<String>,
    pub upload_id: Option<i32>,
    pub x: Option<i32>,
    pub y: Option<i32>,
}

/// What a thread is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A span of the caption or script.
    Text,
    /// A point on an image, in thousandths of its width and height.
    Image { upload_id: i32, x: i32, y: i32 },
    /// The whole draft.
    Draft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i32,
    pub author: String,
    /// The author is the reader: they may edit and delete it.
    pub mine: bool,
    /// Empty once deleted.
    pub body: String,
    pub deleted: bool,
    pub edited: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub id: i32,
    pub target: Target,
    pub comments: Vec<CommentView>,
    /// The version it was made on.
    pub made_on: i32,
    pub made_on_number: i32,
    pub quote: Option<String>,
    /// Where the quote was on the version it was made on.
    pub origin: Option<Span>,
    /// Where it is on the newest version it was found in.
    pub anchor: Option<(i32, Span)>,
    pub outdated: bool,
    pub resolved: bool,
}

impl ThreadView {
    /// Its highlight on a version, if it has one there.
    pub fn span_on(&self, version_id: i32) -> Option<Span> {
        match self.anchor {
            Some((v, span)) if v == version_id && !self.outdated => Some(span),
            _ if self.made_on == version_id => self.origin,
            _ => None,
        }
    }

    /// Its pin on an image, if it has one there.
    pub fn point_on(&self, upload_id: i32) -> Option<(i32, i32)> {
        match self.target {
            Target::Image { upload_id: u, x, y } if u == upload_id => Some((x, y)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub id: i32,
    pub lane: Lane,
    pub verdict: Verdict,
    pub version_number: i32,
    pub by: String,
    pub at: DateTime<Utc>,
    pub note: String,
    pub checked: Vec<String>,
}

/// A lane on the newest version: its verdict, or how long it has been waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneView {
    pub lane: Lane,
    pub current: Option<DecisionView>,
    pub wait: Option<Wait>,
}

/// The compliance checks of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionChecks {
    pub version_id: i32,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub deliverable: DeliverableView,
    pub status: Status,
    pub approved_version: Option<i32>,
    pub lanes: Vec<LaneView>,
    /// Every decision, newest first.
    pub history: Vec<DecisionView>,
    pub checks: Vec<VersionChecks>,
    pub threads: Vec<ThreadView>,
    pub revisions_used: i32,
    /// From the brief the creator was sent; `None` without a brief.
    pub revisions_allowed: Option<u8>,
    pub turnaround_hours: u16,
    /// The lane the reader decides in, if any.
    pub my_lane: Option<Lane>,
    /// Staff start threads and resolve them; the creator replies.
    pub is_staff: bool,
    /// Colleagues to @mention: (handle, name).
    pub people: Vec<(String, String)>,
}

impl ReviewView {
    pub fn checks_of(&self, version_id: i32) -> &[Check] {
        self.checks
            .iter()
            .find(|c| c.version_id == version_id)
            .map_or(&[], |c| c.checks.as_slice())
    }

    /// Marketing is warned once revisions go past the brief's policy.
    pub fn over_policy(&self) -> bool {
        self.revisions_allowed
            .is_some_and(|allowed| self.revisions_used > i32::from(allowed))
    }
}

/// A draft waiting for a lane's review, for the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub deliverable_id: i32,
    pub title: String,
    pub creator_name: String,
    pub campaign_name: String,
    pub version_number: i32,
    pub lane: Lane,
    pub wait: Wait,
    pub over_policy: bool,
}
