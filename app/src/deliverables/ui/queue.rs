//! The review queue (`/reviews`): drafts waiting for the reader's lane, longest waiting
//! first, breaches of the turnaround target flagged. It refreshes itself every minute, so
//! waiting times stay true on a screen left open.

use super::state::waited;
use crate::auth::ui::guard::Allow;
use crate::deliverables::api::review_queue;
use crate::domain::role::Permission;
use crate::ui::feedback::{EmptyState, Loading, Ready};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <Allow permission=Permission::UseStaffApp>
            <Queue/>
        </Allow>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || tick.update(|n| *n += 1),
            std::time::Duration::from_secs(60),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    let data = Resource::new(move || tick.get(), |_| review_queue());
    view! {
        <Title text="Reviews · Roster"/>
        <header class="page-header">
            <h1>"Reviews"</h1>
            <p class="muted">"Drafts waiting for a decision, longest waiting first."</p>
        </header>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                data.await.map(|items| {
                    let table = if items.is_empty() {
                        view! {
                            <EmptyState title="Nothing waiting">
                                <p>"Drafts appear here as creators upload them."</p>
                            </EmptyState>
                        }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap"><table class="table queue">
                                <thead><tr>
                                    <th scope="col">"Draft"</th><th scope="col">"Creator"</th><th scope="col">"Campaign"</th>
                                    <th scope="col">"Lane"</th><th scope="col">"Waiting"</th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|i| view! {
                                        <tr class:breached=i.wait.breached>
                                            <td>
                                                <A href=format!("/deliverables/{}", i.deliverable_id)>{i.title.clone()}" · v"{i.version_number}</A>
                                                {i.over_policy.then(|| view! { " "<span class="badge warning">"Past revision rounds"</span> })}
                                            </td>
                                            <td>{i.creator_name.clone()}</td>
                                            <td>{i.campaign_name.clone()}</td>
                                            <td>{i.lane.label()}</td>
                                            <td>
                                                {waited(i.wait.minutes, i.wait.target_hours)}
                                                {i.wait.breached.then(|| view! { " "<span class="badge danger">"Late"</span> })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    };
                    view! { {table} <Ready/> }
                })
            })}
        </Transition>
    }
}
