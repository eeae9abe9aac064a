//! What must hold after every restart, read from the database and the disk directly.
//! Each check answers `Err` with what it found wrong; the harness stops at the first.

use crate::work::{BATCH_ROWS, Ledger};
use app::db::{
    agreement, audit_event, draft_version, ingest_batch, metric_latest, metric_snapshot,
    metric_trend, outbox_message, pipeline_entry, review_comment, upload,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, Statement,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

pub type Checked = Result<(), String>;

/// What the harness made before the first kill, and what it knows of the work since.
pub struct Scope {
    pub deliverable: i32,
    /// Ids above these are the harness's own (the demo's rows have no audit events of the
    /// kinds checked here).
    pub first_version: i32,
    pub first_comment: i32,
    pub first_agreement: i32,
}

fn fail(what: impl Into<String>) -> Checked {
    Err(what.into())
}

/// The engine's own check: SQLite's integrity and foreign-key checks, PostgreSQL's
/// `amcheck` of every B-tree index against its table.
pub async fn integrity(db: &DatabaseConnection) -> Checked {
    let backend = db.get_database_backend();
    let rows = |sql: &str| db.query_all_raw(Statement::from_string(backend, sql.to_string()));
    if backend == DbBackend::Sqlite {
        let ok = rows("PRAGMA integrity_check")
            .await
            .map_err(|e| e.to_string())?;
        let said: Vec<String> = ok
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap_or_default())
            .collect();
        if said != ["ok"] {
            return fail(format!("integrity_check: {said:?}"));
        }
        let orphans = rows("PRAGMA foreign_key_check")
            .await
            .map_err(|e| e.to_string())?;
        if !orphans.is_empty() {
            return fail(format!("{} rows break a foreign key", orphans.len()));
        }
    } else {
        db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS amcheck")
            .await
            .map_err(|e| e.to_string())?;
        rows(
            "SELECT bt_index_check(c.oid, true) FROM pg_index i \
             JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_am am ON am.oid = c.relam \
             WHERE n.nspname = 'public' AND am.amname = 'btree'",
        )
        .await
        .map_err(|e| format!("amcheck: {e}"))?;
    }
    Ok(())
}

type Counts = [i64; 10];

fn counts_of_snapshot(s: &metric_snapshot::Model) -> Counts {
    [
        s.impressions,
        s.reach,
        s.views,
        s.likes,
        s.comments,
        s.shares,
        s.saves,
        s.clicks,
        s.conversions,
        s.revenue_minor,
    ]
}

/// The latest and trend tables equal a recomputation from the snapshots: a deliverable's
/// latest is its last snapshot (by capture time, then insertion); a campaign's trend on a
/// day is the sum of the changes its snapshots of that day (UTC) made to their
/// deliverables. Also answers the readings per second, to find the batches in.
pub async fn metrics(db: &DatabaseConnection) -> Result<HashMap<i64, usize>, String> {
    let snapshots = metric_snapshot::Entity::find()
        .order_by_asc(metric_snapshot::Column::DeliverableId)
        .order_by_asc(metric_snapshot::Column::CapturedMicros)
        .order_by_asc(metric_snapshot::Column::Id)
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let mut latest: HashMap<i32, (i64, i32, Counts)> = HashMap::new();
    let mut trend: BTreeMap<(i32, chrono::NaiveDate), Counts> = BTreeMap::new();
    let mut per_second: HashMap<i64, usize> = HashMap::new();
    for s in &snapshots {
        *per_second
            .entry(s.captured_micros.div_euclid(1_000_000))
            .or_default() += 1;
        let counts = counts_of_snapshot(s);
        let before = latest.get(&s.deliverable_id).map_or([0; 10], |l| l.2);
        let day = s.captured_at.date_naive();
        let sum = trend.entry((s.campaign_id, day)).or_insert([0; 10]);
        for i in 0..10 {
            sum[i] += counts[i] - before[i];
        }
        latest.insert(s.deliverable_id, (s.captured_micros, s.campaign_id, counts));
    }
    let stored = metric_latest::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    if stored.len() != latest.len() {
        return Err(format!(
            "{} latest rows for {} deliverables with readings",
            stored.len(),
            latest.len()
        ));
    }
    for l in &stored {
        let counts = [
            l.impressions,
            l.reach,
            l.views,
            l.likes,
            l.comments,
            l.shares,
            l.saves,
            l.clicks,
            l.conversions,
            l.revenue_minor,
        ];
        let want = latest.get(&l.deliverable_id);
        if want != Some(&(l.captured_at.timestamp_micros(), l.campaign_id, counts)) {
            return Err(format!(
                "deliverable {}'s latest is {:?}, its snapshots say {want:?}",
                l.deliverable_id,
                (l.captured_at, counts)
            ));
        }
    }
    let stored: BTreeMap<(i32, chrono::NaiveDate), Counts> = metric_trend::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|t| {
            let counts = [
                t.impressions,
                t.reach,
                t.views,
                t.likes,
                t.comments,
                t.shares,
                t.saves,
                t.clicks,
                t.conversions,
                t.revenue_minor,
            ];
            ((t.campaign_id, t.day), counts)
        })
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .collect();
    trend.retain(|_, c| c.iter().any(|n| *n != 0));
    if stored != trend {
        let wrong = trend
            .iter()
            .find(|(k, v)| stored.get(k) != Some(v))
            .map(|(k, v)| format!("{k:?}: {:?}, recomputed {v:?}", stored.get(k)));
        return Err(format!(
            "the trend differs from its recomputation ({} rows stored, {} recomputed): {}",
            stored.len(),
            trend.len(),
            wrong.unwrap_or_else(|| "a stored row has no recomputed counterpart".into())
        ));
    }
    Ok(per_second)
}

/// An answered batch is there whole; an unanswered one is whole or absent.
pub async fn batches(
    db: &DatabaseConnection,
    ledger: &Ledger,
    per_second: &HashMap<i64, usize>,
) -> Checked {
    let keys: HashSet<String> = ingest_batch::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|b| b.idempotency_key)
        .collect();
    for b in &ledger.batches {
        let rows = per_second
            .get(&(b.window_micros / 1_000_000))
            .copied()
            .unwrap_or(0);
        let kept = keys.contains(&b.key);
        let whole = kept && rows == BATCH_ROWS;
        let absent = !kept && rows == 0;
        if b.answer.is_some() && !whole {
            return fail(format!(
                "answered batch {}: key kept {kept}, {rows} of {BATCH_ROWS} readings",
                b.key
            ));
        }
        if !whole && !absent {
            return fail(format!(
                "unanswered batch {} half-written: key kept {kept}, {rows} of {BATCH_ROWS} readings",
                b.key
            ));
        }
    }
    Ok(())
}

/// Every answered move is there (or the one sent after it, unanswered); positions are
/// unique in every column; each move has its audit event and each event its move.
/// Brings the ledger's cards up to the database.
pub async fn moves(db: &DatabaseConnection, ledger: &mut Ledger) -> Checked {
    let entries = pipeline_entry::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let mut columns: HashMap<(i32, &str), HashSet<i32>> = HashMap::new();
    for e in &entries {
        if !columns
            .entry((e.campaign_id, e.stage.as_str()))
            .or_default()
            .insert(e.position)
        {
            return fail(format!(
                "two cards at position {} of {} in campaign {}",
                e.position, e.stage, e.campaign_id
            ));
        }
    }
    let events = audit_counts(db, "pipeline_entry.move").await?;
    for e in &entries {
        let Some(card) = ledger.cards.get_mut(&e.id) else {
            continue;
        };
        let as_answered = e.version == card.version && e.stage == card.stage;
        let as_unanswered =
            card.unanswered.as_deref() == Some(e.stage.as_str()) && e.version == card.version + 1;
        if !as_answered && !as_unanswered {
            return fail(format!(
                "card {} is {} at version {}; its last answered move made it {} at {} \
                 (then unanswered: {:?})",
                e.id, e.stage, e.version, card.stage, card.version, card.unanswered
            ));
        }
        let moves = e.version - card.first_version;
        let audited = events.get(&e.id.to_string()).copied().unwrap_or(0);
        if audited != moves as usize {
            return fail(format!(
                "card {} moved {moves} times and has {audited} move events",
                e.id
            ));
        }
        card.version = e.version;
        card.stage = e.stage.clone();
        card.unanswered = None;
    }
    Ok(())
}

/// How many events of `action` each entity has.
async fn audit_counts(
    db: &DatabaseConnection,
    action: &str,
) -> Result<HashMap<String, usize>, String> {
    let mut counts = HashMap::new();
    for e in audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .all(db)
        .await
        .map_err(|e| e.to_string())?
    {
        *counts.entry(e.entity_id.unwrap_or_default()).or_default() += 1;
    }
    Ok(counts)
}

/// Each of `ids` has exactly one event of `action`, and no event of it names anything else.
fn audited_once(
    events: &HashMap<String, usize>,
    ids: &HashSet<i32>,
    action: &str,
    filter: impl Fn(i32) -> bool,
) -> Checked {
    for id in ids {
        let n = events.get(&id.to_string()).copied().unwrap_or(0);
        if n != 1 {
            return fail(format!("{action}: {id} has {n} events"));
        }
    }
    for entity in events.keys() {
        let id: i32 = entity
            .parse()
            .map_err(|_| format!("{action} of {entity:?}"))?;
        if filter(id) && !ids.contains(&id) {
            return fail(format!(
                "{action}: an event names {id}, which does not exist"
            ));
        }
    }
    Ok(())
}

/// Versions are numbered 1, 2, … with none lost; each answered one is there with the
/// files it was answered with; no version lacks a file; every answered upload is there
/// with its file. Drops from the ledger's pending uploads those a version took.
pub async fn drafts(
    db: &DatabaseConnection,
    data_dir: &Path,
    ledger: &mut Ledger,
    scope: &Scope,
) -> Checked {
    let versions = draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.eq(scope.deliverable))
        .order_by_asc(draft_version::Column::Number)
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let numbers: Vec<i32> = versions.iter().map(|v| v.number).collect();
    if numbers != (1..=versions.len() as i32).collect::<Vec<_>>() {
        return fail(format!("version numbers {numbers:?}"));
    }
    let uploads = upload::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let mut files_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for u in &uploads {
        let path = app::deliverables::ssr::files::path_for(data_dir, &u.sha256).unwrap();
        if !path.exists() {
            return fail(format!("upload {} has no file", u.id));
        }
        if let Some(v) = u.draft_version_id {
            files_of.entry(v).or_default().push(u.id);
        }
    }
    let by_id: HashMap<i32, &draft_version::Model> = versions.iter().map(|v| (v.id, v)).collect();
    for (id, number, files) in &ledger.versions {
        let Some(v) = by_id.get(id) else {
            return fail(format!(
                "answered version {id} (number {number}) is missing"
            ));
        };
        let mut stored = files_of.get(id).cloned().unwrap_or_default();
        let mut sent = files.clone();
        stored.sort();
        sent.sort();
        if v.number != *number || stored != sent {
            return fail(format!(
                "version {id}: number {} with files {stored:?}, answered {number} with {sent:?}",
                v.number
            ));
        }
    }
    let ids: HashSet<i32> = uploads.iter().map(|u| u.id).collect();
    if let Some(lost) = ledger.uploads.iter().find(|id| !ids.contains(id)) {
        return fail(format!("answered upload {lost} is missing"));
    }
    let taken: HashSet<i32> = uploads
        .iter()
        .filter(|u| u.draft_version_id.is_some())
        .map(|u| u.id)
        .collect();
    ledger.pending.retain(|id| !taken.contains(id));
    let mine: HashSet<i32> = versions
        .iter()
        .map(|v| v.id)
        .filter(|id| *id > scope.first_version)
        .collect();
    let events = audit_counts(db, "draft.submit").await?;
    audited_once(&events, &mine, "draft.submit", |id| {
        id > scope.first_version
    })
}

/// No partial upload survives a start, and once the sweep has run no stored file is
/// unnamed. The harness dated every file back beforehand, as time would have.
pub async fn swept(db: &DatabaseConnection, data_dir: &Path) -> Checked {
    let uploads = app::deliverables::ssr::files::uploads_dir(data_dir);
    let partials = std::fs::read_dir(uploads.join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    if partials > 0 {
        return fail(format!("{partials} partial uploads survived the start"));
    }
    // The sweep runs when the server starts, beside the requests: give it a moment.
    let mut unnamed = Vec::new();
    for _ in 0..100 {
        let named: HashSet<String> = upload::Entity::find()
            .all(db)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|u| u.sha256)
            .collect();
        unnamed = stored_files(data_dir)
            .into_iter()
            .filter(|f| !named.contains(f))
            .collect();
        if unnamed.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    fail(format!(
        "{} stored files outlived the sweep unnamed",
        unnamed.len()
    ))
}

/// The names of the stored media files.
pub fn stored_files(data_dir: &Path) -> Vec<String> {
    let uploads = app::deliverables::ssr::files::uploads_dir(data_dir);
    std::fs::read_dir(uploads)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|shard| shard.file_name() != "tmp" && shard.path().is_dir())
        .flat_map(|shard| {
            std::fs::read_dir(shard.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Open text threads sit on the newest version, on the very words they quote; answered
/// threads are there; each thread the harness started has its audit event.
pub async fn threads(db: &DatabaseConnection, ledger: &Ledger, scope: &Scope) -> Checked {
    let versions = draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.eq(scope.deliverable))
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let newest = versions.iter().map(|v| v.id).max();
    let captions: HashMap<i32, &str> = versions
        .iter()
        .map(|v| (v.id, v.caption.as_str()))
        .collect();
    let roots = review_comment::Entity::find()
        .filter(review_comment::Column::DeliverableId.eq(scope.deliverable))
        .filter(review_comment::Column::ParentId.is_null())
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    for c in &roots {
        let open = c.target == "text"
            && c.resolved_at.is_none()
            && c.outdated_at.is_none()
            && c.deleted_at.is_none();
        if !open {
            continue;
        }
        if c.anchor_version_id != newest {
            return fail(format!(
                "open thread {} is anchored on version {:?}, the newest is {newest:?}",
                c.id, c.anchor_version_id
            ));
        }
        let caption = captions[&c.anchor_version_id.unwrap()];
        let (start, end) = (
            c.anchor_start.unwrap() as usize,
            c.anchor_end.unwrap() as usize,
        );
        if caption.get(start..end) != c.quote.as_deref() {
            return fail(format!(
                "open thread {} quotes {:?} at {start}..{end} of a caption that says {:?} there",
                c.id,
                c.quote,
                caption.get(start..end)
            ));
        }
    }
    let ids: HashSet<i32> = roots.iter().map(|c| c.id).collect();
    if let Some(lost) = ledger.comments.iter().find(|id| !ids.contains(id)) {
        return fail(format!("answered thread {lost} is missing"));
    }
    let mine: HashSet<i32> = ids
        .into_iter()
        .filter(|id| *id > scope.first_comment)
        .collect();
    let events = audit_counts(db, "comment.add").await?;
    audited_once(&events, &mine, "comment.add", |id| id > scope.first_comment)
}

/// Answered agreements are there, accepted ones accepted; each was sent with an audit
/// event, and each acceptance has one.
pub async fn agreements(db: &DatabaseConnection, ledger: &Ledger, scope: &Scope) -> Checked {
    let all = agreement::Entity::find()
        .filter(agreement::Column::Id.gt(scope.first_agreement))
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let status: HashMap<i32, &str> = all.iter().map(|a| (a.id, a.status.as_str())).collect();
    if let Some(lost) = ledger
        .agreements_sent
        .iter()
        .find(|id| !status.contains_key(id))
    {
        return fail(format!("answered agreement {lost} is missing"));
    }
    if let Some(id) = ledger
        .agreements_accepted
        .iter()
        .find(|id| status.get(id) != Some(&"accepted"))
    {
        return fail(format!(
            "agreement {id} was answered accepted and is {:?}",
            status.get(id)
        ));
    }
    let sent: HashSet<i32> = status.keys().copied().collect();
    let accepted: HashSet<i32> = status
        .iter()
        .filter(|(_, s)| **s == "accepted")
        .map(|(id, _)| *id)
        .collect();
    let mine = |id: i32| id > scope.first_agreement;
    audited_once(
        &audit_counts(db, "agreement.send").await?,
        &sent,
        "agreement.send",
        mine,
    )?;
    audited_once(
        &audit_counts(db, "agreement.accept").await?,
        &accepted,
        "agreement.accept",
        mine,
    )
}

/// What the SMTP server received: each message names its outbox row in its Message-ID,
/// to that row's address, so no row went out under two ids; and every row recorded sent
/// was received. The server may be sending meanwhile: the rows recorded sent are read
/// before the mailbox, the rows messages are matched with after it. Answers (messages
/// received, repeated deliveries of one id).
pub async fn email(
    db: &DatabaseConnection,
    mailbox: impl Fn() -> Vec<String>,
) -> Result<(usize, usize), String> {
    let outbox = || async {
        outbox_message::Entity::find()
            .all(db)
            .await
            .map_err(|e| e.to_string())
    };
    let recorded_sent: Vec<i32> = outbox()
        .await?
        .into_iter()
        .filter(|m| m.sent_at.is_some())
        .map(|m| m.id)
        .collect();
    let received = mailbox();
    let rows: HashMap<i32, outbox_message::Model> =
        outbox().await?.into_iter().map(|m| (m.id, m)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for message in &received {
        let header = |name: &str| {
            message
                .lines()
                .take_while(|l| !l.is_empty())
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                })
                .unwrap_or_default()
        };
        let id = header("Message-ID");
        let (row, stamp) = id
            .strip_prefix("<outbox-")
            .and_then(|rest| rest.split_once('@'))
            .and_then(|(n, _)| n.split_once('.'))
            .and_then(|(row, stamp)| Some((row.parse::<i32>().ok()?, stamp.parse::<i64>().ok()?)))
            .ok_or_else(|| format!("a message with Message-ID {id:?}"))?;
        let Some(m) = rows.get(&row) else {
            return fail(format!("{id} names no outbox row")).map(|_| (0, 0));
        };
        let to = header("To");
        if m.created_at.timestamp() != stamp || !to.contains(&m.to_email) {
            return fail(format!(
                "{id} to {to} is not outbox row {row} to {}",
                m.to_email
            ))
            .map(|_| (0, 0));
        }
        *seen.entry(id).or_default() += 1;
    }
    for row in recorded_sent {
        if !seen
            .keys()
            .any(|id| id.starts_with(&format!("<outbox-{row}.")))
        {
            return fail(format!(
                "outbox row {row} is recorded sent and was not received"
            ))
            .map(|_| (0, 0));
        }
    }
    let repeats = seen.values().map(|n| n - 1).sum();
    Ok((received.len(), repeats))
}
