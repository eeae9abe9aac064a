//! Readings typed in on a deliverable and imported from a campaign's CSV sheet: both go
//! through the recorder, so they are checked whole, audited, and reach the dashboard.

mod sheets;
mod typed;

use crate::common;
use crate::common::metrics::{Fixture, fixture};
use crate::common::{Client, TestApp, other_organization_admin};
use app::dashboard::Dashboard;
use app::dashboard::api::CampaignDashboard;
use app::db::{audit_event, campaign, deliverable, metric_snapshot, pipeline_entry};
use app::error::AppError;
use app::metrics::api::{GetReadings, RecordReading};
use app::metrics::types::sheet::SheetPreview;
use app::metrics::{DeliverableResults, Source};
use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const MARKETING: &str = "marketing@roster.example";
const LEGAL: &str = "legal@roster.example";

async fn snapshots(app: &TestApp) -> u64 {
    metric_snapshot::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn readings(c: &mut Client, deliverable: i32) -> DeliverableResults {
    let r = c
        .call::<GetReadings>(&[("deliverable_id", &deliverable.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn dashboard(c: &mut Client, f: &Fixture) -> Dashboard {
    let r = c
        .call::<CampaignDashboard>(&[("campaign_id", &f.campaign_id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn type_in(c: &mut Client, deliverable: i32, fields: &[(&str, &str)]) -> common::Reply {
    let id = deliverable.to_string();
    let mut args = vec![("deliverable_id", id.as_str())];
    args.extend_from_slice(fields);
    c.call::<RecordReading>(&args).await
}

/// A deliverable of another campaign of the organization.
async fn elsewhere(app: &TestApp, f: &Fixture) -> i32 {
    let db = &app.state.db;
    let mine = campaign::Entity::find_by_id(f.campaign_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let other = campaign::ActiveModel {
        id: sea_orm::NotSet,
        name: Set("Another Test".into()),
        ..mine.into()
    }
    .insert(db)
    .await
    .unwrap();
    let cleo = pipeline_entry::Entity::find_by_id(f.entries[2])
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let entry = pipeline_entry::ActiveModel {
        id: sea_orm::NotSet,
        campaign_id: Set(other.id),
        stage: Set("live".into()),
        ..cleo.into()
    }
    .insert(db)
    .await
    .unwrap();
    deliverable::ActiveModel {
        organization_id: Set(f.organization_id),
        pipeline_entry_id: Set(entry.id),
        platform: Set("instagram".into()),
        format: Set("reel".into()),
        number: Set(1),
        of_count: Set(1),
        due_on: Set(chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()),
        created_at: Set(common::start_time()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn upload(c: &mut Client, f: &Fixture, commit: bool, sheet: &str) -> SheetPreview {
    let r = c.post_bytes(&sheet_path(f, commit), sheet.into()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

fn sheet_path(f: &Fixture, commit: bool) -> String {
    format!("/campaigns/{}/readings?commit={commit}", f.campaign_id)
}
