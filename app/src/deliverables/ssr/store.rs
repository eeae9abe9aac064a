//! What both halves of a deliverable stand on: its row lock, its newest version, its
//! summary, the staff who can be @mentioned on it, and threads following their words onto
//! a new version.

use crate::db::{deliverable, draft_version, review_comment, user};
use crate::deliverables::types::DeliverableSummary;
use crate::domain::anchor::{self, Anchor};
use crate::domain::brief::DeliverableUnit;
use crate::domain::creator::Platform;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, Set};
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

/// Follows every open text thread of a deliverable onto its new version: found (exactly,
/// else approximately) it moves there with its new quote; gone, it is outdated and stays
/// readable on the version it was made on.
pub async fn reanchor(
    txn: &impl ConnectionTrait,
    version: &draft_version::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let deliverable_id = version.deliverable_id;
    let open = review_comment::Entity::find()
        .filter(review_comment::Column::DeliverableId.eq(deliverable_id))
        .filter(review_comment::Column::ParentId.is_null())
        .filter(review_comment::Column::Target.eq("text"))
        .filter(review_comment::Column::ResolvedAt.is_null())
        .filter(review_comment::Column::OutdatedAt.is_null())
        .all(txn)
        .await?;
    for c in open {
        let was = Anchor {
            quote: c.quote.clone().unwrap_or_default(),
            prefix: c.prefix.clone().unwrap_or_default(),
            suffix: c.suffix.clone().unwrap_or_default(),
        };
        let mut row: review_comment::ActiveModel = c.into();
        follow(&mut row, &was, version, now)?;
        row.update(txn).await?;
    }
    Ok(())
}

/// Moves a thread's anchor onto `version`: to where its words are now, or outdated.
pub(super) fn follow(
    row: &mut review_comment::ActiveModel,
    was: &Anchor,
    version: &draft_version::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let caption = &version.caption;
    match anchor::locate(was, caption).and_then(|s| Some((s, anchor::capture(caption, s)?))) {
        Some((span, found)) => {
            row.quote = Set(Some(found.quote));
            row.prefix = Set(Some(found.prefix));
            row.suffix = Set(Some(found.suffix));
            row.anchor_version_id = Set(Some(version.id));
            row.anchor_start = Set(Some(db_offset(span.start)?));
            row.anchor_end = Set(Some(db_offset(span.end)?));
        }
        None => row.outdated_at = Set(Some(now)),
    }
    Ok(())
}

pub(super) fn db_offset(n: usize) -> Result<i32, AppError> {
    i32::try_from(n).map_err(|_| AppError::invalid("start", "The selection is too long."))
}
