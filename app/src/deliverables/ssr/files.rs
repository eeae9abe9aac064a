//! Media on disk, named by content hash: `<data>/uploads/ab/abcdef…`. A file is streamed
//! into a temporary file while it is hashed and measured, and only a complete, recognised
//! file is moved into place; anything else leaves nothing behind.

use crate::domain::media::{MediaType, format_bytes};
use crate::error::AppError;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Debug)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    pub media_type: MediaType,
}

pub fn uploads_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("uploads")
}

/// Removes what uploads cut off by a stop of a server left behind (called at start). Only
/// old ones: another server process sharing the directory may be receiving a file now.
pub fn clear_partials(data_dir: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let Ok(entries) = std::fs::read_dir(uploads_dir(data_dir).join("tmp")) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Where the file with this hash lives. Hashes come from our own database, but are
/// checked anyway: a path is built from them.
pub fn path_for(data_dir: &Path, sha256: &str) -> Option<PathBuf> {
    let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| uploads_dir(data_dir).join(&sha256[..2]).join(sha256))
}

/// A temporary file removed when dropped, unless it was moved into place: an upload cut
/// off halfway (the request future dropped, or its body failing) cleans up after itself.
struct Partial {
    path: PathBuf,
    kept: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn too_large(limit: u64) -> AppError {
    AppError::invalid(
        "file",
        format!(
            "The file is larger than {}. Trim or compress it, then upload it again.",
            format_bytes(limit)
        ),
    )
}

fn io_error(e: std::io::Error) -> AppError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        return disk_full();
    }
    tracing::error!(error = %e, "upload storage failed");
    AppError::Internal
}

/// What an upload is told when the server's disk has no room for it.
pub fn disk_full() -> AppError {
    AppError::Conflict(
        "The server has no room for this file right now. Try again later; the brand's team has been told in the server log."
            .into(),
    )
}

/// The bytes an upload may still write to the data directory's disk, leaving `reserve`
/// free for the database.
pub fn room(data_dir: &Path, reserve: u64) -> Result<u64, AppError> {
    std::fs::create_dir_all(data_dir).map_err(io_error)?;
    let free = fs4::available_space(data_dir).map_err(io_error)?;
    let room = free.saturating_sub(reserve);
    if room == 0 {
        tracing::error!(
            free,
            reserve,
            "the data directory's disk is nearly full: uploads are refused"
        );
        return Err(disk_full());
    }
    Ok(room)
}

/// Streams `body` to disk. Fails, keeping nothing, when the stream breaks, the file passes
/// `limit` bytes or the `room` left on the disk, or its content is not an image or video
/// we accept.
pub async fn store<S, B, E>(
    data_dir: &Path,
    mut body: S,
    limit: u64,
    room: u64,
) -> Result<Stored, AppError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    let tmp_dir = uploads_dir(data_dir).join("tmp");
    tokio::fs::create_dir_all(&tmp_dir)
        .await
        .map_err(io_error)?;
    let partial = Partial {
        path: tmp_dir.join(format!("{:032x}.part", rand::random::<u128>())),
        kept: false,
    };
    let mut file = tokio::fs::File::create(&partial.path)
        .await
        .map_err(io_error)?;
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::with_capacity(MediaType::SNIFF_LEN);
    let mut size: u64 = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            tracing::info!(error = %e, "upload interrupted");
            AppError::invalid("file", "The upload was interrupted. Try again.")
        })?;
        let bytes = chunk.as_ref();
        size += bytes.len() as u64;
        if size > limit {
            return Err(too_large(limit));
        }
        if size > room {
            tracing::error!(
                room,
                "an upload stopped: the data directory's disk is nearly full"
            );
            return Err(disk_full());
        }
        if head.len() < MediaType::SNIFF_LEN {
            let take = (MediaType::SNIFF_LEN - head.len()).min(bytes.len());
            head.extend_from_slice(&bytes[..take]);
            // Refuse early: no point receiving 500 MB of something that is not media.
            if head.len() == MediaType::SNIFF_LEN && MediaType::sniff(&head).is_none() {
                return Err(not_media());
            }
        }
        hasher.update(bytes);
        file.write_all(bytes).await.map_err(io_error)?;
    }
    if size == 0 {
        return Err(AppError::invalid("file", "The file is empty."));
    }
    let media_type = MediaType::sniff(&head).ok_or_else(not_media)?;
    file.flush().await.map_err(io_error)?;
    file.sync_all().await.map_err(io_error)?;
    drop(file);
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let target = path_for(data_dir, &sha256).ok_or(AppError::Internal)?;
    if let Some(dir) = target.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io_error)?;
    }
    let mut partial = partial;
    if tokio::fs::try_exists(&target).await.map_err(io_error)? {
        // The same bytes are already stored: the temporary copy goes.
    } else {
        tokio::fs::rename(&partial.path, &target)
            .await
            .map_err(io_error)?;
        partial.kept = true;
    }
    Ok(Stored {
        sha256,
        size,
        media_type,
    })
}

fn not_media() -> AppError {
    AppError::invalid(
        "file",
        "This file is not a photo or video we can show. Upload JPEG, PNG, GIF, WebP or HEIC images, or MP4, MOV or WebM videos.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::stream;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("roster_files_{:x}", rand::random::<u64>()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn png(extra: usize) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend(std::iter::repeat_n(7u8, extra));
        bytes
    }

    fn chunks(bytes: &[u8]) -> Vec<Result<Vec<u8>, String>> {
        bytes.chunks(5).map(|c| Ok(c.to_vec())).collect()
    }

    fn leftovers(d: &Path) -> usize {
        std::fs::read_dir(uploads_dir(d).join("tmp"))
            .map(|r| r.count())
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn stores_by_content_hash_once() {
        let d = dir();
        let bytes = png(100);
        let a = store(&d, stream::iter(chunks(&bytes)), 1000, u64::MAX)
            .await
            .unwrap();
        let b = store(&d, stream::iter(chunks(&bytes)), 1000, u64::MAX)
            .await
            .unwrap();
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.size, bytes.len() as u64);
        assert_eq!(a.media_type, MediaType::Png);
        let on_disk = std::fs::read(path_for(&d, &a.sha256).unwrap()).unwrap();
        assert_eq!(on_disk, bytes);
        assert_eq!(leftovers(&d), 0);
        std::fs::remove_dir_all(d).unwrap();
    }

    #[tokio::test]
    async fn refuses_and_forgets_what_is_too_big_cut_off_or_not_media() {
        let d = dir();
        let big = store(&d, stream::iter(chunks(&png(2000))), 1000, u64::MAX).await;
        assert!(big.unwrap_err().to_string().contains("larger than 1.0 KB"));
        let mut cut = chunks(&png(100));
        cut.push(Err("connection reset".into()));
        let cut = store(&d, stream::iter(cut), 1000, u64::MAX).await;
        assert!(cut.unwrap_err().to_string().contains("interrupted"));
        // Past the room the disk has left: refused as a full disk, nothing kept.
        let full = store(&d, stream::iter(chunks(&png(500))), 1000, 100).await;
        assert!(full.unwrap_err().to_string().contains("no room"));
        let exe = store(
            &d,
            stream::iter(chunks(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0")),
            1000,
            u64::MAX,
        )
        .await;
        assert!(
            exe.unwrap_err()
                .to_string()
                .contains("not a photo or video")
        );
        let empty = store(
            &d,
            stream::iter(Vec::<Result<Vec<u8>, String>>::new()),
            1000,
            u64::MAX,
        )
        .await;
        assert!(empty.is_err());
        assert_eq!(leftovers(&d), 0);
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn only_hashes_make_paths() {
        let d = Path::new("/data");
        assert!(path_for(d, "../../etc/passwd").is_none());
        assert!(path_for(d, &"a".repeat(64)).is_some());
    }
}
