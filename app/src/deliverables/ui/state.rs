//! What the parts of a review page share: the reviewer's pending thread, who is writing,
//! the live changes held while they write, and small labels.

use crate::collaboration::ui::FOLLOWED;
use crate::deliverables::api::{
    AddComment, Decide, DeleteComment, EditComment, ReplyToComment, ResolveComment,
};
use crate::deliverables::types::CommentTarget;
use crate::domain::review::{Status, duration_label};
use crate::error::AppError;
use crate::realtime::client::follow_once_known;
use crate::ui::form::successes;
use leptos::prelude::*;
use std::collections::HashMap;

/// Where a new thread will go, once its text is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// A selection of the caption, in UTF-16 units.
    Text {
        version_id: i32,
        start: usize,
        end: usize,
        quote: String,
    },
    Image {
        version_id: i32,
        upload_id: i32,
        x: i32,
        y: i32,
    },
    Draft {
        version_id: i32,
    },
}

impl Pending {
    /// The version and the target as the server function takes them.
    pub fn to_send(&self) -> (i32, CommentTarget) {
        match self.clone() {
            Pending::Text {
                version_id,
                start,
                end,
                quote,
            } => (
                version_id,
                CommentTarget {
                    start: Some(start),
                    end: Some(end),
                    quote: Some(quote),
                    ..Default::default()
                },
            ),
            Pending::Image {
                version_id,
                upload_id,
                x,
                y,
            } => (
                version_id,
                CommentTarget {
                    upload_id: Some(upload_id),
                    x: Some(x),
                    y: Some(y),
                    ..Default::default()
                },
            ),
            Pending::Draft { version_id } => (version_id, CommentTarget::default()),
        }
    }
}

/// What the parts of a review page share. Typed text lives here, outside the data that
/// reloads, so an update arriving live never wipes what someone is writing.
#[derive(Clone, Copy)]
pub struct ReviewState {
    pub active: RwSignal<Option<i32>>,
    pub pending: RwSignal<Option<Pending>>,
    pub editing: RwSignal<Option<i32>>,
    texts: RwSignal<HashMap<String, String>>,
    /// Text boxes on screen now: only their text holds live updates back.
    shown: RwSignal<HashMap<String, usize>>,
    pub checked: RwSignal<Vec<String>>,
    /// The text box whose text the last comment action sent.
    sent: StoredValue<String>,
    pub add: ServerAction<AddComment>,
    /// A failing check turned into a comment: its own action, so it never touches the
    /// comment someone is writing.
    pub flag: ServerAction<AddComment>,
    pub reply: ServerAction<ReplyToComment>,
    pub edit: ServerAction<EditComment>,
    pub delete: ServerAction<DeleteComment>,
    pub resolve: ServerAction<ResolveComment>,
    pub decide: ServerAction<Decide>,
}

impl ReviewState {
    pub fn new() -> Self {
        let state = ReviewState {
            active: RwSignal::new(None),
            pending: RwSignal::new(None),
            editing: RwSignal::new(None),
            texts: RwSignal::new(HashMap::new()),
            shown: RwSignal::new(HashMap::new()),
            checked: RwSignal::new(Vec::new()),
            sent: StoredValue::new(String::new()),
            add: ServerAction::new(),
            flag: ServerAction::new(),
            reply: ServerAction::new(),
            edit: ServerAction::new(),
            delete: ServerAction::new(),
            resolve: ServerAction::new(),
            decide: ServerAction::new(),
        };
        // What was sent successfully is cleared; a refused text stays to be fixed.
        let clear_sent = move || {
            let key = state.sent.get_value();
            state.set_text(&key, String::new());
        };
        Effect::new(move |_| {
            if let Some(Ok(id)) = state.add.value().get() {
                clear_sent();
                state.pending.set(None);
                state.active.set(Some(id));
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(_)) = state.reply.value().get() {
                clear_sent();
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(_)) = state.edit.value().get() {
                clear_sent();
                state.editing.set(None);
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(_)) = state.decide.value().get() {
                state.checked.set(Vec::new());
                for lane in crate::domain::review::Lane::ALL {
                    state.set_text(&note_key(lane), String::new());
                }
            }
        });
        state
    }

    /// Remembers which text box an action sends, to clear it once it succeeded.
    pub fn sending(&self, key: &str) -> String {
        self.sent.set_value(key.to_string());
        self.text(key)
    }

    pub fn text(&self, key: &str) -> String {
        self.texts.with(|t| t.get(key).cloned().unwrap_or_default())
    }

    pub fn set_text(&self, key: &str, value: String) {
        self.texts.update(|t| {
            t.insert(key.to_string(), value);
        });
    }

    /// A text box under `key` is on screen while the calling component lives.
    pub fn show_box(&self, key: &str) {
        let shown = self.shown;
        let key = key.to_string();
        shown.update(|s| *s.entry(key.clone()).or_default() += 1);
        on_cleanup(move || {
            shown.try_update(|s| {
                if let Some(n) = s.get_mut(&key) {
                    *n -= 1;
                    if *n == 0 {
                        s.remove(&key);
                    }
                }
            });
        });
    }

    /// Someone is writing in a box on screen: live updates wait until they are done.
    pub fn writing(&self) -> bool {
        self.shown.with(|shown| {
            self.texts.with(|t| {
                t.iter()
                    .any(|(k, v)| shown.contains_key(k) && !v.trim().is_empty())
            })
        })
    }

    /// An action's error, shown only under the box under `key` if that box sent it.
    pub fn error_from<T>(
        &self,
        value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
        key: String,
    ) -> Signal<Option<AppError>> {
        let sent = self.sent;
        Signal::derive(move || {
            value()
                .and_then(|r| r.err())
                .filter(|_| sent.with_value(|s| *s == key))
        })
    }

    /// Reloads after each of this page's own successful changes.
    pub fn reloads(&self) -> impl Fn() -> [u32; 7] + Copy + 'static {
        let done = [
            successes(self.add.value()),
            successes(self.flag.value()),
            successes(self.reply.value()),
            successes(self.edit.value()),
            successes(self.delete.value()),
            successes(self.resolve.value()),
            successes(self.decide.value()),
        ];
        move || done.map(|d| d.get())
    }
}

impl Default for ReviewState {
    fn default() -> Self {
        Self::new()
    }
}

/// The text box of a lane's decision note.
pub fn note_key(lane: crate::domain::review::Lane) -> String {
    format!("note-{}", lane.as_str())
}

/// Follows the deliverable's campaign live and counts changes to reload on; a change that
/// arrives while someone is writing waits until the text is sent or cleared (the second
/// signal says one is waiting).
pub fn live_changes(
    state: ReviewState,
    campaign: impl Fn() -> Option<i32> + Send + Sync + 'static,
) -> (ReadSignal<u32>, Signal<bool>) {
    let arrived = RwSignal::new(0u32);
    let applied = RwSignal::new(0u32);
    follow_once_known(campaign, FOLLOWED, move || arrived.update(|n| *n += 1));
    Effect::new(move |_| {
        let n = arrived.get();
        if !state.writing() && applied.get_untracked() != n {
            applied.set(n);
        }
    });
    let held = Signal::derive(move || arrived.get() != applied.get());
    (applied.read_only(), held)
}

pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::AwaitingDraft => "waiting",
        Status::InReview => "review",
        Status::ChangesRequested => "changes",
        Status::Approved => "approved",
    }
}

/// "3 h 20 min of 48 h", or just the time when no target is set.
pub fn waited(minutes: i64, target_hours: u16) -> String {
    if target_hours == 0 {
        duration_label(minutes)
    } else {
        format!("{} of {target_hours} h", duration_label(minutes))
    }
}
