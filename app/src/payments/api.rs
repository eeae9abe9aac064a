//! Server functions of payments: marketing (and admins) manage them; a creator reads theirs.

use super::{CreatorPayment, PaymentBook, PaymentView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_payments() -> Result<PaymentBook, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        super::ssr::book(&c.state.db, &me, c.state.clock.now()).await
    })
    .await
}

/// Schedules part (or all) of a collaboration's fee: `amount` as typed, due on `due_on`
/// (YYYY-MM-DD).
#[server]
pub async fn schedule_payment(
    entry_id: i32,
    amount: String,
    due_on: String,
) -> Result<PaymentView, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        super::ssr::schedule(&c.state.db, &me, now, entry_id, &amount, &due_on).await
    })
    .await
}

#[server]
pub async fn approve_payment(id: i32, version: i32) -> Result<PaymentView, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        super::ssr::approve(&c.state.db, &me, c.state.clock.now(), id, version).await
    })
    .await
}

/// Records an approved payment as paid. `paid` empty means the full amount; less needs a
/// `reason`. `paid_on` empty means today.
#[server]
pub async fn mark_paid(
    id: i32,
    version: i32,
    #[server(default)] paid: String,
    #[server(default)] paid_on: String,
    #[server(default)] reference: String,
    #[server(default)] reason: String,
) -> Result<PaymentView, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let paying = super::ssr::Paying {
            id,
            version,
            paid: &paid,
            paid_on: &paid_on,
            reference: &reference,
            reason: &reason,
        };
        let paid = super::ssr::mark_paid(&c.state.db, &me, c.state.clock.now(), paying).await?;
        c.state.events.publish(
            me.organization()?,
            crate::realtime::Kind::PaymentPaid,
            Some(paid.campaign_id),
            Some(paid.entry_id),
        );
        Ok(paid)
    })
    .await
}

/// The signed-in creator's payments, across the brands they work with.
#[server]
pub async fn my_payments() -> Result<Vec<CreatorPayment>, AppError> {
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        super::ssr::of_creator(&c.state.db, &me).await
    })
    .await
}
