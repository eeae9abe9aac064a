//! What sending and answering share: the collaboration's lock, whether it is open to an
//! agreement, an agreement as the pages see it, and an entry's agreements.

use crate::agreements::AgreementView;
use crate::db::{agreement, campaign, pipeline_entry};
use crate::domain::agreement::AgreementStatus;
use crate::domain::campaign::CampaignStatus;
use crate::domain::pipeline::{Stage, closed_reason};
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Holds the collaboration for this transaction: of two agreements sent (or answered) at
/// the same moment, the second waits for the first and sees it.
pub async fn lock(txn: &impl ConnectionTrait, entry_id: i32) -> Result<(), AppError> {
    pipeline_entry::Entity::update_many()
        .col_expr(
            pipeline_entry::Column::UpdatedAt,
            Expr::col(pipeline_entry::Column::UpdatedAt),
        )
        .filter(pipeline_entry::Column::Id.eq(entry_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Agreements and briefs go only to creators who can see the campaign (contacted, and not
/// gone), of a campaign still running.
pub fn check_open(
    campaign: &campaign::Model,
    entry: &pipeline_entry::Model,
) -> Result<(), AppError> {
    let stage = Stage::parse(&entry.stage);
    if let Some(why) = closed_reason(CampaignStatus::parse(&campaign.status), stage) {
        return Err(AppError::Conflict(why.into()));
    }
    if stage == Some(Stage::Shortlisted) {
        return Err(AppError::Conflict(
            "Move the card to Contacted first: a shortlisted creator has not heard of the campaign yet.".into(),
        ));
    }
    Ok(())
}

pub fn to_view(row: agreement::Model) -> Result<AgreementView, AppError> {
    let terms = serde_json::from_str(&row.terms).map_err(|e| {
        tracing::error!(agreement = row.id, error = %e, "unreadable agreement terms");
        AppError::Internal
    })?;
    Ok(AgreementView {
        id: row.id,
        status: AgreementStatus::parse(&row.status).unwrap_or(AgreementStatus::Withdrawn),
        terms,
        body: row.body,
        body_sha256: row.body_sha256,
        sent_at: row.sent_at,
        answered_at: row.answered_at,
        accepted_name: row.accepted_name,
        decline_reason: row.decline_reason,
    })
}

/// Every agreement of an entry, newest first.
pub async fn for_entry(
    db: &impl ConnectionTrait,
    entry_id: i32,
) -> Result<Vec<AgreementView>, AppError> {
    agreement::Entity::find()
        .filter(agreement::Column::PipelineEntryId.eq(entry_id))
        .order_by_desc(agreement::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_view)
        .collect()
}
