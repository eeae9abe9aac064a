//! The ingest API's body, `{"snapshots": [{…}, …]}`, parsed row by row into readings, with
//! no JSON tree for the whole body; each row is read on its own, so a bad row names its
//! problems without stopping the others.

use super::record::{MAX_BATCH, Reading};
use crate::domain::metrics::Counts;
use crate::metrics::RowError;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::error::Category;
use std::borrow::Cow;
use std::fmt;

/// Why a body gave no readings.
#[derive(Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Not JSON at all.
    Json(String),
    /// JSON, but not an object with a `snapshots` array.
    Shape,
    /// More rows than a batch may carry: found while reading, before any more are kept.
    TooMany,
    /// Rows that could not be read, each problem named (the first [`MAX_LISTED`]), and
    /// how many problems there were in all.
    Rows(Vec<RowError>, usize),
}

/// Problems listed in an answer; a body of broken rows gets a count of the rest.
pub const MAX_LISTED: usize = 100;

/// The body's readings, or why there are none. Memory stays bounded whatever the body:
/// reading stops keeping rows past [`MAX_BATCH`] and problems past [`MAX_LISTED`].
pub fn parse(body: &[u8]) -> Result<Vec<Reading>, Unreadable> {
    let Body(rows) = serde_json::from_slice(body).map_err(|e| match e.classify() {
        // The shape was wrong before the end: say so only if the whole body is JSON.
        Category::Data => match serde_json::from_slice::<IgnoredAny>(body) {
            Ok(_) => Unreadable::Shape,
            Err(e) => Unreadable::Json(e.to_string()),
        },
        _ => Unreadable::Json(e.to_string()),
    })?;
    if rows.too_many {
        Err(Unreadable::TooMany)
    } else if rows.problems > 0 {
        Err(Unreadable::Rows(rows.errors, rows.problems))
    } else {
        Ok(rows.readings)
    }
}

/// What the `snapshots` array gave, kept within bounds as it is read.
#[derive(Default)]
struct Rows {
    readings: Vec<Reading>,
    errors: Vec<RowError>,
    problems: usize,
    too_many: bool,
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RowsVisitor;
        impl<'de> Visitor<'de> for RowsVisitor {
            type Value = Rows;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of snapshots")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
                let mut rows = Rows::default();
                let mut n = 0;
                while let Some(Row(row)) = seq.next_element()? {
                    n += 1;
                    if n > MAX_BATCH {
                        // The rest is only checked to be JSON, at no cost in memory.
                        rows.too_many = true;
                        while seq.next_element::<IgnoredAny>()?.is_some() {}
                        break;
                    }
                    match row {
                        Ok(r) => rows.readings.push(r),
                        Err(problems) => {
                            rows.problems += problems.len();
                            let room = MAX_LISTED.saturating_sub(rows.errors.len());
                            rows.errors.extend(problems.into_iter().take(room).map(
                                |(field, message)| RowError {
                                    row: n,
                                    field,
                                    message,
                                },
                            ));
                        }
                    }
                }
                Ok(rows)
            }
        }
        d.deserialize_seq(RowsVisitor)
    }
}

/// An object's `snapshots` (the last, if named twice); its other fields are ignored.
struct Body(Rows);

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BodyVisitor;
        impl<'de> Visitor<'de> for BodyVisitor {
            type Value = Body;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with a snapshots array")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Body, A::Error> {
                let mut snapshots = None;
                while let Some(Key(name)) = map.next_key()? {
                    if name == "snapshots" {
                        snapshots = Some(map.next_value()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                snapshots
                    .map(Body)
                    .ok_or_else(|| de::Error::missing_field("snapshots"))
            }
        }
        d.deserialize_map(BodyVisitor)
    }
}

/// One row: a reading, or its problems as (field, message).
struct Row(Result<Reading, Vec<(String, String)>>);

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RowVisitor)
    }
}

struct RowVisitor;

fn not_an_object() -> Row {
    Row(Err(vec![(
        "row".into(),
        "Each snapshot must be a JSON object.".into(),
    )]))
}

impl<'de> Visitor<'de> for RowVisitor {
    type Value = Row;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a snapshot")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let mut row = RowReader::default();
        while let Some(Key(name)) = map.next_key()? {
            let value: Value = map.next_value()?;
            row.field(&name, &value);
        }
        Ok(Row(row.finish()))
    }

    // Anything but an object is a row that cannot be read, not a body that cannot.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Row, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(not_an_object())
    }
    fn visit_unit<E>(self) -> Result<Row, E> {
        Ok(not_an_object())
    }
    fn visit_bool<E>(self, _: bool) -> Result<Row, E> {
        Ok(not_an_object())
    }
    fn visit_i64<E>(self, _: i64) -> Result<Row, E> {
        Ok(not_an_object())
    }
    fn visit_u64<E>(self, _: u64) -> Result<Row, E> {
        Ok(not_an_object())
    }
    fn visit_f64<E>(self, _: f64) -> Result<Row, E> {
        Ok(not_an_object())
    }
    fn visit_str<E>(self, _: &str) -> Result<Row, E> {
        Ok(not_an_object())
    }
}

/// A field name, borrowed from the body unless it had escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A row's fields as they come: `deliverable_id`, `captured_at` (RFC 3339) and any of the
/// counts (0 when left out). Unknown fields are refused, so a misspelt count is never
/// silently 0.
#[derive(Default)]
struct RowReader {
    deliverable_id: Option<i32>,
    captured_at: Option<DateTime<Utc>>,
    counts: Counts,
    /// Named, even if unreadable: "missing" would mislead.
    named_deliverable: bool,
    named_time: bool,
    errors: Vec<(String, String)>,
}

impl RowReader {
    fn field(&mut self, name: &str, value: &Value) {
        match name {
            "deliverable_id" => {
                self.named_deliverable = true;
                match value.as_i64().and_then(|v| i32::try_from(v).ok()) {
                    Some(id) if id > 0 => self.deliverable_id = Some(id),
                    _ => self.refuse(name, "deliverable_id must be a deliverable's number."),
                }
            }
            "captured_at" => {
                self.named_time = true;
                match value
                    .as_str()
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                {
                    Some(at) => self.captured_at = Some(at.with_timezone(&Utc)),
                    None => self.refuse(
                        name,
                        "captured_at must be a time like 2026-11-20T09:30:00Z.",
                    ),
                }
            }
            field if Counts::FIELDS.contains(&field) => match value.as_i64() {
                Some(v) => {
                    self.counts.set(field, v);
                }
                None => self.refuse(name, &format!("{field} must be a whole number.")),
            },
            _ => self.refuse(
                name,
                &format!(
                    "Unknown field \"{name}\". Fields: deliverable_id, captured_at, {}.",
                    Counts::FIELDS.join(", ")
                ),
            ),
        }
    }

    fn refuse(&mut self, field: &str, message: &str) {
        self.errors.push((field.into(), message.into()));
    }

    fn finish(mut self) -> Result<Reading, Vec<(String, String)>> {
        if !self.named_deliverable {
            self.refuse("deliverable_id", "deliverable_id is missing.");
        }
        if !self.named_time {
            self.refuse("captured_at", "captured_at is missing.");
        }
        match (self.deliverable_id, self.captured_at) {
            (Some(deliverable_id), Some(captured_at)) if self.errors.is_empty() => Ok(Reading {
                deliverable_id,
                captured_at,
                counts: self.counts,
            }),
            _ => Err(self.errors),
        }
    }
}

#[cfg(test)]
mod tests;
