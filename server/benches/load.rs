//! Load test (not part of `make test`; `make load-test`): what floods and edges do to
//! everyone else. Each phase prints its figures; a broken cap or limit fails it.
//!
//! 1. Sign-in flood: 300 addresses each guessing passwords of unknown accounts as fast as
//!    answers come, while 200 clients move cards at `BENCH_RATE` (2,000) moves a second and
//!    a director refreshes the dashboard. Moves and dashboards are timed with and without
//!    the flood (targets: moves p99 ≤ 25 ms, dashboard p95 ≤ 30 ms); the flood's answers
//!    are counted; a real colleague signs in every half second; memory is read.
//! 2. Event streams: one person opens one more than their cap, then a hundred colleagues
//!    open streams up to the organization's cap and one more; another organization's
//!    admin still gets one. Memory per open stream.
//! 3. Ingest at the body limit (10,000 readings padded to just under 16 MiB) while 500 of
//!    those streams follow the campaign and the dashboard is refreshed: the batch's time,
//!    the dashboard's latency meanwhile, the update's arrival at every stream.
//! 4. One creator's 20 concurrent uploads of 1 MB with 2 MB of quota left: what is taken
//!    never passes the quota.
//! 5. A 5,000-character draft version re-anchoring 300 open threads, submitted while cards
//!    move at `BENCH_RATE`: the submission's time and the moves' p99 around it.
//!
//!     cargo bench -p server --bench load
//!
//! `ROSTER_TEST_POSTGRES=postgres://…/postgres` runs it on PostgreSQL; `BENCH_SECONDS`
//! sets the length of the timed windows of phase 1 (default 8).

#[path = "../tests/integration/common/mod.rs"]
mod common;
mod support;

use app::dashboard::api::CampaignDashboard;
use app::deliverables::api::AddComment;
use app::realtime::slots::{PER_ORGANIZATION, PER_PERSON};
use axum::http::StatusCode;
use common::portal::{self, CREATOR, LEGAL, MARKETING};
use common::{Client, TestApp};
use sea_orm::EntityTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support::moves::{Hand, run};
use support::{
    api_token, colleagues, env, follow, memory, ms, percentile, same_session, seed_campaign,
};
use tokio::sync::Mutex;

/// The allocator the server runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MOVERS: usize = 200;
const FLOODERS: usize = 300;

fn line(name: &str, latencies: &mut [Duration]) -> String {
    latencies.sort();
    if latencies.is_empty() {
        return format!("{name}: none");
    }
    format!(
        "{name}: {} calls   p50 {} ms   p95 {} ms   p99 {} ms   max {} ms",
        latencies.len(),
        ms(percentile(latencies, 0.50)),
        ms(percentile(latencies, 0.95)),
        ms(percentile(latencies, 0.99)),
        ms(*latencies.last().unwrap()),
    )
}

/// Calls the campaign's dashboard until `stop`, timing each call.
async fn refresh_dashboard(mut c: Client, campaign: i32, stop: Arc<AtomicBool>) -> Vec<Duration> {
    let mut took = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let began = Instant::now();
        let r = c
            .call::<CampaignDashboard>(&[("campaign_id", &campaign.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        took.push(began.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    took
}

/// Guesses passwords of unknown accounts from one address as fast as answers come, until
/// `stop`; answers how many guesses were answered and how many were told to try again.
async fn guess(mut c: Client, i: usize, stop: Arc<AtomicBool>) -> (u64, u64) {
    let (mut answered, mut refused) = (0, 0);
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let r = c
            .login(&format!("guess{n}.{i}@example.com"), "a guess")
            .await;
        match r.status {
            StatusCode::TOO_MANY_REQUESTS => {
                refused += 1;
                // As a script would: straight back at it, after a breath.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            s if s.is_client_error() => answered += 1,
            s => panic!("a guess got {s}: {}", r.text),
        }
    }
    (answered, refused)
}

/// Hands of cards on `boards` for `MOVERS` clients of `session`.
fn hands(app: &TestApp, session: &Client, boards: &[(i32, Vec<i32>)]) -> Vec<Arc<Mutex<Hand>>> {
    let cards: Vec<i32> = boards.iter().flat_map(|(_, ids)| ids.clone()).collect();
    let per = cards.len() / MOVERS;
    (0..MOVERS)
        .map(|i| {
            Arc::new(Mutex::new(Hand {
                client: same_session(app, session),
                cards: cards[i * per..(i + 1) * per]
                    .iter()
                    .map(|id| (*id, 0, 1))
                    .collect(),
                next: 0,
            }))
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let seconds = env("BENCH_SECONDS", 8);
    let rate = env("BENCH_RATE", 2_000) as f64;
    let app = TestApp::new().await;
    let engine = format!("{:?}", app.state.db.get_database_backend());
    println!("Load test on {engine}.");
    let mut maya = app.signed_in(MARKETING).await;
    let mut boards = Vec::new();
    for n in 0..10 {
        boards.push(seed_campaign(&mut maya, n, 40).await);
    }
    let movers = hands(&app, &maya, &boards);
    let dana = app.signed_in("director@roster.example").await;
    let campaign = boards[0].0;

    // 1. Sign-in flood.
    run(&movers, 1, Some(rate)).await; // warm-up
    let stop = Arc::new(AtomicBool::new(false));
    let dashboards = tokio::spawn(refresh_dashboard(
        same_session(&app, &dana),
        campaign,
        stop.clone(),
    ));
    let (_, mut quiet_moves, _) = run(&movers, seconds, Some(rate)).await;
    stop.store(true, Ordering::Relaxed);
    let mut quiet_dashboards = dashboards.await.unwrap();
    let (_, peak_before) = memory();

    // The colleague signed in from this address before: it is theirs.
    app.signed_in(LEGAL).await;
    let stop = Arc::new(AtomicBool::new(false));
    let flood: Vec<_> = (0..FLOODERS)
        .map(|i| {
            let mut c = app.client();
            c.peer = format!("198.18.{}.{}:40000", i / 250, i % 250 + 1)
                .parse()
                .unwrap();
            tokio::spawn(guess(c, i, stop.clone()))
        })
        .collect();
    let colleague = {
        let stop = stop.clone();
        let mut c = app.client();
        tokio::spawn(async move {
            let mut tries = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let began = Instant::now();
                let r = c.login(LEGAL, server::demo::PASSWORD).await;
                tries.push((r.status, began.elapsed()));
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            tries
        })
    };
    // The flood builds up for a second, then everyone else is timed in it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let dash_stop = Arc::new(AtomicBool::new(false));
    let dashboards = tokio::spawn(refresh_dashboard(
        same_session(&app, &dana),
        campaign,
        dash_stop.clone(),
    ));
    let flood_began = Instant::now();
    let (_, mut flooded_moves, _) = run(&movers, seconds, Some(rate)).await;
    dash_stop.store(true, Ordering::Relaxed);
    let mut flooded_dashboards = dashboards.await.unwrap();
    stop.store(true, Ordering::Relaxed);
    let flood_seconds = flood_began.elapsed().as_secs_f64() + 1.0;
    let (mut answered, mut refused) = (0, 0);
    for f in flood {
        let (a, r) = f.await.unwrap();
        answered += a;
        refused += r;
    }
    let tries = colleague.await.unwrap();
    let (_, peak_after) = memory();
    println!(
        "\n1. Sign-in flood ({FLOODERS} addresses) while {MOVERS} clients move {rate:.0} cards/s"
    );
    println!("   quiet    {}", line("moves", &mut quiet_moves));
    println!("   flooded  {}", line("moves", &mut flooded_moves));
    println!("   quiet    {}", line("dashboard", &mut quiet_dashboards));
    println!("   flooded  {}", line("dashboard", &mut flooded_dashboards));
    println!(
        "   the flood: {answered} guesses answered ({:.0}/s), {refused} told to try again",
        answered as f64 / flood_seconds,
    );
    let signed_in = tries.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let mut waits: Vec<Duration> = tries.iter().map(|(_, d)| *d).collect();
    println!(
        "   a colleague signing in every 0.5 s: {signed_in} of {} in; {}",
        tries.len(),
        line("sign-in", &mut waits)
    );
    println!("   peak memory {peak_before:.0} MiB before the flood, {peak_after:.0} MiB after");

    // 2. Event streams.
    let mut held = Vec::new();
    for _ in 0..PER_PERSON {
        let (status, body) = same_session(&app, &maya).open("/events", None).await;
        assert_eq!(status, StatusCode::OK, "a stream within the person's cap");
        held.push(body);
    }
    let (status, _) = same_session(&app, &maya).open("/events", None).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "one past the person's cap"
    );
    drop(held);
    let people = colleagues(&app, PER_ORGANIZATION.div_ceil(PER_PERSON)).await;
    let (rss_before, _) = memory();
    let path = format!("/events?campaign={campaign}");
    let opened = Instant::now();
    let mut streams = Vec::new();
    for i in 0..PER_ORGANIZATION {
        let (status, body) = same_session(&app, &people[i % people.len()])
            .open(&path, None)
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "stream {i}, within the organization's cap"
        );
        streams.push(body);
    }
    let opened = opened.elapsed();
    let (rss_after, _) = memory();
    let at_cap = streams.len();
    let (status, _) = same_session(&app, &people[0]).open(&path, None).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "one past the organization's cap"
    );
    let outsider = common::other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&outsider, "other admin password").await;
    let (status, _) = other.open("/events", None).await;
    assert_eq!(status, StatusCode::OK, "another organization is unaffected");
    println!("\n2. Event streams");
    println!(
        "   one person: {PER_PERSON} open, the next refused (429); the organization: {at_cap} \
         open in {:.1} s across {} people, the next refused (429); another organization's \
         admin still opens one",
        opened.as_secs_f64(),
        people.len()
    );
    println!("   resident memory {rss_before:.0} MiB before, {rss_after:.0} MiB with them open");

    // 3. Ingest at the body limit while dashboards are open.
    let fixture = common::metrics::fixture(&app).await;
    let alex = app.signed_in("admin@roster.example").await;
    let token = api_token(&mut same_session(&app, &alex), "load test").await;
    drop(streams);
    let path = format!("/events?campaign={}", fixture.campaign_id);
    let mut followers = Vec::new();
    for i in 0..500 {
        let (status, body) = same_session(&app, &people[i % people.len()])
            .open(&path, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        followers.push(tokio::spawn(tokio::time::timeout(
            Duration::from_secs(30),
            follow(body, 1),
        )));
    }
    let rows: Vec<String> = (0..10_000)
        .map(|i| {
            format!(
                r#"{{"deliverable_id":{},"captured_at":"2026-05-{:02}T{:02}:{:02}:{:02}Z","reach":{},"views":{},"likes":{}}}"#,
                fixture.deliverables[i % 3],
                1 + i / 1440 % 28,
                i / 60 % 24,
                i % 60,
                i / 3 % 60,
                1000 + i,
                2000 + i,
                i % 97
            )
        })
        .collect();
    let mut body = format!(r#"{{"snapshots":[{}]}}"#, rows.join(","));
    let limit = 16 * 1024 * 1024;
    body.insert_str(1, &" ".repeat(limit - body.len() - 1024));
    let dash_stop = Arc::new(AtomicBool::new(false));
    let dashboards = tokio::spawn(refresh_dashboard(
        same_session(&app, &dana),
        fixture.campaign_id,
        dash_stop.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let began = Instant::now();
    let r = common::metrics::ingest(&app, Some(&token), Some("at-the-limit"), &body).await;
    let took = began.elapsed();
    let answered_at = Instant::now();
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut arrivals = Vec::new();
    for f in followers {
        for (_, at) in f.await.unwrap().unwrap_or_default() {
            arrivals.push(at.saturating_duration_since(answered_at));
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    dash_stop.store(true, Ordering::Relaxed);
    let mut during = dashboards.await.unwrap();
    println!("\n3. Ingest at the body limit while 500 streams follow the campaign");
    println!(
        "   {:.1} MiB, 10,000 readings answered in {} ms; the update reached {} of 500 streams, {}",
        body.len() as f64 / 1024.0 / 1024.0,
        ms(took),
        arrivals.len(),
        line("after the answer", &mut arrivals)
    );
    println!("   meanwhile {}", line("dashboard", &mut during));
    drop(people);

    // 4 and 5 need a creator with a deliverable, and quota room to measure.
    let app = TestApp::tuned(|s| {
        s.upload_limit = 2_000_000;
        s.user_quota = 10_000_000;
    })
    .await;
    let mut maya = app.signed_in(MARKETING).await;
    let mut sam = app.signed_in(CREATOR).await;
    let (_, deliverable) = portal::deliverable(&app, &mut maya, &mut sam).await;
    for i in 0..8 {
        let mut file = portal::png(999_984);
        file[100] = 200 + i;
        let r = portal::upload(&mut sam, deliverable, "take.png", file).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let began = Instant::now();
    let uploads: Vec<_> = (0..20)
        .map(|i| {
            let mut c = same_session(&app, &sam);
            let mut file = portal::png(999_984);
            file[100] = i as u8;
            tokio::spawn(async move { portal::upload(&mut c, deliverable, "edge.png", file).await })
        })
        .collect();
    let mut taken = 0;
    let mut refused = 0;
    for u in uploads {
        let r = u.await.unwrap();
        match r.status {
            StatusCode::OK => taken += 1,
            s if s.is_client_error() => refused += 1,
            s => panic!("an upload at the quota's edge got {s}: {}", r.text),
        }
    }
    let took = began.elapsed();
    let used: i64 = app::db::upload::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .iter()
        .map(|u| u.size_bytes)
        .sum();
    assert!(used <= 10_000_000, "{used} bytes stored past a 10 MB quota");
    assert_eq!(taken, 2, "two files of 1 MB fit in the 2 MB left");
    println!("\n4. One creator's 20 concurrent 1 MB uploads with 2 MB of quota left");
    println!(
        "   {taken} taken, {refused} refused, {used} of 10,000,000 bytes used, in {} ms",
        ms(took)
    );

    // 5. A long version re-anchoring hundreds of threads while cards move.
    let words = [
        "ridge", "trail", "jacket", "wind", "summit", "valley", "gust", "dawn", "pocket", "seam",
    ];
    let caption: String = (0..800)
        .map(|i| format!("{}{}", words[i % words.len()], i))
        .collect::<Vec<_>>()
        .join(" ");
    let caption = caption[..caption[..5_000].rfind(' ').unwrap()].to_string();
    let v1: serde_json::Value = portal::submit(&mut sam, deliverable, &caption, &[])
        .await
        .json();
    let version = v1["id"].as_i64().unwrap().to_string();
    let spans: Vec<(usize, usize)> = caption
        .match_indices(' ')
        .map(|(i, _)| i + 1)
        .zip(caption.match_indices(' ').skip(1).map(|(i, _)| i))
        .step_by(2)
        .take(300)
        .collect();
    let mut leo = app.signed_in(LEGAL).await;
    for (start, end) in &spans {
        let r = leo
            .call::<AddComment>(&[
                ("version_id", &version),
                ("body", "Reword?"),
                ("target[start]", &start.to_string()),
                ("target[end]", &end.to_string()),
            ])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let next: String = caption
        .split(' ')
        .enumerate()
        .map(|(i, w)| if i % 50 == 7 { "changed" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    let mut boards = Vec::new();
    for n in 0..10 {
        boards.push(seed_campaign(&mut maya, n, 40).await);
    }
    let movers = hands(&app, &maya, &boards);
    run(&movers, 1, Some(rate)).await; // warm-up
    let submitter = tokio::spawn({
        let mut sam = same_session(&app, &sam);
        async move {
            tokio::time::sleep(Duration::from_millis(1_500)).await;
            let began = Instant::now();
            let r = portal::submit(&mut sam, deliverable, &next, &[]).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            (began, began.elapsed())
        }
    });
    let (_, mut moves, refused) = run(&movers, 4, Some(rate)).await;
    let (_, submit_took) = submitter.await.unwrap();
    let open = app::db::review_comment::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .iter()
        .filter(|c| {
            c.outdated_at.is_none() && c.anchor_version_id != v1["id"].as_i64().map(|i| i as i32)
        })
        .count();
    println!(
        "\n5. A 5,000-character version re-anchoring 300 open threads while cards move at {rate:.0}/s"
    );
    println!(
        "   the version answered in {} ms; {open} threads moved to it; {} ({refused} refused)",
        ms(submit_took),
        line("moves", &mut moves)
    );
}
