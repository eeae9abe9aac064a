//! `GET /events?campaign=<id>`: the server-sent event stream a staff page follows, and
//! `GET /events/me`: a person's own events (notifications), creators included. Server-sent
//! events rather than a websocket: the browser only listens (changes go through server
//! functions, with their checks), EventSource reconnects by itself and sends the last id
//! it saw, and it is plain HTTP through any proxy.

use super::bus::{EventBus, Viewer};
use super::{Event, RESYNC};
use crate::auth::ssr::Caller;
use crate::db::campaign;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

pub async fn events(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match subscribe(state, session, headers, query).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn subscribe(
    state: AppState,
    session: Session,
    headers: HeaderMap,
    query: HashMap<String, String>,
) -> Result<Response, AppError> {
    let caller = Caller {
        state,
        session,
        ip: None,
    };
    let me = caller.require(Permission::UseStaffApp).await?;
    let org = me.organization()?;
    let campaign_id = match query.get("campaign") {
        None => None,
        Some(id) => {
            let id: i32 = id
                .parse()
                .map_err(|_| AppError::NotFound("Campaign".into()))?;
            campaign::Entity::find_by_id(id)
                .filter(campaign::Column::OrganizationId.eq(org))
                .one(&caller.state.db)
                .await?
                .ok_or_else(|| AppError::NotFound("Campaign".into()))?;
            Some(id)
        }
    };
    let wanted =
        move |e: &Event| e.kind == RESYNC || campaign_id.is_none() || e.campaign_id == campaign_id;
    Ok(stream(
        &caller.state.events,
        Viewer::Organization(org),
        &headers,
        wanted,
    ))
}

pub async fn my_events(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let caller = Caller {
        state,
        session,
        ip: None,
    };
    match caller.user().await {
        Ok(Some(me)) => stream(&caller.state.events, Viewer::User(me.id), &headers, |_| {
            true
        }),
        Ok(None) => AppError::Unauthenticated.into_response(),
        Err(e) => e.into_response(),
    }
}

/// The events `viewer` missed (after the id the browser sends back on reconnecting), then
/// the live ones, keeping those `wanted`.
fn stream(
    bus: &EventBus,
    viewer: Viewer,
    headers: &HeaderMap,
    wanted: impl Fn(&Event) -> bool + Clone + Send + 'static,
) -> Response {
    let last_seen = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or_default());
    let bus = bus.clone();
    let (missed, live) = bus.subscribe(viewer, last_seen);
    let ids = bus.clone();
    let keep = wanted.clone();
    let catch_up = futures::stream::iter(missed.into_iter().filter(move |e| keep(e)));
    let live = futures::stream::unfold((live, bus), move |(mut live, bus)| {
        let wanted = wanted.clone();
        async move {
            loop {
                match live.recv().await {
                    Ok(envelope) if envelope.reaches(viewer) && wanted(&envelope.event) => {
                        return Some((envelope.event, (live, bus)));
                    }
                    Ok(_) => continue,
                    // Too slow to keep up: start over rather than miss something.
                    Err(RecvError::Lagged(_)) => return Some((bus.resync(), (live, bus))),
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    let stream = catch_up.chain(live).map(move |e| {
        let frame = SseEvent::default()
            .id(ids.stream_id(&e))
            .event(e.kind.clone())
            .json_data(&e)
            .unwrap_or_default();
        Ok::<_, Infallible>(frame)
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
