//! Organizations on the server: founding one (from the setup link or the operator's
//! command), the setup link itself, and the settings.

use super::{FirstAdmin, OrganizationSettings, SettingsForm};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, organization, setup_token, user};
use crate::domain::role::Role;
use crate::domain::validate::{self, normalize_email};
use crate::error::{AppError, Validation};
use crate::platform::password;
use crate::platform::token;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set, SqlErr,
};

/// A time zone by its IANA name.
pub fn time_zone(name: &str) -> Result<chrono_tz::Tz, String> {
    name.parse::<chrono_tz::Tz>()
        .map_err(|_| "Pick a time zone from the list, like Europe/Paris.".to_string())
}

/// Every time zone an organization may choose, by name.
pub fn time_zones() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name().to_string())
        .collect();
    names.sort();
    names
}

/// Settings cleaned and checked, the time zone included.
fn checked(settings: OrganizationSettings, v: &mut Validation) -> OrganizationSettings {
    let settings = settings.cleaned(v);
    v.add("time_zone", time_zone(&settings.time_zone).map(|_| ()));
    settings
}

const EMAIL_TAKEN: &str = "This email already has a Roster account. Use another address, \
     or sign in with that account.";

/// An organization and its first admin, checked and ready to be written.
pub struct Founding {
    settings: OrganizationSettings,
    name: String,
    email: String,
    password_hash: String,
}

/// Checks what founding an organization needs, every problem at once, and hashes the
/// password (slow, so before any write).
pub async fn founding(
    db: &impl ConnectionTrait,
    settings: OrganizationSettings,
    admin: FirstAdmin,
) -> Result<Founding, AppError> {
    let mut v = Validation::new();
    let settings = checked(settings, &mut v);
    v.add("admin_name", validate::name(&admin.name));
    v.add("email", validate::email(&admin.email));
    let email = normalize_email(&admin.email);
    v.add(
        "password",
        password::check_new(&admin.password, &[&admin.name, &email, &settings.name]),
    );
    v.finish()?;
    if user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .count(db)
        .await?
        > 0
    {
        return Err(AppError::Invalid(vec![crate::error::FieldError {
            field: "email".into(),
            message: EMAIL_TAKEN.into(),
        }]));
    }
    Ok(Founding {
        settings,
        name: admin.name.trim().to_string(),
        email,
        password_hash: password::hash(admin.password).await?,
    })
}

/// Writes a founded organization and its admin inside `txn`; `via` says how (audited).
pub async fn found(
    txn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    f: Founding,
    via: &'static str,
) -> Result<(organization::Model, user::Model), AppError> {
    let org = organization::ActiveModel {
        name: Set(f.settings.name.clone()),
        is_demo: Set(false),
        simulator_on: Set(false),
        created_at: Set(now),
        currency: Set(f.settings.currency.clone()),
        time_zone: Set(f.settings.time_zone.clone()),
        // The first admin has no second factor yet: asking it would lock them out.
        admins_need_two_factor: Set(false),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let admin = user::ActiveModel {
        organization_id: Set(Some(org.id)),
        email: Set(f.email.clone()),
        name: Set(f.name),
        password_hash: Set(f.password_hash),
        role: Set(Role::Admin.as_str().to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::invalid("email", EMAIL_TAKEN),
        _ => AppError::from(e),
    })?;
    let actor = Actor::from(&admin);
    AuditEvent::new(actor, Action::OrganizationCreate)
        .organization(Some(org.id))
        .entity(org.id)
        .after(&serde_json::json!({ "settings": f.settings, "via": via }))
        .record(txn, now)
        .await?;
    AuditEvent::new(actor, Action::UserCreate)
        .organization(Some(org.id))
        .entity(admin.id)
        .after(&serde_json::json!({ "email": admin.email, "role": "admin", "via": via }))
        .record(txn, now)
        .await?;
    Ok((org, admin))
}

/// Founds an organization with its first admin: the operator's command.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    settings: OrganizationSettings,
    admin: FirstAdmin,
) -> Result<(organization::Model, user::Model), AppError> {
    let f = founding(db, settings, admin).await?;
    let txn = begin_write(db).await?;
    let created = found(&txn, now, f, "command").await?;
    txn.commit().await?;
    Ok(created)
}

async fn no_organization_yet(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    Ok(organization::Entity::find().count(db).await? == 0)
}

/// On a server with no organization, a new setup link (earlier unused ones stop
/// working); on any other, none.
pub async fn issue_setup_link(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let txn = begin_write(db).await?;
    if !no_organization_yet(&txn).await? {
        return Ok(None);
    }
    setup_token::Entity::delete_many()
        .filter(setup_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let (token, token_hash) = token::new_token();
    setup_token::ActiveModel {
        token_hash: Set(token_hash),
        created_at: Set(now),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(format!(
        "{}/setup/{token}",
        public_url.trim_end_matches('/')
    )))
}

/// Whatever is wrong with a setup link (unknown, used, or the server set up already)
/// gets this one answer: the page reveals nothing to whoever lacks the link.
fn dead_link() -> AppError {
    AppError::NotFound("This page".into())
}

/// The live setup link behind `token`, or "not found".
async fn live_link(db: &impl ConnectionTrait, token: &str) -> Result<setup_token::Model, AppError> {
    let found = setup_token::Entity::find()
        .filter(setup_token::Column::TokenHash.eq(token::hash_token(token.trim())))
        .filter(setup_token::Column::UsedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(dead_link)?;
    if no_organization_yet(db).await? {
        Ok(found)
    } else {
        Err(dead_link())
    }
}

/// Whether `token` opens the setup page.
pub async fn check_link(db: &impl ConnectionTrait, token: &str) -> Result<(), AppError> {
    live_link(db, token).await.map(|_| ())
}

/// The setup page's form: founds the organization and uses up the link, in one write.
pub async fn complete_setup(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    settings: OrganizationSettings,
    admin: FirstAdmin,
) -> Result<user::Model, AppError> {
    live_link(db, token).await?;
    let f = founding(db, settings, admin).await?;
    let txn = begin_write(db).await?;
    // Claimed inside the write, with the server still empty: of two tabs, one founds.
    let link = live_link(&txn, token).await?;
    let claimed = setup_token::Entity::update_many()
        .col_expr(setup_token::Column::UsedAt, Expr::value(now))
        .filter(setup_token::Column::Id.eq(link.id))
        .filter(setup_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(dead_link());
    }
    let (_, admin) = found(&txn, now, f, "setup link").await?;
    txn.commit().await?;
    Ok(admin)
}

fn to_settings(o: &organization::Model) -> OrganizationSettings {
    OrganizationSettings {
        name: o.name.clone(),
        currency: o.currency.clone(),
        time_zone: o.time_zone.clone(),
        admins_need_two_factor: o.admins_need_two_factor,
    }
}

async fn own(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(me.organization()?)
        .one(db)
        .await?
        .ok_or(AppError::Forbidden)
}

/// The caller's organization's settings, with the time zones to choose from.
pub async fn settings(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
) -> Result<SettingsForm, AppError> {
    Ok(SettingsForm {
        settings: to_settings(&own(db, me).await?),
        time_zones: time_zones(),
    })
}

/// Changes the caller's organization's settings, audited with what they were.
pub async fn update(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    input: OrganizationSettings,
) -> Result<OrganizationSettings, AppError> {
    let mut v = Validation::new();
    let input = checked(input, &mut v);
    v.check(
        !input.admins_need_two_factor || me.two_factor,
        "admins_need_two_factor",
        "Turn on two-factor sign-in for yourself first (on your Account page).",
    );
    v.finish()?;
    let txn = begin_write(db).await?;
    let current = own(&txn, me).await?;
    let before = to_settings(&current);
    if before == input {
        return Ok(before);
    }
    let mut row = current.into_active_model();
    row.name = Set(input.name.clone());
    row.currency = Set(input.currency.clone());
    row.time_zone = Set(input.time_zone.clone());
    row.admins_need_two_factor = Set(input.admins_need_two_factor);
    let saved = row.update(&txn).await?;
    let after = to_settings(&saved);
    AuditEvent::new(Actor::from(me), Action::OrganizationUpdate)
        .organization(Some(saved.id))
        .entity(saved.id)
        .before(&before)
        .after(&after)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(after)
}
