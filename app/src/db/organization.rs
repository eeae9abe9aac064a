use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub is_demo: bool,
    /// The demo's metrics simulator is running (demo organizations only).
    pub simulator_on: bool,
    pub created_at: DateTimeUtc,
    /// The currency a new campaign starts in (ISO 4217).
    pub currency: String,
    /// The IANA time zone dates, due dates and reminders are shown and counted in.
    pub time_zone: String,
    /// Admins must sign in with a second factor to use their admin rights.
    pub admins_need_two_factor: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// An organization's time zone by its stored name; UTC should it be unreadable.
pub fn zone(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

/// The time zone of each organization, for work that spans them (reminders).
pub async fn zones(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashMap<i32, chrono_tz::Tz>, crate::error::AppError> {
    Ok(Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, zone(&o.time_zone)))
        .collect())
}

/// The time zone of one organization.
pub async fn zone_of(
    db: &impl ConnectionTrait,
    org: i32,
) -> Result<chrono_tz::Tz, crate::error::AppError> {
    Ok(Entity::find_by_id(org)
        .one(db)
        .await?
        .map_or(chrono_tz::UTC, |o| zone(&o.time_zone)))
}

/// What the clock on the organization's wall says at `now`.
pub fn wall_clock(now: DateTime<Utc>, tz: chrono_tz::Tz) -> chrono::NaiveDateTime {
    now.with_timezone(&tz).naive_local()
}

/// The organization's date at `now`: its "today".
pub fn today(now: DateTime<Utc>, tz: chrono_tz::Tz) -> chrono::NaiveDate {
    wall_clock(now, tz).date()
}
