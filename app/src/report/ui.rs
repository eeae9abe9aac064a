//! The report page (`/campaigns/:id/report`): the campaign against its budget and goals,
//! every creator and every deliverable. Prints cleanly (the print stylesheet drops the
//! app's chrome and the buttons); exports both tables as CSV.

use super::api::{FinalizeCampaign, get_report};
use super::{DeliverableResult, Export, Report};
use crate::auth::ui::guard::Allow;
use crate::campaigns::api::TransitionCampaign;
use crate::dashboard::ui::chart::Trends;
use crate::dashboard::ui::leaderboard::Leaderboard;
use crate::dashboard::ui::tiles::{Goals, Tiles};
use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::{Kpis, format_rate, formula};
use crate::domain::role::Permission;
use crate::metrics::ui::entry::cells;
use crate::ui::feedback::{FormError, Loading, Ready};
use crate::ui::form::successes;
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReportPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::UseStaffApp>
            <Loader/>
        </Allow>
    }
}

#[component]
fn Loader() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let finalize = ServerAction::<FinalizeCampaign>::new();
    let archive = ServerAction::<TransitionCampaign>::new();
    let done = (successes(finalize.value()), successes(archive.value()));
    let data = Resource::new(
        move || (id(), done.0.get(), done.1.get()),
        |(id, ..)| get_report(id),
    );
    let error = Signal::derive(move || {
        finalize
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| archive.value().get().and_then(|r| r.err()))
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|r| view! { <Body r finalize archive error/> <Ready/> })
            })}
        </Transition>
    }
}

#[component]
fn Body(
    r: Report,
    finalize: ServerAction<FinalizeCampaign>,
    archive: ServerAction<TransitionCampaign>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let id = r.campaign_id;
    let d = r.figures.dashboard.clone();
    let status = match r.finalized_at {
        Some(at) => format!("Final results, frozen {}", format::date_time(&at)),
        None => "Provisional: the figures are live until the campaign is finalized.".into(),
    };
    let archive_label = if r.finalized_at.is_some() {
        "Archive the campaign"
    } else {
        "Finalize and archive"
    };
    let busy = move || finalize.pending().get() || archive.pending().get();
    let header = view! {
        <Title text=format!("Report: {} · Roster", r.name)/>
        <p class="breadcrumb no-print">
            <a href=format!("/campaigns/{id}")>{r.name.clone()}</a>" / "<a href=format!("/campaigns/{id}/dashboard")>"Results"</a>
        </p>
        <header class="page-header with-actions">
            <div>
                <h1>{format!("{}: report", r.name)}</h1>
                <p class="muted" data-testid="report-status">{status}" · "{r.status.label()}</p>
            </div>
            <div class="actions no-print">
                <button class="button" type="button" on:click=move |_| { let _ = window().print(); }>"Print or save as PDF"</button>
                <a class="button" href=Export::Creators.path(id) download rel="external">"CSV per creator"</a>
                <a class="button" href=Export::Deliverables.path(id) download rel="external">"CSV per deliverable"</a>
                {r.can_finalize.then(|| view! {
                    <ActionForm action=finalize>
                        <input type="hidden" name="campaign_id" value=id/>
                        <input type="hidden" name="version" value=r.version/>
                        <button class="button primary" type="submit" disabled=busy>"Finalize results"</button>
                    </ActionForm>
                })}
                {r.can_archive.then(|| view! {
                    <ActionForm action=archive>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="version" value=r.version/>
                        <input type="hidden" name="to" value=CampaignStatus::Archived.as_str()/>
                        <button class="button" type="submit" disabled=busy>{archive_label}</button>
                    </ActionForm>
                })}
            </div>
        </header>
        <div class="no-print"><FormError error/></div>
        {(r.can_finalize).then(|| view! {
            <p class="notice no-print">"Finalizing freezes these figures on the campaign, emails this report to your directors, and lets the campaign be archived. Readings arriving later are refused."</p>
        })}
    }
    .into_any();
    view! {
        {header}
        <Tiles d=d.clone()/>
        <Goals campaigns=d.campaigns.clone() named=false/>
        <Trends trend=d.trend.clone()/>
        <Leaderboard rows=d.leaderboard.clone() total=d.creators across=false/>
        <Deliverables rows=r.figures.deliverables currency=d.money.first().map(|m| m.currency.clone()).unwrap_or_default()/>
    }
}

#[component]
fn Deliverables(rows: Vec<DeliverableResult>, currency: String) -> impl IntoView {
    view! {
        <section class="card report-deliverables" aria-labelledby="deliverables-title">
            <h2 id="deliverables-title">"Deliverables"</h2>
            {rows.is_empty().then(|| view! { <p class="muted">"No deliverables: none of the creators accepted an agreement."</p> })}
            <div class="table-wrap" tabindex="0" role="group" aria-label="Deliverables, scrolls sideways">
                <table class="readings-table" data-testid="report-deliverables">
                    <thead><tr>
                        <th scope="col">"Creator"</th>
                        <th scope="col">"Deliverable"</th>
                        <th scope="col">"Latest reading"</th>
                        {crate::domain::reading::TYPED.into_iter().map(|t| view! { <th scope="col" class="num">{crate::domain::reading::label(t)}</th> }).collect_view()}
                        <th scope="col" class="num"><abbr title=formula::ER>"ER"</abbr></th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|d| view! {
                            <tr>
                                <td>{d.creator.clone()}</td>
                                <th scope="row">
                                    {match d.live_url.clone() {
                                        Some(url) => view! { <a href=url rel="noopener noreferrer" target="_blank">{d.title.clone()}</a> }.into_any(),
                                        None => view! { <span>{d.title.clone()}</span> }.into_any(),
                                    }}
                                </th>
                                <td>{d.captured_at.map(|at| format::date_time(&at)).unwrap_or_else(|| "None yet".into())}</td>
                                {cells(&d.counts, &currency).into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                                <td class="num">{format_rate(Kpis::of(&d.counts, 0, 0).er_bp)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
