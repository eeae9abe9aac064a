//! What the benchmarks share: percentiles, figures as printed, event streams read with
//! their arrival times, the process's memory, boards to move cards on, a server process.
#![allow(dead_code)]

pub mod moves;
pub mod process;

use crate::common::{Client, TestApp};
use app::campaigns::Campaign;
use app::campaigns::api::CreateCampaign;
use app::creators::Creator;
use app::creators::api::CreateCreator;
use app::pipeline::Entry;
use app::pipeline::api::ShortlistCreators;
use axum::http::StatusCode;
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

/// A target, as `make bench` prints it under the figure it judges.
pub enum Target {
    AtMost(f64),
    AtLeast(f64),
}

/// Prints `figure` (in `unit`) against its target. Benchmarks print and never assert: this
/// VM is shared and noisy, and a timing is a measurement, not a test (the load test asserts
/// the caps, which do not depend on the machine's speed).
pub fn target(what: &str, figure: f64, unit: &str, target: Target) {
    let (sign, bound, met) = match target {
        Target::AtMost(b) => ("≤", b, figure <= b),
        Target::AtLeast(b) => ("≥", b, figure >= b),
    };
    println!(
        "    target: {what} {sign} {bound} {unit} · measured {figure:.1} {unit} · {}",
        if met { "met" } else { "MISSED" }
    );
}

pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `n` marketing colleagues in the demo organization, each signed in. Event streams are
/// capped per person (`app::realtime::slots`), so many open streams take many people.
pub async fn colleagues(app: &TestApp, n: usize) -> Vec<Client> {
    use app::db::{organization, user};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let org = organization::Entity::find()
        .filter(organization::Column::IsDemo.eq(true))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo organization")
        .id;
    let password = "colleague password";
    let hash = app::platform::password::hash(password.into())
        .await
        .unwrap();
    let mut signed_in = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("colleague{i}.{}@roster.example", crate::common::unique("c"));
        user::ActiveModel {
            organization_id: Set(Some(org)),
            email: Set(email.clone()),
            name: Set(format!("Colleague {i}")),
            password_hash: Set(hash.clone()),
            role: Set("marketing".into()),
            created_at: Set(crate::common::start_time()),
            ..Default::default()
        }
        .insert(&app.state.db)
        .await
        .unwrap();
        signed_in.push(app.signed_in_with(&email, password).await);
    }
    signed_in
}

/// A new API token of the organization, made by `admin`: its secret.
pub async fn api_token(admin: &mut Client, name: &str) -> String {
    let r = admin
        .call::<app::api_tokens::api::CreateApiToken>(&[("name", name)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json::<serde_json::Value>()["secret"]
        .as_str()
        .expect("the token's secret")
        .to_string()
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

/// A board: its campaign and the entry ids on it.
pub async fn seed_campaign(c: &mut Client, n: usize, size: usize) -> (i32, Vec<i32>) {
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
