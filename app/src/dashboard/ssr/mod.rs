//! The dashboard's figures, added up in SQL from what the recorder keeps (each
//! deliverable's latest reading, each campaign's daily changes): a handful of grouped
//! queries whatever the number of snapshots.

mod queries;

use super::{CampaignGoals, CampaignHead, CreatorResult, Dashboard, FunnelStep, Goal, MoneyLine};
use crate::db::{campaign, organization};
use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::{Counts, Kpis, format_rate, formula, progress_bp, suggest};
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use queries::{entries_of, followers_by_entry, paid_by_campaign, results_by_entry, trend};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
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
    // Independent reads, each on its own pooled connection: they overlap, so the
    // dashboard takes about as long as its slowest query, not the sum of them.
    let (entries, results, followers, paid, trend) = futures::try_join!(
        entries_of(db, &ids),
        results_by_entry(db, &ids),
        followers_by_entry(db, &ids),
        paid_by_campaign(db, &ids),
        trend(db, &ids),
    )?;
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
