//! Writing a creator's rows: the creator, its channels and niches, and the totals the
//! creator row keeps in step with them. Used by the form and by CSV import.
use super::read::not_found;
use crate::creators::{ChannelFields, CreatorFields};
use crate::db::{channel, creator, creator_niche};
use crate::domain::creator::{Platform, weighted_engagement};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set, SqlErr,
};
use std::collections::HashMap;

pub(super) fn base_row(f: &CreatorFields) -> creator::ActiveModel {
    creator::ActiveModel {
        name: Set(f.name.clone()),
        email: Set(f.email.clone()),
        country: Set(f.country.clone()),
        tier: Set(f.tier.map(|t| t.as_str().to_string())),
        performance_tag: Set(f.tag.map(|t| t.as_str().to_string())),
        rate_minor: Set(f.rate.as_ref().map(|r| r.minor)),
        rate_currency: Set(f.rate.as_ref().map(|r| r.currency.clone())),
        notes: Set(f.notes.clone()),
        legal_name: Set(f.onboarding.legal_name.clone()),
        shipping_address: Set(f.onboarding.shipping_address.clone()),
        payment_details: Set(f.onboarding.payment_details.clone()),
        tax_id: Set(f.onboarding.tax_id.clone()),
        ..Default::default()
    }
}

/// Who already has this email or handle in the organization, as a field error.
pub(super) async fn explain_conflict(
    db: &impl ConnectionTrait,
    org: i32,
    f: &CreatorFields,
) -> Result<AppError, AppError> {
    if let Some(email) = &f.email
        && let Some(other) = creator::Entity::find()
            .filter(creator::Column::OrganizationId.eq(org))
            .filter(creator::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
    {
        return Ok(AppError::invalid(
            "email",
            format!("{} already has this email.", other.name),
        ));
    }
    for (i, ch) in f.channels.iter().enumerate() {
        if let Some(owner) = handle_owner(db, org, ch).await? {
            let field = if i == 0 { "channel.handle" } else { "handle" };
            return Ok(AppError::invalid(
                field,
                format!(
                    "@{} on {} is already {}'s channel.",
                    ch.handle,
                    ch.platform.label(),
                    owner.name
                ),
            ));
        }
    }
    Ok(AppError::Conflict(
        "This creator clashes with one already in your database.".into(),
    ))
}

pub(super) async fn handle_owner(
    db: &impl ConnectionTrait,
    org: i32,
    ch: &ChannelFields,
) -> Result<Option<creator::Model>, AppError> {
    let Some(existing) = channel::Entity::find()
        .filter(channel::Column::OrganizationId.eq(org))
        .filter(channel::Column::Platform.eq(ch.platform.as_str()))
        .filter(channel::Column::Handle.eq(ch.handle.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(creator::Entity::find_by_id(existing.creator_id)
        .one(db)
        .await?)
}

/// Which of these (platform, handle) pairs already belong to a creator of the
/// organization, with that creator's name.
pub(crate) async fn find_handles(
    db: &impl ConnectionTrait,
    org: i32,
    wanted: &[(Platform, String)],
) -> Result<HashMap<(Platform, String), String>, AppError> {
    let mut found = HashMap::new();
    for chunk in wanted.chunks(500) {
        let wanted_here: std::collections::HashSet<&(Platform, String)> = chunk.iter().collect();
        let channels = channel::Entity::find()
            .filter(channel::Column::OrganizationId.eq(org))
            .filter(channel::Column::Handle.is_in(chunk.iter().map(|(_, h)| h.clone())))
            .all(db)
            .await?;
        let owners: HashMap<i32, String> = creator::Entity::find()
            .filter(creator::Column::Id.is_in(channels.iter().map(|c| c.creator_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        for c in channels {
            let Some(platform) = Platform::parse(&c.platform) else {
                continue;
            };
            let key = (platform, c.handle);
            if wanted_here.contains(&key)
                && let Some(owner) = owners.get(&c.creator_id)
            {
                found.insert(key, owner.clone());
            }
        }
    }
    Ok(found)
}

/// A unique index said no: the email or a handle is taken.
pub(super) fn is_duplicate(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Inserts a creator with its channels and niches; used by the form and by CSV import.
/// Returns `Ok(None)` when a unique email or handle is already taken.
pub async fn insert(
    txn: &DatabaseTransaction,
    org: i32,
    now: DateTime<Utc>,
    f: &CreatorFields,
) -> Result<Option<i32>, AppError> {
    let mut row = base_row(f);
    let (followers, engagement, search_text) = totals(
        &f.name,
        f.email.as_deref(),
        f.channels
            .iter()
            .map(|c| (c.handle.as_str(), c.followers, c.engagement_bp)),
    );
    row.organization_id = Set(org);
    row.followers = Set(followers);
    row.engagement_bp = Set(engagement);
    row.search_text = Set(search_text);
    row.version = Set(1);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    let id = match row.insert(txn).await {
        Ok(m) => m.id,
        Err(e) if is_duplicate(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    for ch in &f.channels {
        match insert_channel(txn, org, id, now, ch).await {
            Ok(()) => {}
            Err(e) if is_duplicate(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
    }
    add_niches(txn, org, id, &f.niches).await?;
    Ok(Some(id))
}

pub(super) async fn insert_channel(
    db: &impl ConnectionTrait,
    org: i32,
    creator_id: i32,
    now: DateTime<Utc>,
    ch: &ChannelFields,
) -> Result<(), sea_orm::DbErr> {
    channel::ActiveModel {
        organization_id: Set(org),
        creator_id: Set(creator_id),
        platform: Set(ch.platform.as_str().into()),
        handle: Set(ch.handle.clone()),
        url: Set(ch.url.clone()),
        followers: Set(ch.followers),
        engagement_bp: Set(ch.engagement_bp),
        fake_followers_bp: Set(ch.fake_followers_bp),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub(super) async fn set_niches(
    db: &impl ConnectionTrait,
    org: i32,
    creator_id: i32,
    niches: &[String],
) -> Result<(), AppError> {
    creator_niche::Entity::delete_many()
        .filter(creator_niche::Column::CreatorId.eq(creator_id))
        .exec(db)
        .await?;
    add_niches(db, org, creator_id, niches).await
}

async fn add_niches(
    db: &impl ConnectionTrait,
    org: i32,
    creator_id: i32,
    niches: &[String],
) -> Result<(), AppError> {
    if !niches.is_empty() {
        creator_niche::Entity::insert_many(niches.iter().map(|n| creator_niche::ActiveModel {
            creator_id: Set(creator_id),
            organization_id: Set(org),
            niche: Set(n.clone()),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// What the creator row keeps in step with its channels: total followers, the
/// audience-weighted engagement, and the lower-cased text the search box matches.
fn totals<'a>(
    name: &str,
    email: Option<&str>,
    channels: impl Iterator<Item = (&'a str, i64, Option<i32>)> + Clone,
) -> (i64, Option<i32>, String) {
    let followers = channels.clone().map(|(_, f, _)| f).sum();
    let engagement =
        weighted_engagement(&channels.clone().map(|(_, f, e)| (f, e)).collect::<Vec<_>>());
    let mut text = vec![name.to_lowercase()];
    text.extend(email.map(str::to_lowercase));
    text.extend(channels.map(|(h, _, _)| h.to_lowercase()));
    (followers, engagement, text.join(" "))
}

/// Recomputes what the creator row keeps in step with its channels: total followers,
/// engagement, and the text the search box matches.
pub(super) async fn refresh_totals(
    db: &impl ConnectionTrait,
    creator_id: i32,
) -> Result<(), AppError> {
    let Some(m) = creator::Entity::find_by_id(creator_id).one(db).await? else {
        return Err(not_found());
    };
    let channels = channel::Entity::find()
        .filter(channel::Column::CreatorId.eq(creator_id))
        .all(db)
        .await?;
    let (followers, engagement, text) = totals(
        &m.name,
        m.email.as_deref(),
        channels
            .iter()
            .map(|c| (c.handle.as_str(), c.followers, c.engagement_bp)),
    );
    creator::Entity::update_many()
        .col_expr(creator::Column::Followers, Expr::value(followers))
        .col_expr(creator::Column::EngagementBp, Expr::value(engagement))
        .col_expr(creator::Column::SearchText, Expr::value(text))
        .filter(creator::Column::Id.eq(creator_id))
        .exec(db)
        .await?;
    Ok(())
}
