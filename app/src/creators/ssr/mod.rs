//! The creator database over SQL. Every query is scoped to the caller's organization:
//! another organization's ids are simply not found.

pub mod export;
pub mod import;
mod read;
pub mod search;
mod store;

pub use read::get;
pub(crate) use read::{channels_of, find, niches_of, rate};
use read::{load, snapshot, stale};
pub(crate) use store::find_handles;
pub use store::insert;
use store::{
    base_row, explain_conflict, handle_owner, insert_channel, is_duplicate, refresh_totals,
    set_niches,
};

use super::{ChannelInput, Creator, CreatorInput};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, channel, creator, pipeline_entry};
use crate::domain::history::HistoryEntry;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, Set, SqlErr,
};

pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    input: &CreatorInput,
) -> Result<Creator, AppError> {
    let org = me.organization()?;
    let f = input.validate()?;
    let txn = begin_write(db).await?;
    let Some(id) = insert(&txn, org, now, &f).await? else {
        txn.rollback().await?;
        return Err(explain_conflict(db, org, &f).await?);
    };
    let created = load(&txn, org, id).await?;
    AuditEvent::new(Actor::from(me), Action::CreatorCreate)
        .entity(id)
        .after(&snapshot(&created))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    get(db, me, id).await
}

/// Bumps the creator's version if it is still `version`: the transaction's first write, so
/// SQLite takes its lock before anything is read.
async fn claim(
    txn: &DatabaseTransaction,
    org: i32,
    id: i32,
    version: i32,
    now: DateTime<Utc>,
    mut row: creator::ActiveModel,
) -> Result<(), AppError> {
    row.updated_at = Set(now);
    let updated = creator::Entity::update_many()
        .set(row)
        // The stored version, not the one sent: a forged one must not overflow here.
        .col_expr(
            creator::Column::Version,
            Expr::col(creator::Column::Version).add(1),
        )
        .filter(creator::Column::Id.eq(id))
        .filter(creator::Column::OrganizationId.eq(org))
        .filter(creator::Column::Version.eq(version))
        .exec(txn)
        .await;
    match updated {
        Ok(r) if r.rows_affected == 1 => Ok(()),
        Ok(_) => Err(stale()),
        Err(e) if is_duplicate(&e) => Err(AppError::invalid(
            "email",
            "Another creator already has this email.",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Runs `change` on the creator if it is still at `version`, then audits before and after.
async fn change<F>(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    (id, version): (i32, i32),
    action: Action,
    row: creator::ActiveModel,
    change: F,
) -> Result<Creator, AppError>
where
    F: AsyncFnOnce(&DatabaseTransaction, i32) -> Result<(), AppError>,
{
    let org = me.organization()?;
    let before = load(db, org, id).await?;
    if before.0.version != version {
        return Err(stale());
    }
    let txn = begin_write(db).await?;
    claim(&txn, org, id, version, now, row).await?;
    change(&txn, org).await?;
    refresh_totals(&txn, id).await?;
    let after = load(&txn, org, id).await?;
    AuditEvent::new(Actor::from(me), action)
        .entity(id)
        .before(&snapshot(&before))
        .after(&snapshot(&after))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    get(db, me, id).await
}

pub async fn update(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    input: &CreatorInput,
) -> Result<Creator, AppError> {
    find(db, me.organization()?, id).await?;
    let f = input.validate()?;
    let niches = f.niches.clone();
    change(
        db,
        me,
        now,
        (id, version),
        Action::CreatorUpdate,
        base_row(&f),
        async |txn, org| set_niches(txn, org, id, &niches).await,
    )
    .await
}

pub async fn add_channel(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    input: &ChannelInput,
) -> Result<Creator, AppError> {
    let org = me.organization()?;
    find(db, org, id).await?;
    let ch = input.validate()?;
    let taken = |owner: creator::Model| {
        AppError::invalid(
            "handle",
            format!(
                "@{} on {} is already {}'s channel.",
                ch.handle,
                ch.platform.label(),
                owner.name
            ),
        )
    };
    if let Some(owner) = handle_owner(db, org, &ch).await? {
        return Err(taken(owner));
    }
    // One channel per platform: what the list, the CSV columns and the board assume.
    let same_platform = channel::Entity::find()
        .filter(channel::Column::CreatorId.eq(id))
        .filter(channel::Column::Platform.eq(ch.platform.as_str()))
        .one(db)
        .await?;
    if let Some(existing) = same_platform {
        return Err(AppError::invalid(
            "platform",
            format!(
                "They already have a {} channel (@{}). Remove it first to replace it.",
                ch.platform.label(),
                existing.handle
            ),
        ));
    }
    change(
        db,
        me,
        now,
        (id, version),
        Action::CreatorAddChannel,
        Default::default(),
        async |txn, org| {
            insert_channel(txn, org, id, now, &ch).await.map_err(|e| {
                if is_duplicate(&e) {
                    AppError::invalid("handle", "This handle was just added to another creator.")
                } else {
                    e.into()
                }
            })
        },
    )
    .await
}

pub async fn remove_channel(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    channel_id: i32,
) -> Result<Creator, AppError> {
    let org = me.organization()?;
    find(db, org, id).await?;
    change(
        db,
        me,
        now,
        (id, version),
        Action::CreatorRemoveChannel,
        Default::default(),
        async |txn, _org| {
            let deleted = channel::Entity::delete_many()
                .filter(channel::Column::Id.eq(channel_id))
                .filter(channel::Column::CreatorId.eq(id))
                .exec(txn)
                .await?;
            if deleted.rows_affected == 1 {
                Ok(())
            } else {
                Err(AppError::NotFound("Channel".into()))
            }
        },
    )
    .await
}

/// Deletes a creator who has never worked on a campaign. One who has is kept, history and
/// all: the answer says to tag them "pause" instead.
pub async fn delete(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    let org = me.organization()?;
    let before = load(db, org, id).await?;
    if before.0.version != version {
        return Err(stale());
    }
    let campaigns = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.eq(id))
        .count(db)
        .await?;
    if campaigns > 0 {
        return Err(AppError::Conflict(format!(
            "{} has worked on {campaigns} campaign(s), so their history is kept. Tag them \"pause\" instead.",
            before.0.name
        )));
    }
    let txn = begin_write(db).await?;
    let deleted = creator::Entity::delete_many()
        .filter(creator::Column::Id.eq(id))
        .filter(creator::Column::OrganizationId.eq(org))
        .filter(creator::Column::Version.eq(version))
        .exec(&txn)
        .await;
    match deleted {
        Ok(r) if r.rows_affected == 1 => {}
        Ok(_) => return Err(stale()),
        // A shortlisting slipped in since the check: the foreign key keeps the creator.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(_))) => {
            return Err(AppError::Conflict(format!(
                "{} was just added to a campaign, so their history is kept.",
                before.0.name
            )));
        }
        Err(e) => return Err(e.into()),
    }
    AuditEvent::new(Actor::from(me), Action::CreatorDelete)
        .entity(id)
        .before(&snapshot(&before))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The creator's audit trail, newest first. Onboarding values are hidden from those who
/// may not see them (the trail keeps them for those who may).
pub async fn history(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Vec<HistoryEntry>, AppError> {
    let org = me.organization()?;
    find(db, org, id).await?;
    let hide = (!me.can(Permission::ManageCreators)).then_some(super::ONBOARDING_FIELD);
    crate::db::audit::history(db, org, "creator", &id.to_string(), hide).await
}
