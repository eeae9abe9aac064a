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

use app::campaigns::Campaign;
use app::campaigns::api::CreateCampaign;
use app::creators::Creator;
use app::creators::api::CreateCreator;
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use app::pipeline::api::{MoveEntry, ShortlistCreators};
use axum::http::StatusCode;
use common::{Client, TestApp};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{env, follow, ms, percentile, same_session};
use tokio::sync::Mutex;

const CLIENTS: usize = 200;
const CAMPAIGNS: usize = 20;
const PER_CAMPAIGN: usize = 40;
const SUBSCRIBERS: usize = 500;
const FAN_OUT_MOVES: usize = 200;
/// Each move goes one step along this cycle; every stage rule allows it.
const CYCLE: [Stage; 4] = [
    Stage::Contacted,
    Stage::Negotiating,
    Stage::Contracted,
    Stage::Shortlisted,
];

/// A board: its campaign and the entry ids on it.
async fn seed_campaign(c: &mut Client, n: usize, size: usize) -> (i32, Vec<i32>) {
    let campaign: Campaign = c
        .call::<CreateCampaign>(&[
            ("input[name]", &format!("Bench {n}")),
            ("input[objective]", "awareness"),
            ("input[currency]", "EUR"),
            ("input[budget]", "100000"),
            ("input[starts_on]", "2026-03-01"),
            ("input[ends_on]", "2026-06-30"),
        ])
        .await
        .json();
    let mut ids = Vec::new();
    for i in 0..size {
        let creator: Creator = c
            .call::<CreateCreator>(&[("input[name]", &format!("Creator {n}-{i}"))])
            .await
            .json();
        ids.push(creator.id.to_string());
    }
    let mut args: Vec<(String, String)> = vec![
        ("campaign_id".into(), campaign.id.to_string()),
        ("input[fee]".into(), "500".into()),
    ];
    for (i, id) in ids.iter().enumerate() {
        args.push((format!("creator_ids[{i}]"), id.clone()));
    }
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = c.call::<ShortlistCreators>(&args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let entries: Vec<Entry> = r.json();
    (campaign.id, entries.iter().map(|e| e.id).collect())
}

/// One client's cards: where each stands in the cycle and its version.
struct Hand {
    client: Client,
    cards: Vec<(i32, usize, i32)>,
    next: usize,
}

impl Hand {
    /// Moves the next card one step; answers whether the server took it.
    async fn move_one(&mut self, index: u32) -> bool {
        let slot = self.next % self.cards.len();
        self.next += 1;
        let (id, step, version) = self.cards[slot];
        let to = CYCLE[step % CYCLE.len()];
        let r = self
            .client
            .call::<MoveEntry>(&[
                ("entry_id", &id.to_string()),
                ("version", &version.to_string()),
                ("to", to.as_str()),
                ("index", &index.to_string()),
            ])
            .await;
        if r.status != StatusCode::OK {
            eprintln!("move refused: {} {}", r.status, r.text);
            return false;
        }
        let saved: Entry = r.json();
        self.cards[slot] = (id, step + 1, saved.version);
        true
    }
}

fn report(name: &str, took: Duration, mut latencies: Vec<Duration>, refused: usize) {
    latencies.sort();
    let n = latencies.len();
    println!(
        "{name:<12} {n:>7} moves in {:>5.1} s = {:>7.0} moves/s   p50 {:>6} ms   p95 {:>6} ms   p99 {:>6} ms   max {:>7} ms   refused {refused}",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.95)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap()),
    );
}

/// Runs every hand for `seconds`; with `rate`, each hand paces itself to its share of it.
async fn run(
    hands: &[Arc<Mutex<Hand>>],
    seconds: u64,
    rate: Option<f64>,
) -> (Duration, Vec<Duration>, usize) {
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    let clients = hands.len();
    for (i, hand) in hands.iter().enumerate() {
        let hand = hand.clone();
        tasks.push(tokio::spawn(async move {
            let mut hand = hand.lock().await;
            let mut latencies = Vec::new();
            let mut refused = 0;
            // Paced clients start spread over one interval, then keep to their schedule.
            let interval = rate.map(|r| Duration::from_secs_f64(clients as f64 / r));
            let mut due = started
                + interval.map_or(Duration::ZERO, |iv| iv.mul_f64(i as f64 / clients as f64));
            while due < until && Instant::now() < until {
                tokio::time::sleep_until(due.into()).await;
                let sent = if interval.is_some() {
                    due
                } else {
                    Instant::now()
                };
                if hand.move_one((i % 5) as u32).await {
                    latencies.push(sent.elapsed());
                } else {
                    refused += 1;
                }
                due = match interval {
                    Some(iv) => due + iv,
                    None => Instant::now(),
                };
            }
            (latencies, refused)
        }));
    }
    let mut all = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let (l, r) = t.await.unwrap();
        all.extend(l);
        refused += r;
    }
    (started.elapsed(), all, refused)
}

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
    report(&format!("paced {rate:.0}/s"), took, latencies, refused);
    let (took, latencies, refused) = run(&hands, seconds, None).await;
    report("saturated", took, latencies, refused);

    // Fan-out: 500 streams on the first campaign, and a probe on the bus itself.
    let (campaign, _) = boards[0];
    let path = format!("/events?campaign={campaign}");
    let mut readers = Vec::new();
    for i in 0..SUBSCRIBERS {
        let mut c = same_session(&app, if i % 2 == 0 { &maya } else { &alex });
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
    assert_eq!(
        delays.len(),
        FAN_OUT_MOVES * SUBSCRIBERS,
        "every stream got every move"
    );
}
