//! The rows of the matrix. Columns: anon, own, cr2, mkt, leg, dir, adm, out (see `mod.rs`).

use super::{Call, Row, args, f, none, probe, route};
use app::{
    agreements::api as agreements, api_tokens::api as tokens, auth::api as auth,
    auth::two_factor::api as two_factor, briefs::api as briefs, campaigns::api as campaigns,
    collaboration::api as collaboration, creators::api as creators, dashboard::api as dashboard,
    deliverables::api as deliverables, metrics::api as metrics,
    notifications::api as notifications, organization::api as organization,
    payments::api as payments, pipeline::api as pipeline, portal::api as portal,
    report::api as report, tasks::api as tasks, team::api as team,
};

//                              anon own  cr2  mkt  leg  dir  adm  out
const PUBLIC: &str = "ok   ok   ok   ok   ok   ok   ok   ok";
const SIGNED_IN: &str = "401  ok   ok   ok   ok   ok   ok   ok";
const STAFF: &str = "401  403  403  ok   ok   ok   ok   ok";
const STAFF_OURS: &str = "401  403  403  ok   ok   ok   ok   404";
const EDITORS: &str = "401  403  403  ok   403  403  ok   ok";
const EDITORS_OURS: &str = "401  403  403  ok   403  403  ok   404";
const ADMINS: &str = "401  403  403  403  403  403  ok   ok";
const ADMINS_OURS: &str = "401  403  403  403  403  403  ok   404";
const CREATORS: &str = "401  ok   ok   403  403  403  403  403";
const OWNER: &str = "401  ok   404  403  403  403  403  403";

fn id(n: i32) -> String {
    n.to_string()
}

/// Every coverage row (the probes of `mixed` aside).
pub fn all() -> Vec<Row> {
    [accounts(), team(), campaigns(), collaborations(), results()]
        .into_iter()
        .flatten()
        .collect()
}

pub fn accounts() -> Vec<Row> {
    vec![
        f::<auth::GetCurrentUser>(PUBLIC, false, none),
        f::<auth::Login>(PUBLIC, false, |_| {
            args([
                ("email", "nobody@example.com".into()),
                ("password", "wrong".into()),
            ])
        }),
        f::<auth::VerifySignInCode>(PUBLIC, false, |_| args([("code", "123456".into())])),
        f::<auth::Logout>(PUBLIC, true, none),
        f::<auth::LogoutEverywhere>(SIGNED_IN, true, none),
        f::<auth::ForgotPassword>(PUBLIC, false, |_| {
            args([("email", "marketing@roster.example".into())])
        }),
        f::<auth::ResetPassword>(PUBLIC, false, |_| {
            args([
                ("token", "not-a-token".into()),
                ("password", "a good long password".into()),
            ])
        }),
        f::<auth::ChangePassword>(SIGNED_IN, false, |_| {
            args([
                ("current_password", "wrong".into()),
                ("new_password", "x".into()),
            ])
        }),
        f::<auth::ChangeName>(SIGNED_IN, true, |_| args([("name", "Renamed".into())])),
        f::<auth::ChangeEmail>(SIGNED_IN, false, |_| {
            args([
                ("email", "new@example.com".into()),
                ("current_password", "wrong".into()),
            ])
        }),
        f::<auth::SendEmailConfirmation>(SIGNED_IN, true, none),
        f::<auth::ConfirmEmail>(PUBLIC, false, |_| args([("token", "not-a-token".into())])),
        f::<two_factor::GetTwoFactorStatus>(STAFF, false, none),
        f::<two_factor::StartTwoFactor>(STAFF, true, none),
        f::<two_factor::ConfirmTwoFactor>(STAFF, false, |_| args([("code", "123456".into())])),
        f::<two_factor::DisableTwoFactor>(STAFF, false, |_| args([("password", "wrong".into())])),
        f::<two_factor::RenewRecoveryCodes>(STAFF, false, |_| args([("password", "wrong".into())])),
        f::<notifications::MyNotifications>(SIGNED_IN, false, none),
        f::<notifications::ReadNotifications>(SIGNED_IN, true, |w| {
            args([("id", id(w.notification))])
        }),
        f::<notifications::EmailSettings>(SIGNED_IN, false, none),
        f::<notifications::SaveEmailSettings>(SIGNED_IN, true, none),
    ]
}

pub fn team() -> Vec<Row> {
    vec![
        f::<team::GetTeam>(ADMINS, false, none),
        f::<team::InviteMember>(ADMINS, true, |_| {
            args([
                ("email", "someone@example.com".into()),
                ("name", "Someone".into()),
                ("role", "legal".into()),
            ])
        }),
        f::<team::RevokeInvitation>(ADMINS_OURS, true, |w| args([("id", id(w.invitation))])),
        f::<team::GetOutbox>(ADMINS, false, none),
        f::<team::SendEmailAgain>(ADMINS_OURS, true, |w| args([("id", id(w.outbox_message))])),
        f::<team::GetInvitation>(PUBLIC, false, |w| {
            args([("token", w.invitation_token.clone())])
        }),
        f::<team::AcceptInvitation>(PUBLIC, true, |w| {
            args([
                ("token", w.invitation_token.clone()),
                ("password", "violet harbor ninety kettle".into()),
            ])
        }),
        f::<team::JoinInvitation>(SIGNED_IN, true, |w| {
            args([("token", w.invitation_token.clone())])
        }),
        f::<team::ChangeMemberRole>(ADMINS_OURS, true, |w| {
            args([("member_id", id(w.marketer_id)), ("role", "legal".into())])
        }),
        f::<team::SetMemberActive>(ADMINS_OURS, true, |w| {
            args([("member_id", id(w.marketer_id)), ("active", "false".into())])
        }),
        f::<team::SendMemberResetLink>(ADMINS_OURS, true, |w| {
            args([("member_id", id(w.marketer_id))])
        }),
        // Setup links exist only on an empty database: a wrong one is refused alike for all.
        f::<organization::SetUpOrganization>(
            "404  404  404  404  404  404  404  404",
            false,
            |_| {
                args([
                    ("token", "not-a-token".into()),
                    ("name", "Mine".into()),
                    ("currency", "EUR".into()),
                    ("time_zone", "UTC".into()),
                    ("admin_name", "Me".into()),
                    ("email", "me@example.com".into()),
                    ("password", "violet harbor ninety kettle".into()),
                ])
            },
        ),
        f::<organization::CheckSetupLink>("404  404  404  404  404  404  404  404", false, |_| {
            args([("token", "not-a-token".into())])
        }),
        f::<organization::GetOrganizationSettings>(ADMINS, false, none),
        f::<organization::UpdateOrganizationSettings>(ADMINS, true, |_| {
            args([
                ("name", "Renamed".into()),
                ("currency", "EUR".into()),
                ("time_zone", "Europe/Oslo".into()),
            ])
        }),
        f::<tokens::ListApiTokens>(ADMINS, false, none),
        f::<tokens::CreateApiToken>(ADMINS, true, |_| args([("name", "Another".into())])),
        f::<tokens::RevokeApiToken>(ADMINS_OURS, true, |w| args([("id", id(w.api_token))])),
    ]
}

pub fn campaigns() -> Vec<Row> {
    vec![
        f::<campaigns::ListCampaigns>(STAFF, false, |_| args([("shelf", "current".into())])),
        f::<campaigns::GetCampaign>(STAFF_OURS, false, |w| args([("id", id(w.campaign))])),
        f::<campaigns::CampaignHistory>(STAFF_OURS, false, |w| args([("id", id(w.campaign))])),
        f::<campaigns::CampaignOwners>(EDITORS, false, none),
        f::<campaigns::CreateCampaign>(EDITORS, true, |_| {
            args([
                ("input[name]", "Autumn".into()),
                ("input[objective]", "awareness".into()),
                ("input[currency]", "EUR".into()),
                ("input[budget]", "1000".into()),
                ("input[starts_on]", "2026-09-01".into()),
                ("input[ends_on]", "2026-10-01".into()),
            ])
        }),
        f::<campaigns::UpdateCampaign>(EDITORS_OURS, true, |w| {
            args([
                ("id", id(w.campaign)),
                ("version", "1".into()),
                ("input[name]", "Renamed".into()),
                ("input[objective]", "awareness".into()),
                ("input[currency]", "EUR".into()),
                ("input[budget]", "1000".into()),
                ("input[starts_on]", "2026-09-01".into()),
                ("input[ends_on]", "2026-10-01".into()),
            ])
        }),
        f::<campaigns::TransitionCampaign>(EDITORS_OURS, true, |w| {
            args([
                ("id", id(w.campaign)),
                ("version", "1".into()),
                ("to", "active".into()),
            ])
        }),
        f::<briefs::GetBrief>(STAFF_OURS, false, |w| {
            args([("campaign_id", id(w.campaign))])
        }),
        f::<briefs::SaveBrief>(EDITORS_OURS, true, |w| {
            args([
                ("campaign_id", id(w.campaign)),
                ("input[objective]", "Launch".into()),
                ("input[audience]", "Runners".into()),
            ])
        }),
        f::<pipeline::PipelineEntries>(STAFF_OURS, false, |w| {
            args([("campaign_id", id(w.campaign))])
        }),
        f::<pipeline::ShortlistCreators>(EDITORS_OURS, true, |w| {
            args([
                ("campaign_id", id(w.campaign)),
                ("creator_ids[0]", id(w.creator)),
            ])
        }),
        f::<pipeline::MoveEntry>(EDITORS_OURS, true, |w| {
            args([
                ("entry_id", id(w.entry)),
                ("version", id(w.entry_version)),
                ("to", "live".into()),
                ("index", "0".into()),
            ])
        }),
        f::<creators::SearchCreators>(STAFF, false, none),
        f::<creators::CreatorNiches>(STAFF, false, none),
        f::<creators::GetCreator>(STAFF_OURS, false, |w| args([("id", id(w.creator))])),
        f::<creators::CreatorHistory>(STAFF_OURS, false, |w| args([("id", id(w.creator))])),
        f::<creators::CreateCreator>(EDITORS, true, |_| {
            args([
                ("input[name]", "Dora".into()),
                ("input[currency]", "EUR".into()),
            ])
        }),
        f::<creators::UpdateCreator>(EDITORS_OURS, true, |w| {
            args([
                ("id", id(w.creator)),
                ("version", id(w.creator_version)),
                ("input[name]", "Ana Lima".into()),
                ("input[currency]", "EUR".into()),
            ])
        }),
        f::<creators::DeleteCreator>(EDITORS_OURS, true, |w| {
            args([("id", id(w.creator)), ("version", id(w.creator_version))])
        }),
        f::<creators::AddChannel>(EDITORS_OURS, true, |w| {
            args([
                ("id", id(w.creator)),
                ("version", id(w.creator_version)),
                ("input[platform]", "tiktok".into()),
                ("input[handle]", "ana.tt".into()),
                ("input[followers]", "100".into()),
            ])
        }),
        f::<creators::RemoveChannel>(EDITORS_OURS, true, |w| {
            args([
                ("id", id(w.creator)),
                ("version", id(w.creator_version)),
                ("channel_id", id(w.channel)),
            ])
        }),
        f::<creators::GetImport>(EDITORS_OURS, false, |w| args([("id", id(w.import))])),
        f::<creators::CommitImport>(EDITORS_OURS, true, |w| args([("id", id(w.import))])),
        f::<creators::CancelImport>(EDITORS_OURS, true, |w| args([("id", id(w.import))])),
        f::<tasks::MyTasks>(EDITORS, false, none),
        f::<tasks::CompleteTask>(EDITORS_OURS, true, |w| args([("id", id(w.task))])),
    ]
}

pub fn collaborations() -> Vec<Row> {
    vec![
        f::<collaboration::GetCollaboration>(
            "401  ok   404  ok   ok   ok   ok   404",
            false,
            |w| args([("entry_id", id(w.entry))]),
        ),
        f::<collaboration::GetPortalHome>(CREATORS, false, none),
        f::<collaboration::SendBrief>(EDITORS_OURS, true, |w| args([("entry_id", id(w.entry))])),
        f::<collaboration::InviteCreator>(EDITORS_OURS, true, |w| {
            args([("entry_id", id(w.entry))])
        }),
        f::<agreements::SendAgreement>(EDITORS_OURS, true, |w| {
            args([
                ("entry_id", id(w.entry)),
                ("input[deliverables][0][platform]", "instagram".into()),
                ("input[deliverables][0][format]", "Reel".into()),
                ("input[deliverables][0][quantity]", "1".into()),
                ("input[deliverables][0][due_on]", "2026-07-01".into()),
                ("input[fee]", "600".into()),
                ("input[usage_months]", "6".into()),
                ("input[whitelisting]", "false".into()),
                ("input[posting_from]", "2026-07-02".into()),
                ("input[posting_until]", "2026-07-16".into()),
            ])
        }),
        f::<agreements::AcceptAgreement>(OWNER, true, |w| {
            args([
                ("agreement_id", id(w.agreement)),
                ("legal_name", "Ana Lima".into()),
                ("body_sha256", "0".into()),
            ])
        }),
        f::<agreements::DeclineAgreement>(OWNER, true, |w| {
            args([("agreement_id", id(w.agreement)), ("reason", "No".into())])
        }),
        f::<portal::GetOnboarding>(CREATORS, false, none),
        f::<portal::SaveOnboarding>(CREATORS, true, |_| {
            args([("input[legal_name]", "Ana Lima".into())])
        }),
        f::<deliverables::GetDeliverable>("401  ok   404  ok   ok   ok   ok   404", false, |w| {
            args([("id", id(w.deliverable))])
        }),
        f::<deliverables::SubmitDraft>(OWNER, true, |w| {
            args([
                ("deliverable_id", id(w.deliverable)),
                ("caption", "Take two".into()),
                ("upload_ids[0]", id(w.upload)),
            ])
        }),
        f::<deliverables::SubmitLiveLink>(OWNER, true, |w| {
            args([
                ("deliverable_id", id(w.deliverable)),
                ("live_url", "https://instagram.com/p/abc".into()),
            ])
        }),
        f::<deliverables::GetReview>("401  ok   404  ok   ok   ok   ok   404", false, |w| {
            args([("id", id(w.deliverable))])
        }),
        // Creators reply to threads but start none; directors read and comment.
        f::<deliverables::AddComment>("401  403  404  ok   ok   ok   ok   404", true, |w| {
            args([
                ("version_id", id(w.draft_version)),
                ("body", "Another note".into()),
            ])
        }),
        f::<deliverables::ReplyToComment>("401  ok   404  ok   ok   ok   ok   404", true, |w| {
            args([("thread_id", id(w.thread)), ("body", "Agreed".into())])
        }),
        f::<deliverables::EditComment>("401  403  404  403  ok   403  403  404", true, |w| {
            args([("comment_id", id(w.thread)), ("body", "Edited".into())])
        }),
        f::<deliverables::DeleteComment>("401  403  404  403  ok   403  403  404", true, |w| {
            args([("comment_id", id(w.thread))])
        }),
        f::<deliverables::ResolveComment>("401  403  404  ok   ok   403  ok   404", true, |w| {
            args([("thread_id", id(w.thread)), ("resolved", "true".into())])
        }),
        // The legal lane: legal alone decides it.
        f::<deliverables::Decide>("401  403  404  403  ok   403  403  404", true, |w| {
            args([
                ("deliverable_id", id(w.deliverable)),
                ("version_id", id(w.draft_version)),
                ("lane", "legal".into()),
                ("verdict", "changes_requested".into()),
                ("note", "Name the model".into()),
            ])
        }),
        f::<deliverables::ReviewQueue>(STAFF, false, none),
        f::<payments::GetPayments>(EDITORS, false, none),
        f::<payments::SchedulePayment>(EDITORS_OURS, true, |w| {
            args([
                ("entry_id", id(w.entry)),
                ("amount", "100".into()),
                ("due_on", "2026-06-02".into()),
            ])
        }),
        f::<payments::ApprovePayment>(EDITORS_OURS, true, |w| {
            args([("id", id(w.payment)), ("version", id(w.payment_version))])
        }),
        f::<payments::MarkPaid>(EDITORS_OURS, true, |w| {
            args([
                ("id", id(w.payment)),
                ("version", id(w.payment_version)),
                ("paid", "250".into()),
                ("paid_on", "2026-06-01".into()),
            ])
        }),
        f::<payments::MyPayments>(CREATORS, false, none),
    ]
}

pub fn results() -> Vec<Row> {
    vec![
        f::<metrics::GetReadings>(STAFF_OURS, false, |w| {
            args([("deliverable_id", id(w.deliverable))])
        }),
        f::<metrics::RecordReading>(EDITORS_OURS, true, |w| {
            args([
                ("deliverable_id", id(w.deliverable)),
                ("captured_at", "2026-06-01T10:00".into()),
                ("counts[views]", "100".into()),
            ])
        }),
        f::<metrics::SwitchSimulator>(EDITORS, true, |_| args([("on", "false".into())])),
        f::<report::GetReport>(STAFF_OURS, false, |w| {
            args([("campaign_id", id(w.campaign))])
        }),
        f::<report::FinalizeCampaign>(EDITORS_OURS, true, |w| {
            args([("campaign_id", id(w.campaign)), ("version", "1".into())])
        }),
        f::<dashboard::CampaignDashboard>(STAFF_OURS, false, |w| {
            args([("campaign_id", id(w.campaign))])
        }),
        f::<dashboard::ActiveDashboard>(STAFF, false, none),
        route("/health", PUBLIC, false, Call::Get(|_| "/health".into())),
        route(
            "/creators/export.csv",
            STAFF,
            false,
            Call::Get(|_| "/creators/export.csv".into()),
        ),
        route(
            "/creators/import/upload",
            EDITORS,
            true,
            Call::Post(|_| ("/creators/import/upload".into(), b"name\nDora\n".to_vec())),
        ),
        route("/events", STAFF, false, Call::Stream("/events")),
        route("/events/me", SIGNED_IN, false, Call::Stream("/events/me")),
        route(
            "/api/v1/snapshots",
            "401  401  401  401  401  401  401  401",
            false,
            Call::Post(|_| ("/api/v1/snapshots".into(), b"[]".to_vec())),
        ),
        route(
            "/campaigns/{id}/readings.csv",
            STAFF_OURS,
            false,
            Call::Get(|w| format!("/campaigns/{}/readings.csv", w.campaign)),
        ),
        route(
            "/campaigns/{id}/readings",
            EDITORS_OURS,
            true,
            Call::Post(|w| (format!("/campaigns/{}/readings", w.campaign), b"".to_vec())),
        ),
        route(
            "/campaigns/{id}/report.csv",
            STAFF_OURS,
            false,
            Call::Get(|w| format!("/campaigns/{}/report.csv?by=creators", w.campaign)),
        ),
        route(
            "/uploads",
            OWNER,
            true,
            Call::Post(|w| {
                (
                    format!("/uploads?deliverable={}&name=third.png", w.deliverable),
                    crate::common::portal::png(8),
                )
            }),
        ),
        route(
            "/media/{id}",
            "401  ok   404  ok   ok   ok   ok   404",
            false,
            Call::Get(|w| format!("/media/{}", w.media)),
        ),
    ]
}

/// Calls whose ids mix two things, or reach into the other organization. Not rows of
/// the coverage check: several probe one function.
pub fn mixed() -> Vec<Row> {
    //                          anon own  cr2  mkt  leg  dir  adm  out
    const REFUSED: &str = "401  4xx  4xx  4xx  4xx  4xx  4xx  4xx";
    vec![
        probe::<deliverables::Decide>(
            "a decision on our deliverable naming a version of theirs",
            REFUSED,
            true,
            |w| {
                args([
                    ("deliverable_id", id(w.deliverable)),
                    ("version_id", id(w.theirs.draft_version)),
                    ("lane", "legal".into()),
                    ("verdict", "changes_requested".into()),
                    ("note", "Name the model".into()),
                ])
            },
        ),
        probe::<deliverables::Decide>(
            "a decision on their deliverable naming a version of ours",
            REFUSED,
            true,
            |w| {
                args([
                    ("deliverable_id", id(w.theirs.deliverable)),
                    ("version_id", id(w.draft_version)),
                    ("lane", "legal".into()),
                    ("verdict", "changes_requested".into()),
                    ("note", "Name the model".into()),
                ])
            },
        ),
        probe::<deliverables::SubmitDraft>(
            "our draft with their creator's upload",
            REFUSED,
            true,
            |w| {
                args([
                    ("deliverable_id", id(w.deliverable)),
                    ("caption", "Borrowed file".into()),
                    ("upload_ids[0]", id(w.theirs.upload)),
                ])
            },
        ),
        probe::<deliverables::SubmitDraft>(
            "their draft with our creator's upload",
            REFUSED,
            true,
            |w| {
                args([
                    ("deliverable_id", id(w.theirs.deliverable)),
                    ("caption", "Borrowed file".into()),
                    ("upload_ids[0]", id(w.upload)),
                ])
            },
        ),
        probe::<creators::RemoveChannel>(
            "their channel removed through our creator",
            REFUSED,
            true,
            |w| {
                args([
                    ("id", id(w.creator)),
                    ("version", id(w.creator_version)),
                    ("channel_id", id(w.theirs.channel)),
                ])
            },
        ),
        probe::<deliverables::ReplyToComment>(
            "a reply in their thread",
            "401  404  ok   404  404  404  404  ok",
            true,
            |w| args([("thread_id", id(w.theirs.thread)), ("body", "Hello".into())]),
        ),
        probe::<deliverables::AddComment>(
            "a comment on their version",
            "401  4xx  403  404  404  404  404  ok",
            true,
            |w| {
                args([
                    ("version_id", id(w.theirs.draft_version)),
                    ("body", "Hello".into()),
                ])
            },
        ),
        Row {
            key: "probe: their creator's upload not yet in a draft".into(),
            label: "their creator's upload not yet in a draft",
            answers: "401  404  ok   404  404  404  404  404",
            writes: false,
            call: Call::Get(|w| format!("/media/{}", w.theirs.upload)),
        },
    ]
}
