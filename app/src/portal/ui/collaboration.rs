//! One collaboration in the portal: the agreement to accept, the brief, the deliverables
//! and what the creator is paid.

use crate::agreements::AgreementView;
use crate::agreements::api::{AcceptAgreement, DeclineAgreement};
use crate::briefs::BriefVersion;
use crate::collaboration::Collaboration;
use crate::collaboration::api::get_collaboration;
use crate::deliverables::types::DeliverableSummary;
use crate::domain::agreement::AgreementStatus;
use crate::error::AppError;
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::form::{general, successes};
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CollaborationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let accept = ServerAction::<AcceptAgreement>::new();
    let decline = ServerAction::<DeclineAgreement>::new();
    let done = (successes(accept.value()), successes(decline.value()));
    let data = Resource::new(
        move || (id(), done.0.get(), done.1.get()),
        |(id, _, _)| get_collaboration(id),
    );
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|c| view! { <CollaborationView c accept decline/> <Ready/> })
            })}
        </Suspense>
    }
}

#[component]
fn CollaborationView(
    c: Collaboration,
    accept: ServerAction<AcceptAgreement>,
    decline: ServerAction<DeclineAgreement>,
) -> impl IntoView {
    let pending = c.pending_agreement().cloned();
    let in_force = c.agreement_in_force().cloned();
    let in_force_fee = in_force.as_ref().map(|a| a.terms.fee.clone());
    let declined = c
        .agreements
        .first()
        .filter(|a| a.status == AgreementStatus::Declined)
        .cloned();
    view! {
        <Title text=format!("{} · Roster", c.campaign_name)/>
        <p class="breadcrumb"><A href="/portal">"Your collaborations"</A></p>
        <h1>{c.campaign_name.clone()}</h1>
        <p class="muted">{c.brand.clone()}" · "{c.stage.label()}</p>
        {pending.map(|a| view! { <AcceptAgreementCard agreement=a accept decline/> })}
        {declined.map(|a| view! {
            <section class="card">
                <h2>"Agreement declined"</h2>
                <p>"You declined on "{a.answered_at.as_ref().map(format::date_time)}". "{c.brand.clone()}" may send a new offer."</p>
            </section>
        })}
        <Deliverables items=c.deliverables.clone()/>
        {c.brief.clone().map(|b| view! { <BriefCard brief=b/> })}
        {in_force.map(|a| view! {
            <section class="card" aria-labelledby="agreement-title">
                <h2 id="agreement-title">"Your agreement"</h2>
                <p>"Accepted as "<strong>{a.accepted_name.clone()}</strong>" on "{a.answered_at.as_ref().map(format::date_time)}"."</p>
                <details>
                    <summary>"Read the agreement"</summary>
                    <pre class="agreement-text">{a.body.clone()}</pre>
                    <p class="muted small">"SHA-256: "<code>{a.body_sha256.clone()}</code></p>
                </details>
            </section>
        })}
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">"Payment"</h2>
            // What the creator signed for, once they have.
            {match in_force_fee.or(c.fee.clone()) {
                Some(fee) => view! { <p>"Your fee: "<strong>{fee.display()}</strong></p> }.into_any(),
                None => view! { <p class="muted">"The fee is not agreed yet."</p> }.into_any(),
            }}
            <p class="muted small">"Payments and their status appear here once the brand schedules them."</p>
        </section>
    }
}

#[component]
fn AcceptAgreementCard(
    agreement: AgreementView,
    accept: ServerAction<AcceptAgreement>,
    decline: ServerAction<DeclineAgreement>,
) -> impl IntoView {
    let accept_error = Signal::derive(move || accept.value().get().and_then(|r| r.err()));
    let decline_error = Signal::derive(move || decline.value().get().and_then(|r| r.err()));
    let problem = move |e: Signal<Option<AppError>>, f: &'static str| {
        move || e.get().and_then(|e| e.field(f))
    };
    view! {
        <section class="card attention" aria-labelledby="accept-title">
            <h2 id="accept-title">"Your agreement"</h2>
            <p>"Sent "{format::date_time(&agreement.sent_at)}". Read it, then accept it by typing your legal name."</p>
            <pre class="agreement-text" tabindex="0" aria-label="Agreement text">{agreement.body.clone()}</pre>
            <ActionForm action=accept attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="agreement_id" value=agreement.id/>
                <input type="hidden" name="body_sha256" value=agreement.body_sha256.clone()/>
                <div class="field">
                    <label for="legal-name-sign">"Your legal name"</label>
                    <input id="legal-name-sign" name="legal_name" autocomplete="name" aria-describedby="legal-name-sign-error"/>
                    <p class="field-error" id="legal-name-sign-error">{problem(accept_error, "legal_name")}</p>
                </div>
                <FormError error=general(accept_error)/>
                <button class="button primary wide" type="submit" disabled=accept.pending()>"Accept the agreement"</button>
            </ActionForm>
            <details class="decline">
                <summary>"Decline instead"</summary>
                <ActionForm action=decline attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="agreement_id" value=agreement.id/>
                    <div class="field">
                        <label for="decline-reason">"Why? The brand sees this."</label>
                        <textarea id="decline-reason" name="reason" rows="3" aria-describedby="decline-reason-error"></textarea>
                        <p class="field-error" id="decline-reason-error">{problem(decline_error, "reason")}</p>
                    </div>
                    <FormError error=general(decline_error)/>
                    <button class="button danger wide" type="submit" disabled=decline.pending()>"Decline the agreement"</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn Deliverables(items: Vec<DeliverableSummary>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="deliverables-title">
                <h2 id="deliverables-title">"Deliverables"</h2>
                <ul class="deliverable-list">
                    {items.into_iter().map(|d| view! {
                        <li>
                            <A href=format!("/portal/deliverables/{}", d.id)>
                                <strong>{d.title.clone()}</strong>
                                <span class="muted">"Due "{d.due_on.format("%-d %B").to_string()}" · "{d.status()}</span>
                            </A>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// A brief as the creator reads it.
#[component]
pub fn BriefCard(brief: BriefVersion) -> impl IntoView {
    let f = brief.fields;
    let list = |items: Vec<String>| {
        view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
    };
    view! {
        <section class="card brief" aria-labelledby="brief-title">
            <h2 id="brief-title">"The brief " <span class="muted small">"(version "{brief.version}")"</span></h2>
            <h3>"Objective"</h3>
            <p class="pre">{f.objective}</p>
            <h3>"Audience"</h3>
            <p class="pre">{f.audience}</p>
            <h3>"Deliverables"</h3>
            {list(f.deliverables.iter().map(|d| d.label()).collect())}
            {(!f.talking_points.is_empty()).then(|| view! { <h3>"Talking points"</h3> {list(f.talking_points.clone())} })}
            {(!f.brand_values.is_empty()).then(|| view! { <h3>"Brand values"</h3> <p class="pre">{f.brand_values.clone()}</p> })}
            <h3>"Disclosure"</h3>
            {list(f.disclosures)}
            {(!f.hashtags.is_empty()).then(|| view! { <h3>"Hashtags to use"</h3> <p>{f.hashtags.join(" ")}</p> })}
            {(!f.do_not_say.is_empty()).then(|| view! { <h3>"Never say"</h3> {list(f.do_not_say.clone())} })}
            <h3>"Review"</h3>
            <p>{format!("{} revision round{} included; each review within {} hours.", f.revision_rounds, if f.revision_rounds == 1 { "" } else { "s" }, f.turnaround_hours)}</p>
            {f.drafts_due_on.map(|d| view! { <p>"Drafts due "{d.format("%-d %B %Y").to_string()}</p> })}
            {f.live_by.map(|d| view! { <p>"Live by "{d.format("%-d %B %Y").to_string()}</p> })}
            {(!f.payment_terms.is_empty()).then(|| view! { <h3>"Payment terms"</h3> <p class="pre">{f.payment_terms.clone()}</p> })}
        </section>
    }
}
