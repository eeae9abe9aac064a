//! The creator list: search and filters kept in the URL, server-side pages, selection and
//! shortlisting into a campaign, CSV export of the current search.

use super::form::{platform_choices, tag_choices, tier_choices};
use crate::auth::ui::guard::use_user;
use crate::campaigns::Shelf;
use crate::campaigns::api::{campaign_owners, list_campaigns};
use crate::creators::CreatorRow;
use crate::creators::api::{creator_niches, search_creators};
use crate::domain::creator::compact_count;
use crate::domain::creator_filter::{CreatorFilter, CreatorSort};
use crate::domain::money::format_percent;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::pipeline::ShortlistInput;
use crate::pipeline::api::ShortlistCreators;
use crate::ui::feedback::{EmptyState, FormError, Loading, Ready};
use crate::ui::form::general;
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

/// The creators picked for shortlisting: (id, name), kept across pages.
type Selection = RwSignal<Vec<(i32, String)>>;

#[component]
pub fn CreatorsPage() -> impl IntoView {
    let user = use_user();
    let can_manage = user.can(Permission::ManageCreators);
    let can_shortlist = user.can(Permission::EditCampaigns);
    let query = use_query_map();
    // Inputs follow the URL, so back, forward and "Clear" show the search in force.
    let raw = move |key: &'static str| {
        Signal::derive(move || query.with(|q| q.get(key)).unwrap_or_default())
    };
    let parsed = Memo::new(move |_| query.with(|q| CreatorFilter::from_query(|k| q.get(k))));
    let filter = Memo::new(move |_| parsed.get().0);
    let results = Resource::new(move || filter.get(), search_creators);
    let niches = Resource::new(|| (), |_| creator_niches());
    let selection: Selection = RwSignal::new(Vec::new());
    let export_href = move || {
        let q = filter.get().at_page(1).to_query();
        if q.is_empty() {
            "/creators/export.csv".to_string()
        } else {
            format!("/creators/export.csv?{q}")
        }
    };
    view! {
        <Title text="Creators · Roster"/>
        <header class="page-header with-actions">
            <h1>"Creators"</h1>
            <div class="actions">
                <a class="button" href=export_href download rel="external">"Export CSV"</a>
                {can_manage.then(|| view! {
                    <a class="button" href="/creators/import">"Import CSV"</a>
                    <a class="button primary" href="/creators/new">"Add creator"</a>
                })}
            </div>
        </header>
        <Form method="GET" action="/creators" attr:class="card filters" attr:role="search" attr:aria-label="Filter creators">
            <div class="filter-grid">
                <div class="field wide">
                    <label for="filter-q">"Search"</label>
                    <input id="filter-q" name="q" type="search" value=raw("q") prop:value=raw("q") placeholder="Name, email or @handle"/>
                </div>
                <div class="field">
                    <label for="filter-niche">"Niche"</label>
                    <input id="filter-niche" name="niche" value=raw("niche") prop:value=raw("niche") list="niche-list" autocomplete="off"/>
                    <datalist id="niche-list">
                        <Suspense>
                            {move || Suspend::new(async move {
                                niches.await.unwrap_or_default().into_iter()
                                    .map(|n| view! { <option value=n/> }).collect_view()
                            })}
                        </Suspense>
                    </datalist>
                </div>
                <Pick id="filter-platform" name="platform" label="Platform" options=platform_choices("Any") value=raw("platform")/>
                <div class="field">
                    <label for="filter-followers-min">"Followers from"</label>
                    <input id="filter-followers-min" name="followers_min" value=raw("followers_min") prop:value=raw("followers_min") inputmode="decimal" placeholder="e.g. 10k"/>
                </div>
                <div class="field">
                    <label for="filter-followers-max">"Followers to"</label>
                    <input id="filter-followers-max" name="followers_max" value=raw("followers_max") prop:value=raw("followers_max") inputmode="decimal" placeholder="e.g. 100k"/>
                </div>
                <div class="field">
                    <label for="filter-er-min">"Engagement from (%)"</label>
                    <input id="filter-er-min" name="er_min" value=raw("er_min") prop:value=raw("er_min") inputmode="decimal"/>
                </div>
                <div class="field">
                    <label for="filter-er-max">"Engagement to (%)"</label>
                    <input id="filter-er-max" name="er_max" value=raw("er_max") prop:value=raw("er_max") inputmode="decimal"/>
                </div>
                <div class="field">
                    <label for="filter-country">"Country"</label>
                    <input id="filter-country" name="country" value=raw("country") prop:value=raw("country") maxlength="2" placeholder="DE" autocapitalize="characters"/>
                </div>
                <Pick id="filter-tier" name="tier" label="Tier" options=tier_choices("Any") value=raw("tier")/>
                <Pick id="filter-tag" name="tag" label="Tag" options=tag_choices("Any") value=raw("tag")/>
                <Pick id="filter-sort" name="sort" label="Sort by"
                    options=CreatorSort::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())).collect()
                    value=raw("sort")/>
            </div>
            <p class="hint">"Follower and engagement ranges apply to one channel (on the chosen platform, if any)."</p>
            <div class="actions">
                <button class="button primary" type="submit">"Apply filters"</button>
                <a class="button subtle" href="/creators">"Clear"</a>
            </div>
        </Form>
        <Show when=move || !parsed.with(|p| p.1.is_empty())>
            <p class="notice" role="status">{move || parsed.with(|p| p.1.join(" "))}</p>
        </Show>
        {can_shortlist.then(|| view! { <ShortlistPanel selection/> })}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                results.await.map(|r| {
                    let f = filter.get_untracked();
                    if r.total == 0 {
                        let title = if f.is_narrowed() { "No creator matches these filters" } else { "No creators yet" };
                        return view! {
                            <EmptyState title=title>
                                <p>"Add creators by hand or import a CSV export of your spreadsheet."</p>
                            </EmptyState>
                        }.into_any();
                    }
                    view! {
                        <p class="muted" role="status">
                            {format!("{} creator{}", format::count(r.total as i64), if r.total == 1 { "" } else { "s" })}
                        </p>
                        <CreatorTable rows=r.rows selection can_select=can_shortlist/>
                        <Pager filter=f page=r.page pages=r.pages/>
                        <Ready/>
                    }.into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn Pick(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    value: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name prop:value=value>
                {options.into_iter().map(|(v, l)| {
                    let key = v.clone();
                    let selected = move || value.with(|current| *current == key);
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn CreatorTable(rows: Vec<CreatorRow>, selection: Selection, can_select: bool) -> impl IntoView {
    let on_page: Vec<(i32, String)> = rows.iter().map(|c| (c.id, c.name.clone())).collect();
    let all_checked = {
        let on_page = on_page.clone();
        move || selection.with(|s| on_page.iter().all(|(id, _)| s.iter().any(|(i, _)| i == id)))
    };
    let toggle_all = {
        let all_checked = all_checked.clone();
        move |_| {
            let select = !all_checked();
            selection.update(|s| {
                s.retain(|(id, _)| !on_page.iter().any(|(i, _)| i == id));
                if select {
                    s.extend(on_page.iter().cloned());
                }
            })
        }
    };
    view! {
        <div class="card table-wrap">
            <table class="creators">
                <thead><tr>
                    {can_select.then(|| view! {
                        <th scope="col">
                            <input type="checkbox" aria-label="Select all on this page"
                                prop:checked=all_checked on:change=toggle_all/>
                        </th>
                    })}
                    <th scope="col">"Creator"</th>
                    <th scope="col">"Channels"</th>
                    <th scope="col">"Niches"</th>
                    <th scope="col">"Country"</th>
                    <th scope="col" class="num">"Total followers"</th>
                    <th scope="col" class="num">"Engagement"</th>
                    <th scope="col">"Tier"</th>
                    <th scope="col">"Tag"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let (id, name) = (c.id, c.name.clone());
                        let checked = move || selection.with(|s| s.iter().any(|(i, _)| *i == id));
                        let toggle = {
                            let name = name.clone();
                            move |_| selection.update(|s| {
                                if let Some(at) = s.iter().position(|(i, _)| *i == id) {
                                    s.remove(at);
                                } else {
                                    s.push((id, name.clone()));
                                }
                            })
                        };
                        let channels = c.channels.iter().map(|ch| ch.summary()).collect::<Vec<_>>();
                        view! {
                            <tr class:selected=checked>
                                {can_select.then(|| view! {
                                    <td><input type="checkbox" prop:checked=checked on:change=toggle
                                        aria-label=format!("Select {name}")/></td>
                                })}
                                <td>
                                    <A href=format!("/creators/{}", c.id)>{c.name.clone()}</A>
                                    {c.email.clone().map(|e| view! { <br/><span class="muted small">{e}</span> })}
                                </td>
                                <td><ul class="plain">{channels.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul></td>
                                <td>{c.niches.join(", ")}</td>
                                <td>{c.country.clone().unwrap_or_default()}</td>
                                <td class="num" title=format::count(c.followers)>{compact_count(c.followers)}</td>
                                <td class="num">{c.engagement_bp.map(format_percent).unwrap_or_else(|| "—".into())}</td>
                                <td>{c.tier.map(|t| t.label()).unwrap_or("")}</td>
                                <td>{c.tag.map(|t| view! { <span class=format!("badge tag-{}", t.as_str())>{t.label()}</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Pager(filter: CreatorFilter, page: u64, pages: u64) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let link = |p: u64| format!("/creators?{}", filter.at_page(p).to_query());
    view! {
        <nav class="pager" aria-label="Pages">
            {(page > 1).then(|| view! { <A href=link(page - 1) attr:rel="prev">"← Previous"</A> })}
            <span>{format!("Page {page} of {pages}")}</span>
            {(page < pages).then(|| view! { <A href=link(page + 1) attr:rel="next">"Next →"</A> })}
        </nav>
    }
    .into_any()
}

/// Shortlists the selected creators into a campaign, with the costs and owner they share.
#[component]
fn ShortlistPanel(selection: Selection) -> impl IntoView {
    let action = ServerAction::<ShortlistCreators>::new();
    // Loaded in the browser when the panel first opens (it only exists after a click).
    let campaigns = LocalResource::new(|| list_campaigns(Shelf::Current));
    let owners = LocalResource::new(campaign_owners);
    let me = use_user().id.to_string();
    let campaign = RwSignal::new(String::new());
    let (fee, shipping, product_cost) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let owner = RwSignal::new(me);
    let done = RwSignal::new(None::<(usize, i32, String)>);
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(campaign_id) = campaign.get_untracked().parse::<i32>() else {
            return;
        };
        action.dispatch(ShortlistCreators {
            campaign_id,
            creator_ids: selection
                .get_untracked()
                .iter()
                .map(|(id, _)| *id)
                .collect(),
            input: ShortlistInput {
                fee: fee.get_untracked(),
                shipping: shipping.get_untracked(),
                product_cost: product_cost.get_untracked(),
                owner_id: owner.get_untracked(),
            },
        });
    };
    // On success: say where they went and start a fresh selection.
    Effect::new(move |_| {
        if let Some(Ok(entries)) = action.value().get() {
            let campaign_id = entries.first().map(|e| e.campaign_id).unwrap_or(0);
            let name = campaigns
                .get_untracked()
                .and_then(|r| r.ok())
                .and_then(|cs| cs.into_iter().find(|c| c.id == campaign_id).map(|c| c.name))
                .unwrap_or_default();
            done.set(Some((entries.len(), campaign_id, name)));
            selection.set(Vec::new());
        }
    });
    view! {
        <Show when=move || done.get().is_some()>
            {move || done.get().map(|(n, id, name)| view! {
                <p class="notice success" role="status">
                    {format!("Shortlisted {n} creator{} into ", if n == 1 { "" } else { "s" })}
                    <A href=format!("/campaigns/{id}")>{name}</A> "."
                </p>
            })}
        </Show>
        <Show when=move || !selection.with(Vec::is_empty)>
            <section class="card shortlist" aria-labelledby="shortlist-title">
                <h2 id="shortlist-title">
                    {move || { let n = selection.with(Vec::len); format!("Shortlist {n} selected creator{}", if n == 1 { "" } else { "s" }) }}
                </h2>
                <p class="muted small">{move || selection.with(|s| s.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", "))}</p>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        let owners = owners.await;
                        campaigns.await.and_then(|c| owners.map(|o| (c, o))).map(|(campaigns, owners)| {
                            let open: Vec<_> = campaigns.into_iter()
                                .filter(|c| c.status.takes_creators())
                                .collect();
                            if open.is_empty() {
                                return view! {
                                    <p>"No campaign takes creators right now (only draft and active ones do). "
                                        <A href="/campaigns/new">"Plan a campaign"</A> " first."</p>
                                }.into_any();
                            }
                            view! {
                                <form class="form-grid" on:submit=submit novalidate>
                                    <div class="field">
                                        <label for="shortlist-campaign">"Campaign"</label>
                                        <select id="shortlist-campaign" bind:value=campaign required>
                                            <option value="">"Choose a campaign"</option>
                                            {open.into_iter().map(|c| view! {
                                                <option value=c.id.to_string()>{format!("{} ({})", c.name, c.budget.currency)}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <Amount id="shortlist-fee" label="Fee per creator" value=fee field="fee" error hint="In the campaign's currency. Empty: each creator's own rate, if in that currency."/>
                                    <Amount id="shortlist-shipping" label="Shipping cost" value=shipping field="shipping" error hint=""/>
                                    <Amount id="shortlist-product" label="Product cost" value=product_cost field="product_cost" error hint=""/>
                                    <div class="field">
                                        <label for="shortlist-owner">"Owner"</label>
                                        <select id="shortlist-owner" bind:value=owner>
                                            {owners.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                                        </select>
                                        <p class="field-error">{move || error.get().and_then(|e| e.field("owner_id"))}</p>
                                    </div>
                                    <FormError error=general(error)/>
                                    <div class="actions">
                                        <button class="button primary" type="submit"
                                            disabled=move || action.pending().get() || campaign.get().is_empty()>"Add to campaign"</button>
                                        <button class="button subtle" type="button" on:click=move |_| selection.set(Vec::new())>"Clear selection"</button>
                                    </div>
                                </form>
                            }.into_any()
                        })
                    })}
                </Transition>
            </section>
        </Show>
    }
}

#[component]
fn Amount(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    field: &'static str,
    error: Signal<Option<AppError>>,
    hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id bind:value=value inputmode="decimal"/>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            <p class="field-error">{move || error.get().and_then(|e| e.field(field))}</p>
        </div>
    }
}
