//! Collaborations over the database: one pipeline entry read whole, for staff or for its
//! creator; the creator's list; sending the brief and the portal invitation.

use super::{Collaboration, CollaborationCard, PortalAccess, PortalHome};
use crate::agreements::ssr::for_entry as agreements_for;
use crate::briefs::ssr::{latest as latest_brief, sent_to, to_version};
use crate::db::audit::Actor;
use crate::db::{
    agreement, begin_write, campaign, creator, creator_onboarding, deliverable, invitation,
    organization, pipeline_entry,
};
use crate::deliverables::ssr::for_entry as deliverables_for;
use crate::domain::agreement::AgreementStatus;
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::domain::role::{Permission, Role};
use crate::error::AppError;
use crate::platform::access::{self, Side};
use crate::platform::state::AppState;
use crate::platform::user::CurrentUser;
use crate::realtime::Kind;
use crate::team::SentInvitation;
use crate::team::ssr::{InviteInput, invite as invite_account};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

async fn brand_name(db: &impl ConnectionTrait, org: i32) -> Result<String, AppError> {
    Ok(organization::Entity::find_by_id(org)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}

async fn portal_access(
    db: &impl ConnectionTrait,
    c: &creator::Model,
    now: DateTime<Utc>,
) -> Result<PortalAccess, AppError> {
    if c.user_id.is_some() {
        return Ok(PortalAccess::Linked);
    }
    if c.email.is_none() {
        return Ok(PortalAccess::NoEmail);
    }
    let pending = invitation::Entity::find()
        .filter(invitation::Column::CreatorId.eq(c.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(if pending.is_some() {
        PortalAccess::Invited
    } else {
        PortalAccess::NotInvited
    })
}

pub async fn load(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    now: DateTime<Utc>,
    entry_id: i32,
) -> Result<Collaboration, AppError> {
    let access::Access {
        entry,
        creator,
        side,
    } = access::entry(db, me, entry_id).await?;
    let campaign = campaign::Entity::find_by_id(entry.campaign_id)
        .one(db)
        .await?
        .ok_or_else(access::not_found)?;
    let (brief, brief_sent_at) = match sent_to(db, entry.id).await? {
        Some((b, at)) => (Some(to_version(b, None)?), Some(at)),
        None => (None, None),
    };
    let is_creator = side == Side::Creator;
    let latest_brief_version = if is_creator {
        None
    } else {
        latest_brief(db, campaign.id).await?.map(|b| b.version)
    };
    Ok(Collaboration {
        entry_id: entry.id,
        campaign_id: campaign.id,
        campaign_name: campaign.name,
        brand: brand_name(db, entry.organization_id).await?,
        creator_id: creator.id,
        creator_name: creator.name.clone(),
        stage: Stage::parse(&entry.stage).unwrap_or(Stage::FIRST),
        fee: entry.fee_minor.map(|minor| Money {
            minor,
            currency: campaign.currency.clone(),
        }),
        brief,
        brief_sent_at,
        latest_brief_version,
        agreements: agreements_for(db, entry.id).await?,
        deliverables: deliverables_for(db, entry.id).await?,
        portal: portal_access(db, &creator, now).await?,
        is_creator,
        can_edit: !is_creator && me.can(Permission::EditCampaigns),
    })
}

/// The creator's collaborations across every brand that works with them.
pub async fn home(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<PortalHome, AppError> {
    if me.role != Role::Creator {
        return Err(AppError::Forbidden);
    }
    let onboarded = creator_onboarding::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .is_some();
    let profiles: Vec<i32> = creator::Entity::find()
        .filter(creator::Column::UserId.eq(me.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.is_in(profiles))
        .filter(pipeline_entry::Column::Stage.ne(Stage::Shortlisted.as_str()))
        .order_by_desc(pipeline_entry::Column::UpdatedAt)
        .all(db)
        .await?;
    let mut home = PortalHome {
        onboarded,
        active: Vec::new(),
        past: Vec::new(),
    };
    for entry in entries {
        let stage = Stage::parse(&entry.stage).unwrap_or(Stage::FIRST);
        let campaign_name = campaign::Entity::find_by_id(entry.campaign_id)
            .one(db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let agreements = agreements_for(db, entry.id).await?;
        let deliverables = deliverables_for(db, entry.id).await?;
        let open: Vec<_> = deliverables
            .iter()
            .filter(|d| d.live_url.is_none())
            .collect();
        let to_do = if agreements.iter().any(|a| a.status == AgreementStatus::Sent) {
            Some("Agreement to accept".to_string())
        } else {
            open.iter()
                .find(|d| d.versions == 0)
                .map(|d| format!("Upload the draft of {}", d.title))
        };
        let card = CollaborationCard {
            entry_id: entry.id,
            campaign_name,
            brand: brand_name(db, entry.organization_id).await?,
            stage,
            to_do,
            next_due: open.iter().map(|d| d.due_on).min(),
        };
        if matches!(stage, Stage::Paid | Stage::Declined | Stage::Dropped) {
            home.past.push(card);
        } else {
            home.active.push(card);
        }
    }
    Ok(home)
}

/// Sends the campaign's newest brief to this creator now.
pub async fn send_brief(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    public_url: &str,
    entry_id: i32,
) -> Result<Collaboration, AppError> {
    let a = access::entry(db, me, entry_id).await?;
    a.require_editor(me)?;
    let campaign = campaign::Entity::find_by_id(a.entry.campaign_id)
        .one(db)
        .await?
        .ok_or_else(access::not_found)?;
    crate::agreements::ssr::check_open(&campaign, &a.entry)?;
    let txn = begin_write(db).await?;
    let sent = crate::briefs::ssr::send(
        &txn,
        &campaign,
        std::slice::from_ref(&a.entry),
        Actor::from(me),
        public_url,
        now,
    )
    .await?;
    if sent == 0 {
        return Err(AppError::Conflict(
            if latest_brief(&txn, campaign.id).await?.is_none() {
                "This campaign has no brief yet. Write it first."
            } else {
                "The creator already has the newest version of the brief."
            }
            .into(),
        ));
    }
    txn.commit().await?;
    load(db, me, now, entry_id).await
}

/// Invites the creator to the portal, linked to their profile.
pub async fn invite(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    settings: &crate::platform::state::Settings,
    entry_id: i32,
) -> Result<SentInvitation, AppError> {
    let a = access::entry(db, me, entry_id).await?;
    a.require_editor(me)?;
    match portal_access(db, &a.creator, now).await? {
        PortalAccess::Linked => Err(AppError::Conflict(format!(
            "{} already uses the portal.",
            a.creator.name
        ))),
        PortalAccess::NoEmail => Err(AppError::Conflict(format!(
            "{} has no email address. Add it to their profile first.",
            a.creator.name
        ))),
        PortalAccess::Invited => Err(AppError::Conflict(format!(
            "{} already has a pending invitation. Revoke it on the Team page to send a new one.",
            a.creator.name
        ))),
        PortalAccess::NotInvited => {
            let input = InviteInput {
                email: a.creator.email.clone().unwrap_or_default(),
                name: a.creator.name.clone(),
                role: Role::Creator,
                creator_id: Some(a.creator.id),
            };
            invite_account(db, me, now, settings, input).await
        }
    }
}

/// What changed, to find its collaboration.
pub enum Changed {
    Entry(i32),
    Agreement(i32),
    Deliverable(i32),
}

/// Tells the pages following the campaign that a collaboration changed; called after the
/// change committed. The change stands whether or not this can be told.
pub async fn announce(state: &AppState, changed: Changed) {
    let db = &state.db;
    let entry_id = match changed {
        Changed::Entry(id) => Ok(Some(id)),
        Changed::Agreement(id) => agreement::Entity::find_by_id(id)
            .one(db)
            .await
            .map(|a| a.map(|a| a.pipeline_entry_id)),
        Changed::Deliverable(id) => deliverable::Entity::find_by_id(id)
            .one(db)
            .await
            .map(|d| d.map(|d| d.pipeline_entry_id)),
    };
    let entry = match entry_id {
        Ok(Some(id)) => pipeline_entry::Entity::find_by_id(id).one(db).await,
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    match entry {
        Ok(Some(e)) => {
            state.events.publish(
                e.organization_id,
                Kind::CollaborationChanged,
                Some(e.campaign_id),
                Some(e.id),
            );
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "a collaboration change was not announced"),
    }
}
