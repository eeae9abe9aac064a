//! The audit trail of a record, as a list on its page.

use crate::domain::history::{HistoryEntry, describe};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn HistoryList(entries: Vec<HistoryEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">"No changes recorded yet."</p> }.into_any();
    }
    view! {
        <ol class="history">
            {entries
                .into_iter()
                .map(|e| {
                    let changes = if e.action.ends_with(".create") { Vec::new() } else { e.changes };
                    view! {
                        <li>
                            <p>
                                <strong>{describe(&e.action)}</strong>
                                " by " {e.actor.unwrap_or_else(|| "Roster".into())}
                                <span class="muted">" · " {format::date_time(&e.at)}</span>
                            </p>
                            {(!changes.is_empty()).then(|| view! {
                                <ul class="changes">
                                    {changes.into_iter().map(|c| view! {
                                        <li>
                                            <code>{c.field}</code> ": "
                                            <del>{c.before.unwrap_or_else(|| "—".into())}</del> " → "
                                            <ins>{c.after.unwrap_or_else(|| "—".into())}</ins>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
