//! Payment changes. Each is saved only at the version it was read at (two people paying
//! the same payment: the second is told), is audited, and a paid payment notifies its
//! creator.

use super::book::{OWED, Snapshot, names, status_of};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, campaign, creator, organization, payment, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::money::{Money, parse_amount};
use crate::domain::notice::NoticeKind;
use crate::domain::payment::{PaymentAction, PaymentStatus, check_paid};
use crate::domain::pipeline::Stage;
use crate::error::{AppError, Validation};
use crate::payments::PaymentView;
use crate::platform::notify::{Notice, notify};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

fn date(field: &str, input: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "Enter a date like 2026-07-31."))
}

pub async fn schedule(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    entry_id: i32,
    amount: &str,
    due_on: &str,
) -> Result<PaymentView, AppError> {
    let org = me.organization()?;
    let txn = begin_write(db).await?;
    // The entry's row is locked, so two schedulings never share what is left of the fee.
    let locked = pipeline_entry::Entity::update_many()
        .col_expr(
            pipeline_entry::Column::Id,
            Expr::col(pipeline_entry::Column::Id),
        )
        .filter(pipeline_entry::Column::Id.eq(entry_id))
        .filter(pipeline_entry::Column::OrganizationId.eq(org))
        .exec(&txn)
        .await?;
    let entry = pipeline_entry::Entity::find_by_id(entry_id)
        .filter(pipeline_entry::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .filter(|_| locked.rows_affected == 1)
        .ok_or_else(|| AppError::NotFound("Collaboration".into()))?;
    let owed = Stage::parse(&entry.stage).is_some_and(|s| OWED.contains(&s));
    let fee = entry.fee_minor.unwrap_or(0);
    if !owed || fee <= 0 {
        return Err(AppError::Conflict(
            "Only a contracted collaboration with a fee can be paid.".into(),
        ));
    }
    let campaign = editable_campaign(&txn, entry.campaign_id).await?;
    let mut v = Validation::new();
    let amount = v.take("amount", parse_amount(amount, &campaign.currency));
    let due_on = v.take(
        "due_on",
        NaiveDate::parse_from_str(due_on.trim(), "%Y-%m-%d")
            .map_err(|_| "Enter a date like 2026-07-31.".to_string()),
    );
    v.finish()?;
    let (amount, due_on) = (amount.unwrap_or(0), due_on.unwrap_or_default());
    let scheduled: i64 = payment::Entity::find()
        .filter(payment::Column::PipelineEntryId.eq(entry.id))
        .all(&txn)
        .await?
        .iter()
        .map(|p| p.amount_minor)
        .sum();
    let left = fee - scheduled;
    if amount <= 0 || amount > left {
        let left = Money {
            minor: left,
            currency: campaign.currency.clone(),
        };
        return Err(AppError::invalid(
            "amount",
            format!(
                "Enter an amount above 0 and at most the fee not yet scheduled, {}.",
                left.display()
            ),
        ));
    }
    let saved = payment::ActiveModel {
        organization_id: Set(org),
        campaign_id: Set(entry.campaign_id),
        pipeline_entry_id: Set(entry.id),
        amount_minor: Set(amount),
        currency: Set(campaign.currency.clone()),
        due_on: Set(due_on),
        status: Set(PaymentStatus::Pending.as_str().into()),
        paid_minor: Set(None),
        paid_on: Set(None),
        reference: Set(None),
        partial_reason: Set(None),
        approved_by: Set(None),
        paid_by: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    AuditEvent::new(Actor::from(me), Action::PaymentSchedule)
        .entity(saved.id)
        .after(&Snapshot::from(&saved))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    let today = org_today(db, saved.organization_id, now).await?;
    let names = names(db, vec![entry]).await?;
    Ok(names.view(saved, today))
}

/// The payment as it stands, if it is the organization's and still at `version`.
async fn current(
    txn: &impl ConnectionTrait,
    org: i32,
    id: i32,
    version: i32,
) -> Result<payment::Model, AppError> {
    let found = payment::Entity::find_by_id(id)
        .filter(payment::Column::OrganizationId.eq(org))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound("Payment".into()))?;
    if found.version != version {
        return Err(AppError::Conflict(format!(
            "Someone changed this payment meanwhile: it is now {}. Reload to see it.",
            status_of(&found).label().to_lowercase()
        )));
    }
    Ok(found)
}

/// Saves `change` only if the payment is still at the version it was read at: of two
/// people acting at once, the second is told (whatever the database's locking).
async fn save(
    txn: &impl ConnectionTrait,
    before: &payment::Model,
    mut change: payment::ActiveModel,
    now: DateTime<Utc>,
) -> Result<payment::Model, AppError> {
    change.version = Set(before.version + 1);
    change.updated_at = Set(now);
    let saved = payment::Entity::update_many()
        .set(change)
        .filter(payment::Column::Id.eq(before.id))
        .filter(payment::Column::Version.eq(before.version))
        .exec(txn)
        .await?;
    if saved.rows_affected != 1 {
        return Err(AppError::Conflict(
            "Someone changed this payment meanwhile. Reload to see it.".into(),
        ));
    }
    payment::Entity::find_by_id(before.id)
        .one(txn)
        .await?
        .ok_or(AppError::Internal)
}

/// Payments of an archived campaign are kept as they are.
async fn editable_campaign(
    txn: &impl ConnectionTrait,
    campaign_id: i32,
) -> Result<campaign::Model, AppError> {
    let c = campaign::Entity::find_by_id(campaign_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound("Campaign".into()))?;
    if CampaignStatus::parse(&c.status).is_some_and(CampaignStatus::is_read_only) {
        return Err(AppError::Conflict(
            "Archived campaigns are read-only.".into(),
        ));
    }
    Ok(c)
}

fn step(p: &payment::Model, action: PaymentAction) -> Result<PaymentStatus, AppError> {
    status_of(p)
        .next(action)
        .map_err(|why| AppError::Conflict(why.into()))
}

pub async fn approve(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    id: i32,
    version: i32,
) -> Result<PaymentView, AppError> {
    let org = me.organization()?;
    let txn = begin_write(db).await?;
    let before = current(&txn, org, id, version).await?;
    let status = step(&before, PaymentAction::Approve)?;
    editable_campaign(&txn, before.campaign_id).await?;
    let change = payment::ActiveModel {
        status: Set(status.as_str().into()),
        approved_by: Set(Some(me.id)),
        ..Default::default()
    };
    let after = save(&txn, &before, change, now).await?;
    AuditEvent::new(Actor::from(me), Action::PaymentApprove)
        .entity(id)
        .before(&Snapshot::from(&before))
        .after(&Snapshot::from(&after))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    view_one(db, after, now).await
}

/// A payment being recorded as paid, as typed.
pub struct Paying<'a> {
    pub id: i32,
    pub version: i32,
    pub paid: &'a str,
    pub paid_on: &'a str,
    pub reference: &'a str,
    pub reason: &'a str,
}

pub async fn mark_paid(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    form: Paying<'_>,
) -> Result<PaymentView, AppError> {
    let org = me.organization()?;
    let txn = begin_write(db).await?;
    let before = current(&txn, org, form.id, form.version).await?;
    let status = step(&before, PaymentAction::Pay)?;
    let paid = match form.paid.trim() {
        "" => before.amount_minor,
        typed => parse_amount(typed, &before.currency).map_err(|e| AppError::invalid("paid", e))?,
    };
    let today = org_today(&txn, org, now).await?;
    let paid_on = match form.paid_on.trim() {
        "" => today,
        typed => date("paid_on", typed)?,
    };
    if paid_on > today {
        return Err(AppError::invalid(
            "paid_on",
            "A payment cannot be paid in the future.",
        ));
    }
    let reason = Some(form.reason.trim()).filter(|r| !r.is_empty());
    check_paid(before.amount_minor, paid, reason).map_err(|(f, why)| AppError::invalid(f, why))?;
    let reference = form.reference.trim();
    if reference.chars().count() > 100 {
        return Err(AppError::invalid(
            "reference",
            "Keep the reference under 100 characters.",
        ));
    }
    editable_campaign(&txn, before.campaign_id).await?;
    let change = payment::ActiveModel {
        status: Set(status.as_str().into()),
        paid_minor: Set(Some(paid)),
        paid_on: Set(Some(paid_on)),
        reference: Set(Some(reference.to_string()).filter(|r| !r.is_empty())),
        partial_reason: Set(reason
            .filter(|_| paid < before.amount_minor)
            .map(str::to_string)),
        paid_by: Set(Some(me.id)),
        ..Default::default()
    };
    let after = save(&txn, &before, change, now).await?;
    AuditEvent::new(Actor::from(me), Action::PaymentPay)
        .entity(form.id)
        .before(&Snapshot::from(&before))
        .after(&Snapshot::from(&after))
        .record(&txn, now)
        .await?;
    tell_creator(&txn, &after).await?;
    txn.commit().await?;
    view_one(db, after, now).await
}

/// The creator hears of a payment made to them (by email too, unless they said not).
async fn tell_creator(txn: &impl ConnectionTrait, p: &payment::Model) -> Result<(), AppError> {
    let Some(entry) = pipeline_entry::Entity::find_by_id(p.pipeline_entry_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let creator = creator::Entity::find_by_id(entry.creator_id)
        .one(txn)
        .await?;
    let brand = organization::Entity::find_by_id(p.organization_id)
        .one(txn)
        .await?;
    if let (Some(user_id), Some(brand)) = (creator.and_then(|c| c.user_id), brand) {
        let paid = Money {
            minor: p.paid_minor.unwrap_or(p.amount_minor),
            currency: p.currency.clone(),
        };
        let notice = Notice {
            organization_id: p.organization_id,
            user_id,
            kind: NoticeKind::PaymentPaid,
            title: format!("{} paid you {}", brand.name, paid.display()),
            link: format!("/portal/collaborations/{}", entry.id),
        };
        notify(txn, notice, p.updated_at).await?;
    }
    Ok(())
}

async fn view_one(
    db: &DatabaseConnection,
    p: payment::Model,
    now: DateTime<Utc>,
) -> Result<PaymentView, AppError> {
    let entry = pipeline_entry::Entity::find_by_id(p.pipeline_entry_id)
        .one(db)
        .await?
        .into_iter()
        .collect();
    let today = org_today(db, p.organization_id, now).await?;
    Ok(names(db, entry).await?.view(p, today))
}

/// The organization's date at `now`.
async fn org_today(
    db: &impl sea_orm::ConnectionTrait,
    org: i32,
    now: DateTime<Utc>,
) -> Result<chrono::NaiveDate, AppError> {
    let tz = crate::db::organization::zone_of(db, org).await?;
    Ok(crate::db::organization::today(now, tz))
}
