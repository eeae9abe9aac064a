//! Draft review (SPEC step 7): inline comment threads that follow their text from version
//! to version, automatic compliance checks, and the marketing and legal approval lanes,
//! with a queue sorted by how long each draft has waited.

pub mod api;
pub mod caption;
pub mod lanes;
pub mod page;
pub mod queue;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod threads;

use crate::domain::anchor::Span;
use crate::domain::compliance::Check;
use crate::domain::review::{Lane, Status, Verdict, Wait};
use crate::drafts::DeliverableView;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
