//! The review page (staff, `/deliverables/{id}`): a version of the draft with its media and
//! caption on the left, and on the right its compliance checks, the two lanes, and the
//! comment threads. Others' comments and decisions arrive live.

use super::api::{AddComment, Decide, DeleteComment, EditComment, ReplyToComment, ResolveComment};
use super::caption::{CaptionView, Compare, MediaReview};
use super::lanes::{Checks, Lanes};
use super::threads::Threads;
use super::{CommentTarget, ReviewView, api::get_review};
use crate::auth::guard::Allow;
use crate::collaboration::page::FOLLOWED;
use crate::domain::review::{Status, duration_label};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::metrics::entry::DeliverableReadings;
use crate::realtime::client::follow_once_known;
use crate::ui::feedback::{Loading, Ready};
use crate::ui::form::successes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
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

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::UseStaffApp>
            <ReviewLoader/>
        </Allow>
    }
}

#[component]
fn ReviewLoader() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let state = ReviewState::new();
    provide_context(state);
    let reloads = state.reloads();
    let campaign = RwSignal::new(None::<i32>);
    let (changes, held) = live_changes(state, move || campaign.get());
    // Switching versions changes the query only; the page is drawn again from fresh data.
    let query = use_query_map();
    let number = move |key: &str| query.with(|q| q.get(key).and_then(|v| v.parse().ok()));
    let data = Resource::new(
        move || {
            (
                id(),
                number("v"),
                number("compare"),
                reloads(),
                changes.get(),
            )
        },
        |(id, ..)| get_review(id),
    );
    Effect::new(move |_| {
        if let Some(Ok(r)) = data.get() {
            campaign.set(Some(r.deliverable.campaign_id));
        }
    });
    view! {
        <p class="notice held-updates" role="status" class:visually-hidden=move || !held.get()>
            {move || held.get().then_some("Others made changes: they will show when you send or clear what you are writing.")}
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let (v, compare) = (number("v"), number("compare"));
                data.await.map(|r| view! { <Review r v compare/> <Ready/> })
            })}
        </Transition>
        // Loaded apart: a live change to the review never wipes a reading being typed.
        <DeliverableReadings deliverable_id=Signal::derive(id)/>
    }
}

/// Which version is shown, and which one it is compared with, from `?v=` and `?compare=`.
fn pick_versions(
    r: &ReviewView,
    v: Option<i32>,
    compare: Option<i32>,
) -> (Option<usize>, Option<usize>) {
    let versions = &r.deliverable.versions;
    let index = |n: i32| versions.iter().position(|x| x.number == n);
    let shown = v.and_then(index).or((!versions.is_empty()).then_some(0));
    let other = compare.and_then(index).filter(|c| Some(*c) != shown);
    (shown, other)
}

#[component]
fn Review(r: ReviewView, v: Option<i32>, compare: Option<i32>) -> impl IntoView {
    let (shown_at, compare_at) = pick_versions(&r, v, compare);
    let d = r.deliverable.clone();
    let s = d.summary.clone();
    let base = format!("/deliverables/{}", s.id);
    let status = r.status;
    let latest_id = d.versions.first().map(|v| v.id);
    let shown = shown_at.map(|i| d.versions[i].clone());
    let other = compare_at.map(|i| d.versions[i].clone());
    let rounds = match r.revisions_allowed {
        Some(allowed) => format!("Revision {} of {allowed} allowed", r.revisions_used),
        None => format!("Revision {} (no brief sets a limit)", r.revisions_used),
    };
    let target =
        (r.turnaround_hours > 0).then(|| format!("Review within {} h", r.turnaround_hours));
    // The parts read the review from context.
    let r = StoredValue::new(r);
    provide_context(r);
    view! {
        <Title text=format!("Review: {} · Roster", s.title)/>
        <p class="breadcrumb">
            <A href=format!("/entries/{}", d.entry_id)>{d.campaign_name.clone()}" · "{d.creator_name.clone()}</A>
        </p>
        <header class="page-header review-header">
            <div>
                <h1>{s.title.clone()}</h1>
                <p class="muted">
                    "Due "{s.due_on.format("%-d %B %Y").to_string()}" · "{rounds}
                    {target.map(|t| view! { " · "{t} })}
                </p>
            </div>
            <p class=format!("review-status status-{}", status_class(status)) role="status">{status.label()}</p>
        </header>
        {r.with_value(|r| r.over_policy() && r.is_staff).then(|| view! {
            <p class="notice warning" role="note">
                "This draft is past the brief's revision rounds. Agree on further rounds with the creator before asking for more changes."
            </p>
        })}
        {s.live_url.clone().map(|url| view! {
            <p class="notice">"Live at "<a href=url.clone() rel="noopener noreferrer" target="_blank" class="live-link">{url.clone()}</a></p>
        })}
        {match shown {
            None => view! { <section class="card"><p class="muted">"No draft yet. The creator's versions appear here as they upload them."</p></section> }.into_any(),
            Some(v) => {
                let versions: Vec<(i32, String)> = r.with_value(|r| r.deliverable.versions.iter().map(|x| (x.number, format!("v{}", x.number))).collect());
                let is_latest = Some(v.id) == latest_id;
                view! {
                    <nav class="version-nav" aria-label="Versions">
                        {versions.clone().into_iter().rev().map(|(n, label)| {
                            let current = n == v.number;
                            view! {
                                <a href=format!("{base}?v={n}") class="version-link" aria-current=current.then_some("page")>{label.clone()}</a>
                            }
                        }).collect_view()}
                        <Compare base=base.clone() shown=v.number other=other.as_ref().map(|o| o.number) versions=versions.clone()/>
                    </nav>
                    <div class="review-layout">
                        <div class="review-main">
                            <MediaReview version=v.clone()/>
                            <CaptionView version=v.clone() other=other.clone()/>
                        </div>
                        <aside class="review-side" aria-label="Review">
                            <Checks version_id=v.id/>
                            <Lanes version_id=v.id version_number=v.number is_latest/>
                            <Threads version_id=v.id/>
                        </aside>
                    </div>
                }.into_any()
            }
        }}
    }
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
