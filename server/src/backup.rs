//! `server backup <dir>` and `server restore <dir>`: a consistent copy of a running
//! server's data, and putting one back.
//!
//! - SQLite: `VACUUM INTO` writes a consistent snapshot of the database while the server
//!   keeps serving (it reads one transaction's view), then the media are copied. Media are
//!   named by their content and never change, and the snapshot is taken first, so every
//!   file the copied database names is there (files arriving later are copied or not, and
//!   nothing names them).
//! - PostgreSQL: the database is dumped with `pg_dump` (see README.md); this copies the
//!   media.
//!
//! A restore puts the copy into a data directory with no database yet, so a running
//! server's data is never overwritten.

use crate::config::Config;
use std::path::{Path, PathBuf};

/// The database file's name, in the backup and in the data directory.
const DATABASE: &str = "roster.db";

/// What a backup or a restore copied.
#[derive(Debug, PartialEq, Eq)]
pub struct Copied {
    pub database: bool,
    pub media_files: usize,
}

/// The SQLite file behind the configured database, if it is SQLite.
fn sqlite_file(config: &Config) -> Option<PathBuf> {
    let rest = config.database_url.strip_prefix("sqlite:")?;
    let path = rest.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or(path);
    Some(PathBuf::from(path))
}

/// Copies the database (SQLite) and the media of the server configured by `config` into
/// `dir`, which must be empty or new.
pub async fn backup(config: &Config, dir: &Path) -> Result<Copied, String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} is not empty: back up into a new directory.",
            dir.display()
        ));
    }
    crate::private_dir(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let database = if config.is_sqlite() {
        let db = crate::db::connect(&config.database_url)
            .await
            .map_err(|e| e.to_string())?;
        let target = dir.join(DATABASE);
        let quoted = target.display().to_string().replace('\'', "''");
        sea_orm::ConnectionTrait::execute_unprepared(&db, &format!("VACUUM INTO '{quoted}'"))
            .await
            .map_err(|e| format!("cannot copy the database: {e}"))?;
        db.close().await.map_err(|e| e.to_string())?;
        true
    } else {
        false
    };
    let media_files = copy_media(
        &app::deliverables::ssr::files::uploads_dir(&config.data_dir),
        &app::deliverables::ssr::files::uploads_dir(dir),
    )?;
    Ok(Copied {
        database,
        media_files,
    })
}

/// Puts a backup made by [`backup`] into the configured data directory, which must have
/// no database yet.
pub async fn restore(config: &Config, dir: &Path) -> Result<Copied, String> {
    let database = match sqlite_file(config) {
        Some(target) => {
            let source = dir.join(DATABASE);
            if !source.is_file() {
                return Err(format!("{} holds no {DATABASE}.", dir.display()));
            }
            if target.exists() {
                return Err(format!(
                    "{} exists already: restore into a new data directory (ROSTER_DATA_DIR), \
                     or move the old database away first.",
                    target.display()
                ));
            }
            if let Some(parent) = target.parent() {
                crate::private_dir(parent).map_err(|e| e.to_string())?;
            }
            std::fs::copy(&source, &target)
                .map_err(|e| format!("cannot copy the database: {e}"))?;
            true
        }
        None => false,
    };
    crate::private_dir(&config.data_dir).map_err(|e| e.to_string())?;
    let media_files = copy_media(
        &app::deliverables::ssr::files::uploads_dir(dir),
        &app::deliverables::ssr::files::uploads_dir(&config.data_dir),
    )?;
    Ok(Copied {
        database,
        media_files,
    })
}

/// Copies the media files (`<two hex>/<hash>`) from one uploads directory to another,
/// leaving uploads still arriving (`tmp/`) behind; answers how many it copied.
fn copy_media(from: &Path, to: &Path) -> Result<usize, String> {
    let mut copied = 0;
    let Ok(shards) = std::fs::read_dir(from) else {
        return Ok(0);
    };
    for shard in shards.flatten() {
        let name = shard.file_name();
        let is_shard = name.len() == 2
            && name
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_hexdigit());
        if !is_shard || !shard.path().is_dir() {
            continue;
        }
        let target = to.join(&name);
        std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
        for file in std::fs::read_dir(shard.path())
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let destination = target.join(file.file_name());
            if !destination.exists() {
                std::fs::copy(file.path(), &destination)
                    .map_err(|e| format!("cannot copy {}: {e}", file.path().display()))?;
                copied += 1;
            }
        }
    }
    Ok(copied)
}
