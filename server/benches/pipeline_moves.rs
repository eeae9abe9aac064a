//! Benchmark (not a test): moving cards on pipeline boards, and live fan-out of the moves.
//!
//! 0. Warm-up: one second as in 1., reported apart, so that a slow start shows without
//!    deciding the paced p99. (Sessions saved on the first requests once polled for
//!    SQLite's lock outside the writers' queue and waited up to a second; now they queue.)
//! 1. Paced: 200 clients (signed-in sessions) on 20 campaigns of 40 creators each, together
//!    offering `BENCH_RATE` moves per second (default 2,000), each a `move_entry` call
//!    through the real router (in-process, no TCP). Latency is measured from the moment a
//!    move was due to be sent, so a server that falls behind shows it.
//! 2. Saturated: the same 200 clients, each sending its next move as soon as the last one
//!    is answered: the most moves per second the server sustains.
//! 3. Fan-out: 500 clients follow one campaign's event stream (`GET /events`); moves are
//!    made one by one, and each event's arrival at every client is timed from the moment it
//!    was published (taken by a subscriber on the bus itself).
//!
//!     cargo bench -p server --bench pipeline_moves
//!
//! `ROSTER_TEST_POSTGRES=postgres://…/postgres` runs it on PostgreSQL instead of SQLite;
//! `BENCH_SECONDS` sets how long phases 1 and 2 run (default 10 each).

#[path = "../tests/integration/common/mod.rs"]
mod common;
mod support;

use axum::http::StatusCode;
use common::TestApp;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::moves::{Hand, report, run};
use support::{
    Target, colleagues, env, follow, millis, ms, percentile, same_session, seed_campaign, target,
};
use tokio::sync::Mutex;

const CLIENTS: usize = 200;
const CAMPAIGNS: usize = 20;
const PER_CAMPAIGN: usize = 40;
const SUBSCRIBERS: usize = 500;
const FAN_OUT_MOVES: usize = 200;
/// The allocator the server runs with (glibc's contends between threads under load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let seconds = env("BENCH_SECONDS", 10);
    let rate = env("BENCH_RATE", 2_000) as f64;
    let app = TestApp::new().await;
    let engine = format!("{:?}", app.state.db.get_database_backend());
    let mut maya = app.signed_in("marketing@roster.example").await;
    let alex = app.signed_in("admin@roster.example").await;

    let started = Instant::now();
    let mut boards = Vec::new();
    for n in 0..CAMPAIGNS {
        boards.push(seed_campaign(&mut maya, n, PER_CAMPAIGN).await);
    }
    println!(
        "Seeded {CAMPAIGNS} campaigns × {PER_CAMPAIGN} creators on {engine} in {:.1} s; {CLIENTS} clients, 2 sessions.",
        started.elapsed().as_secs_f64()
    );

    // Each client gets its own cards (a tenth of a board), so no two clients race for one.
    let per_client = PER_CAMPAIGN * CAMPAIGNS / CLIENTS;
    let hands: Vec<Arc<Mutex<Hand>>> = (0..CLIENTS)
        .map(|i| {
            let (_, ids) = &boards[i % CAMPAIGNS];
            let k = i / CAMPAIGNS;
            let cards = ids[k * per_client..(k + 1) * per_client]
                .iter()
                .map(|id| (*id, 0, 1))
                .collect();
            let session = if i % 2 == 0 { &maya } else { &alex };
            Arc::new(Mutex::new(Hand {
                client: same_session(&app, session),
                cards,
                next: 0,
            }))
        })
        .collect();

    // The first moves after start include a few slow ones (see the top): one second of
    // them, reported but kept out of the paced figures.
    let (took, latencies, refused) = run(&hands, 1, Some(rate)).await;
    report("warm-up", took, latencies, refused);
    println!();
    let (took, latencies, refused) = run(&hands, seconds, Some(rate)).await;
    let (_, p99) = report(&format!("paced {rate:.0}/s"), took, latencies, refused);
    target(
        "p99 at 2,000 moves/s",
        millis(p99),
        "ms",
        Target::AtMost(25.0),
    );
    let (took, latencies, refused) = run(&hands, seconds, None).await;
    let (per_second, _) = report("saturated", took, latencies, refused);
    target(
        "moves answered per second",
        per_second,
        "/s",
        Target::AtLeast(2_000.0),
    );

    // Fan-out: 500 streams on the first campaign, and a probe on the bus itself.
    let (campaign, _) = boards[0];
    let path = format!("/events?campaign={campaign}");
    let mut readers = Vec::new();
    let people = colleagues(&app, SUBSCRIBERS.div_ceil(app::realtime::slots::PER_PERSON)).await;
    for i in 0..SUBSCRIBERS {
        let mut c = same_session(&app, &people[i % people.len()]);
        let (status, body) = c.open(&path, None).await;
        assert_eq!(status, StatusCode::OK);
        readers.push(tokio::spawn(follow(body, FAN_OUT_MOVES)));
    }
    let (_, mut live) = app
        .state
        .events
        .subscribe(app::realtime::bus::Viewer::Organization(1), None);
    let probe = tokio::spawn(async move {
        let mut published = HashMap::new();
        while published.len() < FAN_OUT_MOVES {
            let Ok(envelope) = live.recv().await else {
                break;
            };
            published.insert(envelope.event.id, Instant::now());
        }
        published
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut hand = hands[0].lock().await;
    for _ in 0..FAN_OUT_MOVES {
        assert!(hand.move_one(0).await);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(hand);
    let published = probe.await.unwrap();
    let mut delays = Vec::new();
    for r in readers {
        for (id, at) in r.await.unwrap() {
            if let Some(sent) = published.get(&id) {
                delays.push(at.saturating_duration_since(*sent));
            }
        }
    }
    delays.sort();
    println!(
        "fan-out      {} deliveries ({FAN_OUT_MOVES} moves × {SUBSCRIBERS} streams)   p50 {} ms   p95 {} ms   p99 {} ms   max {} ms",
        delays.len(),
        ms(percentile(&delays, 0.50)),
        ms(percentile(&delays, 0.95)),
        ms(percentile(&delays, 0.99)),
        ms(*delays.last().unwrap()),
    );
    target(
        "fan-out p95",
        millis(percentile(&delays, 0.95)),
        "ms",
        Target::AtMost(50.0),
    );
    assert_eq!(
        delays.len(),
        FAN_OUT_MOVES * SUBSCRIBERS,
        "every stream got every move"
    );
}
