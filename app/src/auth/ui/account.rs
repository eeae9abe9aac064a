//! The forms of one's own account page: the name one is shown under, and a new password.

use crate::auth::api::{ChangeName, ChangePassword};
use crate::auth::ui::guard::use_auth;
use crate::ui::feedback::FormError;
use crate::ui::form::TextField;
use leptos::prelude::*;

#[component]
pub fn NameForm(name: String) -> impl IntoView {
    let rename = ServerAction::<ChangeName>::new();
    let auth = use_auth();
    // The shell shows the name too.
    Effect::new(move |_| {
        if matches!(rename.value().get(), Some(Ok(_))) {
            auth.user.refetch();
        }
    });
    let error = Signal::derive(move || rename.value().get().and_then(|r| r.err()));
    let saved = move || matches!(rename.value().get(), Some(Ok(_)));
    view! {
        <section class="card" aria-labelledby="name-title">
            <h2 id="name-title">"Your name"</h2>
            <ActionForm action=rename attr:class="stack narrow" attr:novalidate=true>
                <div class="field">
                    <label for="account-name">"Name"</label>
                    <input id="account-name" name="name" type="text" value=name required autocomplete="name"/>
                </div>
                <FormError error/>
                <div class="actions">
                    <button class="button" type="submit" disabled=rename.pending()>"Save name"</button>
                    <Show when=saved><p class="notice success" role="status">"Name saved."</p></Show>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn PasswordForm() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(|r| r.err()));
    let changed = move || matches!(change.value().get(), Some(Ok(())));
    // A changed password leaves nothing typed behind.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if changed()
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">"Password"</h2>
            <ActionForm action=change node_ref=form attr:class="stack narrow" attr:novalidate=true>
                <TextField field="current_password" name="current_password" label="Current password"
                    kind="password" autocomplete="current-password" error/>
                <TextField field="new_password" name="new_password" label="New password"
                    kind="password" autocomplete="new-password"
                    hint="At least 12 characters, and not a common one. Your other sessions end; this one stays."
                    error/>
                <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                <div class="actions">
                    <button class="button" type="submit" disabled=change.pending()>"Change password"</button>
                    <Show when=changed><p class="notice success" role="status">"Password changed. Your other sessions have ended."</p></Show>
                </div>
            </ActionForm>
        </section>
    }
}
