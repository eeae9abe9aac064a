//! The dashboard's queries: each collaboration with its creator, and the grouped sums of
//! latest readings, followers, payments and daily changes.

use crate::dashboard::TrendPoint;
use crate::db::json_rows::{Out, fetch_all};
use crate::db::{creator, pipeline_entry};
use crate::domain::metrics::{Counts, running};
use crate::domain::pipeline::Stage;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryResult,
    QuerySelect, QueryTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

/// What the dashboard needs of a collaboration, in [`ENTRY`]'s order.
#[derive(Deserialize)]
pub(super) struct Entry {
    pub id: i32,
    pub campaign_id: i32,
    pub creator_id: i32,
    /// The creator's name.
    pub name: String,
    pub stage: String,
    pub fee_minor: Option<i64>,
    pub shipping_minor: i64,
    pub product_cost_minor: i64,
}

const ENTRY: [Out; 8] = [
    Out::Column("id"),
    Out::Column("campaign_id"),
    Out::Column("creator_id"),
    Out::Column("name"),
    Out::Column("stage"),
    Out::Column("fee_minor"),
    Out::Column("shipping_minor"),
    Out::Column("product_cost_minor"),
];

pub(super) async fn entries_of(
    db: &DatabaseConnection,
    campaigns: &[i32],
) -> Result<Vec<Entry>, DbErr> {
    use pipeline_entry::Column as C;
    let select = pipeline_entry::Entity::find()
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
        .into_query();
    fetch_all(db, &select, &ENTRY).await
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
pub(super) async fn results_by_entry(
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
    let columns = [
        Out::Column("pipeline_entry_id"),
        Out::Column("last"),
        Out::Array(&Counts::FIELDS),
    ];
    type Row = (i32, Option<DateTime<Utc>>, [Option<i64>; 10]);
    let rows: Vec<Row> = fetch_all(db, &select, &columns).await?;
    Ok(rows
        .into_iter()
        .map(|(id, last, sums)| {
            (
                id,
                (
                    Counts::from_values(sums.map(Option::unwrap_or_default)),
                    last,
                ),
            )
        })
        .collect())
}

/// Potential reach per signed collaboration: the creator's followers on the platforms
/// their deliverables are for.
pub(super) async fn followers_by_entry(
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
    let columns = [Out::Column("entry_id"), Out::Column("followers")];
    let rows: Vec<(i32, Option<i64>)> = fetch_all(db, &select, &columns).await?;
    Ok(rows
        .into_iter()
        .map(|(id, followers)| (id, followers.unwrap_or(0)))
        .collect())
}

/// What each campaign has paid its creators.
pub(super) async fn paid_by_campaign(
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
pub(super) async fn trend(
    db: &DatabaseConnection,
    campaigns: &[i32],
) -> Result<Vec<TrendPoint>, DbErr> {
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
