use sea_orm::entity::prelude::*;

/// An agreement as sent. Only its answer is ever written afterwards, and only while it is
/// still `sent`: an accepted agreement never changes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agreement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub pipeline_entry_id: i32,
    /// `domain::agreement::AgreementTerms` as JSON.
    #[sea_orm(column_type = "Text")]
    pub terms: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub body_sha256: String,
    pub signer_name: String,
    pub status: String,
    pub sent_by: Option<i32>,
    pub sent_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<i32>,
    pub accepted_name: Option<String>,
    pub accepted_ip: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decline_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
