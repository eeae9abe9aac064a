//! Server functions of the team: thin wrappers that check access and call `ssr`.

use super::{Invitation, InvitationPreview, OutboxMessage, SentInvitation, Team};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use leptos::prelude::*;

#[server]
pub async fn get_team() -> Result<Team, AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        super::ssr::team(&c.state.db, &me, c.state.clock.now()).await
    })
    .await
}

#[server]
pub async fn invite_member(
    email: String,
    name: String,
    role: Role,
) -> Result<SentInvitation, AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        let input = super::ssr::InviteInput {
            email,
            name,
            role,
            creator_id: None,
        };
        let s = &c.state;
        super::ssr::invite(&s.db, &me, s.clock.now(), &s.settings, input).await
    })
    .await
}

#[server]
pub async fn revoke_invitation(id: i32) -> Result<Invitation, AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        super::ssr::revoke(&c.state.db, &me, c.state.clock.now(), id).await
    })
    .await
}

#[server]
pub async fn get_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        super::ssr::outbox(&c.state.db, &me).await
    })
    .await
}

/// Sends an email that failed for good once more.
#[server]
pub async fn send_email_again(id: i32) -> Result<(), AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        super::ssr::send_again(&c.state.db, &me, c.state.clock.now(), id).await
    })
    .await
}

/// Public: anyone holding the link may see whom it invites.
#[server]
pub async fn get_invitation(token: String) -> Result<InvitationPreview, AppError> {
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.user().await?;
            let s = &caller.state;
            super::ssr::preview(&s.db, s.clock.now(), &token, me.as_ref()).await
        }
        .await,
    )
}

/// Public: sets the password of the invited account and signs it in.
#[server]
pub async fn accept_invitation(token: String, password: String) -> Result<CurrentUser, AppError> {
    use crate::platform::caller::{Caller, load_current_user, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let db = &caller.state.db;
            let created =
                super::ssr::accept(db, caller.state.clock.now(), &token, &password).await?;
            caller.sign_in(created.id).await?;
            let user = load_current_user(db, created.id)
                .await?
                .ok_or(AppError::Internal)?;
            leptos_axum::redirect(user.role.home());
            Ok(user)
        }
        .await,
    )
}

/// For an invitee who already has an account: accept while signed in as that account.
#[server]
pub async fn join_invitation(token: String) -> Result<(), AppError> {
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.user().await?.ok_or(AppError::Unauthenticated)?;
            let s = &caller.state;
            super::ssr::accept_signed_in(&s.db, s.clock.now(), &token, &me).await?;
            leptos_axum::redirect(me.role.home());
            Ok(())
        }
        .await,
    )
}

/// Gives a member another staff role. The last active admin keeps theirs.
#[server]
pub async fn change_member_role(member_id: i32, role: Role) -> Result<(), AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        super::ssr::change_role(&c.state.db, &me, c.state.clock.now(), member_id, role).await
    })
    .await
}

/// Deactivates a member (signed out at once, everywhere) or reactivates one.
#[server]
pub async fn set_member_active(member_id: i32, active: bool) -> Result<(), AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        let s = &c.state;
        if super::ssr::set_active(&s.db, &me, s.clock.now(), member_id, active).await? {
            crate::platform::sessions::announce_signed_out(&s.events, member_id);
        }
        Ok(())
    })
    .await
}

/// Emails a member a link to choose a new password; answers the address it went to.
#[server]
pub async fn send_member_reset_link(member_id: i32) -> Result<String, AppError> {
    use crate::{domain::role::Permission::ManageTeam, platform::caller::authorized};
    authorized(ManageTeam, |c, me| async move {
        let s = &c.state;
        super::ssr::send_reset_link(&s.db, &me, s.clock.now(), &s.settings.public_url, member_id)
            .await
    })
    .await
}
