//! A deliverable's page in the creator's portal: upload a version, read the reviewers'
//! decisions and comments and answer them, give the live link. Earlier versions stay
//! readable below the newest. (Staff review the same deliverable on the review page.)

use super::state::{ReviewState, status_class};
use super::threads::Threads;
use super::uploader::DraftUploader;
use crate::deliverables::api::get_review;
use crate::deliverables::api::{SubmitDraft, SubmitLiveLink, get_deliverable};
use crate::deliverables::types::ReviewView;
use crate::deliverables::types::{DeliverableView, DraftVersionView, MediaView};
use crate::domain::review::Status;
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::form::{general, successes};
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DeliverablePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let submit = ServerAction::<SubmitDraft>::new();
    let live = ServerAction::<SubmitLiveLink>::new();
    let state = ReviewState::new();
    provide_context(state);
    let done = (successes(submit.value()), successes(live.value()));
    let reloads = state.reloads();
    // Two parts, loaded apart: a reply reloads the review, never the draft being prepared.
    let review = Resource::new(
        move || (id(), done.0.get(), done.1.get(), reloads()),
        |(id, ..)| get_review(id),
    );
    let data = Resource::new(
        move || (id(), done.0.get(), done.1.get()),
        |(id, ..)| get_deliverable(id),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                review.await.map(|r| view! { <Feedback r/> })
            })}
        </Transition>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|d| view! { <Deliverable d submit live/> <Ready/> })
            })}
        </Transition>
    }
}

/// The deliverable's heading, then the reviewers' verdicts and comment threads, for the
/// creator to act on and answer.
#[component]
fn Feedback(r: ReviewView) -> impl IntoView {
    let d = r.deliverable.clone();
    let s = d.summary.clone();
    let back = format!("/portal/collaborations/{}", d.entry_id);
    let r = StoredValue::new(r);
    provide_context(r);
    let (status, lanes, latest, rounds) = r.with_value(|r| {
        (
            r.status,
            r.lanes.clone(),
            r.deliverable.versions.first().map(|v| (v.id, v.number)),
            revision_rounds(r),
        )
    });
    let heading = view! {
        <Title text=format!("{} · Roster", s.title)/>
        <p class="breadcrumb"><A href=back>{d.campaign_name.clone()}" · "{d.creator_name.clone()}</A></p>
        <h1>{s.title.clone()}</h1>
        <p class="muted">"Due "{s.due_on.format("%-d %B %Y").to_string()}" · "<span class="deliverable-status">{s.status()}</span></p>
    };
    let Some((latest_id, latest_number)) = latest else {
        return heading.into_any();
    };
    let says = match status {
        Status::Approved => {
            format!("v{latest_number} is approved: post it, then add the live link.")
        }
        Status::ChangesRequested => {
            format!("Changes were asked for on v{latest_number}: upload a new version.")
        }
        Status::InReview => format!("Marketing and legal are reviewing v{latest_number}."),
        Status::AwaitingDraft => String::new(),
    };
    view! {
        {heading}
        <section class="card" aria-labelledby="feedback-title">
            <h2 id="feedback-title">"Review"</h2>
            <p class=format!("review-status status-{}", status_class(status)) role="status">{status.label()}</p>
            <p>{says}</p>
            {rounds.map(|r| view! { <p class="muted small revision-rounds">{r}</p> })}
            <ul class="plain">
                {lanes.into_iter().filter_map(|l| l.current.map(|d| view! {
                    <li class="lane-answer">
                        <strong>{d.lane.label()}": "</strong>{d.verdict.label()}
                        {(!d.note.is_empty()).then(|| view! { <p class="pre small">{d.note.clone()}</p> })}
                    </li>
                })).collect_view()}
            </ul>
        </section>
        <Threads version_id=latest_id/>
    }
    .into_any()
}

/// What the brief's review policy leaves the creator: "Revision 1 of 2 used."
fn revision_rounds(r: &ReviewView) -> Option<String> {
    let allowed = r.revisions_allowed?;
    Some(if r.over_policy() {
        format!(
            "Revision {} of {allowed}: past the rounds in the brief. Further rounds are agreed with the brand.",
            r.revisions_used
        )
    } else {
        format!("Revision rounds used: {} of {allowed}.", r.revisions_used)
    })
}

#[component]
fn Deliverable(
    d: DeliverableView,
    submit: ServerAction<SubmitDraft>,
    live: ServerAction<SubmitLiveLink>,
) -> impl IntoView {
    let approved = d.approved;
    let s = d.summary.clone();
    let latest_caption = d
        .versions
        .first()
        .map(|v| v.caption.clone())
        .unwrap_or_default();
    let live_error = Signal::derive(move || live.value().get().and_then(|r| r.err()));
    view! {
        {(d.is_creator && !approved).then(|| view! {
            <section class="card" aria-labelledby="upload-title">
                <h2 id="upload-title">{if d.versions.is_empty() { "Upload your draft" } else { "Upload a new version" }}</h2>
                <DraftUploader deliverable_id=s.id upload_limit=d.upload_limit caption=latest_caption submit/>
            </section>
        })}
        {match (d.is_creator, s.live_url.clone()) {
            (_, Some(url)) => view! {
                <section class="card" aria-labelledby="live-title">
                    <h2 id="live-title">"Live"</h2>
                    <p><a href=url.clone() rel="noopener noreferrer" target="_blank" class="live-link">{url.clone()}</a></p>
                    {d.live_at.as_ref().map(|at| view! { <p class="muted small">"Since "{format::date_time(at)}</p> })}
                </section>
            }.into_any(),
            (true, None) => view! {
                <section class="card" aria-labelledby="live-title">
                    <h2 id="live-title">"Posted it?"</h2>
                    <ActionForm action=live attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="deliverable_id" value=s.id/>
                        <div class="field">
                            <label for="live-url">"Link to the live post"</label>
                            <input id="live-url" name="live_url" type="url" inputmode="url" placeholder="https://" aria-describedby="live-url-error"/>
                            <p class="field-error" id="live-url-error">{move || live_error.get().and_then(|e| e.field("live_url"))}</p>
                        </div>
                        <FormError error=general(live_error)/>
                        <button class="button wide" type="submit" disabled=live.pending()>"Submit the live link"</button>
                    </ActionForm>
                </section>
            }.into_any(),
            (false, None) => ().into_any(),
        }}
        <section aria-labelledby="versions-title">
            <h2 id="versions-title">"Versions"</h2>
            {d.versions.is_empty().then(|| view! { <p class="muted">"No draft yet."</p> })}
            {d.versions.into_iter().map(|v| view! { <Version v/> }).collect_view()}
        </section>
    }
}

#[component]
fn Version(v: DraftVersionView) -> impl IntoView {
    view! {
        <article class="card draft-version" aria-label=format!("Version {}", v.number)>
            <header class="with-actions">
                <h3>"Version "{v.number}</h3>
                <span class="muted small">{format::date_time(&v.created_at)}</span>
            </header>
            {(!v.caption.is_empty()).then(|| view! { <p class="pre caption">{v.caption.clone()}</p> })}
            <div class="media-grid">
                {v.media.into_iter().map(|m| view! { <Media m/> }).collect_view()}
            </div>
        </article>
    }
}

#[component]
fn Media(m: MediaView) -> impl IntoView {
    let url = m.url();
    if m.is_video() {
        view! { <video controls preload="metadata" src=url aria-label=m.name.clone()></video> }
            .into_any()
    } else {
        view! { <a href=url.clone() target="_blank"><img src=url.clone() alt=m.name.clone() loading="lazy"/></a> }.into_any()
    }
}
