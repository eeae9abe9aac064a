//! Crash test (not part of `make test`; `make crash-test` runs it on both engines).
//!
//! A real server process on the demo organization runs a mixed load: cards moved through
//! the mover, ingest batches of readings, a creator's uploads and new draft versions that
//! re-anchor open comment threads, reviewers opening threads, agreements sent and accepted,
//! and the outbox delivering to a real SMTP server (aiosmtpd). At a random moment the
//! process gets SIGKILL; it is started again, and before the load resumes the checks of
//! `checks.rs` run: the engine's integrity check; the latest and trend tables against a
//! recomputation from the snapshots; every answered write there and no unanswered batch
//! half-written; an idempotency key replaying its first answer; unique board positions and
//! versions that only grow; no draft version without its files and no partial or unnamed
//! upload past the sweep; an audit event for every change and a change for every event; no
//! email sent under two Message-IDs.
//!
//!     cargo bench -p server --bench crash
//!
//! `CRASH_KILLS` (default 50) sets the number of kills; `ROSTER_TEST_POSTGRES=postgres://…`
//! runs it on PostgreSQL.

mod checks;
#[path = "../../tests/integration/common/mod.rs"]
mod common;
#[path = "../support/mod.rs"]
mod support;
mod work;

use app::db::{
    agreement, creator, deliverable, draft_version, pipeline_entry, review_comment, user,
};
use axum::http::StatusCode;
use common::Client;
use common::smtp::SmtpSink;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::process::ServerProcess;
use support::{api_token, env, ms, percentile, seed_campaign};
use work::{Card, Ledger, Shared};

/// Cards the movers share, and how many movers.
const CARDS: usize = 24;
const MOVERS: usize = 4;

struct Sessions {
    admin: Option<String>,
    marketing: Option<String>,
    legal: Option<String>,
    creator: Option<String>,
}

async fn sign_in(server: &ServerProcess, email: &str) -> Option<String> {
    let mut c = server.client();
    let r = c.login(email, server::demo::PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{email}: {}", r.text);
    c.cookie
}

fn as_session(server: &ServerProcess, cookie: &Option<String>) -> Client {
    let mut c = server.client();
    c.cookie = cookie.clone();
    c
}

async fn max_id<E: EntityTrait>(db: &DatabaseConnection, column: E::Column) -> i32
where
    E::Model: sea_orm::FromQueryResult,
{
    use sea_orm::{ExprTrait, QuerySelect};
    E::find()
        .select_only()
        .column_as(sea_orm::sea_query::Expr::col(column).max(), "max")
        .into_tuple::<Option<i32>>()
        .one(db)
        .await
        .unwrap()
        .flatten()
        .unwrap_or(0)
}

/// Dates every partial and stored upload back by two days, as if the server had stayed
/// down that long: what the start and the sweep must then clear is what they would clear
/// in time.
fn age_uploads(data_dir: &std::path::Path) {
    let then = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
    let uploads = app::deliverables::ssr::files::uploads_dir(data_dir);
    for dir in std::fs::read_dir(&uploads).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(f) = std::fs::File::options().write(true).open(file.path()) {
                let _ = f.set_modified(then);
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let kills = env("CRASH_KILLS", 50) as usize;
    let engine = if common::on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let (url, _db_dir) = common::fresh_database().await;
    let data = common::TempDir(std::env::temp_dir().join(common::unique("roster_crash")));
    let smtp = SmtpSink::start();
    let mut server = ServerProcess::new(
        data.0.clone(),
        url.clone(),
        &[
            ("SMTP_HOST", "127.0.0.1".into()),
            ("SMTP_PORT", smtp.port.to_string()),
            ("SMTP_TLS", "none".into()),
            ("SMTP_FROM", "Roster <roster@roster.test>".into()),
        ],
    );
    println!(
        "crash test on {engine}: {kills} kills (server log: {})",
        server.log.display()
    );
    server.start().await;
    let db = sea_orm::Database::connect(&url)
        .await
        .expect("the database");

    // The harness's own board, the demo creator's collaboration, an API token.
    let sessions = Sessions {
        admin: sign_in(&server, "admin@roster.example").await,
        marketing: sign_in(&server, "marketing@roster.example").await,
        legal: sign_in(&server, "legal@roster.example").await,
        creator: sign_in(&server, "creator@roster.example").await,
    };
    let token = api_token(&mut as_session(&server, &sessions.admin), "crash test").await;
    let (_, cards) = seed_campaign(&mut as_session(&server, &sessions.marketing), 0, CARDS).await;
    let sam = user::Entity::find()
        .filter(user::Column::Email.eq("creator@roster.example"))
        .one(&db)
        .await
        .unwrap()
        .expect("the demo creator");
    let sam_creator = creator::Entity::find()
        .filter(creator::Column::UserId.eq(sam.id))
        .one(&db)
        .await
        .unwrap()
        .expect("Sam's creator profile");
    let entry = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.eq(sam_creator.id))
        .filter(pipeline_entry::Column::Stage.eq("content"))
        .one(&db)
        .await
        .unwrap()
        .expect("Sam's collaboration");
    let sam_deliverable = deliverable::Entity::find()
        .filter(deliverable::Column::PipelineEntryId.eq(entry.id))
        .order_by_asc(deliverable::Column::Id)
        .one(&db)
        .await
        .unwrap()
        .expect("Sam's deliverable")
        .id;
    let measured: Vec<i32> = deliverable::Entity::find()
        .filter(deliverable::Column::Id.ne(sam_deliverable))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert!(!measured.is_empty(), "the demo has deliverables to measure");
    let scope = checks::Scope {
        deliverable: sam_deliverable,
        first_version: max_id::<draft_version::Entity>(&db, draft_version::Column::Id).await,
        first_comment: max_id::<review_comment::Entity>(&db, review_comment::Column::Id).await,
        first_agreement: max_id::<agreement::Entity>(&db, agreement::Column::Id).await,
    };
    let ledger: Shared = Arc::new(Mutex::new(Ledger {
        caption: work::first_caption(),
        ..Default::default()
    }));
    for e in pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::Id.is_in(cards.clone()))
        .all(&db)
        .await
        .unwrap()
    {
        let card = Card {
            version: e.version,
            stage: e.stage.clone(),
            unanswered: None,
            first_version: e.version,
        };
        ledger.lock().unwrap().cards.insert(e.id, card);
    }

    let began = Instant::now();
    let mut restarts = Vec::new();
    let mut checks_passed = 0usize;
    let mut replays = 0usize;
    for kill in 1..=kills {
        // The load.
        let mut tasks = Vec::new();
        for hand in cards.chunks(CARDS / MOVERS) {
            let c = as_session(&server, &sessions.marketing);
            tasks.push(tokio::spawn(work::move_cards(
                c,
                hand.to_vec(),
                ledger.clone(),
            )));
        }
        for _ in 0..2 {
            let c = server.client();
            let (token, measured) = (token.clone(), measured.clone());
            tasks.push(tokio::spawn(work::ingest(
                c,
                token,
                measured,
                ledger.clone(),
            )));
        }
        tasks.push(tokio::spawn(work::draft(
            as_session(&server, &sessions.creator),
            [
                as_session(&server, &sessions.marketing),
                as_session(&server, &sessions.legal),
            ],
            sam_deliverable,
            ledger.clone(),
        )));
        tasks.push(tokio::spawn(work::agree(
            as_session(&server, &sessions.marketing),
            as_session(&server, &sessions.creator),
            entry.id,
            ledger.clone(),
        )));
        tokio::time::sleep(Duration::from_millis(rand::random_range(200..2_500))).await;
        server.kill();
        for t in tasks {
            t.await.expect("a load task panicked");
        }
        age_uploads(&data.0);
        restarts.push(server.start().await);

        // The checks, before any new request.
        let why = |what: &str, e: String| {
            format!(
                "after kill {kill} on {engine}, {what}: {e}\n{}",
                server.log_tail()
            )
        };
        // The load is stopped: the checks hold the ledger alone.
        let mut taken = std::mem::take(&mut *ledger.lock().unwrap());
        let l = &mut taken;
        checks::integrity(&db)
            .await
            .unwrap_or_else(|e| panic!("{}", why("integrity", e)));
        let per_second = checks::metrics(&db)
            .await
            .unwrap_or_else(|e| panic!("{}", why("metrics", e)));
        checks::batches(&db, l, &per_second)
            .await
            .unwrap_or_else(|e| panic!("{}", why("batches", e)));
        checks::moves(&db, l)
            .await
            .unwrap_or_else(|e| panic!("{}", why("moves", e)));
        checks::drafts(&db, &data.0, l, &scope)
            .await
            .unwrap_or_else(|e| panic!("{}", why("drafts", e)));
        checks::swept(&db, &data.0)
            .await
            .unwrap_or_else(|e| panic!("{}", why("the sweep", e)));
        checks::threads(&db, l, &scope)
            .await
            .unwrap_or_else(|e| panic!("{}", why("threads", e)));
        checks::agreements(&db, l, &scope)
            .await
            .unwrap_or_else(|e| panic!("{}", why("agreements", e)));
        checks::email(&db, || smtp.received())
            .await
            .unwrap_or_else(|e| panic!("{}", why("email", e)));
        checks_passed += 9;

        // An answered batch sent again replays its first answer; an unanswered one is
        // either replayed or recorded now, and is whole from then on.
        let mut c = server.client();
        let answered: Vec<usize> = (0..l.batches.len())
            .filter(|i| l.batches[*i].answer.is_some())
            .collect();
        let again: Vec<usize> = (0..l.batches.len())
            .filter(|i| l.batches[*i].answer.is_none())
            .chain(
                answered
                    .get(rand::random_range(0..answered.len().max(1)))
                    .copied(),
            )
            .collect();
        for i in again {
            let b = l.batches[i].clone();
            let r = work::post_batch(&mut c, &token, &b)
                .await
                .unwrap_or_else(|e| panic!("{}", why("a replay", e)));
            let replayed = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
            match &b.answer {
                Some(first)
                    if r.status != StatusCode::OK || replayed(&r.text) != replayed(first) =>
                {
                    panic!(
                        "{}",
                        why("a replay", format!("{} {} after {first}", r.status, r.text))
                    )
                }
                None if !matches!(r.status, StatusCode::OK | StatusCode::CREATED) => {
                    panic!("{}", why("a replay", format!("{} {}", r.status, r.text)))
                }
                _ => {}
            }
            l.batches[i].answer = Some(r.text);
            replays += 1;
        }
        let per_second = checks::metrics(&db)
            .await
            .unwrap_or_else(|e| panic!("{}", why("metrics", e)));
        checks::batches(&db, l, &per_second)
            .await
            .unwrap_or_else(|e| panic!("{}", why("replays", e)));
        checks_passed += 1;
        *ledger.lock().unwrap() = taken;
        if kill % 10 == 0 {
            println!(
                "  {kill} kills, {:.0} s so far",
                began.elapsed().as_secs_f64()
            );
        }
    }

    // Once the load is over, the outbox empties (but for messages a killed process had
    // claimed: their lease runs five minutes), and still nothing went out twice.
    let loaded = began.elapsed();
    let drained = Instant::now();
    let (mut received, mut repeats, mut leased) = (0, 0, 0);
    while drained.elapsed() < Duration::from_secs(60) {
        (received, repeats) = checks::email(&db, || smtp.received())
            .await
            .unwrap_or_else(|e| panic!("email: {e}"));
        use app::db::outbox_message::{Column, Entity};
        let waiting = Entity::find()
            .filter(Column::SentAt.is_null())
            .filter(Column::FailedAt.is_null())
            .all(&db)
            .await
            .unwrap();
        let now = chrono::Utc::now();
        leased = waiting
            .iter()
            .filter(|m| m.claimed_until.is_some_and(|t| t > now))
            .count();
        if waiting.len() == leased {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    server.kill();

    let l = ledger.lock().unwrap();
    restarts.sort();
    let answered = |k: &str| l.answered.get(k).copied().unwrap_or(0);
    let unanswered = |k: &str| l.unanswered.get(k).copied().unwrap_or(0);
    println!(
        "\ncrash test on {engine}: {kills} kills in {:.0} s",
        loaded.as_secs_f64()
    );
    println!("  operations answered (unanswered at a kill):");
    for kind in [
        "moves",
        "batches",
        "uploads",
        "draft versions",
        "comment threads",
        "agreements sent",
        "agreements accepted",
    ] {
        println!(
            "    {kind:<20} {:>7} ({})",
            answered(kind),
            unanswered(kind)
        );
    }
    println!(
        "    readings             {:>7}",
        l.batches.iter().filter(|b| b.answer.is_some()).count() * work::BATCH_ROWS
    );
    println!(
        "  emails received {received} ({repeats} delivered again under the same Message-ID; \
         {leased} left under a killed process's lease)"
    );
    println!(
        "  batches sent again {replays}; every one replayed its first answer or was recorded whole"
    );
    println!(
        "  restart to healthy: p50 {} ms, max {} ms",
        ms(percentile(&restarts, 0.5)),
        ms(*restarts.last().unwrap())
    );
    println!("  checks passed {checks_passed} of {checks_passed}");
}
