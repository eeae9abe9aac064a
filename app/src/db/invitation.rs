use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub email: String,
    pub name: String,
    pub role: String,
    /// SHA-256 of the link's token: a leaked database does not leak usable links.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub invited_by: Option<i32>,
    /// For a creator: the creator profile the new account is linked to.
    pub creator_id: Option<i32>,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The link went by email alone (a mail server is set) and was never shown to the
    /// inviter: whoever uses it owns the address.
    pub sent_privately: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
