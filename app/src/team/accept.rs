//! The page behind an invitation link: see who invited you, choose a password, you're in.

use super::InvitationPreview;
use super::api::{AcceptInvitation, JoinInvitation, get_invitation};
use crate::auth::guard::use_auth;
use crate::domain::text::urlencode;
use crate::domain::validate::PASSWORD_MIN;
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
                    let signed_in_as = auth.user.await.ok().flatten().map(|u| u.email);
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
                                <AcceptForm preview=p token=token() accept signed_in_as/>
                                <Ready/>
                            </section>
                        }),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// New people choose a password; people who already have an account sign in and join.
#[component]
fn AcceptForm(
    preview: InvitationPreview,
    token: String,
    accept: ServerAction<AcceptInvitation>,
    signed_in_as: Option<String>,
) -> impl IntoView {
    let join = ServerAction::<JoinInvitation>::new();
    let error = Signal::derive(move || {
        accept
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| join.value().get().and_then(|r| r.err()))
    });
    if !preview.has_account {
        return EitherOf3::A(view! {
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
                    <p id="password-hint" class="hint">{format!("At least {PASSWORD_MIN} characters.")}</p>
                </div>
                <FormError error/>
                <button class="button primary" type="submit" disabled=accept.pending()>
                    "Create account and sign in"
                </button>
            </ActionForm>
        });
    }
    if signed_in_as.as_deref() == Some(preview.email.as_str()) {
        EitherOf3::B(view! {
            <ActionForm action=join attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <p>"You are signed in as " <strong>{preview.email}</strong> "."</p>
                <FormError error/>
                <button class="button primary" type="submit" disabled=join.pending()>"Accept invitation"</button>
            </ActionForm>
        })
    } else {
        let next = urlencode(&format!("/invite/{token}"));
        EitherOf3::C(view! {
            <p>
                "You already have a Roster account as " <strong>{preview.email}</strong>
                ". Sign in with it, and you will come back here to accept."
            </p>
            <a class="button primary" href=format!("/login?next={next}")>"Sign in to accept"</a>
        })
    }
}
