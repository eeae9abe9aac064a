//! Who is calling a server function: its shared state, its session and its client address,
//! and the wrappers every server function runs in (`authorized`, `signed_in`, `reply`).

use super::sessions::stored_session_id;
use super::state::AppState;
use super::user::{CurrentUser, TWO_FACTOR_FIRST};
use crate::db::{organization, user};
use crate::domain::role::{Permission, Role};
use crate::error::AppError;
use leptos::prelude::use_context;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";
/// The session key holding the last day the session was used.
const SEEN_ON_KEY: &str = "seen_on";

/// The context of one server-function call: shared state, the session, the client address.
pub struct Caller {
    pub state: AppState,
    pub session: Session,
    pub ip: Option<String>,
}

impl Caller {
    /// Reads the caller from the Leptos context that the axum integration provides.
    pub async fn from_context() -> Result<Self, AppError> {
        let state = use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            AppError::Internal
        })?;
        let session = leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })?;
        let ip = use_context::<http::request::Parts>()
            .and_then(|parts| client_ip(&parts, state.settings.trust_proxy));
        Ok(Caller { state, session, ip })
    }

    pub async fn user(&self) -> Result<Option<CurrentUser>, AppError> {
        // A session changed during this request (signing in) is only in memory.
        if self.session.is_modified() {
            let id: Option<i32> = self.session.get(USER_ID_KEY).await.map_err(session_error)?;
            let Some(id) = id else { return Ok(None) };
            return load_current_user(&self.state.db, id).await;
        }
        // Every signed-in request asks this, so the session, its user and their
        // organization come in one statement (shared with the requests of the moment)
        // rather than through the session store.
        let Some(session_id) = self.session.id() else {
            return Ok(None);
        };
        let Some((stored, u, org)) = self
            .state
            .sessions
            .find(stored_session_id(&session_id.to_string()))
            .await?
        else {
            // Ended or expired: forget it, so the response removes the cookie. A session of
            // no one yet (a sign-in waiting for its code) stays.
            if self.session.is_empty().await {
                self.session.flush().await.map_err(session_error)?;
            }
            return Ok(None);
        };
        self.keep_alive(&stored.data).await?;
        Ok(Some(current_user(u, org)))
    }

    /// Sessions end after a spell without activity. The store only writes a session whose
    /// data changed, so a signed-in user's first request of each day marks the day: one
    /// write a day keeps an active session (and its cookie) alive.
    async fn keep_alive(&self, stored_data: &str) -> Result<(), AppError> {
        let today = self.state.clock.now().date_naive().to_string();
        let seen = serde_json::from_str::<serde_json::Value>(stored_data)
            .ok()
            .and_then(|data| data.get(SEEN_ON_KEY)?.as_str().map(str::to_owned));
        if seen.as_deref() != Some(today.as_str()) {
            self.session
                .insert(SEEN_ON_KEY, today)
                .await
                .map_err(session_error)?;
        }
        Ok(())
    }

    /// The signed-in user, if their role grants `permission`.
    /// The key this caller's session is stored under, if it has one.
    pub fn session_key(&self) -> Option<String> {
        self.session
            .id()
            .map(|id| stored_session_id(&id.to_string()))
    }

    pub async fn require(&self, permission: Permission) -> Result<CurrentUser, AppError> {
        let user = self.user().await?.ok_or(AppError::Unauthenticated)?;
        if !user.can(permission) {
            Err(AppError::Forbidden)
        } else if permission.is_admin_power() && user.two_factor_missing {
            Err(AppError::Conflict(TWO_FACTOR_FIRST.into()))
        } else {
            Ok(user)
        }
    }

    /// Starts an authenticated session under a fresh id (no session fixation).
    pub async fn sign_in(&self, user_id: i32) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(session_error)?;
        self.session
            .insert(USER_ID_KEY, user_id)
            .await
            .map_err(session_error)
    }

    /// Ends this session; the browser is told to drop what it cached while signed in
    /// (draft media, private pages).
    pub async fn sign_out(&self) -> Result<(), AppError> {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.insert_header(
                http::HeaderName::from_static("clear-site-data"),
                http::HeaderValue::from_static("\"cache\""),
            );
        }
        self.session.flush().await.map_err(session_error)
    }
}

/// The caller of a plain route (a download, an upload), read from the request as a server
/// function's is: a handler takes `caller: Caller` like any extractor.
impl<S> axum::extract::FromRequestParts<S> for Caller
where
    AppState: axum::extract::FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        use axum::extract::FromRef;
        let state = AppState::from_ref(state);
        let session = Session::from_request_parts(parts, &state)
            .await
            .map_err(|(_, why)| {
                tracing::error!(why, "session layer missing");
                AppError::Internal
            })?;
        let ip = client_ip(parts, state.settings.trust_proxy);
        Ok(Caller { state, session, ip })
    }
}

pub fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store failed");
    AppError::Internal
}

/// The client's address: the connection's peer, or behind a trusted reverse proxy the
/// address that proxy saw, which it appends as the last entry of `X-Forwarded-For`.
/// Entries before it were written by whoever sent the request and prove nothing.
pub fn client_ip(parts: &http::request::Parts, trust_proxy: bool) -> Option<String> {
    let forwarded = trust_proxy
        .then(|| parts.headers.get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
    if let Some(ip) = forwarded {
        return Some(ip.to_string());
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}

pub async fn load_current_user(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<CurrentUser>, AppError> {
    let Some((u, org)) = user::Entity::find_by_id(id)
        .filter(user::Column::DeactivatedAt.is_null())
        .find_also_related(organization::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(current_user(u, org)))
}

fn current_user(u: user::Model, org: Option<organization::Model>) -> CurrentUser {
    let two_factor = u.totp_enabled_at.is_some();
    let asked = org.as_ref().is_some_and(|o| o.admins_need_two_factor);
    CurrentUser {
        two_factor,
        two_factor_missing: asked && u.role() == Role::Admin && !two_factor,
        time_zone: org
            .as_ref()
            .map_or_else(|| "UTC".to_string(), |o| o.time_zone.clone()),
        email_confirmed: u.email_confirmed_at.is_some(),
        id: u.id,
        role: u.role(),
        name: u.name,
        email: u.email,
        organization_id: u.organization_id,
        organization_name: org.map(|o| o.name),
    }
}

/// The body of a server function that needs `permission`: resolves the caller, checks the
/// permission, runs `body` with them, and gives any error its HTTP status.
pub async fn authorized<T, Fut>(
    permission: Permission,
    body: impl FnOnce(Caller, CurrentUser) -> Fut,
) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    run(Some(permission), body).await
}

/// The body of a server function open to anyone signed in, creators included.
pub async fn signed_in<T, Fut>(body: impl FnOnce(Caller, CurrentUser) -> Fut) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    run(None, body).await
}

/// Runs a server function's body for its caller. The people it notified hear of it on
/// their own event stream once it has succeeded (its changes are committed by then).
async fn run<T, Fut>(
    permission: Option<Permission>,
    body: impl FnOnce(Caller, CurrentUser) -> Fut,
) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    reply(
        async move {
            let caller = Caller::from_context().await?;
            let me = match permission {
                Some(permission) => caller.require(permission).await?,
                None => caller.user().await?.ok_or(AppError::Unauthenticated)?,
            };
            let events = caller.state.events.clone();
            super::notify::announcing(&events, body(caller, me)).await
        }
        .await,
    )
}

/// Gives a server function's error its HTTP status and logs what needs logging.
/// Every server function ends with `reply(...)` (or runs inside `authorized`).
pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(err.status())
    {
        res.set_status(status);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use axum::extract::ConnectInfo;

    fn parts(forwarded: &[&str]) -> http::request::Parts {
        let mut req = http::Request::builder();
        for value in forwarded {
            req = req.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        let peer: std::net::SocketAddr = "10.0.0.2:4000".parse().unwrap();
        parts.extensions.insert(ConnectInfo(peer));
        parts
    }

    #[test]
    fn behind_a_proxy_the_address_it_saw_counts_not_what_the_client_wrote() {
        // A client forges the first entries; the proxy appends the address it saw.
        let forged = parts(&["198.51.100.9, 203.0.113.5"]);
        assert_eq!(client_ip(&forged, true).as_deref(), Some("203.0.113.5"));
        // Two header lines: the proxy's is the last.
        let split = parts(&["198.51.100.9", "203.0.113.5"]);
        assert_eq!(client_ip(&split, true).as_deref(), Some("203.0.113.5"));
        // Without a usable header, the peer (the proxy itself).
        assert_eq!(client_ip(&parts(&[]), true).as_deref(), Some("10.0.0.2"));
        assert_eq!(
            client_ip(&parts(&["junk"]), true).as_deref(),
            Some("10.0.0.2")
        );
        // Without a trusted proxy the header is ignored.
        assert_eq!(client_ip(&forged, false).as_deref(), Some("10.0.0.2"));
    }
}
