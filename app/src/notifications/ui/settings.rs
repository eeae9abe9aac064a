//! "Email me when…": which notices also come by email, on the account page. Everything is
//! in the app either way.

use crate::notifications::EmailSetting;
use crate::notifications::api::{SaveEmailSettings, email_settings};
use crate::ui::feedback::{FormError, Loading};
use leptos::prelude::*;

#[component]
pub fn EmailSettings() -> impl IntoView {
    let settings = Resource::new(|| (), |_| email_settings());
    view! {
        <section class="card" aria-labelledby="email-settings-title">
            <h2 id="email-settings-title">"Email me when…"</h2>
            <p class="muted">"Every notice shows under the bell. Tick the ones you also want by email."</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    settings.await.map(|s| view! { <Choices settings=s/> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Choices(settings: Vec<EmailSetting>) -> impl IntoView {
    let save = ServerAction::<SaveEmailSettings>::new();
    let boxes: Vec<(EmailSetting, RwSignal<bool>)> = settings
        .into_iter()
        .map(|s| {
            let on = RwSignal::new(s.by_email);
            (s, on)
        })
        .collect();
    let chosen = boxes.clone();
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let by_email = chosen
            .iter()
            .filter(|(_, on)| on.get_untracked())
            .map(|(s, _)| s.kind.as_str())
            .collect::<Vec<_>>()
            .join(",");
        save.dispatch(SaveEmailSettings { by_email });
    };
    let error = Signal::derive(move || save.value().get().and_then(|r| r.err()));
    let saved = move || matches!(save.value().get(), Some(Ok(_))) && !save.pending().get();
    view! {
        <form on:submit=submit>
            <FormError error/>
            <fieldset class="checks">
                <legend class="visually-hidden">"Notices by email"</legend>
                {boxes.into_iter().map(|(s, on)| view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            name=s.kind.as_str()
                            prop:checked=move || on.get()
                            on:change=move |e| on.set(event_target_checked(&e))
                        />
                        {s.label}
                    </label>
                }).collect_view()}
            </fieldset>
            <button class="button" type="submit" disabled=move || save.pending().get()>"Save email settings"</button>
            <Show when=saved>
                <p class="success" role="status">"Saved."</p>
            </Show>
        </form>
    }
}
