//! `GET /events?campaign=<id>`: the server-sent event stream a staff page follows, and
//! `GET /events/me`: a person's own events (notifications), creators included. Server-sent
//! events rather than a websocket: the browser only listens (changes go through server
//! functions, with their checks), EventSource reconnects by itself and sends the last id
//! it saw, and it is plain HTTP through any proxy.

use super::bus::Viewer;
use super::{Event, RESYNC, SIGNED_OUT};
use crate::db::campaign;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::platform::caller::Caller;
use crate::platform::state::AppState;
use crate::platform::user::CurrentUser;
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
        &caller,
        &me,
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
        Ok(Some(me)) => stream(&caller, &me, Viewer::User(me.id), &headers, |_| true),
        Ok(None) => AppError::Unauthenticated.into_response(),
        Err(e) => e.into_response(),
    }
}

/// How often an open stream checks that its session still stands, for sessions ended
/// where no event reaches this process (the operator's command on another machine).
const RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// The events `viewer` missed (after the id the browser sends back on reconnecting), then
/// the live ones, keeping those `wanted`. It ends with a `signed_out` event when the
/// signed-in person's sessions end.
fn stream(
    caller: &Caller,
    me: &CurrentUser,
    viewer: Viewer,
    headers: &HeaderMap,
    wanted: impl Fn(&Event) -> bool + Clone + Send + 'static,
) -> Response {
    let Some(slot) = caller.state.streams.take(me.id, me.organization_id) else {
        return AppError::RateLimited(60).into_response();
    };
    let me_id = me.id;
    let last_seen = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or_default());
    let bus = caller.state.events.clone();
    let sessions = caller.state.sessions.clone();
    let session_key = caller.session_key();
    let (missed, live) = bus.subscribe(viewer, last_seen);
    let ids = bus.clone();
    let keep = wanted.clone();
    let catch_up = futures::stream::iter(
        missed
            .into_iter()
            .filter(move |e| e.kind != SIGNED_OUT && keep(e)),
    );
    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let state = Some((live, bus, recheck));
    let live = futures::stream::unfold(state, move |state| {
        let wanted = wanted.clone();
        let sessions = sessions.clone();
        let session_key = session_key.clone();
        async move {
            let (mut live, bus, mut recheck) = state?;
            let standing = || async {
                match &session_key {
                    // A failed lookup is not an ended session.
                    Some(key) => !matches!(sessions.find(key.clone()).await, Ok(None)),
                    None => false,
                }
            };
            loop {
                tokio::select! {
                    received = live.recv() => match received {
                        Ok(envelope)
                            if envelope.event.kind == SIGNED_OUT && envelope.user_id == Some(me_id) =>
                        {
                            if !standing().await {
                                return Some((bus.signed_out(), None));
                            }
                        }
                        Ok(envelope) if envelope.reaches(viewer) && wanted(&envelope.event) => {
                            return Some((envelope.event, Some((live, bus, recheck))));
                        }
                        Ok(_) => continue,
                        // Too slow to keep up: start over rather than miss something.
                        Err(RecvError::Lagged(_)) => {
                            let resync = bus.resync();
                            return Some((resync, Some((live, bus, recheck))));
                        }
                        Err(RecvError::Closed) => return None,
                    },
                    _ = recheck.tick() => {
                        if !standing().await {
                            return Some((bus.signed_out(), None));
                        }
                    }
                }
            }
        }
    });
    // The slot goes with the stream: given back when the page closes it.
    let stream = catch_up.chain(live).map(move |e| {
        let _held = &slot;
        let mut frame = SseEvent::default().event(e.kind.clone());
        if let Some(id) = ids.stream_id(&e) {
            frame = frame.id(id);
        }
        Ok::<_, Infallible>(frame.json_data(&e).unwrap_or_default())
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
