//! What the server and the pages of notifications exchange: views, inputs and
//! their limits.

use crate::domain::notice::NoticeKind;
use crate::realtime::Kind;
use crate::realtime::client::follow_mine;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i32,
    pub kind: NoticeKind,
    pub title: String,
    /// The page it is about.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// What the bell shows: how many are unread, and the latest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: u64,
    pub recent: Vec<Notification>,
}

/// One line of a person's email settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailSetting {
    pub kind: NoticeKind,
    pub label: String,
    pub by_email: bool,
}

/// The signed-in person's own event stream: one connection per page, shared by the bell
/// and whatever else reloads on a notification (the portal's payments).
#[derive(Debug, Clone, Copy)]
pub struct MyEvents {
    /// Bumped on each notification arrived or read.
    pub changed: RwSignal<u32>,
}

impl MyEvents {
    /// What a page listens to: the shell's stream, or (outside one) a signal that stays.
    pub fn changed() -> RwSignal<u32> {
        use_context::<MyEvents>().map_or_else(|| RwSignal::new(0), |m| m.changed)
    }
}

/// Opens the signed-in person's stream for everything inside (a shell, once signed in).
#[component]
pub fn WithMyEvents(children: Children) -> impl IntoView {
    let changed = RwSignal::new(0u32);
    follow_mine(
        &[Kind::NotificationNew, Kind::NotificationRead],
        move || changed.update(|n| *n += 1),
    );
    provide_context(MyEvents { changed });
    children()
}

/// Notifications the bell lists.
pub const SHOWN: u64 = 20;
