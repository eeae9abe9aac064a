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
