//! The dashboard pages: across active campaigns (the director's home, `/dashboard`), one
//! campaign's (`/campaigns/:id/dashboard`), and both in wall-screen mode (`…/wall`: no
//! navigation, large type). Each follows the real-time channel and reloads itself.

use crate::auth::ui::guard::{Guard, use_user};
use crate::dashboard::Dashboard;
use crate::dashboard::api::{active_dashboard, campaign_dashboard};
use crate::dashboard::ui::chart::{Funnel, Trends};
use crate::dashboard::ui::leaderboard::Leaderboard;
use crate::dashboard::ui::tiles::{Goals, Tiles};
use crate::domain::role::Permission;
use crate::metrics::api::SwitchSimulator;
use crate::realtime::Kind;
use crate::realtime::client::{follow, follow_all};
use crate::ui::feedback::{FormError, Loading};
use crate::ui::format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What changes a dashboard: new metrics, the pipeline (costs, funnel, reach), payments.
const FOLLOWED: &[Kind] = &[
    Kind::MetricsRecorded,
    Kind::PaymentPaid,
    Kind::PipelineMoved,
    Kind::PipelineShortlisted,
    Kind::CollaborationChanged,
];

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! { <Results campaign=None wall=false/> }
}

#[component]
pub fn CampaignDashboardPage() -> impl IntoView {
    let params = use_params_map();
    // Another campaign's dashboard on the same route: start over with its id.
    move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0));
        view! { <Results campaign=Some(id) wall=false/> }
    }
}

/// Wall-screen mode: outside the app's shell, so nothing but the figures.
#[component]
pub fn WallPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|id| id.parse().ok()));
    view! {
        <Guard permission=Permission::UseStaffApp>
            <main class="wall">
                <Results campaign=id wall=true/>
            </main>
        </Guard>
    }
}

#[component]
fn Results(campaign: Option<i32>, wall: bool) -> impl IntoView {
    let changes = RwSignal::new(0u32);
    let live = RwSignal::new(false);
    let reload = move || changes.update(|n| *n += 1);
    match campaign {
        Some(id) => follow(id, FOLLOWED, live, reload),
        None => follow_all(FOLLOWED, live, reload),
    }
    let data = Resource::new(
        move || changes.get(),
        move |_| async move {
            match campaign {
                Some(id) => campaign_dashboard(id).await,
                None => active_dashboard().await,
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|d| view! { <Body d wall live/> })
            })}
        </Transition>
    }
}

#[component]
fn Body(d: Dashboard, wall: bool, live: RwSignal<bool>) -> impl IntoView {
    let (title, here) = match &d.campaign {
        Some(c) => (c.name.clone(), format!("/campaigns/{}", c.id)),
        None => ("Active campaigns".to_string(), String::new()),
    };
    // `here` is empty across campaigns: "/dashboard" and "/wall" then.
    let (dashboard_link, wall_link) = (format!("{here}/dashboard"), format!("{here}/wall"));
    let across = d.campaign.is_none();
    let empty = across && d.campaigns.is_empty();
    let last = d
        .last_reading
        .map(|at| format!("Latest reading {}", format::date_time(&at)))
        .unwrap_or_else(|| "No readings yet".into());
    view! {
        <Title text=format!("{title} · Dashboard · Roster")/>
        <header class="page-header with-actions">
            <div>
                <h1>{title}</h1>
                <p class="muted">
                    <span class="live-dot" class:on=move || live.get()
                        role="status"
                        data-testid="live">
                        {move || if live.get() { "Live" } else { "Connecting…" }}
                    </span>
                    " · "{last}
                    {d.campaign.as_ref().map(|c| format!(" · {} · {}", c.status.label(), format::date_range(&c.starts_on, &c.ends_on)))}
                </p>
            </div>
            <div class="actions">
                {if wall {
                    view! { <a class="button" href=dashboard_link>"Leave wall screen"</a> }.into_any()
                } else {
                    view! {
                        {(!across).then(|| view! {
                            <a class="button" href=here.clone()>"Campaign"</a>
                            <a class="button" href=format!("{here}/report")>"Report"</a>
                            {use_user().can(Permission::EditCampaigns).then(|| view! {
                                <a class="button" href=format!("{here}/results/import")>"Import readings"</a>
                            })}
                        })}
                        <a class="button" href=wall_link>"Wall screen"</a>
                    }.into_any()
                }}
            </div>
        </header>
        {d.simulator.map(|on| view! { <Simulator on wall/> })}
        {if empty {
            view! { <p class="card muted">"No active campaigns. Results appear here as soon as a campaign is active."</p> }.into_any()
        } else {
            view! {
                <Tiles d=d.clone()/>
                <div class="dashboard-grid">
                    <Goals campaigns=d.campaigns named=across/>
                    <Funnel steps=d.funnel left=d.left/>
                </div>
                <Trends trend=d.trend/>
                <Leaderboard rows=d.leaderboard total=d.creators across/>
            }.into_any()
        }}
    }
}

/// The demo's labelled simulator: what it does, and the switch for those who may use it.
#[component]
fn Simulator(on: bool, wall: bool) -> impl IntoView {
    let switch = ServerAction::<SwitchSimulator>::new();
    let on = Signal::derive(move || match switch.value().get() {
        Some(Ok(now)) => now,
        _ => on,
    });
    let may = use_user().can(Permission::EditCampaigns) && !wall;
    let error = Signal::derive(move || switch.value().get().and_then(|r| r.err()));
    view! {
        <aside class="notice simulator" aria-label="Demo simulator">
            <p>
                <strong>"Demo simulator "{move || if on.get() { "on" } else { "off" }}": "</strong>
                {move || if on.get() {
                    "invented readings of the demo's live posts arrive every few seconds, so these figures move by themselves."
                } else {
                    "the demo's figures change only when readings are typed in, imported or posted."
                }}
            </p>
            {may.then(|| view! {
                <ActionForm action=switch>
                    <input type="hidden" name="on" value=move || (!on.get()).to_string()/>
                    <button class="button" type="submit" disabled=switch.pending()>
                        {move || if on.get() { "Turn the simulator off" } else { "Turn the simulator on" }}
                    </button>
                </ActionForm>
            })}
            <FormError error/>
        </aside>
    }
}
