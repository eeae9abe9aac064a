use crate::domain::role::Role;
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// None for creator accounts, which reach organizations through creator profiles.
    pub organization_id: Option<i32>,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub created_at: DateTimeUtc,
    /// The notice kinds this user does not want by email, comma separated.
    pub email_muted: String,
    /// Set while an admin has deactivated the account: it cannot sign in, and its
    /// sessions were ended.
    pub deactivated_at: Option<DateTimeUtc>,
    /// The authenticator secret (base32), once two-factor sign-in is on.
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last time step whose code was accepted: each code is good once.
    pub totp_last_step: Option<i64>,
    /// When the account proved it owns `email`: it used a link that only that mailbox
    /// received (a confirmation, a password reset, an invitation sent by email alone).
    pub email_confirmed_at: Option<DateTimeUtc>,
}

impl Model {
    /// The stored role; an unknown value (never written by this code) reads as the least
    /// privileged staff role rather than failing the request.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Director)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// The names of people by id (an author, an owner, who recorded a reading); ids of no one
/// are left out.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}
