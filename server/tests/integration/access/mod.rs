//! The authorization matrix: every server function and plain route, called by eight kinds of
//! caller with real ids, answers as its row says. A row reads left to right in the order of
//! [`ACTORS`]:
//!
//! ```text
//!             anon  own  cr2  mkt  leg  dir  adm  out
//! "GetTeam"   "401  403  403  403  403  403  ok   ok"
//! ```
//!
//! `ok` is any answer past the access check (a 2xx, or a 409/422 about the data itself);
//! `401`, `403` and `404` are those refusals; `no` is 403 or 404 (refused, whichever the
//! function says); `4xx` is any refusal but 400, for ids that do not belong together. The caller called "own" is the creator whose data the ids point at;
//! "out" is the admin of another organization.

pub mod rows;
mod world;

use crate::common::Reply;
use axum::http::StatusCode;
use std::collections::BTreeSet;
pub use world::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    Owner,
    OtherCreator,
    Marketing,
    Legal,
    Director,
    Admin,
    Outsider,
}

pub const ACTORS: [Actor; 8] = [
    Actor::Anonymous,
    Actor::Owner,
    Actor::OtherCreator,
    Actor::Marketing,
    Actor::Legal,
    Actor::Director,
    Actor::Admin,
    Actor::Outsider,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Ok,
    Unauthenticated,
    Forbidden,
    NotFound,
    Refused,
    AnyRefusal,
}

impl Answer {
    pub fn parse(token: &str) -> Self {
        match token {
            "ok" => Answer::Ok,
            "401" => Answer::Unauthenticated,
            "403" => Answer::Forbidden,
            "404" => Answer::NotFound,
            "no" => Answer::Refused,
            "4xx" => Answer::AnyRefusal,
            other => panic!("not an answer: {other}"),
        }
    }

    fn fits(self, status: StatusCode) -> bool {
        let code = status.as_u16();
        match self {
            Answer::Ok => !matches!(code, 401 | 403 | 404) && code < 500,
            Answer::Unauthenticated => code == 401,
            Answer::Forbidden => code == 403,
            Answer::NotFound => code == 404,
            Answer::Refused => matches!(code, 403 | 404),
            // Not 400: malformed arguments would make the probe pass without probing.
            Answer::AnyRefusal => status.is_client_error() && code != 400,
        }
    }
}

/// How a row calls: a server function with form arguments, or a plain route.
pub enum Call {
    /// A server function's path and its arguments.
    Fn(&'static str, fn(&World) -> Vec<(String, String)>),
    Get(fn(&World) -> String),
    /// Path and body of a raw POST (an upload, an import, an ingest batch).
    Post(fn(&World) -> (String, Vec<u8>)),
    /// An event stream: only its status is read.
    Stream(&'static str),
}

pub struct Row {
    /// The server function's path, or the route's pattern as `routes.rs` writes it.
    pub key: String,
    pub label: &'static str,
    pub answers: &'static str,
    /// Its success changes what the next caller would see: each caller who may gets a
    /// world of their own. (A call that is refused on its data, a wrong password say,
    /// shares the world.)
    pub writes: bool,
    pub call: Call,
}

/// A row for a server function.
pub fn f<T: server_fn::ServerFn>(
    answers: &'static str,
    writes: bool,
    args: fn(&World) -> Vec<(String, String)>,
) -> Row {
    let label = std::any::type_name::<T>().rsplit("::").next().unwrap();
    Row {
        key: T::PATH.to_string(),
        label,
        answers,
        writes,
        call: Call::Fn(T::PATH, args),
    }
}

/// A probe of `T` outside the coverage rows (ids that mix two things, say).
pub fn probe<T: server_fn::ServerFn>(
    label: &'static str,
    answers: &'static str,
    writes: bool,
    args: fn(&World) -> Vec<(String, String)>,
) -> Row {
    Row {
        key: format!("probe: {label}"),
        label,
        answers,
        writes,
        call: Call::Fn(T::PATH, args),
    }
}

/// A row for a plain route.
pub fn route(pattern: &'static str, answers: &'static str, writes: bool, call: Call) -> Row {
    Row {
        key: pattern.to_string(),
        label: pattern,
        answers,
        writes,
        call,
    }
}

/// Form arguments from pairs.
pub fn args<const N: usize>(pairs: [(&str, String); N]) -> Vec<(String, String)> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

pub fn none(_: &World) -> Vec<(String, String)> {
    Vec::new()
}

pub async fn call(world: &World, actor: Actor, row: &Row) -> Reply {
    let mut c = world.client(actor);
    match &row.call {
        Call::Fn(path, args) => c.call_path(path, &args(world)).await,
        Call::Get(path) => c.get(&path(world)).await,
        Call::Post(req) => {
            let (path, body) = req(world);
            c.post_bytes(&path, body).await
        }
        Call::Stream(path) => {
            let (status, _) = c.open(path, None).await;
            Reply::status_only(status)
        }
    }
}

/// Calls every row as every actor; answers the mismatches, one line each.
async fn check(rows: Vec<Row>) -> Vec<String> {
    let shared = World::build().await;
    let mut wrong = Vec::new();
    for row in &rows {
        let answers: Vec<Answer> = row.answers.split_whitespace().map(Answer::parse).collect();
        assert_eq!(answers.len(), ACTORS.len(), "{}: eight answers", row.label);
        for (actor, expected) in ACTORS.into_iter().zip(answers) {
            let own;
            let world = if row.writes && expected == Answer::Ok {
                own = World::build().await;
                &own
            } else {
                &shared
            };
            let reply = call(world, actor, row).await;
            if !expected.fits(reply.status) {
                let text: String = reply.text.chars().take(160).collect();
                wrong.push(format!(
                    "{} as {actor:?}: expected {expected:?}, got {} {text}",
                    row.label, reply.status
                ));
            }
        }
    }
    wrong
}

async fn holds(rows: Vec<Row>) {
    let wrong = check(rows).await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn accounts_and_notifications() {
    holds(rows::accounts()).await;
}

#[tokio::test]
async fn the_team_settings_and_api_tokens() {
    holds(rows::team()).await;
}

#[tokio::test]
async fn campaigns_creators_and_the_board() {
    holds(rows::campaigns()).await;
}

#[tokio::test]
async fn collaborations_reviews_and_payments() {
    holds(rows::collaborations()).await;
}

#[tokio::test]
async fn results_and_plain_routes() {
    holds(rows::results()).await;
}

/// Ids that do not belong together (a version of another deliverable, another
/// organization's upload or channel) are refused to everyone, those who may use each id
/// alone included.
#[tokio::test]
async fn ids_that_mix_two_things_are_refused() {
    holds(rows::mixed()).await;
}

/// Every registered server function and every route of `routes.rs` has its row, once.
#[test]
fn every_server_function_and_route_has_a_row() {
    let all = rows::all();
    let mut keys = BTreeSet::new();
    for row in &all {
        assert!(keys.insert(row.key.clone()), "two rows for {}", row.label);
    }
    let functions: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let routes = world::plain_routes();
    let missing: Vec<&String> = functions
        .iter()
        .chain(&routes)
        .filter(|k| !keys.contains(*k))
        .collect();
    let unknown: Vec<&String> = keys
        .iter()
        .filter(|k| !functions.contains(*k) && !routes.contains(*k))
        .collect();
    assert!(missing.is_empty(), "without a row: {missing:#?}");
    assert!(unknown.is_empty(), "rows for nothing: {unknown:#?}");
}
