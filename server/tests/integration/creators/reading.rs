//! Adding a creator, and who reads what of them.

use super::*;

#[tokio::test]
async fn marketing_adds_a_creator_with_a_channel_and_onboarding_data() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let r = maya.call::<CreateCreator>(ANA).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ana: Creator = r.json();
    assert_eq!(r.location, Some(format!("/creators/{}", ana.id)));
    assert_eq!(ana.niches, vec!["beauty", "skincare"]);
    assert_eq!(ana.channels[0].handle, "ana.makes");
    assert_eq!((ana.followers, ana.engagement_bp), (48_200, Some(340)));
    let onboarding = ana.onboarding.expect("marketing sees onboarding");
    assert_eq!(onboarding.legal_name.as_deref(), Some("Ana Paula Souza"));

    let history: Vec<HistoryEntry> = maya
        .call::<CreatorHistory>(&[("id", &ana.id.to_string())])
        .await
        .json();
    assert_eq!(history[0].action, "creator.create");
    assert_eq!(history[0].actor.as_deref(), Some("Maya Chen"));
}

#[tokio::test]
async fn legal_and_directors_read_without_onboarding_data_and_cannot_write() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let ana = create(&mut maya, ANA).await;
    let id = ana.id.to_string();
    // A change to onboarding data, so the history has something to hide.
    let mut edit: Vec<(&str, &str)> = ANA.to_vec();
    edit.retain(|(k, _)| !k.starts_with("input[channel]"));
    edit.iter_mut()
        .filter(|(k, _)| *k == "input[tax_id]")
        .for_each(|kv| kv.1 = "BR-999");
    let mut args = vec![("id", id.as_str()), ("version", "1")];
    args.extend(edit.iter().copied());
    let r = maya.call::<UpdateCreator>(&args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    for who in ["legal@roster.example", "director@roster.example"] {
        let mut reader = app.signed_in(who).await;
        let seen: Creator = reader.call::<GetCreator>(&[("id", &id)]).await.json();
        assert_eq!(seen.onboarding, None, "{who}");
        assert_eq!(seen.name, "Ana Souza");
        let history: Vec<HistoryEntry> = reader.call::<CreatorHistory>(&[("id", &id)]).await.json();
        let change = history[0]
            .changes
            .iter()
            .find(|c| c.field == "Onboarding.Tax id")
            .expect("the change is listed");
        assert_eq!(change.after.as_deref(), Some("(hidden)"), "{who}");
        // Not in any entry either: not in the creation's snapshot, not in the raw reply.
        let raw = reader.call::<CreatorHistory>(&[("id", &id)]).await.text;
        for secret in ["Ana Paula Souza", "BR-123", "BR-999"] {
            assert!(!raw.contains(secret), "{who} sees {secret}: {raw}");
        }
        assert_eq!(names(&search(&mut reader, &[]).await), vec!["Ana Souza"]);
        for r in [
            reader.call::<CreateCreator>(ANA).await,
            reader
                .call::<DeleteCreator>(&[("id", &id), ("version", "2")])
                .await,
        ] {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.text);
        }
    }
    let history: Vec<HistoryEntry> = maya.call::<CreatorHistory>(&[("id", &id)]).await.json();
    let change = history[0]
        .changes
        .iter()
        .find(|c| c.field == "Onboarding.Tax id")
        .unwrap();
    assert_eq!(change.after.as_deref(), Some("BR-999"));

    let mut sam = app.signed_in("creator@roster.example").await;
    assert_eq!(
        sam.call::<GetCreator>(&[("id", &id)]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sam.call::<SearchCreators>(&[]).await.status,
        StatusCode::FORBIDDEN
    );
    let mut nobody = app.client();
    assert_eq!(
        nobody.call::<SearchCreators>(&[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn another_organization_finds_nothing() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let ana = create(&mut maya, ANA).await;
    let id = ana.id.to_string();
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        olga.call::<GetCreator>(&[("id", &id)]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        olga.call::<CreatorHistory>(&[("id", &id)]).await.status,
        StatusCode::NOT_FOUND
    );
    let mut args = vec![("id", id.as_str()), ("version", "1")];
    args.extend(ANA.iter().copied());
    assert_eq!(
        olga.call::<UpdateCreator>(&args).await.status,
        StatusCode::NOT_FOUND
    );
    let channel = [
        ("id", id.as_str()),
        ("version", "1"),
        ("input[platform]", "tiktok"),
        ("input[handle]", "x"),
        ("input[followers]", "5"),
    ];
    assert_eq!(
        olga.call::<AddChannel>(&channel).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        olga.call::<DeleteCreator>(&[("id", &id), ("version", "1")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(search(&mut olga, &[]).await.total, 0);
    // The same email and handle are free in another organization.
    create(&mut olga, ANA).await;
}
