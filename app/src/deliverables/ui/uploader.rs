//! The creator's draft form: photos and videos from the phone, each uploading with its own
//! progress bar as soon as it is picked, and the caption; submitting makes the version.

use crate::deliverables::api::SubmitDraft;
use crate::deliverables::types::UploadedFile;
use crate::domain::media::{ACCEPT, format_bytes};
use crate::error::AppError;
use crate::ui::feedback::FormError;
use crate::ui::form::general;
use crate::ui::upload::send_file;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
enum FileState {
    Sending(u32),
    Stored(UploadedFile),
    Failed(String),
}

#[derive(Clone, PartialEq)]
struct Picked {
    key: u32,
    name: String,
    size: f64,
    state: FileState,
}

impl Picked {
    /// Changes whenever the line must be drawn again.
    fn render_key(&self) -> (u32, u32) {
        let state = match self.state {
            FileState::Sending(p) => p,
            FileState::Stored(_) => 1000,
            FileState::Failed(_) => 1001,
        };
        (self.key, state)
    }
}

#[component]
pub fn DraftUploader(
    deliverable_id: i32,
    upload_limit: u64,
    /// The caption of the latest version, to revise.
    #[prop(into)]
    caption: String,
    submit: ServerAction<SubmitDraft>,
) -> impl IntoView {
    let files = RwSignal::new(Vec::<Picked>::new());
    let next_key = StoredValue::new(0u32);
    let input = NodeRef::<leptos::html::Input>::new();
    let caption = RwSignal::new(caption);
    let local_error = RwSignal::new(None::<AppError>);
    let set_state = move |key: u32, state: FileState| {
        files.update(|list| {
            if let Some(f) = list.iter_mut().find(|f| f.key == key) {
                f.state = state;
            }
        })
    };
    let pick = move |_| {
        let Some(list) = input.get().and_then(|i| i.files()) else {
            return;
        };
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let too_big = file.size() > upload_limit as f64;
            files.update(|l| {
                l.push(Picked {
                    key,
                    name: file.name(),
                    size: file.size(),
                    state: if too_big {
                        FileState::Failed(format!(
                            "Larger than {}: trim or compress it.",
                            format_bytes(upload_limit)
                        ))
                    } else {
                        FileState::Sending(0)
                    },
                })
            });
            if too_big {
                continue;
            }
            let sent = send_file(
                &format!("/uploads?deliverable={deliverable_id}"),
                &file,
                move |pct| set_state(key, FileState::Sending(pct.min(99))),
                move |result: Result<UploadedFile, AppError>| {
                    set_state(
                        key,
                        match result {
                            Ok(stored) => FileState::Stored(stored),
                            Err(e) => FileState::Failed(e.to_string()),
                        },
                    )
                },
            );
            if let Err(e) = sent {
                set_state(key, FileState::Failed(e.to_string()));
            }
        }
        // The same file can be picked again after removing it.
        if let Some(i) = input.get() {
            i.set_value("");
        }
    };
    let uploading = move || {
        files
            .get()
            .iter()
            .any(|f| matches!(f.state, FileState::Sending(_)))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        if uploading() {
            local_error.set(Some(AppError::invalid(
                "files",
                "Wait until every file has uploaded.",
            )));
            return;
        }
        let upload_ids = files
            .get()
            .iter()
            .filter_map(|f| match &f.state {
                FileState::Stored(s) => Some(s.id),
                _ => None,
            })
            .collect();
        submit.dispatch(SubmitDraft {
            deliverable_id,
            caption: caption.get(),
            upload_ids,
        });
    };
    // A submitted version starts the next form empty of files.
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            files.set(Vec::new());
        }
    });
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| submit.value().get().and_then(|r| r.err()))
    });
    view! {
        <form class="stack draft-form" on:submit=on_submit novalidate>
            <div class="field">
                <label for="draft-caption">"Caption or script"</label>
                <textarea id="draft-caption" rows="6" aria-describedby="draft-caption-error"
                    prop:value=move || caption.get()
                    on:input=move |ev| caption.set(event_target_value(&ev))></textarea>
                <p class="field-error" id="draft-caption-error">{move || error.get().and_then(|e| e.field("caption"))}</p>
            </div>
            <div class="field">
                <label for="draft-files" class="button file-button">"Add photos or videos"</label>
                <input id="draft-files" class="visually-hidden" type="file" multiple accept=ACCEPT
                    node_ref=input on:change=pick aria-describedby="draft-files-hint draft-files-error"/>
                <p class="hint" id="draft-files-hint">{format!("Up to {} each. They upload while you write.", format_bytes(upload_limit))}</p>
                <p class="field-error" id="draft-files-error">{move || error.get().and_then(|e| e.field("files"))}</p>
            </div>
            <ul class="picked-files" aria-live="polite">
                <For each=move || files.get() key=Picked::render_key let:f>
                    <PickedFile file=f remove=move |key| files.update(|l| l.retain(|f| f.key != key))/>
                </For>
            </ul>
            <FormError error=general(error)/>
            <button class="button primary wide" type="submit" disabled=move || submit.pending().get() || uploading()>
                {move || if submit.pending().get() { "Submitting…" } else { "Submit this version" }}
            </button>
        </form>
    }
}

#[component]
fn PickedFile(file: Picked, remove: impl Fn(u32) + Copy + Send + Sync + 'static) -> impl IntoView {
    let key = file.key;
    let label = format!("{} ({})", file.name, format_bytes(file.size as u64));
    let (status, pct) = match &file.state {
        FileState::Sending(p) => (format!("Uploading… {p} %"), Some(*p)),
        FileState::Stored(_) => ("Uploaded".to_string(), None),
        FileState::Failed(m) => (m.clone(), None),
    };
    let failed = matches!(file.state, FileState::Failed(_));
    view! {
        <li class="picked" class:failed=failed>
            <span class="name">{label.clone()}</span>
            {pct.map(|p| view! { <progress max="100" value=p aria-label=format!("Upload of {}", file.name)></progress> })}
            <span class="status" class:field-error=failed>{status}</span>
            <button class="button small" type="button" on:click=move |_| remove(key)
                aria-label=format!("Remove {label}")>"Remove"</button>
        </li>
    }
}
