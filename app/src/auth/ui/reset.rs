//! "Forgot your password?" and the page behind the emailed link.

use crate::auth::api::{ForgotPassword, ResetPassword};
use crate::auth::ui::guard::use_auth;
use crate::domain::validate::PASSWORD_MIN;
use crate::ui::feedback::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let ask = ServerAction::<ForgotPassword>::new();
    let error = Signal::derive(move || ask.value().get().and_then(|r| r.err()));
    let sent = move || matches!(ask.value().get(), Some(Ok(())));
    view! {
        <Title text="Forgot your password · Roster"/>
        <main class="auth-page">
            <section class="auth-card" aria-labelledby="forgot-title">
                <h1 id="forgot-title">"Forgot your password?"</h1>
                <Show
                    when=sent
                    fallback=move || view! {
                        <p class="muted">"Enter your account's email: we send a link to choose a new password."</p>
                        <ActionForm action=ask attr:class="stack" attr:novalidate=true>
                            <div class="field">
                                <label for="email">"Email"</label>
                                <input id="email" type="email" name="email" autocomplete="username" required/>
                            </div>
                            <FormError error/>
                            <button class="button primary" type="submit" disabled=ask.pending()>"Send the link"</button>
                        </ActionForm>
                    }
                >
                    <p role="status">"If an account uses that email, a link to choose a new password is on its way. It works once, for an hour."</p>
                </Show>
                <p class="muted small"><a href="/login">"Back to sign in"</a></p>
            </section>
        </main>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let reset = ServerAction::<ResetPassword>::new();
    let auth = use_auth();
    // Resetting signs in: the shell must learn who it is.
    Effect::new(move |_| {
        if matches!(reset.value().get(), Some(Ok(_))) {
            auth.user.refetch();
        }
    });
    let error = Signal::derive(move || reset.value().get().and_then(|r| r.err()));
    view! {
        <Title text="Choose a new password · Roster"/>
        <main class="auth-page">
            <section class="auth-card" aria-labelledby="reset-title">
                <h1 id="reset-title">"Choose a new password"</h1>
                <ActionForm action=reset attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="token" value=token/>
                    <div class="field">
                        <label for="password">"New password"</label>
                        <input id="password" type="password" name="password" autocomplete="new-password"
                            minlength=PASSWORD_MIN required aria-describedby="password-hint"/>
                        <p class="hint" id="password-hint">{format!("At least {PASSWORD_MIN} characters. Every other session of your account ends.")}</p>
                    </div>
                    <FormError error/>
                    <button class="button primary" type="submit" disabled=reset.pending()>"Save and sign in"</button>
                </ActionForm>
                <p class="muted small"><a href="/forgot-password">"Ask for a new link"</a></p>
            </section>
        </main>
    }
}
