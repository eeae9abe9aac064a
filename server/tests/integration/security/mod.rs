//! What every response carries for the browser's protection, and what a hostile name
//! cannot do: titles and text escaped in server-rendered pages, the security headers with
//! the page's script nonce, no signed-in POST without an Origin, and open event streams
//! that end when the session does.

mod escaping;
mod requests;

use crate::common::portal::*;
use crate::common::{TestApp, next_event};
use app::auth::api::LogoutEverywhere;
use app::campaigns::api::CampaignOwners;
use app::db::{campaign, organization, outbox_message, user};
use app::team::api::InviteMember;
use axum::http::StatusCode;
use http_body_util::BodyExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// Names a hostile user might type: each closes the element it lands in, then runs script.
const HOSTILE: &str = "x </title><img src=x onerror=alert(1)> </script><script>alert(2)</script>";

/// What must never reach a page as markup.
const RAW: [&str; 3] = [
    "<img src=x onerror",
    "</script><script>alert(2)",
    "</title><img",
];

/// Who opens a page in the escaping test.
#[derive(Clone, Copy)]
enum Reader {
    Nobody,
    Marketing,
    Admin,
    Creator,
}

/// One page of the app: its route, the path opened for it, by whom, and whether one of the
/// hostile texts is on it (then it must be there, escaped).
struct Page {
    route: &'static str,
    path: String,
    reader: Reader,
    shows: bool,
}

fn page(route: &'static str, path: impl Into<String>, reader: Reader, shows: bool) -> Page {
    Page {
        route,
        path: path.into(),
        reader,
        shows,
    }
}
