use super::*;

#[test]
fn catch_up_gives_what_was_missed_in_the_organization_only() {
    let bus = EventBus::new();
    let first = bus.publish(1, Kind::PipelineMoved, Some(7), Some(1));
    let first_id = bus.stream_id(&first);
    let (missed, _) = bus.subscribe(Viewer::Organization(1), first_id.as_deref());
    assert!(missed.is_empty());
    let second = bus.publish(1, Kind::PipelineMoved, Some(7), Some(2));
    bus.publish(2, Kind::PipelineMoved, Some(9), Some(3));
    let (missed, _) = bus.subscribe(Viewer::Organization(1), first_id.as_deref());
    assert_eq!(missed, vec![second]);
    let (fresh, _) = bus.subscribe(Viewer::Organization(1), None);
    assert!(fresh.is_empty(), "a first connection needs no catch-up");
}

#[test]
fn a_page_away_too_long_is_told_to_reload() {
    let bus = EventBus::new();
    let first = bus.publish(1, Kind::PipelineMoved, None, None);
    let first_id = bus.stream_id(&first);
    // Everything after `first` is still kept: it can be replayed.
    for _ in 0..KEPT {
        bus.publish(1, Kind::PipelineMoved, None, None);
    }
    let (missed, _) = bus.subscribe(Viewer::Organization(1), first_id.as_deref());
    assert_eq!(missed.len(), KEPT);
    // One more and the first missed event is gone.
    bus.publish(1, Kind::PipelineMoved, None, None);
    let (missed, _) = bus.subscribe(Viewer::Organization(1), first_id.as_deref());
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].kind, RESYNC);
}

#[test]
fn an_id_from_another_process_or_from_before_a_restart_means_reload() {
    let bus = EventBus::new();
    let other = EventBus::new();
    let seen = other.publish(1, Kind::PipelineMoved, None, None);
    bus.publish(1, Kind::PipelineMoved, None, None);
    let from_the_future = format!("{:x}.0.{}", bus.epoch(), u64::MAX);
    let two_part = format!("{:x}.1", bus.epoch());
    for last_seen in [
        &other.stream_id(&seen).unwrap(),
        "1",
        "zz.1",
        "",
        "0.x",
        &from_the_future,
        &two_part,
    ] {
        let (missed, _) = bus.subscribe(Viewer::Organization(1), Some(last_seen));
        assert_eq!(missed.len(), 1, "{last_seen}");
        assert_eq!(missed[0].kind, RESYNC, "{last_seen}");
    }
}

#[tokio::test]
async fn live_subscribers_get_new_events_and_every_organization_a_resync() {
    let bus = EventBus::new();
    let (_, mut live) = bus.subscribe(Viewer::Organization(1), None);
    let sent = bus.publish(1, Kind::PipelineMoved, Some(7), Some(1));
    assert_eq!(live.recv().await.unwrap().event, sent);
    bus.resync_all();
    let resync = live.recv().await.unwrap();
    assert!(resync.reaches(Viewer::Organization(2)) && resync.reaches(Viewer::User(3)));
    assert_eq!(resync.event.kind, RESYNC);
}

#[tokio::test]
async fn published_events_queue_for_the_relay_and_received_ones_do_not() {
    let bus = EventBus::new();
    let mut queue = bus.relay_queue().expect("first taker");
    assert!(bus.relay_queue().is_none(), "one relay per bus");
    bus.publish(1, Kind::PipelineMoved, Some(7), Some(1));
    bus.receive(Some(1), None, "pipeline.moved", Some(7), Some(2));
    let relayed = queue.recv().await.unwrap();
    assert_eq!(relayed.event.entity_id, Some(1));
    assert!(queue.try_recv().is_err());
    assert!(!bus.take_relay_lost());
}

#[test]
fn a_personal_event_reaches_its_person_only() {
    let bus = EventBus::new();
    let org_before = bus.publish(1, Kind::PipelineMoved, None, None);
    let first = bus.publish_to(7, Kind::NotificationNew);
    let mine = bus.publish_to(7, Kind::NotificationNew);
    bus.publish_to(8, Kind::NotificationNew);
    let since = |viewer, last: &Event| bus.subscribe(viewer, bus.stream_id(last).as_deref()).0;
    assert_eq!(since(Viewer::User(7), &first), vec![mine]);
    assert!(
        since(Viewer::Organization(1), &org_before).is_empty(),
        "not the organization's pages"
    );
    let org_event = bus.publish(1, Kind::PipelineMoved, None, None);
    assert!(!since(Viewer::User(7), &first).contains(&org_event));
}

#[test]
fn the_ids_a_page_sees_count_its_own_organizations_events_only() {
    let bus = EventBus::new();
    let a = bus.publish(1, Kind::PipelineMoved, None, None);
    for _ in 0..5 {
        bus.publish(2, Kind::PipelineMoved, None, None);
        bus.publish_to(9, Kind::NotificationNew);
    }
    let b = bus.publish(1, Kind::PipelineMoved, None, None);
    assert_eq!(
        (a.id, b.id),
        (1, 2),
        "nothing of the others' activity shows"
    );
    let (missed, _) = bus.subscribe(Viewer::Organization(1), bus.stream_id(&a).as_deref());
    assert_eq!(missed, vec![b]);
}

#[test]
fn after_everyone_was_told_to_reload_an_older_id_means_reload() {
    let bus = EventBus::new();
    let seen = bus.publish(1, Kind::PipelineMoved, None, None);
    let id = bus.stream_id(&seen);
    bus.resync_all();
    let (missed, _) = bus.subscribe(Viewer::Organization(1), id.as_deref());
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].kind, RESYNC);
    // What is for one stream only carries no id.
    assert_eq!(bus.stream_id(&bus.resync()), None);
    assert_eq!(bus.stream_id(&bus.signed_out()), None);
}
