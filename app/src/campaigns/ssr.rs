//! Campaigns over the database. Every query is scoped to the caller's organization: another
//! organization's ids are simply not found.

use super::{Campaign, CampaignFields, CampaignInput, Goals, Person, Shelf};
use crate::auth::CurrentUser;
use crate::db::audit::{Actor, AuditEvent};
use crate::db::{campaign, user};
use crate::domain::campaign::{CampaignStatus, Objective};
use crate::domain::money::Money;
use crate::domain::role::Role;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;

fn actor(me: &CurrentUser) -> Actor {
    Actor {
        user_id: Some(me.id),
        organization_id: me.organization_id,
    }
}

fn org_of(me: &CurrentUser) -> Result<i32, AppError> {
    me.organization_id.ok_or(AppError::Forbidden)
}

fn not_found() -> AppError {
    AppError::NotFound("Campaign".into())
}

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
        version: m.version,
        updated_at: m.updated_at,
    }
}

async fn people(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, Person>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.id,
                Person {
                    id: u.id,
                    name: u.name,
                },
            )
        })
        .collect())
}

async fn find(db: &impl ConnectionTrait, org: i32, id: i32) -> Result<campaign::Model, AppError> {
    campaign::Entity::find_by_id(id)
        .filter(campaign::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(not_found)
}

pub async fn list(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    shelf: Shelf,
) -> Result<Vec<Campaign>, AppError> {
    let org = org_of(me)?;
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

pub async fn get(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Campaign, AppError> {
    let c = find(db, org_of(me)?, id).await?;
    let owner = match c.owner_id {
        Some(o) => people(db, vec![o]).await?.remove(&o),
        None => None,
    };
    Ok(to_view(c, owner))
}

/// The organization's marketing users and admins: who may own a campaign.
pub async fn owners(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<Vec<Person>, AppError> {
    let org = org_of(me)?;
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Role.is_in([Role::Admin.as_str(), Role::Marketing.as_str()]))
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

/// The owner must be one of `owners`; none given means the caller.
async fn check_owner(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    owner_id: Option<i32>,
) -> Result<i32, AppError> {
    let owner = owner_id.unwrap_or(me.id);
    if owners(db, me).await?.iter().any(|p| p.id == owner) {
        Ok(owner)
    } else {
        Err(AppError::invalid(
            "owner_id",
            "Choose a marketing user of your team as owner.",
        ))
    }
}

pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    input: &CampaignInput,
) -> Result<Campaign, AppError> {
    let org = org_of(me)?;
    let f = input.validate()?;
    let owner = check_owner(db, me, f.owner_id).await?;
    let txn = db.begin().await?;
    let mut row = fields_to_row(&f);
    row.organization_id = Set(org);
    row.status = Set(CampaignStatus::Draft.as_str().into());
    row.owner_id = Set(Some(owner));
    row.version = Set(1);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    let saved = row.insert(&txn).await?;
    let view = to_view(saved, None);
    AuditEvent::new(actor(me), "campaign.create", "campaign")
        .entity(view.id)
        .after(&view)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    get(db, me, view.id).await
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
        ..Default::default()
    }
}

/// Applies `change` to the campaign if it is still at `version` and not archived; bumps
/// the version and audits before/after, all in one transaction.
async fn change(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    action: &'static str,
    apply: impl FnOnce(&mut campaign::ActiveModel),
) -> Result<Campaign, AppError> {
    let org = org_of(me)?;
    let txn = db.begin().await?;
    let current = find(&txn, org, id).await?;
    let before = to_view(current.clone(), None);
    if before.status.is_read_only() {
        return Err(AppError::Conflict(
            "Archived campaigns are read-only.".into(),
        ));
    }
    let mut row = campaign::ActiveModel {
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut row);
    // Compare-and-set on the version: a concurrent change makes this update match nothing.
    let updated = campaign::Entity::update_many()
        .set(row)
        .col_expr(campaign::Column::Version, Expr::value(version + 1))
        .filter(campaign::Column::Id.eq(id))
        .filter(campaign::Column::OrganizationId.eq(org))
        .filter(campaign::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(
            "Someone changed this campaign a moment ago. Reload to see the current version.".into(),
        ));
    }
    let after = to_view(find(&txn, org, id).await?, None);
    AuditEvent::new(actor(me), action, "campaign")
        .entity(id)
        .before(&before)
        .after(&after)
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
    input: &CampaignInput,
) -> Result<Campaign, AppError> {
    let f = input.validate()?;
    // Reading first gives another organization's id its not-found before any validation
    // of the owner could tell it apart.
    find(db, org_of(me)?, id).await?;
    let owner = check_owner(db, me, f.owner_id).await?;
    change(db, me, now, id, version, "campaign.update", |row| {
        let fields = fields_to_row(&f);
        row.name = fields.name;
        row.objective = fields.objective;
        row.currency = fields.currency;
        row.budget_minor = fields.budget_minor;
        row.starts_on = fields.starts_on;
        row.ends_on = fields.ends_on;
        row.target_reach = fields.target_reach;
        row.target_engagement_bp = fields.target_engagement_bp;
        row.target_conversions = fields.target_conversions;
        row.target_revenue_minor = fields.target_revenue_minor;
        row.target_creators = fields.target_creators;
        row.owner_id = Set(Some(owner));
    })
    .await
}

pub async fn transition(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    to: CampaignStatus,
) -> Result<Campaign, AppError> {
    let current = get(db, me, id).await?;
    if !current.status.can_become(to) {
        return Err(AppError::Conflict(format!(
            "A {} campaign cannot become {}.",
            current.status.label().to_lowercase(),
            to.label().to_lowercase()
        )));
    }
    change(db, me, now, id, version, "campaign.transition", |row| {
        row.status = Set(to.as_str().into());
    })
    .await
}

/// The campaign's audit trail, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Vec<crate::history::HistoryEntry>, AppError> {
    let org = org_of(me)?;
    find(db, org, id).await?;
    crate::db::audit::history(db, org, "campaign", &id.to_string()).await
}
