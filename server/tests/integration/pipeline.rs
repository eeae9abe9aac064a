//! Moving cards on a campaign's pipeline: stages, order, the rules, conflicts, and who may.

use crate::common;
use crate::common::TestApp;
use crate::common::pipeline::{board, column, entries_of, entry, move_to};
use app::campaigns::api::TransitionCampaign;
use app::domain::pipeline::Stage;
use app::pipeline::Entry;
use axum::http::StatusCode;

#[tokio::test]
async fn cards_move_between_stages_and_keep_their_order() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (campaign, entries) = board(&mut maya).await;
    assert_eq!(column(&entries, Stage::Shortlisted), ["Ana", "Ben", "Cleo"]);

    // Cleo to the top of her column: the answer is her card as saved.
    let r = move_to(&mut maya, entry(&entries, "Cleo"), "shortlisted", 0).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let cleo: Entry = r.json();
    assert_eq!((cleo.creator_name.as_str(), cleo.version), ("Cleo", 2));
    let entries = entries_of(&mut maya, campaign.id).await;
    assert_eq!(column(&entries, Stage::Shortlisted), ["Cleo", "Ana", "Ben"]);

    // Ben and then Ana to Contacted, Ana above Ben, at a moment with a fraction of a second.
    app.clock.advance(chrono::Duration::microseconds(250_001));
    move_to(&mut maya, entry(&entries, "Ben"), "contacted", 0).await;
    let r = move_to(&mut maya, entry(&entries, "Ana"), "contacted", 0).await;
    let ana: Entry = r.json();
    assert_eq!((ana.stage, ana.version), (Stage::Contacted, 2));
    assert_eq!(
        (ana.stage_changed_at, ana.days_in_stage),
        (app.clock.now(), 0)
    );
    assert_eq!(
        ana.owner.as_ref().map(|o| o.name.as_str()),
        Some("Maya Chen")
    );
    let entries = entries_of(&mut maya, campaign.id).await;
    assert_eq!(column(&entries, Stage::Contacted), ["Ana", "Ben"]);
    assert_eq!(column(&entries, Stage::Shortlisted), ["Cleo"]);
    assert_eq!(
        entry(&entries, "Ana"),
        &ana,
        "the answer is the card as the board shows it"
    );

    // The mover stores times exactly as every other writer does (SQLite compares them as
    // text): Ana's outreach task was written through sqlx at the moment of her move.
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let stored = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT CAST(e.stage_changed_at AS TEXT) AS moved, CAST(t.created_at AS TEXT) AS tasked \
                 FROM pipeline_entry e JOIN task t ON t.pipeline_entry_id = e.id WHERE e.id = {}",
                ana.id
            ),
        ))
        .await
        .unwrap()
        .unwrap();
    let moved: String = stored.try_get("", "moved").unwrap();
    assert!(moved.contains(".250001"), "{moved}");
    assert_eq!(moved, stored.try_get::<String>("", "tasked").unwrap());

    // An index past the end puts the card last.
    move_to(&mut maya, entry(&entries, "Cleo"), "contacted", 99).await;
    let entries = entries_of(&mut maya, campaign.id).await;
    assert_eq!(column(&entries, Stage::Contacted), ["Ana", "Ben", "Cleo"]);

    // Every move is in the audit trail.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let moves = app::db::audit_event::Entity::find()
        .filter(app::db::audit_event::Column::Action.eq("pipeline_entry.move"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(moves, 4);
}

#[tokio::test]
async fn stage_rules_are_enforced_with_clear_messages() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (spring, entries) = board(&mut maya).await;
    let stored_campaign = || async {
        use sea_orm::EntityTrait;
        app::db::campaign::Entity::find_by_id(spring.id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
    };
    let before = stored_campaign().await;
    app.clock.advance(chrono::Duration::hours(1));
    // No fee, no contract.
    let r = move_to(&mut maya, entry(&entries, "Ben"), "contracted", 0).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("Agree a fee"), "{}", r.text);
    // Paid only after Live.
    let r = move_to(&mut maya, entry(&entries, "Ana"), "paid", 0).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.error().to_string().contains("Paid comes after Live"),
        "{}",
        r.text
    );
    assert_eq!(
        stored_campaign().await,
        before,
        "a refused move writes nothing"
    );
    // Ana (fee 500) goes all the way; then the collaboration is closed.
    let mut ana = entry(&entries, "Ana").clone();
    for stage in ["contracted", "content", "live", "paid"] {
        let r = move_to(&mut maya, &ana, stage, 0).await;
        assert_eq!(r.status, StatusCode::OK, "{stage}: {}", r.text);
        ana = r.json();
    }
    assert_eq!(ana.stage, Stage::Paid);
    let r = move_to(&mut maya, &ana, "dropped", 0).await;
    assert!(r.error().to_string().contains("closed"));
    // A stage that does not exist is a bad request.
    let r = move_to(&mut maya, entry(&entries, "Ben"), "won", 0).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_second_of_two_moves_of_the_same_card_is_refused() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let mut alex = app.signed_in("admin@roster.example").await;
    let (campaign, entries) = board(&mut maya).await;
    let ben = entry(&entries, "Ben").clone();
    // Both saw Ben at version 1.
    let first = move_to(&mut maya, &ben, "contacted", 0).await;
    let second = move_to(&mut alex, &ben, "dropped", 0).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.error().to_string().contains("Someone moved Ben"));
    let now = entries_of(&mut alex, campaign.id).await;
    assert_eq!(
        entry(&now, "Ben").stage,
        Stage::Contacted,
        "nothing silently lost"
    );
}

#[tokio::test]
async fn moves_made_at_the_same_moment_each_count_as_if_alone() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (campaign, entries) = board(&mut maya).await;
    // Four moves at once (they are written together): Ben twice from the same version.
    let moves = [
        ("Ana", "contacted"),
        ("Ben", "contacted"),
        ("Cleo", "contacted"),
        ("Ben", "dropped"),
    ];
    let replies = moves.map(|(name, to)| {
        let mut c = app.client();
        c.cookie = maya.cookie.clone();
        let e = entry(&entries, name).clone();
        tokio::spawn(async move { move_to(&mut c, &e, to, 0).await.status })
    });
    let mut statuses = Vec::new();
    for r in replies {
        statuses.push(r.await.unwrap());
    }
    assert_eq!(statuses[0], StatusCode::OK);
    assert_eq!(statuses[2], StatusCode::OK);
    let ben = [statuses[1], statuses[3]];
    assert!(
        ben == [StatusCode::OK, StatusCode::CONFLICT]
            || ben == [StatusCode::CONFLICT, StatusCode::OK],
        "exactly one of Ben's moves: {ben:?}"
    );
    let now = entries_of(&mut maya, campaign.id).await;
    let mut contacted = column(&now, Stage::Contacted);
    contacted.sort_unstable();
    let ben_went = entry(&now, "Ben").stage;
    if ben_went == Stage::Contacted {
        assert_eq!(contacted, ["Ana", "Ben", "Cleo"]);
    } else {
        assert_eq!((contacted, ben_went), (vec!["Ana", "Cleo"], Stage::Dropped));
    }
    assert!(now.iter().all(|e| e.version == 2), "each card moved once");
    // Three moves, three entries in the audit trail.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let moves = app::db::audit_event::Entity::find()
        .filter(app::db::audit_event::Column::Action.eq("pipeline_entry.move"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(moves, 3);
}

#[tokio::test]
async fn only_marketing_and_admins_move_cards_of_their_organization() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (campaign, entries) = board(&mut maya).await;
    let ben = entry(&entries, "Ben").clone();
    for who in [
        "legal@roster.example",
        "director@roster.example",
        "creator@roster.example",
    ] {
        let mut c = app.signed_in(who).await;
        assert_eq!(
            move_to(&mut c, &ben, "contacted", 0).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(
        move_to(&mut olga, &ben, "contacted", 0).await.status,
        StatusCode::NOT_FOUND
    );
    // An archived campaign's board is read-only.
    let id = campaign.id.to_string();
    let r = maya
        .call::<TransitionCampaign>(&[("id", &id), ("version", "1"), ("to", "archived")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = move_to(&mut maya, &ben, "contacted", 0).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("read-only"));
}

#[tokio::test]
async fn a_move_reaches_every_open_board_of_the_campaign_live() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let mut alex = app.signed_in("admin@roster.example").await;
    let (spring, entries) = board(&mut maya).await;
    let (other_campaign, other_entries) = board(&mut alex).await;
    let path = format!("/events?campaign={}", spring.id);
    let (status, mut stream) = maya.open(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    let mut legal = app.signed_in("legal@roster.example").await;
    let (status, mut legal_stream) = legal.open(&path, None).await;
    assert_eq!(status, StatusCode::OK, "legal watches boards too");

    // A move on another campaign is not sent to this board; Alex's move on it is.
    move_to(&mut alex, entry(&other_entries, "Ben"), "contacted", 0).await;
    let ben = entry(&entries, "Ben");
    let r = move_to(&mut alex, ben, "contacted", 0).await;
    assert_eq!(r.status, StatusCode::OK);
    for s in [&mut stream, &mut legal_stream] {
        let event = common::next_event(s).await;
        assert_eq!(event.kind, "pipeline.moved");
        assert_eq!(
            (event.campaign_id, event.entity_id),
            (Some(spring.id), Some(ben.id))
        );
    }
    assert_ne!(other_campaign.id, spring.id);
}

#[tokio::test]
async fn a_board_that_reconnects_catches_up() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (spring, entries) = board(&mut maya).await;
    let path = format!("/events?campaign={}", spring.id);
    let (_, mut stream) = maya.open(&path, None).await;
    move_to(&mut maya, entry(&entries, "Ana"), "contacted", 0).await;
    let seen = common::next_event(&mut stream).await;
    drop(stream);
    // While away: two more moves.
    move_to(&mut maya, entry(&entries, "Ben"), "contacted", 1).await;
    move_to(&mut maya, entry(&entries, "Cleo"), "dropped", 0).await;
    let seen_id = app
        .state
        .events
        .stream_id(&seen)
        .expect("an event a page saw has an id");
    let (_, mut stream) = maya.open(&path, Some(&seen_id)).await;
    let first = common::next_event(&mut stream).await;
    let second = common::next_event(&mut stream).await;
    assert_eq!(first.entity_id, Some(entry(&entries, "Ben").id));
    assert_eq!(second.entity_id, Some(entry(&entries, "Cleo").id));
    assert!(seen.id < first.id && first.id < second.id);
    // An id the server cannot replay from (another process's, or from before a restart):
    // reload everything.
    let (_, mut stream) = maya.open(&path, Some("1f.0.1")).await;
    assert_eq!(
        common::next_event(&mut stream).await.kind,
        app::realtime::RESYNC
    );
}

/// Two server processes on one PostgreSQL database: a move made through one reaches the
/// boards open on the other, once (LISTEN/NOTIFY relay). SQLite runs one process, so there
/// is nothing to relay; the test runs with `ROSTER_TEST_POSTGRES`.
#[tokio::test]
async fn a_move_reaches_boards_open_on_another_server_process_on_postgres() {
    common::engine_is(common::Engine::Postgres);
    let first = TestApp::new().await;
    let second = TestApp::with_db(first.state.db.clone());
    let mut maya = second.signed_in("marketing@roster.example").await;
    let mut alex = first.signed_in("admin@roster.example").await;
    let (spring, entries) = board(&mut alex).await;
    // Relayed from here on: the board's setup (a shortlisting) must not reach the streams
    // late, ahead of the moves they listen for.
    for app in [&first, &second] {
        app::realtime::relay::start(&app.state.db, &app.state.events)
            .await
            .expect("relay");
    }
    let path = format!("/events?campaign={}", spring.id);
    let (status, mut on_second) = maya.open(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, mut on_first) = alex.open(&path, None).await;

    // Each side hears each move, its own only once (an echo of Ana's would come before Ben's).
    let ana = entry(&entries, "Ana");
    let ben = entry(&entries, "Ben");
    for (mover, card, index) in [(&mut alex, ana, 0), (&mut maya, ben, 1)] {
        let r = move_to(mover, card, "contacted", index).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        for stream in [&mut on_first, &mut on_second] {
            let heard = common::next_event(stream).await;
            assert_eq!(
                (heard.kind.as_str(), heard.entity_id),
                ("pipeline.moved", Some(card.id))
            );
        }
    }
    assert!(
        app::realtime::relay::start(&first.state.db, &first.state.events)
            .await
            .is_err(),
        "one relay per process"
    );
}

#[tokio::test]
async fn only_the_organization_staff_follow_a_board() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (spring, _) = board(&mut maya).await;
    let path = format!("/events?campaign={}", spring.id);
    let other = common::other_organization_admin(&app).await;
    let mut olga = app.signed_in_with(&other, "other admin password").await;
    assert_eq!(olga.open(&path, None).await.0, StatusCode::NOT_FOUND);
    let mut sam = app.signed_in("creator@roster.example").await;
    assert_eq!(sam.open(&path, None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.client().open(&path, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        maya.open("/events?campaign=abc", None).await.0,
        StatusCode::NOT_FOUND
    );
}
