//! Reading a creators CSV into a preview, and committing a preview. Tolerant of what
//! spreadsheets export (any column order, common header names, a UTF-8 byte-order mark,
//! quoted fields, `;` as separator); strict about what it keeps.

mod columns;
pub(crate) mod file;

pub use columns::{ChannelPart, Column, recognise};
pub use file::{Checked, check_file};

use super::{find_handles, insert};
use crate::creators::CreatorSnapshot;
use crate::creators::import::{ImportPreview, ImportStatus, PROBLEMS_SHOWN, ReadyRow, RowProblem};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, creator, creator_import, writer_turn};
use crate::domain::creator::Platform;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use std::collections::HashMap;
/// Moves rows whose email or handle is already in the organization to the problems.
async fn mark_existing(
    db: &impl ConnectionTrait,
    org: i32,
    checked: &mut Checked,
) -> Result<(), AppError> {
    let emails: Vec<String> = checked
        .ready
        .iter()
        .filter_map(|(_, f)| f.email.clone())
        .collect();
    let mut known_emails: HashMap<String, String> = HashMap::new();
    for chunk in emails.chunks(500) {
        let rows: Vec<(Option<String>, String)> = creator::Entity::find()
            .select_only()
            .column(creator::Column::Email)
            .column(creator::Column::Name)
            .filter(creator::Column::OrganizationId.eq(org))
            .filter(creator::Column::Email.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        known_emails.extend(rows.into_iter().filter_map(|(e, n)| Some((e?, n))));
    }
    let wanted: Vec<(Platform, String)> = checked
        .ready
        .iter()
        .flat_map(|(_, f)| f.channels.iter().map(|c| (c.platform, c.handle.clone())))
        .collect();
    let known_handles = find_handles(db, org, &wanted).await?;
    let ready = std::mem::take(&mut checked.ready);
    for (line, f) in ready {
        let mut clashes = Vec::new();
        if let Some(owner) = f.email.as_ref().and_then(|e| known_emails.get(e)) {
            clashes.push(format!("Already in your database: {owner} has this email."));
        }
        for c in &f.channels {
            if let Some(owner) = known_handles.get(&(c.platform, c.handle.clone())) {
                clashes.push(format!(
                    "Already in your database: @{} on {} is {owner}'s channel.",
                    c.handle,
                    c.platform.label()
                ));
            }
        }
        if clashes.is_empty() {
            checked.ready.push((line, f));
        } else {
            checked.problems.push(RowProblem {
                line,
                name: f.name.clone(),
                messages: clashes,
                duplicate: true,
            });
        }
    }
    checked.problems.sort_by_key(|p| p.line);
    Ok(())
}

fn file_name(raw: &str) -> String {
    let name: String = raw
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    if name.trim().is_empty() {
        "creators.csv".into()
    } else {
        name
    }
}

/// Checks an uploaded file and stores the result as a preview. Nothing else is written.
pub async fn stage(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    name: &str,
    bytes: &[u8],
) -> Result<ImportPreview, AppError> {
    let org = me.organization()?;
    let mut checked = check_file(bytes)?;
    mark_existing(db, org, &mut checked).await?;
    checked.sample = checked
        .ready
        .iter()
        .take(20)
        .map(|(line, f)| ReadyRow {
            line: *line,
            name: f.name.clone(),
            email: f.email.clone(),
            channels: f
                .channels
                .iter()
                .map(|c| format!("{} @{}", c.platform.label(), c.handle))
                .collect(),
        })
        .collect();
    let _turn = writer_turn(db).await;
    let saved = creator_import::ActiveModel {
        organization_id: Set(org),
        user_id: Set(me.id),
        file_name: Set(file_name(name)),
        status: Set(ImportStatus::Previewed.as_str().into()),
        rows: Set(serde_json::to_string(&checked).map_err(|_| AppError::Internal)?),
        row_count: Set(checked.rows as i32),
        ready_count: Set(checked.ready.len() as i32),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(preview_of(saved, checked))
}

fn preview_of(m: creator_import::Model, checked: Checked) -> ImportPreview {
    ImportPreview {
        id: m.id,
        file_name: m.file_name,
        status: ImportStatus::parse(&m.status).unwrap_or(ImportStatus::Cancelled),
        rows: checked.rows,
        ready: m.ready_count as u32,
        duplicates: checked.problems.iter().filter(|p| p.duplicate).count() as u32,
        problem_count: checked.problems.len() as u32,
        problems: checked.problems.into_iter().take(PROBLEMS_SHOWN).collect(),
        sample: checked.sample,
        ignored_columns: checked.ignored_columns,
        created_at: m.created_at,
    }
}

async fn find_import(
    db: &impl ConnectionTrait,
    org: i32,
    id: i32,
) -> Result<(creator_import::Model, Checked), AppError> {
    let m = creator_import::Entity::find_by_id(id)
        .filter(creator_import::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Import".into()))?;
    let checked: Checked = serde_json::from_str(&m.rows).map_err(|_| AppError::Internal)?;
    Ok((m, checked))
}

pub async fn preview(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<ImportPreview, AppError> {
    let (m, checked) = find_import(db, me.organization()?, id).await?;
    Ok(preview_of(m, checked))
}

/// Moves a previewed import on to `to`; false if it was not (still) previewed. The rows
/// themselves (onboarding data included) are dropped: the creators table has them now, or
/// nobody wanted them.
async fn finish(
    db: &impl ConnectionTrait,
    org: i32,
    (id, mut checked): (i32, Checked),
    to: ImportStatus,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    checked.ready.clear();
    let updated = creator_import::Entity::update_many()
        .set(creator_import::ActiveModel {
            status: Set(to.as_str().into()),
            rows: Set(serde_json::to_string(&checked).map_err(|_| AppError::Internal)?),
            finished_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(creator_import::Column::Id.eq(id))
        .filter(creator_import::Column::OrganizationId.eq(org))
        .filter(creator_import::Column::Status.eq(ImportStatus::Previewed.as_str()))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Why an import is no longer open, as it stands now (another tab may just have ended it).
async fn not_open(db: &impl ConnectionTrait, org: i32, id: i32) -> AppError {
    let status = match find_import(db, org, id).await {
        Ok((m, _)) => m.status,
        Err(e) => return e,
    };
    AppError::Conflict(match ImportStatus::parse(&status) {
        Some(ImportStatus::Imported) => "This file was already imported.".into(),
        _ => "This import was cancelled. Upload the file again.".into(),
    })
}

/// Writes every ready row in one transaction: all of them, or (if anything clashes since
/// the preview) none.
pub async fn commit(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<ImportPreview, AppError> {
    let org = me.organization()?;
    let (m, checked) = find_import(db, org, id).await?;
    if m.status != ImportStatus::Previewed.as_str() {
        return Err(not_open(db, org, id).await);
    }
    if checked.ready.is_empty() {
        return Err(AppError::Conflict(
            "No row of this file can be imported: fix the problems listed and upload it again."
                .into(),
        ));
    }
    let txn = begin_write(db).await?;
    let ready = checked.ready.clone();
    let left_out = checked.problems.len();
    if !finish(&txn, org, (id, checked), ImportStatus::Imported, now).await? {
        txn.rollback().await?;
        return Err(not_open(db, org, id).await);
    }
    let actor = Actor::from(me);
    for (line, f) in &ready {
        let Some(creator_id) = insert(&txn, org, now, f).await? else {
            txn.rollback().await?;
            return Err(AppError::Conflict(format!(
                "Since the preview, {} (line {line}) was added to your database. Nothing was imported: upload the file again to see the current duplicates.",
                f.name
            )));
        };
        AuditEvent::new(actor, Action::CreatorCreate)
            .entity(creator_id)
            .after(&CreatorSnapshot::from_fields(f))
            .record(&txn, now)
            .await?;
    }
    AuditEvent::new(actor, Action::CreatorImportCommit)
        .entity(id)
        .after(&serde_json::json!({
            "File": m.file_name,
            "Creators imported": ready.len(),
            "Rows left out": left_out,
        }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    preview(db, me, id).await
}

pub async fn cancel(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<ImportPreview, AppError> {
    let org = me.organization()?;
    let (_, checked) = find_import(db, org, id).await?;
    let txn = begin_write(db).await?;
    if !finish(&txn, org, (id, checked), ImportStatus::Cancelled, now).await? {
        txn.rollback().await?;
        return Err(not_open(db, org, id).await);
    }
    AuditEvent::new(Actor::from(me), Action::CreatorImportCancel)
        .entity(id)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    preview(db, me, id).await
}

#[cfg(test)]
mod tests;
