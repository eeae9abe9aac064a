//! Shortlisting creators into a campaign: entries in the first stage, all or none.

use crate::common;
use crate::common::{Client, TestApp};
use app::campaigns::Campaign;
use app::campaigns::api::{CreateCampaign, TransitionCampaign};
use app::creators::Creator;
use app::creators::api::{CreateCreator, DeleteCreator, GetCreator};
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use app::pipeline::api::{PipelineEntries, ShortlistCreators};
use axum::http::StatusCode;

async fn campaign(c: &mut Client) -> Campaign {
    let r = c
        .call::<CreateCampaign>(&[
            ("input[name]", "Spring launch"),
            ("input[objective]", "awareness"),
            ("input[currency]", "EUR"),
            ("input[budget]", "25000"),
            ("input[starts_on]", "2026-03-01"),
            ("input[ends_on]", "2026-04-30"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn creator(c: &mut Client, name: &str, rate: &str, currency: &str) -> Creator {
    let r = c
        .call::<CreateCreator>(&[
            ("input[name]", name),
            ("input[rate]", rate),
            ("input[currency]", currency),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn shortlist(
    c: &mut Client,
    campaign: i32,
    creators: &[i32],
    extra: &[(&str, &str)],
) -> common::Reply {
    let campaign = campaign.to_string();
    let ids: Vec<(String, String)> = creators
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("creator_ids[{i}]"), id.to_string()))
        .collect();
    let mut args: Vec<(&str, &str)> = vec![("campaign_id", &campaign)];
    args.extend(ids.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    args.extend(extra.iter().copied());
    c.call::<ShortlistCreators>(&args).await
}

#[tokio::test]
async fn three_creators_join_the_first_stage_with_costs_and_owner() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let spring = campaign(&mut maya).await;
    let ana = creator(&mut maya, "Ana", "1200", "EUR").await;
    let ben = creator(&mut maya, "Ben", "900", "USD").await;
    let cleo = creator(&mut maya, "Cleo", "", "").await;

    let r = shortlist(
        &mut maya,
        spring.id,
        &[ana.id, ben.id, cleo.id],
        &[("input[shipping]", "15"), ("input[product_cost]", "40.50")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let added: Vec<Entry> = r.json();
    assert_eq!(added.len(), 3);
    let entries: Vec<Entry> = maya
        .call::<PipelineEntries>(&[("campaign_id", &spring.id.to_string())])
        .await
        .json();
    assert_eq!(entries.len(), 3);
    for e in &entries {
        assert_eq!(e.stage, Stage::Shortlisted);
        assert_eq!((e.shipping.minor, e.product_cost.minor), (1_500, 4_050));
        assert_eq!(e.owner.as_ref().map(|o| o.name.as_str()), Some("Maya Chen"));
    }
    let fee = |name: &str| {
        entries
            .iter()
            .find(|e| e.creator_name == name)
            .unwrap()
            .fee
            .clone()
    };
    // No fee given: the creator's rate when it is in the campaign's currency.
    assert_eq!(fee("Ana").map(|m| m.minor), Some(120_000));
    assert_eq!(fee("Ben"), None);
    assert_eq!(fee("Cleo"), None);
    let mut positions: Vec<i32> = entries.iter().map(|e| e.position).collect();
    positions.sort();
    assert_eq!(positions, [1, 2, 3]);

    // The creator's page lists the collaboration; a creator with one cannot be deleted.
    let ana: Creator = maya
        .call::<GetCreator>(&[("id", &ana.id.to_string())])
        .await
        .json();
    assert_eq!(ana.collaborations[0].campaign_name, "Spring launch");
    let r = maya
        .call::<DeleteCreator>(&[("id", &ana.id.to_string()), ("version", "1")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("pause"));
}

#[tokio::test]
async fn adding_a_creator_twice_is_refused_and_nothing_is_added() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let spring = campaign(&mut maya).await;
    let ana = creator(&mut maya, "Ana", "", "").await;
    let ben = creator(&mut maya, "Ben", "", "").await;
    assert_eq!(
        shortlist(&mut maya, spring.id, &[ana.id], &[]).await.status,
        StatusCode::OK
    );
    let r = shortlist(
        &mut maya,
        spring.id,
        &[ben.id, ana.id],
        &[("input[fee]", "500")],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.error().to_string(),
        "Ana is already on this campaign. Unselect them and try again."
    );
    let entries: Vec<Entry> = maya
        .call::<PipelineEntries>(&[("campaign_id", &spring.id.to_string())])
        .await
        .json();
    assert_eq!(entries.len(), 1, "Ben was not added either");
}

#[tokio::test]
async fn bad_requests_are_refused_clearly() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let spring = campaign(&mut maya).await;
    let ana = creator(&mut maya, "Ana", "", "").await;
    let r = shortlist(&mut maya, spring.id, &[], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = shortlist(&mut maya, spring.id, &[ana.id], &[("input[fee]", "12,5")]).await;
    assert!(r.error().field("fee").is_some());
    let r = shortlist(
        &mut maya,
        spring.id,
        &[ana.id],
        &[("input[owner_id]", "999")],
    )
    .await;
    assert!(r.error().field("owner_id").is_some());
    let r = shortlist(&mut maya, spring.id, &[ana.id, 999_999], &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Completed and archived campaigns take no one.
    let id = spring.id.to_string();
    for (version, to) in [("1", "active"), ("2", "completed")] {
        let r = maya
            .call::<TransitionCampaign>(&[("id", &id), ("version", version), ("to", to)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let r = shortlist(&mut maya, spring.id, &[ana.id], &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("completed"));
}

#[tokio::test]
async fn only_marketing_and_admins_shortlist_within_their_organization() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let spring = campaign(&mut maya).await;
    let ana = creator(&mut maya, "Ana", "", "").await;
    for who in [
        "legal@roster.example",
        "director@roster.example",
        "creator@roster.example",
    ] {
        let mut c = app.signed_in(who).await;
        let r = shortlist(&mut c, spring.id, &[ana.id], &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let mut legal = app.signed_in("legal@roster.example").await;
    let r = legal
        .call::<PipelineEntries>(&[("campaign_id", &spring.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "legal reads the pipeline");

    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    let theirs = campaign(&mut olga).await;
    let r = shortlist(&mut olga, spring.id, &[ana.id], &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not their campaign");
    let r = shortlist(&mut olga, theirs.id, &[ana.id], &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not their creator");
    let r = olga
        .call::<PipelineEntries>(&[("campaign_id", &spring.id.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut admin = app.signed_in("admin@roster.example").await;
    assert_eq!(
        shortlist(&mut admin, spring.id, &[ana.id], &[])
            .await
            .status,
        StatusCode::OK
    );
}
