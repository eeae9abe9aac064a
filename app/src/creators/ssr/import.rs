//! Reading a creators CSV into a preview, and committing a preview. Tolerant of what
//! spreadsheets export (any column order, common header names, a UTF-8 byte-order mark,
//! quoted fields, `;` as separator); strict about what it keeps.

use super::{find_handles, insert};
use crate::auth::CurrentUser;
use crate::creators::import::{
    ImportPreview, ImportStatus, MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, PROBLEMS_SHOWN,
    ReadyRow, RowProblem,
};
use crate::creators::{ChannelInput, CreatorFields, CreatorInput, CreatorSnapshot};
use crate::db::audit::{Actor, AuditEvent};
use crate::db::{creator, creator_import};
use crate::domain::creator::Platform;
use crate::domain::csv_safety::restore;
use crate::error::{AppError, Validation};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What one column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Email,
    Country,
    Niches,
    Tier,
    Tag,
    Rate,
    Currency,
    Notes,
    LegalName,
    ShippingAddress,
    PaymentDetails,
    TaxId,
    /// The "main channel" columns: platform named in its own column.
    Platform,
    Channel(Option<Platform>, ChannelPart),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelPart {
    Handle,
    Url,
    Followers,
    Engagement,
    FakeFollowers,
}

/// `"E-mail Address "` → `"e_mail_address"`.
fn normalize(header: &str) -> String {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn channel_part(suffix: &str) -> Option<ChannelPart> {
    Some(match suffix {
        "" | "handle" | "username" | "user_name" | "account" => ChannelPart::Handle,
        "url" | "link" | "profile_url" | "profile" => ChannelPart::Url,
        "followers" | "follower_count" | "followers_count" | "audience" | "subscribers" => {
            ChannelPart::Followers
        }
        "engagement_rate" | "engagement" | "er" | "avg_engagement_rate" => ChannelPart::Engagement,
        "fake_followers" | "fake_followers_rate" | "fake_follower_estimate" => {
            ChannelPart::FakeFollowers
        }
        _ => return None,
    })
}

/// The column a header names, by its usual spellings.
pub fn recognise(header: &str) -> Option<Column> {
    let h = normalize(header);
    let simple = match h.as_str() {
        "name" | "full_name" | "creator" | "creator_name" | "influencer" | "influencer_name" => {
            Some(Column::Name)
        }
        "email" | "e_mail" | "email_address" | "e_mail_address" | "mail" => Some(Column::Email),
        "country" | "country_code" => Some(Column::Country),
        "niches" | "niche" | "categories" | "category" | "topics" => Some(Column::Niches),
        "tier" => Some(Column::Tier),
        "tag" | "performance_tag" | "performance" => Some(Column::Tag),
        "rate" | "fee" | "rate_per_post" | "price" => Some(Column::Rate),
        "currency" | "rate_currency" => Some(Column::Currency),
        "notes" | "note" | "comments" => Some(Column::Notes),
        "legal_name" => Some(Column::LegalName),
        "shipping_address" | "address" => Some(Column::ShippingAddress),
        "payment_details" | "payment" | "bank_details" => Some(Column::PaymentDetails),
        "tax_id" | "tax_number" | "vat_id" | "vat" => Some(Column::TaxId),
        "platform" | "main_platform" => Some(Column::Platform),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    if let Some(part) = channel_part(&h) {
        return Some(Column::Channel(None, part));
    }
    for p in Platform::ALL {
        let former = (*p == Platform::X).then(|| "twitter".to_string());
        for prefix in [p.as_str().to_string(), normalize(p.label())]
            .into_iter()
            .chain(former)
        {
            if let Some(rest) = h.strip_prefix(&prefix) {
                let suffix = rest.strip_prefix('_').unwrap_or(rest);
                if (rest.is_empty() || rest.starts_with('_'))
                    && let Some(part) = channel_part(suffix)
                {
                    return Some(Column::Channel(Some(*p), part));
                }
            }
        }
    }
    None
}

/// The checked file: rows ready to import and rows that will not be.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Checked {
    pub rows: u32,
    pub ready: Vec<(u32, CreatorFields)>,
    /// The first ready rows as the preview shows them; kept when `ready` is cleared.
    #[serde(default)]
    pub sample: Vec<ReadyRow>,
    pub problems: Vec<RowProblem>,
    pub ignored_columns: Vec<String>,
}

fn reject(message: &str) -> AppError {
    AppError::invalid("file", message)
}

/// The separator a spreadsheet used: the most frequent of `,` `;` and tab on the header line.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|s| header.bytes().filter(|b| b == s).count())
        .unwrap_or(b',')
}

fn pretty_field(field: &str) -> String {
    field
        .trim_start_matches("channel.")
        .replace(['_', '.'], " ")
}

/// Reads and checks a file. A file that cannot be read as a whole (not UTF-8, no name
/// column, too big) is rejected; a bad row is reported and left out.
pub fn check_file(bytes: &[u8]) -> Result<Checked, AppError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(reject(
            "The file is larger than 10 MB. Split it into smaller files.",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        reject("The file is not UTF-8 text. In your spreadsheet, save it as \"CSV UTF-8\" and upload it again.")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(reject("The file is empty."));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| reject("The first line should name the columns, like name,email,country."))?
        .clone();
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut seen: HashSet<Column> = HashSet::new();
    let mut ignored = Vec::new();
    for h in headers.iter() {
        let col = recognise(h);
        if let Some(c) = col
            && !seen.insert(c)
        {
            return Err(reject(&format!(
                "Two columns mean the same thing (\"{}\"). Keep one.",
                h.chars().take(40).collect::<String>()
            )));
        }
        if col.is_none() && !h.trim().is_empty() {
            ignored.push(h.chars().take(40).collect());
        }
        columns.push(col);
    }
    if !seen.contains(&Column::Name) {
        return Err(reject(
            "No name column: the first line must name the columns, with one called \"name\".",
        ));
    }
    let mut checked = Checked {
        ignored_columns: ignored,
        ..Default::default()
    };
    let mut emails: HashMap<String, u32> = HashMap::new();
    let mut handles: HashMap<(Platform, String), u32> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u32 + 2;
        if i >= MAX_ROWS {
            return Err(reject(&format!(
                "The file has more than {MAX_ROWS} rows. Split it into smaller files."
            )));
        }
        checked.rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                checked.problems.push(RowProblem {
                    line,
                    name: String::new(),
                    messages: vec!["This line could not be read (an unclosed quote?).".into()],
                    duplicate: false,
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            checked.rows -= 1;
            continue;
        }
        let name_cell = columns
            .iter()
            .position(|c| *c == Some(Column::Name))
            .and_then(|i| record.get(i))
            .unwrap_or("");
        let name: String = name_cell.trim().chars().take(80).collect();
        let problem = |messages: Vec<String>, duplicate| RowProblem {
            line,
            name: name.clone(),
            messages,
            duplicate,
        };
        // Extra cells are only a problem when they hold something (spreadsheets often
        // leave trailing separators).
        if record
            .iter()
            .skip(columns.len())
            .any(|c| !c.trim().is_empty())
        {
            checked.problems.push(problem(
                vec![format!(
                    "This row has {} cells but the header names {}.",
                    record.len(),
                    columns.len()
                )],
                false,
            ));
            continue;
        }
        if record.iter().any(|c| c.chars().count() > MAX_CELL_CHARS) {
            checked.problems.push(problem(
                vec![format!(
                    "A cell is longer than {MAX_CELL_CHARS} characters."
                )],
                false,
            ));
            continue;
        }
        match row_fields(&columns, &record) {
            Err(messages) => checked.problems.push(problem(messages, false)),
            Ok(fields) => {
                let mut clashes = Vec::new();
                if let Some(email) = &fields.email
                    && let Some(first) = emails.get(email)
                {
                    clashes.push(format!("Same email as line {first}."));
                }
                for ch in &fields.channels {
                    if let Some(first) = handles.get(&(ch.platform, ch.handle.clone())) {
                        clashes.push(format!(
                            "@{} on {} is also on line {first}.",
                            ch.handle,
                            ch.platform.label()
                        ));
                    }
                }
                if !clashes.is_empty() {
                    checked.problems.push(problem(clashes, true));
                    continue;
                }
                if let Some(email) = &fields.email {
                    emails.insert(email.clone(), line);
                }
                for ch in &fields.channels {
                    handles.insert((ch.platform, ch.handle.clone()), line);
                }
                checked.ready.push((line, fields));
            }
        }
    }
    if checked.rows == 0 {
        return Err(reject("The file has a header but no creators."));
    }
    Ok(checked)
}

/// One row as form input, checked by the same rules as the creator form.
fn row_fields(
    columns: &[Option<Column>],
    record: &csv::StringRecord,
) -> Result<CreatorFields, Vec<String>> {
    let mut input = CreatorInput::default();
    let mut extra: Vec<(Platform, ChannelInput)> = Vec::new();
    for (col, cell) in columns.iter().zip(record.iter()) {
        let Some(col) = col else { continue };
        let cell = restore(cell).to_string();
        match col {
            Column::Name => input.name = cell,
            Column::Email => input.email = cell,
            Column::Country => input.country = cell,
            Column::Niches => input.niches = cell,
            Column::Tier => input.tier = cell,
            Column::Tag => input.tag = cell,
            Column::Rate => input.rate = cell,
            Column::Currency => input.currency = cell,
            Column::Notes => input.notes = cell,
            Column::LegalName => input.legal_name = cell,
            Column::ShippingAddress => input.shipping_address = cell,
            Column::PaymentDetails => input.payment_details = cell,
            Column::TaxId => input.tax_id = cell,
            Column::Platform => input.channel.platform = cell,
            Column::Channel(platform, part) => {
                let target = match platform {
                    None => &mut input.channel,
                    Some(p) => {
                        if !extra.iter().any(|(q, _)| q == p) {
                            extra.push((
                                *p,
                                ChannelInput {
                                    platform: p.as_str().into(),
                                    ..Default::default()
                                },
                            ));
                        }
                        &mut extra
                            .iter_mut()
                            .find(|(q, _)| q == p)
                            .expect("just added")
                            .1
                    }
                };
                *match part {
                    ChannelPart::Handle => &mut target.handle,
                    ChannelPart::Url => &mut target.url,
                    ChannelPart::Followers => &mut target.followers,
                    ChannelPart::Engagement => &mut target.engagement,
                    ChannelPart::FakeFollowers => &mut target.fake_followers,
                } = cell;
            }
        }
    }
    let mut v = Validation::new();
    let fields = input.check(&mut v);
    let mut channels = Vec::new();
    for (p, ch) in &extra {
        // A platform's columns left empty on this row: no channel there.
        let filled = ch.handle.trim().len()
            + ch.url.trim().len()
            + ch.followers.trim().len()
            + ch.engagement.trim().len()
            + ch.fake_followers.trim().len();
        if filled > 0 {
            channels.extend(ch.check(&mut v, &format!("{} ", p.label())));
        }
    }
    if !v.errors().is_empty() {
        return Err(v
            .errors()
            .iter()
            .map(|e| format!("{}: {}", pretty_field(&e.field), e.message))
            .collect());
    }
    let mut fields = fields.ok_or_else(|| vec!["This row could not be read.".to_string()])?;
    for ch in channels {
        if !fields
            .channels
            .iter()
            .any(|c| c.platform == ch.platform && c.handle == ch.handle)
        {
            fields.channels.push(ch);
        }
    }
    let mut seen = HashSet::new();
    if !fields.channels.iter().all(|c| seen.insert(c.platform)) {
        return Err(vec![
            "Two different handles on one platform: keep one per row.".into(),
        ]);
    }
    Ok(fields)
}

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
    let txn = db.begin().await?;
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
        AuditEvent::new(actor, "creator.create", "creator")
            .entity(creator_id)
            .after(&CreatorSnapshot::from_fields(f))
            .record(&txn, now)
            .await?;
    }
    AuditEvent::new(actor, "creator_import.commit", "creator_import")
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
    if !finish(db, org, (id, checked), ImportStatus::Cancelled, now).await? {
        return Err(not_open(db, org, id).await);
    }
    preview(db, me, id).await
}

#[cfg(test)]
mod tests;
