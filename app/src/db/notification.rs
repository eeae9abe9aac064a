use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub user_id: i32,
    /// A `NoticeKind`.
    pub kind: String,
    pub title: String,
    pub link: String,
    pub read_at: Option<DateTimeUtc>,
    /// When the mail job considered it (queued an email, or not, by the reader's choice).
    pub emailed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
