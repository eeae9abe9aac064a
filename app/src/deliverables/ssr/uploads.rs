//! A person's uploads before they join a draft version: the limits (files waiting, bytes
//! stored), their record, and the sweep that forgets abandoned ones and removes files no
//! record names.

use super::drafts::creator_only;
use super::files;
use crate::db::{begin_write, upload, writer_turn};
use crate::deliverables::types::UploadedFile;
use crate::domain::media::format_bytes;
use crate::error::AppError;
use crate::platform::access;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use std::collections::HashSet;
use std::path::Path;

/// Uploads waiting to join a version, per person: enough for any draft, not a disk.
pub const PENDING_MAX: u64 = 30;

/// May `me` upload for this deliverable? Only its creator, of a collaboration still open,
/// within their storage quota, and not past [`PENDING_MAX`] files that were never
/// submitted; those older than a day are forgotten first. Checked before a byte is read;
/// [`record_upload`] checks the count and the quota again as it writes.
pub async fn may_upload(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    quota: u64,
    deliverable_id: i32,
) -> Result<(), AppError> {
    let (_, access) = access::deliverable(db, me, deliverable_id).await?;
    creator_only(&access)?;
    access::ensure_open(db, access.entry.id).await?;
    forget_unsubmitted(db, me.id, now - chrono::Duration::days(1)).await?;
    within_limits(db, me.id, 0, quota).await
}

/// Refuses a new upload of `size` bytes past the pending count or the quota.
async fn within_limits(
    db: &impl ConnectionTrait,
    user_id: i32,
    size: u64,
    quota: u64,
) -> Result<(), AppError> {
    let mine = upload::Entity::find()
        .filter(upload::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let pending = mine.iter().filter(|u| u.draft_version_id.is_none()).count() as u64;
    if pending >= PENDING_MAX {
        return Err(AppError::Conflict(
            "You have many files uploaded but not submitted. Submit your draft (or wait a day for unsent files to expire), then upload again.".into(),
        ));
    }
    let used: u64 = mine.iter().map(|u| u.size_bytes.max(0) as u64).sum();
    if used.saturating_add(size) > quota {
        return Err(AppError::Conflict(format!(
            "Your files take {} of the {} you may store, so this one does not fit. Ask the brand's team about more room.",
            format_bytes(used),
            format_bytes(quota)
        )));
    }
    Ok(())
}

/// Forgets a person's uploads never submitted since `before`. Their files stay on disk: the
/// same bytes may be arriving in someone else's upload at this moment (files are shared by
/// hash), so removing unreferenced files is left to a sweep that can lock uploads.
async fn forget_unsubmitted(
    db: &DatabaseConnection,
    user_id: i32,
    before: DateTime<Utc>,
) -> Result<(), AppError> {
    let _turn = writer_turn(db).await;
    upload::Entity::delete_many()
        .filter(upload::Column::UserId.eq(user_id))
        .filter(upload::Column::DraftVersionId.is_null())
        .filter(upload::Column::CreatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a stored file as the caller's upload, ready to join a version: in one write
/// with the last look at the pending count and the quota, so uploads sent at the same
/// moment cannot pass them together (a refused file is left for the sweep).
pub async fn record_upload(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    quota: u64,
    name: &str,
    stored: &files::Stored,
) -> Result<UploadedFile, AppError> {
    // Names are shown, never used as paths.
    let name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string();
    let name = if name.is_empty() {
        "file".to_string()
    } else {
        name
    };
    let txn = begin_write(db).await?;
    // On PostgreSQL the person's row is the lock that queues their uploads (SQLite has one
    // writer at a time).
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        crate::db::user::Entity::find_by_id(me.id)
            .lock(sea_orm::sea_query::LockType::Update)
            .one(&txn)
            .await?;
    }
    within_limits(&txn, me.id, stored.size, quota).await?;
    let saved = upload::ActiveModel {
        user_id: Set(me.id),
        sha256: Set(stored.sha256.clone()),
        content_type: Set(stored.media_type.mime().into()),
        size_bytes: Set(stored.size as i64),
        original_name: Set(name),
        draft_version_id: Set(None),
        position: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(UploadedFile {
        id: saved.id,
        name: saved.original_name,
        content_type: saved.content_type,
        size_bytes: saved.size_bytes,
    })
}

/// Forgets every upload never submitted since `before`, then removes the media files no
/// upload names that are older than `files_before` (younger ones may be an upload being
/// recorded right now). Answers how many records and files went.
pub async fn sweep(
    db: &DatabaseConnection,
    data_dir: &Path,
    before: DateTime<Utc>,
    files_before: std::time::SystemTime,
) -> Result<(u64, usize), AppError> {
    let forgotten = {
        let _turn = writer_turn(db).await;
        upload::Entity::delete_many()
            .filter(upload::Column::DraftVersionId.is_null())
            .filter(upload::Column::CreatedAt.lt(before))
            .exec(db)
            .await?
            .rows_affected
    };
    let named: HashSet<String> = upload::Entity::find()
        .select_only()
        .column(upload::Column::Sha256)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut removed = 0;
    let Ok(shards) = std::fs::read_dir(files::uploads_dir(data_dir)) else {
        return Ok((forgotten, 0));
    };
    for shard in shards.flatten() {
        if shard.file_name() == "tmp" || !shard.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(shard.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            let old = file
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < files_before);
            if old && !named.contains(&name) && std::fs::remove_file(file.path()).is_ok() {
                removed += 1;
            }
        }
    }
    Ok((forgotten, removed))
}
