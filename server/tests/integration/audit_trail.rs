//! The audit trail: every change a person makes leaves exactly one event of its action,
//! naming that person, what changed and the organization. Each change is made once, on a
//! world of its own (the authorization matrix's `World`), and every row of the matrix that
//! writes has its change here or a reason it records none: a new writing function without
//! its audit fails this test.

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

fn changes() -> Vec<Change> {
    use Actor::*;
    use Names::*;
    vec![
        // Accounts.
        by_row("Logout", Marketing, "user.logout", Themselves),
        by_row(
            "LogoutEverywhere",
            Marketing,
            "user.logout_everywhere",
            Themselves,
        ),
        by_row("ChangeName", Marketing, "user.rename", Themselves),
        by_row(
            "SendEmailConfirmation",
            Marketing,
            "user.email_confirm_request",
            Themselves,
        ),
        by_row(
            "SaveEmailSettings",
            Marketing,
            "user.email_settings",
            Themselves,
        ),
        by_steps("Login", Marketing, "user.login", |w| {
            Box::pin(async move {
                let mut c = w.app.client();
                let r = c.login(MARKETING, server::demo::PASSWORD).await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps("ChangePassword", Marketing, "user.password_change", |w| {
            Box::pin(async move {
                let mut c = w.client(Actor::Marketing);
                let r = c
                    .call::<app::auth::api::ChangePassword>(&[
                        ("current_password", server::demo::PASSWORD),
                        ("new_password", "violet harbor ninety kettle"),
                    ])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps(
            "ForgotPassword",
            Marketing,
            "user.password_reset_request",
            |w| {
                Box::pin(async move {
                    let r = w
                        .app
                        .client()
                        .call::<app::auth::api::ForgotPassword>(&[("email", MARKETING)])
                        .await;
                    w.app.settle().await;
                    made(r, id(w.marketer_id))
                })
            },
        ),
        by_steps("ResetPassword", Marketing, "user.password_reset", |w| {
            Box::pin(async move {
                let r = w
                    .app
                    .client()
                    .call::<app::auth::api::ForgotPassword>(&[("email", MARKETING)])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                w.app.settle().await;
                let token = emailed_token(w, MARKETING, "reset").await;
                let r = w
                    .app
                    .client()
                    .call::<app::auth::api::ResetPassword>(&[
                        ("token", token.as_str()),
                        ("password", "violet harbor ninety kettle"),
                    ])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps("ConfirmEmail", Marketing, "user.email_change", |w| {
            Box::pin(async move {
                let r = w
                    .client(Actor::Marketing)
                    .call::<app::auth::api::ChangeEmail>(&[
                        ("email", "maya.chen@example.com"),
                        ("current_password", server::demo::PASSWORD),
                    ])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                w.app.settle().await;
                let token = emailed_token(w, "maya.chen@example.com", "confirm-email").await;
                let r = w
                    .app
                    .client()
                    .call::<app::auth::api::ConfirmEmail>(&[("token", token.as_str())])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps("ConfirmTwoFactor", Marketing, "user.two_factor_on", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let r = two_factor_on(w, &mut m).await;
                made(r, id(w.marketer_id))
            })
        }),
        by_steps(
            "RenewRecoveryCodes",
            Marketing,
            "user.recovery_codes",
            |w| {
                Box::pin(async move {
                    let mut m = w.client(Actor::Marketing);
                    let on = two_factor_on(w, &mut m).await;
                    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
                    let r = m
                        .call::<app::auth::two_factor::api::RenewRecoveryCodes>(&[(
                            "password",
                            server::demo::PASSWORD,
                        )])
                        .await;
                    made(r, id(w.marketer_id))
                })
            },
        ),
        by_steps("DisableTwoFactor", Marketing, "user.two_factor_off", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let on = two_factor_on(w, &mut m).await;
                assert_eq!(on.status, StatusCode::OK, "{}", on.text);
                let r = m
                    .call::<app::auth::two_factor::api::DisableTwoFactor>(&[(
                        "password",
                        server::demo::PASSWORD,
                    )])
                    .await;
                made(r, id(w.marketer_id))
            })
        }),
        // The team and the organization.
        by_row(
            "InviteMember",
            Admin,
            "invitation.create",
            Answered("/invitation/id"),
        ),
        by_row(
            "RevokeInvitation",
            Admin,
            "invitation.revoke",
            Id(|w| w.invitation),
        ),
        by_row(
            "AcceptInvitation",
            Anonymous,
            "invitation.accept",
            Id(|w| w.invitation),
        ),
        by_row(
            "ChangeMemberRole",
            Admin,
            "user.role_change",
            Id(|w| w.marketer_id),
        ),
        by_row(
            "SetMemberActive",
            Admin,
            "user.deactivate",
            Id(|w| w.marketer_id),
        ),
        by_steps("SetMemberActive again", Admin, "user.reactivate", |w| {
            Box::pin(async move {
                let member = ("member_id", id(w.marketer_id));
                let mut admin = w.client(Actor::Admin);
                let r = there_and_back::<app::team::api::SetMemberActive>(
                    &mut admin, member, "active", "false", "true",
                )
                .await;
                made(r, id(w.marketer_id))
            })
        }),
        by_row(
            "SendMemberResetLink",
            Admin,
            "user.password_reset_send",
            Id(|w| w.marketer_id),
        ),
        by_steps("SendEmailAgain", Admin, "email.send_again", |w| {
            Box::pin(async move {
                let failed = outbox_message::ActiveModel {
                    id: Set(w.outbox_message),
                    failed_at: Set(Some(crate::common::start_time())),
                    ..Default::default()
                };
                failed.update(&w.app.state.db).await.unwrap();
                let r = w
                    .client(Actor::Admin)
                    .call::<app::team::api::SendEmailAgain>(&[("id", &id(w.outbox_message))])
                    .await;
                made(r, id(w.outbox_message))
            })
        }),
        by_row(
            "UpdateOrganizationSettings",
            Admin,
            "organization.update",
            Organization,
        ),
        by_row(
            "CreateApiToken",
            Admin,
            "api_token.create",
            Answered("/token/id"),
        ),
        by_row(
            "RevokeApiToken",
            Admin,
            "api_token.revoke",
            Id(|w| w.api_token),
        ),
        by_row(
            "SwitchSimulator",
            Marketing,
            "organization.simulator",
            Organization,
        ),
        // Campaigns, briefs, the board, creators and tasks.
        by_row(
            "CreateCampaign",
            Marketing,
            "campaign.create",
            Answered("/id"),
        ),
        by_row(
            "UpdateCampaign",
            Marketing,
            "campaign.update",
            Id(|w| w.campaign),
        ),
        by_row(
            "TransitionCampaign",
            Marketing,
            "campaign.transition",
            Id(|w| w.campaign),
        ),
        by_steps("FinalizeCampaign", Marketing, "campaign.finalize", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                for (version, to) in [("1", "active"), ("2", "completed")] {
                    let r = m
                        .call::<app::campaigns::api::TransitionCampaign>(&[
                            ("id", &id(w.campaign)),
                            ("version", version),
                            ("to", to),
                        ])
                        .await;
                    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                }
                let r = m
                    .call::<app::report::api::FinalizeCampaign>(&[
                        ("campaign_id", &id(w.campaign)),
                        ("version", "3"),
                    ])
                    .await;
                made(r, id(w.campaign))
            })
        }),
        by_steps("SaveBrief", Marketing, "brief.save", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let (r, _) = save_brief(w, &mut m).await;
                made(r, id(w.campaign))
            })
        }),
        by_steps("SendBrief", Marketing, "brief.send", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let (saved, _) = save_brief(w, &mut m).await;
                assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
                let r = m
                    .call::<app::collaboration::api::SendBrief>(&[("entry_id", &id(w.entry))])
                    .await;
                made(r, id(w.entry))
            })
        }),
        by_row(
            "MoveEntry",
            Marketing,
            "pipeline_entry.move",
            Id(|w| w.entry),
        ),
        by_steps(
            "ShortlistCreators",
            Marketing,
            "pipeline_entry.create",
            |w| {
                Box::pin(async move {
                    let mut m = w.client(Actor::Marketing);
                    let dora = new_creator(&mut m).await;
                    let r = m
                        .call::<app::pipeline::api::ShortlistCreators>(&[
                            ("campaign_id", &id(w.campaign)),
                            ("creator_ids[0]", &dora),
                        ])
                        .await;
                    let entry = answered(&r, "/0/id");
                    made(r, entry)
                })
            },
        ),
        by_row(
            "CreateCreator",
            Marketing,
            "creator.create",
            Answered("/id"),
        ),
        by_row(
            "UpdateCreator",
            Marketing,
            "creator.update",
            Id(|w| w.creator),
        ),
        by_steps("DeleteCreator", Marketing, "creator.delete", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let dora = new_creator(&mut m).await;
                let r = m
                    .call::<app::creators::api::DeleteCreator>(&[("id", &dora), ("version", "1")])
                    .await;
                made(r, dora)
            })
        }),
        by_row(
            "AddChannel",
            Marketing,
            "creator.add_channel",
            Id(|w| w.creator),
        ),
        by_row(
            "RemoveChannel",
            Marketing,
            "creator.remove_channel",
            Id(|w| w.creator),
        ),
        by_row(
            "CommitImport",
            Marketing,
            "creator_import.commit",
            Id(|w| w.import),
        ),
        by_row(
            "CancelImport",
            Marketing,
            "creator_import.cancel",
            Id(|w| w.import),
        ),
        by_steps("CompleteTask", Marketing, "task.complete", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                // Contacting a shortlisted creator hands marketing an outreach task.
                let (_, entries) = board_of(&mut m, w.campaign).await;
                let shortlisted = entries
                    .iter()
                    .find(|e| e.stage == app::domain::pipeline::Stage::Shortlisted)
                    .expect("a shortlisted creator");
                portal::move_to(&mut m, shortlisted, app::domain::pipeline::Stage::Contacted).await;
                let agenda: app::tasks::Agenda =
                    m.call::<app::tasks::api::MyTasks>(&[]).await.json();
                let task = agenda
                    .tasks
                    .iter()
                    .find(|t| t.creator_id == shortlisted.creator_id)
                    .expect("the outreach task");
                let r = m
                    .call::<app::tasks::api::CompleteTask>(&[("id", &id(task.id))])
                    .await;
                made(r, id(task.id))
            })
        }),
        // Collaborations: agreements, onboarding, drafts, reviews, payments.
        by_steps("InviteCreator", Marketing, "invitation.create", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let r = m
                    .call::<app::creators::api::CreateCreator>(&[
                        ("input[name]", "Dora Klein"),
                        ("input[email]", "dora@creators.example"),
                        ("input[currency]", "EUR"),
                    ])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                let r = m
                    .call::<app::pipeline::api::ShortlistCreators>(&[
                        ("campaign_id", &id(w.campaign)),
                        ("creator_ids[0]", &answered(&r, "/id")),
                    ])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                let r = m
                    .call::<app::collaboration::api::InviteCreator>(&[(
                        "entry_id",
                        &answered(&r, "/0/id"),
                    )])
                    .await;
                let invitation = answered(&r, "/invitation/id");
                made(r, invitation)
            })
        }),
        by_row(
            "SendAgreement",
            Marketing,
            "agreement.send",
            Answered("/id"),
        ),
        by_steps("AcceptAgreement", Owner, "agreement.accept", |w| {
            Box::pin(async move {
                let a = send_agreement(w).await;
                let since = Some(last_event(w).await);
                let r = portal::accept(&mut w.client(Actor::Owner), &a, "Ana Lima").await;
                Made {
                    reply: r,
                    entity: id(a.id),
                    since,
                }
            })
        }),
        by_steps("DeclineAgreement", Owner, "agreement.decline", |w| {
            Box::pin(async move {
                let a = send_agreement(w).await;
                let since = Some(last_event(w).await);
                let r = w
                    .client(Actor::Owner)
                    .call::<app::agreements::api::DeclineAgreement>(&[
                        ("agreement_id", &id(a.id)),
                        ("reason", "Busy that month"),
                    ])
                    .await;
                Made {
                    reply: r,
                    entity: id(a.id),
                    since,
                }
            })
        }),
        by_steps("SaveOnboarding", Owner, "creator.onboard", |w| {
            Box::pin(async move {
                let r = w
                    .client(Actor::Owner)
                    .call::<app::portal::api::SaveOnboarding>(&[
                        ("input[legal_name]", "Sam Rivera"),
                        ("input[shipping_address]", "Storgata 1, Oslo"),
                        ("input[payment_details]", "NO93 8601 1117 947"),
                        ("input[tax_id]", ""),
                        ("input[preferred_platforms][0]", "instagram"),
                    ])
                    .await;
                let sam = portal::account(&w.app, CREATOR).await.unwrap();
                made(r, id(sam.id))
            })
        }),
        by_row("SubmitDraft", Owner, "draft.submit", Answered("/id")),
        by_row(
            "SubmitLiveLink",
            Owner,
            "deliverable.live",
            Id(|w| w.deliverable),
        ),
        by_row("AddComment", Marketing, "comment.add", Answered("")),
        by_row("ReplyToComment", Marketing, "comment.reply", Answered("")),
        by_row("EditComment", Legal, "comment.edit", Id(|w| w.thread)),
        by_row("DeleteComment", Legal, "comment.delete", Id(|w| w.thread)),
        by_row(
            "ResolveComment",
            Marketing,
            "comment.resolve",
            Id(|w| w.thread),
        ),
        by_steps("ResolveComment again", Marketing, "comment.reopen", |w| {
            Box::pin(async move {
                let thread = ("thread_id", id(w.thread));
                let mut m = w.client(Actor::Marketing);
                let r = there_and_back::<app::deliverables::api::ResolveComment>(
                    &mut m, thread, "resolved", "true", "false",
                )
                .await;
                made(r, id(w.thread))
            })
        }),
        by_steps("Decide both lanes", Marketing, "draft.approve", |w| {
            Box::pin(async move {
                let approve = |lane: &'static str| {
                    [
                        ("deliverable_id".to_string(), id(w.deliverable)),
                        ("version_id".to_string(), id(w.draft_version)),
                        ("lane".to_string(), lane.to_string()),
                        ("verdict".to_string(), "approved".to_string()),
                        ("checked".to_string(), every_point()),
                        ("note".to_string(), String::new()),
                    ]
                };
                let legal = portal::call_owned::<app::deliverables::api::Decide>(
                    &mut w.client(Actor::Legal),
                    &approve("legal"),
                )
                .await;
                assert_eq!(legal.status, StatusCode::OK, "{}", legal.text);
                let since = Some(last_event(w).await);
                let r = portal::call_owned::<app::deliverables::api::Decide>(
                    &mut w.client(Actor::Marketing),
                    &approve("marketing"),
                )
                .await;
                Made {
                    reply: r,
                    entity: id(w.deliverable),
                    since,
                }
            })
        }),
        by_steps("Decide", Legal, "review.decide", |w| {
            Box::pin(async move {
                let row = &matrix()["Decide"];
                let r = access::call(w, Actor::Legal, row).await;
                let decision = review_decision::Entity::find()
                    .order_by_desc(review_decision::Column::Id)
                    .one(&w.app.state.db)
                    .await
                    .unwrap()
                    .map_or(0, |d| d.id);
                made(r, id(decision))
            })
        }),
        by_row(
            "SchedulePayment",
            Marketing,
            "payment.schedule",
            Answered("/id"),
        ),
        by_row(
            "ApprovePayment",
            Marketing,
            "payment.approve",
            Id(|w| w.payment),
        ),
        by_steps("MarkPaid", Marketing, "payment.pay", |w| {
            Box::pin(async move {
                let mut m = w.client(Actor::Marketing);
                let r = m
                    .call::<app::payments::api::ApprovePayment>(&[
                        ("id", &id(w.payment)),
                        ("version", &id(w.payment_version)),
                    ])
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                let version = answered(&r, "/version");
                let r = m
                    .call::<app::payments::api::MarkPaid>(&[
                        ("id", &id(w.payment)),
                        ("version", &version),
                        ("paid", "250"),
                        ("paid_on", "2026-06-01"),
                    ])
                    .await;
                made(r, id(w.payment))
            })
        }),
        // Results.
        by_steps("RecordReading", Marketing, "metrics.record", |w| {
            Box::pin(async move {
                let r = w
                    .client(Actor::Marketing)
                    .call::<app::metrics::api::RecordReading>(&[
                        ("deliverable_id", &id(w.deliverable)),
                        ("captured_at", "2026-06-01T08:00"),
                        ("counts[views]", "100"),
                    ])
                    .await;
                made(r, id(w.deliverable))
            })
        }),
        by_steps(
            "/campaigns/{id}/readings",
            Marketing,
            "metrics.import",
            |w| {
                Box::pin(async move {
                    let sheet = format!(
                        "deliverable_id,captured_at,reach,likes\n{},2026-05-30,800,30\n",
                        w.deliverable
                    );
                    let r = w
                        .client(Actor::Marketing)
                        .post_bytes(
                            &format!("/campaigns/{}/readings?commit=true", w.campaign),
                            sheet.into_bytes(),
                        )
                        .await;
                    made(r, id(w.campaign))
                })
            },
        ),
    ]
}

async fn save_brief(w: &World, m: &mut Client) -> (Reply, Option<String>) {
    let current: Value = m
        .call::<app::briefs::api::GetBrief>(&[("campaign_id", &id(w.campaign))])
        .await
        .json();
    let based_on = current.pointer("/version").map(|v| v.to_string());
    let args = portal::brief_args(&id(w.campaign), based_on.as_deref(), "Launch, told again");
    (
        portal::call_owned::<app::briefs::api::SaveBrief>(m, &args).await,
        based_on,
    )
}

/// `F` called with `key` set to `first`, then to `second` (a member deactivated and
/// reactivated, a thread resolved and reopened); answers the second reply.
async fn there_and_back<F: server_fn::ServerFn>(
    c: &mut Client,
    (name, value): (&str, String),
    key: &str,
    first: &str,
    second: &str,
) -> Reply {
    let args = |flag: &str| {
        vec![
            (name.to_string(), value.clone()),
            (key.to_string(), flag.to_string()),
        ]
    };
    let r = portal::call_owned::<F>(c, &args(first)).await;
    assert!(r.status.is_success(), "{}", r.text);
    portal::call_owned::<F>(c, &args(second)).await
}

/// Every point of the review checklist, as an approval ticks them.
fn every_point() -> String {
    let points: Vec<&str> = app::domain::review::CHECKLIST
        .iter()
        .map(|(k, _)| *k)
        .collect();
    points.join(",")
}

/// The token of the newest link emailed to `to` under `path` (`reset`, `confirm-email`).
async fn emailed_token(w: &World, to: &str, path: &str) -> String {
    let m = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .filter(outbox_message::Column::Link.contains(format!("/{path}/")))
        .order_by_desc(outbox_message::Column::Id)
        .one(&w.app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {path} link was emailed to {to}"));
    m.link.rsplit('/').next().unwrap().to_string()
}

/// Two-factor sign-in turned on for `c`: the first code of a fresh secret confirmed.
async fn two_factor_on(w: &World, c: &mut Client) -> Reply {
    let r = c
        .call::<app::auth::two_factor::api::StartTwoFactor>(&[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let secret = serde_json::from_str::<Value>(&r.text).unwrap()["secret"]
        .as_str()
        .unwrap()
        .replace(' ', "");
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    let code = totp
        .generate(w.app.clock.now().timestamp() as u64)
        .to_string();
    c.call::<app::auth::two_factor::api::ConfirmTwoFactor>(&[("code", code.as_str())])
        .await
}

async fn new_creator(m: &mut Client) -> String {
    let r = m
        .call::<app::creators::api::CreateCreator>(&[
            ("input[name]", "Dora Klein"),
            ("input[currency]", "EUR"),
        ])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    answered(&r, "/id")
}

async fn board_of(m: &mut Client, campaign: i32) -> (i32, Vec<app::pipeline::Entry>) {
    let r = m
        .call::<app::pipeline::api::PipelineEntries>(&[("campaign_id", &id(campaign))])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (campaign, r.json())
}

async fn send_agreement(w: &World) -> app::agreements::AgreementView {
    let r = portal::send_agreement(&mut w.client(Actor::Marketing), w.entry, "700").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

async fn last_event(world: &World) -> i32 {
    audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(&world.app.state.db)
        .await
        .unwrap()
        .map_or(0, |e| e.id)
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
