//! The creator's onboarding over the database: kept on the account, and copied to every
//! creator profile linked to it, where marketing reads it.

use super::{OnboardingFields, OnboardingInput};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, creator, creator_onboarding};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

fn platforms_text(f: &OnboardingFields) -> String {
    f.preferred_platforms
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The account's onboarding as a prefilled form (empty before the first time).
pub async fn get(db: &impl ConnectionTrait, me: &CurrentUser) -> Result<OnboardingInput, AppError> {
    if me.role != Role::Creator {
        return Err(AppError::Forbidden);
    }
    Ok(
        match creator_onboarding::Entity::find_by_id(me.id)
            .one(db)
            .await?
        {
            Some(o) => OnboardingInput {
                legal_name: o.legal_name,
                shipping_address: o.shipping_address,
                payment_details: o.payment_details,
                tax_id: o.tax_id,
                preferred_platforms: o
                    .preferred_platforms
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            None => OnboardingInput {
                legal_name: me.name.clone(),
                ..Default::default()
            },
        },
    )
}

pub async fn save(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    input: &OnboardingInput,
) -> Result<(), AppError> {
    if me.role != Role::Creator {
        return Err(AppError::Forbidden);
    }
    let f = input.validate()?;
    let row = creator_onboarding::ActiveModel {
        user_id: Set(me.id),
        legal_name: Set(f.legal_name.clone()),
        shipping_address: Set(f.shipping_address.clone()),
        payment_details: Set(f.payment_details.clone()),
        tax_id: Set(f.tax_id.clone()),
        preferred_platforms: Set(platforms_text(&f)),
        updated_at: Set(now),
    };
    let txn = begin_write(db).await?;
    let exists = creator_onboarding::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .is_some();
    let saved = if exists {
        creator_onboarding::Entity::update(row).exec(&txn).await?
    } else {
        creator_onboarding::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?
    };
    copy_onboarding(&txn, &saved, None).await?;
    // Who and when only: the data itself is private, and lives on the profiles.
    AuditEvent::new(Actor::from(me), Action::CreatorOnboard)
        .entity(me.id)
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Writes the onboarding onto the account's creator profiles (or one of them), as a new
/// version of each: a profile form opened before cannot put the old details back.
pub async fn copy_onboarding(
    txn: &impl ConnectionTrait,
    o: &creator_onboarding::Model,
    only: Option<i32>,
) -> Result<(), AppError> {
    let mut update = creator::Entity::update_many()
        .col_expr(
            creator::Column::LegalName,
            Expr::value(o.legal_name.clone()),
        )
        .col_expr(
            creator::Column::ShippingAddress,
            Expr::value(o.shipping_address.clone()),
        )
        .col_expr(
            creator::Column::PaymentDetails,
            Expr::value(o.payment_details.clone()),
        )
        .col_expr(
            creator::Column::TaxId,
            Expr::value((!o.tax_id.is_empty()).then(|| o.tax_id.clone())),
        )
        .col_expr(
            creator::Column::PreferredPlatforms,
            Expr::value(o.preferred_platforms.clone()),
        )
        .col_expr(
            creator::Column::Version,
            Expr::col(creator::Column::Version).add(1),
        )
        .col_expr(creator::Column::UpdatedAt, Expr::value(o.updated_at))
        .filter(creator::Column::UserId.eq(o.user_id));
    if let Some(id) = only {
        update = update.filter(creator::Column::Id.eq(id));
    }
    update.exec(txn).await?;
    Ok(())
}
