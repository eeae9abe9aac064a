//! The outbox on the team page: every email Roster sends, whether it went, and why not.

use crate::team::OutboxMessage;
use crate::team::api::{SendEmailAgain, get_outbox};
use crate::ui::feedback::{FormError, Loading};
use crate::ui::format;
use leptos::prelude::*;

/// Reloads when `sent` changes (an invitation was sent from the same page).
#[component]
pub fn Outbox(sent: RwSignal<usize>) -> impl IntoView {
    let again = ServerAction::<SendEmailAgain>::new();
    let outbox = Resource::new(
        move || (sent.get(), again.version().get()),
        |_| get_outbox(),
    );
    let error = Signal::derive(move || again.value().get().and_then(|r| r.err()));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                outbox.await.map(|messages| view! {
                    <section class="card" aria-labelledby="outbox-title">
                        <h2 id="outbox-title">"Outbox"</h2>
                        <p class="muted">
                            "Every email Roster sends is kept here. Until an SMTP server is configured, messages wait here and you can share their links by hand."
                        </p>
                        <FormError error/>
                        {if messages.is_empty() {
                            view! { <p>"No emails yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="outbox">
                                    {messages.into_iter().map(|m| view! { <Message m again/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
fn Message(m: OutboxMessage, again: ServerAction<SendEmailAgain>) -> impl IntoView {
    let id = m.id;
    let failed = m.failed_at.is_some() && m.sent_at.is_none();
    let status = status(&m);
    view! {
        <li class:failed=failed>
            <details>
                <summary>
                    <strong>{m.subject}</strong>
                    " → " {m.to_email}
                    <span class="muted">" · " {format::date_time(&m.created_at)} " · " {status}</span>
                </summary>
                {m.last_error.filter(|_| m.sent_at.is_none()).map(|e| view! {
                    <p class="field-error">"Last attempt: " {e}</p>
                })}
                <pre class="email-body">{m.body_text}</pre>
            </details>
            {failed.then(|| view! {
                <button type="button" class="secondary" on:click=move |_| { again.dispatch(SendEmailAgain { id }); }>
                    "Send again"
                </button>
            })}
        </li>
    }
}

fn status(m: &OutboxMessage) -> String {
    match (m.sent_at, m.failed_at, m.next_attempt_at) {
        (Some(at), _, _) => format!("sent {}", format::date_time(&at)),
        (None, Some(_), _) => "refused by the mail server".into(),
        (None, None, Some(next)) => format!(
            "not sent after {} attempt{}; trying again {}",
            m.attempts,
            if m.attempts == 1 { "" } else { "s" },
            format::date_time(&next)
        ),
        (None, None, None) => "waiting to be sent".into(),
    }
}
