//! Invitations end to end over HTTP: invite, the outbox, preview, accept, single use,
//! expiry, revocation, and who may do each.

mod boundaries;
mod links;

use crate::common;
use crate::common::{PUBLIC_URL, TestApp, invite};
use app::auth::api::GetCurrentUser;
use app::domain::invitation::InvitationStatus;
use app::domain::role::Role;
use app::error::AppError;
use app::team::api::{
    AcceptInvitation, GetInvitation, GetOutbox, GetTeam, InviteMember, JoinInvitation,
    RevokeInvitation,
};
use app::team::{InvitationPreview, OutboxMessage, Team};
use axum::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

/// Without a mail server (the test default) the inviter gets the link to pass on.
fn token_of(link: &Option<String>) -> String {
    let link = link
        .as_deref()
        .expect("the link, shown without a mail server");
    link.rsplit('/').next().unwrap().to_string()
}
