//! The dashboard's figures, added up in SQL from what the recorder keeps (each
//! deliverable's latest reading, each campaign's daily changes): a handful of grouped
//! queries whatever the number of snapshots.

use super::{
    CampaignGoals, CampaignHead, CreatorResult, Dashboard, FunnelStep, Goal, MoneyLine, TrendPoint,
};
use crate::db::{campaign, creator, organization, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::{Counts, Kpis, format_rate, formula, progress_bp, running, suggest};
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QueryResult, QuerySelect,
};
use std::collections::{BTreeMap, HashMap};

/// One campaign, or every active one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Campaign(i32),
    Active,
}

/// The dashboard of `scope`, its leaderboard the best `leaders` creators.
pub async fn dashboard(
    db: &DatabaseConnection,
    org: i32,
    scope: Scope,
    leaders: usize,
) -> Result<Dashboard, AppError> {
    let campaigns = match scope {
        Scope::Campaign(id) => vec![
            campaign::Entity::find_by_id(id)
                .filter(campaign::Column::OrganizationId.eq(org))
                .one(db)
                .await?
                .ok_or_else(|| AppError::NotFound("Campaign".into()))?,
        ],
        Scope::Active => {
            campaign::Entity::find()
                .filter(campaign::Column::OrganizationId.eq(org))
                .filter(campaign::Column::Status.eq(CampaignStatus::Active.as_str()))
                .order_by_asc(campaign::Column::Name)
                .all(db)
                .await?
        }
    };
    let ids: Vec<i32> = campaigns.iter().map(|c| c.id).collect();
    let entries = entries_of(db, &ids).await?;
    let results = results_by_entry(db, &ids).await?;
    let followers = followers_by_entry(db, &ids).await?;
    let paid = paid_by_campaign(db, &ids).await?;
    let trend = trend(db, &ids).await?;
    let by_id: HashMap<i32, &campaign::Model> = campaigns.iter().map(|c| (c.id, c)).collect();

    // Per campaign: what its signed creators cost and what their readings add up to.
    let mut cost: HashMap<i32, i64> = HashMap::new();
    let mut counts_of: HashMap<i32, Counts> = HashMap::new();
    let mut last_reading: Option<DateTime<Utc>> = None;
    let mut creators = Vec::new();
    for e in &entries {
        let stage = Stage::parse(&e.stage).unwrap_or(Stage::FIRST);
        let signed = Stage::SIGNED.contains(&stage);
        let entry_cost = if signed {
            e.fee_minor
                .unwrap_or(0)
                .saturating_add(e.shipping_minor)
                .saturating_add(e.product_cost_minor)
        } else {
            0
        };
        let sum = cost.entry(e.campaign_id).or_default();
        *sum = sum.saturating_add(entry_cost);
        let (counts, last) = results.get(&e.id).copied().unwrap_or_default();
        let sum = counts_of.entry(e.campaign_id).or_default();
        *sum = sum.plus(&counts);
        last_reading = Ord::max(last_reading, last);
        if signed || !counts.is_zero() {
            creators.push((e, stage, entry_cost, counts));
        }
    }
    let counts = counts_of.values().fold(Counts::default(), |a, c| a.plus(c));

    let mut money: BTreeMap<String, MoneyLine> = BTreeMap::new();
    for c in &campaigns {
        let mine = counts_of.get(&c.id).copied().unwrap_or_default();
        let line = money
            .entry(c.currency.clone())
            .or_insert_with(|| MoneyLine {
                currency: c.currency.clone(),
                budget_minor: 0,
                cost_minor: 0,
                paid_minor: 0,
                revenue_minor: 0,
                conversions: 0,
                kpis: Kpis::default(),
            });
        line.budget_minor += c.budget_minor;
        line.cost_minor += cost.get(&c.id).copied().unwrap_or(0);
        line.paid_minor += paid.get(&c.id).copied().unwrap_or(0);
        line.revenue_minor += mine.revenue_minor;
        line.conversions += mine.conversions;
    }
    for line in money.values_mut() {
        let group = campaigns
            .iter()
            .filter(|c| c.currency == line.currency)
            .map(|c| counts_of.get(&c.id).copied().unwrap_or_default())
            .fold(Counts::default(), |a, c| a.plus(&c));
        line.kpis = Kpis::of(&group, line.cost_minor, line.budget_minor);
    }

    // Each creator against their own campaign's goal and cost per engagement.
    let campaign_kpis: HashMap<i32, Kpis> = campaigns
        .iter()
        .map(|c| {
            let mine = counts_of.get(&c.id).copied().unwrap_or_default();
            (
                c.id,
                Kpis::of(&mine, cost.get(&c.id).copied().unwrap_or(0), c.budget_minor),
            )
        })
        .collect();
    let mut leaderboard: Vec<CreatorResult> = creators
        .iter()
        .map(|(e, stage, entry_cost, counts)| {
            let c = by_id[&e.campaign_id];
            let kpis = Kpis::of(counts, *entry_cost, 0);
            let overall = campaign_kpis[&e.campaign_id];
            let goal = c.target_engagement_bp.map(i64::from).or(overall.er_bp);
            CreatorResult {
                entry_id: e.id,
                creator_id: e.creator_id,
                name: e.name.clone(),
                campaign: c.name.clone(),
                stage: *stage,
                currency: c.currency.clone(),
                cost_minor: *entry_cost,
                counts: *counts,
                kpis,
                // Creators who left are judged by nobody's cost: no suggestion.
                suggestion: stage
                    .on_board()
                    .then(|| suggest(&kpis, goal, overall.cpe_minor))
                    .flatten(),
            }
        })
        .collect();
    leaderboard.sort_by(|a, b| {
        (b.kpis.engagements, b.counts.reach, &a.name).cmp(&(
            a.kpis.engagements,
            a.counts.reach,
            &b.name,
        ))
    });
    let creator_count = leaderboard.len();
    leaderboard.truncate(leaders);

    let stages: Vec<Stage> = entries
        .iter()
        .map(|e| Stage::parse(&e.stage).unwrap_or(Stage::FIRST))
        .collect();
    let funnel = Stage::BOARD
        .into_iter()
        .map(|s| FunnelStep {
            stage: s,
            reached: stages.iter().filter(|x| x.on_board() && **x >= s).count(),
        })
        .collect();
    let left = [Stage::Declined, Stage::Dropped]
        .into_iter()
        .map(|s| FunnelStep {
            stage: s,
            reached: stages.iter().filter(|x| **x == s).count(),
        })
        .collect();

    let goals = campaigns
        .iter()
        .map(|c| {
            let signed = entries
                .iter()
                .filter(|e| e.campaign_id == c.id)
                .filter(|e| Stage::parse(&e.stage).is_some_and(|s| Stage::SIGNED.contains(&s)))
                .count() as i64;
            goals_of(
                c,
                &counts_of.get(&c.id).copied().unwrap_or_default(),
                signed,
            )
        })
        .collect();
    let engagements = counts.engagements();
    Ok(Dashboard {
        campaign: match scope {
            Scope::Campaign(_) => campaigns.first().map(head),
            Scope::Active => None,
        },
        campaigns: goals,
        er_bp: Kpis::of(&counts, 0, 0).er_bp,
        engagements,
        counts,
        potential_reach: followers.values().sum(),
        money: money.into_values().collect(),
        trend,
        funnel,
        left,
        leaderboard,
        creators: creator_count,
        last_reading,
        simulator: organization::Entity::find_by_id(org)
            .one(db)
            .await?
            .filter(|o| o.is_demo)
            .map(|o| o.simulator_on),
    })
}

fn head(c: &campaign::Model) -> CampaignHead {
    CampaignHead {
        id: c.id,
        name: c.name.clone(),
        status: CampaignStatus::parse(&c.status).unwrap_or(CampaignStatus::Draft),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        finalized_at: c.finalized_at,
    }
}

fn goals_of(c: &campaign::Model, counts: &Counts, signed: i64) -> CampaignGoals {
    let money = |minor| {
        Money {
            minor,
            currency: c.currency.clone(),
        }
        .display()
    };
    let er = Kpis::of(counts, 0, 0).er_bp;
    let mut goals = Vec::new();
    let mut goal =
        |label: &str, actual: i64, target: Option<i64>, shown: (String, String), f: &str| {
            if let Some(progress_bp) = progress_bp(actual, target) {
                goals.push(Goal {
                    label: label.into(),
                    actual: shown.0,
                    target: shown.1,
                    progress_bp,
                    formula: f.into(),
                });
            }
        };
    let count = |n: i64| crate::ui::format::count(n);
    goal(
        "Reach",
        counts.reach,
        c.target_reach,
        (count(counts.reach), count(c.target_reach.unwrap_or(0))),
        formula::MEASURED_REACH,
    );
    let target_er = c.target_engagement_bp.map(i64::from);
    goal(
        "Engagement rate",
        er.unwrap_or(0),
        target_er,
        (format_rate(er), format_rate(target_er)),
        formula::ER,
    );
    goal(
        "Conversions",
        counts.conversions,
        c.target_conversions,
        (
            count(counts.conversions),
            count(c.target_conversions.unwrap_or(0)),
        ),
        "Conversions = Σ latest conversions of each deliverable",
    );
    goal(
        "Revenue",
        counts.revenue_minor,
        c.target_revenue_minor,
        (
            money(counts.revenue_minor),
            money(c.target_revenue_minor.unwrap_or(0)),
        ),
        "Revenue = Σ latest revenue of each deliverable",
    );
    goal(
        "Creators signed",
        signed,
        c.target_creators.map(i64::from),
        (count(signed), count(c.target_creators.unwrap_or(0).into())),
        "Creators from Contracted on, against the number the campaign needs",
    );
    CampaignGoals {
        id: c.id,
        name: c.name.clone(),
        currency: c.currency.clone(),
        goals,
    }
}

/// What the dashboard needs of a collaboration.
#[derive(FromQueryResult)]
struct Entry {
    id: i32,
    campaign_id: i32,
    creator_id: i32,
    /// The creator's name.
    name: String,
    stage: String,
    fee_minor: Option<i64>,
    shipping_minor: i64,
    product_cost_minor: i64,
}

async fn entries_of(db: &DatabaseConnection, campaigns: &[i32]) -> Result<Vec<Entry>, DbErr> {
    use pipeline_entry::Column as C;
    pipeline_entry::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::CampaignId,
            C::CreatorId,
            C::Stage,
            C::FeeMinor,
            C::ShippingMinor,
            C::ProductCostMinor,
        ])
        .column(creator::Column::Name)
        .inner_join(creator::Entity)
        .filter(C::CampaignId.is_in(campaigns.iter().copied()))
        .into_model::<Entry>()
        .all(db)
        .await
}

/// `SUM(table.count) AS count` for each count (cast: PostgreSQL sums bigints as numeric).
fn sum_counts(select: &mut SelectStatement, table: &str) {
    for field in Counts::FIELDS {
        select.expr_as(
            Func::cast_as(
                Func::sum(Expr::col((Alias::new(table), Alias::new(field)))),
                Alias::new("BIGINT"),
            ),
            Alias::new(field),
        );
    }
}

fn counts_in(row: &QueryResult) -> Result<Counts, DbErr> {
    let mut counts = Counts::default();
    for field in Counts::FIELDS {
        counts.set(field, row.try_get::<Option<i64>>("", field)?.unwrap_or(0));
    }
    Ok(counts)
}

async fn query(
    db: &DatabaseConnection,
    select: &SelectStatement,
) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all(select).await
}

/// Each collaboration's deliverables' latest readings, added up, and the newest of them.
async fn results_by_entry(
    db: &DatabaseConnection,
    campaigns: &[i32],
) -> Result<HashMap<i32, (Counts, Option<DateTime<Utc>>)>, DbErr> {
    let t = "metric_latest";
    let mut select = Query::select();
    select
        .from(Alias::new(t))
        .column(Alias::new("pipeline_entry_id"))
        .expr_as(
            Func::max(Expr::col(Alias::new("captured_at"))),
            Alias::new("last"),
        )
        .and_where(Expr::col(Alias::new("campaign_id")).is_in(campaigns.iter().copied()))
        .group_by_col(Alias::new("pipeline_entry_id"));
    sum_counts(&mut select, t);
    let mut out = HashMap::new();
    for row in query(db, &select).await? {
        let id: i32 = row.try_get("", "pipeline_entry_id")?;
        let last: Option<DateTime<Utc>> = row.try_get("", "last")?;
        out.insert(id, (counts_in(&row)?, last));
    }
    Ok(out)
}

/// Potential reach per signed collaboration: the creator's followers on the platforms
/// their deliverables are for.
async fn followers_by_entry(
    db: &DatabaseConnection,
    campaigns: &[i32],
) -> Result<HashMap<i32, i64>, DbErr> {
    let (pe, ch, d) = (
        Alias::new("pipeline_entry"),
        Alias::new("channel"),
        Alias::new("deliverable"),
    );
    let contracted = Query::select()
        .expr(Expr::val(1))
        .from(d.clone())
        .and_where(
            Expr::col((d.clone(), Alias::new("pipeline_entry_id")))
                .equals((pe.clone(), Alias::new("id"))),
        )
        .and_where(
            Expr::col((d.clone(), Alias::new("platform")))
                .equals((ch.clone(), Alias::new("platform"))),
        )
        .to_owned();
    let mut select = Query::select();
    select
        .from(pe.clone())
        .inner_join(
            ch.clone(),
            Expr::col((ch.clone(), Alias::new("creator_id")))
                .equals((pe.clone(), Alias::new("creator_id"))),
        )
        .expr_as(
            Expr::col((pe.clone(), Alias::new("id"))),
            Alias::new("entry_id"),
        )
        .expr_as(
            Func::cast_as(
                Func::sum(Expr::col((ch.clone(), Alias::new("followers")))),
                Alias::new("BIGINT"),
            ),
            Alias::new("followers"),
        )
        .and_where(
            Expr::col((pe.clone(), Alias::new("campaign_id"))).is_in(campaigns.iter().copied()),
        )
        .and_where(
            Expr::col((pe.clone(), Alias::new("stage"))).is_in(Stage::SIGNED.map(Stage::as_str)),
        )
        .and_where(Expr::exists(contracted))
        .group_by_col((pe, Alias::new("id")));
    let mut out = HashMap::new();
    for row in query(db, &select).await? {
        out.insert(
            row.try_get("", "entry_id")?,
            row.try_get::<Option<i64>>("", "followers")?.unwrap_or(0),
        );
    }
    Ok(out)
}

/// What each campaign has paid its creators.
async fn paid_by_campaign(
    db: &DatabaseConnection,
    campaigns: &[i32],
) -> Result<HashMap<i32, i64>, DbErr> {
    let p = Alias::new("payment");
    let mut select = Query::select();
    select
        .from(p.clone())
        .column(Alias::new("campaign_id"))
        .expr_as(
            Func::cast_as(
                Func::sum(Expr::col(Alias::new("paid_minor"))),
                Alias::new("BIGINT"),
            ),
            Alias::new("paid"),
        )
        .and_where(Expr::col(Alias::new("campaign_id")).is_in(campaigns.iter().copied()))
        .and_where(Expr::col(Alias::new("status")).eq("paid"))
        .group_by_col(Alias::new("campaign_id"));
    let mut out = HashMap::new();
    for row in query(db, &select).await? {
        out.insert(
            row.try_get("", "campaign_id")?,
            row.try_get::<Option<i64>>("", "paid")?.unwrap_or(0),
        );
    }
    Ok(out)
}

/// Reach and engagements by day: the running totals of the daily changes.
async fn trend(db: &DatabaseConnection, campaigns: &[i32]) -> Result<Vec<TrendPoint>, DbErr> {
    let t = "metric_trend";
    let mut select = Query::select();
    select
        .from(Alias::new(t))
        .column(Alias::new("day"))
        .and_where(Expr::col(Alias::new("campaign_id")).is_in(campaigns.iter().copied()))
        .group_by_col(Alias::new("day"));
    sum_counts(&mut select, t);
    let mut changes = Vec::new();
    for row in query(db, &select).await? {
        let day: NaiveDate = row.try_get("", "day")?;
        changes.push((day, counts_in(&row)?));
    }
    Ok(running(&changes)
        .into_iter()
        .map(|(day, c)| TrendPoint {
            day,
            reach: c.reach,
            engagements: c.engagements(),
        })
        .collect())
}
