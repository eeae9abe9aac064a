//! Checking a password, with attempts slowed as `domain::throttle` says: per account and
//! address, per address, and per account from unfamiliar addresses, never so that a
//! stranger's failures lock the owner out of their usual address. Attempts live in the
//! database so the limits hold across server processes.

use crate::db::{login_attempt, user, writer_turn};
use crate::domain::throttle::{self, ADDRESS_MAX, Record, USUAL_DAYS, WINDOW_MINUTES};
use crate::domain::validate::normalize_email;
use crate::error::AppError;
use crate::platform::password;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashSet;

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

    // A place in the hashing queue first: past it, a flood is refused before it costs a
    // write. The account's own address queues apart, so a flood of guesses from elsewhere
    // does not lock its owner out (`password::queue`).
    let usual = signed_in_from(db, now, &email, ip).await?;
    let place = password::queue(usual)?;
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

    let record = record(db, now, attempt.id, &email, ip).await?;
    if let Some(wait) = throttle::wait(&record, now) {
        // A refused attempt is not a guess: it must not lengthen the wait.
        let _turn = writer_turn(db).await;
        login_attempt::Entity::delete_by_id(attempt.id)
            .exec(db)
            .await?;
        let seconds = wait.num_seconds().max(1);
        return Err(AppError::RateLimited(
            u32::try_from(seconds).unwrap_or(u32::MAX),
        ));
    }

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?;
    // Verified even when no account matches (against a decoy), so timing reveals nothing.
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let ok = password::verify(place, password.to_string(), stored).await?;
    match found {
        // Told only to whoever knows the password.
        Some(user) if ok && user.deactivated_at.is_some() => Err(AppError::Conflict(
            "This account is deactivated. Ask an admin of your organization.".into(),
        )),
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

/// Whether `email` signed in from `ip` within [`USUAL_DAYS`] (a read: no writer's turn).
async fn signed_in_from(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    email: &str,
    ip: Option<&str>,
) -> Result<bool, AppError> {
    let Some(ip) = ip else {
        return Ok(false);
    };
    let found = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Ip.eq(ip))
        .filter(login_attempt::Column::Succeeded.eq(true))
        .filter(login_attempt::Column::AttemptedAt.gt(now - Duration::days(USUAL_DAYS)))
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// The failures that bear on this attempt (`own`, left out).
async fn record(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    own: i32,
    email: &str,
    ip: Option<&str>,
) -> Result<Record, AppError> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let recent = || {
        login_attempt::Entity::find()
            .filter(login_attempt::Column::AttemptedAt.gt(since))
            .filter(login_attempt::Column::Id.ne(own))
            .order_by_desc(login_attempt::Column::AttemptedAt)
            .order_by_desc(login_attempt::Column::Id)
    };
    let same_address = |q: sea_orm::Select<login_attempt::Entity>| match ip {
        Some(ip) => q.filter(login_attempt::Column::Ip.eq(ip)),
        None => q.filter(login_attempt::Column::Ip.is_null()),
    };
    // The account's own addresses: where it signed in lately.
    let usual: HashSet<String> = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Succeeded.eq(true))
        .filter(login_attempt::Column::AttemptedAt.gt(now - Duration::days(USUAL_DAYS)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.ip)
        .collect();
    // This pair's run of failures, back to its last success.
    let pair = same_address(recent().filter(login_attempt::Column::Email.eq(email)))
        .limit(64)
        .all(db)
        .await?
        .into_iter()
        .take_while(|a| !a.succeeded)
        .map(|a| a.attempted_at)
        .collect();
    let address = same_address(recent().filter(login_attempt::Column::Succeeded.eq(false)))
        .limit(ADDRESS_MAX as u64)
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.attempted_at)
        .collect();
    let strangers = recent()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .limit(512)
        .all(db)
        .await?
        .into_iter()
        .filter(|a| a.ip.as_ref().is_none_or(|ip| !usual.contains(ip)))
        .map(|a| a.attempted_at)
        .collect();
    Ok(Record {
        pair,
        address,
        strangers,
        usual: ip.is_some_and(|ip| usual.contains(ip)),
    })
}

/// Asks a signed-in person for their password again before a change that needs it (a new
/// password or address, two-factor off). It counts as a sign-in attempt, with the same
/// limits, so a borrowed session cannot guess it; a wrong one is an error on `field`.
pub async fn recheck_password(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    password: &str,
    ip: Option<&str>,
    field: &'static str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::invalid(field, "Enter your current password."));
    }
    authenticate(db, now, &me.email, password, ip)
        .await
        .map(|_| ())
        .map_err(|e| match e {
            AppError::Invalid(_) => AppError::invalid(field, "That is not your current password."),
            other => other,
        })
}
