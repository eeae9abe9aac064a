//! The sign-in page and the signed-in user's account page.

use crate::auth::SignIn;
use crate::auth::two_factor::ui::{CodeStep, TwoFactorSection};
use crate::auth::ui::account::{NameForm, PasswordForm};
use crate::auth::ui::email::EmailSection;
use crate::auth::ui::guard::{use_auth, use_user};
use crate::notifications::ui::settings::EmailSettings;
use crate::ui::feedback::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    let result = auth.login.value();
    let pending = auth.login.pending();
    let error = Signal::derive(move || result.get().and_then(|r| r.err()));
    let code_needed = move || matches!(result.get(), Some(Ok(SignIn::CodeNeeded)));
    let next = StoredValue::new(next);
    view! {
        <Title text="Sign in · Roster"/>
        <main class="auth-page">
            <section class="auth-card" aria-labelledby="login-title">
                <p class="brand-mark" aria-hidden="true">"R"</p>
                <h1 id="login-title">"Sign in to Roster"</h1>
                <Show
                    when=code_needed
                    fallback=move || view! {
                        <p class="muted">"Creator campaigns, from shortlist to results."</p>
                        <ActionForm action=auth.login attr:class="stack" attr:novalidate=true>
                            <input type="hidden" name="next" value=next.get_value()/>
                            <div class="field">
                                <label for="email">"Email"</label>
                                <input id="email" type="email" name="email" autocomplete="username" required/>
                            </div>
                            <div class="field">
                                <label for="password">"Password"</label>
                                <input
                                    id="password"
                                    type="password"
                                    name="password"
                                    autocomplete="current-password"
                                    required
                                />
                            </div>
                            <FormError error/>
                            <button class="button primary" type="submit" disabled=pending>
                                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                            </button>
                        </ActionForm>
                        <p class="small"><a href="/forgot-password">"Forgot your password?"</a></p>
                        <p class="muted small">
                            "New to a workspace? Use the invitation link your admin sent you."
                        </p>
                    }
                >
                    <CodeStep action=auth.second_step next=next.get_value()/>
                </Show>
            </section>
        </main>
    }
}

/// Who you are, and signing out of every device.
#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    let user = use_user();
    let result = auth.logout_everywhere.value();
    let error = Signal::derive(move || result.get().and_then(|r| r.err()));
    view! {
        <Title text="Account · Roster"/>
        <header class="page-header">
            <h1>"Account"</h1>
        </header>
        <section class="card">
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{user.name.clone()}</dd>
                <dt>"Email"</dt>
                <dd>{user.email.clone()}</dd>
                <dt>"Role"</dt>
                <dd>{user.role.label()}</dd>
                {user
                    .organization_name
                    .clone()
                    .map(|org| view! { <dt>"Workspace"</dt><dd>{org}</dd> })}
                <dt>"Times shown in"</dt>
                <dd>{user.time_zone.clone()}</dd>
            </dl>
        </section>
        <NameForm name=user.name.clone()/>
        <EmailSection email=user.email.clone() confirmed=user.email_confirmed/>
        <PasswordForm/>
        {user.role.is_staff().then(|| view! { <TwoFactorSection/> })}
        <EmailSettings/>
        <section class="card">
            <h2>"Sessions"</h2>
            <p>"Lost a phone or used a shared computer? End every session of your account, here and on every other device."</p>
            <ActionForm action=auth.logout_everywhere>
                <FormError error/>
                <button class="button danger" type="submit">"Sign out everywhere"</button>
            </ActionForm>
        </section>
    }
}
