//! Readings typed in by marketing on a deliverable's page, and the page's list of them.

use super::record::{Reading, Recorder, Refused, record};
use crate::db::audit::{Action, AuditEvent};
use crate::db::counts;
use crate::db::{begin_write, campaign, deliverable, metric_snapshot, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::reading::{TYPED, parse_captured_at, parse_counts};
use crate::domain::role::Permission;
use crate::error::{AppError, FieldError};
use crate::metrics::{DeliverableResults, HISTORY, RowError, SnapshotView, Source};
use crate::platform::state::AppState;
use crate::platform::user::CurrentUser;
use crate::realtime::Kind;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use std::collections::BTreeMap;

/// The deliverable and its campaign, in the caller's organization.
async fn deliverable_in(
    db: &impl ConnectionTrait,
    org: i32,
    id: i32,
) -> Result<(deliverable::Model, crate::db::campaign::Model), AppError> {
    let not_found = || AppError::NotFound("Deliverable".into());
    let d = deliverable::Entity::find_by_id(id)
        .filter(deliverable::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let entry = pipeline_entry::Entity::find_by_id(d.pipeline_entry_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let campaign = campaign::of_organization(db, org, entry.campaign_id).await?;
    Ok((d, campaign))
}

/// Why a campaign takes no more readings.
pub fn closed(c: &crate::db::campaign::Model) -> Option<String> {
    if c.status == CampaignStatus::Archived.as_str() {
        Some("The campaign is archived: its figures can no longer change.".into())
    } else if c.finalized_at.is_some() {
        Some("The campaign's results are final: its figures can no longer change.".into())
    } else {
        None
    }
}

pub async fn results(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    deliverable_id: i32,
) -> Result<DeliverableResults, AppError> {
    let (d, campaign) = deliverable_in(db, me.organization()?, deliverable_id).await?;
    let mine =
        metric_snapshot::Entity::find().filter(metric_snapshot::Column::DeliverableId.eq(d.id));
    let total = mine.clone().count(db).await?;
    let rows = mine
        .order_by_desc(metric_snapshot::Column::CapturedMicros)
        .order_by_desc(metric_snapshot::Column::Id)
        .limit(HISTORY)
        .all(db)
        .await?;
    let names = crate::db::user::names(db, rows.iter().filter_map(|r| r.recorded_by)).await?;
    let snapshots = rows
        .iter()
        .map(|r| SnapshotView {
            id: r.id,
            captured_at: r.captured_at,
            counts: counts::of(r),
            source: Source::parse(&r.source).unwrap_or(Source::Api),
            recorded_by: r.recorded_by.and_then(|id| names.get(&id)).cloned(),
        })
        .collect();
    Ok(DeliverableResults {
        deliverable_id: d.id,
        campaign_id: campaign.id,
        currency: campaign.currency.clone(),
        snapshots,
        total,
        can_record: me.can(Permission::EditCampaigns),
        closed: closed(&campaign),
    })
}

/// Records one typed reading: `fields` holds each count's text by its typed name
/// ([`TYPED`]), revenue as an amount of the campaign's currency.
pub async fn record_typed(
    state: &AppState,
    me: &CurrentUser,
    deliverable_id: i32,
    captured_at: &str,
    fields: &BTreeMap<String, String>,
) -> Result<usize, AppError> {
    let org = me.organization()?;
    let now = state.clock.now();
    if let Some(unknown) = fields.keys().find(|k| !TYPED.contains(&k.as_str())) {
        return Err(AppError::invalid(
            unknown,
            format!("{unknown} is not a figure of a reading."),
        ));
    }
    let (_, campaign) = deliverable_in(&state.db, org, deliverable_id).await?;
    let at = parse_captured_at(captured_at, now);
    let counts = parse_counts(|f| fields.get(f).map(String::as_str), &campaign.currency);
    let mut problems: Vec<FieldError> = Vec::new();
    if let Err(message) = &at {
        problems.push(field_error("captured_at", message));
    }
    if let Err(errors) = &counts {
        problems.extend(errors.iter().map(|(f, m)| field_error(f, m)));
    }
    let (Ok(captured_at), Ok(counts), true) = (at, counts, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let reading = Reading {
        deliverable_id,
        captured_at,
        counts,
    };
    let by = Recorder {
        organization_id: org,
        source: Source::Manual,
        user_id: Some(me.id),
        api_token_id: None,
        campaign_id: None,
        now,
    };
    let txn = begin_write(&state.db).await?;
    let recorded = record(&txn, &by, std::slice::from_ref(&reading))
        .await
        .map_err(typed_error)?;
    AuditEvent::new(me.into(), Action::MetricsRecord)
        .entity(deliverable_id)
        .after(&json!({ "captured_at": captured_at, "counts": counts }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    for c in &recorded.campaigns {
        state
            .events
            .publish(org, Kind::MetricsRecorded, Some(*c), None);
    }
    Ok(recorded.snapshots)
}

fn field_error(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// The recorder's refusal, on the form's fields (revenue is typed, not in minor units).
fn typed_error(refused: Refused) -> AppError {
    let rows = match refused {
        Refused::App(e) => return e,
        Refused::Rows(rows) => rows,
    };
    // The deliverable itself refused (its campaign is closed): no field to point at.
    if let Some(r) = rows.iter().find(|r| r.field == "deliverable_id") {
        return AppError::Conflict(r.message.clone());
    }
    AppError::Invalid(
        rows.into_iter()
            .map(|RowError { field, message, .. }| FieldError {
                field: if field == "revenue_minor" {
                    "revenue".into()
                } else {
                    field
                },
                message,
            })
            .collect(),
    )
}
