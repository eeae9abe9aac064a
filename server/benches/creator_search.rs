//! Benchmark (not a test): the creator search server function over 100,000 creators.
//!
//! Seeds one organization with 100,000 creators (1–3 channels and 1–3 niches each), then
//! calls `search_creators` over HTTP through the real router, signed in as marketing,
//! for a mix of filters, and prints p50/p95/p99 per query and overall.
//!
//!     cargo bench -p server --bench creator_search
//!
//! `ROSTER_TEST_POSTGRES=postgres://…/postgres` runs it on PostgreSQL instead of SQLite;
//! `BENCH_CREATORS` changes the number of creators, `BENCH_RUNS` the calls per query.

#[path = "../tests/integration/common/mod.rs"]
mod common;
mod support;

use app::creators::CreatorResults;
use app::creators::api::SearchCreators;
use app::domain::creator::{PerformanceTag, Platform, Tier};
use axum::http::StatusCode;
use common::TestApp;
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use std::time::{Duration, Instant};
use support::{Target, millis, ms, percentile, target};

const NICHES: &[&str] = &[
    "beauty",
    "skincare",
    "fitness",
    "running",
    "food",
    "travel",
    "outdoor",
    "tech",
    "gaming",
    "fashion",
    "parenting",
    "finance",
    "music",
    "art",
    "pets",
    "home",
    "cycling",
    "hiking",
    "wellness",
    "photography",
];
const FIRST: &[&str] = &[
    "Ana", "Ben", "Cleo", "Dev", "Elin", "Farah", "Gus", "Hana", "Iris", "Jonas", "Kaia", "Luca",
    "Maya", "Noah", "Olivia", "Pablo", "Quinn", "Rosa", "Sami", "Tara",
];
const LAST: &[&str] = &[
    "Souza", "Okafor", "Martin", "Patel", "Berg", "Haddad", "Walker", "Sato", "Dijk", "Weber",
    "Nilsen", "Romano", "Kim", "Brown", "Ortega", "Novak", "Silva", "Costa", "Meyer", "Khan",
];
const COUNTRIES: &[&str] = &["DE", "FR", "GB", "US", "BR", "NG", "IN", "JP", "SE", "ES"];

/// A small deterministic generator, so every run seeds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Inserts the creators with multi-row INSERTs, keeping the denormalised columns (followers,
/// engagement, search text) as the app keeps them.
async fn seed(db: &DatabaseConnection, org: i32, count: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = "2026-06-01 09:00:00+00:00";
    let txn = db.begin().await.unwrap();
    let mut id = 0;
    for chunk_start in (0..count).step_by(500) {
        let (mut creators, mut channels, mut niches) = (Vec::new(), Vec::new(), Vec::new());
        for _ in chunk_start..(chunk_start + 500).min(count) {
            id += 1;
            let name = format!("{} {} {id}", rng.pick(FIRST), rng.pick(LAST));
            let email = format!("creator{id}@example.com");
            let mut total = 0i64;
            let (mut weighted, mut handles) = (0i64, Vec::new());
            let mut used = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let platform = *rng.pick(Platform::ALL);
                if used.contains(&platform) {
                    continue;
                }
                used.push(platform);
                // Audiences spread over four orders of magnitude, like real rosters.
                let followers = 10i64.pow(3 + rng.below(4) as u32) * (1 + rng.below(9) as i64);
                let er = 50 + rng.below(900) as i64;
                total += followers;
                weighted += followers * er;
                let handle = format!("{}{id}", platform.as_str());
                channels.push(format!(
                    "({org}, {id}, '{}', '{handle}', NULL, {followers}, {er}, 300, '{now}')",
                    platform.as_str()
                ));
                handles.push(handle);
            }
            let mut mine = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let niche = *rng.pick(NICHES);
                if !mine.contains(&niche) {
                    mine.push(niche);
                    niches.push(format!("({id}, {org}, '{niche}')"));
                }
            }
            let tier = rng.pick(Tier::ALL).as_str();
            let tag = match rng.below(4) {
                0 => "NULL".to_string(),
                n => format!("'{}'", PerformanceTag::ALL[n as usize - 1].as_str()),
            };
            let search = format!("{} {email} {}", name.to_lowercase(), handles.join(" "));
            creators.push(format!(
                "({id}, {org}, '{name}', '{email}', '{}', '{tier}', {tag}, '', {total}, {}, '{search}', 1, '{now}', '{now}')",
                rng.pick(COUNTRIES),
                weighted / total.max(1),
            ));
        }
        txn.execute_unprepared(&format!(
            "INSERT INTO creator (id, organization_id, name, email, country, tier, performance_tag, notes, followers, engagement_bp, search_text, version, created_at, updated_at) VALUES {}",
            creators.join(",")
        ))
        .await
        .unwrap();
        txn.execute_unprepared(&format!(
            "INSERT INTO channel (organization_id, creator_id, platform, handle, url, followers, engagement_bp, fake_followers_bp, created_at) VALUES {}",
            channels.join(",")
        ))
        .await
        .unwrap();
        txn.execute_unprepared(&format!(
            "INSERT INTO creator_niche (creator_id, organization_id, niche) VALUES {}",
            niches.join(",")
        ))
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
    // PostgreSQL's id sequence must move past the explicit ids; both engines get statistics.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("SELECT setval('creator_id_seq', (SELECT max(id) FROM creator))")
            .await
            .unwrap();
    }
    db.execute_unprepared("ANALYZE").await.unwrap();
}

/// The allocator the server runs with (glibc's contends between threads under load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_CREATORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let app = TestApp::new().await;
    let engine = format!("{:?}", app.state.db.get_database_backend());
    let started = Instant::now();
    seed(&app.state.db, 1, count).await;
    println!(
        "Seeded {count} creators on {engine} in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    let mut maya = app.signed_in("marketing@roster.example").await;

    let queries: &[(&str, &[(&str, &str)])] = &[
        ("everyone, by name", &[]),
        ("niche", &[("filter[niche]", "beauty")]),
        (
            "niche + followers 10k–100k",
            &[
                ("filter[niche]", "fitness"),
                ("filter[followers_min]", "10000"),
                ("filter[followers_max]", "100000"),
            ],
        ),
        (
            "platform + followers, most followers first",
            &[
                ("filter[platform]", "instagram"),
                ("filter[followers_min]", "50000"),
                ("filter[sort]", "followers_desc"),
            ],
        ),
        ("text", &[("filter[text]", "olivia")]),
        (
            "engagement 3–6 % + country",
            &[
                ("filter[engagement_min_bp]", "300"),
                ("filter[engagement_max_bp]", "600"),
                ("filter[country]", "DE"),
            ],
        ),
        (
            "tier + tag, by engagement",
            &[
                ("filter[tier]", "paid"),
                ("filter[tag]", "rebook"),
                ("filter[sort]", "engagement_desc"),
            ],
        ),
        ("page 1,000", &[("filter[page]", "1000")]),
        (
            "everything at once",
            &[
                ("filter[text]", "ana"),
                ("filter[niche]", "travel"),
                ("filter[platform]", "tiktok"),
                ("filter[followers_min]", "1000"),
                ("filter[engagement_min_bp]", "100"),
                ("filter[country]", "BR"),
                ("filter[tier]", "paid"),
            ],
        ),
    ];

    println!(
        "\n{:<44} {:>8} {:>9} {:>9} {:>9}",
        "query", "matches", "p50 ms", "p95 ms", "p99 ms"
    );
    let mut all = Vec::new();
    for (label, args) in queries {
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        for i in 0..runs + 5 {
            let t = Instant::now();
            let r = maya.call::<SearchCreators>(args).await;
            let took = t.elapsed();
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            total = r.json::<CreatorResults>().total;
            // The first calls warm the caches.
            if i >= 5 {
                times.push(took);
            }
        }
        times.sort();
        println!(
            "{label:<44} {total:>8} {:>9} {:>9} {:>9}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(percentile(&times, 0.99))
        );
        all.extend(times);
    }
    all.sort();
    if std::env::var("BENCH_KEEP").is_ok()
        && let Some(dir) = &app.dir
    {
        println!("Database kept in {}", dir.0.display());
        std::mem::forget(app);
        return report(&all);
    }
    report(&all);
}

fn report(all: &[Duration]) {
    println!(
        "{:<44} {:>8} {:>9} {:>9} {:>9}",
        "all queries",
        "",
        ms(percentile(all, 0.5)),
        ms(percentile(all, 0.95)),
        ms(percentile(all, 0.99))
    );
    // Ours: a search over 100,000 creators answers before a typist notices.
    target(
        "p95 over all queries",
        millis(percentile(all, 0.95)),
        "ms",
        Target::AtMost(100.0),
    );
}
