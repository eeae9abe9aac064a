//! Navigation targets for capabilities still being built. Each page says plainly what will
//! be there; none shows invented data.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Coming(title: &'static str, what: &'static str) -> impl IntoView {
    view! {
        <Title text=format!("{title} · Roster")/>
        <header class="page-header">
            <h1>{title}</h1>
        </header>
        <section class="card coming">
            <p class="badge">"Not built yet"</p>
            <p>{what}</p>
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Coming
            title="Dashboard"
            what="Live results across active campaigns: reach, engagement, cost per result, goal progress and the creator leaderboard, updating by themselves."
        />
    }
}
