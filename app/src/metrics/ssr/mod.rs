//! The server side of metrics: the one recorder every source goes through, the ingest API
//! and the dashboard's queries.

pub mod counts;
pub mod http;
pub mod ingest;
pub mod manual;
pub(crate) mod payload;
pub mod record;
pub mod sheet;
pub mod simulator;
mod store;

use crate::db::{creator, deliverable, pipeline_entry};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A campaign's deliverables in id order, each with its creator's name: the lines of its
/// reading sheet and of its report.
pub async fn deliverables_of(
    db: &impl ConnectionTrait,
    campaign_id: i32,
) -> Result<Vec<(deliverable::Model, String)>, DbErr> {
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    let names: HashMap<i32, String> = creator::Entity::find()
        .filter(creator::Column::Id.is_in(entries.iter().map(|e| e.creator_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let creator_of: HashMap<i32, &String> = entries
        .iter()
        .filter_map(|e| Some((e.id, names.get(&e.creator_id)?)))
        .collect();
    Ok(deliverable::Entity::find()
        .filter(deliverable::Column::PipelineEntryId.is_in(entries.iter().map(|e| e.id)))
        .order_by_asc(deliverable::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|d| {
            let name = creator_of
                .get(&d.pipeline_entry_id)
                .map(|n| n.to_string())
                .unwrap_or_default();
            (d, name)
        })
        .collect())
}
