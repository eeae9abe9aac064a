//! The review page (staff, `/deliverables/{id}`): a version of the draft with its media and
//! caption on the left, and on the right its compliance checks, the two lanes, and the
//! comment threads. Others' comments and decisions arrive live.

use super::caption::{CaptionView, Compare, MediaReview};
use super::lanes::{Checks, Lanes};
use super::state::{ReviewState, live_changes, status_class};
use super::threads::Threads;
use crate::auth::ui::guard::Allow;
use crate::deliverables::api::get_review;
use crate::deliverables::types::ReviewView;
use crate::domain::role::Permission;
use crate::metrics::ui::entry::DeliverableReadings;
use crate::ui::feedback::{Loading, Ready};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

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
