//! What both halves of a deliverable stand on: its row lock, its newest version, its
//! summary, and the staff who can be @mentioned on it.

use crate::db::{deliverable, draft_version, user};
use crate::deliverables::types::DeliverableSummary;
use crate::domain::brief::DeliverableUnit;
use crate::domain::creator::Platform;
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Locks a deliverable's row for the rest of the transaction, so versions, decisions and
/// approval happen one at a time.
pub async fn lock(
    txn: &impl ConnectionTrait,
    deliverable_id: i32,
) -> Result<deliverable::Model, AppError> {
    deliverable::Entity::update_many()
        .col_expr(deliverable::Column::Id, Expr::col(deliverable::Column::Id))
        .filter(deliverable::Column::Id.eq(deliverable_id))
        .exec(txn)
        .await?;
    deliverable::Entity::find_by_id(deliverable_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound("Deliverable".into()))
}

/// A deliverable's newest draft version.
pub async fn latest_version(
    db: &impl ConnectionTrait,
    deliverable_id: i32,
) -> Result<Option<draft_version::Model>, AppError> {
    Ok(draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.eq(deliverable_id))
        .order_by_desc(draft_version::Column::Number)
        .one(db)
        .await?)
}

pub fn summary(d: &deliverable::Model, versions: i32) -> DeliverableSummary {
    let platform = Platform::parse(&d.platform).unwrap_or(Platform::Blog);
    let unit = DeliverableUnit {
        platform,
        format: d.format.clone(),
        number: u8::try_from(d.number).unwrap_or(1),
        of: u8::try_from(d.of_count).unwrap_or(1),
        due_on: d.due_on,
    };
    DeliverableSummary {
        id: d.id,
        title: unit.title(),
        platform,
        due_on: d.due_on,
        versions,
        live_url: d.live_url.clone(),
    }
}

/// The organization's staff, who can be @mentioned.
pub async fn staff(
    db: &impl ConnectionTrait,
    organization_id: i32,
) -> Result<Vec<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?)
}
