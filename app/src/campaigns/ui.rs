//! Campaign pages: the list (current or archived), the hub page, and the form to create or
//! edit one.

use super::api::{
    CreateCampaign, TransitionCampaign, UpdateCampaign, campaign_history, campaign_owners,
    get_campaign, list_campaigns,
};
use super::{Campaign, CampaignInput, Person, Shelf};
use crate::auth::ui::guard::{Allow, use_user};
use crate::domain::campaign::Objective;
use crate::domain::money::{self, CURRENCIES, Money};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::pipeline::api::pipeline_entries;
use crate::pipeline::ui::summary::PipelineCard;
use crate::ui::feedback::{EmptyState, FormError, Loading};
use crate::ui::format;
use crate::ui::history::HistoryList;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn route_id() -> impl Fn() -> i32 + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0))
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let can_edit = use_user().can(Permission::EditCampaigns);
    let query = use_query_map();
    let shelf = move || match query.with(|q| q.get("shelf")).as_deref() {
        Some("archived") => Shelf::Archived,
        _ => Shelf::Current,
    };
    let campaigns = Resource::new(shelf, list_campaigns);
    view! {
        <Title text="Campaigns · Roster"/>
        <header class="page-header with-actions">
            <h1>"Campaigns"</h1>
            {can_edit.then(|| view! { <a class="button primary" href="/campaigns/new">"New campaign"</a> })}
        </header>
        <nav class="tabs" aria-label="Campaign lists">
            <a href="/campaigns" aria-current=move || (shelf() == Shelf::Current).then_some("page")>"Current"</a>
            <a href="/campaigns?shelf=archived" aria-current=move || (shelf() == Shelf::Archived).then_some("page")>"Archived"</a>
        </nav>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                campaigns.await.map(|list| {
                    if list.is_empty() {
                        view! {
                            <EmptyState title=if shelf() == Shelf::Archived { "Nothing archived" } else { "No campaigns yet" }>
                                <p>"Campaigns you plan appear here, with their status, dates and budget."</p>
                            </EmptyState>
                        }.into_any()
                    } else {
                        view! { <CampaignTable campaigns=list/> }.into_any()
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn CampaignTable(campaigns: Vec<Campaign>) -> impl IntoView {
    view! {
        <div class="card table-wrap">
            <table>
                <thead><tr>
                    <th scope="col">"Campaign"</th><th scope="col">"Status"</th><th scope="col">"Objective"</th>
                    <th scope="col">"Dates"</th><th scope="col" class="num">"Budget"</th><th scope="col">"Owner"</th>
                </tr></thead>
                <tbody>
                    {campaigns.into_iter().map(|c| {
                        let href = format!("/campaigns/{}", c.id);
                        let dates = format::date_range(&c.starts_on, &c.ends_on);
                        let budget = c.budget.display();
                        let owner = c.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default();
                        let (name, objective) = (c.name.clone(), c.objective.label());
                        view! {
                            <tr>
                                <td><A href=href>{name}</A></td>
                                <td><StatusBadge campaign=c/></td>
                                <td>{objective}</td>
                                <td>{dates}</td>
                                <td class="num">{budget}</td>
                                <td>{owner}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn StatusBadge(campaign: Campaign) -> impl IntoView {
    let class = format!("badge campaign-{}", campaign.status.as_str());
    view! { <span class=class>{campaign.status.label()}</span> }
}

/// The campaign hub: the plan, its status, and (as they land) pipeline, brief, drafts, results.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let id = route_id();
    let can_edit = use_user().can(Permission::EditCampaigns);
    let transition = ServerAction::<TransitionCampaign>::new();
    let campaign = Resource::new(
        move || (id(), transition.version().get()),
        |(id, _)| get_campaign(id),
    );
    let entries = Resource::new(id, pipeline_entries);
    let history = Resource::new(
        move || (id(), transition.version().get()),
        |(id, _)| campaign_history(id),
    );
    let transition_error = Signal::derive(move || transition.value().get().and_then(|r| r.err()));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                // Both in one suspense: a suspense nested in this one would hydrate out of order.
                let entries = entries.await;
                campaign.await.and_then(|c| entries.map(|entries| (c, entries))).map(|(c, entries)| {
                    let read_only = c.status.is_read_only();
                    view! {
                        <Title text=format!("{} · Roster", c.name)/>
                        <header class="page-header with-actions">
                            <div>
                                <p class="breadcrumb"><a href="/campaigns">"Campaigns"</a></p>
                                <h1>{c.name.clone()}</h1>
                                <p class="muted">
                                    <StatusBadge campaign=c.clone()/> " " {c.objective.label()} " · "
                                    {format::date_range(&c.starts_on, &c.ends_on)}
                                </p>
                            </div>
                            {(can_edit && !read_only).then(|| view! {
                                <div class="actions">
                                    <a class="button" href=format!("/campaigns/{}/edit", c.id)>"Edit"</a>
                                    {c.status.next().iter().map(|to| view! {
                                        <ActionForm action=transition>
                                            <input type="hidden" name="id" value=c.id/>
                                            <input type="hidden" name="version" value=c.version/>
                                            <input type="hidden" name="to" value=to.as_str()/>
                                            <button class="button" type="submit">{to.action()}</button>
                                        </ActionForm>
                                    }).collect_view()}
                                </div>
                            })}
                        </header>
                        <FormError error=transition_error/>
                        {read_only.then(|| view! {
                            <p class="notice" role="status">"This campaign is archived: it is kept as it was, read-only."</p>
                        })}
                        <CampaignFacts campaign=c.clone()/>
                        <PipelineCard campaign_id=c.id entries needed=c.goals.creators can_shortlist=can_edit && c.status.takes_creators()/>
                    }
                })
            })}
        </Transition>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    history.await.map(|entries| view! { <HistoryList entries/> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CampaignFacts(campaign: Campaign) -> impl IntoView {
    let c = campaign;
    let g = c.goals.clone();
    let money = |minor: i64| {
        Money {
            minor,
            currency: c.budget.currency.clone(),
        }
        .display()
    };
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">"Plan"</h2>
            <dl class="facts">
                <dt>"Budget"</dt><dd>{c.budget.display()}</dd>
                <dt>"Owner"</dt><dd>{or_dash(c.owner.map(|o| o.name))}</dd>
                <dt>"Target reach"</dt><dd>{or_dash(g.reach.map(format::count))}</dd>
                <dt>"Target engagement rate"</dt><dd>{or_dash(g.engagement_bp.map(money::format_percent))}</dd>
                <dt>"Target conversions"</dt><dd>{or_dash(g.conversions.map(format::count))}</dd>
                <dt>"Target revenue"</dt><dd>{or_dash(g.revenue_minor.map(money))}</dd>
                <dt>"Creators needed"</dt><dd>{or_dash(g.creators.map(|n| n.to_string()))}</dd>
                <dt>"Last changed"</dt><dd>{format::date_time(&c.updated_at)}</dd>
            </dl>
        </section>
    }
}

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::EditCampaigns>
            <NewCampaignForm/>
        </Allow>
    }
}

#[component]
fn NewCampaignForm() -> impl IntoView {
    let create = ServerAction::<CreateCampaign>::new();
    let owners = Resource::new(|| (), |_| campaign_owners());
    let error = Signal::derive(move || create.value().get().and_then(|r| r.err()));
    let me = use_user().id;
    let initial = CampaignInput {
        currency: "EUR".into(),
        objective: Objective::Awareness.as_str().into(),
        owner_id: me.to_string(),
        ..Default::default()
    };
    view! {
        <Title text="New campaign · Roster"/>
        <header class="page-header">
            <p class="breadcrumb"><a href="/campaigns">"Campaigns"</a></p>
            <h1>"New campaign"</h1>
        </header>
        <Transition fallback=|| view! { <Loading/> }>
            {move || {
                let initial = initial.clone();
                Suspend::new(async move {
                    owners.await.map(|owners| view! {
                        <ActionForm action=create attr:class="card campaign-form" attr:novalidate=true>
                            <CampaignFields initial owners error/>
                            <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
                            <div class="actions">
                                <button class="button primary" type="submit" disabled=create.pending()>"Create campaign"</button>
                                <a class="button" href="/campaigns">"Cancel"</a>
                            </div>
                        </ActionForm>
                    })
                })
            }}
        </Transition>
    }
}

#[component]
pub fn EditCampaignPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::EditCampaigns>
            <EditCampaignForm/>
        </Allow>
    }
}

#[component]
fn EditCampaignForm() -> impl IntoView {
    let id = route_id();
    let update = ServerAction::<UpdateCampaign>::new();
    let campaign = Resource::new(id, get_campaign);
    let owners = Resource::new(|| (), |_| campaign_owners());
    let error = Signal::derive(move || update.value().get().and_then(|r| r.err()));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let owners = owners.await;
                campaign.await.and_then(|c| owners.map(|o| (c, o))).map(|(c, owners)| {
                    let initial = CampaignInput::from(&c);
                    view! {
                        <Title text=format!("Edit {} · Roster", c.name)/>
                        <header class="page-header">
                            <p class="breadcrumb"><a href=format!("/campaigns/{}", c.id)>{c.name.clone()}</a></p>
                            <h1>"Edit campaign"</h1>
                        </header>
                        <ActionForm action=update attr:class="card campaign-form" attr:novalidate=true>
                            <input type="hidden" name="id" value=c.id/>
                            <input type="hidden" name="version" value=c.version/>
                            <CampaignFields initial owners error/>
                            <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
                            <div class="actions">
                                <button class="button primary" type="submit" disabled=update.pending()>"Save changes"</button>
                                <a class="button" href=format!("/campaigns/{}", c.id)>"Cancel"</a>
                            </div>
                        </ActionForm>
                    }
                })
            })}
        </Transition>
    }
}

/// The campaign form's fields, named `input[...]` for the server function's argument.
#[component]
fn CampaignFields(
    initial: CampaignInput,
    owners: Vec<Person>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = move |field: &'static str| move || error.get().and_then(|e| e.field(field));
    // `kind` is the input type ("text", "date" or "number-ish" text with a decimal keypad).
    let text = move |field: &'static str,
                     label: &'static str,
                     value: String,
                     kind: &'static str,
                     hint: &'static str| {
        let (kind, mode) = match kind {
            "decimal" => ("text", "decimal"),
            other => (other, "text"),
        };
        let id = format!("campaign-{field}");
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id name=format!("input[{field}]") type=kind value=value aria-describedby=error_id.clone() inputmode=mode/>
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                <p class="field-error" id=error_id>{problem(field)}</p>
            </div>
        }
    };
    view! {
        <fieldset class="form-grid">
            <legend>"The plan"</legend>
            {text("name", "Name", initial.name.clone(), "text", "")}
            <div class="field">
                <label for="campaign-objective">"Objective"</label>
                <select id="campaign-objective" name="input[objective]">
                    {Objective::ALL.into_iter().map(|o| view! {
                        <option value=o.as_str() selected=initial.objective == o.as_str()>{o.label()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error">{problem("objective")}</p>
            </div>
            <div class="field">
                <label for="campaign-currency">"Currency"</label>
                <select id="campaign-currency" name="input[currency]">
                    {CURRENCIES.iter().map(|(code, _)| view! {
                        <option value=*code selected=initial.currency == *code>{*code}</option>
                    }).collect_view()}
                </select>
                <p class="field-error">{problem("currency")}</p>
            </div>
            {text("budget", "Budget", initial.budget.clone(), "decimal", "In the campaign's currency, e.g. 25000 or 25000.50.")}
            {text("starts_on", "Starts", initial.starts_on.clone(), "date", "")}
            {text("ends_on", "Ends", initial.ends_on.clone(), "date", "")}
            <div class="field">
                <label for="campaign-owner">"Owner"</label>
                <select id="campaign-owner" name="input[owner_id]">
                    // Never preselect someone silently: a missing owner must be chosen.
                    {(!owners.iter().any(|p| p.id.to_string() == initial.owner_id)).then(|| view! {
                        <option value="" selected>"Choose an owner"</option>
                    })}
                    {owners.into_iter().map(|p| {
                        let value = p.id.to_string();
                        view! { <option selected=initial.owner_id == value value=value>{p.name}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error">{problem("owner_id")}</p>
            </div>
        </fieldset>
        <fieldset class="form-grid">
            <legend>"Goals " <span class="muted">"(optional)"</span></legend>
            {text("target_reach", "Target reach", initial.target_reach.clone(), "decimal", "People reached, e.g. 500000.")}
            {text("target_engagement", "Target engagement rate (%)", initial.target_engagement.clone(), "decimal", "e.g. 3.5")}
            {text("target_conversions", "Target conversions", initial.target_conversions.clone(), "decimal", "Sales or sign-ups.")}
            {text("target_revenue", "Target revenue", initial.target_revenue.clone(), "decimal", "In the campaign's currency.")}
            {text("target_creators", "Creators needed", initial.target_creators.clone(), "decimal", "Live creators to aim for.")}
        </fieldset>
        <fieldset class="form-grid">
            <legend>"Tracking " <span class="muted">"(optional)"</span></legend>
            {text("landing_url", "Landing page", initial.landing_url.clone(), "url", "Each creator's link points here, with UTM parameters naming them.")}
        </fieldset>
    }
}
