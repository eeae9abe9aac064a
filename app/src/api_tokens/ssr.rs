//! API tokens on the server: created with a random secret (`rst_…`), kept as a SHA-256
//! hash (the secret is long and random, so a plain hash is enough), audited.

use super::{ApiToken, CreatedToken};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{api_token, begin_write, user};
use crate::error::AppError;
use crate::platform::token::{hash_token, new_token};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// What every token starts with, so a leaked one is recognisable (secret scanners).
const PREFIX: &str = "rst_";

pub async fn list(db: &DatabaseConnection, org: i32) -> Result<Vec<ApiToken>, AppError> {
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::OrganizationId.eq(org))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(tokens.into_iter().map(|t| view(t, &names)).collect())
}

fn view(t: api_token::Model, names: &HashMap<i32, String>) -> ApiToken {
    ApiToken {
        id: t.id,
        created_by: t.created_by.and_then(|id| names.get(&id).cloned()),
        name: t.name,
        hint: t.hint,
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}

pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    name: &str,
) -> Result<CreatedToken, AppError> {
    let org = me.organization()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Name the token after what uses it (up to 80 characters), like \"Analytics sync\".",
        ));
    }
    let (random, _) = new_token();
    let secret = format!("{PREFIX}{random}");
    let hint = secret[secret.len() - 4..].to_string();
    let txn = begin_write(db).await?;
    let saved = api_token::ActiveModel {
        organization_id: Set(org),
        name: Set(name.into()),
        token_hash: Set(hash_token(&secret)),
        hint: Set(hint.clone()),
        created_by: Set(Some(me.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    AuditEvent::new(Actor::from(me), Action::ApiTokenCreate)
        .entity(saved.id)
        .after(&serde_json::json!({ "Name": name, "Ends with": hint }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    let names = HashMap::from([(me.id, me.name.clone())]);
    Ok(CreatedToken {
        token: view(saved, &names),
        secret,
    })
}

pub async fn revoke(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
) -> Result<(), AppError> {
    let token = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::OrganizationId.eq(me.organization()?))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("API token".into()))?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let name = token.name.clone();
    let mut active = token.into_active_model();
    active.revoked_at = Set(Some(now));
    active.revoked_by = Set(Some(me.id));
    let txn = begin_write(db).await?;
    active.update(&txn).await?;
    AuditEvent::new(Actor::from(me), Action::ApiTokenRevoke)
        .entity(id)
        .before(&serde_json::json!({ "Name": name, "Revoked": false }))
        .after(&serde_json::json!({ "Name": name, "Revoked": true }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The live token a request carries, if any.
pub async fn authenticate(
    db: &DatabaseConnection,
    secret: &str,
) -> Result<Option<api_token::Model>, AppError> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?)
}
