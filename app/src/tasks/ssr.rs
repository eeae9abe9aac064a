//! Tasks over SQL, and the follow-up reminder job.

use super::{Agenda, Task};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, campaign, creator, pipeline_entry, task};
use crate::domain::notice::NoticeKind;
use crate::domain::task::{TaskKind, Urgency};
use crate::error::AppError;
use crate::pipeline::NextTask;
use crate::platform::notify::{Notice, notify};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use std::collections::HashMap;

/// Why a task closed.
#[derive(Debug, Clone, Copy)]
pub enum Closed {
    /// Someone did it.
    Done,
    /// The card left the stage the task was for (the creator replied, or was dropped).
    Moved,
}

impl Closed {
    fn as_str(self) -> &'static str {
        match self {
            Closed::Done => "done",
            Closed::Moved => "moved",
        }
    }
}

fn board_link(campaign_id: i32) -> String {
    format!("/campaigns/{campaign_id}/board")
}

/// The pipeline entry a task is for, and who owns it.
#[derive(Debug, Clone, Copy)]
pub struct EntryRef {
    pub organization_id: i32,
    pub campaign_id: i32,
    pub id: i32,
    pub owner_id: Option<i32>,
}

impl From<&pipeline_entry::Model> for EntryRef {
    fn from(e: &pipeline_entry::Model) -> Self {
        EntryRef {
            organization_id: e.organization_id,
            campaign_id: e.campaign_id,
            id: e.id,
            owner_id: e.owner_id,
        }
    }
}

/// A card moved to Contacted: its owner gets the outreach task and the follow-up clock
/// starts (day 3, day 7). These are the tasks to write.
pub fn on_contact(entry: EntryRef, contacted_at: DateTime<Utc>) -> Vec<task::ActiveModel> {
    TaskKind::on_contact(contacted_at)
        .into_iter()
        .map(|(kind, due_at)| task::ActiveModel {
            organization_id: Set(entry.organization_id),
            campaign_id: Set(entry.campaign_id),
            pipeline_entry_id: Set(entry.id),
            assignee_id: Set(entry.owner_id),
            kind: Set(kind.as_str().into()),
            due_at: Set(due_at),
            reminded_at: Set(None),
            closed_at: Set(None),
            closed_as: Set(None),
            created_at: Set(contacted_at),
            ..Default::default()
        })
        .collect()
}

/// The owner hears about new outreach unless they made the move themselves.
pub fn contact_notice(
    me: &CurrentUser,
    entry: EntryRef,
    creator_name: &str,
    campaign_name: &str,
) -> Option<Notice> {
    let owner = entry.owner_id.filter(|o| *o != me.id)?;
    let title = format!(
        "New task: {} ({campaign_name}), from {}",
        TaskKind::Outreach.title(creator_name),
        me.name
    );
    Some(Notice {
        organization_id: entry.organization_id,
        user_id: owner,
        kind: NoticeKind::NewTask,
        title,
        link: board_link(entry.campaign_id),
    })
}

/// Writes the outreach and follow-ups of a creator contacted at `contacted_at`.
pub async fn schedule_follow_ups(
    db: &impl ConnectionTrait,
    entry: EntryRef,
    contacted_at: DateTime<Utc>,
) -> Result<(), AppError> {
    task::Entity::insert_many(on_contact(entry, contacted_at))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Closes the open tasks of entries that left the stage they were made for.
pub async fn close_for_entries(
    db: &impl ConnectionTrait,
    entry_ids: Vec<i32>,
    now: DateTime<Utc>,
    why: Closed,
) -> Result<(), DbErr> {
    if entry_ids.is_empty() {
        return Ok(());
    }
    task::Entity::update_many()
        .col_expr(task::Column::ClosedAt, Expr::value(now))
        .col_expr(task::Column::ClosedAs, Expr::value(why.as_str()))
        .filter(task::Column::PipelineEntryId.is_in(entry_ids))
        .filter(task::Column::ClosedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Each entry's open task that falls due first.
pub async fn next_for_entries(
    db: &impl ConnectionTrait,
    entry_ids: impl IntoIterator<Item = i32>,
    now: DateTime<Utc>,
) -> Result<HashMap<i32, NextTask>, AppError> {
    let open = task::Entity::find()
        .filter(task::Column::PipelineEntryId.is_in(entry_ids))
        .filter(task::Column::ClosedAt.is_null())
        .order_by_desc(task::Column::DueAt)
        .all(db)
        .await?;
    // Latest first, so the earliest is inserted last and wins.
    Ok(open
        .into_iter()
        .filter_map(|t| {
            let kind = TaskKind::parse(&t.kind)?;
            Some((
                t.pipeline_entry_id,
                NextTask {
                    kind,
                    due_at: t.due_at,
                    urgency: Urgency::of(t.due_at, now),
                },
            ))
        })
        .collect())
}

pub async fn mine(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<Agenda, AppError> {
    let org = me.organization()?;
    let open = task::Entity::find()
        .filter(task::Column::OrganizationId.eq(org))
        .filter(task::Column::AssigneeId.eq(me.id))
        .filter(task::Column::ClosedAt.is_null())
        .order_by_asc(task::Column::DueAt)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await?;
    let entries: HashMap<i32, i32> = pipeline_entry::Entity::find()
        .select_only()
        .column(pipeline_entry::Column::Id)
        .column(pipeline_entry::Column::CreatorId)
        .filter(pipeline_entry::Column::Id.is_in(open.iter().map(|t| t.pipeline_entry_id)))
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let creators: HashMap<i32, String> = creator::Entity::find()
        .select_only()
        .column(creator::Column::Id)
        .column(creator::Column::Name)
        .filter(creator::Column::Id.is_in(entries.values().copied()))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let campaigns: HashMap<i32, String> = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Id)
        .column(campaign::Column::Name)
        .filter(campaign::Column::Id.is_in(open.iter().map(|t| t.campaign_id)))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let tasks = open
        .into_iter()
        .filter_map(|t| {
            let kind = TaskKind::parse(&t.kind)?;
            let creator_id = *entries.get(&t.pipeline_entry_id)?;
            let name = creators.get(&creator_id).map(String::as_str).unwrap_or("");
            Some(Task {
                id: t.id,
                kind,
                title: kind.title(name),
                campaign_id: t.campaign_id,
                campaign_name: campaigns.get(&t.campaign_id).cloned().unwrap_or_default(),
                creator_id,
                due_at: t.due_at,
            })
        })
        .collect();
    Ok(Agenda { now, tasks })
}

#[derive(Serialize)]
struct TaskSnapshot {
    #[serde(rename = "Task")]
    task: &'static str,
    #[serde(rename = "Status")]
    status: &'static str,
}

/// Marks an open task done; answers its campaign.
pub async fn complete(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<i32, AppError> {
    let org = me.organization()?;
    let t = task::Entity::find_by_id(id)
        .filter(task::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Task".into()))?;
    let label = TaskKind::parse(&t.kind).map_or("Task", TaskKind::label);
    let txn = begin_write(db).await?;
    let closed = task::Entity::update_many()
        .col_expr(task::Column::ClosedAt, Expr::value(now))
        .col_expr(task::Column::ClosedAs, Expr::value(Closed::Done.as_str()))
        .filter(task::Column::Id.eq(t.id))
        .filter(task::Column::ClosedAt.is_null())
        .exec(&txn)
        .await?;
    if closed.rows_affected != 1 {
        return Err(AppError::Conflict(
            "This task is already closed: the creator moved on, or someone marked it done.".into(),
        ));
    }
    AuditEvent::new(Actor::from(me), Action::TaskComplete)
        .entity(t.id)
        .before(&TaskSnapshot {
            task: label,
            status: "Open",
        })
        .after(&TaskSnapshot {
            task: label,
            status: "Done",
        })
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(t.campaign_id)
}

async fn creator_name(db: &impl ConnectionTrait, entry_id: i32) -> Result<String, AppError> {
    let creator_id: Option<i32> = pipeline_entry::Entity::find_by_id(entry_id)
        .select_only()
        .column(pipeline_entry::Column::CreatorId)
        .into_tuple()
        .one(db)
        .await?;
    let name: Option<String> = creator::Entity::find_by_id(creator_id.unwrap_or_default())
        .select_only()
        .column(creator::Column::Name)
        .into_tuple()
        .one(db)
        .await?;
    Ok(name.unwrap_or_default())
}

/// The reminder job: every follow-up that fell due without a reply notifies its assignee,
/// once. Each reminder is claimed before it is sent, so two server processes running the
/// job never send it twice. Answers how many reminders went out.
pub async fn send_due_reminders(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let reminding: Vec<&str> = TaskKind::ALL
        .into_iter()
        .filter(|k| k.reminds())
        .map(TaskKind::as_str)
        .collect();
    let due = task::Entity::find()
        .filter(task::Column::ClosedAt.is_null())
        .filter(task::Column::RemindedAt.is_null())
        .filter(task::Column::Kind.is_in(reminding))
        .filter(task::Column::DueAt.lte(now))
        .order_by_asc(task::Column::DueAt)
        .all(db)
        .await?;
    let mut sent = 0;
    for t in due {
        let txn = begin_write(db).await?;
        let claimed = task::Entity::update_many()
            .col_expr(task::Column::RemindedAt, Expr::value(now))
            .filter(task::Column::Id.eq(t.id))
            .filter(task::Column::RemindedAt.is_null())
            .filter(task::Column::ClosedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        if let (Some(user), Some(kind)) = (t.assignee_id, TaskKind::parse(&t.kind)) {
            let name = creator_name(&txn, t.pipeline_entry_id).await?;
            let title = format!("Reminder: {}", kind.title(&name));
            let notice = Notice {
                organization_id: t.organization_id,
                user_id: user,
                kind: NoticeKind::FollowUp,
                title,
                link: board_link(t.campaign_id),
            };
            notify(&txn, notice, now).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}
