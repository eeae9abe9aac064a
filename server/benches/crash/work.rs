//! The mixed load the server is killed under, and the ledger of what it answered.
//!
//! Each kind of work runs in its own loop until a request gets no answer (the server was
//! killed); the request then goes into the ledger as unanswered: it may or may not have
//! been committed, and the checks accept either, but nothing in between.

use crate::common::Client;
use app::agreements::api::{AcceptAgreement, SendAgreement};
use app::deliverables::api::AddComment;
use app::deliverables::api::SubmitDraft;
use app::pipeline::api::MoveEntry;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use server_fn::ServerFn;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The stages cards move between: any of them to any other is allowed, and none closes
/// the collaboration.
pub const STAGES: [&str; 3] = ["shortlisted", "contacted", "negotiating"];
/// Readings per ingest batch.
pub const BATCH_ROWS: usize = 200;
/// The caption drafts start from; each new version changes a few of its words.
const CAPTION: &str = "Out on the ridge at dawn the new trail jacket kept the wind off for \
    three hours of climbing and the hood stayed put in every gust while the pockets held \
    gloves map and a thermos without a rattle and the seams shed the sleet on the way down";
const WORDS: [&str; 8] = [
    "quietly", "bright", "steady", "cold", "river", "stone", "amber", "slow",
];

/// A card as the harness last knew it.
#[derive(Debug, Clone)]
pub struct Card {
    /// The version and stage of its last answered move (or of the database, after a
    /// restart).
    pub version: i32,
    pub stage: String,
    /// The target of a move sent but not answered: it may have been made.
    pub unanswered: Option<String>,
    /// Its version when the harness made it: each move since has an audit event.
    pub first_version: i32,
}

/// An ingest batch: its readings are the only ones in `[window, window + 1 s)`.
#[derive(Debug, Clone)]
pub struct Batch {
    pub key: String,
    pub body: String,
    pub window_micros: i64,
    /// The first answer's body, once one came.
    pub answer: Option<String>,
}

#[derive(Debug, Default)]
pub struct Ledger {
    pub cards: HashMap<i32, Card>,
    pub batches: Vec<Batch>,
    /// Uploads answered: their ids.
    pub uploads: Vec<i32>,
    /// Answered uploads not yet in an answered draft version.
    pub pending: Vec<i32>,
    /// Draft versions answered: id, number, the upload ids in it.
    pub versions: Vec<(i32, i32, Vec<i32>)>,
    pub caption: String,
    pub comments: Vec<i32>,
    pub agreements_sent: Vec<i32>,
    pub agreements_accepted: Vec<i32>,
    /// Requests that got no answer, by kind.
    pub unanswered: HashMap<&'static str, u64>,
    /// Answers, by kind.
    pub answered: HashMap<&'static str, u64>,
}

pub type Shared = Arc<Mutex<Ledger>>;

fn answered(ledger: &Shared, kind: &'static str) {
    *ledger.lock().unwrap().answered.entry(kind).or_default() += 1;
}

fn unanswered(ledger: &Shared, kind: &'static str) {
    *ledger.lock().unwrap().unanswered.entry(kind).or_default() += 1;
}

/// An answer the harness did not expect is a failure of the test (or of the server).
fn expect(r: &crate::common::Reply, status: StatusCode, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.text);
}

/// Moves `cards` between [`STAGES`] to random places until the server stops answering.
pub async fn move_cards(mut marketing: Client, cards: Vec<i32>, ledger: Shared) {
    loop {
        let id = cards[rand::random_range(0..cards.len())];
        let (version, stage) = {
            let l = ledger.lock().unwrap();
            (l.cards[&id].version, l.cards[&id].stage.clone())
        };
        let others: Vec<&str> = STAGES.iter().copied().filter(|s| *s != stage).collect();
        // A move within the column now and then: a reorder is a move too.
        let to = if rand::random_bool(0.2) {
            stage.as_str()
        } else {
            others[rand::random_range(0..others.len())]
        };
        let index = rand::random_range(0..8u32).to_string();
        let sent = marketing
            .try_call::<MoveEntry>(&[
                ("entry_id", &id.to_string()),
                ("version", &version.to_string()),
                ("to", to),
                ("index", &index),
            ])
            .await;
        match sent {
            Ok(r) => {
                expect(&r, StatusCode::OK, "a move");
                let saved: Value = r.json();
                let mut l = ledger.lock().unwrap();
                let card = l.cards.get_mut(&id).unwrap();
                card.version = saved["version"].as_i64().unwrap() as i32;
                card.stage = saved["stage"].as_str().unwrap().to_string();
                card.unanswered = None;
                drop(l);
                answered(&ledger, "moves");
            }
            Err(_) => {
                ledger
                    .lock()
                    .unwrap()
                    .cards
                    .get_mut(&id)
                    .unwrap()
                    .unanswered = Some(to.into());
                unanswered(&ledger, "moves");
                return;
            }
        }
    }
}

/// A batch of readings for `deliverables`, all in its own second, somewhere in the last
/// 100 days (so most arrive out of order: backfills).
pub fn new_batch(deliverables: &[i32]) -> Batch {
    let now = chrono::Utc::now().timestamp_micros();
    let second = rand::random_range(1..100 * 86_400i64);
    let window_micros = (now / 1_000_000 - second) * 1_000_000;
    let rows: Vec<Value> = (0..BATCH_ROWS)
        .map(|i| {
            let at = chrono::DateTime::from_timestamp_micros(window_micros + i as i64).unwrap();
            serde_json::json!({
                "deliverable_id": deliverables[i % deliverables.len()],
                "captured_at": at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                "reach": rand::random_range(0..1_000_000u64),
                "views": rand::random_range(0..1_000_000u64),
                "likes": rand::random_range(0..10_000u64),
                "revenue_minor": rand::random_range(0..100_000u64),
            })
        })
        .collect();
    Batch {
        key: format!("crash-{:032x}", rand::random::<u128>()),
        body: serde_json::json!({ "snapshots": rows }).to_string(),
        window_micros,
        answer: None,
    }
}

/// Posts a batch; the answer's status and body, or none.
pub async fn post_batch(
    c: &mut Client,
    token: &str,
    batch: &Batch,
) -> Result<crate::common::Reply, String> {
    let req = Request::post("/api/v1/snapshots")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", &batch.key)
        .body(Body::from(batch.body.clone()))
        .unwrap();
    c.try_send(req).await
}

/// Sends ingest batches one after another until the server stops answering.
pub async fn ingest(mut c: Client, token: String, deliverables: Vec<i32>, ledger: Shared) {
    loop {
        let batch = new_batch(&deliverables);
        let at = {
            let mut l = ledger.lock().unwrap();
            l.batches.push(batch.clone());
            l.batches.len() - 1
        };
        match post_batch(&mut c, &token, &batch).await {
            Ok(r) => {
                expect(&r, StatusCode::CREATED, "an ingest batch");
                ledger.lock().unwrap().batches[at].answer = Some(r.text);
                answered(&ledger, "batches");
            }
            Err(_) => {
                unanswered(&ledger, "batches");
                return;
            }
        }
    }
}

/// A small PNG-signed file, different every time.
fn media() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let size = rand::random_range(1_000..200_000);
    bytes.extend((0..size).map(|_| rand::random::<u8>()));
    bytes
}

/// The next version's caption: a few words of the last one changed.
fn next_caption(last: &str) -> String {
    let mut words: Vec<&str> = last.split(' ').collect();
    for _ in 0..3 {
        let at = rand::random_range(0..words.len());
        words[at] = WORDS[rand::random_range(0..WORDS.len())];
    }
    words.join(" ")
}

/// The creator uploads one or two files and submits them with a new caption as the next
/// version; a reviewer then opens a thread on two words of it. Until no answer comes.
pub async fn draft(
    mut creator: Client,
    mut reviewers: [Client; 2],
    deliverable: i32,
    ledger: Shared,
) {
    for turn in 0.. {
        for _ in 0..rand::random_range(1..=2) {
            let req = Request::post(format!("/uploads?deliverable={deliverable}&name=take.png"))
                .header(header::ORIGIN, creator.origin.clone().unwrap())
                .body(Body::from(media()))
                .unwrap();
            match creator.try_send(req).await {
                Ok(r) => {
                    expect(&r, StatusCode::OK, "an upload");
                    let id = r.json::<Value>()["id"].as_i64().unwrap() as i32;
                    let mut l = ledger.lock().unwrap();
                    l.uploads.push(id);
                    l.pending.push(id);
                    drop(l);
                    answered(&ledger, "uploads");
                }
                Err(_) => return unanswered(&ledger, "uploads"),
            }
        }
        let (caption, pending) = {
            let l = ledger.lock().unwrap();
            (next_caption(&l.caption), l.pending.clone())
        };
        let mut args = vec![
            ("deliverable_id".to_string(), deliverable.to_string()),
            ("caption".to_string(), caption.clone()),
        ];
        for (i, id) in pending.iter().enumerate() {
            args.push((format!("upload_ids[{i}]"), id.to_string()));
        }
        let version = match creator.try_call_path(SubmitDraft::PATH, &args).await {
            Ok(r) => {
                expect(&r, StatusCode::OK, "a draft version");
                let v: Value = r.json();
                let id = v["id"].as_i64().unwrap() as i32;
                let number = v["number"].as_i64().unwrap() as i32;
                let mut l = ledger.lock().unwrap();
                l.versions.push((id, number, pending));
                l.pending.clear();
                l.caption = caption.clone();
                drop(l);
                answered(&ledger, "draft versions");
                id
            }
            Err(_) => return unanswered(&ledger, "draft versions"),
        };
        // Two words of the caption, in UTF-16 units (the caption is ASCII).
        let words: Vec<(usize, &str)> = caption
            .match_indices(|c: char| c != ' ')
            .filter(|(i, _)| *i == 0 || caption.as_bytes()[i - 1] == b' ')
            .collect();
        let first = rand::random_range(0..words.len() - 1);
        let start = words[first].0;
        let end = caption[words[first + 1].0..]
            .find(' ')
            .map_or(caption.len(), |n| words[first + 1].0 + n);
        let reviewer = &mut reviewers[turn % 2];
        let sent = reviewer
            .try_call::<AddComment>(&[
                ("version_id", &version.to_string()),
                ("body", "Can we say this another way?"),
                ("target[start]", &start.to_string()),
                ("target[end]", &end.to_string()),
                ("target[quote]", &caption[start..end]),
            ])
            .await;
        match sent {
            Ok(r) => {
                expect(&r, StatusCode::OK, "a comment thread");
                ledger.lock().unwrap().comments.push(r.json());
                answered(&ledger, "comment threads");
            }
            Err(_) => return unanswered(&ledger, "comment threads"),
        }
    }
}

/// Marketing sends the creator a new agreement (withdrawing the last one if unanswered);
/// the creator accepts it. Until no answer comes.
pub async fn agree(mut marketing: Client, mut creator: Client, entry: i32, ledger: Shared) {
    let day = |days| (chrono::Utc::now().date_naive() + chrono::Days::new(days)).to_string();
    let (due, from, until) = (day(30), day(31), day(45));
    loop {
        let sent = marketing
            .try_call::<SendAgreement>(&[
                ("entry_id", &entry.to_string()),
                ("input[deliverables][0][platform]", "instagram"),
                ("input[deliverables][0][format]", "Reel"),
                ("input[deliverables][0][quantity]", "1"),
                ("input[deliverables][0][due_on]", &due),
                ("input[fee]", &rand::random_range(500..2_000u32).to_string()),
                ("input[usage_channels]", "Brand Instagram"),
                ("input[usage_regions]", ""),
                ("input[usage_months]", "6"),
                ("input[whitelisting]", "false"),
                ("input[posting_from]", &from),
                ("input[posting_until]", &until),
                ("input[exclusivity]", ""),
                ("input[late_terms]", ""),
                ("input[cancellation_terms]", ""),
                ("input[promo_code]", "ridge15"),
            ])
            .await;
        let agreement: Value = match sent {
            Ok(r) => {
                expect(&r, StatusCode::OK, "an agreement sent");
                answered(&ledger, "agreements sent");
                r.json()
            }
            Err(_) => return unanswered(&ledger, "agreements sent"),
        };
        let id = agreement["id"].as_i64().unwrap() as i32;
        ledger.lock().unwrap().agreements_sent.push(id);
        let accepted = creator
            .try_call::<AcceptAgreement>(&[
                ("agreement_id", &id.to_string()),
                ("legal_name", "Sam Rivera"),
                ("body_sha256", agreement["body_sha256"].as_str().unwrap()),
            ])
            .await;
        match accepted {
            Ok(r) => {
                expect(&r, StatusCode::OK, "an agreement accepted");
                ledger.lock().unwrap().agreements_accepted.push(id);
                answered(&ledger, "agreements accepted");
            }
            Err(_) => return unanswered(&ledger, "agreements accepted"),
        }
        // Agreements are rarer than moves and readings.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

pub fn first_caption() -> String {
    CAPTION.split_whitespace().collect::<Vec<_>>().join(" ")
}
