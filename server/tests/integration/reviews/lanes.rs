//! The two review lanes over HTTP: each decides only for its role, and both approve the
//! same version.

use super::*;

#[tokio::test]
async fn both_lanes_approve_the_same_version_and_each_decides_only_its_own() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut director = app.signed_in(DIRECTOR).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    let v1 = version(&mut creator, d, "#ad First take").await;

    // Each role decides in its lane only.
    for (c, lane) in [
        (&mut legal, "marketing"),
        (&mut m, "legal"),
        (&mut director, "marketing"),
        (&mut creator, "marketing"),
    ] {
        let r = decide(c, d, v1.id, lane, "approved", "").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{lane}: {}", r.text);
    }
    let r = decide(&mut director, d, v1.id, "legal", "approved", "").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Approving needs the whole checklist; asking for changes needs a word on what.
    let r = m
        .call::<Decide>(&[
            ("deliverable_id", &d.to_string()),
            ("version_id", &v1.id.to_string()),
            ("lane", "marketing"),
            ("verdict", "approved"),
            ("checked", "claims,visuals"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.error()
            .field("checked")
            .unwrap()
            .contains("Fits the brand values")
    );
    let r = decide(&mut legal, d, v1.id, "legal", "changes_requested", " ").await;
    assert_eq!(
        r.error().field("note").as_deref(),
        Some("Say what should change.")
    );

    let r = decide(&mut m, d, v1.id, "marketing", "approved", "").await;
    assert_eq!(r.json::<Status>(), Status::InReview);
    let r = decide(
        &mut legal,
        d,
        v1.id,
        "legal",
        "changes_requested",
        "Say 'rated to 20,000 mm'",
    )
    .await;
    assert_eq!(r.json::<Status>(), Status::ChangesRequested);
    assert_eq!(
        notifications_of(&app, CREATOR, "asked for changes").await,
        1
    );

    // A new version starts both lanes over; the old version can no longer be decided.
    let v2 = version(&mut creator, d, "#ad Rated to 20,000 mm").await;
    let seen = review(&mut m, d).await;
    assert_eq!(seen.status, Status::InReview);
    assert!(seen.lanes.iter().all(|l| l.current.is_none()));
    assert_eq!(seen.history.len(), 2);
    let r = decide(&mut legal, d, v1.id, "legal", "approved", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = decide(&mut legal, d, v2.id, "legal", "approved", "").await;
    assert_eq!(r.json::<Status>(), Status::InReview);
    let r = decide(&mut m, d, v2.id, "marketing", "approved", "Great").await;
    assert_eq!(r.json::<Status>(), Status::Approved);

    // Approved: frozen for versions and decisions, and the creator is told.
    let row = deliverable::Entity::find_by_id(d)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.approved_version_id, Some(v2.id));
    assert_eq!(
        submit(&mut creator, d, "#ad v3", &[]).await.status,
        StatusCode::CONFLICT
    );
    let r = decide(&mut legal, d, v2.id, "legal", "changes_requested", "wait").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(notifications_of(&app, CREATOR, "is approved").await, 1);
    let seen = review(&mut creator, d).await;
    assert_eq!(seen.status, Status::Approved);
    assert_eq!(seen.my_lane, None);
    let audited = |action: &'static str| {
        audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq(action))
            .count(&app.state.db)
    };
    assert_eq!(audited("review.decide").await.unwrap(), 4);
    assert_eq!(audited("draft.approve").await.unwrap(), 1);
}
