//! Comment threads over HTTP: they follow their text to a new version or go outdated;
//! who may comment, reply, edit and resolve.

use super::*;

#[tokio::test]
async fn comments_follow_their_text_to_a_new_version_or_go_outdated() {
    let app = TestApp::new().await;
    let mut m = app.signed_in(MARKETING).await;
    let mut legal = app.signed_in(LEGAL).await;
    let mut creator = app.signed_in(CREATOR).await;
    let (_, d) = deliverable(&app, &mut m, &mut creator).await;

    // Browsers send CR LF; the caption keeps LF so offsets mean the same on both sides.
    let v1 = version(
        &mut creator,
        d,
        "Loving the Trail jacket 🌧 Totally waterproof!\r\nMiracle cure for rainy days #ad",
    )
    .await;
    assert!(!v1.caption.contains('\r'));
    let r = comment_on(
        &mut legal,
        &v1,
        "Totally waterproof!",
        "Can we prove this? @marketing",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let legal_thread: i32 = r.json();
    let r = comment_on(&mut m, &v1, "Miracle cure", "Not a medical product.").await;
    let cure_thread: i32 = r.json();
    assert_eq!(notifications_of(&app, MARKETING, "mentioned you").await, 1);
    // A point on an image needs an image of this version; a whole-draft comment needs none.
    let r = add(
        &mut m,
        &v1,
        "Logo?",
        &[("upload_id", "999"), ("x", "10"), ("y", "10")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = add(&mut m, &v1, "Nice energy overall", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = add(&mut m, &v1, "  ", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Half a target, or a quote that is not what the caption holds there, is refused.
    let r = add(&mut m, &v1, "x", &[("start", "5")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = add(
        &mut m,
        &v1,
        "x",
        &[("start", "0"), ("end", "6"), ("quote", "Hating")],
    )
    .await;
    assert!(
        r.error()
            .field("start")
            .unwrap()
            .contains("Select the words again")
    );
    // Offsets outside the caption are refused.
    let r = add(&mut m, &v1, "x", &[("start", "5"), ("end", "500")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The creator replies on their own draft but starts no thread and resolves nothing.
    let r = creator
        .call::<ReplyToComment>(&[
            ("thread_id", &legal_thread.to_string()),
            ("body", "Rated 20,000 mm, see the spec sheet"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(notifications_of(&app, LEGAL, "replied").await, 1);
    assert_eq!(
        comment_on(&mut creator, &v1, "Trail", "Mine").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        resolve(&mut creator, cure_thread).await.status,
        StatusCode::FORBIDDEN
    );
    // Another creator, and another organization, see nothing of it.
    let mut stranger = another_creator(&app).await;
    let r = stranger
        .call::<ReplyToComment>(&[("thread_id", &legal_thread.to_string()), ("body", "hi")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let other = other_organization_admin(&app).await;
    let mut other = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        other
            .call::<GetReview>(&[("id", &d.to_string())])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        comment_on(&mut other, &v1, "Trail", "x").await.status,
        StatusCode::NOT_FOUND
    );

    // A new version: legal's words moved and survive; "Miracle cure" is gone.
    let v2 = version(
        &mut creator,
        d,
        "#ad Out on the ridge today.\nLoving the Trail jacket 🌧 Totally waterproof!\nGreat for rainy days",
    )
    .await;
    let seen = review(&mut m, d).await;
    let thread = |id: i32| seen.threads.iter().find(|t| t.id == id).unwrap().clone();
    let followed = thread(legal_thread).span_on(v2.id).expect("re-anchored");
    assert_eq!(followed.of(&v2.caption), "Totally waterproof!");
    assert_eq!(thread(legal_thread).comments.len(), 2);
    let gone = thread(cure_thread);
    assert!(gone.outdated);
    assert_eq!(gone.span_on(v2.id), None);
    assert_eq!(
        gone.span_on(v1.id).unwrap().of(&v1.caption),
        "Miracle cure",
        "an outdated comment still reads against its version"
    );
    // The creator reads the thread they answered, on its new words. (Not every thread:
    // which ones a creator sees is the reviewers' choice, not this test's.)
    let theirs = review(&mut creator, d).await;
    let answered = theirs.threads.iter().find(|t| t.id == legal_thread);
    let on_v2 = answered
        .and_then(|t| t.span_on(v2.id))
        .expect("the thread they answered");
    assert_eq!(on_v2.of(&v2.caption), "Totally waterproof!");
    // A thread started on the older version follows its words onto the newest at once.
    let late: i32 = comment_on(&mut m, &v1, "Loving the Trail jacket", "Say its full name")
        .await
        .json();
    let seen = review(&mut m, d).await;
    let late = seen.threads.iter().find(|t| t.id == late).unwrap();
    assert_eq!(
        late.span_on(v2.id).unwrap().of(&v2.caption),
        "Loving the Trail jacket"
    );
    // Directors comment but do not close threads.
    let mut director = app.signed_in(DIRECTOR).await;
    assert_eq!(
        resolve(&mut director, legal_thread).await.status,
        StatusCode::FORBIDDEN
    );

    // Authors edit and delete their own comments only.
    let edit = |id: i32, body: &'static str| {
        vec![("comment_id", id.to_string()), ("body", body.to_string())]
    };
    let args = edit(legal_thread, "Can we prove the rating?");
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        m.call::<EditComment>(&args).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        legal.call::<EditComment>(&args).await.status,
        StatusCode::OK
    );
    let r = m
        .call::<DeleteComment>(&[("comment_id", &cure_thread.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let seen = review(&mut legal, d).await;
    let t = seen.threads.iter().find(|t| t.id == legal_thread).unwrap();
    assert!(t.comments[0].edited && t.comments[0].mine);
    assert_eq!(t.comments[0].body, "Can we prove the rating?");
    let deleted = seen.threads.iter().find(|t| t.id == cure_thread).unwrap();
    assert!(deleted.comments[0].deleted && deleted.comments[0].body.is_empty());

    // Resolved threads stay where they were.
    assert_eq!(
        resolve(&mut legal, legal_thread).await.status,
        StatusCode::OK
    );
    let v3 = version(
        &mut creator,
        d,
        "#ad Totally waterproof! Loving the Trail jacket",
    )
    .await;
    let seen = review(&mut m, d).await;
    let t = seen.threads.iter().find(|t| t.id == legal_thread).unwrap();
    assert!(t.resolved && t.span_on(v3.id).is_none() && t.span_on(v2.id).is_some());
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("comment."))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 8, "4 added, 1 reply, 1 edit, 1 delete, 1 resolve");
}
