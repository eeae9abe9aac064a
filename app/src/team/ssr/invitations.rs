//! The team and its invitations: who is in it, inviting someone, taking an invitation
//! back.

use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{begin_write, invitation, organization, user};
use crate::domain::invitation::{InvitationStatus, expires_at};
use crate::domain::role::Role;
use crate::domain::text::escape_html;
use crate::domain::validate::{self, normalize_email};
use crate::error::{AppError, Validation};
use crate::platform::state::Settings;
use crate::platform::token;
use crate::platform::user::CurrentUser;
use crate::team::{Invitation, Member, SentInvitation, Team};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

pub(super) fn to_invitation(m: invitation::Model, now: DateTime<Utc>) -> Invitation {
    Invitation {
        status: InvitationStatus::of(now, m.expires_at, m.accepted_at, m.revoked_at),
        id: m.id,
        role: role_of(&m),
        email: m.email,
        name: m.name,
        expires_at: m.expires_at,
        created_at: m.created_at,
    }
}

pub async fn team(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<Team, AppError> {
    let org = me.organization()?;
    let members = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Member {
            id: u.id,
            active: u.deactivated_at.is_none(),
            role: u.role(),
            name: u.name,
            email: u.email,
            joined_at: u.created_at,
        })
        .collect();
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(org))
        .order_by_desc(invitation::Column::CreatedAt)
        .order_by_desc(invitation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| to_invitation(m, now))
        .collect();
    Ok(Team {
        members,
        invitations,
    })
}

pub struct InviteInput {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// A creator's invitation links the account to this creator profile.
    pub creator_id: Option<i32>,
}

/// Creates an invitation and queues its email. With a mail server the link goes to the
/// invitee alone, so using it proves the address is theirs; without one, the email waits in
/// the outbox and the admin gets the link to pass on.
pub async fn invite(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    settings: &Settings,
    input: InviteInput,
) -> Result<SentInvitation, AppError> {
    let org = me.organization()?;
    Validation::new()
        .add("email", validate::email(&input.email))
        .add("name", validate::name(&input.name))
        .finish()?;
    let email = normalize_email(&input.email);
    let name = input.name.trim().to_string();

    // Only this organization's own staff are checked: whether an address has an account
    // elsewhere is none of this admin's business (it is settled when the link is used).
    if user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .filter(user::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "{email} is already a member of your team."
        )));
    }
    let org_name = organization::Entity::find_by_id(org)
        .one(db)
        .await?
        .map(|o| o.name)
        .ok_or(AppError::Forbidden)?;

    let (token, token_hash) = token::new_token();
    let link = format!(
        "{}/invite/{token}",
        settings.public_url.trim_end_matches('/')
    );
    let private = settings.mail_server;

    let txn = begin_write(db).await?;
    let open = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(org))
        .filter(invitation::Column::Email.eq(email.clone()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .one(&txn)
        .await?;
    if open.is_some() {
        return Err(AppError::Conflict(format!(
            "{email} already has a pending invitation. Revoke it to send a new one."
        )));
    }
    let saved = invitation::ActiveModel {
        organization_id: Set(org),
        email: Set(email.clone()),
        name: Set(name.clone()),
        role: Set(input.role.as_str().to_string()),
        token_hash: Set(token_hash),
        invited_by: Set(Some(me.id)),
        creator_id: Set(input.creator_id.filter(|_| input.role == Role::Creator)),
        expires_at: Set(expires_at(now)),
        accepted_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        sent_privately: Set(private),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // A private link stays out of the organization's outbox too.
    let outbox_of = (!private).then_some(org);
    queue_invitation_email(&txn, outbox_of, &org_name, &me.name, &saved, &link, now).await?;
    let view = to_invitation(saved, now);
    AuditEvent::new(Actor::from(me), Action::InvitationCreate)
        .entity(view.id)
        .after(&view)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(SentInvitation {
        invitation: view,
        link: (!private).then_some(link),
    })
}

async fn queue_invitation_email(
    db: &impl ConnectionTrait,
    outbox_of: Option<i32>,
    org_name: &str,
    inviter: &str,
    inv: &invitation::Model,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let role = Role::parse(&inv.role)
        .map(Role::label)
        .unwrap_or("team member");
    let subject = format!("{inviter} invited you to {org_name} on Roster");
    let body_text = format!(
        "Hello {name},\n\n{inviter} invited you to join {org_name} on Roster as {role}.\n\n\
         Set your password and sign in here (the link works once, for 7 days):\n{link}\n\n\
         If you were not expecting this, you can ignore this email.\n",
        name = inv.name,
    );
    let body_html = format!(
        "<p>Hello {name},</p><p>{inviter} invited you to join <strong>{org}</strong> on Roster as {role}.</p>\
         <p><a href=\"{link}\">Set your password and sign in</a> (the link works once, for 7 days).</p>\
         <p>If you were not expecting this, you can ignore this email.</p>",
        name = escape_html(&inv.name),
        inviter = escape_html(inviter),
        org = escape_html(org_name),
        link = escape_html(link),
    );
    let email = Email {
        to: inv.email.clone(),
        subject,
        text: body_text,
        html: body_html,
        link: link.to_string(),
    };
    outbox::queue(db, outbox_of, email, now).await?;
    Ok(())
}

pub async fn revoke(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<Invitation, AppError> {
    let org = me.organization()?;
    let found = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Invitation".into()))?;
    let before = to_invitation(found.clone(), now);
    if before.status != InvitationStatus::Pending {
        return Err(AppError::Conflict(format!(
            "Only pending invitations can be revoked; this one is {}.",
            before.status.label().to_lowercase()
        )));
    }
    let txn = begin_write(db).await?;
    // Conditional, so an acceptance that lands in between is not overwritten.
    let changed = invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict(
            "This invitation was used or revoked a moment ago.".into(),
        ));
    }
    let mut revoked = found;
    revoked.revoked_at = Some(now);
    let after = to_invitation(revoked, now);
    AuditEvent::new(Actor::from(me), Action::InvitationRevoke)
        .entity(id)
        .before(&before)
        .after(&after)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub(super) fn role_of(inv: &invitation::Model) -> Role {
    Role::parse(&inv.role).unwrap_or(Role::Director)
}
