//! Checking a password, with attempts rate-limited per email and per client address.
//! Attempts live in the database so the limit holds across server processes.

use super::password;
use crate::db::{login_attempt, user};
use crate::domain::validate::normalize_email;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// Failed attempts allowed for one email within the window before it is locked.
pub const MAX_FAILURES: usize = 5;
/// Failed attempts allowed from one address (across emails) within the window.
pub const MAX_FAILURES_PER_IP: usize = 50;
/// The window, and so the longest lockout.
pub const LOCKOUT_MINUTES: i64 = 15;

pub async fn authenticate(
    db: &impl ConnectionTrait,
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

    let since = now - Duration::minutes(LOCKOUT_MINUTES);
    let by_email = login_attempt::Column::Email.eq(email.clone());
    check_limit(db, now, since, by_email, MAX_FAILURES).await?;
    if let Some(ip) = ip {
        let by_ip = login_attempt::Column::Ip.eq(ip);
        check_limit(db, now, since, by_ip, MAX_FAILURES_PER_IP).await?;
    }

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?;
    let ok = password::verify(
        password.to_string(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;

    login_attempt::ActiveModel {
        email: Set(email),
        ip: Set(ip.map(str::to_string)),
        succeeded: Set(ok),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    match found {
        Some(user) if ok => Ok(user),
        _ => Err(AppError::invalid(
            "password",
            "That email and password do not match an account.",
        )),
    }
}

/// Refuses when `limit` failures matching `scope` happened in the window since the last
/// success; says how many minutes until the oldest of them leaves the window.
async fn check_limit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
    scope: impl sea_orm::sea_query::IntoCondition,
    limit: usize,
) -> Result<(), AppError> {
    let recent: Vec<login_attempt::Model> = login_attempt::Entity::find()
        .filter(scope)
        .filter(login_attempt::Column::AttemptedAt.gt(since))
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .limit(limit as u64)
        .all(db)
        .await?;
    let failures: Vec<&login_attempt::Model> = recent.iter().take_while(|a| !a.succeeded).collect();
    if failures.len() < limit {
        return Ok(());
    }
    let oldest = failures.last().map(|a| a.attempted_at).unwrap_or(now);
    let unlock = oldest + Duration::minutes(LOCKOUT_MINUTES);
    let minutes = ((unlock - now).num_seconds() + 59) / 60;
    Err(AppError::RateLimited(minutes.max(1) as u32))
}
