//! One's email address: confirming it, changing it (through a link to the new one), and the
//! page behind that link.

use crate::auth::api::{ChangeEmail, ConfirmEmail, SendEmailConfirmation};
use crate::auth::ui::guard::use_auth;
use crate::error::AppError;
use crate::ui::feedback::FormError;
use crate::ui::form::TextField;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EmailSection(email: String, confirmed: bool) -> impl IntoView {
    let confirm = ServerAction::<SendEmailConfirmation>::new();
    let change = ServerAction::<ChangeEmail>::new();
    let confirm_error = Signal::derive(move || confirm.value().get().and_then(|r| r.err()));
    let change_error = Signal::derive(move || change.value().get().and_then(|r| r.err()));
    let confirm_sent = move || matches!(confirm.value().get(), Some(Ok(())));
    let change_sent = move || change.value().get().and_then(|r| r.ok());
    view! {
        <section class="card" aria-labelledby="email-title">
            <h2 id="email-title">"Email address"</h2>
            <p>
                <strong>{email}</strong>
                {if confirmed { " · confirmed" } else { " · not confirmed yet" }}
            </p>
            {(!confirmed).then(|| view! {
                <ActionForm action=confirm attr:class="stack narrow">
                    <p class="hint">"A confirmed address lets you join more brands and get password links you can trust."</p>
                    <FormError error=confirm_error/>
                    <div class="actions">
                        <button class="button" type="submit" disabled=confirm.pending()>"Email me a confirmation link"</button>
                        <Show when=confirm_sent><p class="notice success" role="status">"Sent. Open the link in the email within 24 hours."</p></Show>
                    </div>
                </ActionForm>
            })}
            <ActionForm action=change attr:class="stack narrow" attr:novalidate=true>
                <TextField field="email" name="email" label="New email address" kind="email"
                    id="new-email" autocomplete="email" error=change_error/>
                <TextField field="current_password" name="current_password" label="Current password"
                    kind="password" id="email-current-password" autocomplete="current-password"
                    hint="Your address changes when you open the link we send to the new one."
                    error=change_error/>
                <FormError error=Signal::derive(move || change_error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
                <div class="actions">
                    <button class="button" type="submit" disabled=change.pending()>"Change email"</button>
                    {move || change_sent().map(|to| view! {
                        <p class="notice success" role="status">
                            "We sent a link to " <strong>{to}</strong> ". Open it within 24 hours to make it your address."
                        </p>
                    })}
                </div>
            </ActionForm>
        </section>
    }
}

/// Behind the emailed link. Confirming takes a click, so a mail scanner that follows links
/// does not use it up.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let confirm = ServerAction::<ConfirmEmail>::new();
    let auth = use_auth();
    // The shell shows the address of whoever is signed in.
    Effect::new(move |_| {
        if matches!(confirm.value().get(), Some(Ok(_))) {
            auth.user.refetch();
        }
    });
    let error = Signal::derive(move || confirm.value().get().and_then(|r| r.err()));
    let done = move || confirm.value().get().and_then(|r| r.ok());
    view! {
        <Title text="Confirm your email · Roster"/>
        <main class="auth-page">
            <section class="auth-card" aria-labelledby="confirm-title">
                <h1 id="confirm-title">"Confirm your email"</h1>
                <Show
                    when=move || done().is_some()
                    fallback=move || view! {
                        <ActionForm action=confirm attr:class="stack">
                            <input type="hidden" name="token" value=token/>
                            <p>"Confirm that this address belongs to your Roster account."</p>
                            <FormError error/>
                            <button class="button primary" type="submit" disabled=confirm.pending()>"Confirm"</button>
                        </ActionForm>
                    }
                >
                    <p role="status">
                        <strong>{done}</strong> " is confirmed as your Roster address. Sign in with it from now on."
                    </p>
                </Show>
                <p class="muted small"><a href="/">"Go to Roster"</a></p>
            </section>
        </main>
    }
}
