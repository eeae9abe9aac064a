//! Creating and editing campaigns: the form, the owner, the lifecycle, versions and history.

use super::*;

#[tokio::test]
async fn marketing_creates_a_campaign_in_draft_owned_by_them() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let r = maya.call::<CreateCampaign>(FORM).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let c: Campaign = r.json();
    assert_eq!(r.location, Some(format!("/campaigns/{}", c.id)));
    assert_eq!(c.status, CampaignStatus::Draft);
    assert_eq!(
        (c.budget.minor, c.budget.currency.as_str()),
        (2_500_050, "EUR")
    );
    assert_eq!(c.goals.engagement_bp, Some(350));
    assert_eq!(c.owner.as_ref().map(|o| o.name.as_str()), Some("Maya Chen"));

    let list: Vec<Campaign> = maya
        .call::<ListCampaigns>(&[("shelf", "current")])
        .await
        .json();
    assert_eq!(list.len(), 1);
}

#[tokio::test]
async fn a_bad_form_names_each_problem_and_writes_nothing() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let r = maya
        .call::<CreateCampaign>(&form_with(&[
            ("input[name]", ""),
            ("input[budget]", "lots"),
            ("input[ends_on]", "2026-01-01"),
        ]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = r.error();
    for field in ["name", "budget", "ends_on"] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    let list: Vec<Campaign> = maya
        .call::<ListCampaigns>(&[("shelf", "current")])
        .await
        .json();
    assert!(list.is_empty());
}

#[tokio::test]
async fn the_owner_must_be_a_marketing_user_of_the_team() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let owners: Vec<Person> = maya.call::<CampaignOwners>(&[]).await.json();
    let names: Vec<&str> = owners.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Alex Morgan", "Maya Chen"]);

    // Leo (legal) cannot own a campaign.
    let leo = app::db::user::Entity::find()
        .filter(app::db::user::Column::Email.eq("legal@roster.example"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let leo_id = leo.id.to_string();
    let mut form = form_with(&[]);
    form.push(("input[owner_id]", leo_id.as_str()));
    let r = maya.call::<CreateCampaign>(&form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("owner_id").is_some());
}

#[tokio::test]
async fn the_lifecycle_is_enforced_and_the_archive_is_read_only() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let draft = create(&mut maya).await;

    let r = transition(&mut maya, &draft, "completed").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.error(),
        AppError::Conflict("This campaign is draft: it cannot become completed.".into())
    );

    let active: Campaign = transition(&mut maya, &draft, "active").await.json();
    assert_eq!((active.status, active.version), (CampaignStatus::Active, 2));
    let completed: Campaign = transition(&mut maya, &active, "completed").await.json();
    let archived: Campaign = transition(&mut maya, &completed, "archived").await.json();
    assert_eq!(archived.status, CampaignStatus::Archived);

    // Out of the current list, into the archive.
    let current: Vec<Campaign> = maya
        .call::<ListCampaigns>(&[("shelf", "current")])
        .await
        .json();
    assert!(current.is_empty());
    let shelf: Vec<Campaign> = maya
        .call::<ListCampaigns>(&[("shelf", "archived")])
        .await
        .json();
    assert_eq!(shelf.len(), 1);

    // Nothing changes an archived campaign.
    let id = archived.id.to_string();
    let version = archived.version.to_string();
    let mut edit = vec![("id", id.as_str()), ("version", version.as_str())];
    edit.extend(form_with(&[("input[name]", "Renamed")]));
    let r = maya.call::<UpdateCampaign>(&edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.error(),
        AppError::Conflict("Archived campaigns are read-only.".into())
    );
    assert_eq!(
        transition(&mut maya, &archived, "active").await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let mut alex = app.signed_in("admin@roster.example").await;
    let c = create(&mut maya).await;
    let id = c.id.to_string();
    let v1 = c.version.to_string();

    let mut first = vec![("id", id.as_str()), ("version", v1.as_str())];
    first.extend(form_with(&[("input[budget]", "30000")]));
    let r = alex.call::<UpdateCampaign>(&first).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json::<Campaign>().budget.minor, 3_000_000);

    let mut stale = vec![("id", id.as_str()), ("version", v1.as_str())];
    stale.extend(form_with(&[("input[budget]", "1")]));
    let r = maya.call::<UpdateCampaign>(&stale).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let now: Campaign = maya.call::<GetCampaign>(&[("id", &id)]).await.json();
    assert_eq!(
        now.budget.minor, 3_000_000,
        "the first edit is not silently overwritten"
    );
}

#[tokio::test]
async fn every_change_is_in_the_history_with_who_and_what() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let c = create(&mut maya).await;
    let id = c.id.to_string();
    let version = c.version.to_string();
    let mut edit = vec![("id", id.as_str()), ("version", version.as_str())];
    edit.extend(form_with(&[("input[name]", "Spring launch 2026")]));
    let edited: Campaign = maya.call::<UpdateCampaign>(&edit).await.json();
    transition(&mut maya, &edited, "active").await;

    let mut dana = app.signed_in("director@roster.example").await;
    let history: Vec<HistoryEntry> = dana.call::<CampaignHistory>(&[("id", &id)]).await.json();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        ["campaign.transition", "campaign.update", "campaign.create"]
    );
    assert!(
        history
            .iter()
            .all(|h| h.actor.as_deref() == Some("Maya Chen"))
    );
    let rename = &history[1].changes;
    assert_eq!(rename.len(), 1, "{rename:?}");
    assert_eq!(rename[0].field, "Name");
    assert_eq!(rename[0].after.as_deref(), Some("Spring launch 2026"));
    assert_eq!(history[0].changes[0].field, "Status");
    assert_eq!(history[0].changes[0].after.as_deref(), Some("Active"));
}
