//! The pipeline board page: columns of creator cards moved by mouse, touch or keyboard,
//! saved at once and kept live by the real-time channel.

use super::column::Column;
use super::state::BoardState;
use crate::auth::ui::guard::use_user;
use crate::campaigns::Campaign;
use crate::campaigns::api::get_campaign;
use crate::domain::role::Permission;
use crate::pipeline::api::pipeline_entries;
use crate::pipeline::board;
use crate::ui::feedback::{Loading, Ready};
use crate::ui::icon::{Icon, IconName};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0));
    let campaign = Resource::new(id, get_campaign);
    let entries = Resource::new(id, pipeline_entries);
    let can_edit = use_user().can(Permission::EditCampaigns);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let entries = entries.await;
                campaign.await.and_then(|c| entries.map(|e| (c, e))).map(|(c, e)| {
                    view! { <Board campaign=c entries=e can_edit/> }
                })
            })}
        </Suspense>
    }
}

#[component]
fn Board(
    campaign: Campaign,
    entries: Vec<crate::pipeline::Entry>,
    can_edit: bool,
) -> impl IntoView {
    let can_move = can_edit && !campaign.status.is_read_only();
    let state = BoardState::new(&campaign, entries, can_move);
    provide_context(state);
    Effect::new(move |_| super::live::follow(state));
    let outreach = move || state.entries.with(|e| board::outreach(e));
    let needed = campaign.goals.creators;
    let closed = move || {
        state
            .entries
            .with(|e| e.iter().filter(|e| !e.stage.on_board()).count())
    };
    view! {
        <Title text=format!("Board · {} · Roster", campaign.name)/>
        <header class="page-header with-actions">
            <div>
                <p class="breadcrumb">
                    <a href="/campaigns">"Campaigns"</a>" › "
                    <a href=format!("/campaigns/{}", campaign.id)>{campaign.name.clone()}</a>
                </p>
                <h1>"Pipeline"</h1>
                <p class="outreach" data-testid="outreach">
                    {move || {
                        let o = outreach();
                        let needed = needed.map_or("no target set".to_string(), |n| format!("{n} needed"));
                        format!("{} contacted · {} signed · {needed}", o.contacted, o.signed)
                    }}
                </p>
            </div>
            <div class="actions">
                <span class="live-status" class:on=move || state.live.get() role="status">
                    {move || if state.live.get() {
                        view! { <Icon name=IconName::Connected/>" Live" }.into_any()
                    } else {
                        view! { <Icon name=IconName::Waiting/>" Connecting…" }.into_any()
                    }}
                </span>
                <label class="toggle">
                    <input type="checkbox" prop:checked=move || state.show_closed.get()
                        on:change=move |ev| state.show_closed.set(event_target_checked(&ev))/>
                    {move || format!(" Show declined and dropped ({})", closed())}
                </label>
            </div>
        </header>
        {(!can_move).then(|| view! {
            <p class="notice">{if can_edit { "This campaign is archived: its board is read-only." } else { "You can follow the board; moving cards is for marketing and admins." }}</p>
        })}
        <p id="board-help" class="visually-hidden">
            "To move a card with the keyboard, focus its handle and press Space. Use the arrow keys to choose a column and a position, then press Space or Enter to drop it, or Escape to cancel."
        </p>
        {move || state.notice.get().map(|text| view! {
            <p class="form-error board-notice" role="alert">
                {text}" "
                <button class="button subtle" type="button" on:click=move |_| state.notice.set(None)>"Dismiss"</button>
            </p>
        })}
        <div class="visually-hidden" aria-live="assertive" data-testid="announcer">{move || state.announcement.get()}</div>
        <div class="board" class:dragging=move || state.drag.with(|d| d.is_some_and(|d| d.active()))>
            {move || state.stages().into_iter().map(|stage| view! { <Column stage/> }).collect_view()}
        </div>
        <Ready/>
    }
}
