//! The ingest API: tokens, who may post, retries, bad input and batch limits.

use super::*;

#[tokio::test]
async fn only_admins_manage_tokens_and_a_token_is_shown_once() {
    let app = TestApp::new().await;
    let secret = token(&app, ADMIN).await;
    let mut admin = app.signed_in(ADMIN).await;
    let listed: Vec<ApiToken> = admin.call::<ListApiTokens>(&[]).await.json();
    assert_eq!(listed.len(), 1);
    assert!(!serde_json::to_string(&listed).unwrap().contains(&secret));
    let stored = app::db::api_token::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    // Only the secret's SHA-256 is kept (worked out here, not by the code under test).
    let digest: String = sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(stored.token_hash, digest);
    let kept = serde_json::to_string(&stored.hint).unwrap();
    assert!(!kept.contains(&secret[4..]), "the hint is not the secret");
    assert_eq!(
        admin.call::<CreateApiToken>(&[("name", "  ")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for who in [MARKETING, DIRECTOR] {
        let mut c = app.signed_in(who).await;
        assert_eq!(
            c.call::<ListApiTokens>(&[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            c.call::<CreateApiToken>(&[("name", "x")]).await.status,
            StatusCode::FORBIDDEN
        );
        let id = listed[0].id.to_string();
        assert_eq!(
            c.call::<RevokeApiToken>(&[("id", &id)]).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn ingest_needs_a_live_token_of_the_deliverables_organization() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let body = batch(&f);
    let missing = ingest(&app, None, Some("k1"), &body).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED, "{}", missing.text);
    assert!(missing.text.contains("Bearer"));
    let wrong = ingest(&app, Some("rst_not-a-token"), Some("k1"), &body).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    // Another organization's token does not reach this organization's deliverables.
    let other_admin = other_organization_admin(&app).await;
    let other = token(&app, &other_admin).await;
    let foreign = ingest(&app, Some(&other), Some("k1"), &body).await;
    assert_eq!(
        foreign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign.text
    );
    assert!(foreign.text.contains("was not found"));

    let secret = token(&app, ADMIN).await;
    let no_key = ingest(&app, Some(&secret), None, &body).await;
    assert_eq!(no_key.status, StatusCode::BAD_REQUEST);
    assert!(no_key.text.contains("Idempotency-Key"));
    assert_eq!(snapshots(&app).await, 0);

    let ok = ingest(&app, Some(&secret), Some("k1"), &body).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    assert_eq!(snapshots(&app).await, 4);

    // Revoked: refused from then on.
    let mut admin = app.signed_in(ADMIN).await;
    let listed: Vec<ApiToken> = admin.call::<ListApiTokens>(&[]).await.json();
    let mine = listed.iter().find(|t| t.revoked_at.is_none()).unwrap();
    assert!(mine.last_used_at.is_some());
    let id = mine.id.to_string();
    assert_eq!(
        admin.call::<RevokeApiToken>(&[("id", &id)]).await.status,
        StatusCode::OK
    );
    let revoked = ingest(&app, Some(&secret), Some("k2"), &body).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(snapshots(&app).await, 4);
}

#[tokio::test]
async fn a_retried_batch_counts_once() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let body = batch(&f);
    let first = ingest(&app, Some(&secret), Some("batch-7"), &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = ingest(&app, Some(&secret), Some("batch-7"), &body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.text, first.text);
    assert_eq!(snapshots(&app).await, 4);
    let d = dashboard(&app, DIRECTOR, f.campaign_id).await;
    assert_eq!(d.counts.reach, 200_000);

    // The same key for other data is a mistake, not a retry.
    let other = body.replace("50000", "50001");
    let reused = ingest(&app, Some(&secret), Some("batch-7"), &other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(snapshots(&app).await, 4);
}

#[tokio::test]
async fn bad_json_and_bad_rows_write_nothing() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let send = |key: &'static str, body: String| {
        let (app, secret) = (&app, secret.clone());
        async move { ingest(app, Some(&secret), Some(key), &body).await }
    };
    let broken = send("a", "{\"snapshots\": [".into()).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.text.contains("not valid JSON"));
    let shape = send("b", "[1, 2]".into()).await;
    assert_eq!(shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    let empty = send("c", json!({ "snapshots": [] }).to_string()).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let [a, ..] = f.deliverables;
    let rows = json!({ "snapshots": [
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": 10 },
        { "deliverable_id": a, "captured_at": "yesterday", "reach": -5, "likez": 3 },
        { "captured_at": "2026-05-10T10:00:00Z" },
        { "deliverable_id": 999_999, "captured_at": "2026-05-10T10:00:00Z" },
        { "deliverable_id": a, "captured_at": "2027-01-01T00:00:00Z", "likes": 1.5 },
    ]});
    let r = send("d", rows.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let v: Value = serde_json::from_str(&r.text).unwrap();
    let refused: Vec<(u64, String)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        (2, "captured_at"),
        (2, "likez"),
        (3, "deliverable_id"),
        (5, "likes"),
    ] {
        assert!(
            refused.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} in {refused:?}"
        );
    }
    assert!(!refused.iter().any(|(row, _)| *row == 1));
    // Rows that parse are still checked before anything is written.
    let checked = json!({ "snapshots": [
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": 10 },
        { "deliverable_id": a, "captured_at": "2026-05-10T10:00:00Z", "reach": -5 },
        { "deliverable_id": 999_999, "captured_at": "2026-05-10T10:00:00Z" },
        { "deliverable_id": a, "captured_at": "2027-01-01T00:00:00Z" },
        { "deliverable_id": a, "captured_at": "0001-01-01T00:00:00Z" },
    ]});
    let r = send("e", checked.to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    for needle in [
        "\"row\":2",
        "\"row\":3",
        "\"row\":4",
        "\"row\":5",
        "in the future",
        "before 2000",
        "was not found",
    ] {
        assert!(r.text.contains(needle), "{needle} in {}", r.text);
    }
    assert_eq!(snapshots(&app).await, 0);
    // A refused key stays free for the corrected batch.
    let fixed = send("e", batch(&f)).await;
    assert_eq!(fixed.status, StatusCode::CREATED, "{}", fixed.text);
}

#[tokio::test]
async fn a_batch_over_the_row_limit_is_refused_whole_with_a_bounded_answer() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = token(&app, ADMIN).await;
    let [a, ..] = f.deliverables;
    let start = chrono::DateTime::parse_from_rfc3339("2026-05-10T00:00:00Z").unwrap();
    let rows = |n: usize| {
        let rows: Vec<Value> = (0..n as i64)
            .map(|i| {
                let at = start + chrono::Duration::seconds(i);
                json!({ "deliverable_id": a, "captured_at": at.to_rfc3339(), "reach": 10 + i })
            })
            .collect();
        json!({ "snapshots": rows }).to_string()
    };
    let over = ingest(&app, Some(&secret), Some("over"), &rows(10_001)).await;
    assert_eq!(over.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", over.text);
    assert!(
        over.text.contains("at most 10000 snapshots"),
        "{}",
        over.text
    );
    // Empty rows cost nothing to refuse: about a megabyte of them, no list of them back.
    let empty = format!("{{\"snapshots\":[{}]}}", vec!["{}"; 300_000].join(","));
    let r = ingest(&app, Some(&secret), Some("empty"), &empty).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
    // Broken rows under the limit: every problem counted, the first hundred listed.
    let broken = format!("{{\"snapshots\":[{}]}}", vec!["{}"; 2_000].join(","));
    let r = ingest(&app, Some(&secret), Some("broken"), &broken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = serde_json::from_str(&r.text).unwrap();
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(100));
    assert!(r.text.contains("4000 problems"), "{}", r.text);
    assert_eq!(snapshots(&app).await, 0);
    // Exactly at the limit is a batch.
    let at = ingest(&app, Some(&secret), Some("at"), &rows(10_000)).await;
    assert_eq!(at.status, StatusCode::CREATED, "{}", at.text);
}
