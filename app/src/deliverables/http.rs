//! Media as plain routes: the browser streams a file up (and shows progress), and media
//! is served with range requests so video plays and seeks. Both check the session like a
//! server function, and answer "not found" to anyone who may not see the file.

use super::ssr::drafts::visible_upload;
use super::ssr::{files, may_upload, record_upload};
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::platform::caller::Caller;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// `POST /uploads?deliverable=<id>&name=<file name>` with the file as the body: media for a
/// draft version of that deliverable, which the caller is about to submit. Only the
/// deliverable's creator may upload, checked before a byte is read. Answers the stored
/// file as JSON.
pub async fn upload(
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
    body: Body,
) -> Response {
    let result = async {
        let me = caller.require(Permission::UsePortal).await?;
        let deliverable = query
            .get("deliverable")
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| AppError::NotFound("Deliverable".into()))?;
        let now = caller.state.clock.now();
        let settings = &caller.state.settings;
        let quota = settings.user_quota;
        may_upload(&caller.state.db, &me, now, quota, deliverable).await?;
        let room = files::room(&settings.data_dir, settings.disk_reserve)?;
        let stored = files::store(
            &settings.data_dir,
            body.into_data_stream(),
            settings.upload_limit,
            room,
        )
        .await?;
        let name = query.get("name").map(String::as_str).unwrap_or("");
        record_upload(&caller.state.db, &me, now, quota, name, &stored).await
    }
    .await;
    match result {
        Ok(file) => Json(file).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /media/{id}`: an uploaded file, to those who may see it. Ranges,
/// `If-Modified-Since` and `HEAD` are answered by tower-http's file service.
pub async fn media(caller: Caller, Path(id): Path<i32>, request: Request) -> Response {
    let found = async {
        let me = caller.user().await?.ok_or(AppError::Unauthenticated)?;
        let upload = visible_upload(&caller.state.db, &me, id).await?;
        let path = files::path_for(&caller.state.settings.data_dir, &upload.sha256)
            .ok_or(AppError::Internal)?;
        Ok::<_, AppError>((upload, path))
    }
    .await;
    let (upload, path) = match found {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    let mut response = match ServeFile::new(path).oneshot(request).await {
        Ok(r) => r.map(Body::new),
        Err(e) => match e {},
    };
    let headers = response.headers_mut();
    // Stored by hash without an extension: the type is the one sniffed at upload.
    if headers.contains_key(header::CONTENT_TYPE)
        && let Ok(value) = HeaderValue::from_str(&upload.content_type)
    {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Private media: never in shared caches, and asked again each time (a cheap 304 while
    // access stands), so signing out leaves nothing servable from the browser's cache
    // (sign-out also clears it). The server's security layer adds `nosniff` and a policy
    // under which nothing in the file runs.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}
