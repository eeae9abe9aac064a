//! The audit trail: every change a person makes leaves exactly one event of its action,
//! naming that person, what changed and the organization. Each change is made once, on a
//! world of its own (the authorization matrix's `World`), and every row of the matrix that
//! writes has its change here or a reason it records none: a new writing function without
//! its audit fails this test.

mod accounts;
mod campaigns;
mod collaborations;
mod results;
mod steps;

use steps::last_event;
mod team;

use crate::access::{self, Actor, Row, World, rows};
use crate::common::portal::{self, CREATOR, LEGAL, MARKETING};
use crate::common::{Client, Reply};
use app::db::{audit_event, outbox_message, review_decision};
use axum::http::StatusCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

const ADMIN: &str = "admin@roster.example";

/// What the event names as changed.
#[derive(Clone, Copy)]
enum Names {
    /// An id of the world.
    Id(fn(&World) -> i32),
    /// The id in the answer, at this JSON pointer ("" for an answer that is the id).
    Answered(&'static str),
    /// The acting person's own account.
    Themselves,
    /// The organization.
    Organization,
}

/// A change made by steps of its own: the reply, the id it changed, and where its events
/// begin when the steps first prepared something as someone else (an agreement sent).
struct Made {
    reply: Reply,
    entity: String,
    since: Option<i32>,
}

type Steps = for<'a> fn(&'a World) -> Pin<Box<dyn Future<Output = Made> + 'a>>;

fn made(reply: Reply, entity: String) -> Made {
    Made {
        reply,
        entity,
        since: None,
    }
}

/// How the change is made: the matrix row's own call, or steps of its own (the matrix's
/// arguments only probe a refusal there), which answer the reply and the changed id.
enum How {
    Row(Names),
    Steps(Steps),
}

struct Change {
    /// The matrix row (the server function's name, or the route), or another name for a
    /// change the matrix only reaches refused.
    label: &'static str,
    actor: Actor,
    action: &'static str,
    how: How,
}

fn by_row(label: &'static str, actor: Actor, action: &'static str, names: Names) -> Change {
    Change {
        label,
        actor,
        action,
        how: How::Row(names),
    }
}

fn by_steps(label: &'static str, actor: Actor, action: &'static str, steps: Steps) -> Change {
    Change {
        label,
        actor,
        action,
        how: How::Steps(steps),
    }
}

/// Rows of the matrix that write yet record no event, and why that is right.
const NOT_AUDITED: &[(&str, &str)] = &[
    (
        "StartTwoFactor",
        "a secret waiting for its first code; turning two-factor on is audited (user.two_factor_on)",
    ),
    ("ReadNotifications", "a person's own read marks"),
    (
        "/creators/import/upload",
        "a preview, kept aside; importing it is audited (creator_import.commit)",
    ),
    (
        "/uploads",
        "a file waiting for its draft; the version that names it is audited (draft.submit)",
    ),
];

/// Rows of the matrix that write, whose change this test does not make yet, and why.
const NOT_MADE_HERE: &[(&str, &str)] = &[(
    "JoinInvitation",
    "an existing account joining needs a second brand inviting a proved address: \
     invitations.rs makes it and checks its one event (invitation.accept, by the joiner)",
)];

fn email_of(actor: Actor) -> &'static str {
    match actor {
        Actor::Owner => CREATOR,
        Actor::Marketing => MARKETING,
        Actor::Legal => LEGAL,
        Actor::Director => "director@roster.example",
        Actor::Admin => ADMIN,
        other => panic!("{other:?} makes no change here"),
    }
}

fn id(n: i32) -> String {
    n.to_string()
}

fn answered(reply: &Reply, pointer: &str) -> String {
    let value: Value = serde_json::from_str(&reply.text).unwrap_or(Value::Null);
    match value.pointer(pointer) {
        Some(Value::Number(n)) => n.to_string(),
        other => panic!("no id at {pointer:?} in {}: {other:?}", reply.text),
    }
}

/// Every change the trail is checked on, by area.
fn changes() -> Vec<Change> {
    [
        accounts::changes(),
        team::changes(),
        campaigns::changes(),
        collaborations::changes(),
        results::changes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Makes `change` on `world`: the reply, the id it changed, and the last event before it.
async fn make(change: &Change, world: &World, rows: &BTreeMap<&'static str, Row>) -> Made {
    let before = last_event(world).await;
    match &change.how {
        How::Row(names) => {
            let row = rows
                .get(change.label)
                .unwrap_or_else(|| panic!("no matrix row {}", change.label));
            let reply = access::call(world, change.actor, row).await;
            let entity = match names {
                Names::Id(of) => id(of(world)),
                Names::Answered(pointer) if reply.status.is_success() => answered(&reply, pointer),
                Names::Answered(_) => String::new(),
                Names::Themselves => id(portal::account(&world.app, email_of(change.actor))
                    .await
                    .unwrap()
                    .id),
                Names::Organization => id(world.organization()),
            };
            Made {
                reply,
                entity,
                since: Some(before),
            }
        }
        How::Steps(steps) => {
            let done = steps(world).await;
            Made {
                since: done.since.or(Some(before)),
                ..done
            }
        }
    }
}

/// Makes `change` on a world of its own; answers what is wrong with its trail, if anything.
async fn check(change: &Change, rows: &BTreeMap<&'static str, Row>) -> Option<String> {
    let world = World::build().await;
    // Who makes it, looked up first: a change of email would hide them after.
    let maker = match change.actor {
        Actor::Anonymous => None,
        other => Some(
            portal::account(&world.app, email_of(other))
                .await
                .unwrap()
                .id,
        ),
    };
    let done = make(change, &world, rows).await;
    let (reply, entity, before) = (done.reply, done.entity, done.since.unwrap_or(0));
    world.app.settle().await;
    if !reply.status.is_success() {
        let text: String = reply.text.chars().take(200).collect();
        return Some(format!(
            "{}: answered {} {text}",
            change.label, reply.status
        ));
    }
    let all = audit_event::Entity::find()
        .filter(audit_event::Column::Id.gt(before))
        .all(&world.app.state.db)
        .await
        .unwrap();
    let events: Vec<&audit_event::Model> =
        all.iter().filter(|e| e.action == change.action).collect();
    let [event] = events.as_slice() else {
        return Some(format!(
            "{}: {} events of {}, not one",
            change.label,
            events.len(),
            change.action
        ));
    };
    // Accepting an invitation is done by the account it creates.
    let actor = maker.or_else(|| answered(&reply, "/id").parse().ok());
    let mut wrong = Vec::new();
    // What the change set off is recorded as theirs too, never as someone else's.
    for other in all
        .iter()
        .filter(|e| e.actor_user_id.is_some() && e.actor_user_id != actor)
    {
        wrong.push(format!(
            "also {} by {:?}",
            other.action, other.actor_user_id
        ));
    }
    if event.actor_user_id != actor {
        wrong.push(format!("by {:?}, not {actor:?}", event.actor_user_id));
    }
    if event.entity_id.as_deref() != Some(entity.as_str()) {
        wrong.push(format!("names {:?}, not {entity}", event.entity_id));
    }
    // A creator's own details (address, payment details) are theirs, not one brand's.
    let organization = (change.action != "creator.onboard").then(|| world.organization());
    if event.organization_id != organization {
        wrong.push(format!("in organization {:?}", event.organization_id));
    }
    (!wrong.is_empty())
        .then(|| format!("{} ({}): {}", change.label, change.action, wrong.join("; ")))
}

fn matrix() -> BTreeMap<&'static str, Row> {
    rows::all().into_iter().map(|r| (r.label, r)).collect()
}

async fn holds(area: std::ops::Range<usize>) {
    let rows = matrix();
    let all = changes();
    let mut wrong = Vec::new();
    for change in &all[area] {
        if let Some(w) = check(change, &rows).await {
            wrong.push(w);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// Four parts, so the engines' runs spread them over the cores.
#[tokio::test]
async fn each_change_leaves_one_event_by_its_maker_part_1() {
    holds(0..15).await;
}

#[tokio::test]
async fn each_change_leaves_one_event_by_its_maker_part_2() {
    holds(15..30).await;
}

#[tokio::test]
async fn each_change_leaves_one_event_by_its_maker_part_3() {
    holds(30..45).await;
}

#[tokio::test]
async fn each_change_leaves_one_event_by_its_maker_part_4() {
    holds(45..changes().len()).await;
}

/// Every row of the matrix that writes has its change in the table, or a reason it has none
/// (and no reason names a row the table covers).
#[test]
fn every_writing_row_has_its_change() {
    let all = changes();
    let covered: BTreeMap<&str, &str> = all.iter().map(|c| (c.label, c.action)).collect();
    assert_eq!(covered.len(), all.len(), "a row twice in the table");
    let excused: BTreeMap<&str, &str> = NOT_AUDITED.iter().chain(NOT_MADE_HERE).copied().collect();
    let missing: Vec<&str> = matrix()
        .values()
        .filter(|r| r.writes && !r.key.starts_with("probe:"))
        .map(|r| r.label)
        .filter(|l| !covered.contains_key(l) && !excused.contains_key(l))
        .collect();
    assert!(
        missing.is_empty(),
        "writing rows without their audit change: {missing:?}"
    );
    let both: Vec<&&str> = excused
        .keys()
        .filter(|l| covered.contains_key(*l))
        .collect();
    assert!(both.is_empty(), "excused yet covered: {both:?}");
}

/// The changes of a campaign's own work: on an archived campaign each is refused with the
/// reason, and leaves no event of its action.
const CAMPAIGN_WORK: &[&str] = &[
    "UpdateCampaign",
    "MoveEntry",
    "SendAgreement",
    "SubmitDraft",
    "SubmitLiveLink",
    "AddComment",
    "ReplyToComment",
    "EditComment",
    "DeleteComment",
    "ResolveComment",
    "Decide",
    "SchedulePayment",
    "ApprovePayment",
    "RecordReading",
    "/campaigns/{id}/readings",
];

#[tokio::test]
async fn an_archived_campaign_refuses_its_work_and_records_none() {
    use app::db::campaign;
    let rows = matrix();
    let all = changes();
    let mut wrong = Vec::new();
    for label in CAMPAIGN_WORK {
        let change = all
            .iter()
            .find(|c| c.label == *label)
            .unwrap_or_else(|| panic!("no change {label}"));
        let world = World::build().await;
        campaign::Entity::update_many()
            .col_expr(
                campaign::Column::Status,
                sea_orm::sea_query::Expr::value("archived"),
            )
            .filter(campaign::Column::Id.eq(world.campaign))
            .exec(&world.app.state.db)
            .await
            .unwrap();
        let done = make(change, &world, &rows).await;
        world.app.settle().await;
        let recorded = audit_event::Entity::find()
            .filter(audit_event::Column::Id.gt(done.since.unwrap_or(0)))
            .filter(audit_event::Column::Action.eq(change.action))
            .count(&world.app.state.db)
            .await
            .unwrap();
        let (status, text) = (done.reply.status, &done.reply.text);
        // A sheet's refusals are listed per row in a 200 answer that records nothing.
        let refused = status == StatusCode::CONFLICT
            || (status == StatusCode::OK
                && *label == "/campaigns/{id}/readings"
                && text.contains("rchived"));
        if !refused || !text.contains("rchived") || recorded > 0 {
            let text: String = text.chars().take(160).collect();
            wrong.push(format!("{label}: {status} {text}; {recorded} events"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
