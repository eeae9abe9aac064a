//! One's own account: a new password (the current one asked for) and the name one is
//! shown under.

use super::recheck_password;
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, user};
use crate::domain::validate;
use crate::error::{AppError, Validation};
use crate::platform::caller::load_current_user;
use crate::platform::password;
use crate::platform::sessions::end_other_sessions;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};

/// What changing one's password takes.
pub struct NewPassword<'a> {
    pub current: &'a str,
    pub new: &'a str,
    /// The session that stays signed in (the caller's), as stored.
    pub keep_session: &'a str,
    /// The client's address, for the sign-in limits.
    pub ip: Option<&'a str>,
}

/// Sets a new password. The current one is checked as a sign-in would check it (the same
/// limits, so a borrowed session cannot guess it); every other session ends.
pub async fn change_password(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    args: NewPassword<'_>,
) -> Result<(), AppError> {
    Validation::new()
        .add(
            "new_password",
            password::check_new(args.new, &[&me.name, &me.email]),
        )
        .finish()?;
    if args.new == args.current {
        return Err(AppError::invalid(
            "new_password",
            "Choose a password other than your current one.",
        ));
    }
    recheck_password(db, me, now, args.current, args.ip, "current_password").await?;
    let password_hash = password::hash(args.new.to_string()).await?;
    let txn = begin_write(db).await?;
    let account = user::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut row = account.into_active_model();
    row.password_hash = Set(password_hash);
    row.update(&txn).await?;
    let ended = end_other_sessions(&txn, me.id, args.keep_session).await?;
    AuditEvent::new(Actor::from(me), Action::UserPasswordChange)
        .entity(me.id)
        .after(&serde_json::json!({ "other_sessions_ended": ended }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the name the caller is shown under; answers the caller as they are now.
pub async fn change_name(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    name: &str,
) -> Result<CurrentUser, AppError> {
    Validation::new()
        .add("name", validate::name(name))
        .finish()?;
    let name = name.trim().to_string();
    if name != me.name {
        let txn = begin_write(db).await?;
        let account = user::Entity::find_by_id(me.id)
            .one(&txn)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let mut row = account.into_active_model();
        row.name = Set(name.clone());
        row.update(&txn).await?;
        AuditEvent::new(Actor::from(me), Action::UserRename)
            .entity(me.id)
            .before(&serde_json::json!({ "name": me.name }))
            .after(&serde_json::json!({ "name": name }))
            .record(&txn, now)
            .await?;
        txn.commit().await?;
    }
    load_current_user(db, me.id)
        .await?
        .ok_or(AppError::Unauthenticated)
}
