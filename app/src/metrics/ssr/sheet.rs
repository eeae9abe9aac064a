//! CSV sheets of a campaign's readings: the sheet to fill in, and reading one back (preview,
//! then record in one transaction).

use super::record::{MAX_BATCH, Reading, Recorder, Refused, check_only, record};
use crate::db::audit::{Action, AuditEvent};
use crate::db::{begin_write, campaign};
use crate::deliverables::ssr::summary;
use crate::domain::csv_safety::{neutralize, restore};
use crate::domain::reading::{TYPED, parse_captured_at, parse_counts};
use crate::error::AppError;
use crate::metrics::types::sheet::{LISTED_ERRORS, PREVIEW_ROWS, SheetPreview, SheetRow};
use crate::metrics::{RowError, Source};
use crate::platform::state::AppState;
use crate::platform::user::CurrentUser;
use crate::realtime::Kind;
use sea_orm::ConnectionTrait;
use serde_json::json;
use std::collections::HashSet;

/// Columns that name the row for people; read past.
const LABELS: [&str; 3] = ["creator", "deliverable", "platform"];

/// The sheet to fill in: a line per deliverable of the campaign, its figures blank.
pub async fn template(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    campaign_id: i32,
) -> Result<(Vec<u8>, String), AppError> {
    let campaign = campaign::of_organization(db, me.organization()?, campaign_id).await?;
    let deliverables = crate::db::deliverable::of_campaign(db, campaign.id).await?;
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = ["deliverable_id", "creator", "deliverable", "captured_at"]
        .into_iter()
        .chain(TYPED);
    out.write_record(header).map_err(internal)?;
    for (d, creator) in &deliverables {
        let title = summary(d, 0).title;
        let mut line = vec![
            d.id.to_string(),
            neutralize(creator).into_owned(),
            neutralize(&title).into_owned(),
        ];
        line.resize(4 + TYPED.len(), String::new());
        out.write_record(&line).map_err(internal)?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    Ok((bytes, format!("{}-readings.csv", file_stem(&campaign.name))))
}

/// A campaign's name as a file name: letters, digits and dashes.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "campaign".into()
    } else {
        stem
    }
}

fn internal(e: csv::Error) -> AppError {
    tracing::error!("writing a CSV sheet: {e}");
    AppError::Internal
}

/// Reads an uploaded sheet of the campaign and checks it whole; with `commit`, records
/// it in one transaction when nothing is in the way.
pub async fn import(
    state: &AppState,
    me: &CurrentUser,
    campaign_id: i32,
    bytes: &[u8],
    commit: bool,
) -> Result<SheetPreview, AppError> {
    let org = me.organization()?;
    let now = state.clock.now();
    let campaign = campaign::of_organization(&state.db, org, campaign_id).await?;
    let Parsed {
        rows,
        mut errors,
        unfilled,
    } = parse(bytes, &campaign.currency, now);
    let readings: Vec<Reading> = rows.iter().map(|r| r.1.clone()).collect();
    let mut preview = SheetPreview {
        rows: rows.len() + errors_only_lines(&rows, &errors),
        unfilled,
        readings: rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(line, r)| SheetRow {
                line: *line,
                deliverable_id: r.deliverable_id,
                captured_at: r.captured_at,
                counts: r.counts,
            })
            .collect(),
        errors: Vec::new(),
        error_count: 0,
        currency: campaign.currency.clone(),
        recorded: None,
    };
    if errors.is_empty() && readings.is_empty() {
        errors.push(line_error(1, "file", "The sheet has no readings."));
    }
    let by = Recorder {
        organization_id: org,
        source: Source::Csv,
        user_id: Some(me.id),
        api_token_id: None,
        campaign_id: Some(campaign.id),
        now,
    };
    // The recorder names rows by their place among the readings, and fields as stored:
    // name them by line, and as the sheet's columns.
    let by_line = |refused: Vec<RowError>| {
        refused.into_iter().map(|mut e| {
            e.row = rows.get(e.row.wrapping_sub(1)).map_or(1, |r| r.0);
            if e.field == "revenue_minor" {
                e.field = "revenue".into();
            }
            e
        })
    };
    if !readings.is_empty() {
        let record_now = commit && errors.is_empty();
        let txn = if record_now {
            Some(begin_write(&state.db).await?)
        } else {
            None
        };
        let checked = match &txn {
            Some(txn) => record(txn, &by, &readings).await.map(Some),
            None => check_only(&state.db, &by, &readings).await.map(|()| None),
        };
        match checked {
            Ok(Some(recorded)) => {
                let txn = txn.expect("recorded in a transaction");
                AuditEvent::new(me.into(), Action::MetricsImport)
                    .entity(campaign.id)
                    .after(&json!({ "snapshots": recorded.snapshots }))
                    .record(&txn, now)
                    .await?;
                txn.commit().await?;
                for c in &recorded.campaigns {
                    state
                        .events
                        .publish(org, Kind::MetricsRecorded, Some(*c), None);
                }
                preview.recorded = Some(recorded.snapshots);
            }
            Ok(None) => {}
            Err(Refused::Rows(refused)) => {
                if let Some(txn) = txn {
                    txn.rollback().await?;
                }
                errors.extend(by_line(refused));
            }
            Err(Refused::App(e)) => return Err(e),
        }
    }
    errors.sort_by(|a, b| (a.row, &a.field).cmp(&(b.row, &b.field)));
    preview.error_count = errors.len();
    errors.truncate(LISTED_ERRORS);
    preview.errors = errors;
    Ok(preview)
}

/// Lines refused before they became readings still count as the sheet's rows.
fn errors_only_lines(rows: &[(usize, Reading)], errors: &[RowError]) -> usize {
    let read: HashSet<usize> = rows.iter().map(|r| r.0).collect();
    let refused: HashSet<usize> = errors
        .iter()
        .map(|e| e.row)
        .filter(|l| *l > 1 && !read.contains(l))
        .collect();
    refused.len()
}

fn line_error(line: usize, field: &str, message: impl Into<String>) -> RowError {
    RowError {
        row: line,
        field: field.into(),
        message: message.into(),
    }
}

/// The most columns a sheet may have: ours has 14.
const MAX_COLUMNS: usize = 50;

/// What a sheet holds: its readings by line, every line that cannot be read, and how many
/// lines were left blank (a deliverable of the downloaded sheet with nothing filled in).
pub(crate) struct Parsed {
    pub(crate) rows: Vec<(usize, Reading)>,
    pub(crate) errors: Vec<RowError>,
    pub(crate) unfilled: usize,
}

pub(crate) fn parse(bytes: &[u8], currency: &str, now: chrono::DateTime<chrono::Utc>) -> Parsed {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // Spreadsheets set to a decimal comma save with semicolons.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Parsed {
        rows: Vec::new(),
        errors: Vec::new(),
        unfilled: 0,
    };
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_lowercase())
            .collect(),
        Err(_) => {
            out.errors
                .push(line_error(1, "file", "The file is not a CSV sheet."));
            return out;
        }
    };
    if header.len() > MAX_COLUMNS {
        out.errors.push(line_error(
            1,
            "file",
            format!(
                "A sheet has at most {MAX_COLUMNS} columns; this one has {}.",
                header.len()
            ),
        ));
        return out;
    }
    let understood = |c: &str| {
        c == "deliverable_id" || c == "captured_at" || TYPED.contains(&c) || LABELS.contains(&c)
    };
    let mut seen = HashSet::new();
    for column in &header {
        if !understood(column) {
            out.errors.push(line_error(
                1,
                column,
                format!(
                    "Unknown column \"{column}\". Columns: deliverable_id, captured_at, {} (and creator, deliverable, platform, which are read past).",
                    TYPED.join(", ")
                ),
            ));
        } else if !seen.insert(column.as_str()) {
            out.errors.push(line_error(
                1,
                column,
                format!("The column {column} appears twice."),
            ));
        }
    }
    if !header.iter().any(|c| c == "deliverable_id") {
        out.errors.push(line_error(
            1,
            "deliverable_id",
            "The sheet needs a deliverable_id column.",
        ));
    }
    if !out.errors.is_empty() {
        return out;
    }
    let column = |name: &str| header.iter().position(|c| c == name);
    let filled_in: Vec<usize> = std::iter::once("captured_at")
        .chain(TYPED)
        .filter_map(column)
        .collect();
    let mut lines = Lines::new(bytes);
    for record in reader.byte_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = lines.at(e.position().map_or(0, |p| p.byte()));
                out.errors
                    .push(line_error(line, "file", "This line cannot be read as CSV."));
                continue;
            }
        };
        let line = lines.at(record.position().map_or(0, |p| p.byte()));
        // Only the columns read are decoded: a creator's name in another encoding is fine.
        let cells: Vec<String> = record
            .iter()
            .map(|c| restore(&String::from_utf8_lossy(c)).to_string())
            .collect();
        let cell = |name: &str| column(name).and_then(|i| cells.get(i)).map(String::as_str);
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if filled_in
            .iter()
            .all(|i| cells.get(*i).is_none_or(String::is_empty))
        {
            out.unfilled += 1;
            continue;
        }
        if out.rows.len() == MAX_BATCH {
            out.errors.push(line_error(
                line,
                "file",
                format!("A sheet holds at most {MAX_BATCH} readings; split it here."),
            ));
            break;
        }
        let mut problems = Vec::new();
        let id = match cell("deliverable_id").unwrap_or("").parse::<i32>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                problems.push((
                    "deliverable_id",
                    "Give the deliverable's number from the sheet.".to_string(),
                ));
                None
            }
        };
        let at = parse_captured_at(cell("captured_at").unwrap_or(""), now)
            .map_err(|m| problems.push(("captured_at", m)))
            .ok();
        let counts = parse_counts(cell, currency)
            .map_err(|errs| problems.extend(errs))
            .ok();
        match (id, at, counts) {
            (Some(deliverable_id), Some(captured_at), Some(counts)) => out.rows.push((
                line,
                Reading {
                    deliverable_id,
                    captured_at,
                    counts,
                },
            )),
            _ => out
                .errors
                .extend(problems.into_iter().map(|(f, m)| line_error(line, f, m))),
        }
    }
    out
}

/// Line numbers of byte offsets, read forward (the CSV reader's own count skips blank
/// lines, and people look lines up in their spreadsheet).
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line a record read from `offset` starts on: the reader's offset is before any
    /// blank lines it skipped.
    fn at(&mut self, offset: u64) -> usize {
        let mut offset = (offset as usize).clamp(self.offset, self.bytes.len());
        while matches!(self.bytes.get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        let seen = &self.bytes[self.offset..offset];
        // A line ends with LF, CRLF, or (old Mac files) a bare CR.
        self.line += seen
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && seen.get(i + 1) != Some(&b'\n')))
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests;
