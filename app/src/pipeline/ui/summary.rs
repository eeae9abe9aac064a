//! The pipeline on the campaign page: how many creators stand at each stage, contacted vs
//! needed, and the way to the board.

use crate::domain::pipeline::Stage;
use crate::pipeline::{Entry, board};
use leptos::prelude::*;

/// Rendered inside the campaign page's own suspense (a nested one would hydrate out of
/// order), so the entries arrive with the campaign.
#[component]
pub fn PipelineCard(
    campaign_id: i32,
    entries: Vec<Entry>,
    needed: Option<i32>,
    can_shortlist: bool,
) -> impl IntoView {
    let o = board::outreach(&entries);
    let needed = match needed {
        Some(n) => format!("{n} needed"),
        None => "no target set (edit the plan to add one)".into(),
    };
    let body = if entries.is_empty() {
        view! {
            <p class="muted">"No creators yet. Filter the creator database, select creators and add them to this campaign."</p>
        }
        .into_any()
    } else {
        view! {
            <p class="outreach" data-testid="outreach">
                {format!("{} contacted · {} signed · {needed}", o.contacted, o.signed)}
            </p>
            <ul class="stage-counts">
                {Stage::ALL.into_iter().map(|s| {
                    let n = board::column(&entries, s).len();
                    view! { <li class:zero=n == 0><span class="stage-count">{n}</span>" "{s.label()}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="creators-title">
            <header class="with-actions">
                <h2 id="creators-title">"Pipeline"</h2>
                <div class="actions">
                    {can_shortlist.then(|| view! { <a class="button" href="/creators">"Find creators to shortlist"</a> })}
                    <a class="button" href=format!("/campaigns/{campaign_id}/brief")>"Brief"</a>
                    <a class="button" href=format!("/campaigns/{campaign_id}/dashboard")>"Results"</a>
                    <a class="button primary" href=format!("/campaigns/{campaign_id}/board")>"Open the board"</a>
                </div>
            </header>
            {body}
        </section>
    }
}
