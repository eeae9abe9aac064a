//! A creator's profile: channels, details, onboarding data (for those who may see it),
//! collaborations across campaigns, and the history.

use super::form::platform_choices;
use crate::auth::ui::guard::use_user;
use crate::creators::api::{
    AddChannel, DeleteCreator, RemoveChannel, creator_history, get_creator,
};
use crate::creators::{Creator, Onboarding};
use crate::domain::creator::{Platform, compact_count};
use crate::domain::money::format_percent;
use crate::domain::role::Permission;
use crate::ui::feedback::{FormError, Loading};
use crate::ui::form::{SelectField, TextField, general};
use crate::ui::format;
use crate::ui::history::HistoryList;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CreatorPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0));
    let can_edit = use_user().can(Permission::ManageCreators);
    let add = ServerAction::<AddChannel>::new();
    let remove = ServerAction::<RemoveChannel>::new();
    let delete = ServerAction::<DeleteCreator>::new();
    // Reload after a change that worked; after a refusal the form keeps what was typed.
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        let added = add.value().get().is_some_and(|r| r.is_ok());
        let removed = remove.value().get().is_some_and(|r| r.is_ok());
        if added || removed {
            saved.update(|n| *n += 1);
        }
    });
    let changed = move || saved.get();
    let creator = Resource::new(move || (id(), changed()), |(id, _)| get_creator(id));
    let history = Resource::new(move || (id(), changed()), |(id, _)| creator_history(id));
    let add_error = Signal::derive(move || add.value().get().and_then(|r| r.err()));
    let remove_error = Signal::derive(move || remove.value().get().and_then(|r| r.err()));
    let delete_error = Signal::derive(move || delete.value().get().and_then(|r| r.err()));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                creator.await.map(|c| {
                    let subtitle = [
                        c.tier.map(|t| t.label().to_string()),
                        c.tag.map(|t| format!("Tag: {}", t.label())),
                        c.country.clone(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                    view! {
                        <Title text=format!("{} · Roster", c.name)/>
                        <header class="page-header with-actions">
                            <div>
                                <p class="breadcrumb"><a href="/creators">"Creators"</a></p>
                                <h1>{c.name.clone()}</h1>
                                <p class="muted">{subtitle}</p>
                            </div>
                            {can_edit.then(|| view! {
                                <div class="actions">
                                    <a class="button" href=format!("/creators/{}/edit", c.id)>"Edit"</a>
                                    <details class="confirm">
                                        <summary class="button danger">"Delete…"</summary>
                                        <div class="confirm-box">
                                            <p>{format!("Delete {} and their channels? This cannot be undone.", c.name)}</p>
                                            <ActionForm action=delete>
                                                <input type="hidden" name="id" value=c.id/>
                                                <input type="hidden" name="version" value=c.version/>
                                                <button class="button danger" type="submit">"Delete for good"</button>
                                            </ActionForm>
                                        </div>
                                    </details>
                                </div>
                            })}
                        </header>
                        <FormError error=delete_error/>
                        <CreatorFacts creator=c.clone()/>
                        <Channels creator=c.clone() can_edit add remove add_error remove_error/>
                        {c.onboarding.clone().map(|o| view! { <OnboardingFacts onboarding=o platforms=c.preferred_platforms.clone()/> })}
                        <Collaborations creator=c/>
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

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
}

#[component]
fn CreatorFacts(creator: Creator) -> impl IntoView {
    let c = creator;
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">"Profile"</h2>
            <dl class="facts">
                <dt>"Email"</dt><dd>{or_dash(c.email)}</dd>
                <dt>"Country"</dt><dd>{or_dash(c.country)}</dd>
                <dt>"Niches"</dt><dd>{or_dash(Some(c.niches.join(", ")))}</dd>
                <dt>"Rate per post"</dt><dd>{or_dash(c.rate.map(|r| r.display()))}</dd>
                <dt>"Total followers"</dt><dd>{format::count(c.followers)}</dd>
                <dt title="Engagement weighted by each channel's followers">"Engagement rate"</dt>
                <dd>{or_dash(c.engagement_bp.map(format_percent))}</dd>
                <dt>"Notes"</dt><dd class="pre">{or_dash(Some(c.notes))}</dd>
                <dt>"Last changed"</dt><dd>{format::date_time(&c.updated_at)}</dd>
            </dl>
        </section>
    }
}

#[component]
fn OnboardingFacts(onboarding: Onboarding, platforms: Vec<Platform>) -> impl IntoView {
    let platforms = platforms
        .iter()
        .map(|p| p.label())
        .collect::<Vec<_>>()
        .join(", ");
    let o = onboarding;
    view! {
        <section class="card" aria-labelledby="onboarding-title">
            <h2 id="onboarding-title">"Onboarding " <span class="muted small">"(marketing and admins only)"</span></h2>
            <dl class="facts">
                <dt>"Legal name"</dt><dd>{or_dash(o.legal_name)}</dd>
                <dt>"Shipping address"</dt><dd class="pre">{or_dash(o.shipping_address)}</dd>
                <dt>"Payment details"</dt><dd class="pre">{or_dash(o.payment_details)}</dd>
                <dt>"Tax id"</dt><dd>{or_dash(o.tax_id)}</dd>
                <dt>"Preferred platforms"</dt><dd>{or_dash((!platforms.is_empty()).then_some(platforms))}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Channels(
    creator: Creator,
    can_edit: bool,
    add: ServerAction<AddChannel>,
    remove: ServerAction<RemoveChannel>,
    add_error: Signal<Option<crate::error::AppError>>,
    remove_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let c = creator;
    view! {
        <section class="card" aria-labelledby="channels-title">
            <h2 id="channels-title">"Channels"</h2>
            {if c.channels.is_empty() {
                view! { <p class="muted">"No channels yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th scope="col">"Platform"</th><th scope="col">"Handle"</th>
                                <th scope="col" class="num">"Followers"</th>
                                <th scope="col" class="num">"Engagement"</th>
                                <th scope="col" class="num">"Fake followers"</th>
                                {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                            </tr></thead>
                            <tbody>
                                {c.channels.clone().into_iter().map(|ch| {
                                    let handle = format!("@{}", ch.handle);
                                    let remove_label = format!("Remove {} @{}", ch.platform.label(), ch.handle);
                                    view! {
                                        <tr>
                                            <td>{ch.platform.label()}</td>
                                            <td>{match ch.url {
                                                Some(url) => view! { <a href=url rel="noopener noreferrer" target="_blank">{handle}</a> }.into_any(),
                                                None => handle.into_any(),
                                            }}</td>
                                            <td class="num" title=format::count(ch.followers)>{compact_count(ch.followers)}</td>
                                            <td class="num">{or_dash(ch.engagement_bp.map(format_percent))}</td>
                                            <td class="num">{or_dash(ch.fake_followers_bp.map(format_percent))}</td>
                                            {can_edit.then(|| view! {
                                                <td>
                                                    <ActionForm action=remove>
                                                        <input type="hidden" name="id" value=c.id/>
                                                        <input type="hidden" name="version" value=c.version/>
                                                        <input type="hidden" name="channel_id" value=ch.id/>
                                                        <button class="button subtle" type="submit"
                                                            aria-label=remove_label.clone()>"Remove"</button>
                                                    </ActionForm>
                                                </td>
                                            })}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <FormError error=remove_error/>
            {can_edit.then(|| view! {
                <details class="add-channel" open=move || add_error.get().is_some()>
                    <summary>"Add a channel"</summary>
                    <ActionForm action=add attr:class="form-grid" attr:novalidate=true>
                        <input type="hidden" name="id" value=c.id/>
                        <input type="hidden" name="version" value=c.version/>
                        <SelectField field="platform" name="input[platform]" label="Platform"
                            options=platform_choices("Choose a platform") error=add_error/>
                        <TextField field="handle" name="input[handle]" label="Handle" error=add_error/>
                        <TextField field="url" name="input[url]" label="Profile link" kind="url" error=add_error/>
                        <TextField field="followers" name="input[followers]" label="Followers" kind="decimal" hint="e.g. 48200 or 48.2k" error=add_error/>
                        <TextField field="engagement" name="input[engagement]" label="Average engagement rate (%)" kind="decimal" error=add_error/>
                        <TextField field="fake_followers" name="input[fake_followers]" label="Fake followers (%)" kind="decimal" error=add_error/>
                        <FormError error=general(add_error)/>
                        <div class="actions">
                            <button class="button primary" type="submit" disabled=add.pending()>"Add channel"</button>
                        </div>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn Collaborations(creator: Creator) -> impl IntoView {
    let list = creator.collaborations;
    view! {
        <section class="card" aria-labelledby="collaborations-title">
            <h2 id="collaborations-title">"Collaborations"</h2>
            {if list.is_empty() {
                view! { <p class="muted">"Not on any campaign yet. Shortlist them from the creator list."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th scope="col">"Campaign"</th><th scope="col">"Dates"</th>
                                <th scope="col">"Stage"</th><th scope="col" class="num">"Fee"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|k| view! {
                                    <tr>
                                        <td>
                                            <A href=format!("/campaigns/{}", k.campaign_id)>{k.campaign_name}</A>
                                            " " <span class=format!("badge campaign-{}", k.campaign_status.as_str())>{k.campaign_status.label()}</span>
                                        </td>
                                        <td>{format::date_range(&k.starts_on, &k.ends_on)}</td>
                                        <td>{k.stage.label()}</td>
                                        <td class="num">{or_dash(k.fee.map(|f| f.display()))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
