//! The demo's metrics simulator: every few seconds, each deliverable with readings in an
//! active campaign of a demo organization whose simulator is on gets a new reading a
//! little above its latest, recorded as `simulator` through the recorder like any other
//! source. Real organizations never have one.

use super::record::{Reading, Recorder, Refused, record};
use crate::db::audit::{Action, AuditEvent};
use crate::db::counts;
use crate::db::{begin_write, campaign, metric_latest, organization};
use crate::domain::campaign::CampaignStatus;
use crate::domain::simulator::next_reading;
use crate::error::AppError;
use crate::metrics::Source;
use crate::platform::user::CurrentUser;
use crate::realtime::Kind;
use crate::realtime::bus::EventBus;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// Seconds between two readings.
pub const EVERY_SECONDS: u64 = 5;
/// How much a reading adds to the one before: 0.4 % (with noise).
const PACE_BP: i64 = 40;

/// One round for every demo organization whose simulator is on. Returns the readings
/// recorded.
pub async fn tick(
    db: &DatabaseConnection,
    events: &EventBus,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let orgs = organization::Entity::find()
        .filter(organization::Column::IsDemo.eq(true))
        .filter(organization::Column::SimulatorOn.eq(true))
        .all(db)
        .await?;
    let mut recorded = 0;
    for org in orgs {
        let active: Vec<i32> = campaign::Entity::find()
            .filter(campaign::Column::OrganizationId.eq(org.id))
            .filter(campaign::Column::Status.eq(CampaignStatus::Active.as_str()))
            .filter(campaign::Column::FinalizedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let latest = metric_latest::Entity::find()
            .filter(metric_latest::Column::CampaignId.is_in(active))
            .order_by_asc(metric_latest::Column::DeliverableId)
            .all(db)
            .await?;
        let seed = now.timestamp_millis() as u64;
        let readings: Vec<Reading> = latest
            .iter()
            .filter(|l| l.captured_at < now)
            .map(|l| Reading {
                deliverable_id: l.deliverable_id,
                captured_at: now,
                counts: next_reading(&counts::of(l), PACE_BP, seed ^ l.deliverable_id as u64),
            })
            .collect();
        if readings.is_empty() {
            continue;
        }
        let by = Recorder {
            organization_id: org.id,
            source: Source::Simulator,
            user_id: None,
            api_token_id: None,
            campaign_id: None,
            now,
        };
        let txn = begin_write(db).await?;
        let done = match record(&txn, &by, &readings).await {
            Ok(done) => done,
            Err(Refused::App(e)) => return Err(e),
            // A campaign closed meanwhile: the next round leaves it out.
            Err(Refused::Rows(_)) => continue,
        };
        txn.commit().await?;
        for c in &done.campaigns {
            events.publish(org.id, Kind::MetricsRecorded, Some(*c), None);
        }
        recorded += done.snapshots;
    }
    Ok(recorded)
}

/// Turns the demo organization's simulator on or off.
pub async fn switch(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    on: bool,
) -> Result<bool, AppError> {
    let org = organization::Entity::find_by_id(me.organization()?)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    if !org.is_demo {
        return Err(AppError::Conflict(
            "Only the demo organization has a metrics simulator.".into(),
        ));
    }
    let txn = begin_write(db).await?;
    organization::ActiveModel {
        id: Set(org.id),
        simulator_on: Set(on),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    AuditEvent::new(me.into(), Action::OrganizationSimulator)
        .entity(org.id)
        .before(&json!({ "simulator_on": org.simulator_on }))
        .after(&json!({ "simulator_on": on }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(on)
}
