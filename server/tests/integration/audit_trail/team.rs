//! The audit trail's changes: the team and the organization.

use super::steps::*;
use super::*;

pub(super) fn changes() -> Vec<Change> {
    use Actor::*;
    use Names::*;
    vec![
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
    ]
}
