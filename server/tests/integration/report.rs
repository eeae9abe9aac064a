//! A campaign's report: live until finalized; finalizing freezes the figures, emails the
//! directors and closes the campaign to readings; archiving finalizes first; the CSV
//! exports per creator and per deliverable.

use crate::common;
use crate::common::metrics::{Fixture, fixture};
use crate::common::{Client, TestApp, other_organization_admin};
use app::campaigns::api::TransitionCampaign;
use app::dashboard::Dashboard;
use app::dashboard::api::CampaignDashboard;
use app::db::{audit_event, outbox_message, pipeline_entry};
use app::domain::campaign::CampaignStatus;
use app::metrics::api::RecordReading;
use app::report::Report;
use app::report::api::{FinalizeCampaign, GetReport};
use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const MARKETING: &str = "marketing@roster.example";
const DIRECTOR: &str = "director@roster.example";

async fn report(c: &mut Client, f: &Fixture) -> Report {
    let r = c
        .call::<GetReport>(&[("campaign_id", &f.campaign_id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn finalize(c: &mut Client, f: &Fixture, version: i32) -> common::Reply {
    c.call::<FinalizeCampaign>(&[
        ("campaign_id", &f.campaign_id.to_string()),
        ("version", &version.to_string()),
    ])
    .await
}

async fn transition(c: &mut Client, f: &Fixture, version: i32, to: &str) -> common::Reply {
    c.call::<TransitionCampaign>(&[
        ("id", &f.campaign_id.to_string()),
        ("version", &version.to_string()),
        ("to", to),
    ])
    .await
}

/// The fixture with two readings typed in, then completed.
async fn completed(app: &TestApp, marketing: &mut Client) -> (Fixture, i32) {
    let f = fixture(app).await;
    let [a, _, v] = f.deliverables;
    for (d, reach, likes) in [(a, "1000", "50"), (v, "3000", "90")] {
        let r = marketing
            .call::<RecordReading>(&[
                ("deliverable_id", &d.to_string()),
                ("captured_at", "2026-05-20 10:00"),
                ("counts[reach]", reach),
                ("counts[likes]", likes),
                ("counts[conversions]", "4"),
                ("counts[revenue]", "200"),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let before = report(marketing, &f).await;
    assert_eq!(before.status, CampaignStatus::Active);
    assert!(!before.can_finalize && before.finalized_at.is_none());
    let r = finalize(marketing, &f, before.version).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let r = transition(marketing, &f, before.version, "completed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (f, before.version + 1)
}

async fn emails_to(app: &TestApp, to: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .filter(outbox_message::Column::Subject.starts_with("Final report"))
        .all(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn finalizing_freezes_the_figures_and_emails_the_directors() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let (f, version) = completed(&app, &mut marketing).await;

    let live = report(&mut marketing, &f).await;
    assert!(live.can_finalize && live.can_archive);
    assert_eq!(live.figures.dashboard.counts.reach, 4_000);
    assert_eq!(
        live.figures.dashboard.leaderboard.len(),
        2,
        "Ana and Ben, signed"
    );
    assert_eq!(live.figures.deliverables.len(), 3);

    // Directors read the report; marketing finalizes it, at the version they saw.
    let mut director = app.signed_in(DIRECTOR).await;
    assert!(!report(&mut director, &f).await.can_finalize);
    let r = finalize(&mut director, &f, version).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = finalize(&mut marketing, &f, version - 1).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let r = finalize(&mut marketing, &f, version).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let frozen: Report = r.json();
    assert!(frozen.finalized_at.is_some() && !frozen.can_finalize);
    assert_eq!(frozen.figures.dashboard.counts.reach, 4_000);
    let r = finalize(&mut marketing, &f, frozen.version).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);

    let mail = emails_to(&app, DIRECTOR).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject, "Final report: Sponsor Test");
    assert!(
        mail[0]
            .link
            .ends_with(&format!("/campaigns/{}/report", f.campaign_id))
    );
    assert!(
        mail[0].body_text.contains("Measured reach: 4,000"),
        "{}",
        mail[0].body_text
    );
    assert!(emails_to(&app, MARKETING).await.is_empty());
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("campaign.finalize"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // No more readings; and what changes after stays out of the report.
    let r = marketing
        .call::<RecordReading>(&[
            ("deliverable_id", &f.deliverables[0].to_string()),
            ("counts[reach]", "9999"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    pipeline_entry::ActiveModel {
        id: Set(f.entries[0]),
        fee_minor: Set(Some(1)),
        ..Default::default()
    }
    .update(&app.state.db)
    .await
    .unwrap();
    let again = report(&mut director, &f).await;
    assert_eq!(again.figures, frozen.figures);
    let r = director
        .call::<CampaignDashboard>(&[("campaign_id", &f.campaign_id.to_string())])
        .await;
    let live: Dashboard = r.json();
    assert_ne!(
        live.money, frozen.figures.dashboard.money,
        "the dashboard stays live"
    );

    // Archived, the report still reads the same.
    let r = transition(&mut marketing, &f, frozen.version, "archived").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let archived = report(&mut director, &f).await;
    assert_eq!(archived.status, CampaignStatus::Archived);
    assert_eq!(archived.figures, frozen.figures);
    assert!(!archived.can_archive);
}

#[tokio::test]
async fn archiving_a_completed_campaign_finalizes_it_first() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let (f, version) = completed(&app, &mut marketing).await;
    let r = transition(&mut marketing, &f, version, "archived").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = report(&mut marketing, &f).await;
    assert_eq!(r.status, CampaignStatus::Archived);
    assert!(r.finalized_at.is_some());
    assert_eq!(emails_to(&app, DIRECTOR).await.len(), 1);
}

#[tokio::test]
async fn the_report_exports_per_creator_and_per_deliverable() {
    let app = TestApp::new().await;
    let mut marketing = app.signed_in(MARKETING).await;
    let (f, _) = completed(&app, &mut marketing).await;
    let path = |by: &str| format!("/campaigns/{}/report.csv?by={by}", f.campaign_id);

    let r = marketing.get(&path("creators")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let lines: Vec<&str> = r.text.trim_start_matches('\u{feff}').lines().collect();
    assert!(
        lines[0].starts_with("creator,stage,cost_eur,impressions,reach,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("revenue_eur,engagements,engagement_rate_pct,cpe,next_time"));
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Ben: 3,000 reached, 90 likes, cost 1,500 + 15 + 285; ER 3.00 % (under the 4 % goal,
    // over half of it: test), CPE 20.00.
    let ben = lines.iter().find(|l| l.starts_with("Ben Test")).unwrap();
    assert_eq!(
        *ben,
        "Ben Test,Content,1800.00,0,3000,0,90,0,0,0,0,4,200.00,90,3.00,20.00,Test"
    );

    let r = marketing.get(&path("deliverables")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let lines: Vec<&str> = r.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "a line per deliverable: {lines:?}");
    assert!(
        lines[0].starts_with("deliverable_id,creator,deliverable,platform,live_url,captured_at,")
    );
    assert!(lines.iter().any(
        |l| l.starts_with(&format!("{},Ana Test,", f.deliverables[0])) && l.contains(",1000,")
    ));

    let r = marketing.get(&path("everything")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    let r = other.get(&path("creators")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
}
