//! Two-factor sign-in in the UI: the account page's section (turn on with the app's
//! first code, recovery codes shown once, turn off with the password) and the code step
//! of the sign-in page.

use super::api::{
    ConfirmTwoFactor, DisableTwoFactor, RenewRecoveryCodes, StartTwoFactor, get_two_factor_status,
};
use super::{TotpSetup, TwoFactorStatus};
use crate::auth::api::VerifySignInCode;
use crate::ui::feedback::{FormError, Loading};
use leptos::prelude::*;

#[component]
pub fn TwoFactorSection() -> impl IntoView {
    let start = ServerAction::<StartTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let auth = crate::auth::ui::guard::use_auth();
    let status = Resource::new(
        move || {
            (
                confirm.version().get(),
                disable.version().get(),
                renew.version().get(),
            )
        },
        |_| get_two_factor_status(),
    );
    // The shell's user knows whether two-factor is on (admins' rights may wait for it).
    // Reloading the user redraws this page, so after turning it on that waits until the
    // recovery codes are put away.
    Effect::new(move |_| {
        if matches!(disable.value().get(), Some(Ok(()))) {
            auth.user.refetch();
        }
    });
    let put_away = Callback::new(move |()| auth.user.refetch());
    let codes = Signal::derive(move || {
        renew
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| confirm.value().get().and_then(Result::ok))
    });
    view! {
        <section class="card" id="two-factor" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">"Two-factor sign-in"</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    status.await.map(|s: TwoFactorStatus| if s.enabled {
                        view! { <TwoFactorOn status=s disable renew/> }.into_any()
                    } else {
                        view! { <TwoFactorOff required=s.required start confirm/> }.into_any()
                    })
                })}
            </Transition>
            {move || codes.get().map(|codes| view! { <RecoveryCodes codes put_away/> })}
        </section>
    }
}

#[component]
fn TwoFactorOff(
    required: bool,
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
) -> impl IntoView {
    let setup = move || start.value().get().and_then(Result::ok);
    let error = Signal::derive(move || {
        confirm
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| start.value().get().and_then(|r| r.err()))
    });
    view! {
        {required.then(|| view! {
            <p class="notice" role="status">"Your organization asks admins to turn this on before using the Team and Settings pages."</p>
        })}
        <p>"After your password, Roster asks for a six-digit code from an authenticator app on your phone (any app that shows time-based codes)."</p>
        <Show
            when=move || setup().is_some()
            fallback=move || view! {
                <ActionForm action=start>
                    <button class="button" type="submit" disabled=start.pending()>"Turn on two-factor sign-in"</button>
                </ActionForm>
            }
        >
            {move || setup().map(|s: TotpSetup| view! { <ScanStep setup=s confirm/> })}
        </Show>
        <FormError error/>
    }
}

#[component]
fn ScanStep(setup: TotpSetup, confirm: ServerAction<ConfirmTwoFactor>) -> impl IntoView {
    let size = setup.qr.size + 8;
    let view_box = format!("-4 -4 {size} {size}");
    view! {
        <ol class="steps">
            <li>
                <p>"Scan this code with the app, or type the key by hand."</p>
                <svg class="qr" viewBox=view_box width="200" height="200" role="img"
                    aria-label="QR code of your authenticator key">
                    <rect x="-4" y="-4" width=size height=size fill="#fff"/>
                    <path d=setup.qr.path() fill="#000"/>
                </svg>
                <p class="small">"Key: " <code class="secret">{setup.secret.clone()}</code></p>
            </li>
            <li>
                <ActionForm action=confirm attr:class="stack narrow" attr:novalidate=true>
                    <div class="field">
                        <label for="totp-code">"The code the app shows"</label>
                        <input id="totp-code" name="code" type="text" inputmode="numeric"
                            autocomplete="one-time-code" maxlength="8" required/>
                    </div>
                    <button class="button primary" type="submit" disabled=confirm.pending()>"Turn on"</button>
                </ActionForm>
            </li>
        </ol>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>, put_away: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice success" role="status">
            <p><strong>"Two-factor sign-in is on."</strong>" Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They are shown only now."</p>
            <ul class="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <button class="button" type="button" on:click=move |_| put_away.run(())>"I have kept them"</button>
        </div>
    }
}

#[component]
fn TwoFactorOn(
    status: TwoFactorStatus,
    disable: ServerAction<DisableTwoFactor>,
    renew: ServerAction<RenewRecoveryCodes>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        disable
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| renew.value().get().and_then(|r| r.err()))
    });
    view! {
        <p>
            <span class="badge status-accepted">"On"</span>
            {format!(" Sign-in asks for a code from your app. Recovery codes left: {}.", status.recovery_codes_left)}
        </p>
        <div class="two-columns">
            <ActionForm action=renew attr:class="stack narrow">
                <div class="field">
                    <label for="renew-password">"Password, for new recovery codes"</label>
                    <input id="renew-password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button class="button" type="submit" disabled=renew.pending()>"New recovery codes"</button>
            </ActionForm>
            {(!status.required).then(|| view! {
                <ActionForm action=disable attr:class="stack narrow">
                    <div class="field">
                        <label for="off-password">"Password, to turn it off"</label>
                        <input id="off-password" name="password" type="password" autocomplete="current-password" required/>
                    </div>
                    <button class="button danger" type="submit" disabled=disable.pending()>"Turn off two-factor sign-in"</button>
                </ActionForm>
            })}
        </div>
        <FormError error/>
    }
}

/// The sign-in page's second step.
#[component]
pub fn CodeStep(action: ServerAction<VerifySignInCode>, next: String) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <p>"Enter the six-digit code your authenticator app shows for Roster, or one of your recovery codes."</p>
        <ActionForm action attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="sign-in-code">"Code"</label>
                <input id="sign-in-code" name="code" type="text" autocomplete="one-time-code"
                    inputmode="text" required autofocus/>
            </div>
            <FormError error/>
            <button class="button primary" type="submit" disabled=action.pending()>"Verify"</button>
        </ActionForm>
        <p class="small"><a href="/login">"Start again"</a></p>
    }
}
