//! Compliance checks, the revision policy and the review queue, as the brief sets them.

use super::*;

#[tokio::test]
async fn checks_policy_and_queue_follow_the_brief() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (entry, d) = deliverable(&app, &mut m, &mut creator).await;
    let mut args = brief_args(&entry.campaign_id.to_string(), None, "Launch");
    args.retain(|(k, _)| !k.contains("revision_rounds") && !k.contains("turnaround"));
    for (k, v) in [
        ("input[revision_rounds]", "1"),
        ("input[turnaround_hours]", "24"),
        ("input[hashtags]", "#TrailReady"),
        ("input[do_not_say]", "cure"),
        ("input[talking_points]", "Waterproof to 20,000 mm"),
    ] {
        args.push((k.into(), v.into()));
    }
    let r = call_owned::<SaveBrief>(&mut m, &args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let v1 = version(
        &mut creator,
        d,
        "A Cure for rain.\nLine two\nLine three\n#ad",
    )
    .await;
    let seen = review(&mut m, d).await;
    let failed: Vec<CheckKind> = seen
        .checks_of(v1.id)
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        failed,
        [
            CheckKind::Disclosure,
            CheckKind::Hashtags,
            CheckKind::DoNotSay,
            CheckKind::TalkingPoints
        ]
    );
    assert_eq!(seen.turnaround_hours, 24);

    // Each lane's queue, longest waiting first; late past the turnaround target.
    let waiting = queue(&mut legal).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].lane, waiting[0].wait.breached),
        (Lane::Legal, false)
    );
    app.clock.advance(chrono::Duration::hours(25));
    let waiting = queue(&mut legal).await;
    assert!(waiting[0].wait.breached && waiting[0].wait.minutes == 25 * 60);
    assert_eq!(
        decide(
            &mut legal,
            d,
            v1.id,
            "legal",
            "changes_requested",
            "Move #ad up"
        )
        .await
        .status,
        StatusCode::OK
    );
    assert!(queue(&mut legal).await.is_empty());
    assert_eq!(queue(&mut m).await.len(), 1, "marketing still has it");
    let mut director = app.signed_in("director@roster.example").await;
    assert_eq!(
        queue(&mut director).await.len(),
        1,
        "directors see both lanes"
    );
    let seen = review(&mut m, d).await;
    let legal_lane = seen.lanes.iter().find(|l| l.lane == Lane::Legal).unwrap();
    assert!(legal_lane.wait.unwrap().breached && !legal_lane.wait.unwrap().open);

    // Revision rounds past the brief's policy warn marketing.
    version(&mut creator, d, "#ad v2").await;
    assert!(!review(&mut m, d).await.over_policy());
    version(&mut creator, d, "#ad v3").await;
    let seen = review(&mut m, d).await;
    assert!(seen.over_policy());
    assert!(queue(&mut m).await[0].over_policy);
}

#[tokio::test]
async fn a_draft_posted_live_before_approval_stays_in_the_review_queue() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;
    version(&mut creator, d, "Out now #ad").await;
    assert_eq!(queue(&mut legal).await.len(), 1);
    let r = creator
        .call::<app::deliverables::api::SubmitLiveLink>(&[
            ("deliverable_id", &d.to_string()),
            ("live_url", "https://instagram.example/p/early"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let waiting = queue(&mut legal).await;
    assert_eq!(waiting.len(), 1, "still to review, live or not");
}

#[tokio::test]
async fn the_queue_puts_the_longest_waiting_draft_first_and_flags_the_late_one() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (entry, _) = deliverable(&app, &mut m, &mut creator).await;
    let args = brief_args(&entry.campaign_id.to_string(), None, "Launch");
    let r = call_owned::<SaveBrief>(&mut m, &args).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let seen: app::collaboration::Collaboration = creator
        .call::<app::collaboration::api::GetCollaboration>(&[("entry_id", &entry.id.to_string())])
        .await
        .json();
    let (first, second) = (seen.deliverables[0].id, seen.deliverables[1].id);
    // The second deliverable is sent in first: the queue's order is not the ids' order.
    version(&mut creator, second, "Early take #ad").await;
    app.clock.advance(chrono::Duration::hours(47));
    version(&mut creator, first, "Late take #ad").await;
    app.clock.advance(chrono::Duration::hours(2));

    let waiting = queue(&mut legal).await;
    let order: Vec<(i32, i64, bool)> = waiting
        .iter()
        .map(|q| (q.deliverable_id, q.wait.minutes, q.wait.breached))
        .collect();
    // The brief's turnaround is 48 hours: 49 is late, 2 is not.
    assert_eq!(order, [(second, 49 * 60, true), (first, 2 * 60, false)]);
    // A new version of the early draft starts its wait again: it goes to the back.
    version(&mut creator, second, "Early take, again #ad").await;
    app.clock.advance(chrono::Duration::minutes(5));
    let ids: Vec<i32> = queue(&mut legal)
        .await
        .iter()
        .map(|q| q.deliverable_id)
        .collect();
    assert_eq!(ids, [first, second]);
}
