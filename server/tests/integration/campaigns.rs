//! Campaigns over HTTP: create, edit, the status lifecycle, the archive, history, and who
//! may do what.

use crate::common;
use crate::common::{Client, TestApp};
use app::campaigns::api::{
    CampaignHistory, CampaignOwners, CreateCampaign, GetCampaign, ListCampaigns,
    TransitionCampaign, UpdateCampaign,
};
use app::campaigns::{Campaign, Person};
use app::domain::campaign::CampaignStatus;
use app::domain::history::HistoryEntry;
use app::error::AppError;
use axum::http::StatusCode;

const FORM: &[(&str, &str)] = &[
    ("input[name]", "Spring launch"),
    ("input[objective]", "awareness"),
    ("input[currency]", "EUR"),
    ("input[budget]", "25,000.50"),
    ("input[starts_on]", "2026-03-01"),
    ("input[ends_on]", "2026-04-30"),
    ("input[target_reach]", "500000"),
    ("input[target_engagement]", "3.5"),
    ("input[target_creators]", "20"),
];

fn form_with<'a>(changes: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    FORM.iter()
        .map(|(k, v)| {
            let v = changes
                .iter()
                .find(|(ck, _)| ck == k)
                .map(|(_, cv)| *cv)
                .unwrap_or(*v);
            (*k, v)
        })
        .collect()
}

async fn create(c: &mut Client) -> Campaign {
    let r = c.call::<CreateCampaign>(FORM).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn transition(c: &mut Client, campaign: &Campaign, to: &str) -> common::Reply {
    let (id, version) = (campaign.id.to_string(), campaign.version.to_string());
    c.call::<TransitionCampaign>(&[("id", &id), ("version", &version), ("to", to)])
        .await
}

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
