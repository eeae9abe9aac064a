//! Test harness: the real router over a fresh database, driven over HTTP like a browser.
//! SQLite by default; set `ROSTER_TEST_POSTGRES=postgres://user@host:port/postgres` to run
//! the same tests against PostgreSQL (each test gets its own database).
#![allow(dead_code)]

pub mod creators;
pub mod metrics;
pub mod pipeline;
pub mod portal;
pub mod smtp;

use app::domain::clock::Clock;
use app::platform::state::{AppState, Settings};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server_fn::ServerFn;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tower::ServiceExt;

pub const PUBLIC_URL: &str = "http://roster.test";
/// Small, so tests can cross it cheaply.
pub const UPLOAD_LIMIT: u64 = 64 * 1024;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub clock: Clock,
    pub dir: Option<TempDir>,
    /// The data directory (uploads).
    pub data: TempDir,
}

/// A directory removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{t}", std::process::id())
}

pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Whether the tests run against PostgreSQL (`ROSTER_TEST_POSTGRES`).
pub fn on_postgres() -> bool {
    std::env::var("ROSTER_TEST_POSTGRES").is_ok_and(|v| !v.is_empty())
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// For a test about one engine's machinery (SQLite's writer queue, PostgreSQL's relay): its
/// name ends in `_on_sqlite` or `_on_postgres`, and the nextest profile of the other
/// engine's run skips it, so the run counts it as skipped, never as passed. Run by hand
/// against the other engine, it fails here rather than passing without testing anything.
pub fn engine_is(engine: Engine) {
    let running = if on_postgres() {
        Engine::Postgres
    } else {
        Engine::Sqlite
    };
    assert_eq!(
        running, engine,
        "this test is about {engine:?} only (run it with `make unit-tests` or `make pg-tests`)"
    );
}

/// A fresh, migrated database: SQLite in a temp dir, or a new PostgreSQL database.
pub async fn fresh_db() -> (DatabaseConnection, Option<TempDir>) {
    let (url, dir) = fresh_database().await;
    let db = server::db::connect(&url).await.expect("connect test db");
    server::db::migrate(&db).await.expect("migrate");
    (db, dir)
}

/// The address of a fresh, empty database (not migrated), for a test or a child process.
pub async fn fresh_database() -> (String, Option<TempDir>) {
    match std::env::var("ROSTER_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(admin_url) => {
            let admin = server::db::connect(&admin_url)
                .await
                .expect("postgres admin connection");
            let name = unique("roster_test");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&admin_url);
            (format!("{base}/{name}"), None)
        }
        None => {
            let dir = std::env::temp_dir().join(unique("roster_test"));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.join("roster.db").display());
            (url, Some(TempDir(dir)))
        }
    }
}

impl TestApp {
    /// A server with the demo organization seeded and a manual clock.
    pub async fn new() -> Self {
        let (db, dir) = fresh_db().await;
        server::demo::seed_if_empty(&db, start_time(), false)
            .await
            .expect("seed demo");
        Self::on(db, dir)
    }

    /// A server on a database prepared by the test.
    pub fn with_db(db: DatabaseConnection) -> Self {
        Self::on(db, None)
    }

    fn on(db: DatabaseConnection, dir: Option<TempDir>) -> Self {
        let data = TempDir(std::env::temp_dir().join(unique("roster_data")));
        Self::on_data(db, dir, data)
    }

    /// A server on a database and a data directory (media) prepared by the test.
    pub fn on_data(db: DatabaseConnection, dir: Option<TempDir>, data: TempDir) -> Self {
        Self::build(db, dir, data, |_| {})
    }

    /// The demo organization's server with some settings of the test's own (limits).
    pub async fn tuned(adjust: impl FnOnce(&mut Settings)) -> Self {
        let (db, dir) = fresh_db().await;
        server::demo::seed_if_empty(&db, start_time(), false)
            .await
            .expect("seed demo");
        let data = TempDir(std::env::temp_dir().join(unique("roster_data")));
        Self::build(db, dir, data, adjust)
    }

    fn build(
        db: DatabaseConnection,
        dir: Option<TempDir>,
        data: TempDir,
        adjust: impl FnOnce(&mut Settings),
    ) -> Self {
        let mut settings = Settings {
            public_url: PUBLIC_URL.into(),
            trust_proxy: false,
            data_dir: data.0.clone(),
            upload_limit: UPLOAD_LIMIT,
            user_quota: 1_000_000_000,
            disk_reserve: 0,
            mail_server: false,
        };
        adjust(&mut settings);
        // As `server::run` does.
        server::jobs::spawn_checkpoints(db.clone());
        let clock = Clock::manual(start_time());
        let events = app::realtime::bus::EventBus::new();
        let state = AppState {
            sessions: app::platform::sessions::SessionLookup::start(db.clone()),
            streams: Default::default(),
            background: Default::default(),
            db,
            clock: clock.clone(),
            settings: Arc::new(settings),
            events,
        };
        let leptos = LeptosOptions::builder().output_name("roster").build();
        let router = server::routes::router(state.clone(), leptos, false);
        TestApp {
            router,
            state,
            clock,
            dir,
            data,
        }
    }

    /// Waits for the work requests left running after their answers (reset links).
    pub async fn settle(&self) {
        let background = &self.state.background;
        background.close();
        background.wait().await;
        background.reopen();
    }

    pub fn client(&self) -> Client {
        Client {
            transport: Transport::InProcess(self.router.clone()),
            cookie: None,
            // A browser names the page's origin on every POST.
            origin: Some(PUBLIC_URL.into()),
            peer: "203.0.113.7:50000".parse().unwrap(),
        }
    }

    /// A client signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> Client {
        self.signed_in_with(email, server::demo::PASSWORD).await
    }

    pub async fn signed_in_with(&self, email: &str, password: &str) -> Client {
        let mut c = self.client();
        let r = c.login(email, password).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "login of {email} failed: {}",
            r.text
        );
        c
    }
}

/// Where a client's requests go.
#[derive(Clone)]
pub enum Transport {
    /// The router in this process, without TCP: what the tests use.
    InProcess(Router),
    /// A server process listening at `authority` (`127.0.0.1:port`): the crash and load
    /// tests, which kill it or measure it from outside.
    Tcp {
        http: hyper_util::client::legacy::Client<
            hyper_util::client::legacy::connect::HttpConnector,
            Body,
        >,
        authority: String,
    },
}

impl Transport {
    pub fn tcp(authority: &str) -> Self {
        let http =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        Transport::Tcp {
            http,
            authority: authority.to_string(),
        }
    }
}

pub struct Client {
    pub transport: Transport,
    pub cookie: Option<String>,
    pub origin: Option<String>,
    /// The address the server sees the request come from.
    pub peer: std::net::SocketAddr,
}

pub struct Reply {
    pub status: StatusCode,
    pub text: String,
    pub set_cookie: Option<String>,
    pub location: Option<String>,
    pub headers: axum::http::HeaderMap,
}

impl Reply {
    /// A response header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Reply {
    /// The answer of a stream whose body is left unread.
    pub fn status_only(status: StatusCode) -> Self {
        Reply {
            status,
            text: String::new(),
            set_cookie: None,
            location: None,
            headers: Default::default(),
        }
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not the expected JSON ({e}): {}", self.text))
    }

    pub fn error(&self) -> app::error::AppError {
        self.json()
    }
}

impl Client {
    /// Calls a server function the way the browser does (form-encoded POST, JSON back).
    pub async fn call<F: ServerFn>(&mut self, args: &[(&str, &str)]) -> Reply {
        self.call_path(F::PATH, args).await
    }

    /// Calls the server function at `path` (the matrix knows functions by path).
    pub async fn call_path<K: AsRef<str> + serde::Serialize, V: AsRef<str> + serde::Serialize>(
        &mut self,
        path: &str,
        args: &[(K, V)],
    ) -> Reply {
        self.try_call_path(path, args).await.expect("an answer")
    }

    /// A call whose answer may never come (the crash test kills the server).
    pub async fn try_call<F: ServerFn>(&mut self, args: &[(&str, &str)]) -> Result<Reply, String> {
        self.try_call_path(F::PATH, args).await
    }

    pub async fn try_call_path<
        K: AsRef<str> + serde::Serialize,
        V: AsRef<str> + serde::Serialize,
    >(
        &mut self,
        path: &str,
        args: &[(K, V)],
    ) -> Result<Reply, String> {
        let body = serde_urlencoded::to_string(args).expect("encode args");
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "roster.test");
        if let Some(origin) = &self.origin {
            req = req.header(header::ORIGIN, origin);
        }
        self.try_send(req.body(Body::from(body)).unwrap()).await
    }

    /// A raw POST, like the browser's file upload.
    pub async fn post_bytes(&mut self, path: &str, bytes: Vec<u8>) -> Reply {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::HOST, "roster.test");
        if let Some(origin) = &self.origin {
            req = req.header(header::ORIGIN, origin);
        }
        self.send(req.body(Body::from(bytes)).unwrap()).await
    }

    /// Opens a streaming GET (server-sent events): the status and the body, unread.
    pub async fn open(&mut self, path: &str, last_event_id: Option<&str>) -> (StatusCode, Body) {
        let mut req = Request::get(path)
            .header(header::ACCEPT, "text/event-stream")
            .header(header::HOST, "roster.test");
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let res = self
            .respond(req.body(Body::empty()).unwrap())
            .await
            .expect("an answer");
        (res.status(), res.into_body())
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::ACCEPT, "text/html")
            .header(header::HOST, "roster.test");
        self.send(req.body(Body::empty()).unwrap()).await
    }

    async fn send(&mut self, req: Request<Body>) -> Reply {
        self.try_send(req).await.expect("an answer")
    }

    /// The response to `req`, sent with this client's cookie, its body unread.
    async fn respond(
        &mut self,
        mut req: Request<Body>,
    ) -> Result<axum::response::Response, String> {
        if let Some(cookie) = &self.cookie {
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        match &self.transport {
            Transport::InProcess(router) => {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(self.peer));
                Ok(router.clone().oneshot(req).await.expect("router"))
            }
            Transport::Tcp { http, authority } => {
                let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
                *req.uri_mut() = format!("http://{authority}{path}").parse().unwrap();
                req.headers_mut()
                    .insert(header::HOST, authority.parse().unwrap());
                let res = http.request(req).await.map_err(|e| e.to_string())?;
                Ok(res.map(Body::new))
            }
        }
    }

    /// Sends `req` and reads the whole answer; an error when none came (or not all of it).
    pub async fn try_send(&mut self, req: Request<Body>) -> Result<Reply, String> {
        let res = self.respond(req).await?;
        let status = res.status();
        let (set_cookie, location) = {
            let header_str = |name| {
                res.headers()
                    .get(name)
                    .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
                    .map(str::to_string)
            };
            (header_str(header::SET_COOKIE), header_str(header::LOCATION))
        };
        if let Some(sc) = &set_cookie {
            let pair = sc.split(';').next().unwrap_or_default().to_string();
            // An expired cookie is the server removing it.
            if sc.contains("Max-Age=0") || pair.ends_with('=') {
                self.cookie = None;
            } else {
                self.cookie = Some(pair);
            }
        }
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Reply {
            status,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            set_cookie,
            location,
            headers,
        })
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Reply {
        self.call::<app::auth::api::Login>(&[("email", email), ("password", password)])
            .await
    }

    pub async fn current_user(&mut self) -> Option<app::platform::user::CurrentUser> {
        let r = self.call::<app::auth::api::GetCurrentUser>(&[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.json()
    }
}

/// Creates a second organization with one admin; returns the admin's email
/// (password: "other admin password").
pub async fn other_organization_admin(app: &TestApp) -> String {
    use app::db::{organization, user};
    use sea_orm::{ActiveModelTrait, Set};
    let now = app.clock.now();
    let org = organization::ActiveModel {
        name: Set("Other Brand".into()),
        is_demo: Set(false),
        simulator_on: Set(false),
        created_at: Set(now),
        currency: Set("EUR".into()),
        time_zone: Set("UTC".into()),
        admins_need_two_factor: Set(false),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let hash = app::platform::password::hash("other admin password".into())
        .await
        .unwrap();
    let email = "admin@other.example".to_string();
    user::ActiveModel {
        organization_id: Set(Some(org.id)),
        email: Set(email.clone()),
        name: Set("Olga Other".into()),
        password_hash: Set(hash),
        role: Set("admin".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    email
}

/// The next server-sent event on `body` (comments skipped), as its JSON data; panics after
/// two seconds without one.
pub async fn next_event(body: &mut Body) -> app::realtime::Event {
    next_event_within(body, std::time::Duration::from_secs(2)).await
}

/// The next server-sent event on `body`, waiting at most `limit` for it.
pub async fn next_event_within(
    body: &mut Body,
    limit: std::time::Duration,
) -> app::realtime::Event {
    let mut text = String::new();
    let wait = async {
        loop {
            let frame = body.frame().await.expect("stream open").expect("frame");
            if let Some(data) = frame.data_ref() {
                text.push_str(&String::from_utf8_lossy(data));
            }
            while let Some(end) = text.find("\n\n") {
                let block: String = text.drain(..end + 2).collect();
                if let Some(json) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                    return serde_json::from_str(json).expect("event JSON");
                }
            }
        }
    };
    tokio::time::timeout(limit, wait)
        .await
        .unwrap_or_else(|_| panic!("no event within {limit:?}"))
}

/// The signed-in person's notifications, as the bell reads them.
pub async fn inbox(c: &mut Client) -> app::notifications::Inbox {
    let r = c
        .call::<app::notifications::api::MyNotifications>(&[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

/// Marks an account's address as proved, as a used confirmation link does.
pub async fn confirm_email(app: &TestApp, email: &str) {
    use app::db::user;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let changed = user::Entity::update_many()
        .col_expr(user::Column::EmailConfirmedAt, Expr::value(app.clock.now()))
        .filter(user::Column::Email.eq(email))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected, 1, "{email} has an account");
}

/// `admin` invites `email` (named Rosa Diaz) with `role`; the invitation as sent.
pub async fn invite(admin: &mut Client, email: &str, role: &str) -> app::team::SentInvitation {
    let r = admin
        .call::<app::team::api::InviteMember>(&[
            ("email", email),
            ("name", "Rosa Diaz"),
            ("role", role),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

/// The one audit event of `action` there is: (who made it, its organization, what it names).
pub async fn only_event(app: &TestApp, action: &str) -> (Option<i32>, Option<i32>, Option<String>) {
    use app::db::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let found = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "one {action} event: {found:?}");
    let e = &found[0];
    (e.actor_user_id, e.organization_id, e.entity_id.clone())
}
