//! Server functions of auth. Thin: resolve the caller, check, delegate, `reply`.

use super::SignIn;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use leptos::prelude::*;

#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::platform::caller::{Caller, reply};
    reply(async { Caller::from_context().await?.user().await }.await)
}

/// Checks the password. An account with two-factor sign-in then waits for its code
/// ([`verify_sign_in_code`]); any other is signed in and sent on.
#[server]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<SignIn, AppError> {
    use super::ssr::authenticate;
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let now = caller.state.clock.now();
            let db = &caller.state.db;
            let user = authenticate(db, now, &email, &password, caller.ip.as_deref()).await?;
            if super::ssr::two_factor::wants_second_step(&user) {
                caller.await_second_step(user.id, now).await?;
                return Ok(SignIn::CodeNeeded);
            }
            let current = caller.complete_sign_in(&user, next.as_deref()).await?;
            Ok(SignIn::Done(current))
        }
        .await,
    )
}

/// The second step of signing in: a code of the authenticator app, or a recovery code.
/// Five wrong codes end the attempt (the password is asked for again).
#[server]
pub async fn verify_sign_in_code(code: String, next: Option<String>) -> Result<SignIn, AppError> {
    use crate::platform::caller::{Caller, reply};
    use sea_orm::EntityTrait;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let now = caller.state.clock.now();
            let user_id = caller.second_step_user(now).await?;
            let db = &caller.state.db;
            super::ssr::two_factor::codes_wait(db, now, user_id).await?;
            if !super::ssr::two_factor::second_step(db, now, user_id, &code).await? {
                super::ssr::two_factor::wrong_code(db, now, user_id).await?;
                caller.second_step_failed().await?;
                return Err(AppError::invalid(
                    "code",
                    "That code does not match. Type the newest code of your app, or a recovery code.",
                ));
            }
            let user = crate::db::user::Entity::find_by_id(user_id)
                .one(db)
                .await?
                .ok_or(AppError::Unauthenticated)?;
            let current = caller.complete_sign_in(&user, next.as_deref()).await?;
            Ok(SignIn::Done(current))
        }
        .await,
    )
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    use crate::db::audit::{Action, Actor, AuditEvent};
    use crate::db::begin_write;
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            if let Some(user) = caller.user().await? {
                let actor = Actor {
                    user_id: Some(user.id),
                    organization_id: user.organization_id,
                };
                let txn = begin_write(&caller.state.db).await?;
                AuditEvent::new(actor, Action::UserLogout)
                    .entity(user.id)
                    .record(&txn, caller.state.clock.now())
                    .await?;
                txn.commit().await?;
            }
            caller.sign_out().await?;
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

/// Ends every session of the caller, on every device, this one included.
#[server]
pub async fn logout_everywhere() -> Result<u64, AppError> {
    use crate::db::audit::{Action, Actor, AuditEvent};
    use crate::db::begin_write;
    use crate::platform::caller::{Caller, reply};
    use crate::platform::sessions::end_all_sessions;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let user = caller.user().await?.ok_or(AppError::Unauthenticated)?;
            let db = &caller.state.db;
            let actor = Actor {
                user_id: Some(user.id),
                organization_id: user.organization_id,
            };
            let txn = begin_write(db).await?;
            let ended = end_all_sessions(&txn, user.id).await?;
            AuditEvent::new(actor, Action::UserLogoutEverywhere)
                .entity(user.id)
                .after(&serde_json::json!({ "sessions_ended": ended }))
                .record(&txn, caller.state.clock.now())
                .await?;
            txn.commit().await?;
            crate::platform::sessions::announce_signed_out(&caller.state.events, user.id);
            // After the write: signing out goes through the session store, which queues itself.
            caller.sign_out().await?;
            leptos_axum::redirect("/login");
            Ok(ended)
        }
        .await,
    )
}

/// Public: emails a password reset link to the account with `email`, if there is one.
/// The answer is the same either way, and as quick: the link is written after it.
#[server]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let c = Caller::from_context().await?;
            let s = &c.state;
            if let Some(account) = super::ssr::reset::holder(&s.db, &email).await? {
                let (db, url, now) = (s.db.clone(), s.settings.public_url.clone(), s.clock.now());
                s.background.spawn(async move {
                    if let Err(e) = super::ssr::reset::send_link(
                        &db,
                        &url,
                        now,
                        &account,
                        super::ssr::reset::AskedBy::Holder,
                    )
                    .await
                    {
                        tracing::error!(error = %e, "a password reset link could not be queued");
                    }
                });
            }
            Ok(())
        }
        .await,
    )
}

/// Public: sets a new password through a reset link, and signs in.
#[server]
pub async fn reset_password(token: String, password: String) -> Result<CurrentUser, AppError> {
    use crate::platform::caller::{Caller, load_current_user, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let db = &caller.state.db;
            let now = caller.state.clock.now();
            let account = super::ssr::reset::complete(db, now, &token, &password).await?;
            crate::platform::sessions::announce_signed_out(&caller.state.events, account.id);
            caller.sign_in(account.id).await?;
            let user = load_current_user(db, account.id)
                .await?
                .ok_or(AppError::Internal)?;
            leptos_axum::redirect(user.role.home());
            Ok(user)
        }
        .await,
    )
}

/// Changes the caller's password: the current one is asked for (and counted as a sign-in
/// attempt); every other session of the account ends.
#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move {
        let keep = c.session_key().ok_or(AppError::Unauthenticated)?;
        let s = &c.state;
        let args = super::ssr::account::NewPassword {
            current: &current_password,
            new: &new_password,
            keep_session: &keep,
            ip: c.ip.as_deref(),
        };
        super::ssr::account::change_password(&s.db, &me, s.clock.now(), args).await?;
        crate::platform::sessions::announce_signed_out(&s.events, me.id);
        Ok(())
    })
    .await
}

/// Changes the name the caller is shown under.
#[server]
pub async fn change_name(name: String) -> Result<CurrentUser, AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move {
        super::ssr::account::change_name(&c.state.db, &me, c.state.clock.now(), &name).await
    })
    .await
}

/// Emails a link to a new address; the caller's address changes when it is used. The
/// current password is asked for (and counted as a sign-in attempt). Answers where the link
/// went.
#[server]
pub async fn change_email(email: String, current_password: String) -> Result<String, AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move {
        let s = &c.state;
        let args = super::ssr::email::NewEmail {
            email: &email,
            current_password: &current_password,
            ip: c.ip.as_deref(),
        };
        super::ssr::email::request_change(&s.db, &me, s.clock.now(), &s.settings, args).await
    })
    .await
}

/// Emails the caller a link that confirms their own address.
#[server]
pub async fn send_email_confirmation() -> Result<(), AppError> {
    use crate::platform::caller::signed_in;
    signed_in(|c, me| async move {
        let s = &c.state;
        super::ssr::email::request_confirmation(&s.db, &me, s.clock.now(), &s.settings).await
    })
    .await
}

/// Public: uses a confirmation link (the link is the proof, signed in or not). Answers the
/// address now confirmed.
#[server]
pub async fn confirm_email(token: String) -> Result<String, AppError> {
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let s = &caller.state;
            let done = super::ssr::email::confirm(&s.db, s.clock.now(), &token).await?;
            Ok(done.account.email)
        }
        .await,
    )
}
