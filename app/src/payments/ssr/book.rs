//! What the payments page and the creator read.

use crate::db::{campaign, creator, organization, payment, pipeline_entry};
use crate::domain::money::Money;
use crate::domain::payment::{Due, PaymentStatus, due};
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use crate::payments::{CreatorPayment, Payable, PaymentBook, PaymentView, totals};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;

/// Stages whose fee is owed: the agreement is signed.
pub(super) const OWED: [Stage; 4] = Stage::SIGNED;

/// What a payment's rows say, for the audit trail.
#[derive(Serialize)]
pub(super) struct Snapshot {
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

pub(super) fn status_of(p: &payment::Model) -> PaymentStatus {
    PaymentStatus::parse(&p.status).unwrap_or(PaymentStatus::Pending)
}

/// Names the views need: each entry's creator and campaign.
pub(super) struct Names {
    entries: HashMap<i32, pipeline_entry::Model>,
    creators: HashMap<i32, creator::Model>,
    campaigns: HashMap<i32, campaign::Model>,
}

pub(super) async fn names(
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

    pub(super) fn view(&self, p: payment::Model, today: NaiveDate) -> PaymentView {
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
    let tz = crate::db::organization::zone_of(db, org).await?;
    let today = crate::db::organization::today(now, tz);
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
    // Unpaid first (overdue, then soonest due), then paid; each by due date.
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
    // Only collaborations the creator knows of (as their pages do).
    let entries: Vec<pipeline_entry::Model> = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CreatorId.is_in(profiles))
        .all(db)
        .await?
        .into_iter()
        .filter(|e| Stage::parse(&e.stage).is_some_and(Stage::creator_sees))
        .collect();
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
