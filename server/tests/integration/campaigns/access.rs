//! Who may read and change campaigns, other organizations, owners, and edits that meet.

use super::*;

#[tokio::test]
async fn legal_and_directors_read_creators_see_nothing() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let c = create(&mut maya).await;
    let id = c.id.to_string();
    let version = c.version.to_string();
    for email in ["legal@roster.example", "director@roster.example"] {
        let mut reader = app.signed_in(email).await;
        assert_eq!(
            reader.call::<GetCampaign>(&[("id", &id)]).await.status,
            StatusCode::OK
        );
        assert_eq!(
            reader
                .call::<ListCampaigns>(&[("shelf", "current")])
                .await
                .status,
            StatusCode::OK
        );
        for r in [
            reader.call::<CreateCampaign>(FORM).await,
            transition(&mut reader, &c, "active").await,
            reader.call::<CampaignOwners>(&[]).await,
        ] {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}: {}", r.text);
        }
        let mut edit = vec![("id", id.as_str()), ("version", version.as_str())];
        edit.extend(FORM.iter().copied());
        assert_eq!(
            reader.call::<UpdateCampaign>(&edit).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let mut sam = app.signed_in("creator@roster.example").await;
    for r in [
        sam.call::<GetCampaign>(&[("id", &id)]).await,
        sam.call::<ListCampaigns>(&[("shelf", "current")]).await,
        sam.call::<CampaignHistory>(&[("id", &id)]).await,
    ] {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
    let r = app.client().call::<GetCampaign>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_organizations_campaigns_are_not_found() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let c = create(&mut maya).await;
    let id = c.id.to_string();
    let version = c.version.to_string();
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    let mut edit = vec![("id", id.as_str()), ("version", version.as_str())];
    edit.extend(FORM.iter().copied());
    for r in [
        olga.call::<GetCampaign>(&[("id", &id)]).await,
        olga.call::<CampaignHistory>(&[("id", &id)]).await,
        olga.call::<UpdateCampaign>(&edit).await,
        transition(&mut olga, &c, "active").await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
        assert_eq!(r.error(), AppError::NotFound("Campaign".into()));
    }
    let theirs: Vec<Campaign> = olga
        .call::<ListCampaigns>(&[("shelf", "current")])
        .await
        .json();
    assert!(theirs.is_empty());
}

#[tokio::test]
async fn reassigning_the_owner_is_recorded_and_omitting_it_keeps_it() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let c = create(&mut maya).await;
    let owners: Vec<Person> = maya.call::<CampaignOwners>(&[]).await.json();
    let alex = owners
        .iter()
        .find(|p| p.name == "Alex Morgan")
        .unwrap()
        .id
        .to_string();
    let (id, v1) = (c.id.to_string(), c.version.to_string());

    let mut edit = vec![("id", id.as_str()), ("version", v1.as_str())];
    edit.extend(form_with(&[]));
    edit.push(("input[owner_id]", alex.as_str()));
    let moved: Campaign = maya.call::<UpdateCampaign>(&edit).await.json();
    assert_eq!(
        moved.owner.as_ref().map(|o| o.name.as_str()),
        Some("Alex Morgan")
    );

    // An edit that does not mention the owner leaves it alone.
    let v2 = moved.version.to_string();
    let mut edit = vec![("id", id.as_str()), ("version", v2.as_str())];
    edit.extend(form_with(&[("input[name]", "Renamed")]));
    let renamed: Campaign = maya.call::<UpdateCampaign>(&edit).await.json();
    assert_eq!(
        renamed.owner.as_ref().map(|o| o.name.as_str()),
        Some("Alex Morgan")
    );

    let history: Vec<HistoryEntry> = maya.call::<CampaignHistory>(&[("id", &id)]).await.json();
    let owner_change = history[1]
        .changes
        .iter()
        .find(|c| c.field == "Owner")
        .expect("owner change");
    assert_eq!(owner_change.before.as_deref(), Some("Maya Chen"));
    assert_eq!(owner_change.after.as_deref(), Some("Alex Morgan"));
}

#[tokio::test]
async fn another_teams_marketing_user_cannot_own_our_campaign() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::new().await;
    let other = common::other_organization_admin(&app).await;
    let olga = app::db::user::Entity::find()
        .filter(app::db::user::Column::Email.eq(other))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let mut maya = app.signed_in("marketing@roster.example").await;
    let mut form = form_with(&[]);
    form.push(("input[owner_id]", olga.as_str()));
    let r = maya.call::<CreateCampaign>(&form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
}

#[tokio::test]
async fn a_status_change_from_a_stale_page_says_someone_changed_it() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let draft = create(&mut maya).await;
    transition(&mut maya, &draft, "active").await;
    // `draft` still carries version 1.
    let r = transition(&mut maya, &draft, "archived").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.error()
            .to_string()
            .contains("Someone changed this campaign"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn two_simultaneous_edits_one_wins_the_other_is_told() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let mut alex = app.signed_in("admin@roster.example").await;
    let c = create(&mut maya).await;
    let (id, v) = (c.id.to_string(), c.version.to_string());
    let mut a = vec![("id", id.as_str()), ("version", v.as_str())];
    a.extend(form_with(&[("input[budget]", "111")]));
    let mut b = vec![("id", id.as_str()), ("version", v.as_str())];
    b.extend(form_with(&[("input[budget]", "222")]));
    let (ra, rb) = tokio::join!(
        maya.call::<UpdateCampaign>(&a),
        alex.call::<UpdateCampaign>(&b)
    );
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        ra.text,
        rb.text
    );
}

#[tokio::test]
async fn creators_cannot_create_or_change_campaigns() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let c = create(&mut maya).await;
    let mut sam = app.signed_in("creator@roster.example").await;
    let (id, v) = (c.id.to_string(), c.version.to_string());
    let mut edit = vec![("id", id.as_str()), ("version", v.as_str())];
    edit.extend(FORM.iter().copied());
    for r in [
        sam.call::<CreateCampaign>(FORM).await,
        sam.call::<UpdateCampaign>(&edit).await,
        transition(&mut sam, &c, "active").await,
        sam.call::<CampaignOwners>(&[]).await,
    ] {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
}
