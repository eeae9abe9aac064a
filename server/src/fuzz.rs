//! The router fuzz target's property: whatever request arrives, from whoever, the server
//! answers it without a 5xx and without panicking. The fuzzer's bytes choose who sends it
//! (nobody, a creator, marketing, legal, an admin: real sessions of the demo organization),
//! which server function, page or route it goes to, its method, ids, query, headers and
//! body. `fuzz/` drives it with libFuzzer (`make fuzz`, where `-rss_limit_mb` bounds the
//! memory), and `tests/integration/fuzz_router.rs` replays the committed corpus.

use crate::config::Config;
use app::domain::clock::Clock;
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use tower::ServiceExt;

/// Who may send a request: nobody, then the demo's people.
const SENDERS: [Option<&str>; 5] = [
    None,
    Some("creator@roster.example"),
    Some("marketing@roster.example"),
    Some("legal@roster.example"),
    Some("admin@roster.example"),
];

/// The routes of `routes.rs` beside the pages and server functions, with their method.
const ROUTES: [(&str, &str); 11] = [
    ("GET", "/health"),
    ("GET", "/creators/export.csv"),
    ("POST", "/creators/import/upload"),
    ("GET", "/events"),
    ("GET", "/events/me"),
    ("POST", "/api/v1/snapshots"),
    ("GET", "/campaigns/{id}/readings.csv"),
    ("POST", "/campaigns/{id}/readings"),
    ("GET", "/campaigns/{id}/report.csv"),
    ("POST", "/uploads"),
    ("GET", "/media/{id}"),
];

const ORIGIN: &str = "http://roster.fuzz";

/// Argument names the server functions take most, so that the fuzzer's forms reach past
/// argument parsing; any other name comes from its bytes.
const NAMES: [&str; 24] = [
    "id",
    "version",
    "version_id",
    "deliverable_id",
    "entry_id",
    "campaign_id",
    "agreement_id",
    "creator_id",
    "thread_id",
    "upload_ids[0]",
    "creator_ids[0]",
    "name",
    "email",
    "body",
    "caption",
    "reason",
    "verdict",
    "lane",
    "index",
    "to",
    "token",
    "input[name]",
    "input[fee]",
    "target[start]",
];

/// One server for the whole run: a runtime, the router over a demo database of its own,
/// what can be called, and the senders' session cookies.
struct World {
    runtime: tokio::runtime::Runtime,
    router: Router,
    targets: Vec<(Method, String)>,
    cookies: Mutex<Vec<Option<String>>>,
}

static WORLD: OnceLock<World> = OnceLock::new();

fn world() -> &'static World {
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let dir = std::env::temp_dir().join(format!("roster_fuzz_router_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let database = format!("sqlite://{}?mode=rwc", dir.join("roster.db").display());
        let vars = [
            ("ROSTER_DATA_DIR", dir.display().to_string()),
            ("DATABASE_URL", database),
            ("ROSTER_PUBLIC_URL", ORIGIN.to_string()),
            ("ROSTER_UPLOAD_LIMIT_MB", "1".to_string()),
            ("ROSTER_USER_QUOTA_MB", "20".to_string()),
            ("ROSTER_DISK_RESERVE_MB", "1".to_string()),
        ];
        let config = Config::from_vars(|k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.clone())
        })
        .expect("a configuration");
        // Listing the pages renders the app's routes, which wants the runtime too.
        let (router, mut pages) = runtime.block_on(async {
            let state = crate::prepare(&config, Clock::system())
                .await
                .expect("state");
            crate::demo::seed_if_empty(&state.db, state.clock.now(), true)
                .await
                .expect("the demo");
            let leptos = leptos::config::LeptosOptions::builder()
                .output_name("roster")
                .build();
            let pages: Vec<String> = leptos_axum::generate_route_list(app::App)
                .iter()
                .map(|r| r.path().to_string())
                .collect();
            (crate::routes::router(state, leptos, false), pages)
        });
        let mut targets: Vec<(Method, String)> = server_fn::axum::server_fn_paths()
            .map(|(path, method)| (method, path.to_string()))
            .collect();
        targets.sort_by(|a, b| a.1.cmp(&b.1));
        pages.sort();
        targets.extend(pages.into_iter().map(|p| (Method::GET, p)));
        targets.extend(
            ROUTES
                .iter()
                .map(|(m, p)| (Method::from_bytes(m.as_bytes()).unwrap(), p.to_string())),
        );
        World {
            runtime,
            router,
            targets,
            cookies: Mutex::new(vec![None; SENDERS.len()]),
        }
    })
}

/// The fuzzer's bytes, read front to back; past the end every read is zero or empty.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }

    fn number(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// Text up to the next zero byte.
    fn text(&mut self) -> String {
        let end = self.0.iter().position(|b| *b == 0).unwrap_or(self.0.len());
        let text = String::from_utf8_lossy(&self.0[..end]).into_owned();
        self.0 = self.0.get(end + 1..).unwrap_or_default();
        text
    }

    fn rest(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0).to_vec()
    }
}

/// Ids: mostly ones the demo has (1 to 20), sometimes anything.
fn id(bytes: &mut Bytes) -> String {
    match bytes.byte() {
        0..=199 => (bytes.byte() % 20 + 1).to_string(),
        200..=239 => bytes.number().to_string(),
        _ => bytes.text(),
    }
}

/// `text` with everything but unreserved characters percent-encoded: a valid path segment
/// or query whatever the fuzzer wrote (`keep` names reserved characters left as they are).
fn encoded(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn request(bytes: &mut Bytes, world: &World, cookie: Option<&str>) -> Request<Body> {
    let (method, pattern) = &world.targets[bytes.number() as usize % world.targets.len()];
    let mut path = String::new();
    for (i, part) in pattern.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        if part.starts_with(':') || part.starts_with('{') {
            path.push_str(&encoded(&id(bytes), b""));
        } else {
            path.push_str(part);
        }
    }
    let query = bytes.text();
    if !query.is_empty() {
        path.push('?');
        path.push_str(&encoded(&query, b"=&"));
    }
    let method = match bytes.byte() {
        0..=223 => method.clone(),
        224..=239 => Method::POST,
        240..=247 => Method::GET,
        _ => Method::DELETE,
    };
    let (content_type, body) = match bytes.byte() % 4 {
        // Form fields, as a browser sends a server function's arguments.
        0 | 1 => {
            let mut fields = Vec::new();
            for _ in 0..bytes.byte() % 8 {
                let name = match bytes.byte() {
                    n @ 0..=199 => NAMES[n as usize % NAMES.len()].to_string(),
                    _ => bytes.text(),
                };
                let value = if bytes.byte() < 128 {
                    id(bytes)
                } else {
                    bytes.text()
                };
                fields.push((name, value));
            }
            let form = serde_urlencoded::to_string(&fields).unwrap_or_default();
            ("application/x-www-form-urlencoded", form.into_bytes())
        }
        2 => ("application/json", bytes.rest()),
        _ => ("application/octet-stream", bytes.rest()),
    };
    let mut req = Request::builder()
        .method(method)
        .uri(&path)
        .header(header::HOST, "roster.fuzz")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::from(body))
        .expect("an encoded path and fixed headers make a request")
}

/// Signs `sender` in with the demo password: their session cookie.
async fn sign_in(router: &Router, email: &str) -> Option<String> {
    let path = <app::auth::api::Login as server_fn::ServerFn>::PATH;
    let form = serde_urlencoded::to_string([("email", email), ("password", crate::demo::PASSWORD)])
        .ok()?;
    let req = Request::post(path)
        .header(header::HOST, "roster.fuzz")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .ok()?;
    let res = router.clone().oneshot(with_peer(req)).await.ok()?;
    let cookie = res.headers().get(header::SET_COOKIE)?.to_str().ok()?;
    Some(cookie.split(';').next()?.to_string())
}

fn with_peer(mut req: Request<Body>) -> Request<Body> {
    let peer: std::net::SocketAddr = "192.0.2.10:40000".parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    req
}

/// Any request answers below 500, and its body (but an event stream's) reads to the end.
pub fn router(data: &[u8]) {
    let world = world();
    let mut bytes = Bytes(data);
    let sender = bytes.byte() as usize % SENDERS.len();
    world.runtime.block_on(async {
        let cookie = {
            let known = world.cookies.lock().unwrap()[sender].clone();
            match (known, SENDERS[sender]) {
                (Some(cookie), _) => Some(cookie),
                (None, Some(email)) => {
                    let fresh = sign_in(&world.router, email).await;
                    world.cookies.lock().unwrap()[sender] = fresh.clone();
                    fresh
                }
                (None, None) => None,
            }
        };
        let req = request(&mut bytes, world, cookie.as_deref());
        let described = format!("{} {}", req.method(), req.uri());
        let res = world
            .router
            .clone()
            .oneshot(with_peer(req))
            .await
            .expect("the router answers");
        let status = res.status();
        assert!(
            !status.is_server_error(),
            "{described} as {:?} answered {status}",
            SENDERS[sender]
        );
        if status == StatusCode::UNAUTHORIZED {
            // The request ended the session (signing out, a new password): sign in again
            // next time.
            world.cookies.lock().unwrap()[sender] = None;
        }
        let streaming = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
        if !streaming {
            let read = tokio::time::timeout(Duration::from_secs(10), res.into_body().collect());
            let body = read.await.expect("the body ends");
            assert!(body.is_ok(), "{described}: the body failed");
        }
    });
}
