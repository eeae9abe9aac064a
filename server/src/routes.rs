//! The HTTP surface: Leptos pages and server functions, static files, health, and the
//! cross-cutting layers (sessions, the Origin check).

use crate::session_store::DbSessionStore;
use app::creators::http as creators;
use app::deliverables::http as drafts;
use app::metrics::http as metrics;
use app::pipeline::ssr::moves::Mover;
use app::platform::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::ConnectionTrait;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// An ingest batch's largest body: 10,000 snapshots of every count fit with room to spare.
const INGEST_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// A server function's largest body. Their arguments are forms and small JSON (a caption, a
/// brief, a few hundred ids); without a cap the framework would read any body whole into
/// memory, before the function could look at who sent it.
pub const SERVER_FN_BODY_LIMIT: usize = 1024 * 1024;

/// The session cookie's name.
const SESSION_COOKIE: &str = "roster_session";

/// Sessions end after two weeks without activity.
const SESSION_IDLE_DAYS: i64 = 14;

#[derive(Clone, axum::extract::FromRef)]
struct ServerState {
    leptos: LeptosOptions,
    app: AppState,
}

pub fn router(state: AppState, leptos: LeptosOptions, secure_cookies: bool) -> Router {
    let routes = generate_route_list(App);
    // Every card move goes through the pipeline's queue (written in batches).
    let mover = Mover::start(
        state.db.clone(),
        state.settings.public_url.clone(),
        state.events.clone(),
    );
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(mover.clone());
            app::platform::http::provide_page_nonce();
        }
    };
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(
            SESSION_IDLE_DAYS,
        )));

    let public_origin = origin_of(&state.settings.public_url);
    let server_state = ServerState {
        leptos: leptos.clone(),
        app: state,
    };
    Router::new()
        .route("/health", get(health))
        .route("/creators/export.csv", get(creators::export_csv))
        .route("/creators/import/upload", post(creators::upload_import))
        .route("/events", get(app::realtime::sse::events))
        .route("/events/me", get(app::realtime::sse::my_events))
        .route(
            "/api/v1/snapshots",
            post(app::metrics::ssr::ingest::snapshots)
                .layer(axum::extract::DefaultBodyLimit::max(INGEST_BODY_LIMIT)),
        )
        .route("/campaigns/{id}/readings.csv", get(metrics::sheet))
        .route("/campaigns/{id}/readings", post(metrics::import))
        .route("/campaigns/{id}/report.csv", get(metrics::report_csv))
        .route("/uploads", post(drafts::upload))
        .merge(
            Router::new()
                .leptos_routes_with_context(&server_state, routes, context.clone(), {
                    let leptos = leptos.clone();
                    move || shell(leptos.clone())
                })
                .layer(RequestBodyLimitLayer::new(SERVER_FN_BODY_LIMIT)),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, shell))
        // Pages, data and the app bundle travel compressed (the WebAssembly shrinks to about
        // a third: it matters on a phone). The event stream and images are never compressed.
        .layer(CompressionLayer::new())
        // Media are not: videos are compressed already, and ranges must address the file.
        .route("/media/{id}", get(drafts::media))
        .layer(middleware::from_fn_with_state(
            public_origin,
            same_origin_mutations,
        ))
        .layer(sessions)
        .layer(middleware::from_fn(security_headers))
        .with_state(server_state)
}

/// Headers every response carries. A page's Content-Security-Policy names the nonce of its
/// scripts: minted here, before the page renders, and handed to Leptos through the request
/// (`app::platform::http::provide_page_nonce`); everything else gets a policy under which nothing runs.
async fn security_headers(mut req: Request<Body>, next: Next) -> Response {
    let nonce = app::platform::http::PageNonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let policy = if page {
        HeaderValue::from_str(&app::platform::http::page_policy(&nonce.0)).ok()
    } else {
        None
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(
            app::platform::http::RESOURCE_POLICY,
        )),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Links out of Roster (a creator's live post) do not carry the page's address, which
    // may hold an invitation or reset token.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // For browsers that predate `frame-ancestors`.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Liveness and database reachability, for load balancers.
async fn health(State(state): State<AppState>) -> Response {
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or(rest);
            format!("{scheme}://{host}")
        }
        None => url.to_string(),
    }
}

/// Refuses state-changing requests sent by another site's page (CSRF). Browsers send
/// `Origin` on every POST; it must be Roster's public origin, or match the `Host` the
/// request was sent to (direct access). A request without `Origin` passes only when it
/// carries no session cookie (an integration with its API token): a signed-in browser
/// request always names its origin, so one that does not is refused.
async fn same_origin_mutations(
    State(public_origin): State<String>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let headers = req.headers();
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let allowed = match origin {
            Some(origin) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
                let origin_host = origin.split_once("://").map(|(_, h)| h);
                origin == public_origin || (origin_host.is_some() && origin_host == host)
            }
            None => !carries_session(headers),
        };
        if !allowed {
            return (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
        }
    }
    next.run(req).await
}

/// Whether the request sends Roster's session cookie.
fn carries_session(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| {
            pair.trim_start()
                .strip_prefix(SESSION_COOKIE)
                .is_some_and(|rest| rest.starts_with('='))
        })
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_keep_scheme_host_and_port_only() {
        assert_eq!(
            origin_of("https://roster.example.com"),
            "https://roster.example.com"
        );
        assert_eq!(
            origin_of("http://127.0.0.1:3000/app"),
            "http://127.0.0.1:3000"
        );
    }
}
