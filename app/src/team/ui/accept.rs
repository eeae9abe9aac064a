//! The page behind an invitation link: see who invited you, choose a password, you're in.

use crate::auth::api::SendEmailConfirmation;
use crate::auth::ui::guard::use_auth;
use crate::domain::text::urlencode;
use crate::domain::validate::{PASSWORD_HINT, PASSWORD_MIN};
use crate::platform::user::CurrentUser;
use crate::team::InvitationPreview;
use crate::team::api::{AcceptInvitation, JoinInvitation, get_invitation};
use crate::ui::feedback::{ErrorPage, FormError, Loading, Ready};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let preview = Resource::new(token, get_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let auth = use_auth();
    // Signing in through the invitation changes who is signed in.
    Effect::new(move |_| {
        if matches!(accept.value().get(), Some(Ok(_))) {
            auth.user.refetch();
        }
    });
    view! {
        <Title text="Accept invitation · Roster"/>
        <main class="auth-page">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let signed_in = auth.user.await.ok().flatten();
                    match preview.await {
                        Err(err) => Either::Left(view! {
                            <ErrorPage status=err.status() title="This link cannot be used" message=err.to_string()/>
                        }),
                        Ok(p) => Either::Right(view! {
                            <section class="auth-card" aria-labelledby="invite-title">
                                <p class="brand-mark" aria-hidden="true">"R"</p>
                                <h1 id="invite-title">"Join " {p.organization_name.clone()}</h1>
                                <p>
                                    "Welcome, " {p.name.clone()} ". You are invited as "
                                    <strong>{p.role.label()}</strong> "."
                                </p>
                                <AcceptForm preview=p token=token() accept signed_in/>
                                <Ready/>
                            </section>
                        }),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// Signed in as the invited address: accept. Anyone else may choose a password (a new
/// account) or sign in to the account the address already has; the page cannot say which
/// applies, since the link's holder may be the inviter.
#[component]
fn AcceptForm(
    preview: InvitationPreview,
    token: String,
    accept: ServerAction<AcceptInvitation>,
    signed_in: Option<CurrentUser>,
) -> impl IntoView {
    let join = ServerAction::<JoinInvitation>::new();
    let error = Signal::derive(move || {
        accept
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| join.value().get().and_then(|r| r.err()))
    });
    match signed_in.filter(|u| u.email == preview.email) {
        Some(me) if preview.confirm_first => EitherOf3::A(view! { <ConfirmFirst email=me.email/> }),
        Some(me) => EitherOf3::B(view! {
            <ActionForm action=join attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <p>"You are signed in as " <strong>{me.email}</strong> "."</p>
                <FormError error/>
                <button class="button primary" type="submit" disabled=join.pending()>"Accept invitation"</button>
            </ActionForm>
        }),
        None => {
            let next = urlencode(&format!("/invite/{token}"));
            EitherOf3::C(view! {
                <ActionForm action=accept attr:class="stack">
                    <input type="hidden" name="token" value=token/>
                    <div class="field">
                        <label for="invite-email">"Email"</label>
                        <input id="invite-email" type="email" value=preview.email autocomplete="username" readonly/>
                    </div>
                    <div class="field">
                        <label for="new-password">"Choose a password"</label>
                        <input
                            id="new-password"
                            type="password"
                            name="password"
                            autocomplete="new-password"
                            minlength=PASSWORD_MIN
                            aria-describedby="password-hint"
                            required
                        />
                        <p id="password-hint" class="hint">{PASSWORD_HINT}</p>
                    </div>
                    <FormError error/>
                    <button class="button primary" type="submit" disabled=accept.pending()>
                        "Create account and sign in"
                    </button>
                </ActionForm>
                <p class="muted">
                    "Already use Roster with this address? "
                    <a href=format!("/login?next={next}")>"Sign in to accept"</a>
                </p>
            })
        }
    }
}

/// A second brand sees an account's details only once it proved it owns its address.
#[component]
fn ConfirmFirst(email: String) -> impl IntoView {
    let send = ServerAction::<SendEmailConfirmation>::new();
    let error = Signal::derive(move || send.value().get().and_then(|r| r.err()));
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    view! {
        <ActionForm action=send attr:class="stack">
            <p>
                "Before you join another brand, confirm that " <strong>{email}</strong>
                " is yours: we email you a link. Open it, then come back to this invitation."
            </p>
            <FormError error/>
            <button class="button primary" type="submit" disabled=send.pending()>"Email me a confirmation link"</button>
            <Show when=sent><p class="notice success" role="status">"Sent. Open the link in the email, then reload this page."</p></Show>
        </ActionForm>
    }
}
