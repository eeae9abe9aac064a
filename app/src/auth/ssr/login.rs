//! Checking a password, with attempts rate-limited per email and per client address.
//! Attempts live in the database so the limit holds across server processes.

use super::password;
use crate::db::{login_attempt, user, writer_turn};
use crate::domain::validate::normalize_email;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::IntoCondition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// Failed attempts allowed for one email within the window (since its last success).
pub const MAX_FAILURES: usize = 5;
/// Failed attempts allowed from one client address, across emails, within the window.
pub const MAX_FAILURES_PER_IP: usize = 50;
/// The window, and so the longest lockout.
pub const LOCKOUT_MINUTES: i64 = 15;

/// Each write takes the SQLite writer's turn on its own, never across the slow check.
pub async fn authenticate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<user::Model, AppError> {
    let email = normalize_email(email);
    if email.is_empty() || password.is_empty() {
        return Err(AppError::invalid(
            "password",
            "Enter your email and password.",
        ));
    }

    // The attempt is recorded as a failure before the (deliberately slow) password check,
    // so parallel guesses see each other and cannot slip through together.
    let turn = writer_turn(db).await;
    let attempt = login_attempt::ActiveModel {
        email: Set(email.clone()),
        ip: Set(ip.map(str::to_string)),
        succeeded: Set(false),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    drop(turn);

    let since = now - Duration::minutes(LOCKOUT_MINUTES);
    let mut limited = over_limit(
        db,
        now,
        since,
        attempt.id,
        login_attempt::Column::Email.eq(email.clone()),
        MAX_FAILURES,
        true,
    )
    .await?;
    if limited.is_none()
        && let Some(ip) = ip
    {
        let by_ip = login_attempt::Column::Ip.eq(ip);
        limited = over_limit(
            db,
            now,
            since,
            attempt.id,
            by_ip,
            MAX_FAILURES_PER_IP,
            false,
        )
        .await?;
    }
    if let Some(minutes) = limited {
        // A refused attempt is not a guess: it must not extend the lockout.
        let _turn = writer_turn(db).await;
        login_attempt::Entity::delete_by_id(attempt.id)
            .exec(db)
            .await?;
        return Err(AppError::RateLimited(minutes));
    }

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?;
    // Verified even when no account matches (against a decoy), so timing reveals nothing.
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let ok = password::verify(password.to_string(), stored).await;
    match found {
        Some(user) if ok => {
            let mut done: login_attempt::ActiveModel = attempt.into();
            done.succeeded = Set(true);
            let _turn = writer_turn(db).await;
            done.update(db).await?;
            Ok(user)
        }
        _ => Err(AppError::invalid(
            "password",
            "That email and password do not match an account.",
        )),
    }
}

/// Minutes until the next attempt may be made, when more than `limit` failures matching
/// `scope` (the current attempt `own` included) fall inside the window. With
/// `reset_by_success`, a success ends the run of failures (per email); per address it
/// does not, or an attacker could reset the count by signing in to their own account.
async fn over_limit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
    own: i32,
    scope: impl IntoCondition,
    limit: usize,
    reset_by_success: bool,
) -> Result<Option<u32>, AppError> {
    let mut query = login_attempt::Entity::find()
        .filter(scope)
        .filter(login_attempt::Column::AttemptedAt.gt(since))
        .filter(login_attempt::Column::Id.ne(own));
    if !reset_by_success {
        query = query.filter(login_attempt::Column::Succeeded.eq(false));
    }
    let recent = query
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .order_by_desc(login_attempt::Column::Id)
        .limit(limit as u64)
        .all(db)
        .await?;
    let failures: Vec<&login_attempt::Model> = recent.iter().take_while(|a| !a.succeeded).collect();
    if failures.len() < limit {
        return Ok(None);
    }
    let oldest = failures.last().map(|a| a.attempted_at).unwrap_or(now);
    let unlock = oldest + Duration::minutes(LOCKOUT_MINUTES);
    let minutes = ((unlock - now).num_seconds() + 59) / 60;
    Ok(Some(minutes.max(1) as u32))
}
