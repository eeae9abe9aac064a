//! Taking up an invitation: the page behind the link, and joining (a new account, or one
//! already signed in), linking a creator's profile on the way.

use super::invitations::role_of;
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, creator, creator_onboarding, invitation, organization, user};
use crate::domain::invitation::InvitationStatus;
use crate::domain::role::Role;
use crate::domain::validate::{self};
use crate::error::{AppError, Validation};
use crate::platform::password;
use crate::platform::token;
use crate::platform::user::CurrentUser;
use crate::team::InvitationPreview;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set, SqlErr,
};

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

/// What the link's holder sees; `caller` is whoever is signed in.
pub async fn preview(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    token: &str,
    caller: Option<&CurrentUser>,
) -> Result<InvitationPreview, AppError> {
    let inv = pending_by_token(db, now, token).await?;
    // Asked only for the invitee's own account: it tells the inviter nothing.
    let confirm_first = match caller.filter(|me| me.email == inv.email) {
        Some(me) => !me.email_confirmed && !proof_waived(db, &inv, me.id).await?,
        None => false,
    };
    let organization_name = organization::Entity::find_by_id(inv.organization_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    // Whether the address has an account is not said: without a mail server the link's
    // holder may be the inviter. The page offers both ways in.
    Ok(InvitationPreview {
        organization_name,
        role: role_of(&inv),
        confirm_first,
        email: inv.email,
        name: inv.name,
    })
}

/// When an account that has not proved its address may still join: the link went to the
/// address alone (using it is the proof), or the organization already works with the
/// account (it learns nothing new).
async fn proof_waived(
    db: &impl ConnectionTrait,
    inv: &invitation::Model,
    account_id: i32,
) -> Result<bool, AppError> {
    if inv.sent_privately {
        return Ok(true);
    }
    let known = creator::Entity::find()
        .filter(creator::Column::UserId.eq(account_id))
        .filter(creator::Column::OrganizationId.eq(inv.organization_id))
        .count(db)
        .await?;
    Ok(known > 0)
}
async fn find_user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Claims a pending invitation inside `txn`: a conditional update, so of two simultaneous
/// uses only one can win.
async fn claim(
    txn: &impl ConnectionTrait,
    inv: &invitation::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    if claimed.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            InvitationStatus::Accepted
                .refusal()
                .unwrap_or_default()
                .into(),
        ))
    }
}

async fn audit_acceptance(
    txn: &impl ConnectionTrait,
    inv: &invitation::Model,
    account: &user::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let actor = Actor {
        user_id: Some(account.id),
        organization_id: account.organization_id,
    };
    AuditEvent::new(actor, Action::InvitationAccept)
        .organization(Some(inv.organization_id))
        .entity(inv.id)
        .after(&serde_json::json!({ "user_id": account.id, "email": account.email, "role": account.role }))
        .record(txn, now)
        .await?;
    Ok(())
}

/// A creator's invitation gives the account its creator profile in the inviting
/// organization, with the onboarding the account already filled in elsewhere.
async fn link_creator(
    txn: &impl ConnectionTrait,
    inv: &invitation::Model,
    account_id: i32,
) -> Result<(), AppError> {
    let Some(creator_id) = inv.creator_id else {
        return Ok(());
    };
    // A profile already linked to another account stays theirs.
    let linked = creator::Entity::update_many()
        .col_expr(creator::Column::UserId, Expr::value(account_id))
        .filter(creator::Column::Id.eq(creator_id))
        .filter(creator::Column::OrganizationId.eq(inv.organization_id))
        .filter(
            creator::Column::UserId
                .is_null()
                .or(creator::Column::UserId.eq(account_id)),
        )
        .exec(txn)
        .await?;
    if linked.rows_affected != 1 {
        return Err(AppError::Conflict(
            "This creator profile is already linked to another account. Ask the brand for a new invitation."
                .into(),
        ));
    }
    if let Some(onboarding) = creator_onboarding::Entity::find_by_id(account_id)
        .one(txn)
        .await?
    {
        crate::portal::ssr::copy_onboarding(txn, &onboarding, Some(creator_id)).await?;
    }
    Ok(())
}

const ONE_ORGANIZATION: &str = "Your account belongs to the staff of an organization, and staff \
     belong to one. Ask the admin who invited you to use another address.";

/// Said alike whatever the account is (staff, creator, deactivated): the link's holder may
/// not be the address's owner.
const HAS_ACCOUNT: &str = "This address already has a Roster account. Sign in with it to accept; \
     if you cannot, use \"Forgot your password?\" on the sign-in page.";

const CONFIRM_FIRST: &str = "Before you join another brand, confirm that this address is yours: \
     on your Account page, send yourself a confirmation link and open it. Then use this \
     invitation again.";

/// Turns a pending invitation into a new account with the chosen password.
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
    Validation::new()
        .add(
            "password",
            password::check_new(new_password, &[&inv.name, &inv.email]),
        )
        .finish()?;
    if find_user_by_email(db, &inv.email).await?.is_some() {
        return Err(AppError::Conflict(HAS_ACCOUNT.into()));
    }
    let role = role_of(&inv);
    let password_hash = password::hash(new_password.to_string()).await?;

    let txn = begin_write(db).await?;
    claim(&txn, &inv, now).await?;
    let created = user::ActiveModel {
        // Creators belong to no organization: creator profiles link them (docs/PRODUCT.md §1.1).
        organization_id: Set(role.is_staff().then_some(inv.organization_id)),
        email: Set(inv.email.clone()),
        name: Set(inv.name.clone()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_string()),
        created_at: Set(now),
        // Only a link no admin saw proves the address.
        email_confirmed_at: Set(inv.sent_privately.then_some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        // The same address signed up through another link at the same moment.
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(HAS_ACCOUNT.into()),
        _ => AppError::from(e),
    })?;
    audit_acceptance(&txn, &inv, &created, now).await?;
    link_creator(&txn, &inv, created.id).await?;
    txn.commit().await?;
    Ok(created)
}

/// A creator who already has an account (with another brand, say) accepts while signed in.
/// The account stays as it is; the invitation records that they joined. A second brand
/// sees the account's details only once the account has proved it owns its address: a link
/// its inviter may have used proves nothing.
pub async fn accept_signed_in(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    me: &CurrentUser,
) -> Result<(), AppError> {
    let inv = pending_by_token(db, now, token).await?;
    if inv.email != me.email {
        return Err(AppError::Conflict(format!(
            "This invitation is for {}. Sign out, then sign in with that address.",
            inv.email
        )));
    }
    if me.role != Role::Creator || role_of(&inv) != Role::Creator {
        return Err(AppError::Conflict(ONE_ORGANIZATION.into()));
    }
    let account = user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if account.email_confirmed_at.is_none() && !proof_waived(db, &inv, account.id).await? {
        return Err(AppError::Conflict(CONFIRM_FIRST.into()));
    }
    let txn = begin_write(db).await?;
    claim(&txn, &inv, now).await?;
    if account.email_confirmed_at.is_none() && inv.sent_privately {
        // This link went to the address alone, and its holder is signed in as the account.
        let mut row = account.clone().into_active_model();
        row.email_confirmed_at = Set(Some(now));
        row.update(&txn).await?;
    }
    audit_acceptance(&txn, &inv, &account, now).await?;
    link_creator(&txn, &inv, account.id).await?;
    txn.commit().await?;
    Ok(())
}
