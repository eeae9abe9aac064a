use super::*;

fn problems(body: &str) -> Vec<(usize, String)> {
    match parse(body.as_bytes()) {
        Err(Unreadable::Rows(rows, _)) => rows.into_iter().map(|r| (r.row, r.field)).collect(),
        other => panic!("expected row problems, got {other:?}"),
    }
}

#[test]
fn rows_are_read_with_their_counts() {
    let readings = parse(
        br#"{"snapshots":[{"deliverable_id":7,"captured_at":"2026-11-20T09:30:00+01:00","reach":1200,"likes":30}],"note":"ignored"}"#,
    )
    .unwrap();
    assert_eq!(readings.len(), 1);
    let r = &readings[0];
    assert_eq!(r.deliverable_id, 7);
    assert_eq!(r.captured_at.to_rfc3339(), "2026-11-20T08:30:00+00:00");
    assert_eq!(
        (r.counts.reach, r.counts.likes, r.counts.views),
        (1200, 30, 0)
    );
}

#[test]
fn every_bad_row_is_named_with_its_fields() {
    let body = r#"{"snapshots":[
        {"deliverable_id":1,"captured_at":"2026-11-20T09:30:00Z"},
        {"deliverable_id":"x","captured_at":"yesterday","reach":1.5,"reech":3},
        [1,2],
        null,
        {"reach":5},
        {"deliverable_id":0,"captured_at":"2026-11-20T09:30:00Z","lik\u0065s":2}
    ]}"#;
    assert_eq!(
        problems(body),
        [
            (2, "deliverable_id".into()),
            (2, "captured_at".into()),
            (2, "reach".into()),
            (2, "reech".into()),
            (3, "row".into()),
            (4, "row".into()),
            (5, "deliverable_id".into()),
            (5, "captured_at".into()),
            (6, "deliverable_id".into()),
        ]
    );
}

#[test]
fn a_body_that_is_not_json_or_has_no_snapshots_array_is_refused_whole() {
    assert!(matches!(
        parse(b"{\"snapshots\": ["),
        Err(Unreadable::Json(_))
    ));
    assert!(matches!(parse(b"nonsense"), Err(Unreadable::Json(_))));
    // Broken after a wrong shape: still not JSON.
    assert!(matches!(
        parse(br#"{"snapshots": 3, ]"#),
        Err(Unreadable::Json(_))
    ));
    let row = r#"{"deliverable_id":1,"captured_at":"2026-11-20T09:30:00Z"}"#;
    for body in [
        "[]".to_string(),
        format!("[[{row}]]"),
        "[[], 1]".into(),
        "{}".into(),
        r#"{"snapshots": {}}"#.into(),
        r#"{"snapshots": 3}"#.into(),
    ] {
        assert_eq!(parse(body.as_bytes()), Err(Unreadable::Shape), "{body}");
    }
    // Named twice, the last "snapshots" counts, as in any JSON object.
    let twice = format!(r#"{{"snapshots": [], "snapshots": [{row}]}}"#);
    assert_eq!(parse(twice.as_bytes()).map(|r| r.len()), Ok(1));
}

#[test]
fn rows_past_the_batch_limit_are_refused_while_reading() {
    let row = r#"{"deliverable_id":1,"captured_at":"2026-11-20T09:30:00Z"}"#;
    let body = |n: usize| format!(r#"{{"snapshots":[{}]}}"#, vec![row; n].join(","));
    assert_eq!(
        parse(body(MAX_BATCH).as_bytes()).map(|r| r.len()),
        Ok(MAX_BATCH)
    );
    assert_eq!(
        parse(body(MAX_BATCH + 1).as_bytes()),
        Err(Unreadable::TooMany)
    );
    // Empty rows are problems, never kept past the limit either.
    let empty = format!(r#"{{"snapshots":[{}]}}"#, vec!["{}"; 200_000].join(","));
    assert_eq!(parse(empty.as_bytes()), Err(Unreadable::TooMany));
    // Still JSON all the way to the end, or not JSON.
    let broken = format!(r#"{{"snapshots":[{}"#, vec!["{}"; MAX_BATCH + 5].join(","));
    assert!(matches!(parse(broken.as_bytes()), Err(Unreadable::Json(_))));
}

#[test]
fn problems_are_listed_up_to_a_bound_and_all_counted() {
    let body = format!(r#"{{"snapshots":[{}]}}"#, vec!["{}"; 500].join(","));
    match parse(body.as_bytes()) {
        Err(Unreadable::Rows(listed, all)) => {
            assert_eq!(listed.len(), MAX_LISTED);
            // Each empty row misses its deliverable and its time.
            assert_eq!(all, 1_000);
            assert_eq!(listed.last().map(|r| r.row), Some(50));
        }
        other => panic!("expected row problems, got {other:?}"),
    }
}
