//! The audit trail: every state change records who, when, what, before and after — in the
//! same transaction as the change, so the trail can never disagree with the data.

use super::audit_event;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde::Serialize;

/// Who did it: a signed-in user, or the system (seeding, background jobs).
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub organization_id: Option<i32>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor {
        user_id: None,
        organization_id: None,
    };
}

impl From<&super::user::Model> for Actor {
    fn from(user: &super::user::Model) -> Self {
        Actor {
            user_id: Some(user.id),
            organization_id: user.organization_id,
        }
    }
}

/// Every action the audit trail records, declared once. Its name (`entity.verb`) is what
/// the trail stores and the history shows; its entity is the kind of record it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    AgreementAccept,
    AgreementDecline,
    AgreementSend,
    ApiTokenCreate,
    ApiTokenRevoke,
    BriefSave,
    BriefSend,
    CampaignCreate,
    CampaignUpdate,
    CampaignTransition,
    CampaignFinalize,
    CommentAdd,
    CommentReply,
    CommentEdit,
    CommentDelete,
    CommentResolve,
    CommentReopen,
    CreatorCreate,
    CreatorUpdate,
    CreatorAddChannel,
    CreatorRemoveChannel,
    CreatorDelete,
    CreatorOnboard,
    CreatorImportCommit,
    CreatorImportCancel,
    DeliverableLive,
    DraftSubmit,
    DraftApprove,
    EmailSendAgain,
    InvitationCreate,
    InvitationRevoke,
    InvitationAccept,
    MetricsRecord,
    MetricsImport,
    OrganizationCreate,
    OrganizationUpdate,
    OrganizationSimulator,
    PaymentSchedule,
    PaymentApprove,
    PaymentPay,
    PipelineEntryCreate,
    PipelineEntryMove,
    ReviewDecide,
    TaskComplete,
    UserCreate,
    UserLogin,
    UserLogout,
    UserLogoutEverywhere,
    UserRename,
    UserPasswordChange,
    UserPasswordReset,
    UserPasswordResetRequest,
    UserPasswordResetSend,
    UserEmailChange,
    UserEmailConfirm,
    UserEmailConfirmRequest,
    UserEmailSettings,
    UserRoleChange,
    UserDeactivate,
    UserReactivate,
    UserTwoFactorOn,
    UserTwoFactorOff,
    UserRecoveryCodes,
    UserRecoveryCodeUsed,
}

impl Action {
    pub const ALL: [Action; 64] = [
        Action::AgreementAccept,
        Action::AgreementDecline,
        Action::AgreementSend,
        Action::ApiTokenCreate,
        Action::ApiTokenRevoke,
        Action::BriefSave,
        Action::BriefSend,
        Action::CampaignCreate,
        Action::CampaignUpdate,
        Action::CampaignTransition,
        Action::CampaignFinalize,
        Action::CommentAdd,
        Action::CommentReply,
        Action::CommentEdit,
        Action::CommentDelete,
        Action::CommentResolve,
        Action::CommentReopen,
        Action::CreatorCreate,
        Action::CreatorUpdate,
        Action::CreatorAddChannel,
        Action::CreatorRemoveChannel,
        Action::CreatorDelete,
        Action::CreatorOnboard,
        Action::CreatorImportCommit,
        Action::CreatorImportCancel,
        Action::DeliverableLive,
        Action::DraftSubmit,
        Action::DraftApprove,
        Action::EmailSendAgain,
        Action::InvitationCreate,
        Action::InvitationRevoke,
        Action::InvitationAccept,
        Action::MetricsRecord,
        Action::MetricsImport,
        Action::OrganizationCreate,
        Action::OrganizationUpdate,
        Action::OrganizationSimulator,
        Action::PaymentSchedule,
        Action::PaymentApprove,
        Action::PaymentPay,
        Action::PipelineEntryCreate,
        Action::PipelineEntryMove,
        Action::ReviewDecide,
        Action::TaskComplete,
        Action::UserCreate,
        Action::UserLogin,
        Action::UserLogout,
        Action::UserLogoutEverywhere,
        Action::UserRename,
        Action::UserPasswordChange,
        Action::UserPasswordReset,
        Action::UserPasswordResetRequest,
        Action::UserPasswordResetSend,
        Action::UserEmailChange,
        Action::UserEmailConfirm,
        Action::UserEmailConfirmRequest,
        Action::UserEmailSettings,
        Action::UserRoleChange,
        Action::UserDeactivate,
        Action::UserReactivate,
        Action::UserTwoFactorOn,
        Action::UserTwoFactorOff,
        Action::UserRecoveryCodes,
        Action::UserRecoveryCodeUsed,
    ];

    /// `entity.verb`, e.g. `invitation.create`.
    pub const fn name(self) -> &'static str {
        match self {
            Action::AgreementAccept => "agreement.accept",
            Action::AgreementDecline => "agreement.decline",
            Action::AgreementSend => "agreement.send",
            Action::ApiTokenCreate => "api_token.create",
            Action::ApiTokenRevoke => "api_token.revoke",
            Action::BriefSave => "brief.save",
            Action::BriefSend => "brief.send",
            Action::CampaignCreate => "campaign.create",
            Action::CampaignUpdate => "campaign.update",
            Action::CampaignTransition => "campaign.transition",
            Action::CampaignFinalize => "campaign.finalize",
            Action::CommentAdd => "comment.add",
            Action::CommentReply => "comment.reply",
            Action::CommentEdit => "comment.edit",
            Action::CommentDelete => "comment.delete",
            Action::CommentResolve => "comment.resolve",
            Action::CommentReopen => "comment.reopen",
            Action::CreatorCreate => "creator.create",
            Action::CreatorUpdate => "creator.update",
            Action::CreatorAddChannel => "creator.add_channel",
            Action::CreatorRemoveChannel => "creator.remove_channel",
            Action::CreatorDelete => "creator.delete",
            Action::CreatorOnboard => "creator.onboard",
            Action::CreatorImportCommit => "creator_import.commit",
            Action::CreatorImportCancel => "creator_import.cancel",
            Action::DeliverableLive => "deliverable.live",
            Action::DraftSubmit => "draft.submit",
            Action::DraftApprove => "draft.approve",
            Action::EmailSendAgain => "email.send_again",
            Action::InvitationCreate => "invitation.create",
            Action::InvitationRevoke => "invitation.revoke",
            Action::InvitationAccept => "invitation.accept",
            Action::MetricsRecord => "metrics.record",
            Action::MetricsImport => "metrics.import",
            Action::OrganizationCreate => "organization.create",
            Action::OrganizationUpdate => "organization.update",
            Action::OrganizationSimulator => "organization.simulator",
            Action::PaymentSchedule => "payment.schedule",
            Action::PaymentApprove => "payment.approve",
            Action::PaymentPay => "payment.pay",
            Action::PipelineEntryCreate => "pipeline_entry.create",
            Action::PipelineEntryMove => "pipeline_entry.move",
            Action::ReviewDecide => "review.decide",
            Action::TaskComplete => "task.complete",
            Action::UserCreate => "user.create",
            Action::UserLogin => "user.login",
            Action::UserLogout => "user.logout",
            Action::UserLogoutEverywhere => "user.logout_everywhere",
            Action::UserRename => "user.rename",
            Action::UserPasswordChange => "user.password_change",
            Action::UserPasswordReset => "user.password_reset",
            Action::UserPasswordResetRequest => "user.password_reset_request",
            Action::UserPasswordResetSend => "user.password_reset_send",
            Action::UserEmailChange => "user.email_change",
            Action::UserEmailConfirm => "user.email_confirm",
            Action::UserEmailConfirmRequest => "user.email_confirm_request",
            Action::UserEmailSettings => "user.email_settings",
            Action::UserRoleChange => "user.role_change",
            Action::UserDeactivate => "user.deactivate",
            Action::UserReactivate => "user.reactivate",
            Action::UserTwoFactorOn => "user.two_factor_on",
            Action::UserTwoFactorOff => "user.two_factor_off",
            Action::UserRecoveryCodes => "user.recovery_codes",
            Action::UserRecoveryCodeUsed => "user.recovery_code_used",
        }
    }

    /// The kind of record the action is about (the `entity_type` stored with it).
    pub const fn entity(self) -> &'static str {
        match self {
            Action::AgreementAccept | Action::AgreementDecline | Action::AgreementSend => {
                "agreement"
            }
            Action::ApiTokenCreate | Action::ApiTokenRevoke => "api_token",
            Action::BriefSave => "brief",
            Action::BriefSend | Action::PipelineEntryCreate | Action::PipelineEntryMove => {
                "pipeline_entry"
            }
            Action::CampaignCreate
            | Action::CampaignUpdate
            | Action::CampaignTransition
            | Action::CampaignFinalize
            | Action::MetricsImport => "campaign",
            Action::CommentAdd
            | Action::CommentReply
            | Action::CommentEdit
            | Action::CommentDelete
            | Action::CommentResolve
            | Action::CommentReopen => "review_comment",
            Action::CreatorCreate
            | Action::CreatorUpdate
            | Action::CreatorAddChannel
            | Action::CreatorRemoveChannel
            | Action::CreatorDelete => "creator",
            Action::CreatorOnboard => "app_user",
            Action::CreatorImportCommit | Action::CreatorImportCancel => "creator_import",
            Action::DeliverableLive | Action::DraftApprove | Action::MetricsRecord => "deliverable",
            Action::DraftSubmit => "draft_version",
            Action::EmailSendAgain => "outbox_message",
            Action::InvitationCreate | Action::InvitationRevoke | Action::InvitationAccept => {
                "invitation"
            }
            Action::OrganizationCreate
            | Action::OrganizationUpdate
            | Action::OrganizationSimulator => "organization",
            Action::PaymentSchedule | Action::PaymentApprove | Action::PaymentPay => "payment",
            Action::ReviewDecide => "review_decision",
            Action::TaskComplete => "task",
            Action::UserCreate
            | Action::UserLogin
            | Action::UserLogout
            | Action::UserLogoutEverywhere
            | Action::UserRename
            | Action::UserPasswordChange
            | Action::UserPasswordReset
            | Action::UserPasswordResetRequest
            | Action::UserPasswordResetSend
            | Action::UserEmailChange
            | Action::UserEmailConfirm
            | Action::UserEmailConfirmRequest
            | Action::UserEmailSettings
            | Action::UserRoleChange
            | Action::UserDeactivate
            | Action::UserReactivate
            | Action::UserTwoFactorOn
            | Action::UserTwoFactorOff
            | Action::UserRecoveryCodes
            | Action::UserRecoveryCodeUsed => "user",
        }
    }
}

#[must_use = "an audit event is only written by .record()"]
pub struct AuditEvent {
    actor: Actor,
    organization_id: Option<i32>,
    action: &'static str,
    entity_type: &'static str,
    entity_id: Option<String>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn new(actor: Actor, action: Action) -> Self {
        Self {
            actor,
            organization_id: actor.organization_id,
            action: action.name(),
            entity_type: action.entity(),
            entity_id: None,
            before: None,
            after: None,
        }
    }

    pub fn entity(mut self, id: impl ToString) -> Self {
        self.entity_id = Some(id.to_string());
        self
    }

    /// For events of an organization the actor does not belong to (a creator's acceptance).
    pub fn organization(mut self, organization_id: Option<i32>) -> Self {
        self.organization_id = organization_id;
        self
    }

    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }

    pub async fn record(self, db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<(), DbErr> {
        Self::record_all(db, [self], at).await
    }

    /// Several events in one statement (a batch of changes).
    pub async fn record_all(
        db: &impl ConnectionTrait,
        events: impl IntoIterator<Item = AuditEvent>,
        at: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let rows: Vec<audit_event::ActiveModel> = events
            .into_iter()
            .map(|e| audit_event::ActiveModel {
                organization_id: Set(e.organization_id),
                actor_user_id: Set(e.actor.user_id),
                action: Set(e.action.to_string()),
                entity_type: Set(e.entity_type.to_string()),
                entity_id: Set(e.entity_id),
                before: Set(e.before),
                after: Set(e.after),
                created_at: Set(at),
                ..Default::default()
            })
            .collect();
        if !rows.is_empty() {
            audit_event::Entity::insert_many(rows)
                .exec_without_returning(db)
                .await?;
        }
        Ok(())
    }
}

/// An entity's trail, newest first, with actor names and field-level changes. Values
/// under the snapshot key `hide` (if any) show as "(hidden)".
pub async fn history(
    db: &impl ConnectionTrait,
    organization_id: i32,
    entity_type: &str,
    entity_id: &str,
    hide: Option<&str>,
) -> Result<Vec<crate::domain::history::HistoryEntry>, crate::error::AppError> {
    use super::user;
    use crate::domain::diff::{changes, changes_hiding};
    use crate::domain::history::{Change, HistoryEntry};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

    let events = audit_event::Entity::find()
        .filter(audit_event::Column::OrganizationId.eq(organization_id))
        .filter(audit_event::Column::EntityType.eq(entity_type))
        .filter(audit_event::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_event::Column::CreatedAt)
        .order_by_desc(audit_event::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let actor_ids: Vec<i32> = events.iter().filter_map(|e| e.actor_user_id).collect();
    let names: std::collections::HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| HistoryEntry {
            at: e.created_at,
            actor: e.actor_user_id.and_then(|id| names.get(&id).cloned()),
            changes: match hide {
                Some(key) => changes_hiding(e.before.as_ref(), e.after.as_ref(), key),
                None => changes(e.before.as_ref(), e.after.as_ref()),
            }
            .into_iter()
            .filter(|c| c.field != "version" && c.field != "updated_at")
            .map(|c| Change {
                field: c.field,
                before: c.before,
                after: c.after,
            })
            .collect(),
            action: e.action,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_action_has_its_own_name_of_its_entity() {
        let names: std::collections::BTreeSet<_> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names.len(), Action::ALL.len());
        for action in Action::ALL {
            let (entity, verb) = action.name().split_once('.').unwrap();
            assert!(!entity.is_empty() && !verb.is_empty(), "{}", action.name());
            assert!(!action.entity().is_empty());
        }
    }
}
