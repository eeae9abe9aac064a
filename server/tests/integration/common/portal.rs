//! A collaboration as the portal tests need it: the demo creator account linked to a
//! creator on a board, briefs and agreements sent and answered, drafts uploaded.

use super::{Client, Reply, TestApp};
use app::agreements::AgreementView;
use app::agreements::api::{AcceptAgreement, SendAgreement};
use app::collaboration::Collaboration;
use app::collaboration::api::GetCollaboration;
use app::db::{creator, user};
use app::deliverables::api::SubmitDraft;
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use app::pipeline::api::MoveEntry;
use app::portal::api::SaveOnboarding;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tower::ServiceExt;

pub const MARKETING: &str = "marketing@roster.example";

pub const LEGAL: &str = "legal@roster.example";

pub const CREATOR: &str = "creator@roster.example";

pub fn png(extra: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..extra).map(|i| (i % 251) as u8));
    bytes
}

/// A campaign with a brief, Ana (fee 500) linked to the demo creator account and moved to
/// Negotiating; returns the campaign id and Ana's entry.
pub async fn collaboration(app: &TestApp, m: &mut Client) -> (i32, Entry) {
    let (campaign, entries) = super::pipeline::board(m).await;
    let ana = entry_of(&entries, "Ana");
    // The demo creator account is Ana's.
    let account = account(app, CREATOR).await.unwrap();
    change_profile(app, ana.creator_id, |row| {
        row.user_id = Set(Some(account.id));
        row.email = Set(Some("ana@creators.example".into()));
    })
    .await;
    let ana = move_to(m, &ana, Stage::Contacted).await;
    let ana = move_to(m, &ana, Stage::Negotiating).await;
    (campaign.id, ana)
}

pub async fn move_to(c: &mut Client, e: &Entry, to: Stage) -> Entry {
    let r = c
        .call::<MoveEntry>(&[
            ("entry_id", &e.id.to_string()),
            ("version", &e.version.to_string()),
            ("to", to.as_str()),
            ("index", "0"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

pub fn brief_args(
    campaign_id: &str,
    based_on: Option<&str>,
    objective: &'static str,
) -> Vec<(String, String)> {
    let mut args = vec![
        ("campaign_id".to_string(), campaign_id.to_string()),
        ("input[objective]".into(), objective.into()),
        ("input[audience]".into(), "Runners".into()),
        (
            "input[deliverables][0][platform]".into(),
            "instagram".into(),
        ),
        ("input[deliverables][0][format]".into(), "Reel".into()),
        ("input[deliverables][0][quantity]".into(), "2".into()),
        ("input[deliverables][0][due_on]".into(), "2026-07-01".into()),
        ("input[disclosures]".into(), "#ad".into()),
        ("input[revision_rounds]".into(), "2".into()),
        ("input[turnaround_hours]".into(), "48".into()),
    ];
    if let Some(v) = based_on {
        args.push(("based_on".into(), v.into()));
    }
    args
}

pub async fn call_owned<F: server_fn::ServerFn>(
    c: &mut Client,
    args: &[(String, String)],
) -> Reply {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.call::<F>(&args).await
}

pub async fn send_agreement(m: &mut Client, entry: i32, fee: &str) -> Reply {
    m.call::<SendAgreement>(&[
        ("entry_id", &entry.to_string()),
        ("input[deliverables][0][platform]", "instagram"),
        ("input[deliverables][0][format]", "Reel"),
        ("input[deliverables][0][quantity]", "2"),
        ("input[deliverables][0][due_on]", "2026-07-01"),
        ("input[fee]", fee),
        ("input[usage_channels]", "Brand Instagram"),
        ("input[usage_regions]", ""),
        ("input[usage_months]", "6"),
        ("input[whitelisting]", "false"),
        ("input[posting_from]", "2026-07-02"),
        ("input[posting_until]", "2026-07-16"),
        ("input[exclusivity]", ""),
        ("input[late_terms]", ""),
        ("input[cancellation_terms]", ""),
        ("input[promo_code]", "ana15"),
    ])
    .await
}

pub async fn onboard(c: &mut Client) {
    let r = c
        .call::<SaveOnboarding>(&[
            ("input[legal_name]", "Ana Lima"),
            ("input[shipping_address]", "Rua A 1, Lisboa"),
            ("input[payment_details]", "PT50 0002 0123"),
            ("input[tax_id]", ""),
            ("input[preferred_platforms][0]", "instagram"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

pub async fn accept(c: &mut Client, a: &AgreementView, name: &str) -> Reply {
    c.call::<AcceptAgreement>(&[
        ("agreement_id", &a.id.to_string()),
        ("legal_name", name),
        ("body_sha256", &a.body_sha256),
    ])
    .await
}

pub async fn upload(c: &mut Client, deliverable: i32, name: &str, bytes: Vec<u8>) -> Reply {
    c.post_bytes(
        &format!("/uploads?deliverable={deliverable}&name={name}"),
        bytes,
    )
    .await
}

/// Ana with an accepted agreement; returns her first deliverable.
pub async fn deliverable(app: &TestApp, m: &mut Client, creator: &mut Client) -> (Entry, i32) {
    let (_, ana) = collaboration(app, m).await;
    onboard(creator).await;
    let a: AgreementView = send_agreement(m, ana.id, "500").await.json();
    assert_eq!(accept(creator, &a, "Ana Lima").await.status, StatusCode::OK);
    let seen: Collaboration = creator
        .call::<GetCollaboration>(&[("entry_id", &ana.id.to_string())])
        .await
        .json();
    (ana, seen.deliverables[0].id)
}

pub async fn submit(c: &mut Client, deliverable: i32, caption: &str, uploads: &[i32]) -> Reply {
    let mut args = vec![
        ("deliverable_id".to_string(), deliverable.to_string()),
        ("caption".to_string(), caption.to_string()),
    ];
    for (i, id) in uploads.iter().enumerate() {
        args.push((format!("upload_ids[{i}]"), id.to_string()));
    }
    call_owned::<SubmitDraft>(c, &args).await
}

pub fn stored_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&app.data.0)
}

pub async fn get_media(
    c: &Client,
    app: &TestApp,
    id: i32,
    range: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    // Browsers always offer compression; media must come back as stored (ranges address
    // the file's bytes).
    let mut req = Request::get(format!("/media/{id}"))
        .header(header::HOST, "roster.test")
        .header(header::ACCEPT_ENCODING, "gzip, br");
    if let Some(cookie) = &c.cookie {
        req = req.header(header::COOKIE, cookie);
    }
    if let Some(r) = range {
        req = req.header(header::RANGE, r);
    }
    let mut req = req.body(Body::empty()).unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(c.peer));
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

/// A second creator account, linked to no profile of this collaboration.
pub async fn another_creator(app: &TestApp) -> Client {
    let hash = app::platform::password::hash("stranger password".into())
        .await
        .unwrap();
    user::ActiveModel {
        organization_id: Set(None),
        email: Set("stranger@creators.example".into()),
        name: Set("Stranger".into()),
        password_hash: Set(hash),
        role: Set("creator".into()),
        created_at: Set(super::start_time()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    app.signed_in_with("stranger@creators.example", "stranger password")
        .await
}

/// The account with this email, if there is one.
pub async fn account(app: &TestApp, email: &str) -> Option<user::Model> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
}

/// The entry of the creator called `name` on a board.
pub fn entry_of(entries: &[Entry], name: &str) -> Entry {
    entries
        .iter()
        .find(|e| e.creator_name == name)
        .unwrap()
        .clone()
}

/// A creator profile as stored.
pub async fn profile(app: &TestApp, creator_id: i32) -> creator::Model {
    creator::Entity::find_by_id(creator_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

/// Changes a creator profile behind the app's back (what another screen would have done).
pub async fn change_profile(
    app: &TestApp,
    creator_id: i32,
    change: impl FnOnce(&mut creator::ActiveModel),
) {
    let mut row: creator::ActiveModel = profile(app, creator_id).await.into();
    change(&mut row);
    row.update(&app.state.db).await.unwrap();
}
