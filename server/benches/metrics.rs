//! Benchmark (not a test): metrics at scale. One campaign of 1,000 creators × 10
//! deliverables, each read 100 times: 1,000,000 snapshots.
//!
//! 1. Ingest: the snapshots go in through the ingest API (`POST /api/v1/snapshots`, the
//!    real router in-process, no TCP) in batches of 10,000, one reading of every
//!    deliverable per batch. Throughput counts the requests' time only, not building them.
//! 2. The dashboard server function on that campaign, and across active campaigns: p50/p95.
//! 3. Fan-out: 1,000 dashboards follow the campaign's event stream; small batches are
//!    ingested one by one, and the update's arrival at every dashboard is timed from the
//!    moment the ingest request was answered.
//! 4. The process's memory (resident now, and at its peak).
//!
//!     cargo bench -p server --bench metrics
//!
//! `ROSTER_TEST_POSTGRES=postgres://…/postgres` runs it on PostgreSQL instead of SQLite;
//! `BENCH_READINGS` sets the readings per deliverable (default 100).

#[path = "../tests/integration/common/mod.rs"]
mod common;
mod support;

use app::api_tokens::CreatedToken;
use app::api_tokens::api::CreateApiToken;
use app::creators::{ChannelFields, CreatorFields, Onboarding};
use app::dashboard::Dashboard;
use app::dashboard::api::{ActiveDashboard, CampaignDashboard};
use app::db::{campaign, deliverable, organization, pipeline_entry};
use app::domain::creator::Platform;
use axum::http::StatusCode;
use chrono::{Duration as Days, NaiveDate};
use common::metrics::ingest;
use common::{Client, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use std::fmt::Write;
use std::time::{Duration, Instant};
use support::{
    Target, colleagues, env, follow, memory, millis, ms, percentile, same_session, target,
};

const CREATORS: usize = 1_000;
const PER_CREATOR: usize = 10;
const DASHBOARDS: usize = 1_000;
const FAN_OUT_BATCHES: usize = 50;
const DASHBOARD_CALLS: usize = 200;

/// The allocator the server runs with (glibc's contends between threads under load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The campaign, and its deliverables' ids.
async fn seed(app: &TestApp) -> (i32, Vec<i32>) {
    let db = &app.state.db;
    let now = common::start_time();
    let org = organization::Entity::find()
        .filter(organization::Column::IsDemo.eq(true))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let txn = db.begin().await.unwrap();
    let c = campaign::ActiveModel {
        organization_id: Set(org),
        name: Set("Bench".into()),
        objective: Set("awareness".into()),
        status: Set("active".into()),
        currency: Set("EUR".into()),
        budget_minor: Set(500_000_000),
        starts_on: Set(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        ends_on: Set(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
        target_reach: Set(Some(500_000_000)),
        target_engagement_bp: Set(Some(400)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let mut entries = Vec::with_capacity(CREATORS);
    for i in 0..CREATORS {
        let fields = CreatorFields {
            name: format!("Bench creator {i}"),
            email: None,
            country: None,
            niches: vec![],
            tier: None,
            tag: None,
            rate: None,
            notes: String::new(),
            onboarding: Onboarding::default(),
            channels: vec![ChannelFields {
                platform: Platform::Instagram,
                handle: format!("bench{i}"),
                url: None,
                followers: 10_000 + i as i64 * 97,
                engagement_bp: None,
                fake_followers_bp: None,
            }],
        };
        let creator = app::creators::ssr::insert(&txn, org, now, &fields)
            .await
            .unwrap()
            .unwrap();
        entries.push(pipeline_entry::ActiveModel {
            organization_id: Set(org),
            campaign_id: Set(c.id),
            creator_id: Set(creator),
            stage: Set("live".into()),
            position: Set(i as i32 + 1),
            fee_minor: Set(Some(50_000)),
            shipping_minor: Set(0),
            product_cost_minor: Set(0),
            stage_changed_at: Set(now),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in entries.chunks(500) {
        pipeline_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    let entry_ids: Vec<i32> = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CampaignId.eq(c.id))
        .all(&txn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let rows: Vec<_> = entry_ids
        .iter()
        .flat_map(|entry| {
            (0..PER_CREATOR).map(move |n| deliverable::ActiveModel {
                organization_id: Set(org),
                pipeline_entry_id: Set(*entry),
                platform: Set("instagram".into()),
                format: Set("post".into()),
                number: Set(n as i32 + 1),
                of_count: Set(PER_CREATOR as i32),
                due_on: Set(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
                created_at: Set(now),
                ..Default::default()
            })
        })
        .collect();
    for chunk in rows.chunks(1_000) {
        deliverable::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    let deliverables = deliverable::Entity::find()
        .filter(deliverable::Column::OrganizationId.eq(org))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    (c.id, deliverables)
}

/// One reading of each deliverable, `round` hours into the campaign, as the API takes it.
fn batch(deliverables: &[i32], round: usize) -> String {
    let at = (common::start_time() - Days::days(120) + Days::hours(round as i64))
        .format("%Y-%m-%dT%H:%M:%SZ");
    let mut body = String::from("{\"snapshots\":[");
    for (i, id) in deliverables.iter().enumerate() {
        let r = (round as i64 + 1) * (100 + *id as i64 % 50);
        if i > 0 {
            body.push(',');
        }
        write!(
            body,
            "{{\"deliverable_id\":{id},\"captured_at\":\"{at}\",\"impressions\":{},\"reach\":{r},\"likes\":{},\"comments\":{},\"clicks\":{},\"conversions\":{},\"revenue_minor\":{}}}",
            r * 3 / 2,
            r / 20,
            r / 400,
            r / 100,
            r / 2_000,
            r / 2_000 * 8_500
        )
        .unwrap();
    }
    body.push_str("]}");
    body
}

async fn timed_dashboards(c: &mut Client, campaign: Option<i32>, calls: usize) -> Vec<Duration> {
    let id = campaign.map(|c| c.to_string()).unwrap_or_default();
    let mut took = Vec::with_capacity(calls);
    for _ in 0..calls {
        let started = Instant::now();
        let r = match campaign {
            Some(_) => c.call::<CampaignDashboard>(&[("campaign_id", &id)]).await,
            None => c.call::<ActiveDashboard>(&[]).await,
        };
        took.push(started.elapsed());
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    took.sort();
    took
}

fn summary(label: &str, sorted: &[Duration]) -> Duration {
    println!(
        "{label:<28} {} calls   p50 {} ms   p95 {} ms   p99 {} ms   max {} ms",
        sorted.len(),
        ms(percentile(sorted, 0.50)),
        ms(percentile(sorted, 0.95)),
        ms(percentile(sorted, 0.99)),
        ms(*sorted.last().unwrap()),
    );
    percentile(sorted, 0.95)
}

#[tokio::main]
async fn main() {
    // Warnings and errors only (a failed query behind a 500), not the migrations' progress.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_writer(std::io::stderr)
        .init();
    let readings = env("BENCH_READINGS", 100) as usize;
    let app = TestApp::new().await;
    let mut alex = app.signed_in("admin@roster.example").await;
    let created: CreatedToken = alex
        .call::<CreateApiToken>(&[("name", "Bench")])
        .await
        .json();
    let token = created.secret;
    let mut maya = app.signed_in("marketing@roster.example").await;

    let started = Instant::now();
    let (campaign, deliverables) = seed(&app).await;
    println!(
        "\nseeded {CREATORS} creators × {PER_CREATOR} deliverables in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // 1. Ingest: a batch per round, every deliverable read once in each.
    let mut in_requests = Duration::ZERO;
    let mut slowest = Duration::ZERO;
    for round in 0..readings {
        let body = batch(&deliverables, round);
        let started = Instant::now();
        let r = ingest(&app, Some(&token), Some(&format!("round-{round}")), &body).await;
        let took = started.elapsed();
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        in_requests += took;
        slowest = slowest.max(took);
    }
    let rows = readings * deliverables.len();
    println!(
        "ingest                       {rows} snapshots in {readings} batches of {}   {:.0} rows/s   mean batch {} ms   slowest {} ms",
        deliverables.len(),
        rows as f64 / in_requests.as_secs_f64(),
        ms(in_requests / readings as u32),
        ms(slowest),
    );
    target(
        "ingest rate",
        rows as f64 / in_requests.as_secs_f64(),
        "rows/s",
        Target::AtLeast(50_000.0),
    );
    let (rss, peak) = memory();
    println!("memory after ingest          resident {rss:.0} MiB   peak {peak:.0} MiB");

    // 2. The dashboard over 1,000,000 snapshots.
    let d: Dashboard = maya
        .call::<CampaignDashboard>(&[("campaign_id", &campaign.to_string())])
        .await
        .json();
    assert_eq!(d.creators, CREATORS);
    let p95 = summary(
        "dashboard (campaign)",
        &timed_dashboards(&mut maya, Some(campaign), DASHBOARD_CALLS).await,
    );
    target("dashboard p95", millis(p95), "ms", Target::AtMost(30.0));
    summary(
        "dashboard (active campaigns)",
        &timed_dashboards(&mut maya, None, DASHBOARD_CALLS / 4).await,
    );

    // 3. Fan-out: 1,000 dashboards follow the campaign.
    let path = format!("/events?campaign={campaign}");
    let mut followers = Vec::with_capacity(DASHBOARDS);
    let people = colleagues(&app, DASHBOARDS.div_ceil(app::realtime::slots::PER_PERSON)).await;
    for _ in 0..DASHBOARDS {
        let (status, body) = same_session(&app, &people[followers.len() % people.len()])
            .open(&path, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        followers.push(tokio::spawn(follow(body, FAN_OUT_BATCHES)));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut answered = Vec::with_capacity(FAN_OUT_BATCHES);
    for n in 0..FAN_OUT_BATCHES {
        let body = batch(&deliverables[n..=n], readings + n);
        let r = ingest(&app, Some(&token), Some(&format!("fan-{n}")), &body).await;
        answered.push(Instant::now());
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut delays = Vec::new();
    let mut before_answer = 0;
    for f in followers {
        let seen = f.await.unwrap();
        assert_eq!(
            seen.len(),
            FAN_OUT_BATCHES,
            "every dashboard got every update"
        );
        for ((_, at), answered) in seen.iter().zip(&answered) {
            if at < answered {
                before_answer += 1;
            }
            delays.push(at.saturating_duration_since(*answered));
        }
    }
    delays.sort();
    println!(
        "fan-out                      {} updates ({FAN_OUT_BATCHES} batches × {DASHBOARDS} dashboards), after the ingest answer: p50 {} ms   p95 {} ms   p99 {} ms   max {} ms   ({before_answer} arrived before the answer itself)",
        delays.len(),
        ms(percentile(&delays, 0.50)),
        ms(percentile(&delays, 0.95)),
        ms(percentile(&delays, 0.99)),
        ms(*delays.last().unwrap()),
    );
    target(
        "update at every dashboard p95",
        millis(percentile(&delays, 0.95)),
        "ms",
        Target::AtMost(100.0),
    );
    let (rss, peak) = memory();
    println!("memory with 1,000 dashboards resident {rss:.0} MiB   peak {peak:.0} MiB");
}
