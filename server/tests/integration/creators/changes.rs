//! Changing creators: bad input, duplicates, versions and channels, deleting, the demo's
//! creators, and who may not change them.

use super::*;

#[tokio::test]
async fn bad_input_names_each_problem_and_writes_nothing() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let r = maya
        .call::<CreateCreator>(&[
            ("input[name]", ""),
            ("input[email]", "nope"),
            ("input[country]", "Brazil"),
            ("input[rate]", "12"),
            ("input[channel][platform]", "myspace"),
            ("input[channel][url]", "javascript:alert(1)"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = r.error();
    for field in [
        "name",
        "email",
        "country",
        "rate",
        "channel.platform",
        "channel.url",
    ] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    assert_eq!(search(&mut maya, &[]).await.total, 0);
}

#[tokio::test]
async fn the_same_email_or_handle_twice_is_refused_with_who_has_it() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    create(&mut maya, ANA).await;
    let r = maya
        .call::<CreateCreator>(&[
            ("input[name]", "Ana 2"),
            ("input[email]", "ANA@example.com"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.error().field("email").as_deref(),
        Some("Ana Souza already has this email.")
    );
    let r = maya
        .call::<CreateCreator>(&[
            ("input[name]", "Ana 3"),
            ("input[channel][platform]", "Instagram"),
            ("input[channel][handle]", "ana.MAKES"),
            ("input[channel][followers]", "10"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.error()
            .field("channel.handle")
            .unwrap()
            .contains("Ana Souza")
    );
    assert_eq!(search(&mut maya, &[]).await.total, 1);
}

#[tokio::test]
async fn edits_check_the_version_and_channels_keep_totals_in_step() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let ana = create(&mut maya, ANA).await;
    let id = ana.id.to_string();
    let r = maya
        .call::<AddChannel>(&[
            ("id", &id),
            ("version", "1"),
            ("input[platform]", "tiktok"),
            ("input[handle]", "ana.tok"),
            ("input[followers]", "151.8k"),
            ("input[engagement]", "6"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ana: Creator = r.json();
    assert_eq!(ana.followers, 200_000);
    // (48,200 × 3.4 % + 151,800 × 6 %) / 200,000 = 5.37 %.
    assert_eq!(ana.engagement_bp, Some(537));
    assert_eq!(ana.version, 2);
    // One channel per platform: a second TikTok is refused, clearly.
    let r = maya
        .call::<AddChannel>(&[
            ("id", &id),
            ("version", "2"),
            ("input[platform]", "tiktok"),
            ("input[handle]", "ana.other"),
            ("input[followers]", "10"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().field("platform").unwrap().contains("@ana.tok"));
    // An edit from the old version is refused.
    let mut args = vec![("id", id.as_str()), ("version", "1")];
    args.extend(ANA.iter().copied());
    let r = maya.call::<UpdateCreator>(&args).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);

    let tiktok = ana
        .channels
        .iter()
        .find(|c| c.handle == "ana.tok")
        .unwrap()
        .id
        .to_string();
    let r = maya
        .call::<RemoveChannel>(&[("id", &id), ("version", "2"), ("channel_id", &tiktok)])
        .await;
    let ana: Creator = r.json();
    assert_eq!((ana.followers, ana.engagement_bp), (48_200, Some(340)));
    let history: Vec<HistoryEntry> = maya.call::<CreatorHistory>(&[("id", &id)]).await.json();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "creator.remove_channel",
            "creator.add_channel",
            "creator.create"
        ]
    );
    assert!(history[1].changes.iter().any(|c| c.field == "Channels"));
}
#[tokio::test]
async fn a_creator_without_collaborations_can_be_deleted() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let ana = create(&mut maya, ANA).await;
    let id = ana.id.to_string();
    let r = maya
        .call::<DeleteCreator>(&[("id", &id), ("version", "7")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = maya
        .call::<DeleteCreator>(&[("id", &id), ("version", "1")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.location.as_deref(), Some("/creators"));
    assert_eq!(
        maya.call::<GetCreator>(&[("id", &id)]).await.status,
        StatusCode::NOT_FOUND
    );
    // The trail outlives the creator.
    let events = app::db::audit_event::Entity::find()
        .filter(app::db::audit_event::Column::Action.eq("creator.delete"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
}

#[tokio::test]
async fn the_demo_workspace_comes_with_creators_and_campaigns() {
    use sea_orm::PaginatorTrait;
    let (db, _dir) = common::fresh_db().await;
    assert!(
        server::demo::seed_if_empty(&db, common::start_time(), true)
            .await
            .unwrap()
    );
    let creators = app::db::creator::Entity::find().count(&db).await.unwrap();
    let campaigns = app::db::campaign::Entity::find().count(&db).await.unwrap();
    let entries = app::db::pipeline_entry::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert!(
        creators >= 10 && campaigns >= 3 && entries >= 5,
        "{creators} {campaigns} {entries}"
    );
    // Totals are kept like any other creator's.
    let ana = app::db::creator::Entity::find()
        .filter(app::db::creator::Column::Name.eq("Ana Souza"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ana.followers, 200_000);
    assert!(ana.search_text.contains("ana.trails"));
    // Live posts have weeks of readings, labelled as the simulator's (invented).
    let readings = app::db::metric_snapshot::Entity::find()
        .all(&db)
        .await
        .unwrap();
    assert!(readings.len() >= 30, "{}", readings.len());
    assert!(readings.iter().all(|r| r.source == "simulator"));
    let latest = app::db::metric_latest::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(
        latest, 6,
        "three live posts, three from the winter campaign"
    );
    // Seeding again does nothing.
    assert!(
        !server::demo::seed_if_empty(&db, common::start_time(), true)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn every_change_is_refused_to_readers_and_strangers() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let ana = create(&mut maya, ANA).await;
    let (id, channel) = (ana.id.to_string(), ana.channels[0].id.to_string());
    let mut update = vec![("id", id.as_str()), ("version", "1")];
    update.extend(ANA.iter().copied());
    let add = [
        ("id", id.as_str()),
        ("version", "1"),
        ("input[platform]", "tiktok"),
        ("input[handle]", "new"),
        ("input[followers]", "5"),
    ];
    let remove = [
        ("id", id.as_str()),
        ("version", "1"),
        ("channel_id", channel.as_str()),
    ];
    let delete = [("id", id.as_str()), ("version", "1")];
    let who = [
        ("legal@roster.example", StatusCode::FORBIDDEN),
        ("director@roster.example", StatusCode::FORBIDDEN),
        ("creator@roster.example", StatusCode::FORBIDDEN),
    ];
    for (email, expected) in who {
        let mut c = app.signed_in(email).await;
        for r in [
            c.call::<CreateCreator>(ANA).await,
            c.call::<UpdateCreator>(&update).await,
            c.call::<AddChannel>(&add).await,
            c.call::<RemoveChannel>(&remove).await,
            c.call::<DeleteCreator>(&delete).await,
        ] {
            assert_eq!(r.status, expected, "{email}: {}", r.text);
        }
    }
    let mut nobody = app.client();
    for r in [
        nobody.call::<UpdateCreator>(&update).await,
        nobody.call::<RemoveChannel>(&remove).await,
        nobody.call::<GetCreator>(&[("id", &id)]).await,
    ] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        olga.call::<RemoveChannel>(&remove).await.status,
        StatusCode::NOT_FOUND
    );
    // Nothing changed.
    let ana: Creator = maya.call::<GetCreator>(&[("id", &id)]).await.json();
    assert_eq!((ana.version, ana.channels.len()), (1, 1));
    // The niche suggestions are the organization's own.
    let mine: Vec<String> = maya.call::<CreatorNiches>(&[]).await.json();
    assert_eq!(mine, ["beauty", "skincare"]);
    let theirs: Vec<String> = olga.call::<CreatorNiches>(&[]).await.json();
    assert!(theirs.is_empty());
    let mut legal = app.signed_in("legal@roster.example").await;
    assert_eq!(
        legal.call::<CreatorNiches>(&[]).await.status,
        StatusCode::OK
    );
    let mut sam = app.signed_in("creator@roster.example").await;
    assert_eq!(
        sam.call::<CreatorNiches>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
}
