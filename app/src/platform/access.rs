//! Who may see a collaboration (a pipeline entry): staff of its organization, and the
//! creator whose profile it is. Anyone else gets "not found", never "forbidden": an id
//! that is not yours tells you nothing.

use crate::db::{campaign, creator, deliverable, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::notice::NoticeKind;
use crate::domain::pipeline::{Stage, closed_reason};
use crate::domain::role::{Permission, Role};
use crate::error::AppError;
use crate::platform::notify::{Notice, notify};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect, sea_query::LockType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Staff,
    Creator,
}

pub struct Access {
    pub entry: pipeline_entry::Model,
    pub creator: creator::Model,
    pub side: Side,
}

impl Access {
    /// Staff who may change the collaboration (marketing and admins).
    pub fn require_editor(&self, me: &CurrentUser) -> Result<(), AppError> {
        if self.side == Side::Staff && me.can(Permission::EditCampaigns) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Tells the collaboration's owner (in-app) what the creator did; `link` is the page.
    pub async fn tell_owner(
        &self,
        txn: &impl ConnectionTrait,
        kind: NoticeKind,
        title: String,
        link: String,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        if let Some(owner) = self.entry.owner_id {
            let notice = Notice {
                organization_id: self.entry.organization_id,
                user_id: owner,
                kind,
                title,
                link,
            };
            notify(txn, notice, now).await?;
        }
        Ok(())
    }

    /// Only the creator themself.
    pub fn require_creator(&self) -> Result<(), AppError> {
        match self.side {
            Side::Creator => Ok(()),
            Side::Staff => Err(AppError::Forbidden),
        }
    }
}

pub fn not_found() -> AppError {
    AppError::NotFound("Collaboration".into())
}

pub async fn entry(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    entry_id: i32,
) -> Result<Access, AppError> {
    let (entry, creator) = pipeline_entry::Entity::find_by_id(entry_id)
        .find_also_related(creator::Entity)
        .one(db)
        .await?
        .and_then(|(e, c)| Some((e, c?)))
        .ok_or_else(not_found)?;
    let side = if me.role == Role::Creator {
        let contacted = Stage::parse(&entry.stage).is_some_and(Stage::creator_sees);
        (creator.user_id == Some(me.id) && contacted).then_some(Side::Creator)
    } else {
        (me.organization_id == Some(entry.organization_id)).then_some(Side::Staff)
    };
    let side = side.ok_or_else(not_found)?;
    Ok(Access {
        entry,
        creator,
        side,
    })
}

/// A deliverable and the access to its collaboration.
pub async fn deliverable(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    deliverable_id: i32,
) -> Result<(deliverable::Model, Access), AppError> {
    let not_found = || AppError::NotFound("Deliverable".into());
    let d = deliverable::Entity::find_by_id(deliverable_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let access = entry(db, me, d.pipeline_entry_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => not_found(),
            other => other,
        })?;
    Ok((d, access))
}

/// Refuses a change to a collaboration whose campaign is archived or which has ended
/// (declined or dropped). Called inside the change's transaction, so what it read is what
/// the change commits against: on PostgreSQL the campaign's row stays share-locked until
/// the commit (archiving waits); SQLite has one writer at a time.
pub async fn ensure_open(txn: &impl ConnectionTrait, entry_id: i32) -> Result<(), AppError> {
    let entry = pipeline_entry::Entity::find_by_id(entry_id)
        .one(txn)
        .await?
        .ok_or_else(not_found)?;
    let mut campaign = campaign::Entity::find_by_id(entry.campaign_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        campaign = campaign.lock(LockType::Share);
    }
    let status = campaign
        .one(txn)
        .await?
        .and_then(|c| CampaignStatus::parse(&c.status));
    match closed_reason(status, Stage::parse(&entry.stage)) {
        Some(why) => Err(AppError::Conflict(why.into())),
        None => Ok(()),
    }
}
