//! Briefs and agreements over HTTP: brief versions, the brief sent on contracting, an agreement bound to its text and signer, accepted once and never changed, declined with a reason.

use crate::common;
use crate::common::TestApp;
use crate::common::portal::*;
use app::agreements::AgreementView;
use app::agreements::api::DeclineAgreement;
use app::briefs::BriefPage;
use app::briefs::api::{GetBrief, SaveBrief};
use app::collaboration::Collaboration;
use app::collaboration::api::{GetCollaboration, SendBrief};
use app::db::agreement;
use app::domain::agreement::AgreementStatus;
use app::domain::pipeline::Stage;
use app::platform::token::sha256_hex;
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
