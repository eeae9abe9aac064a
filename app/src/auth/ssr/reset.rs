//! "Forgot your password?": a single-use link by email, valid for an hour. Asking never
//! tells whether an account exists; using the link sets the password, ends every other
//! session and every other link of the account, and signs in. The email belongs to no
//! organization's outbox: it goes out by SMTP only, so no admin can read it.

use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{begin_write, password_reset, user};
use crate::domain::text::escape_html;
use crate::domain::validate::{self, normalize_email};
use crate::error::{AppError, Validation};
use crate::platform::password;
use crate::platform::token::{hash_token, new_token};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, Set,
};

/// How long a reset link works.
pub fn valid_for() -> Duration {
    Duration::hours(1)
}

/// Links asked for per account per hour; more are quietly not sent (no mailbomb).
const PER_HOUR: u64 = 3;

/// The account a reset link for `email` would go to, if there is one (a deactivated
/// account gets none). The caller sends the link after answering, so the answer takes as
/// long either way.
pub async fn holder(db: &DatabaseConnection, email: &str) -> Result<Option<user::Model>, AppError> {
    Validation::new()
        .add("email", validate::email(email.trim()))
        .finish()?;
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(normalize_email(email)))
        .filter(user::Column::DeactivatedAt.is_null())
        .one(db)
        .await?)
}

/// Who asked for a reset link, as the audit trail records it: the account's holder
/// ("Forgot your password?"), or an admin for a member.
pub enum AskedBy {
    Holder,
    Admin(Actor),
}

/// Emails `account` a reset link, unless three went out within the hour; answers whether
/// it did. The link, its email and its audit event are written together.
pub async fn send_link(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
    account: &user::Model,
    asked_by: AskedBy,
) -> Result<bool, AppError> {
    let recent = password_reset::Entity::find()
        .filter(password_reset::Column::UserId.eq(account.id))
        .filter(password_reset::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= PER_HOUR {
        return Ok(false);
    }
    let (token, token_hash) = new_token();
    let link = format!("{public_url}/reset/{token}");
    let txn = begin_write(db).await?;
    password_reset::ActiveModel {
        user_id: Set(account.id),
        token_hash: Set(token_hash),
        expires_at: Set(now + valid_for()),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let text = format!(
        "Hello {name},\n\nSomeone (we hope you) asked to reset your Roster password. \
         Choose a new one here (the link works once, for an hour):\n{link}\n\n\
         If it was not you, ignore this email: your password stays as it is.\n",
        name = account.name
    );
    let html = format!(
        "<p>Hello {name},</p><p>Someone (we hope you) asked to reset your Roster password.</p>\
         <p><a href=\"{href}\">Choose a new password</a> (the link works once, for an hour).</p>\
         <p>If it was not you, ignore this email: your password stays as it is.</p>",
        name = escape_html(&account.name),
        href = escape_html(&link),
    );
    let mail = Email {
        to: account.email.clone(),
        subject: "Reset your Roster password".into(),
        text,
        html,
        link,
    };
    // Of no organization, so no admin reads a colleague's link on the Team page.
    outbox::queue(&txn, None, mail, now).await?;
    let event = match asked_by {
        AskedBy::Holder => AuditEvent::new(Actor::from(account), Action::UserPasswordResetRequest),
        AskedBy::Admin(admin) => AuditEvent::new(admin, Action::UserPasswordResetSend),
    };
    event.entity(account.id).record(&txn, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Sets a new password through a reset link; answers the account, to sign in.
pub async fn complete(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    new_password: &str,
) -> Result<user::Model, AppError> {
    Validation::new()
        .add("password", validate::password(new_password))
        .finish()?;
    let gone = || {
        AppError::Conflict(
            "This reset link has expired or was already used. Ask for a new one.".into(),
        )
    };
    let reset = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(hash_token(token.trim())))
        .one(db)
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
        .ok_or_else(gone)?;
    let holder = user::Entity::find_by_id(reset.user_id)
        .one(db)
        .await?
        .filter(|u| u.deactivated_at.is_none())
        .ok_or_else(gone)?;
    Validation::new()
        .add(
            "password",
            password::check_new(new_password, &[&holder.name, &holder.email]),
        )
        .finish()?;
    let password_hash = password::hash(new_password.to_string()).await?;
    let txn = begin_write(db).await?;
    // Used once: of two tabs racing, the second finds it used.
    let used = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(gone());
    }
    // The account's other links die with it.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::UserId.eq(reset.user_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let account = user::Entity::find_by_id(reset.user_id)
        .one(&txn)
        .await?
        .ok_or_else(gone)?;
    let mut change = account.into_active_model();
    change.password_hash = Set(password_hash);
    // The link went to the address alone (no admin reads a reset email): it is theirs.
    if change.email_confirmed_at.as_ref().is_none() {
        change.email_confirmed_at = Set(Some(now));
    }
    let account = change.update(&txn).await?;
    // Whoever knew the old password is signed out everywhere.
    crate::platform::sessions::end_all_sessions(&txn, account.id).await?;
    AuditEvent::new(Actor::from(&account), Action::UserPasswordReset)
        .entity(account.id)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(account)
}

/// The operator sets an account's password from the server's terminal (someone locked out,
/// the last admin included): every session and reset link of the account ends.
pub async fn set_by_operator(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    email: &str,
    new_password: &str,
) -> Result<user::Model, AppError> {
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(normalize_email(email)))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("An account with the email {email}")))?;
    Validation::new()
        .add(
            "password",
            password::check_new(new_password, &[&account.name, &account.email]),
        )
        .finish()?;
    let password_hash = password::hash(new_password.to_string()).await?;
    let txn = begin_write(db).await?;
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::UserId.eq(account.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let mut change = account.into_active_model();
    change.password_hash = Set(password_hash);
    let account = change.update(&txn).await?;
    crate::platform::sessions::end_all_sessions(&txn, account.id).await?;
    AuditEvent::new(Actor::SYSTEM, Action::UserPasswordReset)
        .organization(account.organization_id)
        .entity(account.id)
        .after(&serde_json::json!({ "via": "command" }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(account)
}
