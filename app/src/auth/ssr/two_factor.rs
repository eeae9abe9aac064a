//! Two-factor sign-in on the server: turning it on (a secret the authenticator app scans,
//! confirmed by its first code, and ten recovery codes shown once), turning it off (the
//! password asked for), and the second step of signing in. A code is accepted once: the
//! step it belongs to is stored, and an older or equal step is refused.

use super::recheck_password;
use crate::auth::two_factor::{QrCode, TotpSetup, TwoFactorStatus};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, organization, recovery_code, user};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::platform::token::{hash_token, sha256_hex};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use totp_rs::{Builder, Secret, Totp};

/// Recovery codes given at once.
pub const RECOVERY_CODES: usize = 10;

fn totp(secret: &str, account: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret).map_err(|_| AppError::Internal)?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some("Roster"))
        .with_account_name(account)
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "unusable authenticator secret");
            AppError::Internal
        })
}

/// A fresh secret for `account` and what the authenticator app needs of it.
pub fn new_setup(account: &str) -> Result<(String, TotpSetup), AppError> {
    let secret = Secret::generate().to_base32();
    let url = totp(&secret, account)?
        .to_url()
        .map_err(|_| AppError::Internal)?;
    let qr = qrcodegen::QrCode::encode_text(&url, qrcodegen::QrCodeEcc::Medium)
        .map_err(|_| AppError::Internal)?;
    let size = qr.size();
    let dark = (0..size)
        .flat_map(|y| (0..size).map(move |x| (x, y)))
        .filter(|&(x, y)| qr.get_module(x, y))
        .map(|(x, y)| (x as u16, y as u16))
        .collect();
    let view = TotpSetup {
        // In groups of four, as people type it.
        secret: secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        url,
        qr: QrCode {
            size: size as u16,
            dark,
        },
    };
    Ok((secret, view))
}

/// The time step `code` belongs to, if it is a code of `secret` around `now` and newer
/// than `last_step`.
pub fn accepted_step(
    secret: &str,
    account: &str,
    code: &str,
    now: DateTime<Utc>,
    last_step: Option<i64>,
) -> Result<Option<i64>, AppError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let time = u64::try_from(now.timestamp()).unwrap_or_default();
    let step = totp(secret, account)?
        .check(&code, time)
        .and_then(|s| i64::try_from(s).ok());
    Ok(step.filter(|s| last_step.is_none_or(|last| *s > last)))
}

fn recovery_code() -> String {
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut pick = || {
        (0..5)
            .map(|_| LETTERS[rng.random_range(0..LETTERS.len())] as char)
            .collect::<String>()
    };
    format!("{}-{}", pick(), pick())
}

fn normalized_recovery(code: &str) -> String {
    code.trim().to_lowercase()
}

async fn account(db: &impl ConnectionTrait, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)
}

pub async fn status(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
) -> Result<TwoFactorStatus, AppError> {
    let left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(me.id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?;
    let required = match me.organization_id {
        Some(org) => {
            me.role == Role::Admin
                && organization::Entity::find_by_id(org)
                    .one(db)
                    .await?
                    .is_some_and(|o| o.admins_need_two_factor)
        }
        None => false,
    };
    Ok(TwoFactorStatus {
        enabled: me.two_factor,
        required,
        recovery_codes_left: left as u32,
    })
}

/// Turns two-factor sign-in on with the secret the app was shown (`pending`), once its
/// first code matches; answers the recovery codes, shown this once.
pub async fn enable(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    pending: &str,
    code: &str,
) -> Result<Vec<String>, AppError> {
    if me.two_factor {
        return Err(AppError::Conflict(
            "Two-factor sign-in is on already.".into(),
        ));
    }
    let step = accepted_step(pending, &me.email, code, now, None)?.ok_or_else(|| {
        AppError::invalid(
            "code",
            "That code does not match. Check the app's clock and type the newest code.",
        )
    })?;
    let txn = begin_write(db).await?;
    let mut row = account(&txn, me.id).await?.into_active_model();
    row.totp_secret = Set(Some(pending.to_string()));
    row.totp_enabled_at = Set(Some(now));
    row.totp_last_step = Set(Some(step));
    row.update(&txn).await?;
    let codes = new_recovery_codes(&txn, me.id, now).await?;
    audit(&txn, me, Action::UserTwoFactorOn, now).await?;
    txn.commit().await?;
    Ok(codes)
}

/// Ten new recovery codes in place of the account's old ones; answers them, to be shown
/// this once (only their hashes are kept).
async fn new_recovery_codes(
    txn: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    forget_recovery_codes(txn, user_id).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    for code in &codes {
        recovery_code::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(hash_token(code)),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(codes)
}

async fn forget_recovery_codes(txn: &impl ConnectionTrait, user_id: i32) -> Result<(), AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn audit(
    txn: &impl ConnectionTrait,
    me: &CurrentUser,
    action: Action,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    AuditEvent::new(Actor::from(me), action)
        .entity(me.id)
        .record(txn, now)
        .await?;
    Ok(())
}

/// Turns two-factor sign-in off; the password is asked for (as a sign-in would check it).
/// An admin of an organization that asks admins for it keeps it.
pub async fn disable(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    password: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    if status(db, me).await?.required {
        return Err(AppError::Conflict(
            "Your organization asks admins to keep two-factor sign-in on.".into(),
        ));
    }
    recheck_password(db, me, now, password, ip, "password").await?;
    let txn = begin_write(db).await?;
    let mut row = account(&txn, me.id).await?.into_active_model();
    row.totp_secret = Set(None);
    row.totp_enabled_at = Set(None);
    row.totp_last_step = Set(None);
    row.update(&txn).await?;
    forget_recovery_codes(&txn, me.id).await?;
    audit(&txn, me, Action::UserTwoFactorOff, now).await?;
    txn.commit().await?;
    Ok(())
}

/// New recovery codes for the old ones (the password asked for).
pub async fn renew_recovery_codes(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    password: &str,
    ip: Option<&str>,
) -> Result<Vec<String>, AppError> {
    if !me.two_factor {
        return Err(AppError::Conflict(
            "Turn two-factor sign-in on first.".into(),
        ));
    }
    recheck_password(db, me, now, password, ip, "password").await?;
    let txn = begin_write(db).await?;
    let codes = new_recovery_codes(&txn, me.id, now).await?;
    audit(&txn, me, Action::UserRecoveryCodes, now).await?;
    txn.commit().await?;
    Ok(codes)
}

/// The second step of signing in: an authenticator code (once per step) or an unused
/// recovery code (used up). Answers whether it matched.
pub async fn second_step(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    user_id: i32,
    code: &str,
) -> Result<bool, AppError> {
    let found = account(db, user_id).await?;
    let Some(secret) = found.totp_secret.clone() else {
        return Ok(false);
    };
    let txn = begin_write(db).await?;
    // Read again inside the write: two tabs with the same code, one wins.
    let found = account(&txn, user_id).await?;
    if let Some(step) = accepted_step(&secret, &found.email, code, now, found.totp_last_step)? {
        let claimed = user::Entity::update_many()
            .col_expr(user::Column::TotpLastStep, Expr::value(step))
            .filter(user::Column::Id.eq(user_id))
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::TotpLastStep.is_null())
                    .add(user::Column::TotpLastStep.lt(step)),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        return Ok(claimed.rows_affected == 1);
    }
    let used = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(
            recovery_code::Column::CodeHash.eq(sha256_hex(normalized_recovery(code).as_bytes())),
        )
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected == 1 {
        AuditEvent::new(Actor::from(&found), Action::UserRecoveryCodeUsed)
            .entity(user_id)
            .record(&txn, now)
            .await?;
    }
    txn.commit().await?;
    Ok(used.rows_affected == 1)
}

/// Whether an account signs in with a second factor.
pub fn wants_second_step(account: &user::Model) -> bool {
    account.totp_enabled_at.is_some() && account.totp_secret.is_some()
}

/// Wrong codes one account may get within the sign-in window, across sign-ins: past them,
/// codes wait, so knowing the password does not buy endless guesses at six digits.
pub const WRONG_CODES: usize = 10;

/// The key wrong codes are counted under (beside the sign-in attempts).
fn wrong_codes_key(user_id: i32) -> String {
    format!("second-step:{user_id}")
}

/// Counts a wrong code against the account.
pub async fn wrong_code(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    user_id: i32,
) -> Result<(), AppError> {
    let _turn = crate::db::writer_turn(db).await;
    crate::db::login_attempt::ActiveModel {
        email: Set(wrong_codes_key(user_id)),
        ip: Set(None),
        succeeded: Set(false),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Refuses to check a code while the account has had [`WRONG_CODES`] wrong ones within the
/// window, saying how long to wait.
pub async fn codes_wait(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user_id: i32,
) -> Result<(), AppError> {
    use crate::db::login_attempt;
    use sea_orm::{QueryOrder, QuerySelect};
    let window = chrono::Duration::minutes(crate::domain::throttle::WINDOW_MINUTES);
    let recent = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(wrong_codes_key(user_id)))
        .filter(login_attempt::Column::AttemptedAt.gt(now - window))
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .limit(WRONG_CODES as u64)
        .all(db)
        .await?;
    if recent.len() < WRONG_CODES {
        return Ok(());
    }
    let oldest = recent.last().map_or(now, |a| a.attempted_at);
    let wait = (oldest + window - now).num_seconds().max(1);
    Err(AppError::RateLimited(
        u32::try_from(wait).unwrap_or(u32::MAX),
    ))
}
