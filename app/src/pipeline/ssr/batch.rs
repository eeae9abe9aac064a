//! Writing one batch of moves in one transaction, each move still succeeding or failing on
//! its own, then answering each (completed with its main channel and next task).

use crate::briefs::ssr as briefs;
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, bulk, campaign, json_rows, pipeline_entry, task};
use crate::domain::campaign::CampaignStatus;
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use crate::pipeline::ssr::layout::Layout;
use crate::pipeline::ssr::{Row, main_channels, moved_meanwhile, rows};
use crate::pipeline::{Entry, EntrySnapshot};
use crate::platform::notify::{Notice, announce, notify_all};
use crate::platform::user::CurrentUser;
use crate::realtime::bus::EventBus;
use crate::tasks::ssr::{self as tasks, Closed, EntryRef};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    QueryFilter, QuerySelect, QueryTrait, RuntimeErr,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tokio::sync::oneshot;

/// One card to move to `index` (from 0) of the column `to`, if it is still at `version`.
#[derive(Debug, Clone)]
pub struct Move {
    pub me: CurrentUser,
    pub now: DateTime<Utc>,
    pub entry_id: i32,
    pub version: i32,
    pub to: Stage,
    pub index: u32,
}

pub(super) type Answer = Result<Entry, AppError>;

/// A move waiting for the writer.
pub(super) struct Queued {
    pub(super) m: Move,
    pub(super) reply: oneshot::Sender<Answer>,
}

/// Why a move cannot be made on the card as it stands (`stage`, `version`), if it cannot.
fn refusal(m: &Move, row: &Row, stage: Stage, version: i32) -> Option<AppError> {
    if version != m.version || row.version != m.version {
        return Some(moved_meanwhile(&row.creator_name));
    }
    stage
        .move_refusal(m.to, row.fee_minor.is_some())
        .map(AppError::Conflict)
}

/// Each move's card as saved, or why it was refused; `Err` if the transaction failed as a
/// whole (then nothing of it was written).
pub(super) async fn write(
    db: &DatabaseConnection,
    public_url: &str,
    events: &EventBus,
    batch: &[Queued],
) -> Result<Vec<Answer>, DbErr> {
    use pipeline_entry::Column as E;
    // The cards, of the batch's organizations; each move below takes its card only from
    // its mover's organization (another's card is as good as missing). Ids and keys go in
    // as JSON, so the statements keep one shape and stay prepared.
    let backend = db.get_database_backend();
    let orgs: BTreeSet<i32> = batch
        .iter()
        .filter_map(|q| q.m.me.organization_id)
        .collect();
    let wanted = Condition::all()
        .add(json_rows::is_in(
            backend,
            r#""pipeline_entry"."organization_id""#,
            orgs,
        ))
        .add(json_rows::is_in(
            backend,
            r#""pipeline_entry"."id""#,
            batch.iter().map(|q| q.m.entry_id),
        ));
    let latest = batch.iter().map(|q| q.m.now).max().unwrap_or_default();

    let txn = begin_write(db).await?;
    // On PostgreSQL, claiming the cards' campaigns first takes their row locks, so what
    // is read next stays as read until the commit (SQLite's write lock already does).
    // The claim changes nothing: a move, even a refused one, is the card's change, not
    // the campaign's.
    if backend == DbBackend::Postgres {
        let of_cards = pipeline_entry::Entity::find()
            .select_only()
            .column(E::CampaignId)
            .filter(wanted.clone())
            .into_query();
        campaign::Entity::update_many()
            .col_expr(
                campaign::Column::UpdatedAt,
                Expr::col(campaign::Column::UpdatedAt),
            )
            .filter(campaign::Column::Id.in_subquery(of_cards))
            .exec(&txn)
            .await?;
    }
    let cards: HashMap<i32, Row> = rows()
        .filter(wanted)
        .into_model::<Row>()
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    // Only the columns the cards leave or enter are laid out again.
    let touched: BTreeSet<(i32, &str)> = batch
        .iter()
        .filter_map(|q| cards.get(&q.m.entry_id).map(|card| (card, q.m.to)))
        .flat_map(|(card, to)| {
            [card.stage.as_str(), to.as_str()].map(|stage| (card.campaign_id, stage))
        })
        .collect();
    // Every column of those campaigns in those stages (a superset of the touched ones).
    let campaigns: BTreeSet<i32> = touched.iter().map(|(campaign, _)| *campaign).collect();
    let stages: BTreeSet<&str> = touched.iter().map(|(_, stage)| *stage).collect();
    let columns = Condition::all()
        .add(json_rows::is_in(
            backend,
            r#""pipeline_entry"."campaign_id""#,
            campaigns,
        ))
        .add(json_rows::is_in_text(
            backend,
            r#""pipeline_entry"."stage""#,
            stages,
        ));
    // A column comes as one row, `id:position,…` in board order: the SQLite driver hands
    // rows over one by one, and a batch touches hundreds of cards.
    let stored: Vec<(i32, String, String)> = pipeline_entry::Entity::find()
        .select_only()
        .columns([E::CampaignId, E::Stage])
        .expr(Expr::cust(
            r#"string_agg(CAST(id AS TEXT) || ':' || CAST("position" AS TEXT), ',' ORDER BY "position", id)"#,
        ))
        .filter(columns)
        .group_by(E::CampaignId)
        .group_by(E::Stage)
        .into_tuple()
        .all(&txn)
        .await?;
    let mut layout = Layout::default();
    for (campaign_id, stage, cards) in &stored {
        let stage = Stage::parse(stage).unwrap_or(Stage::FIRST);
        for card in cards.split(',') {
            let Some((id, position)) = card.split_once(':') else {
                continue;
            };
            let (Ok(id), Ok(position)) = (id.parse(), position.parse()) else {
                return Err(DbErr::Custom(format!("unreadable board column: {card}")));
            };
            layout.push(*campaign_id, id, stage, position);
        }
    }
    let mut versions: HashMap<i32, i32> = cards.values().map(|c| (c.id, c.version)).collect();

    // Each move in turn, on the boards as they are now.
    let mut answers: Vec<Answer> = Vec::with_capacity(batch.len());
    let mut accepted: Vec<(usize, Stage)> = Vec::new();
    for (slot, Queued { m, .. }) in batch.iter().enumerate() {
        let Some(row) = cards
            .get(&m.entry_id)
            .filter(|r| m.me.organization_id == Some(r.organization_id))
        else {
            answers.push(Err(AppError::NotFound("Pipeline entry".into())));
            continue;
        };
        let read_only =
            CampaignStatus::parse(&row.campaign_status).is_none_or(CampaignStatus::is_read_only);
        let (Some(from), Some(version)) = (layout.stage_of(row.id), versions.get_mut(&row.id))
        else {
            answers.push(Err(AppError::NotFound("Pipeline entry".into())));
            continue;
        };
        let refused = if read_only {
            Some(AppError::Conflict(
                "Archived campaigns are read-only.".into(),
            ))
        } else {
            refusal(m, row, from, *version)
        };
        if let Some(e) = refused {
            answers.push(Err(e));
            continue;
        }
        layout.place(row.id, m.to, m.index as usize);
        *version += 1;
        accepted.push((slot, from));
        // Filled in below, once every position is known.
        answers.push(Err(AppError::Internal));
    }
    if accepted.is_empty() {
        txn.rollback().await?;
        return Ok(answers);
    }

    // Each accepted card as it will be saved.
    let mut saved: Vec<(usize, Stage, Row)> = Vec::with_capacity(accepted.len());
    for (slot, from) in accepted {
        let m = &batch[slot].m;
        let row = &cards[&m.entry_id];
        saved.push((
            slot,
            from,
            Row {
                stage: m.to.as_str().into(),
                position: layout.position(row.id).unwrap_or(row.position),
                stage_changed_at: if m.to == from {
                    row.stage_changed_at
                } else {
                    m.now
                },
                version: versions[&row.id],
                ..row.clone()
            },
        ));
    }

    // One statement for every position, stage and version that changed: a card that only
    // shifted in its column gets its position, a moved card everything (null keeps).
    let mut changes: BTreeMap<i32, [serde_json::Value; 5]> = BTreeMap::new();
    for (id, position) in layout.changed() {
        changes.entry(id).or_default()[0] = position.into();
    }
    for (_, _, r) in &saved {
        let change = changes.entry(r.id).or_default();
        change[1] = r.stage.as_str().into();
        change[2] = bulk::time_text(backend, r.stage_changed_at);
        change[3] = r.version.into();
        change[4] = bulk::time_text(backend, latest);
    }
    let updates: Vec<serde_json::Value> = changes
        .into_iter()
        .map(|(id, change)| std::iter::once(id.into()).chain(change).collect())
        .collect();
    let set = [
        ("position", "integer"),
        ("stage", "text"),
        ("stage_changed_at", "timestamptz"),
        ("version", "integer"),
        ("updated_at", "timestamptz"),
    ];
    txn.execute_raw(bulk::update(
        backend,
        "pipeline_entry",
        "id",
        &set,
        &updates,
    ))
    .await?;

    // A task belongs to the stage it was made for: leaving the stage closes it, and a
    // creator contacted gets the outreach and follow-ups.
    let left: Vec<i32> = saved
        .iter()
        .filter(|(_, from, r)| r.stage() != *from)
        .map(|(_, _, r)| r.id)
        .collect();
    tasks::close_for_entries(&txn, left, latest, Closed::Moved).await?;
    let mut new_tasks: Vec<task::ActiveModel> = Vec::new();
    let mut notices: Vec<Notice> = Vec::new();
    for (slot, _, r) in saved
        .iter()
        .filter(|(_, from, r)| r.stage() != *from && r.stage() == Stage::Contacted)
    {
        let m = &batch[*slot].m;
        let entry = EntryRef {
            organization_id: r.organization_id,
            campaign_id: r.campaign_id,
            id: r.id,
            owner_id: r.owner_id,
        };
        new_tasks.extend(tasks::on_contact(entry, m.now));
        notices.extend(tasks::contact_notice(
            &m.me,
            entry,
            &r.creator_name,
            &r.campaign_name,
        ));
    }
    if !new_tasks.is_empty() {
        task::Entity::insert_many(new_tasks)
            .exec_without_returning(&txn)
            .await?;
    }
    let notified = notify_all(&txn, notices, latest).await?;

    // A creator contracted gets the campaign's brief, when there is one.
    let contracted: Vec<briefs::Contracted> = saved
        .iter()
        .filter(|(_, from, r)| r.stage() != *from && r.stage() == Stage::Contracted)
        .map(|(slot, _, r)| {
            let m = &batch[*slot].m;
            briefs::Contracted {
                campaign_id: r.campaign_id,
                entry_id: r.id,
                sender: Actor::from(&m.me),
                at: m.now,
            }
        })
        .collect();
    briefs::send_on_contract(&txn, &contracted, public_url).await?;

    // The audit trail of each move, then the cards as saved.
    let trail = saved.iter().map(|(slot, _, after)| {
        let m = &batch[*slot].m;
        let row = &cards[&m.entry_id];
        let snapshot = |r: &Row| EntrySnapshot::new(&r.campaign_name, &r.clone().entry(m.now));
        AuditEvent::new(Actor::from(&m.me), Action::PipelineEntryMove)
            .entity(row.id)
            .before(&snapshot(row))
            .after(&snapshot(after))
    });
    AuditEvent::record_all(&txn, trail.collect::<Vec<_>>(), latest).await?;
    txn.commit().await?;
    announce(events, notified);
    for (slot, _, after) in saved {
        answers[slot] = Ok(after.entry(batch[slot].m.now));
    }
    Ok(answers)
}

/// A deadlock or serialization failure: the transaction was rolled back and may be retried.
pub(super) fn aborted_by_contention(e: &DbErr) -> bool {
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e
            .as_database_error()
            .and_then(|e| e.code())
            .is_some_and(|code| code == "40P01" || code == "40001"),
        _ => false,
    }
}

/// Completes the saved cards with what lives in other tables (main channel, next task)
/// and answers every move of the batch.
pub(super) async fn answer(
    db: DatabaseConnection,
    batch: Vec<Queued>,
    written: Result<Vec<Answer>, AppError>,
) {
    let mut answers = match written {
        Ok(answers) => answers,
        Err(e) => batch.iter().map(|_| Err(e.clone())).collect(),
    };
    let saved: Vec<&Entry> = answers.iter().filter_map(|a| a.as_ref().ok()).collect();
    let now = batch.iter().map(|q| q.m.now).max().unwrap_or_default();
    let extras = async {
        let channels = main_channels(&db, saved.iter().map(|e| e.creator_id)).await?;
        let next = tasks::next_for_entries(&db, saved.iter().map(|e| e.id), now).await?;
        Ok::<_, AppError>((channels, next))
    };
    match extras.await {
        Ok((channels, mut next)) => {
            for entry in answers.iter_mut().filter_map(|a| a.as_mut().ok()) {
                entry.channel = channels.get(&entry.creator_id).cloned();
                entry.next_task = next.remove(&entry.id);
            }
        }
        // The moves are saved; the board reloads what it could not be told.
        Err(e) => tracing::warn!(error = %e, "could not complete moved cards"),
    }
    for (queued, answer) in batch.into_iter().zip(answers) {
        // The caller may have gone (the browser closed): the move stands.
        let _ = queued.reply.send(answer);
    }
}
