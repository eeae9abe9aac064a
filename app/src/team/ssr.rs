//! Team and invitation logic over the database. Plain functions: the server functions call
//! them after the access check, and the integration tests call them directly.

use super::{Invitation, InvitationPreview, Member, OutboxMessage, SentInvitation, Team};
use crate::auth::CurrentUser;
use crate::auth::ssr::{password, token};
use crate::db::audit::{Actor, AuditEvent};
use crate::db::{invitation, organization, outbox_message, user};
use crate::domain::invitation::{InvitationStatus, expires_at};
use crate::domain::role::Role;
use crate::domain::text::escape_html;
use crate::domain::validate::{self, normalize_email};
use crate::error::{AppError, Validation};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

fn actor(me: &CurrentUser) -> Actor {
    Actor {
        user_id: Some(me.id),
        organization_id: me.organization_id,
    }
}

/// Staff always have an organization; a caller without one cannot manage a team.
fn org_of(me: &CurrentUser) -> Result<i32, AppError> {
    me.organization_id.ok_or(AppError::Forbidden)
}

fn to_invitation(m: invitation::Model, now: DateTime<Utc>) -> Invitation {
    Invitation {
        status: InvitationStatus::of(now, m.expires_at, m.accepted_at, m.revoked_at),
        id: m.id,
        role: Role::parse(&m.role).unwrap_or(Role::Director),
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
    let org = org_of(me)?;
    let members = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Member {
            id: u.id,
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
}

/// Creates an invitation and queues its email; returns the link for the admin to share.
pub async fn invite(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    public_url: &str,
    input: InviteInput,
) -> Result<SentInvitation, AppError> {
    let org = org_of(me)?;
    Validation::new()
        .add("email", validate::email(&input.email))
        .add("name", validate::name(&input.name))
        .finish()?;
    let email = normalize_email(&input.email);
    let name = input.name.trim().to_string();

    if user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "{email} already has a Roster account."
        )));
    }
    let open = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(org))
        .filter(invitation::Column::Email.eq(email.clone()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    if open.is_some() {
        return Err(AppError::Conflict(format!(
            "{email} already has a pending invitation. Revoke it to send a new one."
        )));
    }
    let org_name = organization::Entity::find_by_id(org)
        .one(db)
        .await?
        .map(|o| o.name)
        .ok_or(AppError::Forbidden)?;

    let (token, token_hash) = token::new_token();
    let link = format!("{}/invite/{token}", public_url.trim_end_matches('/'));

    let txn = db.begin().await?;
    let saved = invitation::ActiveModel {
        organization_id: Set(org),
        email: Set(email.clone()),
        name: Set(name.clone()),
        role: Set(input.role.as_str().to_string()),
        token_hash: Set(token_hash),
        invited_by: Set(Some(me.id)),
        expires_at: Set(expires_at(now)),
        accepted_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    queue_invitation_email(&txn, org, &org_name, &me.name, &saved, &link, now).await?;
    let view = to_invitation(saved, now);
    AuditEvent::new(actor(me), "invitation.create", "invitation")
        .entity(view.id)
        .after(&view)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(SentInvitation {
        invitation: view,
        link,
    })
}

async fn queue_invitation_email(
    db: &impl ConnectionTrait,
    org: i32,
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
    outbox_message::ActiveModel {
        organization_id: Set(Some(org)),
        to_email: Set(inv.email.clone()),
        subject: Set(subject),
        body_text: Set(body_text),
        body_html: Set(body_html),
        link: Set(link.to_string()),
        attempts: Set(0),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn revoke(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<Invitation, AppError> {
    let org = org_of(me)?;
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
    let txn = db.begin().await?;
    let mut active: invitation::ActiveModel = found.into();
    active.revoked_at = Set(Some(now));
    let after = to_invitation(active.update(&txn).await?, now);
    AuditEvent::new(actor(me), "invitation.revoke", "invitation")
        .entity(id)
        .before(&before)
        .after(&after)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn outbox(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
) -> Result<Vec<OutboxMessage>, AppError> {
    let org = org_of(me)?;
    Ok(outbox_message::Entity::find()
        .filter(outbox_message::Column::OrganizationId.eq(org))
        .order_by_desc(outbox_message::Column::CreatedAt)
        .order_by_desc(outbox_message::Column::Id)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|m| OutboxMessage {
            id: m.id,
            to_email: m.to_email,
            subject: m.subject,
            body_text: m.body_text,
            link: m.link,
            created_at: m.created_at,
            sent_at: m.sent_at,
        })
        .collect())
}

/// The pending invitation behind a link, or why it cannot be used.
async fn pending_by_token(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    token: &str,
) -> Result<invitation::Model, AppError> {
    let found = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token::hash_token(token)))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("This invitation link".into()))?;
    let status = InvitationStatus::of(now, found.expires_at, found.accepted_at, found.revoked_at);
    match status.refusal() {
        Some(why) => Err(AppError::Conflict(why.into())),
        None => Ok(found),
    }
}

pub async fn preview(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    token: &str,
) -> Result<InvitationPreview, AppError> {
    let inv = pending_by_token(db, now, token).await?;
    let organization_name = organization::Entity::find_by_id(inv.organization_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(InvitationPreview {
        organization_name,
        role: Role::parse(&inv.role).unwrap_or(Role::Director),
        email: inv.email,
        name: inv.name,
    })
}

/// Turns a pending invitation into an account with the chosen password. Single use: the
/// invitation is claimed by a conditional update, so two simultaneous accepts cannot both win.
pub async fn accept(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    new_password: &str,
) -> Result<user::Model, AppError> {
    Validation::new()
        .add("password", validate::password(new_password))
        .finish()?;
    let inv = pending_by_token(db, now, token).await?;
    let role = Role::parse(&inv.role).ok_or(AppError::Internal)?;
    let password_hash = password::hash(new_password.to_string()).await?;

    let txn = db.begin().await?;
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict(
            InvitationStatus::Accepted
                .refusal()
                .unwrap_or_default()
                .into(),
        ));
    }
    if user::Entity::find()
        .filter(user::Column::Email.eq(inv.email.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "{} already has a Roster account. Sign in instead.",
            inv.email
        )));
    }
    let created = user::ActiveModel {
        // Creators belong to no organization: creator profiles link them (see SPEC.md).
        organization_id: Set(role.is_staff().then_some(inv.organization_id)),
        email: Set(inv.email.clone()),
        name: Set(inv.name.clone()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let actor = Actor {
        user_id: Some(created.id),
        organization_id: created.organization_id,
    };
    AuditEvent::new(actor, "invitation.accept", "invitation")
        .organization(Some(inv.organization_id))
        .entity(inv.id)
        .after(&serde_json::json!({ "user_id": created.id, "email": created.email, "role": created.role }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(created)
}
