//! Payments over SQL. Every change checks the payment's version (two people paying the
//! same payment: the second is told), is audited, and a paid payment notifies its creator.

use super::{CreatorPayment, Payable, PaymentBook, PaymentView, totals};
use crate::auth::CurrentUser;
use crate::db::audit::{Actor, AuditEvent};
use crate::db::{begin_write, campaign, creator, organization, payment, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::money::{Money, parse_amount};
use crate::domain::notice::NoticeKind;
use crate::domain::payment::{Due, PaymentAction, PaymentStatus, check_paid, due};
use crate::domain::pipeline::Stage;
use crate::error::{AppError, Validation};
use crate::notifications::ssr::{Notice, notify};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use std::collections::HashMap;

/// Stages whose fee is owed: the agreement is signed.
const OWED: [Stage; 4] = [Stage::Contracted, Stage::Content, Stage::Live, Stage::Paid];

/// What a payment's rows say, for the audit trail.
#[derive(Serialize)]
struct Snapshot {
    #[serde(rename = "Amount")]
    amount: String,
    #[serde(rename = "Due")]
    due_on: NaiveDate,
    #[serde(rename = "Status")]
    status: &'static str,
    #[serde(rename = "Paid", skip_serializing_if = "Option::is_none")]
    paid: Option<String>,
    #[serde(rename = "Reference", skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(rename = "Reason", skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl From<&payment::Model> for Snapshot {
    fn from(p: &payment::Model) -> Self {
        let money = |minor| Money {
            minor,
            currency: p.currency.clone(),
        };
        Snapshot {
            amount: money(p.amount_minor).display(),
            due_on: p.due_on,
            status: status_of(p).label(),
            paid: p.paid_minor.map(|m| money(m).display()),
            reference: p.reference.clone(),
            reason: p.partial_reason.clone(),
        }
    }
}

fn status_of(p: &payment::Model) -> PaymentStatus {
    PaymentStatus::parse(&p.status).unwrap_or(PaymentStatus::Pending)
}

/// Names the views need: each entry's creator and campaign.
struct Names {
    entries: HashMap<i32, pipeline_entry::Model>,
    creators: HashMap<i32, creator::Model>,
    campaigns: HashMap<i32, campaign::Model>,
}

async fn names(
    db: &impl ConnectionTrait,
    entries: Vec<pipeline_entry::Model>,
) -> Result<Names, AppError> {
    let creators = creator::Entity::find()
        .filter(creator::Column::Id.is_in(entries.iter().map(|e| e.creator_id)))
        .all(db)
        .await?;
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(entries.iter().map(|e| e.campaign_id)))
        .all(db)
        .await?;
    Ok(Names {
        entries: entries.into_iter().map(|e| (e.id, e)).collect(),
        creators: creators.into_iter().map(|c| (c.id, c)).collect(),
        campaigns: campaigns.into_iter().map(|c| (c.id, c)).collect(),
    })
}

impl Names {
    fn creator(&self, entry_id: i32) -> String {
        self.entries
            .get(&entry_id)
            .and_then(|e| self.creators.get(&e.creator_id))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    fn campaign(&self, campaign_id: i32) -> String {
        self.campaigns
            .get(&campaign_id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    fn view(&self, p: payment::Model, today: NaiveDate) -> PaymentView {
        let money = |minor| Money {
            minor,
            currency: p.currency.clone(),
        };
        let status = status_of(&p);
        PaymentView {
            id: p.id,
            entry_id: p.pipeline_entry_id,
            campaign_id: p.campaign_id,
            campaign_name: self.campaign(p.campaign_id),
            creator_name: self.creator(p.pipeline_entry_id),
            amount: money(p.amount_minor),
            due_on: p.due_on,
            status,
            due: due(status, p.due_on, today),
            paid: p.paid_minor.map(money),
            paid_on: p.paid_on,
            reference: p.reference,
            partial_reason: p.partial_reason,
            version: p.version,
        }
    }
}

pub async fn book(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<PaymentBook, AppError> {
    let org = me.organization()?;
    let today = now.date_naive();
    let rows = payment::Entity::find()
        .filter(payment::Column::OrganizationId.eq(org))
        .order_by_asc(payment::Column::DueOn)
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?;
    // Collaborations owed a fee, and any that has payments (it may have left since).
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::OrganizationId.eq(org))
        .filter(
            Condition::any()
                .add(pipeline_entry::Column::Stage.is_in(OWED.map(Stage::as_str)))
                .add(pipeline_entry::Column::Id.is_in(rows.iter().map(|p| p.pipeline_entry_id))),
        )
        .all(db)
        .await?;
    let names = names(db, entries).await?;
    let mut scheduled: HashMap<i32, i64> = HashMap::new();
    for p in &rows {
        *scheduled.entry(p.pipeline_entry_id).or_default() += p.amount_minor;
    }
    let mut payables: Vec<Payable> = names
        .entries
        .values()
        .filter(|e| Stage::parse(&e.stage).is_some_and(|s| OWED.contains(&s)))
        .filter_map(|e| {
            let fee = e.fee_minor.filter(|f| *f > 0)?;
            let left = fee - scheduled.get(&e.id).copied().unwrap_or(0);
            let currency = names.campaigns.get(&e.campaign_id)?.currency.clone();
            (left > 0).then(|| Payable {
                entry_id: e.id,
                creator_name: names.creator(e.id),
                campaign_name: names.campaign(e.campaign_id),
                fee: Money {
                    minor: fee,
                    currency: currency.clone(),
                },
                unscheduled: Money {
                    minor: left,
                    currency,
                },
            })
        })
        .collect();
    payables.sort_by(|a, b| {
        (&a.campaign_name, &a.creator_name).cmp(&(&b.campaign_name, &b.creator_name))
    });
    let mut payments: Vec<PaymentView> = rows.into_iter().map(|p| names.view(p, today)).collect();
    // Unpaid first (overdue, then soonest due), paid last (latest paid first).
    payments.sort_by_key(|p| (p.status == PaymentStatus::Paid, p.due_on));
    let sum = |wanted: Due| {
        totals(
            payments
                .iter()
                .filter(|p| p.due == wanted)
                .map(|p| &p.amount),
        )
    };
    let paid = totals(payments.iter().filter_map(|p| p.paid.as_ref()));
    Ok(PaymentBook {
        today,
        due_this_week: sum(Due::ThisWeek),
        overdue: sum(Due::Overdue),
        paid,
        payments,
        payables,
    })
}

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
    let (_turn, txn) = begin_write(db).await?;
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
    AuditEvent::new(Actor::from(me), "payment.schedule", "payment")
        .entity(saved.id)
        .after(&Snapshot::from(&saved))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    let names = names(db, vec![entry]).await?;
    Ok(names.view(saved, now.date_naive()))
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
    let (_turn, txn) = begin_write(db).await?;
    let before = current(&txn, org, id, version).await?;
    let status = step(&before, PaymentAction::Approve)?;
    editable_campaign(&txn, before.campaign_id).await?;
    let change = payment::ActiveModel {
        status: Set(status.as_str().into()),
        approved_by: Set(Some(me.id)),
        ..Default::default()
    };
    let after = save(&txn, &before, change, now).await?;
    AuditEvent::new(Actor::from(me), "payment.approve", "payment")
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
    let (_turn, txn) = begin_write(db).await?;
    let before = current(&txn, org, form.id, form.version).await?;
    let status = step(&before, PaymentAction::Pay)?;
    let paid = match form.paid.trim() {
        "" => before.amount_minor,
        typed => parse_amount(typed, &before.currency).map_err(|e| AppError::invalid("paid", e))?,
    };
    let paid_on = match form.paid_on.trim() {
        "" => now.date_naive(),
        typed => date("paid_on", typed)?,
    };
    if paid_on > now.date_naive() {
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
    AuditEvent::new(Actor::from(me), "payment.pay", "payment")
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
    Ok(names(db, entry).await?.view(p, now.date_naive()))
}

/// The signed-in creator's payments, from every organization they work with.
pub async fn of_creator(
    db: &DatabaseConnection,
    me: &CurrentUser,
) -> Result<Vec<CreatorPayment>, AppError> {
    let profiles: Vec<i32> = creator::Entity::find()
        .filter(creator::Column::UserId.eq(me.id))
        .all(db)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.is_in(profiles))
        .all(db)
        .await?;
    let rows = payment::Entity::find()
        .filter(payment::Column::PipelineEntryId.is_in(entries.iter().map(|e| e.id)))
        .order_by_asc(payment::Column::DueOn)
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?;
    let brands: HashMap<i32, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(rows.iter().map(|p| p.organization_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let names = names(db, entries).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let money = |minor| Money {
                minor,
                currency: p.currency.clone(),
            };
            CreatorPayment {
                id: p.id,
                entry_id: p.pipeline_entry_id,
                brand: brands.get(&p.organization_id).cloned().unwrap_or_default(),
                campaign_name: names.campaign(p.campaign_id),
                amount: money(p.amount_minor),
                due_on: p.due_on,
                status: status_of(&p),
                paid: p.paid_minor.map(money),
                paid_on: p.paid_on,
                reference: p.reference.clone(),
                partial_reason: p.partial_reason.clone(),
            }
        })
        .collect())
}
