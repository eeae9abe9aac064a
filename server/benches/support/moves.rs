//! Cards moved on pipeline boards by many clients, paced or as fast as answers come: the
//! load of the moves benchmark, and the background load of the load test.

use super::{ms, percentile};
use crate::common::Client;
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use app::pipeline::api::MoveEntry;
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Each move goes one step along this cycle; every stage rule allows it.
pub const CYCLE: [Stage; 4] = [
    Stage::Contacted,
    Stage::Negotiating,
    Stage::Contracted,
    Stage::Shortlisted,
];

/// One client's cards: where each stands in the cycle and its version.
pub struct Hand {
    pub client: Client,
    pub cards: Vec<(i32, usize, i32)>,
    pub next: usize,
}

impl Hand {
    /// Moves the next card one step; answers whether the server took it.
    pub async fn move_one(&mut self, index: u32) -> bool {
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

/// Prints a phase's figures; returns its moves per second and its p99.
pub fn report(
    name: &str,
    took: Duration,
    mut latencies: Vec<Duration>,
    refused: usize,
) -> (f64, Duration) {
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
    (n as f64 / took.as_secs_f64(), percentile(&latencies, 0.99))
}

/// Runs every hand for `seconds`; with `rate`, each hand paces itself to its share of it.
pub async fn run(
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
