//! The demo workspace: on first start with an empty database, one organization, one user
//! per role, demo creators and campaigns, so a newcomer can sign in and look around at once.
//! `ROSTER_DEMO=off` turns it off.

mod data;
mod results;
mod review;

use app::db::audit::{Action, Actor, AuditEvent};
use app::db::{begin_write, creator_onboarding, organization, user};
use app::domain::role::Role;
use app::error::AppError;
use app::platform::password;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

pub const ORGANIZATION: &str = "Northwind Outfitters (demo)";
/// Every demo account's password. Printed at start and in the README: demo data only.
pub const PASSWORD: &str = "roster-demo";

pub const USERS: [(Role, &str, &str); 5] = [
    (Role::Admin, "Alex Morgan", "admin@roster.example"),
    (Role::Marketing, "Maya Chen", "marketing@roster.example"),
    (Role::Legal, "Leo Park", "legal@roster.example"),
    (Role::Director, "Dana Brooks", "director@roster.example"),
    (Role::Creator, "Sam Rivera", "creator@roster.example"),
];

/// Seeds the demo when the database has no organization yet. Returns whether it did.
/// `samples` adds the demo creators and campaigns (tests leave them out to count exactly).
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    samples: bool,
) -> Result<bool, AppError> {
    if organization::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let password_hash = password::hash(PASSWORD.to_string()).await?;
    let txn = begin_write(db).await?;
    let org = organization::ActiveModel {
        name: Set(ORGANIZATION.to_string()),
        is_demo: Set(true),
        simulator_on: Set(false),
        created_at: Set(now),
        currency: Set("EUR".into()),
        time_zone: Set("UTC".into()),
        admins_need_two_factor: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut ids = std::collections::HashMap::new();
    for (role, name, email) in USERS {
        let u = user::ActiveModel {
            organization_id: Set(role.is_staff().then_some(org.id)),
            email: Set(email.to_string()),
            name: Set(name.to_string()),
            password_hash: Set(password_hash.clone()),
            role: Set(role.as_str().to_string()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.insert(role, u.id);
        if role == Role::Creator {
            onboard_demo_creator(&txn, u.id, now).await?;
        }
        AuditEvent::new(Actor::SYSTEM, Action::UserCreate)
            .organization(Some(org.id))
            .entity(u.id)
            .after(&serde_json::json!({ "email": email, "role": role.as_str(), "demo": true }))
            .record(&txn, now)
            .await?;
    }
    if samples {
        let id = |role| ids.get(&role).copied().ok_or(AppError::Internal);
        data::seed(&txn, org.id, id(Role::Marketing)?, now).await?;
        let staff = review::Staff {
            marketing: id(Role::Marketing)?,
            legal: id(Role::Legal)?,
            creator: id(Role::Creator)?,
        };
        review::seed(&txn, org.id, &staff, now).await?;
        results::seed(&txn, org.id, id(Role::Marketing)?, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// The demo creator has filled in their details already, so signing in shows the portal.
async fn onboard_demo_creator(
    txn: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    creator_onboarding::ActiveModel {
        user_id: Set(user_id),
        legal_name: Set("Sam Rivera".into()),
        shipping_address: Set("1 Demo Street, Springfield (demo data)".into()),
        payment_details: Set("Demo IBAN XX00 0000 0000 (demo data)".into()),
        tax_id: Set(String::new()),
        preferred_platforms: Set("instagram,tiktok".into()),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Starts the demo organization's metrics simulator (`ROSTER_SIMULATOR=off` leaves it off;
/// it can be switched on the dashboard).
pub async fn start_simulator(db: &DatabaseConnection) -> Result<(), AppError> {
    organization::Entity::update_many()
        .col_expr(
            organization::Column::SimulatorOn,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(organization::Column::IsDemo.eq(true))
        .exec(db)
        .await?;
    Ok(())
}

/// The demo logins, if the demo organization exists.
pub async fn logins(db: &DatabaseConnection) -> Result<Option<String>, AppError> {
    let demo = organization::Entity::find()
        .filter(organization::Column::IsDemo.eq(true))
        .one(db)
        .await?;
    if demo.is_none() {
        return Ok(None);
    }
    let mut out = format!("Demo logins (password for all: {PASSWORD}):\n");
    for (role, name, email) in USERS {
        out.push_str(&format!("  {:<10} {email:<28} {name}\n", role.label()));
    }
    Ok(Some(out))
}
