//! Campaigns over the database. Every query is scoped to the caller's organization: another
//! organization's ids are simply not found.

use super::{Campaign, CampaignFields, CampaignInput, CampaignSnapshot, Goals, Person, Shelf};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, campaign, user};
use crate::domain::campaign::{CampaignStatus, Objective};
use crate::domain::money::Money;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

fn to_view(m: campaign::Model, owner: Option<Person>) -> Campaign {
    Campaign {
        id: m.id,
        objective: Objective::parse(&m.objective).unwrap_or(Objective::Awareness),
        status: CampaignStatus::parse(&m.status).unwrap_or(CampaignStatus::Draft),
        budget: Money {
            minor: m.budget_minor,
            currency: m.currency,
        },
        name: m.name,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        goals: Goals {
            reach: m.target_reach,
            engagement_bp: m.target_engagement_bp,
            conversions: m.target_conversions,
            revenue_minor: m.target_revenue_minor,
            creators: m.target_creators,
        },
        owner,
        landing_url: m.landing_url,
        finalized_at: m.finalized_at,
        version: m.version,
        updated_at: m.updated_at,
    }
}

async fn people(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, Person>, AppError> {
    Ok(user::names(db, ids)
        .await?
        .into_iter()
        .map(|(id, name)| (id, Person { id, name }))
        .collect())
}

pub async fn list(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    shelf: Shelf,
) -> Result<Vec<Campaign>, AppError> {
    let org = me.organization()?;
    let archived = CampaignStatus::Archived.as_str();
    let rows = campaign::Entity::find()
        .filter(campaign::Column::OrganizationId.eq(org))
        .filter(match shelf {
            Shelf::Current => campaign::Column::Status.ne(archived),
            Shelf::Archived => campaign::Column::Status.eq(archived),
        })
        .order_by_desc(campaign::Column::StartsOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?;
    let owners = people(db, rows.iter().filter_map(|c| c.owner_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let owner = c.owner_id.and_then(|id| owners.get(&id).cloned());
            to_view(c, owner)
        })
        .collect())
}

/// A campaign of the organization, with its owner's name.
async fn load(db: &impl ConnectionTrait, org: i32, id: i32) -> Result<Campaign, AppError> {
    let c = campaign::of_organization(db, org, id).await?;
    let owner = match c.owner_id {
        Some(o) => people(db, vec![o]).await?.remove(&o),
        None => None,
    };
    Ok(to_view(c, owner))
}

pub async fn get(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Campaign, AppError> {
    load(db, me.organization()?, id).await
}

fn owner_roles() -> [&'static str; 2] {
    [Role::Admin.as_str(), Role::Marketing.as_str()]
}

/// The organization's marketing users and admins: who may own a campaign.
pub async fn owners(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<Vec<Person>, AppError> {
    let org = me.organization()?;
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Role.is_in(owner_roles()))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Person {
            id: u.id,
            name: u.name,
        })
        .collect())
}

pub(crate) async fn check_owner(
    db: &impl ConnectionTrait,
    org: i32,
    owner: i32,
) -> Result<(), AppError> {
    let found = user::Entity::find_by_id(owner)
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Role.is_in(owner_roles()))
        .one(db)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(AppError::invalid(
            "owner_id",
            "Choose a marketing user of your team as owner.",
        )),
    }
}

pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    input: &CampaignInput,
) -> Result<Campaign, AppError> {
    let org = me.organization()?;
    let f = input.validate()?;
    // No owner chosen: the person creating it.
    let owner = f.owner_id.unwrap_or(me.id);
    check_owner(db, org, owner).await?;
    let txn = begin_write(db).await?;
    let mut row = fields_to_row(&f);
    row.organization_id = Set(org);
    row.status = Set(CampaignStatus::Draft.as_str().into());
    row.owner_id = Set(Some(owner));
    row.version = Set(1);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    let saved = row.insert(&txn).await?;
    let created = load(&txn, org, saved.id).await?;
    AuditEvent::new(Actor::from(me), Action::CampaignCreate)
        .entity(created.id)
        .after(&CampaignSnapshot::from(&created))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(created)
}

fn fields_to_row(f: &CampaignFields) -> campaign::ActiveModel {
    campaign::ActiveModel {
        name: Set(f.name.clone()),
        objective: Set(f.objective.as_str().into()),
        currency: Set(f.currency.clone()),
        budget_minor: Set(f.budget_minor),
        starts_on: Set(f.starts_on),
        ends_on: Set(f.ends_on),
        target_reach: Set(f.goals.reach),
        target_engagement_bp: Set(f.goals.engagement_bp),
        target_conversions: Set(f.goals.conversions),
        target_revenue_minor: Set(f.goals.revenue_minor),
        target_creators: Set(f.goals.creators),
        landing_url: Set(f.landing_url.clone()),
        ..Default::default()
    }
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this campaign a moment ago. Reload to see the current version.".into(),
    )
}

/// Writes `row` over `before` if the campaign is still at `version`, bumps the version and
/// audits before/after. The compare-and-set UPDATE is the transaction's first statement,
/// so SQLite takes the write lock up front (no stale read inside the transaction).
async fn change(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    before: &Campaign,
    version: i32,
    action: Action,
    mut row: campaign::ActiveModel,
) -> Result<Campaign, AppError> {
    let org = me.organization()?;
    if before.version != version {
        return Err(stale());
    }
    row.updated_at = Set(now);
    let txn = begin_write(db).await?;
    let updated = campaign::Entity::update_many()
        .set(row)
        // The stored version, not the one sent: a forged one must not overflow here.
        .col_expr(
            campaign::Column::Version,
            Expr::col(campaign::Column::Version).add(1),
        )
        .filter(campaign::Column::Id.eq(before.id))
        .filter(campaign::Column::OrganizationId.eq(org))
        .filter(campaign::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(stale());
    }
    let after = load(&txn, org, before.id).await?;
    AuditEvent::new(Actor::from(me), action)
        .entity(before.id)
        .before(&CampaignSnapshot::from(before))
        .after(&CampaignSnapshot::from(&after))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn update(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    input: &CampaignInput,
) -> Result<Campaign, AppError> {
    // Not found, then read-only, then the form: each answer only after the one before it.
    let org = me.organization()?;
    let before = load(db, org, id).await?;
    if before.status.is_read_only() {
        return Err(AppError::Conflict(
            "Archived campaigns are read-only.".into(),
        ));
    }
    let f = input.validate()?;
    let mut row = fields_to_row(&f);
    // No owner given keeps the current one; a new one must be on the team.
    if let Some(owner) = f.owner_id {
        check_owner(db, org, owner).await?;
        row.owner_id = Set(Some(owner));
    }
    change(db, me, now, &before, version, Action::CampaignUpdate, row).await
}

/// Moves a campaign on in its life. (Archiving goes through the report, which finalizes a
/// completed campaign's results first: `report::ssr::archive`.)
pub async fn transition(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    to: CampaignStatus,
) -> Result<Campaign, AppError> {
    let before = load(db, me.organization()?, id).await?;
    if before.version != version {
        return Err(stale());
    }
    if !before.status.can_become(to) {
        return Err(AppError::Conflict(format!(
            "This campaign is {}: it cannot become {}.",
            before.status.label().to_lowercase(),
            to.label().to_lowercase()
        )));
    }
    let row = campaign::ActiveModel {
        status: Set(to.as_str().into()),
        ..Default::default()
    };
    change(
        db,
        me,
        now,
        &before,
        version,
        Action::CampaignTransition,
        row,
    )
    .await
}

/// The campaign's audit trail, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Vec<crate::domain::history::HistoryEntry>, AppError> {
    let org = me.organization()?;
    campaign::of_organization(db, org, id).await?;
    crate::db::audit::history(db, org, "campaign", &id.to_string(), None).await
}
