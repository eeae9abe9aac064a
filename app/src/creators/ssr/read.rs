//! Reading creators: a whole profile, and the channels and niches of many at once.
use crate::creators::{Channel, Collaboration, Creator, CreatorSnapshot, Onboarding};
use crate::db::{campaign, channel, creator, creator_niche, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::creator::{PerformanceTag, Platform, Tier};
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::domain::role::Permission;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub(super) fn not_found() -> AppError {
    AppError::NotFound("Creator".into())
}

pub(super) fn stale() -> AppError {
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
pub(super) async fn load(
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
        preferred_platforms: m
            .preferred_platforms
            .split(',')
            .filter_map(Platform::parse)
            .collect(),
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

pub(super) fn snapshot(loaded: &(Creator, Onboarding)) -> CreatorSnapshot {
    CreatorSnapshot::new(&loaded.0, &loaded.1)
}
