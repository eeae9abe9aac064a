//! The brief of a campaign: the newest version (or an older one) to read, and for marketing
//! the editor that saves the next version.

use super::api::{SaveBrief, get_brief};
use super::{BriefInput, BriefPage, DeliverableInput};
use crate::auth::ui::guard::{Allow, use_user};
use crate::domain::creator::Platform;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::portal::ui::collaboration::BriefCard;
use crate::ui::feedback::{EmptyState, FormError, Loading, Ready};
use crate::ui::form::{general, successes};
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn BriefRoute() -> impl IntoView {
    view! {
        <Allow permission=Permission::UseStaffApp>
            <BriefView/>
        </Allow>
    }
}

#[component]
fn BriefView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let version = move || query.with(|q| q.get("version").and_then(|v| v.parse().ok()));
    let save = ServerAction::<SaveBrief>::new();
    let saved = successes(save.value());
    let data = Resource::new(
        move || (id(), version(), saved.get()),
        |(id, version, _)| get_brief(id, version),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|page| view! { <Brief page save/> <Ready/> })
            })}
        </Transition>
    }
}

#[component]
fn Brief(page: BriefPage, save: ServerAction<SaveBrief>) -> impl IntoView {
    let can_edit = use_user().can(Permission::EditCampaigns);
    let editing = RwSignal::new(false);
    let campaign = format!("/campaigns/{}", page.campaign_id);
    let versions = page.versions.clone();
    let sent = page.sent.clone();
    let campaign_id = page.campaign_id;
    let shown_is_latest = page.shown.as_ref().map(|b| b.version) == page.latest_version;
    let initial = page
        .shown
        .as_ref()
        .map(|b| BriefInput::from_fields(&b.fields))
        .unwrap_or_else(BriefInput::blank);
    // A saved version closes the editor.
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            editing.set(false);
        }
    });
    view! {
        <Title text=format!("Brief · {} · Roster", page.campaign_name)/>
        <header class="page-header">
            <p class="breadcrumb"><A href=campaign.clone()>{page.campaign_name.clone()}</A></p>
            <div class="with-actions">
                <h1>"Brief"</h1>
                {(can_edit && shown_is_latest).then(|| view! {
                    <Show when=move || !editing.get()>
                        <button class="button primary" type="button" on:click=move |_| editing.set(true)>
                            {if page.latest_version.is_some() { "Write the next version" } else { "Write the brief" }}
                        </button>
                    </Show>
                })}
            </div>
        </header>
        <Show when=move || editing.get()>
            <BriefEditor campaign_id=page.campaign_id based_on=page.latest_version initial=initial.clone() save cancel=move || editing.set(false)/>
        </Show>
        <Show when=move || !editing.get()>
            {match page.shown.clone() {
                Some(b) => view! {
                    <p class="muted">"Version "{b.version}" · saved "{format::date_time(&b.created_at)}{b.created_by.clone().map(|n| format!(" by {n}"))}</p>
                    <BriefCard brief=b/>
                }.into_any(),
                None => view! {
                    <EmptyState title="No brief yet">
                        <p>"Write what the campaign asks of its creators. Each save is a new version; creators keep the version they were sent."</p>
                    </EmptyState>
                }.into_any(),
            }}
        </Show>
        {(!versions.is_empty()).then(move || view! {
            <section class="card" aria-labelledby="versions-title">
                <h2 id="versions-title">"Versions"</h2>
                <ul class="version-list">
                    {versions.into_iter().map(|(v, at)| {
                        let href = format!("/campaigns/{campaign_id}/brief?version={v}");
                        view! { <li><A href=href>"Version "{v}</A><span class="muted">" · "{format::date_time(&at)}</span></li> }
                    }).collect_view()}
                </ul>
                {(!sent.is_empty()).then(move || view! {
                    <h3>"Sent to"</h3>
                    <ul>{sent.into_iter().map(|(name, v)| view! { <li>{name}" · version "{v}</li> }).collect_view()}</ul>
                })}
            </section>
        })}
    }
}

#[component]
fn BriefEditor(
    campaign_id: i32,
    based_on: Option<i32>,
    initial: BriefInput,
    save: ServerAction<SaveBrief>,
    cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let deliverables = lines(initial.deliverables.clone());
    let form = RwSignal::new(initial);
    let error = Signal::derive(move || save.value().get().and_then(|r| r.err()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get();
        input.deliverables = line_inputs(deliverables);
        save.dispatch(SaveBrief {
            campaign_id,
            based_on,
            input,
        });
    };
    // A text field bound to one field of the form.
    let field = move |key: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      rows: u32,
                      get: fn(&BriefInput) -> &String,
                      set: fn(&mut BriefInput, String)| {
        let id = format!("brief-{key}");
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {if rows == 0 {
                    view! { <input id=id aria-describedby=error_id.clone()
                        prop:value=move || form.with(|f| get(f).clone())
                        on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/> }.into_any()
                } else {
                    view! { <textarea id=id rows=rows aria-describedby=error_id.clone()
                        prop:value=move || form.with(|f| get(f).clone())
                        on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))></textarea> }.into_any()
                }}
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                <p class="field-error" id=error_id>{move || error.get().and_then(|e| e.field(key))}</p>
            </div>
        }
    };
    view! {
        <form class="card stack brief-form" on:submit=submit novalidate>
            {field("objective", "Objective", "What the campaign should achieve.", 3, |f| &f.objective, |f, v| f.objective = v)}
            {field("audience", "Target audience", "", 2, |f| &f.audience, |f, v| f.audience = v)}
            <DeliverableRows rows=deliverables error field="deliverables"/>
            {field("talking_points", "Talking points", "Up to three, one per line.", 3, |f| &f.talking_points, |f, v| f.talking_points = v)}
            {field("brand_values", "Brand values", "", 2, |f| &f.brand_values, |f, v| f.brand_values = v)}
            {field("disclosures", "Required disclosures", "One per line: #ad, the paid-partnership label…", 2, |f| &f.disclosures, |f, v| f.disclosures = v)}
            {field("hashtags", "Required hashtags", "Separated by spaces.", 0, |f| &f.hashtags, |f, v| f.hashtags = v)}
            {field("do_not_say", "Do not say", "Phrases to avoid, one per line.", 3, |f| &f.do_not_say, |f, v| f.do_not_say = v)}
            <div class="form-grid">
                {field("revision_rounds", "Revision rounds included", "", 0, |f| &f.revision_rounds, |f, v| f.revision_rounds = v)}
                {field("turnaround_hours", "Review turnaround (hours)", "", 0, |f| &f.turnaround_hours, |f, v| f.turnaround_hours = v)}
                <DateField key="drafts_due_on" label="Drafts due" form error get=|f| &f.drafts_due_on set=|f, v| f.drafts_due_on = v/>
                <DateField key="live_by" label="Live by" form error get=|f| &f.live_by set=|f, v| f.live_by = v/>
            </div>
            {field("payment_terms", "Payment terms", "", 2, |f| &f.payment_terms, |f, v| f.payment_terms = v)}
            <FormError error=general(error)/>
            <div class="actions">
                <button class="button primary" type="submit" disabled=save.pending()>"Save as a new version"</button>
                <button class="button" type="button" on:click=move |_| cancel()>"Cancel"</button>
            </div>
        </form>
    }
}

#[component]
fn DateField(
    key: &'static str,
    label: &'static str,
    form: RwSignal<BriefInput>,
    error: Signal<Option<AppError>>,
    get: fn(&BriefInput) -> &String,
    set: fn(&mut BriefInput, String),
) -> impl IntoView {
    let id = format!("brief-{key}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="date" prop:value=move || form.with(|f| get(f).clone())
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
            <p class="field-error">{move || error.get().and_then(|e| e.field(key))}</p>
        </div>
    }
}

/// Deliverable lines as the form edits them: each with a key that stays put while lines
/// are added and removed, so typing in one never rebuilds the others.
pub type Lines = RwSignal<Vec<(u32, DeliverableInput)>>;

pub fn lines(rows: Vec<DeliverableInput>) -> Lines {
    RwSignal::new((0u32..).zip(rows).collect())
}

pub fn line_inputs(lines: Lines) -> Vec<DeliverableInput> {
    lines.get().into_iter().map(|(_, row)| row).collect()
}

/// Deliverable lines (platform, format, quantity, due date), added and removed in place.
/// The brief and the agreement both use it.
#[component]
pub fn DeliverableRows(
    rows: Lines,
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    let position =
        move |key: u32| rows.with(|r| r.iter().position(|(k, _)| *k == key).unwrap_or(0));
    let problem = move |key: u32, part: &'static str| {
        move || {
            let name = format!("{field}.{}.{part}", position(key));
            error.get().and_then(|e| e.field(&name))
        }
    };
    let edit = move |key: u32, apply: fn(&mut DeliverableInput, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            rows.update(|r| {
                if let Some((_, row)) = r.iter_mut().find(|(k, _)| *k == key) {
                    apply(row, value)
                }
            })
        }
    };
    let add = move |_| {
        rows.update(|r| {
            let key = r.iter().map(|(k, _)| k + 1).max().unwrap_or(0);
            r.push((
                key,
                DeliverableInput {
                    platform: Platform::Instagram.as_str().into(),
                    format: "Reel".into(),
                    quantity: "1".into(),
                    due_on: String::new(),
                },
            ))
        })
    };
    view! {
        <fieldset class="deliverable-rows">
            <legend>"Deliverables"</legend>
            <p class="field-error">{move || error.get().and_then(|e| e.field(field))}</p>
            <For each=move || rows.get() key=|(k, _)| *k let:((key, row))>
                {
                    let id = move |part: &str| format!("{field}-{key}-{part}");
                    let n = move || position(key) + 1;
                    view! {
                        <div class="deliverable-row" role="group" aria-label=move || format!("Deliverable {}", n())>
                            <div class="field">
                                <label for=id("platform")>"Platform"</label>
                                <select id=id("platform") on:change=edit(key, |r, v| r.platform = v)>
                                    {Platform::ALL.iter().map(|p| view! {
                                        <option value=p.as_str() selected=row.platform == p.as_str()>{p.label()}</option>
                                    }).collect_view()}
                                </select>
                                <p class="field-error">{problem(key, "platform")}</p>
                            </div>
                            <div class="field">
                                <label for=id("format")>"Format"</label>
                                <input id=id("format") value=row.format.clone() placeholder="Reel" on:input=edit(key, |r, v| r.format = v)/>
                                <p class="field-error">{problem(key, "format")}</p>
                            </div>
                            <div class="field narrow">
                                <label for=id("quantity")>"How many"</label>
                                <input id=id("quantity") inputmode="numeric" value=row.quantity.clone() on:input=edit(key, |r, v| r.quantity = v)/>
                                <p class="field-error">{problem(key, "quantity")}</p>
                            </div>
                            <div class="field">
                                <label for=id("due_on")>"Due"</label>
                                <input id=id("due_on") type="date" value=row.due_on.clone() on:input=edit(key, |r, v| r.due_on = v)/>
                                <p class="field-error">{problem(key, "due_on")}</p>
                            </div>
                            <button class="button small" type="button" aria-label=move || format!("Remove deliverable {}", n())
                                on:click=move |_| rows.update(|r| r.retain(|(k, _)| *k != key))>"Remove"</button>
                        </div>
                    }
                }
            </For>
            <button class="button" type="button" on:click=add>"Add a deliverable"</button>
        </fieldset>
    }
}
