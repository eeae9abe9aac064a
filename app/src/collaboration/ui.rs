//! A collaboration from marketing's side: portal access, the brief sent, agreements sent
//! and answered, deliverables with their drafts and live links.

use super::api::{InviteCreator, SendBrief, get_collaboration};
use super::{Collaboration, PortalAccess};
use crate::agreements::api::SendAgreement;
use crate::agreements::{AgreementInput, AgreementView};
use crate::auth::ui::guard::Allow;
use crate::briefs::ui::{DeliverableRows, line_inputs, lines};
use crate::domain::agreement::AgreementStatus;
use crate::domain::money;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::realtime::Kind;
use crate::realtime::client::follow_once_known;
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::form::{general, successes};
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// What changes a collaboration page: its own changes, and the card moving.
pub const FOLLOWED: &[Kind] = &[Kind::CollaborationChanged, Kind::PipelineMoved];

#[component]
pub fn EntryPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::UseStaffApp>
            <EntryView/>
        </Allow>
    }
}

#[component]
fn EntryView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let send_agreement = ServerAction::<SendAgreement>::new();
    let send_brief = ServerAction::<SendBrief>::new();
    let invite = ServerAction::<InviteCreator>::new();
    // Changes by others (the creator answering, uploading) arrive on the live channel.
    let changes = RwSignal::new(0u32);
    let done = (
        successes(send_agreement.value()),
        successes(send_brief.value()),
        successes(invite.value()),
    );
    let data = Resource::new(
        move || {
            (
                id(),
                done.0.get(),
                done.1.get(),
                done.2.get(),
                changes.get(),
            )
        },
        |(id, ..)| get_collaboration(id),
    );
    follow_once_known(
        move || data.get().and_then(|r| r.ok()).map(|c| c.campaign_id),
        FOLLOWED,
        move || changes.update(|n| *n += 1),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|c| view! { <Entry c send_agreement send_brief invite/> <Ready/> })
            })}
        </Transition>
    }
}

#[component]
fn Entry(
    c: Collaboration,
    send_agreement: ServerAction<SendAgreement>,
    send_brief: ServerAction<SendBrief>,
    invite: ServerAction<InviteCreator>,
) -> impl IntoView {
    let brief_error = Signal::derive(move || send_brief.value().get().and_then(|r| r.err()));
    let invite_error = Signal::derive(move || invite.value().get().and_then(|r| r.err()));
    let invite_sent = move || invite.value().get().and_then(|r| r.ok());
    let deliverables = c.deliverables.clone();
    let campaign_name = c.campaign_name.clone();
    let brief_to_send = c
        .latest_brief_version
        .filter(|v| c.brief.as_ref().map(|b| b.version) != Some(*v));
    view! {
        <Title text=format!("{} · {} · Roster", c.creator_name.clone(), c.campaign_name.clone())/>
        <header class="page-header">
            <p class="breadcrumb">
                <A href=format!("/campaigns/{}", c.campaign_id)>{campaign_name}</A>" / "
                <A href=format!("/campaigns/{}/board", c.campaign_id)>"Board"</A>
            </p>
            <h1>{c.creator_name.clone()}</h1>
            <p class="muted">
                {c.stage.label()}" · fee "{c.fee.as_ref().map(|f| f.display()).unwrap_or_else(|| "not set".into())}
                " · "<A href=format!("/creators/{}", c.creator_id)>"Profile"</A>
            </p>
        </header>
        <section class="card" aria-labelledby="portal-title">
            <h2 id="portal-title">"Creator portal"</h2>
            <p>{match c.portal {
                PortalAccess::Linked => "Uses the portal: sees the brief, agreements and deliverables here.",
                PortalAccess::Invited => "Invited to the portal; the invitation is not used yet.",
                PortalAccess::NotInvited => "Not in the portal yet.",
                PortalAccess::NoEmail => "No email address on the profile: add one to invite them.",
            }}</p>
            {(c.can_edit && c.portal == PortalAccess::NotInvited).then(|| view! {
                <ActionForm action=invite>
                    <input type="hidden" name="entry_id" value=c.entry_id/>
                    <button class="button" type="submit" disabled=invite.pending()>"Invite to the portal"</button>
                </ActionForm>
            })}
            {move || invite_sent().map(|sent| match sent.link {
                Some(link) => view! {
                    <p role="status">
                        "Invitation in the outbox. Until email sending is set up, share this link with them: "
                        <code class="invite-link">{link}</code>
                    </p>
                }.into_any(),
                None => view! {
                    <p role="status">"Invitation sent by email. The link goes to them alone."</p>
                }.into_any(),
            })}
            <FormError error=invite_error/>
        </section>
        <section class="card" aria-labelledby="brief-title">
            <h2 id="brief-title">"Brief"</h2>
            {match (&c.brief, c.brief_sent_at) {
                (Some(b), Some(at)) => view! { <p>"Version "{b.version}" sent "{format::date_time(&at)}"."</p> }.into_any(),
                _ => view! { <p class="muted">"No brief sent yet. Moving the card to Contracted sends the newest version."</p> }.into_any(),
            }}
            {(c.can_edit).then(|| brief_to_send.map(|v| view! {
                <ActionForm action=send_brief>
                    <input type="hidden" name="entry_id" value=c.entry_id/>
                    <button class="button" type="submit" disabled=send_brief.pending()>{format!("Send brief version {v}")}</button>
                </ActionForm>
            }))}
            <p><A href=format!("/campaigns/{}/brief", c.campaign_id)>"Open the campaign's brief"</A></p>
            <FormError error=brief_error/>
        </section>
        <Agreements c=c.clone() send=send_agreement/>
        <section class="card" aria-labelledby="deliverables-title">
            <h2 id="deliverables-title">"Deliverables"</h2>
            {c.deliverables.is_empty().then(|| view! { <p class="muted">"Deliverables appear once the creator accepts an agreement."</p> })}
            <ul class="deliverable-list">
                {deliverables.into_iter().map(|d| {
                    let title = d.title.clone();
                    view! {
                    <li>
                        <A href=format!("/deliverables/{}", d.id)><strong>{title}</strong></A>
                        <span class="muted">" · due "{d.due_on.format("%-d %B").to_string()}" · "{d.status()}
                            {(d.versions > 0).then(|| format!(" · {} version{}", d.versions, if d.versions == 1 { "" } else { "s" }))}</span>
                        {d.live_url.clone().map(|url| view! { " · "<a href=url.clone() rel="noopener noreferrer" target="_blank">"live post"</a> })}
                    </li>
                }}).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Agreements(c: Collaboration, send: ServerAction<SendAgreement>) -> impl IntoView {
    let composing = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            composing.set(false);
        }
    });
    // A new agreement starts from the last one, else from the brief and the agreed fee.
    let initial = match c.agreements.first() {
        Some(a) => AgreementInput::from_terms(&a.terms),
        None => AgreementInput {
            deliverables: c
                .brief
                .as_ref()
                .map(|b| {
                    b.fields
                        .deliverables
                        .iter()
                        .map(crate::briefs::DeliverableInput::from_spec)
                        .collect()
                })
                .unwrap_or_default(),
            fee: c
                .fee
                .as_ref()
                .map(|f| money::format_minor(f.minor, money::exponent(&f.currency).unwrap_or(2)))
                .unwrap_or_default(),
            usage_months: "6".into(),
            ..Default::default()
        },
    };
    let currency = c
        .fee
        .as_ref()
        .map(|f| f.currency.clone())
        .unwrap_or_default();
    let entry_id = c.entry_id;
    let can_edit = c.can_edit;
    let has_any = !c.agreements.is_empty();
    view! {
        <section class="card" aria-labelledby="agreements-title">
            <header class="with-actions">
                <h2 id="agreements-title">"Agreement"</h2>
                {can_edit.then(|| view! {
                    <Show when=move || !composing.get()>
                        <button class="button primary" type="button" on:click=move |_| composing.set(true)>
                            {if has_any { "Send a changed agreement" } else { "Write the agreement" }}
                        </button>
                    </Show>
                })}
            </header>
            <Show when=move || composing.get()>
                <AgreementForm entry_id initial=initial.clone() currency=currency.clone() send cancel=move || composing.set(false)/>
            </Show>
            {(!has_any).then(|| view! { <p class="muted">"No agreement sent yet."</p> })}
            <ol class="agreement-history">
                {c.agreements.into_iter().map(|a| view! { <AgreementItem a/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn AgreementItem(a: AgreementView) -> impl IntoView {
    let status = match a.status {
        AgreementStatus::Accepted => format!(
            "Accepted by {} on {}",
            a.accepted_name.clone().unwrap_or_default(),
            a.answered_at
                .as_ref()
                .map(format::date_time)
                .unwrap_or_default(),
        ),
        AgreementStatus::Declined => format!(
            "Declined on {}: “{}”",
            a.answered_at
                .as_ref()
                .map(format::date_time)
                .unwrap_or_default(),
            a.decline_reason.clone().unwrap_or_default()
        ),
        other => other.label().to_string(),
    };
    view! {
        <li class=format!("agreement {}", a.status.as_str())>
            <p><strong>{status}</strong><span class="muted">" · sent "{format::date_time(&a.sent_at)}" · "{a.terms.fee.display()}</span></p>
            <details>
                <summary>"Read the text"</summary>
                <pre class="agreement-text">{a.body.clone()}</pre>
                <p class="muted small">"SHA-256: "<code>{a.body_sha256.clone()}</code></p>
            </details>
        </li>
    }
}

#[component]
fn AgreementForm(
    entry_id: i32,
    initial: AgreementInput,
    currency: String,
    send: ServerAction<SendAgreement>,
    cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let deliverables = lines(initial.deliverables.clone());
    let form = RwSignal::new(initial);
    let error = Signal::derive(move || send.value().get().and_then(|r| r.err()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get();
        input.deliverables = line_inputs(deliverables);
        send.dispatch(SendAgreement { entry_id, input });
    };
    let problem = move |key: &'static str| move || error.get().and_then(|e: AppError| e.field(key));
    let text = move |key: &'static str,
                     label: String,
                     kind: &'static str,
                     get: fn(&AgreementInput) -> &String,
                     set: fn(&mut AgreementInput, String)| {
        let id = format!("agreement-{key}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {if kind == "textarea" {
                    view! { <textarea id=id rows="2" prop:value=move || form.with(|f| get(f).clone())
                        on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))></textarea> }.into_any()
                } else {
                    view! { <input id=id type=kind prop:value=move || form.with(|f| get(f).clone())
                        on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/> }.into_any()
                }}
                <p class="field-error">{problem(key)}</p>
            </div>
        }
    };
    view! {
        <form class="stack agreement-form" on:submit=submit novalidate>
            <DeliverableRows rows=deliverables error field="deliverables"/>
            <div class="form-grid">
                {text("fee", format!("Fee ({currency})"), "text", |f| &f.fee, |f, v| f.fee = v)}
                {text("usage_months", "Usage rights, months".into(), "text", |f| &f.usage_months, |f, v| f.usage_months = v)}
                {text("posting_from", "Posting from".into(), "date", |f| &f.posting_from, |f, v| f.posting_from = v)}
                {text("posting_until", "Posting until".into(), "date", |f| &f.posting_until, |f, v| f.posting_until = v)}
            </div>
            {text("usage_channels", "Where the brand may use the content (one per line)".into(), "textarea", |f| &f.usage_channels, |f, v| f.usage_channels = v)}
            {text("usage_regions", "Regions (one per line; none means worldwide)".into(), "textarea", |f| &f.usage_regions, |f, v| f.usage_regions = v)}
            <label class="choice">
                <input type="checkbox" prop:checked=move || form.with(|f| f.whitelisting)
                    on:change=move |ev| form.update(|f| f.whitelisting = event_target_checked(&ev))/>
                "Whitelisting: the brand may run ads from the creator's account"
            </label>
            {text("exclusivity", "Exclusivity".into(), "textarea", |f| &f.exclusivity, |f, v| f.exclusivity = v)}
            {text("late_terms", "Late delivery".into(), "textarea", |f| &f.late_terms, |f, v| f.late_terms = v)}
            {text("cancellation_terms", "Cancellation".into(), "textarea", |f| &f.cancellation_terms, |f, v| f.cancellation_terms = v)}
            {text("promo_code", "Promo code".into(), "text", |f| &f.promo_code, |f, v| f.promo_code = v)}
            <p class="hint">"The tracking link is built from the campaign's landing page, with UTM parameters naming this creator."</p>
            <FormError error=general(error)/>
            <div class="actions">
                <button class="button primary" type="submit" disabled=send.pending()>"Send to the creator"</button>
                <button class="button" type="button" on:click=move |_| cancel()>"Cancel"</button>
            </div>
        </form>
    }
}
