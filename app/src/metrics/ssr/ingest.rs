//! `POST /api/v1/snapshots`: the ingest API for integrations (docs/FEATURES.md §8).
//!
//! An organization API token in `Authorization: Bearer …`, an `Idempotency-Key` header,
//! and a JSON body `{"snapshots": [{"deliverable_id": 12, "captured_at": "…", "reach": …}]}`.
//! A batch is taken whole or not at all: a bad row gets 422 with every refused row named.
//! A retry with the same key and body gets the first answer again and records nothing;
//! the same key with another body is refused.

use super::payload::{self, Unreadable};
use super::record::{MAX_BATCH, Recorder, Refused, record};
use crate::api_tokens::ssr::authenticate;
use crate::db::{api_token, begin_write, ingest_batch};
use crate::error::AppError;
use crate::metrics::{RowError, Source};
use crate::platform::state::AppState;
use crate::platform::token::sha256_hex;
use crate::realtime::Kind;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
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
    let readings = payload::parse(body).map_err(|why| match why {
        Unreadable::Json(e) => Problem::new(
            StatusCode::BAD_REQUEST,
            format!("The body is not valid JSON: {e}."),
        ),
        Unreadable::Shape => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The body must be an object with a \"snapshots\" array.",
        ),
        Unreadable::TooMany => Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("A batch carries at most {MAX_BATCH} snapshots; split it."),
        ),
        Unreadable::Rows(rows, all) => Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: if all > rows.len() {
                format!(
                    "Some rows could not be read ({all} problems, the first {} listed); nothing was recorded.",
                    rows.len()
                )
            } else {
                "Some rows could not be read; nothing was recorded.".into()
            },
            rows,
        },
    })?;
    let body_hash = sha256_hex(body);
    let now = state.clock.now();

    let txn = begin_write(&state.db).await?;
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
        state.events.publish(
            token.organization_id,
            Kind::MetricsRecorded,
            Some(*campaign),
            None,
        );
    }
    Ok((StatusCode::CREATED, answer))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}
