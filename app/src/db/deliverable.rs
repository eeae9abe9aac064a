use sea_orm::entity::prelude::*;
use sea_orm::{QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One post or video a creator owes under their accepted agreement.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliverable")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub pipeline_entry_id: i32,
    pub platform: String,
    pub format: String,
    pub number: i32,
    pub of_count: i32,
    pub due_on: Date,
    pub live_url: Option<String>,
    pub live_at: Option<DateTimeUtc>,
    /// The version both review lanes approved; from then on the draft is frozen.
    pub approved_version_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// A campaign's deliverables in id order, each with its creator's name: the lines of its
/// reading sheet and of its report.
pub async fn of_campaign(
    db: &impl ConnectionTrait,
    campaign_id: i32,
) -> Result<Vec<(Model, String)>, DbErr> {
    let entries = super::pipeline_entry::Entity::find()
        .filter(super::pipeline_entry::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    let names: HashMap<i32, String> = super::creator::Entity::find()
        .filter(super::creator::Column::Id.is_in(entries.iter().map(|e| e.creator_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let creator_of: HashMap<i32, &String> = entries
        .iter()
        .filter_map(|e| Some((e.id, names.get(&e.creator_id)?)))
        .collect();
    Ok(Entity::find()
        .filter(Column::PipelineEntryId.is_in(entries.iter().map(|e| e.id)))
        .order_by_asc(Column::Id)
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
