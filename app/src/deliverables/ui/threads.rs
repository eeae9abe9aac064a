//! Comment threads beside the draft: start one on the selection, an image point or the
//! whole draft; reply, resolve and reopen, edit and delete one's own. A thread and its
//! highlight point at each other: picking one focuses the other.

use super::caption::thread_number;
use super::state::{Pending, ReviewState};
use crate::deliverables::api::{
    AddComment, DeleteComment, EditComment, ReplyToComment, ResolveComment,
};
use crate::deliverables::types::{CommentView, ReviewView, Target, ThreadView};
use crate::ui::feedback::FormError;
use crate::ui::form::general;
use crate::ui::format;
use leptos::prelude::*;

/// A text box whose text is kept in the page's state under `key`.
#[component]
pub fn TextBox(
    key: String,
    label: String,
    #[prop(optional)] hint: Option<String>,
) -> impl IntoView {
    let state = expect_context::<ReviewState>();
    state.show_box(&key);
    let id = format!("box-{key}");
    let hint_id = format!("{id}-hint");
    let value = {
        let key = key.clone();
        move || state.text(&key)
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id rows="2" prop:value=value aria-describedby=hint.is_some().then(|| hint_id.clone())
                on:input=move |ev| state.set_text(&key, event_target_value(&ev))></textarea>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        </div>
    }
}

#[component]
pub fn Threads(version_id: i32) -> AnyView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let state = expect_context::<ReviewState>();
    let show_resolved = RwSignal::new(false);
    let (threads, is_staff) = r.with_value(|r| (r.threads.clone(), r.is_staff));
    let open = threads.iter().filter(|t| !t.resolved).count();
    let resolved = threads.len() - open;
    scroll_to_active(state);
    view! {
        <section class="card threads" aria-labelledby="threads-title">
            <h2 id="threads-title">"Comments "<span class="muted">"("{open}" open)"</span></h2>
            {is_staff.then(|| view! { <NewThread version_id/> })}
            {threads.is_empty().then(|| view! { <p class="muted">"No comments yet."</p> })}
            <ol class="thread-list">
                {threads.into_iter().map(|t| {
                    let resolved = t.resolved;
                    view! {
                        <li class:hidden-thread=move || resolved && !show_resolved.get()>
                            <Thread t version_id/>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(resolved > 0).then(|| view! {
                <button type="button" class="link-button" on:click=move |_| show_resolved.update(|s| *s = !*s)>
                    {move || if show_resolved.get() { format!("Hide {resolved} resolved") } else { format!("Show {resolved} resolved") }}
                </button>
            })}
        </section>
    }
    .into_any()
}

/// Brings the picked thread into view and gives it focus.
fn scroll_to_active(state: ReviewState) {
    Effect::new(move |_| {
        let Some(id) = state.active.get() else {
            return;
        };
        #[cfg(feature = "hydrate")]
        if let Some(el) = document().get_element_by_id(&format!("thread-{id}")) {
            el.scroll_into_view_with_bool(false);
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = id;
    });
}

#[component]
fn NewThread(version_id: i32) -> AnyView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let state = expect_context::<ReviewState>();
    let error = Signal::derive(move || state.add.value().get().and_then(|r| r.err()));
    let handles: Vec<String> =
        r.with_value(|r| r.people.iter().map(|(h, _)| format!("@{h}")).collect());
    let hint = format!("Mention a colleague to tell them: {}", handles.join(", "));
    let post = move |_| {
        let Some(target) = state.pending.get_untracked() else {
            return;
        };
        let body = state.sending("new");
        let (version_id, target) = target.to_send();
        state.add.dispatch(AddComment {
            version_id,
            body,
            target,
        });
    };
    view! {
        {move || match state.pending.get() {
            None => view! {
                <button type="button" class="button secondary wide" on:click=move |_| state.pending.set(Some(Pending::Draft { version_id }))>
                    "Comment on the whole draft"
                </button>
            }.into_any(),
            Some(target) => {
                let about = match &target {
                    Pending::Text { quote, .. } => format!("On “{}”", short(quote)),
                    Pending::Image { .. } => "On the point you clicked".to_string(),
                    Pending::Draft { .. } => "On the whole draft".to_string(),
                };
                view! {
                    <div class="new-thread" role="group" aria-label="New comment">
                        <p class="quote">{about}</p>
                        <TextBox key="new".into() label="Your comment".into() hint=hint.clone()/>
                        <p class="field-error">{move || error.get().and_then(|e| e.field("body").or_else(|| e.field("start")).or_else(|| e.field("point")))}</p>
                        <FormError error=general(error)/>
                        <div class="actions">
                            <button type="button" class="button" disabled=state.add.pending() on:click=post>"Comment"</button>
                            <button type="button" class="button secondary" on:click=move |_| {
                                state.pending.set(None);
                                state.set_text("new", String::new());
                            }>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()
            }
        }}
    }
    .into_any()
}

fn short(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() > MAX {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    } else {
        s.to_string()
    }
}

#[component]
fn Thread(t: ThreadView, version_id: i32) -> AnyView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let state = expect_context::<ReviewState>();
    let (number, is_staff) = r.with_value(|r| (thread_number(r, t.id), r.is_staff));
    let id = t.id;
    let here = t.span_on(version_id).is_some();
    let about = match t.target {
        Target::Text => t
            .quote
            .clone()
            .map(|q| format!("“{}”", short(&q)))
            .unwrap_or_default(),
        Target::Image { upload_id, .. } => r.with_value(|r| {
            let index = r
                .deliverable
                .versions
                .iter()
                .find(|v| v.id == t.made_on)
                .and_then(|v| v.media.iter().position(|m| m.id == upload_id));
            format!("Image {}", index.map_or(0, |i| i + 1))
        }),
        Target::Draft => "The whole draft".into(),
    };
    let place = match (t.outdated, t.made_on == version_id, here) {
        (true, ..) => Some(format!(
            "Outdated: its words are gone. Made on v{}.",
            t.made_on_number
        )),
        (false, false, true) => Some(format!(
            "Made on v{}; followed its words here.",
            t.made_on_number
        )),
        (false, false, false) => Some(format!("Made on v{}.", t.made_on_number)),
        (false, true, _) => None,
    };
    let reply_key = format!("reply-{id}");
    let reply_error = state.error_from(move || state.reply.value().get(), reply_key.clone());
    let resolved = t.resolved;
    let send_reply = {
        let key = reply_key.clone();
        move |_| {
            let body = state.sending(&key);
            state.reply.dispatch(ReplyToComment {
                thread_id: id,
                body,
            });
        }
    };
    view! {
        <article id=format!("thread-{id}") class="thread" class:active=move || state.active.get() == Some(id)
            class:resolved=resolved class:outdated=t.outdated tabindex="-1" aria-labelledby=format!("thread-{id}-title")>
            <header>
                <button type="button" class="thread-title link-button" id=format!("thread-{id}-title")
                    on:click=move |_| state.active.set(Some(id))>
                    <span class="thread-number">"#"{number}</span>" "{about}
                </button>
                {resolved.then(|| view! { <span class="badge">"Resolved"</span> })}
                {t.outdated.then(|| view! { <span class="badge warning">"Outdated"</span> })}
            </header>
            {place.map(|w| view! { <p class="muted small">{w}</p> })}
            <ul class="comments">
                {t.comments.into_iter().map(|c| view! { <li><Comment c/></li> }).collect_view()}
            </ul>
            {(!resolved).then(|| view! {
                <div class="reply">
                    <TextBox key=reply_key.clone() label=format!("Reply to #{number}")/>
                    <p class="field-error">{move || reply_error.get().and_then(|e| e.field("body"))}</p>
                    <div class="actions">
                        <button type="button" class="button small" disabled=state.reply.pending() on:click=send_reply.clone()>"Reply"</button>
                        {is_staff.then(|| view! {
                            <button type="button" class="button secondary small" disabled=state.resolve.pending()
                                on:click={
                                    let key = reply_key.clone();
                                    move |_| {
                                        state.set_text(&key, String::new());
                                        state.resolve.dispatch(ResolveComment { thread_id: id, resolved: true });
                                    }
                                }>"Resolve"</button>
                        })}
                    </div>
                </div>
            })}
            {(resolved && is_staff).then(|| view! {
                <button type="button" class="button secondary small" disabled=state.resolve.pending()
                    on:click=move |_| { state.resolve.dispatch(ResolveComment { thread_id: id, resolved: false }); }>"Reopen"</button>
            })}
        </article>
    }
    .into_any()
}

#[component]
fn Comment(c: CommentView) -> AnyView {
    let state = expect_context::<ReviewState>();
    let id = c.id;
    let key = format!("edit-{id}");
    let error = state.error_from(move || state.edit.value().get(), key.clone());
    let body = c.body.clone();
    let start_edit = {
        let (key, body) = (key.clone(), body.clone());
        move |_| {
            state.set_text(&key, body.clone());
            state.editing.set(Some(id));
        }
    };
    let save = {
        let key = key.clone();
        move |_| {
            let body = state.sending(&key);
            state.edit.dispatch(EditComment {
                comment_id: id,
                body,
            });
        }
    };
    let cancel = {
        let key = key.clone();
        move |_| {
            state.set_text(&key, String::new());
            state.editing.set(None);
        }
    };
    view! {
        <p class="comment-meta">
            <strong>{c.author.clone()}</strong>" "
            <span class="muted small">{format::date_time(&c.created_at)}{c.edited.then_some(" · edited")}</span>
        </p>
        {if c.deleted {
            view! { <p class="muted small">"Comment deleted."</p> }.into_any()
        } else {
            let mine = c.mine;
            view! {
                {move || if state.editing.get() == Some(id) {
                    view! {
                        <TextBox key=key.clone() label="Edit your comment".into()/>
                        <p class="field-error">{move || error.get().and_then(|e| e.field("body"))}</p>
                        <FormError error=general(error)/>
                        <div class="actions">
                            <button type="button" class="button small" disabled=state.edit.pending() on:click=save.clone()>"Save"</button>
                            <button type="button" class="button secondary small" on:click=cancel.clone()>"Cancel"</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p class="pre comment-body">{body.clone()}</p>
                        {mine.then(|| view! {
                            <p class="comment-actions">
                                <button type="button" class="link-button small" on:click=start_edit.clone()>"Edit"</button>
                                <button type="button" class="link-button small" disabled=state.delete.pending()
                                    on:click=move |_| { state.delete.dispatch(DeleteComment { comment_id: id }); }>"Delete"</button>
                            </p>
                        })}
                    }.into_any()
                }}
            }.into_any()
        }}
    }
    .into_any()
}
