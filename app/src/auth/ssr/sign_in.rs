//! The steps of signing in on a session: the password passed (and, with two-factor
//! sign-in, a code awaited for a few minutes), then the session signed in, audited, and
//! sent on to the page asked for.

use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, user};
use crate::domain::validate::safe_next_path;
use crate::error::AppError;
use crate::platform::caller::{Caller, load_current_user, session_error};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The session key of a sign-in waiting for its code.
const SECOND_STEP_KEY: &str = "second_step";
/// How long the code is awaited after the password.
const SECOND_STEP_MINUTES: i64 = 5;
/// Wrong codes before the password is asked for again.
const SECOND_STEP_TRIES: u8 = 5;

#[derive(Serialize, Deserialize)]
struct SecondStep {
    user_id: i32,
    since: DateTime<Utc>,
    wrong: u8,
}

fn start_again() -> AppError {
    AppError::Conflict("Sign in again: enter your email and password.".into())
}

impl Caller {
    /// The password passed; the code is awaited on a fresh session id.
    pub async fn await_second_step(
        &self,
        user_id: i32,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(session_error)?;
        let step = SecondStep {
            user_id,
            since: now,
            wrong: 0,
        };
        self.session
            .insert(SECOND_STEP_KEY, step)
            .await
            .map_err(session_error)
    }

    /// The account whose code this session awaits, while it still does.
    pub async fn second_step_user(&self, now: DateTime<Utc>) -> Result<i32, AppError> {
        let step: SecondStep = self
            .session
            .get(SECOND_STEP_KEY)
            .await
            .map_err(session_error)?
            .ok_or_else(start_again)?;
        if now - step.since > Duration::minutes(SECOND_STEP_MINUTES)
            || step.wrong >= SECOND_STEP_TRIES
        {
            self.session
                .remove_value(SECOND_STEP_KEY)
                .await
                .map_err(session_error)?;
            return Err(start_again());
        }
        Ok(step.user_id)
    }

    /// Counts a wrong code; past the last try the password is asked for again.
    pub async fn second_step_failed(&self) -> Result<(), AppError> {
        let Some(mut step) = self
            .session
            .get::<SecondStep>(SECOND_STEP_KEY)
            .await
            .map_err(session_error)?
        else {
            return Err(start_again());
        };
        step.wrong += 1;
        if step.wrong >= SECOND_STEP_TRIES {
            self.session
                .remove_value(SECOND_STEP_KEY)
                .await
                .map_err(session_error)?;
            return Err(start_again());
        }
        self.session
            .insert(SECOND_STEP_KEY, step)
            .await
            .map_err(session_error)
    }

    /// Signs the session in (under a fresh id), audits it, and sends the browser to `next`
    /// (a local path) or the role's home.
    pub async fn complete_sign_in(
        &self,
        account: &user::Model,
        next: Option<&str>,
    ) -> Result<CurrentUser, AppError> {
        let _ = self
            .session
            .remove_value(SECOND_STEP_KEY)
            .await
            .map_err(session_error)?;
        self.sign_in(account.id).await?;
        let db = &self.state.db;
        let txn = begin_write(db).await?;
        AuditEvent::new(Actor::from(account), Action::UserLogin)
            .entity(account.id)
            .record(&txn, self.state.clock.now())
            .await?;
        txn.commit().await?;
        let current = load_current_user(db, account.id)
            .await?
            .ok_or(AppError::Internal)?;
        leptos_axum::redirect(safe_next_path(next).unwrap_or(current.role.home()));
        Ok(current)
    }
}

/// The session key of an authenticator secret shown but not yet confirmed.
const PENDING_TOTP_KEY: &str = "pending_totp";

impl Caller {
    pub async fn hold_totp_secret(&self, secret: &str) -> Result<(), AppError> {
        self.session
            .insert(PENDING_TOTP_KEY, secret)
            .await
            .map_err(session_error)
    }

    pub async fn held_totp_secret(&self) -> Result<Option<String>, AppError> {
        self.session
            .get(PENDING_TOTP_KEY)
            .await
            .map_err(session_error)
    }

    pub async fn forget_totp_secret(&self) -> Result<(), AppError> {
        self.session
            .remove_value(PENDING_TOTP_KEY)
            .await
            .map(|_| ())
            .map_err(session_error)
    }
}
