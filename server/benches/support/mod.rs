//! What the benchmarks share: percentiles, figures as printed, event streams read with
//! their arrival times, the process's memory.
#![allow(dead_code)]

use crate::common::{Client, TestApp};
use http_body_util::BodyExt;
use std::time::{Duration, Instant};

pub fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Another client on the same signed-in session.
pub fn same_session(app: &TestApp, of: &Client) -> Client {
    let mut c = app.client();
    c.cookie = of.cookie.clone();
    c
}

/// Reads `count` events off a server-sent event stream: each one's id and arrival time.
pub async fn follow(mut body: axum::body::Body, count: usize) -> Vec<(u64, Instant)> {
    let mut text = String::new();
    let mut seen = Vec::with_capacity(count);
    while seen.len() < count {
        let Some(Ok(frame)) = body.frame().await else {
            break;
        };
        let at = Instant::now();
        if let Some(data) = frame.data_ref() {
            text.push_str(&String::from_utf8_lossy(data));
        }
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                let event: app::realtime::Event = serde_json::from_str(data).unwrap();
                seen.push((event.id, at));
            }
        }
    }
    seen
}

/// The process's resident memory now and at its peak, in MiB (Linux).
pub fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
}
