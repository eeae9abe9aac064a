//! The creator database over SQL. Every query is scoped to the caller's organization:
//! another organization's ids are simply not found.

pub mod export;
pub mod http;
pub mod import;
pub mod search;

use super::{
    Channel, ChannelFields, ChannelInput, Collaboration, Creator, CreatorFields, CreatorInput,
    CreatorSnapshot, Onboarding,
};
use crate::auth::CurrentUser;
use crate::db::audit::{Actor, AuditEvent};
use crate::db::{campaign, channel, creator, creator_niche, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::creator::{PerformanceTag, Platform, Tier, weighted_engagement};
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::history::HistoryEntry;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};
use std::collections::HashMap;

fn not_found() -> AppError {
    AppError::NotFound("Creator".into())
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone changed this creator a moment ago. Reload to see the current version.".into(),
    )
}

pub(crate) async fn find(
    db: &impl ConnectionTrait,
    org: i32,
    id: i32,
) -> Result<creator::Model, AppError> {
    creator::Entity::find_by_id(id)
        .filter(creator::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(not_found)
}

pub(crate) fn channel_view(c: channel::Model) -> Channel {
    Channel {
        id: c.id,
        platform: Platform::parse(&c.platform).unwrap_or(Platform::Blog),
        handle: c.handle,
        url: c.url,
        followers: c.followers,
        engagement_bp: c.engagement_bp,
        fake_followers_bp: c.fake_followers_bp,
    }
}

pub(crate) fn rate(m: &creator::Model) -> Option<Money> {
    match (m.rate_minor, &m.rate_currency) {
        (Some(minor), Some(currency)) => Some(Money {
            minor,
            currency: currency.clone(),
        }),
        _ => None,
    }
}

/// Channels of several creators, biggest audience first.
pub(crate) async fn channels_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<Channel>>, AppError> {
    let mut out: HashMap<i32, Vec<Channel>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = channel::Entity::find()
            .filter(channel::Column::CreatorId.is_in(chunk.to_vec()))
            .order_by_desc(channel::Column::Followers)
            .order_by_asc(channel::Column::Id)
            .all(db)
            .await?;
        for c in rows {
            out.entry(c.creator_id).or_default().push(channel_view(c));
        }
    }
    Ok(out)
}

pub(crate) async fn niches_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, AppError> {
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = creator_niche::Entity::find()
            .filter(creator_niche::Column::CreatorId.is_in(chunk.to_vec()))
            .order_by_asc(creator_niche::Column::Niche)
            .all(db)
            .await?;
        for n in rows {
            out.entry(n.creator_id).or_default().push(n.niche);
        }
    }
    Ok(out)
}

fn onboarding_of(m: &creator::Model) -> Onboarding {
    Onboarding {
        legal_name: m.legal_name.clone(),
        shipping_address: m.shipping_address.clone(),
        payment_details: m.payment_details.clone(),
        tax_id: m.tax_id.clone(),
    }
}

async fn collaborations(
    db: &impl ConnectionTrait,
    creator_id: i32,
) -> Result<Vec<Collaboration>, AppError> {
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.eq(creator_id))
        .all(db)
        .await?;
    let campaigns: HashMap<i32, campaign::Model> = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(entries.iter().map(|e| e.campaign_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out: Vec<Collaboration> = entries
        .into_iter()
        .filter_map(|e| {
            let c = campaigns.get(&e.campaign_id)?;
            Some(Collaboration {
                campaign_id: c.id,
                campaign_name: c.name.clone(),
                campaign_status: CampaignStatus::parse(&c.status).unwrap_or(CampaignStatus::Draft),
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                stage: Stage::parse(&e.stage).unwrap_or(Stage::FIRST),
                fee: e.fee_minor.map(|minor| Money {
                    minor,
                    currency: c.currency.clone(),
                }),
            })
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.starts_on));
    Ok(out)
}

/// A whole profile. The onboarding data is always loaded (audit snapshots need it) and
/// only handed out by [`get`] to those who may see it.
async fn load(
    db: &impl ConnectionTrait,
    org: i32,
    id: i32,
) -> Result<(Creator, Onboarding), AppError> {
    let m = find(db, org, id).await?;
    let channels = channels_of(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let niches = niches_of(db, &[id]).await?.remove(&id).unwrap_or_default();
    let onboarding = onboarding_of(&m);
    let creator = Creator {
        id: m.id,
        tier: m.tier.as_deref().and_then(Tier::parse),
        tag: m.performance_tag.as_deref().and_then(PerformanceTag::parse),
        rate: rate(&m),
        name: m.name,
        email: m.email,
        country: m.country,
        niches,
        notes: m.notes,
        channels,
        followers: m.followers,
        engagement_bp: m.engagement_bp,
        onboarding: None,
        collaborations: collaborations(db, id).await?,
        version: m.version,
        updated_at: m.updated_at,
    };
    Ok((creator, onboarding))
}

pub async fn get(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Creator, AppError> {
    let (mut creator, onboarding) = load(db, me.organization()?, id).await?;
    if me.can(Permission::ManageCreators) {
        creator.onboarding = Some(onboarding);
    }
    Ok(creator)
}

fn snapshot(loaded: &(Creator, Onboarding)) -> CreatorSnapshot {
    CreatorSnapshot::new(&loaded.0, &loaded.1)
}

fn base_row(f: &CreatorFields) -> creator::ActiveModel {
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
async fn explain_conflict(
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

async fn handle_owner(
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
fn is_duplicate(e: &sea_orm::DbErr) -> bool {
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

async fn insert_channel(
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

async fn set_niches(
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
async fn refresh_totals(db: &impl ConnectionTrait, creator_id: i32) -> Result<(), AppError> {
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

pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    input: &CreatorInput,
) -> Result<Creator, AppError> {
    let org = me.organization()?;
    let f = input.validate()?;
    let txn = db.begin().await?;
    let Some(id) = insert(&txn, org, now, &f).await? else {
        txn.rollback().await?;
        return Err(explain_conflict(db, org, &f).await?);
    };
    let created = load(&txn, org, id).await?;
    AuditEvent::new(Actor::from(me), "creator.create", "creator")
        .entity(id)
        .after(&snapshot(&created))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    get(db, me, id).await
}

/// Bumps the creator's version if it is still `version`: the transaction's first write, so
/// SQLite takes its lock before anything is read.
async fn claim(
    txn: &DatabaseTransaction,
    org: i32,
    id: i32,
    version: i32,
    now: DateTime<Utc>,
    mut row: creator::ActiveModel,
) -> Result<(), AppError> {
    row.updated_at = Set(now);
    let updated = creator::Entity::update_many()
        .set(row)
        .col_expr(creator::Column::Version, Expr::value(version + 1))
        .filter(creator::Column::Id.eq(id))
        .filter(creator::Column::OrganizationId.eq(org))
        .filter(creator::Column::Version.eq(version))
        .exec(txn)
        .await;
    match updated {
        Ok(r) if r.rows_affected == 1 => Ok(()),
        Ok(_) => Err(stale()),
        Err(e) if is_duplicate(&e) => Err(AppError::invalid(
            "email",
            "Another creator already has this email.",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Runs `change` on the creator if it is still at `version`, then audits before and after.
async fn change<F>(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    (id, version): (i32, i32),
    action: &'static str,
    row: creator::ActiveModel,
    change: F,
) -> Result<Creator, AppError>
where
    F: AsyncFnOnce(&DatabaseTransaction, i32) -> Result<(), AppError>,
{
    let org = me.organization()?;
    let before = load(db, org, id).await?;
    if before.0.version != version {
        return Err(stale());
    }
    let txn = db.begin().await?;
    claim(&txn, org, id, version, now, row).await?;
    change(&txn, org).await?;
    refresh_totals(&txn, id).await?;
    let after = load(&txn, org, id).await?;
    AuditEvent::new(Actor::from(me), action, "creator")
        .entity(id)
        .before(&snapshot(&before))
        .after(&snapshot(&after))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    get(db, me, id).await
}

pub async fn update(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    input: &CreatorInput,
) -> Result<Creator, AppError> {
    find(db, me.organization()?, id).await?;
    let f = input.validate()?;
    let niches = f.niches.clone();
    change(
        db,
        me,
        now,
        (id, version),
        "creator.update",
        base_row(&f),
        async |txn, org| set_niches(txn, org, id, &niches).await,
    )
    .await
}

pub async fn add_channel(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    input: &ChannelInput,
) -> Result<Creator, AppError> {
    let org = me.organization()?;
    find(db, org, id).await?;
    let ch = input.validate()?;
    let taken = |owner: creator::Model| {
        AppError::invalid(
            "handle",
            format!(
                "@{} on {} is already {}'s channel.",
                ch.handle,
                ch.platform.label(),
                owner.name
            ),
        )
    };
    if let Some(owner) = handle_owner(db, org, &ch).await? {
        return Err(taken(owner));
    }
    // One channel per platform: what the list, the CSV columns and the board assume.
    let same_platform = channel::Entity::find()
        .filter(channel::Column::CreatorId.eq(id))
        .filter(channel::Column::Platform.eq(ch.platform.as_str()))
        .one(db)
        .await?;
    if let Some(existing) = same_platform {
        return Err(AppError::invalid(
            "platform",
            format!(
                "They already have a {} channel (@{}). Remove it first to replace it.",
                ch.platform.label(),
                existing.handle
            ),
        ));
    }
    change(
        db,
        me,
        now,
        (id, version),
        "creator.add_channel",
        Default::default(),
        async |txn, org| {
            insert_channel(txn, org, id, now, &ch).await.map_err(|e| {
                if is_duplicate(&e) {
                    AppError::invalid("handle", "This handle was just added to another creator.")
                } else {
                    e.into()
                }
            })
        },
    )
    .await
}

pub async fn remove_channel(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
    channel_id: i32,
) -> Result<Creator, AppError> {
    let org = me.organization()?;
    find(db, org, id).await?;
    change(
        db,
        me,
        now,
        (id, version),
        "creator.remove_channel",
        Default::default(),
        async |txn, _org| {
            let deleted = channel::Entity::delete_many()
                .filter(channel::Column::Id.eq(channel_id))
                .filter(channel::Column::CreatorId.eq(id))
                .exec(txn)
                .await?;
            if deleted.rows_affected == 1 {
                Ok(())
            } else {
                Err(AppError::NotFound("Channel".into()))
            }
        },
    )
    .await
}

/// Deletes a creator who has never worked on a campaign. One who has is kept, history and
/// all: the answer says to tag them "pause" instead.
pub async fn delete(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    let org = me.organization()?;
    let before = load(db, org, id).await?;
    if before.0.version != version {
        return Err(stale());
    }
    let campaigns = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.eq(id))
        .count(db)
        .await?;
    if campaigns > 0 {
        return Err(AppError::Conflict(format!(
            "{} has worked on {campaigns} campaign(s), so their history is kept. Tag them \"pause\" instead.",
            before.0.name
        )));
    }
    let txn = db.begin().await?;
    let deleted = creator::Entity::delete_many()
        .filter(creator::Column::Id.eq(id))
        .filter(creator::Column::OrganizationId.eq(org))
        .filter(creator::Column::Version.eq(version))
        .exec(&txn)
        .await;
    match deleted {
        Ok(r) if r.rows_affected == 1 => {}
        Ok(_) => return Err(stale()),
        // A shortlisting slipped in since the check: the foreign key keeps the creator.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(_))) => {
            return Err(AppError::Conflict(format!(
                "{} was just added to a campaign, so their history is kept.",
                before.0.name
            )));
        }
        Err(e) => return Err(e.into()),
    }
    AuditEvent::new(Actor::from(me), "creator.delete", "creator")
        .entity(id)
        .before(&snapshot(&before))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The creator's audit trail, newest first. Onboarding values are hidden from those who
/// may not see them (the trail keeps them for those who may).
pub async fn history(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i32,
) -> Result<Vec<HistoryEntry>, AppError> {
    let org = me.organization()?;
    find(db, org, id).await?;
    let hide = (!me.can(Permission::ManageCreators)).then_some(super::ONBOARDING_FIELD);
    crate::db::audit::history(db, org, "creator", &id.to_string(), hide).await
}
