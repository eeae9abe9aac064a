//! The audit trail as people read it: who did what, when, and which fields changed.

use crate::ui::format;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// None for the system (seeding, background jobs).
    pub actor: Option<String>,
    pub action: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// `campaign.transition` → "Status changed", and so on.
pub fn describe(action: &str) -> String {
    match action.rsplit('.').next().unwrap_or(action) {
        "create" => "Created".into(),
        "update" => "Edited".into(),
        "transition" => "Status changed".into(),
        "delete" => "Deleted".into(),
        other => other.replace('_', " "),
    }
}

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
