//! The creator portal over HTTP: every portal function for the owner, another creator, staff, another organization and anonymous; onboarding; invitations that link a creator profile.

use crate::common;
use crate::common::portal::*;
use crate::common::{TestApp, other_organization_admin};
use app::agreements::AgreementView;
use app::agreements::api::DeclineAgreement;
use app::collaboration::PortalHome as Home;
use app::collaboration::api::{
    GetCollaboration, GetPortalHome as PortalHome, InviteCreator, SendBrief,
};
use app::deliverables::api::{GetDeliverable, SubmitLiveLink};
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use app::portal::api::SaveOnboarding;
use axum::http::StatusCode;
use sea_orm::Set;

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
    let ana_version = profile(&app, ana.creator_id).await.version;
    let mut creator = app.signed_in(CREATOR).await;
    let r = creator
        .call::<SaveOnboarding>(&[("input[legal_name]", ""), ("input[shipping_address]", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    onboard(&mut creator).await;
    let profile = profile(&app, ana.creator_id).await;
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

const BEN: &str = "ben@creators.example";
const BEN_PASSWORD: &str = "a good password";

/// Ben opens the emailed invitation and chooses a password.
async fn join_by_link(app: &TestApp, sent: &common::Reply) -> common::Reply {
    let link = sent.json::<app::team::SentInvitation>().link.unwrap();
    let token = link.rsplit('/').next().unwrap();
    app.client()
        .call::<app::team::api::AcceptInvitation>(&[("token", token), ("password", BEN_PASSWORD)])
        .await
}

/// Ben gets the email address an invitation goes to.
async fn give_email(app: &TestApp, ben: &Entry) {
    change_profile(app, ben.creator_id, |row| row.email = Set(Some(BEN.into()))).await;
}

#[tokio::test]
async fn a_creator_invited_from_the_pipeline_gets_their_profile_linked() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, entries) = common::pipeline::board(&mut m).await;
    let ben = entry_of(&entries, "Ben");
    let r = m
        .call::<InviteCreator>(&[("entry_id", &ben.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no email yet: {}", r.text);
    give_email(&app, &ben).await;
    let r = m
        .call::<InviteCreator>(&[("entry_id", &ben.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = join_by_link(&app, &r).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let linked = account(&app, BEN).await.unwrap();
    assert_eq!(profile(&app, ben.creator_id).await.user_id, Some(linked.id));
    // Shortlisted only: not in the portal yet. Contacted: there.
    let mut ben_browser = app.signed_in_with(BEN, BEN_PASSWORD).await;
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
async fn one_pending_invitation_per_creator_and_a_linked_profile_stays_linked() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let (_, entries) = common::pipeline::board(&mut m).await;
    let ben = entry_of(&entries, "Ben");
    give_email(&app, &ben).await;
    let entry = ben.id.to_string();
    let first = m.call::<InviteCreator>(&[("entry_id", &entry)]).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = m.call::<InviteCreator>(&[("entry_id", &entry)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The profile was linked to another account meanwhile: the invitation cannot move it.
    let sam = account(&app, CREATOR).await.unwrap();
    change_profile(&app, ben.creator_id, |row| row.user_id = Set(Some(sam.id))).await;
    let r = join_by_link(&app, &first).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(
        account(&app, BEN).await.is_none(),
        "no account is created when the link fails"
    );
    assert_eq!(profile(&app, ben.creator_id).await.user_id, Some(sam.id));
}
