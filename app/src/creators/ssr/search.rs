//! The filtered, sorted, paged creator search. Built so each criterion can use an index:
//! niches and channel ranges become `id IN (…)` over their own indexed tables, and the
//! text box matches one pre-lowered column.

use super::{channels_of, niches_of, rate};
use crate::creators::{CreatorResults, CreatorRow};
use crate::db::{channel, creator, creator_niche};
use crate::domain::creator::{PerformanceTag, Tier};
use crate::domain::creator_filter::{CreatorFilter, CreatorSort, PAGE_SIZE};
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use sea_orm::sea_query::{Expr, ExprTrait as _, LikeExpr, NullOrdering, Order, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

/// `%term%` with the term's own `%`, `_` and `\` taken literally.
fn contains(term: &str) -> LikeExpr {
    let escaped: String = term
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The WHERE clause of a search in one organization.
pub fn condition(org: i32, f: &CreatorFilter) -> Condition {
    let mut cond = Condition::all().add(creator::Column::OrganizationId.eq(org));
    // Each word must appear somewhere in the name, email or handles. As a subquery the
    // match reads only the (organization, search text) index, then the list is sorted.
    let mut words = Query::select();
    words
        .column(creator::Column::Id)
        .from(creator::Entity)
        .and_where(creator::Column::OrganizationId.eq(org));
    let mut any_word = false;
    for term in f.text.to_lowercase().split_whitespace().take(6) {
        let term = term.trim_start_matches('@');
        if !term.is_empty() {
            words.and_where(creator::Column::SearchText.like(contains(term)));
            any_word = true;
        }
    }
    if any_word {
        cond = cond.add(creator::Column::Id.in_subquery(words.to_owned()));
    }
    // Is the list already narrowed on the creator's side? Then each remaining creator's
    // channels are checked directly (EXISTS); otherwise the matching channels are listed
    // once (IN). Measured on 100,000 creators: each is the fast one in its case.
    let narrowed =
        any_word || f.niche.is_some() || f.country.is_some() || f.tier.is_some() || f.tag.is_some();
    if let Some(niche) = &f.niche {
        cond = cond.add(
            creator::Column::Id.in_subquery(
                Query::select()
                    .column(creator_niche::Column::CreatorId)
                    .from(creator_niche::Entity)
                    .and_where(creator_niche::Column::OrganizationId.eq(org))
                    .and_where(creator_niche::Column::Niche.eq(niche.as_str()))
                    .to_owned(),
            ),
        );
    }
    let on_channel = f.platform.is_some()
        || f.followers_min.is_some()
        || f.followers_max.is_some()
        || f.engagement_min_bp.is_some()
        || f.engagement_max_bp.is_some();
    if on_channel {
        let mut channels = Query::select();
        channels
            .column(channel::Column::CreatorId)
            .from(channel::Entity);
        if narrowed {
            channels.and_where(
                Expr::col((channel::Entity, channel::Column::CreatorId))
                    .equals((creator::Entity, creator::Column::Id)),
            );
        } else {
            channels.and_where(channel::Column::OrganizationId.eq(org));
        }
        if let Some(p) = f.platform {
            channels.and_where(channel::Column::Platform.eq(p.as_str()));
        }
        if let Some(n) = f.followers_min {
            channels.and_where(channel::Column::Followers.gte(n));
        }
        if let Some(n) = f.followers_max {
            channels.and_where(channel::Column::Followers.lte(n));
        }
        if let Some(bp) = f.engagement_min_bp {
            channels.and_where(channel::Column::EngagementBp.gte(bp));
        }
        if let Some(bp) = f.engagement_max_bp {
            channels.and_where(channel::Column::EngagementBp.lte(bp));
        }
        cond = cond.add(if narrowed {
            Expr::exists(channels.to_owned())
        } else {
            creator::Column::Id.in_subquery(channels.to_owned())
        });
    }
    if let Some(country) = &f.country {
        cond = cond.add(creator::Column::Country.eq(country.as_str()));
    }
    if let Some(tier) = f.tier {
        cond = cond.add(creator::Column::Tier.eq(tier.as_str()));
    }
    if let Some(tag) = f.tag {
        cond = cond.add(creator::Column::PerformanceTag.eq(tag.as_str()));
    }
    cond
}

/// The search in its order; ties broken by id so pages never overlap.
pub fn ordered(org: i32, f: &CreatorFilter) -> Select<creator::Entity> {
    let q = creator::Entity::find().filter(condition(org, f));
    let q = match f.sort {
        CreatorSort::Name => q.order_by_asc(creator::Column::Name),
        CreatorSort::FollowersDesc => q.order_by_desc(creator::Column::Followers),
        CreatorSort::FollowersAsc => q.order_by_asc(creator::Column::Followers),
        // Creators without a measured rate go last either way.
        CreatorSort::EngagementDesc => q.order_by_with_nulls(
            creator::Column::EngagementBp,
            Order::Desc,
            NullOrdering::Last,
        ),
        CreatorSort::EngagementAsc => q.order_by_with_nulls(
            creator::Column::EngagementBp,
            Order::Asc,
            NullOrdering::Last,
        ),
        CreatorSort::Recent => q.order_by_desc(creator::Column::UpdatedAt),
    };
    q.order_by_asc(creator::Column::Id)
}

/// List rows for these creators, with channels and niches.
pub async fn rows(
    db: &impl ConnectionTrait,
    creators: Vec<creator::Model>,
) -> Result<Vec<CreatorRow>, AppError> {
    let ids: Vec<i32> = creators.iter().map(|c| c.id).collect();
    let mut channels = channels_of(db, &ids).await?;
    let mut niches = niches_of(db, &ids).await?;
    Ok(creators
        .into_iter()
        .map(|m| CreatorRow {
            id: m.id,
            tier: m.tier.as_deref().and_then(Tier::parse),
            tag: m.performance_tag.as_deref().and_then(PerformanceTag::parse),
            rate: rate(&m),
            niches: niches.remove(&m.id).unwrap_or_default(),
            channels: channels.remove(&m.id).unwrap_or_default(),
            name: m.name,
            email: m.email,
            country: m.country,
            followers: m.followers,
            engagement_bp: m.engagement_bp,
        })
        .collect())
}

pub async fn search(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    f: &CreatorFilter,
) -> Result<CreatorResults, AppError> {
    let org = me.organization()?;
    // The count and the page run side by side, on two pooled connections.
    let count = creator::Entity::find().filter(condition(org, f)).count(db);
    let page_rows = ordered(org, f).offset(f.offset()).limit(PAGE_SIZE).all(db);
    let (total, mut found) = tokio::try_join!(count, page_rows)?;
    let pages = Ord::max(total.div_ceil(PAGE_SIZE), 1);
    let page = f.page.clamp(1, pages);
    // Asked past the end (a stale link): the last page instead.
    if page != f.page {
        found = ordered(org, f)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
            .all(db)
            .await?;
    }
    Ok(CreatorResults {
        rows: rows(db, found).await?,
        total,
        page,
        pages,
    })
}

/// Every niche in use in the organization, for the filter's suggestions.
pub async fn niches(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<Vec<String>, AppError> {
    let org = me.organization()?;
    Ok(creator_niche::Entity::find()
        .select_only()
        .column(creator_niche::Column::Niche)
        .distinct()
        .filter(creator_niche::Column::OrganizationId.eq(org))
        .order_by_asc(creator_niche::Column::Niche)
        .limit(500)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, QueryTrait};

    #[test]
    fn like_patterns_take_wildcards_literally() {
        let f = CreatorFilter {
            text: "50%_off".into(),
            ..Default::default()
        };
        let sql = ordered(1, &f).build(DbBackend::Sqlite).to_string();
        assert!(sql.contains(r"'%50\%\_off%' ESCAPE '\'"), "{sql}");
    }
}
