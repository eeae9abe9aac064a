//! A Roster server process for the crash and load tests: the built `server` binary on its
//! own port, data directory and database, started, killed with SIGKILL, started again.

use crate::common::{Client, Transport};
use axum::body::Body;
use axum::http::Request;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ServerProcess {
    child: Option<Child>,
    /// `127.0.0.1:port`.
    pub authority: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Its standard output and error, across every start.
    pub log: PathBuf,
    env: Vec<(String, String)>,
}

impl ServerProcess {
    /// A server on a free loopback port (so the demo organization is seeded into an empty
    /// database), with `env` added to its configuration.
    pub fn new(data_dir: PathBuf, database_url: String, env: &[(&str, String)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = data_dir.with_extension("log");
        ServerProcess {
            child: None,
            authority: format!("127.0.0.1:{port}"),
            data_dir,
            database_url,
            log,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    pub fn public_url(&self) -> String {
        format!("http://{}", self.authority)
    }

    /// A client of this server, not signed in, sending the page's origin as a browser does.
    /// Each has its own connections: those of a killed process are not reused.
    pub fn client(&self) -> Client {
        Client {
            transport: Transport::tcp(&self.authority),
            cookie: None,
            origin: Some(self.public_url()),
            peer: "127.0.0.1:1".parse().unwrap(),
        }
    }

    /// Starts the server and waits until it answers `/health`; answers how long that took.
    pub async fn start(&mut self) -> Duration {
        assert!(self.child.is_none(), "the server is running already");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("the server's log");
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let began = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .current_dir(root)
            .env("ROSTER_BIND", &self.authority)
            .env("ROSTER_PUBLIC_URL", self.public_url())
            .env("ROSTER_DATA_DIR", &self.data_dir)
            .env("DATABASE_URL", &self.database_url)
            .env("ROSTER_SIMULATOR", "off")
            .env("ROSTER_DISK_RESERVE_MB", "1")
            .env("RUST_LOG", "warn,sqlx=error")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("the server binary starts");
        self.child = Some(child);
        while began.elapsed() < Duration::from_secs(120) {
            if self.healthy().await {
                return began.elapsed();
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("the server exited ({status}):\n{}", self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "the server did not answer within 2 minutes:\n{}",
            self.log_tail()
        );
    }

    async fn healthy(&self) -> bool {
        let req = Request::get("/health").body(Body::empty()).unwrap();
        matches!(self.client().try_send(req).await, Ok(r) if r.status.is_success())
    }

    /// SIGKILL: no shutdown, no flush, nothing of the process's own runs.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("kill the server");
            child.wait().expect("reap the server");
        }
    }

    /// The server's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
