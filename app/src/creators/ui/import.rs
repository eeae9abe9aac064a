//! CSV import: upload with a progress bar, then a preview that lists every row that will
//! not be imported and why, then import (one transaction) or cancel.

use crate::auth::ui::guard::Allow;
use crate::creators::api::{CancelImport, CommitImport, get_import};
use crate::creators::import::{ImportPreview, ImportStatus, MAX_FILE_BYTES};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::ui::feedback::{FormError, Loading};
use crate::ui::format;
use crate::ui::upload::send_file;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::ManageCreators>
            <UploadForm/>
        </Allow>
    }
}

/// Where an upload stands.
#[derive(Clone, Copy, PartialEq)]
enum Upload {
    Idle,
    /// Percent of the file sent.
    Sending(u32),
    /// Sent; the server is checking the rows.
    Checking,
}

#[component]
fn UploadForm() -> impl IntoView {
    let file_input = NodeRef::<leptos::html::Input>::new();
    let state = RwSignal::new(Upload::Idle);
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(file) = file_input
            .get()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            error.set(Some(AppError::invalid("file", "Choose a CSV file first.")));
            return;
        };
        if file.size() > MAX_FILE_BYTES as f64 {
            error.set(Some(AppError::invalid(
                "file",
                "The file is larger than 10 MB. Split it into smaller files.",
            )));
            return;
        }
        let navigate = navigate.clone();
        if let Err(e) = send(&file, state, move |result| match result {
            Ok(preview) => navigate(
                &format!("/creators/import/{}", preview.id),
                Default::default(),
            ),
            Err(e) => {
                state.set(Upload::Idle);
                error.set(Some(e));
            }
        }) {
            state.set(Upload::Idle);
            error.set(Some(e));
        }
    };
    let busy = move || state.get() != Upload::Idle;
    view! {
        <Title text="Import creators · Roster"/>
        <header class="page-header">
            <p class="breadcrumb"><a href="/creators">"Creators"</a></p>
            <h1>"Import creators from CSV"</h1>
        </header>
        <section class="card">
            <p>"Export your spreadsheet as CSV (UTF-8) and upload it. You will see every row before anything is saved."</p>
            <ul class="small">
                <li>"The first line names the columns, in any order. Only " <code>"name"</code> " is required."</li>
                <li>"Understood: email, country, niches, tier, performance_tag, rate, currency, notes, legal_name, shipping_address, payment_details, tax_id, and per platform "
                    <code>"instagram_handle"</code> ", " <code>"instagram_followers"</code> ", " <code>"instagram_engagement_rate"</code> ", " <code>"instagram_url"</code> ", " <code>"instagram_fake_followers"</code> " (likewise tiktok, youtube…)."</li>
                <li>"Creators whose email or handle is already in your database are reported, never doubled."</li>
            </ul>
            <p><a href="/creators-template.csv" download rel="external">"Download a template"</a></p>
            <form class="stack" on:submit=submit novalidate>
                <div class="field">
                    <label for="import-file">"CSV file"</label>
                    <input id="import-file" type="file" accept=".csv,text/csv" node_ref=file_input aria-describedby="import-file-error"/>
                    <p class="field-error" id="import-file-error">{move || error.get().and_then(|e| e.field("file"))}</p>
                </div>
                <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
                <Show when=busy>
                    <div class="progress" role="status">
                        <progress max="100" aria-label="Upload progress" value=move || match state.get() {
                            Upload::Sending(p) => p.to_string(),
                            _ => "100".into(),
                        }></progress>
                        <span>{move || match state.get() {
                            Upload::Sending(p) => format!("Uploading… {p} %"),
                            _ => "Checking every row…".to_string(),
                        }}</span>
                    </div>
                </Show>
                <div class="actions">
                    <button class="button primary" type="submit" disabled=busy>"Upload and preview"</button>
                    <a class="button" href="/creators">"Cancel"</a>
                </div>
            </form>
        </section>
    }
}

/// Posts the file, reporting progress, then checking.
fn send(
    file: &web_sys::File,
    state: RwSignal<Upload>,
    done: impl Fn(Result<ImportPreview, AppError>) + 'static,
) -> Result<(), AppError> {
    state.set(Upload::Sending(0));
    send_file(
        "/creators/import/upload",
        file,
        move |pct| {
            state.set(if pct >= 100 {
                Upload::Checking
            } else {
                Upload::Sending(pct)
            })
        },
        done,
    )
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    view! {
        <Allow permission=Permission::ManageCreators>
            <Preview/>
        </Allow>
    }
}

#[component]
fn Preview() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0));
    let commit = ServerAction::<CommitImport>::new();
    let cancel = ServerAction::<CancelImport>::new();
    let preview = Resource::new(
        move || (id(), commit.version().get(), cancel.version().get()),
        |(id, _, _)| get_import(id),
    );
    let error = Signal::derive(move || {
        commit
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| cancel.value().get().and_then(|r| r.err()))
    });
    let busy = move || commit.pending().get() || cancel.pending().get();
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                preview.await.map(|p| {
                    let problems_left = p.problem_count as usize > p.problems.len();
                    view! {
                        <Title text=format!("Import {} · Roster", p.file_name)/>
                        <header class="page-header">
                            <p class="breadcrumb"><a href="/creators">"Creators"</a> " / " <a href="/creators/import">"Import"</a></p>
                            <h1>{format!("Import of {}", p.file_name)}</h1>
                            <p class="muted">{format!("Uploaded {}", format::date_time(&p.created_at))}</p>
                        </header>
                        {match p.status {
                            ImportStatus::Imported => view! {
                                <p class="notice success" role="status">
                                    {format!("Imported {} creators. ", p.ready)}
                                    <A href="/creators?sort=recent">"See them in the list"</A>
                                </p>
                            }.into_any(),
                            ImportStatus::Cancelled => view! {
                                <p class="notice" role="status">"This import was cancelled: nothing was saved."</p>
                            }.into_any(),
                            ImportStatus::Previewed => view! {
                                <section class="card" aria-labelledby="summary-title">
                                    <h2 id="summary-title">"Nothing is saved yet"</h2>
                                    <dl class="facts">
                                        <dt>"Rows in the file"</dt><dd>{format::count(p.rows.into())}</dd>
                                        <dt>"Ready to import"</dt><dd><strong>{format::count(p.ready.into())}</strong></dd>
                                        <dt>"Already in your database or twice in the file"</dt><dd>{format::count(p.duplicates.into())}</dd>
                                        <dt>"Rows with problems"</dt><dd>{format::count((p.problem_count - p.duplicates).into())}</dd>
                                    </dl>
                                    <FormError error/>
                                    <div class="actions">
                                        <ActionForm action=commit>
                                            <input type="hidden" name="id" value=p.id/>
                                            <button class="button primary" type="submit" disabled=move || busy() || p.ready == 0>
                                                {format!("Import {} creator{}", p.ready, if p.ready == 1 { "" } else { "s" })}
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=cancel>
                                            <input type="hidden" name="id" value=p.id/>
                                            <button class="button" type="submit" disabled=busy>"Cancel import"</button>
                                        </ActionForm>
                                    </div>
                                    <p class="hint">"Rows listed below are left out. To include them, fix the file and upload it again."</p>
                                </section>
                            }.into_any(),
                        }}
                        {(!p.ignored_columns.is_empty()).then(|| view! {
                            <p class="notice">{format!("Columns not understood, so ignored: {}.", p.ignored_columns.join(", "))}</p>
                        })}
                        {(!p.problems.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="problems-title">
                                <h2 id="problems-title">{format!("Rows left out ({})", p.problem_count)}</h2>
                                <div class="table-wrap">
                                    <table>
                                        <thead><tr><th scope="col" class="num">"Line"</th><th scope="col">"Name"</th><th scope="col">"Why"</th></tr></thead>
                                        <tbody>
                                            {p.problems.iter().map(|r| view! {
                                                <tr>
                                                    <td class="num">{r.line}</td>
                                                    <td>{r.name.clone()}</td>
                                                    <td>
                                                        {r.duplicate.then(|| view! { <span class="badge">"Duplicate"</span> " " })}
                                                        {r.messages.join(" ")}
                                                    </td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {problems_left.then(|| view! { <p class="muted">{format!("The first {} are listed.", p.problems.len())}</p> })}
                            </section>
                        })}
                        {(!p.sample.is_empty()).then(|| view! {
                            <section class="card" aria-labelledby="sample-title">
                                <h2 id="sample-title">{if p.status == ImportStatus::Imported { "Imported (first rows)" } else { "To import (first rows)" }}</h2>
                                <div class="table-wrap">
                                    <table>
                                        <thead><tr><th scope="col" class="num">"Line"</th><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Channels"</th></tr></thead>
                                        <tbody>
                                            {p.sample.iter().map(|r| view! {
                                                <tr>
                                                    <td class="num">{r.line}</td>
                                                    <td>{r.name.clone()}</td>
                                                    <td>{r.email.clone().unwrap_or_default()}</td>
                                                    <td>{r.channels.join(", ")}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </section>
                        })}
                    }
                })
            })}
        </Transition>
    }
}
