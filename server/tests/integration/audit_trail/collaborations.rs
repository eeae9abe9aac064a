//! The audit trail's changes: collaborations: agreements, onboarding, drafts, reviews, payments.

use super::steps::*;
use super::*;

pub(super) fn changes() -> Vec<Change> {
    use Actor::*;
    use Names::*;
    vec![
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
    ]
}
