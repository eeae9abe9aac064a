//! A campaign's reading sheets and report exports as plain routes: downloads a link can
//! point at, and an upload the browser streams with progress. Both check the session and role exactly
//! like a server function.

use crate::domain::role::Permission;
use crate::error::AppError;
use crate::metrics::types::sheet::MAX_SHEET_BYTES;
use crate::platform::caller::Caller;
use crate::platform::http::csv_attachment;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// `GET /campaigns/{id}/readings.csv`: the sheet to fill in.
pub async fn sheet(caller: Caller, Path(campaign_id): Path<i32>) -> Response {
    let result = async {
        let me = caller.require(Permission::UseStaffApp).await?;
        super::ssr::sheet::template(&caller.state.db, &me, campaign_id).await
    }
    .await;
    match result {
        Ok((bytes, name)) => csv_attachment(bytes, &name),
        Err(e) => e.into_response(),
    }
}

/// `POST /campaigns/{id}/readings?commit=true` with the filled-in sheet as the body:
/// the preview as JSON, recorded too with `commit` when nothing is in the way.
pub async fn import(
    caller: Caller,
    Path(campaign_id): Path<i32>,
    Query(query): Query<HashMap<String, String>>,
    body: Body,
) -> Response {
    let result = async {
        let me = caller.require(Permission::EditCampaigns).await?;
        let bytes = axum::body::to_bytes(body, MAX_SHEET_BYTES)
            .await
            .map_err(|_| {
                AppError::invalid(
                    "file",
                    "The file is larger than 10 MB. Split it into smaller files.",
                )
            })?;
        let commit = query.get("commit").is_some_and(|v| v == "true");
        super::ssr::sheet::import(&caller.state, &me, campaign_id, &bytes, commit).await
    }
    .await;
    match result {
        Ok(preview) => Json(preview).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /campaigns/{id}/report.csv?by=creators|deliverables`: the report's figures.
pub async fn report_csv(
    caller: Caller,
    Path(campaign_id): Path<i32>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    use crate::report::Export;
    let result = async {
        let me = caller.require(Permission::UseStaffApp).await?;
        let which = query
            .get("by")
            .and_then(|b| Export::parse(b))
            .ok_or_else(|| AppError::invalid("by", "Ask for by=creators or by=deliverables."))?;
        crate::report::ssr::export(&caller.state.db, &me, campaign_id, which).await
    }
    .await;
    match result {
        Ok((bytes, name)) => csv_attachment(bytes, &name),
        Err(e) => e.into_response(),
    }
}
