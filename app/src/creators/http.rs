//! The two file transfers of the creator database, as plain routes: a CSV download (a link
//! can point at it) and a CSV upload (the browser streams the file and shows progress).
//! Both check the session and role exactly like a server function.

use crate::creators::import::MAX_FILE_BYTES;
use crate::domain::creator_filter::CreatorFilter;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::platform::caller::Caller;
use axum::Json;
use axum::body::Body;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// `GET /creators/export.csv?<the list's query>`.
pub async fn export_csv(caller: Caller, Query(query): Query<HashMap<String, String>>) -> Response {
    let result = async {
        let me = caller.require(Permission::UseStaffApp).await?;
        let (filter, _) = CreatorFilter::from_query(|k| query.get(k).cloned());
        let bytes = super::ssr::export::export(&caller.state.db, &me, &filter).await?;
        let day = caller.state.clock.now().format("%Y-%m-%d");
        Ok::<_, AppError>((bytes, format!("creators-{day}.csv")))
    }
    .await;
    match result {
        Ok((bytes, name)) => crate::platform::http::csv_attachment(bytes, &name),
        Err(e) => e.into_response(),
    }
}

/// `POST /creators/import/upload?name=<file name>` with the file as the body. Answers the
/// preview as JSON.
pub async fn upload_import(
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
    body: Body,
) -> Response {
    let result = async {
        let me = caller.require(Permission::ManageCreators).await?;
        let bytes = axum::body::to_bytes(body, MAX_FILE_BYTES)
            .await
            .map_err(|_| {
                AppError::invalid(
                    "file",
                    "The file is larger than 10 MB. Split it into smaller files.",
                )
            })?;
        let name = query.get("name").map(String::as_str).unwrap_or("");
        let now = caller.state.clock.now();
        super::ssr::import::stage(&caller.state.db, &me, now, name, &bytes).await
    }
    .await;
    match result {
        Ok(preview) => Json(preview).into_response(),
        Err(e) => e.into_response(),
    }
}
