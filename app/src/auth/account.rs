//! The forms of one's own account page: the name one is shown under, and a new password.

use super::api::{ChangeName, ChangePassword};
use super::guard::use_auth;
use crate::domain::validate::PASSWORD_MIN;
use crate::ui::feedback::FormError;
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
    let field = move |name: &'static str| move || error.get().and_then(|e| e.field(name));
    let invalid = move |name: &'static str| move || field(name)().is_some().then_some("true");
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
                <div class="field">
                    <label for="current-password">"Current password"</label>
                    <input id="current-password" name="current_password" type="password" required
                        autocomplete="current-password" aria-describedby="current-password-error"
                        aria-invalid=invalid("current_password")/>
                    <p class="field-error" id="current-password-error">{field("current_password")}</p>
                </div>
                <div class="field">
                    <label for="new-password">"New password"</label>
                    <input id="new-password" name="new_password" type="password" required
                        autocomplete="new-password" minlength=PASSWORD_MIN
                        aria-describedby="new-password-hint new-password-error"
                        aria-invalid=invalid("new_password")/>
                    <p class="hint" id="new-password-hint">{format!("At least {PASSWORD_MIN} characters, and not a common one. Your other sessions end; this one stays.")}</p>
                    <p class="field-error" id="new-password-error">{field("new_password")}</p>
                </div>
                <FormError error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                <div class="actions">
                    <button class="button" type="submit" disabled=change.pending()>"Change password"</button>
                    <Show when=changed><p class="notice success" role="status">"Password changed. Your other sessions have ended."</p></Show>
                </div>
            </ActionForm>
        </section>
    }
}
