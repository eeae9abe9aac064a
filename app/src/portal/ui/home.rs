//! The portal's home: what the creator has to do, per collaboration. A creator who has not
//! onboarded yet is sent to do that first.

use crate::auth::ui::guard::use_user;
use crate::collaboration::CollaborationCard;
use crate::collaboration::api::get_portal_home;
use crate::payments::ui::portal::MyPayments;
use crate::ui::feedback::{EmptyState, Loading, Ready};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

#[component]
pub fn PortalHome() -> impl IntoView {
    let user = use_user();
    let first_name = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let home = Resource::new(|| (), |_| get_portal_home());
    view! {
        <Title text="Your collaborations · Roster"/>
        <h1>"Hi " {first_name}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                home.await.map(|h| {
                    if !h.onboarded {
                        return view! { <Redirect path="/portal/onboarding"/> }.into_any();
                    }
                    let nothing = h.active.is_empty() && h.past.is_empty();
                    view! {
                        {nothing.then(|| view! {
                            <EmptyState title="No collaborations yet">
                                <p>"When a brand contacts you about a campaign, its brief, your agreement, deliverables and payments appear here."</p>
                            </EmptyState>
                        })}
                        {(!h.active.is_empty()).then(|| view! {
                            <section aria-labelledby="active-title">
                                <h2 id="active-title">"Active"</h2>
                                <ul class="portal-cards">
                                    {h.active.into_iter().map(|c| view! { <Card card=c/> }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(!h.past.is_empty()).then(|| view! {
                            <section aria-labelledby="past-title">
                                <h2 id="past-title">"Past"</h2>
                                <ul class="portal-cards">
                                    {h.past.into_iter().map(|c| view! { <Card card=c/> }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <Ready/>
                    }
                    .into_any()
                })
            })}
        </Suspense>
        <MyPayments/>
    }
}

#[component]
fn Card(card: CollaborationCard) -> impl IntoView {
    view! {
        <li class="portal-card">
            <A href=format!("/portal/collaborations/{}", card.entry_id)>
                <strong class="title">{card.campaign_name}</strong>
                <span class="muted">{card.brand}" · "{card.stage.label()}</span>
                {card.to_do.map(|t| view! { <span class="to-do">{t}</span> })}
                {card.next_due.map(|d| view! { <span class="muted small">"Next due "{d.format("%-d %B").to_string()}</span> })}
            </A>
        </li>
    }
}
