//! The page that takes a campaign's readings from a CSV sheet
//! (`/campaigns/:id/results/import`): download the sheet with the campaign's deliverables,
//! fill it in, upload it for a preview that names every row in the way, then record it all
//! in one transaction, or nothing.

use crate::auth::ui::guard::Allow;
use crate::domain::reading::{TYPED, label};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::metrics::types::sheet::{MAX_SHEET_BYTES, SheetPreview};
use crate::metrics::ui::entry::cells;
use crate::ui::feedback::FormError;
use crate::ui::format;
use crate::ui::upload::send_file;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImportReadingsPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    view! {
        <Allow permission=Permission::EditCampaigns>
            <Import campaign_id=id/>
        </Allow>
    }
}

#[component]
fn Import(campaign_id: i32) -> impl IntoView {
    let file_input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let preview = RwSignal::new(None::<SheetPreview>);
    let results = format!("/campaigns/{campaign_id}/dashboard");
    // The same file goes up twice: for the preview, then to be recorded.
    let send = move |commit: bool| {
        error.set(None);
        let Some(file) = file_input
            .get()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            error.set(Some(AppError::invalid("file", "Choose a CSV file first.")));
            return;
        };
        if file.size() > MAX_SHEET_BYTES as f64 {
            error.set(Some(AppError::invalid(
                "file",
                "The file is larger than 10 MB. Split it into smaller files.",
            )));
            return;
        }
        busy.set(true);
        let route = format!("/campaigns/{campaign_id}/readings?commit={commit}");
        let done = move |result: Result<SheetPreview, AppError>| {
            busy.set(false);
            match result {
                Ok(p) => preview.set(Some(p)),
                Err(e) => error.set(Some(e)),
            }
        };
        if let Err(e) = send_file(&route, &file, |_| {}, done) {
            busy.set(false);
            error.set(Some(e));
        }
    };
    view! {
        <Title text="Import readings · Roster"/>
        <header class="page-header">
            <p class="breadcrumb"><a href=format!("/campaigns/{campaign_id}")>"Campaign"</a>" / "<a href=results.clone()>"Results"</a></p>
            <h1>"Import readings from a sheet"</h1>
        </header>
        {view! {
        <section class="card">
            <Steps campaign_id/>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); send(false); } novalidate>
                <div class="field">
                    <label for="sheet-file">"Filled-in sheet (CSV)"</label>
                    <input id="sheet-file" type="file" accept=".csv,text/csv" node_ref=file_input
                        on:change=move |_| { preview.set(None); error.set(None); }
                        aria-describedby="sheet-file-error"/>
                    <p class="field-error" id="sheet-file-error">{move || error.get().and_then(|e| e.field("file"))}</p>
                </div>
                <FormError error=Signal::derive(move || error.get().filter(|e| e.field("file").is_none()))/>
                <div class="actions">
                    <button class="button primary" type="submit" disabled=busy>"Upload and preview"</button>
                    <a class="button" href=results.clone()>"Cancel"</a>
                </div>
            </form>
        </section>
        }.into_any()}
        {move || preview.get().map(|p| view! { <Preview p busy send=Callback::new(move |()| send(true)) results=results.clone()/> }.into_any())}
    }
}

#[component]
fn Steps(campaign_id: i32) -> impl IntoView {
    view! {
        <ol class="small">
            <li><a href=format!("/campaigns/{campaign_id}/readings.csv") download rel="external">"Download the campaign's sheet"</a>": a line per deliverable."</li>
            <li>"Fill in the figures you read, one line per reading: "{TYPED.join(", ")}". Counts are whole numbers (blank is 0); revenue is an amount in the campaign's currency."</li>
            <li>"captured_at is when you read them, in UTC: 2026-11-20 09:30, or a date alone for its midnight. Blank is now. Add lines for earlier readings: they take their place in the trend."</li>
            <li>"Upload it: you will see every reading and every problem before anything is saved. The sheet is recorded whole, or not at all."</li>
        </ol>
    }
}

#[component]
fn Preview(
    p: SheetPreview,
    busy: RwSignal<bool>,
    send: Callback<()>,
    results: String,
) -> impl IntoView {
    let plural = |n: usize| if n == 1 { "reading" } else { "readings" };
    let currency = p.currency.clone();
    let status = match (p.recorded, p.error_count) {
        (Some(n), _) => view! {
            <p class="notice success" role="status">{format!("Recorded {n} {}. ", plural(n))}<a href=results>"See the results"</a></p>
        }.into_any(),
        (None, 0) => view! {
            <section class="card" aria-labelledby="sheet-ready">
                <h2 id="sheet-ready">"Nothing is saved yet"</h2>
                <p>{format!("{} {} ready to record.", p.rows, plural(p.rows))}</p>
                <button class="button primary" type="button" disabled=busy on:click=move |_| send.run(())>
                    {format!("Record {} {}", p.rows, plural(p.rows))}
                </button>
            </section>
        }.into_any(),
        (None, n) => view! {
            <section class="card" aria-labelledby="sheet-problems">
                <h2 id="sheet-problems">{format!("{n} problem{} in the sheet: nothing was saved", if n == 1 { "" } else { "s" })}</h2>
                <p>"Fix these lines and upload the sheet again."</p>
                <div class="table-wrap">
                    <table>
                        <thead><tr><th scope="col" class="num">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                        <tbody>
                            {p.errors.iter().map(|e| view! {
                                <tr><td class="num">{e.row}</td><td>{e.field.clone()}</td><td>{e.message.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(n > p.errors.len()).then(|| view! { <p class="muted">{format!("The first {} are listed.", p.errors.len())}</p> })}
            </section>
        }.into_any(),
    };
    view! {
        {status}
        {(p.unfilled > 0).then(|| view! {
            <p class="notice">{format!("{} line{} with no figures filled in: skipped, not read as zeros.", p.unfilled, if p.unfilled == 1 { "" } else { "s" })}</p>
        })}
        {(!p.readings.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="sheet-rows">
                <h2 id="sheet-rows">{if p.readings.len() < p.rows { format!("The first {} readings", p.readings.len()) } else { "The readings".to_string() }}</h2>
                <div class="table-wrap" tabindex="0" role="group" aria-label="Readings in the sheet, scrolls sideways">
                    <table class="readings-table">
                        <thead><tr>
                            <th scope="col" class="num">"Line"</th>
                            <th scope="col" class="num">"Deliverable"</th>
                            <th scope="col">"Captured (UTC)"</th>
                            {TYPED.into_iter().map(|t| view! { <th scope="col" class="num">{label(t)}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {p.readings.iter().map(|r| view! {
                                <tr>
                                    <td class="num">{r.line}</td>
                                    <td class="num">{r.deliverable_id}</td>
                                    <td>{format::date_time(&r.captured_at)}</td>
                                    {cells(&r.counts, &currency).into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
    }
}
