//! What must hold after every restart, read from the database and the disk directly.
//! Each check answers `Err` with what it found wrong; the harness stops at the first.

mod collaboration;
mod results;

pub use collaboration::{agreements, drafts, email, swept, threads};
pub use results::{batches, metrics};

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
