//! Owning an email address. An account proves it owns its address by using a link that only
//! that mailbox received; a change of address takes effect only through such a link sent to
//! the new one. The emails belong to no organization's outbox, so no admin reads the link:
//! both need a mail server.

use super::recheck_password;
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{begin_write, email_confirmation, password_reset, user};
use crate::domain::text::escape_html;
use crate::domain::validate::{self, normalize_email};
use crate::error::{AppError, Validation};
use crate::platform::state::Settings;
use crate::platform::token;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set, SqlErr,
};

/// How long a confirmation link works.
pub fn valid_for() -> Duration {
    Duration::hours(24)
}

/// Links per account per hour: enough for a typo or two, no mailbomb.
const PER_HOUR: u64 = 3;

const NO_MAIL_SERVER: &str = "This needs a link by email, and this Roster has no mail server \
     set up. Whoever runs it can set one (SMTP_HOST).";

/// What changing one's address takes.
pub struct NewEmail<'a> {
    pub email: &'a str,
    /// Asked for, so a borrowed session cannot move the account to another mailbox.
    pub current_password: &'a str,
    /// The client's address, for the sign-in limits the password check shares.
    pub ip: Option<&'a str>,
}

/// Emails a link to the new address; the account's address changes when it is used.
/// Whether the address is taken is not said here (that would tell any signed-in user who
/// has an account): the link's holder learns it, and they own the address.
pub async fn request_change(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    settings: &Settings,
    args: NewEmail<'_>,
) -> Result<String, AppError> {
    Validation::new()
        .add("email", validate::email(args.email.trim()))
        .finish()?;
    let email = normalize_email(args.email);
    if email == me.email {
        return Err(AppError::invalid("email", "That is already your address."));
    }
    let password = args.current_password;
    recheck_password(db, me, now, password, args.ip, "current_password").await?;
    let account = account(db, me).await?;
    send_link(db, settings, now, &account, &email).await?;
    Ok(email)
}

/// Emails a link that confirms the account's own address.
pub async fn request_confirmation(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<(), AppError> {
    let account = account(db, me).await?;
    if account.email_confirmed_at.is_some() {
        return Err(AppError::Conflict(format!(
            "{} is already confirmed.",
            account.email
        )));
    }
    let email = account.email.clone();
    send_link(db, settings, now, &account, &email).await
}

async fn account(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)
}

async fn send_link(
    db: &DatabaseConnection,
    settings: &Settings,
    now: DateTime<Utc>,
    account: &user::Model,
    email: &str,
) -> Result<(), AppError> {
    if !settings.mail_server {
        return Err(AppError::Conflict(NO_MAIL_SERVER.into()));
    }
    let recent = email_confirmation::Entity::find()
        .filter(email_confirmation::Column::UserId.eq(account.id))
        .filter(email_confirmation::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= PER_HOUR {
        return Err(AppError::RateLimited(60 * 60));
    }
    let (token, token_hash) = token::new_token();
    let link = format!(
        "{}/confirm-email/{token}",
        settings.public_url.trim_end_matches('/')
    );
    let changing = email != account.email;
    let txn = begin_write(db).await?;
    email_confirmation::ActiveModel {
        user_id: Set(account.id),
        email: Set(email.to_string()),
        token_hash: Set(token_hash),
        expires_at: Set(now + valid_for()),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let what = if changing {
        "asked to make this the email address of their Roster account"
    } else {
        "asked to confirm that this email address belongs to their Roster account"
    };
    let text = format!(
        "Hello {name},\n\nYou (we hope) {what}. Confirm it here (the link works once, for \
         24 hours):\n{link}\n\nIf it was not you, ignore this email: nothing changes.\n",
        name = account.name
    );
    let html = format!(
        "<p>Hello {name},</p><p>You (we hope) {what}.</p>\
         <p><a href=\"{href}\">Confirm this address</a> (the link works once, for 24 hours).</p>\
         <p>If it was not you, ignore this email: nothing changes.</p>",
        name = escape_html(&account.name),
        href = escape_html(&link),
    );
    let mail = Email {
        to: email.to_string(),
        subject: "Confirm your email address for Roster".into(),
        text,
        html,
        link,
    };
    // Of no organization: the link proves the address only if no admin can read it.
    outbox::queue(&txn, None, mail, now).await?;
    AuditEvent::new(Actor::from(account), Action::UserEmailConfirmRequest)
        .entity(account.id)
        .after(&serde_json::json!({ "email": email }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The account a used link confirmed, and the address it had before, if it changed.
pub struct Confirmed {
    pub account: user::Model,
    pub previous: Option<String>,
}

/// Uses a confirmation link: the address is the account's, and confirmed. A change tells
/// the old address, and the reset links that went there stop working.
pub async fn confirm(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<Confirmed, AppError> {
    let gone = || {
        AppError::Conflict(
            "This confirmation link has expired or was already used. Ask for a new one on your Account page."
                .into(),
        )
    };
    let link = email_confirmation::Entity::find()
        .filter(email_confirmation::Column::TokenHash.eq(token::hash_token(token.trim())))
        .one(db)
        .await?
        .filter(|c| c.used_at.is_none() && c.expires_at > now)
        .ok_or_else(gone)?;
    let txn = begin_write(db).await?;
    let account = user::Entity::find_by_id(link.user_id)
        .filter(user::Column::DeactivatedAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(gone)?;
    // Used once: of two tabs racing, the second finds it used.
    let used = email_confirmation::Entity::update_many()
        .col_expr(email_confirmation::Column::UsedAt, Expr::value(now))
        .filter(email_confirmation::Column::Id.eq(link.id))
        .filter(email_confirmation::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(gone());
    }
    // The account's other links die with it: an older change must not undo this one.
    email_confirmation::Entity::update_many()
        .col_expr(email_confirmation::Column::UsedAt, Expr::value(now))
        .filter(email_confirmation::Column::UserId.eq(account.id))
        .filter(email_confirmation::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let previous = (link.email != account.email).then(|| account.email.clone());
    let mut row = account.into_active_model();
    row.email = Set(link.email.clone());
    row.email_confirmed_at = Set(Some(now));
    let account = row.update(&txn).await.map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(format!(
            "{} is the address of another Roster account, so yours stays as it was.",
            link.email
        )),
        _ => AppError::from(e),
    })?;
    if let Some(old) = &previous {
        // Reset links went to the old mailbox: they no longer speak for this account.
        password_reset::Entity::update_many()
            .col_expr(password_reset::Column::UsedAt, Expr::value(now))
            .filter(password_reset::Column::UserId.eq(account.id))
            .filter(password_reset::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        tell_old_address(&txn, &account, old, now).await?;
    }
    let action = if previous.is_some() {
        Action::UserEmailChange
    } else {
        Action::UserEmailConfirm
    };
    AuditEvent::new(Actor::from(&account), action)
        .entity(account.id)
        .before(&serde_json::json!({ "email": previous }))
        .after(&serde_json::json!({ "email": account.email }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(Confirmed { account, previous })
}

/// Someone who took over a session and changed the address is noticed by the owner.
async fn tell_old_address(
    txn: &impl ConnectionTrait,
    account: &user::Model,
    old: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let text = format!(
        "Hello {name},\n\nThe email address of your Roster account is now {new}; this \
         address no longer signs in.\n\nIf you did not change it, tell your organization's \
         admin at once.\n",
        name = account.name,
        new = account.email,
    );
    let html = format!(
        "<p>Hello {name},</p><p>The email address of your Roster account is now {new}; this \
         address no longer signs in.</p><p>If you did not change it, tell your organization's \
         admin at once.</p>",
        name = escape_html(&account.name),
        new = escape_html(&account.email),
    );
    let mail = Email {
        to: old.to_string(),
        subject: "Your Roster email address changed".into(),
        text,
        html,
        link: String::new(),
    };
    outbox::queue(txn, None, mail, now).await?;
    Ok(())
}
