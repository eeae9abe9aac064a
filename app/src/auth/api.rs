//! Server functions of auth. Thin: resolve the caller, check, delegate, `reply`.

use super::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use super::ssr::{Caller, reply};
    reply(async { Caller::from_context().await?.user().await }.await)
}

#[server]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<CurrentUser, AppError> {
    use super::ssr::{Caller, authenticate, load_current_user, reply};
    use crate::db::audit::{Actor, AuditEvent};
    use crate::db::begin_write;
    use crate::domain::validate::safe_next_path;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let db = &caller.state.db;
            let now = caller.state.clock.now();
            let user = authenticate(db, now, &email, &password, caller.ip.as_deref()).await?;
            caller.sign_in(user.id).await?;
            let actor = Actor {
                user_id: Some(user.id),
                organization_id: user.organization_id,
            };
            let txn = begin_write(db).await?;
            AuditEvent::new(actor, "user.login", "user")
                .entity(user.id)
                .record(&txn, now)
                .await?;
            txn.commit().await?;
            let current = load_current_user(db, user.id)
                .await?
                .ok_or(AppError::Internal)?;
            let home = current.role.home();
            leptos_axum::redirect(safe_next_path(next.as_deref()).unwrap_or(home));
            Ok(current)
        }
        .await,
    )
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    use super::ssr::{Caller, reply};
    use crate::db::audit::{Actor, AuditEvent};
    use crate::db::begin_write;
    reply(
        async {
            let caller = Caller::from_context().await?;
            if let Some(user) = caller.user().await? {
                let actor = Actor {
                    user_id: Some(user.id),
                    organization_id: user.organization_id,
                };
                let txn = begin_write(&caller.state.db).await?;
                AuditEvent::new(actor, "user.logout", "user")
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
    use super::ssr::{Caller, end_all_sessions, reply};
    use crate::db::audit::{Actor, AuditEvent};
    use crate::db::begin_write;
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
            AuditEvent::new(actor, "user.logout_everywhere", "user")
                .entity(user.id)
                .after(&serde_json::json!({ "sessions_ended": ended }))
                .record(&txn, caller.state.clock.now())
                .await?;
            txn.commit().await?;
            // After the write: signing out goes through the session store, which queues itself.
            caller.sign_out().await?;
            leptos_axum::redirect("/login");
            Ok(ended)
        }
        .await,
    )
}

/// Public: emails a password reset link to the account with `email`, if there is one.
/// The answer is the same either way, so it tells no one who has an account.
#[server]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use super::ssr::{Caller, reply};
    reply(
        async {
            let c = Caller::from_context().await?;
            let s = &c.state;
            super::ssr::reset::request(&s.db, &s.settings.public_url, s.clock.now(), &email).await
        }
        .await,
    )
}

/// Public: sets a new password through a reset link, and signs in.
#[server]
pub async fn reset_password(token: String, password: String) -> Result<CurrentUser, AppError> {
    use super::ssr::{Caller, load_current_user, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let db = &caller.state.db;
            let now = caller.state.clock.now();
            let account = super::ssr::reset::complete(db, now, &token, &password).await?;
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
