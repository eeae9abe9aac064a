//! The actions the audit trail records.

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
