//! The creator's side of a collaboration, end to end over HTTP: brief versions, the
//! agreement (its hash, acceptance, immutability, declining), onboarding, uploads (limits,
//! bad types, a cut-off upload, ranges) and who may see what.

mod common;

use app::agreements::AgreementView;
use app::agreements::api::{AcceptAgreement, DeclineAgreement, SendAgreement};
use app::auth::ssr::token::sha256_hex;
use app::briefs::BriefPage;
use app::briefs::api::{GetBrief, SaveBrief};
use app::collaboration::api::{
    GetCollaboration, GetPortalHome as PortalHome, InviteCreator, SendBrief,
};
use app::collaboration::{Collaboration, PortalHome as Home};
use app::db::{agreement, creator, user};
use app::domain::agreement::AgreementStatus;
use app::domain::pipeline::Stage;
use app::drafts::api::{GetDeliverable, SubmitDraft, SubmitLiveLink};
use app::drafts::{DeliverableView, DraftVersionView, UploadedFile};
use app::pipeline::Entry;
use app::pipeline::api::MoveEntry;
use app::portal::api::SaveOnboarding;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Client, TestApp, UPLOAD_LIMIT, other_organization_admin};
use http_body_util::BodyExt;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tower::ServiceExt;

const MARKETING: &str = "marketing@roster.example";
const LEGAL: &str = "legal@roster.example";
const CREATOR: &str = "creator@roster.example";

fn png(extra: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..extra).map(|i| (i % 251) as u8));
    bytes
}

/// A campaign with a brief, Ana (fee 500) linked to the demo creator account and moved to
/// Negotiating; returns the campaign id and Ana's entry.
async fn collaboration(app: &TestApp, m: &mut Client) -> (i32, Entry) {
    let (campaign, entries) = common::pipeline::board(m).await;
    let ana = entries
        .iter()
        .find(|e| e.creator_name == "Ana")
        .unwrap()
        .clone();
    // The demo creator account is Ana's.
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(CREATOR))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: creator::ActiveModel = creator::Entity::find_by_id(ana.creator_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.user_id = Set(Some(account.id));
    row.email = Set(Some("ana@creators.example".into()));
    row.update(&app.state.db).await.unwrap();
    let ana = move_to(m, &ana, Stage::Contacted).await;
    let ana = move_to(m, &ana, Stage::Negotiating).await;
    (campaign.id, ana)
}

async fn move_to(c: &mut Client, e: &Entry, to: Stage) -> Entry {
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

fn brief_args(
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

async fn call_owned<F: server_fn::ServerFn>(
    c: &mut Client,
    args: &[(String, String)],
) -> common::Reply {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.call::<F>(&args).await
}

async fn send_agreement(m: &mut Client, entry: i32, fee: &str) -> common::Reply {
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

async fn onboard(c: &mut Client) {
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

async fn accept(c: &mut Client, a: &AgreementView, name: &str) -> common::Reply {
    c.call::<AcceptAgreement>(&[
        ("agreement_id", &a.id.to_string()),
        ("legal_name", name),
        ("body_sha256", &a.body_sha256),
    ])
    .await
}

async fn upload(c: &mut Client, deliverable: i32, name: &str, bytes: Vec<u8>) -> common::Reply {
    c.post_bytes(
        &format!("/uploads?deliverable={deliverable}&name={name}"),
        bytes,
    )
    .await
}

#[tokio::test]
async fn a_brief_is_versioned_and_a_stale_editor_writes_nothing() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (campaign, _) = collaboration(&app, &mut m).await;
    let id = campaign.to_string();
    let r = call_owned::<SaveBrief>(&mut m, &brief_args(&id, None, "Launch")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<i32>(), 1);
    let r = call_owned::<SaveBrief>(&mut m, &brief_args(&id, Some("1"), "Launch, v2")).await;
    assert_eq!(r.json::<i32>(), 2);
    // Someone still editing version 1 cannot overwrite version 2.
    let r = call_owned::<SaveBrief>(&mut m, &brief_args(&id, Some("1"), "Stale")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let page: BriefPage = m.call::<GetBrief>(&[("campaign_id", &id)]).await.json();
    assert_eq!(page.versions.len(), 2);
    assert_eq!(page.shown.unwrap().fields.objective, "Launch, v2");
    let old: BriefPage = m
        .call::<GetBrief>(&[("campaign_id", &id), ("version", "1")])
        .await
        .json();
    assert_eq!(old.shown.unwrap().fields.objective, "Launch");
    // Bad input is refused per field; legal reads but does not write.
    let mut bad = brief_args(&id, Some("2"), "");
    bad.retain(|(k, _)| !k.starts_with("input[deliverables]"));
    let r = call_owned::<SaveBrief>(&mut m, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = r.error();
    assert!(err.field("objective").is_some() && err.field("deliverables").is_some());
    let mut legal = app.signed_in(LEGAL).await;
    assert_eq!(
        legal.call::<GetBrief>(&[("campaign_id", &id)]).await.status,
        StatusCode::OK
    );
    let r = call_owned::<SaveBrief>(&mut legal, &brief_args(&id, Some("2"), "Legal's")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn contracting_sends_the_brief_and_the_creator_keeps_the_version_sent() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (campaign, ana) = collaboration(&app, &mut m).await;
    let id = campaign.to_string();
    call_owned::<SaveBrief>(&mut m, &brief_args(&id, None, "Launch")).await;
    let ana = move_to(&mut m, &ana, Stage::Contracted).await;
    let mut creator = app.signed_in(CREATOR).await;
    let seen: Collaboration = creator
        .call::<GetCollaboration>(&[("entry_id", &ana.id.to_string())])
        .await
        .json();
    assert_eq!(seen.brief.as_ref().map(|b| b.version), Some(1));
    // A newer version is not theirs until it is sent.
    call_owned::<SaveBrief>(&mut m, &brief_args(&id, Some("1"), "Launch v2")).await;
    let seen: Collaboration = creator
        .call::<GetCollaboration>(&[("entry_id", &ana.id.to_string())])
        .await
        .json();
    assert_eq!(seen.brief.unwrap().fields.objective, "Launch");
    let r = m
        .call::<SendBrief>(&[("entry_id", &ana.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<Collaboration>().brief.unwrap().version, 2);
    let again = m
        .call::<SendBrief>(&[("entry_id", &ana.id.to_string())])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let mails = app::db::outbox_message::Entity::find()
        .filter(app::db::outbox_message::Column::ToEmail.eq("ana@creators.example"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 2, "one email per version sent");
    assert!(
        mails[0]
            .body_text
            .contains(&format!("/portal/collaborations/{}", ana.id))
    );
}

#[tokio::test]
async fn an_accepted_agreement_is_bound_to_its_text_and_never_changes() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, ana) = collaboration(&app, &mut m).await;
    let mut creator = app.signed_in(CREATOR).await;
    onboard(&mut creator).await;

    let r = send_agreement(&mut m, ana.id, "500").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let first: AgreementView = r.json();
    assert_eq!(first.body_sha256, sha256_hex(first.body.as_bytes()));
    assert!(first.body.contains("500.00 EUR") && first.body.contains("Promo code: ANA15"));
    // A changed agreement withdraws the unanswered one.
    let second: AgreementView = send_agreement(&mut m, ana.id, "600").await.json();
    let r = accept(&mut creator, &first, "Ana Lima").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    // The text the creator read must be the text accepted.
    let tampered = AgreementView {
        body_sha256: sha256_hex(b"another text"),
        ..second.clone()
    };
    assert_eq!(
        accept(&mut creator, &tampered, "Ana Lima").await.status,
        StatusCode::CONFLICT
    );
    // Their own legal name, not anyone's.
    let r = accept(&mut creator, &second, "Someone Else").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("legal_name").is_some());
    // Staff cannot accept for the creator.
    assert_eq!(
        accept(&mut m, &second, "Ana Lima").await.status,
        StatusCode::FORBIDDEN
    );

    let r = accept(&mut creator, &second, "ana  lima").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let accepted: AgreementView = r.json();
    assert_eq!(accepted.status, AgreementStatus::Accepted);
    let row = agreement::Entity::find_by_id(second.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.accepted_name.as_deref(), Some("ana lima"));
    assert_eq!(row.accepted_ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(row.body_sha256, sha256_hex(row.body.as_bytes()));
    assert!(row.answered_by.is_some() && row.answered_at.is_some());

    // Accepting or declining again changes nothing.
    assert_eq!(
        accept(&mut creator, &second, "Ana Lima").await.status,
        StatusCode::CONFLICT
    );
    let r = creator
        .call::<DeclineAgreement>(&[("agreement_id", &second.id.to_string()), ("reason", "No")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // A change is a new agreement; the accepted one stays as it was.
    let third: AgreementView = send_agreement(&mut m, ana.id, "700").await.json();
    assert_eq!(third.status, AgreementStatus::Sent);
    let unchanged = agreement::Entity::find_by_id(second.id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged, row);
    // Acceptance made the deliverables.
    let seen: Collaboration = creator
        .call::<GetCollaboration>(&[("entry_id", &ana.id.to_string())])
        .await
        .json();
    let titles: Vec<_> = seen.deliverables.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["Instagram Reel 1 of 2", "Instagram Reel 2 of 2"]);
    assert_eq!(seen.pending_agreement().map(|a| a.id), Some(third.id));
    assert_eq!(seen.agreement_in_force().map(|a| a.id), Some(second.id));
}

#[tokio::test]
async fn a_creator_may_decline_with_a_reason() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, ana) = collaboration(&app, &mut m).await;
    let a: AgreementView = send_agreement(&mut m, ana.id, "500").await.json();
    let mut creator = app.signed_in(CREATOR).await;
    let id = a.id.to_string();
    let r = creator
        .call::<DeclineAgreement>(&[("agreement_id", &id), ("reason", "  ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = creator
        .call::<DeclineAgreement>(&[("agreement_id", &id), ("reason", "The fee is too low.")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let declined: AgreementView = r.json();
    assert_eq!(declined.status, AgreementStatus::Declined);
    assert_eq!(
        declined.decline_reason.as_deref(),
        Some("The fee is too low.")
    );
    assert_eq!(
        accept(&mut creator, &a, "Ana").await.status,
        StatusCode::CONFLICT
    );
}

/// Ana with an accepted agreement; returns her first deliverable.
async fn deliverable(app: &TestApp, m: &mut Client, creator: &mut Client) -> (Entry, i32) {
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

async fn submit(c: &mut Client, deliverable: i32, caption: &str, uploads: &[i32]) -> common::Reply {
    let mut args = vec![
        ("deliverable_id".to_string(), deliverable.to_string()),
        ("caption".to_string(), caption.to_string()),
    ];
    for (i, id) in uploads.iter().enumerate() {
        args.push((format!("upload_ids[{i}]"), id.to_string()));
    }
    call_owned::<SubmitDraft>(c, &args).await
}

#[tokio::test]
async fn drafts_are_versions_of_caption_and_media_and_old_ones_stay_readable() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;

    let r = upload(&mut creator, d, "look.png", png(1000)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let file: UploadedFile = r.json();
    assert_eq!(file.content_type, "image/png");
    let r = submit(&mut creator, d, "First take #ad", &[file.id]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<DraftVersionView>().number, 1);
    // An upload joins one version only.
    let r = submit(&mut creator, d, "Reusing", &[file.id]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let second: UploadedFile = upload(&mut creator, d, "look2.png", png(2000)).await.json();
    let r = submit(&mut creator, d, "Second take #ad", &[second.id]).await;
    assert_eq!(r.json::<DraftVersionView>().number, 2);

    // Marketing sees both versions, newest first, with their media.
    let view: DeliverableView = m
        .call::<GetDeliverable>(&[("id", &d.to_string())])
        .await
        .json();
    assert_eq!(view.versions.len(), 2);
    assert_eq!(view.versions[0].caption, "Second take #ad");
    assert_eq!(view.versions[1].media[0].id, file.id);
    assert!(!view.is_creator);
    // Only the creator submits.
    assert_eq!(
        submit(&mut m, d, "Staff", &[]).await.status,
        StatusCode::FORBIDDEN
    );

    // The live link.
    let r = creator
        .call::<SubmitLiveLink>(&[
            ("deliverable_id", &d.to_string()),
            ("live_url", "not a link"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = creator
        .call::<SubmitLiveLink>(&[
            ("deliverable_id", &d.to_string()),
            ("live_url", "https://instagram.example/p/abc"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let view: DeliverableView = m
        .call::<GetDeliverable>(&[("id", &d.to_string())])
        .await
        .json();
    assert_eq!(
        view.summary.live_url.as_deref(),
        Some("https://instagram.example/p/abc")
    );
}

#[tokio::test]
async fn uploads_are_limited_type_checked_and_leave_nothing_when_refused() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let too_big = upload(&mut creator, d, "big.png", png(UPLOAD_LIMIT as usize)).await;
    assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_big.error().to_string().contains("larger than"));
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0rest".to_vec();
    let exe = upload(&mut creator, d, "cute.png", exe).await;
    assert_eq!(exe.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(exe.error().to_string().contains("not a photo or video"));
    let uploads = app::db::upload::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(uploads.is_empty());
    // Staff do not upload drafts; nor does anyone signed out, another creator, or anyone
    // for a deliverable that does not exist.
    let status = |r: common::Reply| r.status;
    assert_eq!(
        status(upload(&mut m, d, "x.png", png(10)).await),
        StatusCode::FORBIDDEN
    );
    let mut anonymous = app.client();
    assert_eq!(
        status(upload(&mut anonymous, d, "x.png", png(10)).await),
        StatusCode::UNAUTHORIZED
    );
    let mut stranger = another_creator(&app).await;
    assert_eq!(
        status(upload(&mut stranger, d, "x.png", png(10)).await),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(upload(&mut creator, 9999, "x.png", png(10)).await),
        StatusCode::NOT_FOUND
    );
    assert_eq!(stored_files(&app), 0);
}

fn stored_files(app: &TestApp) -> usize {
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

#[tokio::test]
async fn an_upload_cut_off_halfway_leaves_no_file_and_no_row() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let cookie = creator.cookie.clone().unwrap();
    // A body that sends half a file, then fails like a dropped connection.
    let half = png(5000)[..2500].to_vec();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset",
        )),
    ];
    let body = Body::from_stream(futures::stream::iter(chunks));
    let mut req = Request::post(format!("/uploads?deliverable={d}&name=cut.png"))
        .header(header::HOST, "roster.test")
        .header(header::COOKIE, cookie)
        .body(body)
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(creator.peer));
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_ne!(res.status(), StatusCode::OK);
    assert!(
        app::db::upload::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(stored_files(&app), 0, "no partial file is left behind");
}

async fn get_media(
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

#[tokio::test]
async fn media_is_served_with_ranges_to_those_who_may_see_it_and_to_nobody_else() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (ana, d) = deliverable(&app, &mut m, &mut creator).await;
    let bytes = png(3000);
    let file: UploadedFile = upload(&mut creator, d, "look.png", bytes.clone())
        .await
        .json();

    // Before submission, only its uploader sees it.
    assert_eq!(
        get_media(&creator, &app, file.id, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get_media(&m, &app, file.id, None).await.0,
        StatusCode::NOT_FOUND
    );
    submit(&mut creator, d, "Take", &[file.id]).await;

    let (status, headers, body) = get_media(&m, &app, file.id, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, bytes);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    let (status, headers, body) = get_media(&creator, &app, file.id, Some("bytes=100-199")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, bytes[100..200]);
    assert_eq!(
        headers[header::CONTENT_RANGE],
        format!("bytes 100-199/{}", bytes.len())
    );

    // Another organization, another creator, and anonymous get nothing.
    let other = other_organization_admin(&app).await;
    let other = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        get_media(&other, &app, file.id, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get_media(&app.client(), &app, file.id, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let stranger = another_creator(&app).await;
    assert_eq!(
        get_media(&stranger, &app, file.id, None).await.0,
        StatusCode::NOT_FOUND
    );
    let _ = ana;
}

/// A second creator account, linked to no profile of this collaboration.
async fn another_creator(app: &TestApp) -> Client {
    let hash = app::auth::ssr::password::hash("stranger password".into())
        .await
        .unwrap();
    user::ActiveModel {
        organization_id: Set(None),
        email: Set("stranger@creators.example".into()),
        name: Set("Stranger".into()),
        password_hash: Set(hash),
        role: Set("creator".into()),
        created_at: Set(common::start_time()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    app.signed_in_with("stranger@creators.example", "stranger password")
        .await
}

#[tokio::test]
async fn every_portal_function_answers_only_its_owner_and_the_organization() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (ana, d) = deliverable(&app, &mut m, &mut creator).await;
    let a: AgreementView = send_agreement(&mut m, ana.id, "650").await.json();
    let entry = ana.id.to_string();
    let del = d.to_string();
    let agr = a.id.to_string();

    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    let mut stranger = another_creator(&app).await;
    let mut anonymous = app.client();
    let mut legal = app.signed_in(LEGAL).await;

    // Reads: staff of the organization and the creator; others get not-found (or sign in).
    for (who, c, expected) in [
        ("creator", &mut creator, StatusCode::OK),
        ("legal", &mut legal, StatusCode::OK),
        ("marketing", &mut m, StatusCode::OK),
        ("other organization", &mut other, StatusCode::NOT_FOUND),
        ("another creator", &mut stranger, StatusCode::NOT_FOUND),
        ("anonymous", &mut anonymous, StatusCode::UNAUTHORIZED),
    ] {
        let r = c.call::<GetCollaboration>(&[("entry_id", &entry)]).await;
        assert_eq!(r.status, expected, "collaboration for {who}: {}", r.text);
        let r = c.call::<GetDeliverable>(&[("id", &del)]).await;
        assert_eq!(r.status, expected, "deliverable for {who}: {}", r.text);
    }
    // Creator-only writes: staff are forbidden, others find nothing.
    for (who, c, expected) in [
        ("marketing", &mut m, StatusCode::FORBIDDEN),
        ("other organization", &mut other, StatusCode::FORBIDDEN),
        ("another creator", &mut stranger, StatusCode::NOT_FOUND),
        ("anonymous", &mut anonymous, StatusCode::UNAUTHORIZED),
    ] {
        let r = accept(c, &a, "Ana Lima").await;
        assert_eq!(r.status, expected, "accept for {who}: {}", r.text);
        let r = c
            .call::<DeclineAgreement>(&[("agreement_id", &agr), ("reason", "x")])
            .await;
        assert_eq!(r.status, expected, "decline for {who}: {}", r.text);
        let r = submit(c, d, "x", &[]).await;
        assert_eq!(r.status, expected, "submit for {who}: {}", r.text);
        let r = c
            .call::<SubmitLiveLink>(&[
                ("deliverable_id", &del),
                ("live_url", "https://x.example/p"),
            ])
            .await;
        assert_eq!(r.status, expected, "live link for {who}: {}", r.text);
    }
    // The portal home is the creators'.
    assert_eq!(
        m.call::<PortalHome>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        anonymous.call::<PortalHome>(&[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Marketing-only writes: legal may not, the creator may not, another organization finds nothing.
    for (who, c, expected) in [
        ("legal", &mut legal, StatusCode::FORBIDDEN),
        ("creator", &mut creator, StatusCode::FORBIDDEN),
        ("other organization", &mut other, StatusCode::NOT_FOUND),
        ("anonymous", &mut anonymous, StatusCode::UNAUTHORIZED),
    ] {
        let r = send_agreement(c, ana.id, "1").await;
        assert_eq!(r.status, expected, "send agreement for {who}: {}", r.text);
        let r = c.call::<SendBrief>(&[("entry_id", &entry)]).await;
        assert_eq!(r.status, expected, "send brief for {who}: {}", r.text);
        let r = c.call::<InviteCreator>(&[("entry_id", &entry)]).await;
        assert_eq!(r.status, expected, "invite for {who}: {}", r.text);
    }
    // The creator's home lists the collaboration; another creator's is empty.
    let home: Home = creator.call::<PortalHome>(&[]).await.json();
    assert_eq!(home.active.len(), 1);
    assert!(home.onboarded);
    let home: Home = stranger.call::<PortalHome>(&[]).await.json();
    assert!(home.active.is_empty() && !home.onboarded);
}

#[tokio::test]
async fn onboarding_reaches_the_profiles_marketing_reads() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, ana) = collaboration(&app, &mut m).await;
    let ana_version = creator::Entity::find_by_id(ana.creator_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .version;
    let mut creator = app.signed_in(CREATOR).await;
    let r = creator
        .call::<SaveOnboarding>(&[("input[legal_name]", ""), ("input[shipping_address]", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    onboard(&mut creator).await;
    let profile = creator::Entity::find_by_id(ana.creator_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.legal_name.as_deref(), Some("Ana Lima"));
    assert_eq!(profile.shipping_address.as_deref(), Some("Rua A 1, Lisboa"));
    assert_eq!(profile.preferred_platforms, "instagram");
    // A new version of the profile: a form opened before cannot put old details back.
    assert_eq!(profile.version, ana_version + 1);
    // Staff do not onboard.
    let r = m
        .call::<SaveOnboarding>(&[("input[legal_name]", "X")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_creator_invited_from_the_pipeline_gets_their_profile_linked() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, entries) = common::pipeline::board(&mut m).await;
    let ben = entries
        .iter()
        .find(|e| e.creator_name == "Ben")
        .unwrap()
        .clone();
    let r = m
        .call::<InviteCreator>(&[("entry_id", &ben.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no email yet: {}", r.text);
    let mut row: creator::ActiveModel = creator::Entity::find_by_id(ben.creator_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.email = Set(Some("ben@creators.example".into()));
    row.update(&app.state.db).await.unwrap();
    let r = m
        .call::<InviteCreator>(&[("entry_id", &ben.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let link = r.json::<app::team::SentInvitation>().link;
    let token = link.rsplit('/').next().unwrap();
    let mut ben_browser = app.client();
    let r = ben_browser
        .call::<app::team::api::AcceptInvitation>(&[
            ("token", token),
            ("password", "a good password"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let profile = creator::Entity::find_by_id(ben.creator_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let account = user::Entity::find()
        .filter(user::Column::Email.eq("ben@creators.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.user_id, Some(account.id));
    // Shortlisted only: not in the portal yet. Contacted: there.
    let mut ben_browser = app
        .signed_in_with("ben@creators.example", "a good password")
        .await;
    let home: Home = ben_browser.call::<PortalHome>(&[]).await.json();
    assert!(home.active.is_empty());
    let r = ben_browser
        .call::<GetCollaboration>(&[("entry_id", &ben.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    move_to(&mut m, &ben, Stage::Contacted).await;
    let home: Home = ben_browser.call::<PortalHome>(&[]).await.json();
    assert_eq!(home.active.len(), 1);
}

#[tokio::test]
async fn a_creator_who_has_not_onboarded_fills_in_their_details_first() {
    let app = TestApp::new().await;
    let mut fresh = another_creator(&app).await;
    let r = fresh.get("/portal").await;
    assert_eq!(r.location.as_deref(), Some("/portal/onboarding"));
    assert_eq!(fresh.get("/portal/onboarding").await.status, StatusCode::OK);
    // The demo creator has onboarded: their portal opens.
    let mut sam = app.signed_in(CREATOR).await;
    assert_eq!(sam.get("/portal").await.status, StatusCode::OK);
}

#[tokio::test]
async fn agreements_go_only_to_contacted_creators_and_name_the_signer() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, entries) = common::pipeline::board(&mut m).await;
    let cleo = entries.iter().find(|e| e.creator_name == "Cleo").unwrap();
    let r = send_agreement(&mut m, cleo.id, "500").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "shortlisted: {}", r.text);
    let r = m
        .call::<SendBrief>(&[("entry_id", &cleo.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Sent before onboarding, the agreement names the profile's name: that is what is typed.
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, ana) = collaboration(&app, &mut m).await;
    let a: AgreementView = send_agreement(&mut m, ana.id, "500").await.json();
    assert!(a.body.contains("and Ana (the creator)"), "{}", a.body);
    let mut creator = app.signed_in(CREATOR).await;
    onboard(&mut creator).await;
    let r = accept(&mut creator, &a, "Ana Lima").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().to_string().contains("names you Ana"));
    assert_eq!(accept(&mut creator, &a, "ana").await.status, StatusCode::OK);
}

#[tokio::test]
async fn one_pending_invitation_per_creator_and_a_linked_profile_stays_linked() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, entries) = common::pipeline::board(&mut m).await;
    let ben = entries
        .iter()
        .find(|e| e.creator_name == "Ben")
        .unwrap()
        .clone();
    let profile = || async {
        creator::Entity::find_by_id(ben.creator_id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
    };
    let mut row: creator::ActiveModel = profile().await.into();
    row.email = Set(Some("ben@creators.example".into()));
    row.update(&app.state.db).await.unwrap();
    let entry = ben.id.to_string();
    let first = m.call::<InviteCreator>(&[("entry_id", &entry)]).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = m.call::<InviteCreator>(&[("entry_id", &entry)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The profile was linked to another account meanwhile: the invitation cannot move it.
    let sam = user::Entity::find()
        .filter(user::Column::Email.eq(CREATOR))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: creator::ActiveModel = profile().await.into();
    row.user_id = Set(Some(sam.id));
    row.update(&app.state.db).await.unwrap();
    let link = first.json::<app::team::SentInvitation>().link;
    let token = link.rsplit('/').next().unwrap();
    let r = app
        .client()
        .call::<app::team::api::AcceptInvitation>(&[
            ("token", token),
            ("password", "a good password"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    let created = user::Entity::find()
        .filter(user::Column::Email.eq("ben@creators.example"))
        .one(&app.state.db)
        .await
        .unwrap();
    assert!(
        created.is_none(),
        "no account is created when the link fails"
    );
    assert_eq!(profile().await.user_id, Some(sam.id));
}

#[tokio::test]
async fn pages_travel_compressed() {
    let app = TestApp::new().await;
    let req = Request::get("/login")
        .header(header::HOST, "roster.test")
        .header(header::ACCEPT_ENCODING, "br")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
}
