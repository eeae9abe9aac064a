//! Collaborations after a restart: drafts with their files, swept partial uploads, threads,
//! agreements and the emails they sent.

use super::*;

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
