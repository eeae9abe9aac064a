//! Reading a file into checked rows: the file as a whole first (encoding, size, header),
//! then each row by the creator form's own rules, duplicates within the file included.

use super::columns::{ChannelPart, Column, recognise};
use crate::creators::import::{MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, ReadyRow, RowProblem};
use crate::creators::{ChannelInput, CreatorFields, CreatorInput};
use crate::domain::creator::Platform;
use crate::domain::csv_safety::restore;
use crate::error::{AppError, Validation};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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
