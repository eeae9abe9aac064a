//! The audit trail's changes: campaigns, briefs, the board, creators and tasks.

use super::steps::*;
use super::*;

pub(super) fn changes() -> Vec<Change> {
    use Actor::*;
    use Names::*;
    vec![
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
    ]
}
