//! The creator portal, phone first. Collaborations arrive with the portal capability.

use crate::auth::guard::use_user;
use crate::ui::feedback::EmptyState;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PortalHome() -> impl IntoView {
    let user = use_user();
    view! {
        <Title text="Your collaborations · Roster"/>
        <h1>"Hi " {user.name.split_whitespace().next().unwrap_or_default().to_string()}</h1>
        <EmptyState title="No collaborations yet">
            <p>
                "When a brand adds you to a campaign, its brief, your agreement, deliverables and payments appear here."
            </p>
        </EmptyState>
    }
}
