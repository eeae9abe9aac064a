//! The pipeline's automation: outreach tasks on Contacted, follow-up reminders on day 3 and
//! day 7 without a reply (the background job, on a manual clock), and "My tasks".

use crate::common;
use crate::common::pipeline::{board, entry, move_to};
use crate::common::{Client, TestApp, inbox};
use app::domain::notice::NoticeKind;
use app::domain::pipeline::Stage;
use app::domain::task::{TaskKind, Urgency};
use app::notifications::Inbox;
use app::notifications::api::ReadNotifications;
use app::pipeline::Entry;
use app::tasks::Agenda;
use app::tasks::api::{CompleteTask, MyTasks};
use app::tasks::ssr::send_due_reminders;
use axum::http::StatusCode;
use chrono::Duration;

async fn agenda(c: &mut Client) -> Agenda {
    let r = c.call::<MyTasks>(&[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

fn kinds(a: &Agenda) -> Vec<TaskKind> {
    a.tasks.iter().map(|t| t.kind).collect()
}

#[tokio::test]
async fn contacting_a_creator_gives_the_owner_outreach_and_follow_ups() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let mut alex = app.signed_in("admin@roster.example").await;
    // Maya owns the entries; Alex makes the move.
    let (campaign, entries) = board(&mut maya).await;
    assert!(agenda(&mut maya).await.tasks.is_empty());
    let r = move_to(&mut alex, entry(&entries, "Ben"), "contacted", 0).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ben: Entry = r.json();
    let next = ben
        .next_task
        .as_ref()
        .expect("the card shows its next task");
    assert_eq!(
        (next.kind, next.due_at, next.urgency),
        (TaskKind::Outreach, app.clock.now(), Urgency::Due)
    );

    let a = agenda(&mut maya).await;
    assert_eq!(
        kinds(&a),
        [
            TaskKind::Outreach,
            TaskKind::FollowUp,
            TaskKind::FinalNotice
        ]
    );
    assert_eq!(a.tasks[0].title, "Reach out to Ben");
    assert_eq!(a.tasks[0].campaign_name, campaign.name);
    assert_eq!(a.tasks[1].due_at, app.clock.now() + Duration::days(3));
    assert_eq!(a.tasks[2].due_at, app.clock.now() + Duration::days(7));
    let notices = inbox(&mut maya).await.recent;
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0].title.contains("Reach out to Ben") && !notices[0].read,
        "{notices:?}"
    );
    assert_eq!(notices[0].kind, NoticeKind::NewTask);
    assert_eq!(notices[0].link, format!("/campaigns/{}/board", campaign.id));
    // Alex moved it and owns nothing: no tasks, no notification for Alex.
    let alex_agenda = agenda(&mut alex).await;
    assert!(alex_agenda.tasks.is_empty() && inbox(&mut alex).await.recent.is_empty());

    // Marking notifications read.
    let r = maya.call::<ReadNotifications>(&[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(inbox(&mut maya).await.recent[0].read);
}

#[tokio::test]
async fn reminders_fire_on_day_3_and_day_7_once_each() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (_, entries) = board(&mut maya).await;
    let r = move_to(&mut maya, entry(&entries, "Ana"), "contacted", 0).await;
    assert_eq!(r.status, StatusCode::OK);
    let db = &app.state.db;
    let reminders = |i: &Inbox| {
        i.recent
            .iter()
            .filter(|n| n.title.starts_with("Reminder"))
            .map(|n| n.title.clone())
            .collect::<Vec<_>>()
    };

    // Day 2: nothing due yet.
    app.clock.advance(Duration::days(2));
    assert_eq!(send_due_reminders(db, app.clock.now()).await.unwrap(), 0);
    // Day 3: the follow-up.
    app.clock.advance(Duration::days(1));
    assert_eq!(send_due_reminders(db, app.clock.now()).await.unwrap(), 1);
    assert_eq!(
        send_due_reminders(db, app.clock.now()).await.unwrap(),
        0,
        "once"
    );
    assert_eq!(
        reminders(&inbox(&mut maya).await),
        ["Reminder: Follow up with Ana (no reply after 3 days)"]
    );
    let a = agenda(&mut maya).await;
    let overdue: Vec<_> = a
        .tasks
        .iter()
        .map(|t| Urgency::of(t.due_at, a.now))
        .collect();
    assert_eq!(overdue, [Urgency::Overdue, Urgency::Due, Urgency::Upcoming]);

    // Day 7: the final notice.
    app.clock.advance(Duration::days(4));
    assert_eq!(send_due_reminders(db, app.clock.now()).await.unwrap(), 1);
    assert_eq!(
        reminders(&inbox(&mut maya).await),
        [
            "Reminder: Final notice to Ana (no reply after 7 days)",
            "Reminder: Follow up with Ana (no reply after 3 days)",
        ]
    );
}

#[tokio::test]
async fn a_reply_stops_the_follow_ups() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (_, entries) = board(&mut maya).await;
    let r = move_to(&mut maya, entry(&entries, "Ana"), "contacted", 0).await;
    let ana: Entry = r.json();
    app.clock.advance(Duration::days(1));
    // Ana answered: the card moves on to Negotiating.
    let r = move_to(&mut maya, &ana, "negotiating", 0).await;
    assert_eq!(r.status, StatusCode::OK);
    let ana: Entry = r.json();
    assert_eq!(ana.next_task, None);
    assert!(agenda(&mut maya).await.tasks.is_empty());
    app.clock.advance(Duration::days(7));
    assert_eq!(
        send_due_reminders(&app.state.db, app.clock.now())
            .await
            .unwrap(),
        0
    );
    // Back to Contacted starts a fresh clock.
    let r = move_to(&mut maya, &ana, "contacted", 0).await;
    assert_eq!(r.status, StatusCode::OK);
    let a = agenda(&mut maya).await;
    assert_eq!(a.tasks.len(), 3);
    assert_eq!(a.tasks[1].due_at, app.clock.now() + Duration::days(3));
}

#[tokio::test]
async fn tasks_are_marked_done_once_by_their_organization() {
    let app = TestApp::new().await;
    let mut maya = app.signed_in("marketing@roster.example").await;
    let (_, entries) = board(&mut maya).await;
    move_to(&mut maya, entry(&entries, "Ben"), "contacted", 0).await;
    let outreach = agenda(&mut maya).await.tasks[0].clone();
    let id = outreach.id.to_string();

    let stranger = common::other_organization_admin(&app).await;
    let mut stranger = app.signed_in_with(&stranger, "other admin password").await;
    let r = stranger.call::<CompleteTask>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for who in ["legal@roster.example", "director@roster.example"] {
        let mut c = app.signed_in(who).await;
        assert_eq!(
            c.call::<CompleteTask>(&[("id", &id)]).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(c.call::<MyTasks>(&[]).await.status, StatusCode::FORBIDDEN);
    }

    let r = maya.call::<CompleteTask>(&[("id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let again = maya.call::<CompleteTask>(&[("id", &id)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.error().to_string().contains("already closed"));
    let a = agenda(&mut maya).await;
    assert_eq!(kinds(&a), [TaskKind::FollowUp, TaskKind::FinalNotice]);
    // The card's next task is now the follow-up.
    let entries: Vec<Entry> = maya
        .call::<app::pipeline::api::PipelineEntries>(&[(
            "campaign_id",
            &entries[0].campaign_id.to_string(),
        )])
        .await
        .json();
    let ben = entry(&entries, "Ben");
    assert_eq!(ben.stage, Stage::Contacted);
    assert_eq!(ben.next_task.as_ref().unwrap().kind, TaskKind::FollowUp);
}
