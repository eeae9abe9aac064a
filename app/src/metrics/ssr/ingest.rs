//! `POST /api/v1/snapshots`: the ingest API for integrations (README, "Ingest API").
//!
//! An organization API token in `Authorization: Bearer …`, an `Idempotency-Key` header,
//! and a JSON body `{"snapshots": [{"deliverable_id": 12, "captured_at": "…", "reach": …}]}`.
//! A batch is taken whole or not at all: a bad row gets 422 with every refused row named.
//! A retry with the same key and body gets the first answer again and records nothing;
//! the same key with another body is refused.

use super::record::{Reading, Recorder, Refused, record};
use crate::api_tokens::ssr::authenticate;
use crate::auth::ssr::token::sha256_hex;
use crate::db::{api_token, begin_write, ingest_batch};
use crate::domain::metrics::Counts;
use crate::error::AppError;
use crate::metrics::{RECORDED, RowError, Source};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// The longest idempotency key taken.
const MAX_KEY: usize = 200;

pub async fn snapshots(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match ingest(&state, &headers, &body).await {
        Ok((status, answer)) => (status, axum::Json(answer)).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// An answer that is not a success.
struct Problem {
    status: StatusCode,
    message: String,
    rows: Vec<RowError>,
}

impl Problem {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Problem {
            status,
            message: message.into(),
            rows: Vec::new(),
        }
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Problem::new(status, e.to_string())
    }
}

impl From<sea_orm::DbErr> for Problem {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.message });
        if !self.rows.is_empty() {
            body["rows"] = json!(self.rows);
        }
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, "Bearer".parse().expect("static"));
        }
        response
    }
}

async fn ingest(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(StatusCode, Value), Problem> {
    let token = bearer(headers).ok_or_else(|| {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "Send an organization API token: Authorization: Bearer rst_…",
        )
    })?;
    let token = authenticate(&state.db, token).await?.ok_or_else(|| {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "This API token is not valid: it was revoked, or never existed.",
        )
    })?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                format!("Send an Idempotency-Key header (up to {MAX_KEY} characters) naming this batch, so a retry is never counted twice."),
            )
        })?;
    let readings = parse(body)?;
    let body_hash = sha256_hex(body);
    let now = state.clock.now();

    let (_turn, txn) = begin_write(&state.db).await?;
    if let Some(earlier) = ingest_batch::Entity::find()
        .filter(ingest_batch::Column::OrganizationId.eq(token.organization_id))
        .filter(ingest_batch::Column::IdempotencyKey.eq(key))
        .one(&txn)
        .await?
    {
        if earlier.body_hash != body_hash {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "This Idempotency-Key was used for another batch. Use a new key for new data.",
            ));
        }
        let answer = serde_json::from_str(&earlier.response).map_err(|_| AppError::Internal)?;
        return Ok((StatusCode::OK, answer));
    }
    let recorder = Recorder {
        organization_id: token.organization_id,
        source: Source::Api,
        user_id: None,
        api_token_id: Some(token.id),
        campaign_id: None,
        now,
    };
    let recorded = match record(&txn, &recorder, &readings).await {
        Ok(recorded) => recorded,
        Err(Refused::Rows(rows)) => {
            return Err(Problem {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: format!(
                    "{} of {} rows were refused; nothing was recorded. Fix them and send the batch again.",
                    rows.iter()
                        .map(|r| r.row)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len(),
                    readings.len()
                ),
                rows,
            });
        }
        Err(Refused::App(e)) => return Err(e.into()),
    };
    let answer = json!({
        "recorded": recorded.snapshots,
        "campaigns": recorded.campaigns,
    });
    ingest_batch::ActiveModel {
        organization_id: Set(token.organization_id),
        idempotency_key: Set(key.to_string()),
        body_hash: Set(body_hash),
        response: Set(answer.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        // Sent twice at once: the other one is being recorded.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Problem::new(
            StatusCode::CONFLICT,
            "A batch with this Idempotency-Key was recorded meanwhile; send it again to get its answer.",
        ),
        _ => e.into(),
    })?;
    api_token::ActiveModel {
        id: Set(token.id),
        last_used_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    for campaign in &recorded.campaigns {
        state
            .events
            .publish(token.organization_id, RECORDED, Some(*campaign), None);
    }
    Ok((StatusCode::CREATED, answer))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The body's readings, or every row that cannot be read.
fn parse(body: &[u8]) -> Result<Vec<Reading>, Problem> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            format!("The body is not valid JSON: {e}."),
        )
    })?;
    let Some(rows) = value.get("snapshots").and_then(Value::as_array) else {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The body must be an object with a \"snapshots\" array.",
        ));
    };
    let mut readings = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match reading(row) {
            Ok(r) => readings.push(r),
            Err(row_errors) => {
                errors.extend(row_errors.into_iter().map(|(field, message)| RowError {
                    row: i + 1,
                    field,
                    message,
                }))
            }
        }
    }
    if errors.is_empty() {
        Ok(readings)
    } else {
        Err(Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "Some rows could not be read; nothing was recorded.".into(),
            rows: errors,
        })
    }
}

/// One row: `deliverable_id`, `captured_at` (RFC 3339) and any of the counts (0 when left
/// out). Unknown fields are refused, so a misspelt count is never silently 0.
fn reading(row: &Value) -> Result<Reading, Vec<(String, String)>> {
    let Some(fields) = row.as_object() else {
        return Err(vec![(
            "row".into(),
            "Each snapshot must be a JSON object.".into(),
        )]);
    };
    let mut errors = Vec::new();
    let mut deliverable_id = None;
    let mut captured_at: Option<DateTime<Utc>> = None;
    let mut counts = Counts::default();
    for (name, value) in fields {
        match name.as_str() {
            "deliverable_id" => match value.as_i64().and_then(|v| i32::try_from(v).ok()) {
                Some(id) if id > 0 => deliverable_id = Some(id),
                _ => errors.push((
                    name.clone(),
                    "deliverable_id must be a deliverable's number.".into(),
                )),
            },
            "captured_at" => match value
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            {
                Some(at) => captured_at = Some(at.with_timezone(&Utc)),
                None => errors.push((
                    name.clone(),
                    "captured_at must be a time like 2026-11-20T09:30:00Z.".into(),
                )),
            },
            field if Counts::FIELDS.contains(&field) => match value.as_i64() {
                Some(v) => {
                    counts.set(field, v);
                }
                None => errors.push((name.clone(), format!("{field} must be a whole number."))),
            },
            _ => errors.push((
                name.clone(),
                format!(
                    "Unknown field \"{name}\". Fields: deliverable_id, captured_at, {}.",
                    Counts::FIELDS.join(", ")
                ),
            )),
        }
    }
    if deliverable_id.is_none() && !fields.contains_key("deliverable_id") {
        errors.push(("deliverable_id".into(), "deliverable_id is missing.".into()));
    }
    if captured_at.is_none() && !fields.contains_key("captured_at") {
        errors.push(("captured_at".into(), "captured_at is missing.".into()));
    }
    match (deliverable_id, captured_at) {
        (Some(deliverable_id), Some(captured_at)) if errors.is_empty() => Ok(Reading {
            deliverable_id,
            captured_at,
            counts,
        }),
        _ => Err(errors),
    }
}
