//! An admin's hold on the members of their organization: change a role, deactivate and
//! reactivate, send a password-reset link. The organization always keeps an active admin.

use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, user};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set,
};

const LAST_ADMIN: &str = "This is the organization's last active admin: make someone else an \
     admin first.";

/// A member of the caller's organization, read inside the change's transaction.
async fn member(
    txn: &impl ConnectionTrait,
    me: &CurrentUser,
    member_id: i32,
) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(member_id)
        .filter(user::Column::OrganizationId.eq(me.organization()?))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound("Member".into()))
}

/// Whether the organization keeps another active admin besides `member_id`. On PostgreSQL
/// the admins' rows stay locked until the commit, so two admins demoting each other at
/// the same moment cannot both succeed (SQLite has one writer at a time).
async fn another_admin(
    txn: &impl ConnectionTrait,
    org: i32,
    member_id: i32,
) -> Result<bool, AppError> {
    let mut admins = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::DeactivatedAt.is_null());
    if txn.get_database_backend() == DbBackend::Postgres {
        admins = admins.lock(LockType::Update);
    }
    Ok(admins.all(txn).await?.iter().any(|u| u.id != member_id))
}

/// Gives a member another staff role.
pub async fn change_role(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    member_id: i32,
    role: Role,
) -> Result<(), AppError> {
    if !role.is_staff() {
        return Err(AppError::invalid(
            "role",
            "Staff keep a staff role; creators are invited from their profile.",
        ));
    }
    let txn = begin_write(db).await?;
    let found = member(&txn, me, member_id).await?;
    let before = found.role();
    if before == role {
        return Ok(());
    }
    if before == Role::Admin && !another_admin(&txn, me.organization()?, member_id).await? {
        return Err(AppError::Conflict(LAST_ADMIN.into()));
    }
    let mut row = found.into_active_model();
    row.role = Set(role.as_str().to_string());
    let saved = row.update(&txn).await?;
    AuditEvent::new(Actor::from(me), Action::UserRoleChange)
        .entity(saved.id)
        .before(&serde_json::json!({ "role": before.as_str() }))
        .after(&serde_json::json!({ "role": role.as_str() }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivates a member (their sessions end; they cannot sign in) or reactivates one.
/// Answers whether the member was signed out, so their open pages can be told.
pub async fn set_active(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    member_id: i32,
    active: bool,
) -> Result<bool, AppError> {
    if member_id == me.id && !active {
        return Err(AppError::Conflict(
            "You cannot deactivate yourself. Ask another admin.".into(),
        ));
    }
    let txn = begin_write(db).await?;
    let found = member(&txn, me, member_id).await?;
    if found.deactivated_at.is_none() == active {
        return Ok(false);
    }
    if !active
        && found.role() == Role::Admin
        && !another_admin(&txn, me.organization()?, member_id).await?
    {
        return Err(AppError::Conflict(LAST_ADMIN.into()));
    }
    let id = found.id;
    let mut row = found.into_active_model();
    row.deactivated_at = Set((!active).then_some(now));
    row.update(&txn).await?;
    if !active {
        crate::platform::sessions::end_all_sessions(&txn, id).await?;
    }
    let action = if active {
        Action::UserReactivate
    } else {
        Action::UserDeactivate
    };
    AuditEvent::new(Actor::from(me), action)
        .entity(id)
        .before(&serde_json::json!({ "active": !active }))
        .after(&serde_json::json!({ "active": active }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(!active)
}

/// Emails an active member a link to choose a new password (as "Forgot your password?"
/// would), audited.
pub async fn send_reset_link(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    public_url: &str,
    member_id: i32,
) -> Result<String, AppError> {
    let found = member(db, me, member_id).await?;
    if found.deactivated_at.is_some() {
        return Err(AppError::Conflict(
            "Reactivate this member first: a deactivated account cannot sign in.".into(),
        ));
    }
    use crate::auth::ssr::{AskedBy, send_link};
    let sent = send_link(db, public_url, now, &found, AskedBy::Admin(Actor::from(me))).await?;
    if !sent {
        return Err(AppError::Conflict(
            "Three links were sent to this member within the hour: ask them to use one.".into(),
        ));
    }
    Ok(found.email)
}
