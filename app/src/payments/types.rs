//! What the server and the pages of payments exchange: views, inputs and
//! their limits.

use crate::domain::money::Money;
use crate::domain::payment::{Due, PaymentStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: i32,
    pub entry_id: i32,
    pub campaign_id: i32,
    pub campaign_name: String,
    pub creator_name: String,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub status: PaymentStatus,
    pub due: Due,
    pub paid: Option<Money>,
    pub paid_on: Option<NaiveDate>,
    pub reference: Option<String>,
    pub partial_reason: Option<String>,
    pub version: i32,
}

/// A contracted collaboration whose fee is not all scheduled yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payable {
    pub entry_id: i32,
    pub creator_name: String,
    pub campaign_name: String,
    pub fee: Money,
    /// The part of the fee not scheduled yet.
    pub unscheduled: Money,
}

/// The payments page: totals per currency, every payment (unpaid first, soonest due
/// first), and what can still be scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentBook {
    pub today: NaiveDate,
    pub due_this_week: Vec<Money>,
    pub overdue: Vec<Money>,
    pub paid: Vec<Money>,
    pub payments: Vec<PaymentView>,
    pub payables: Vec<Payable>,
}

/// A payment as its creator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorPayment {
    pub id: i32,
    pub entry_id: i32,
    pub brand: String,
    pub campaign_name: String,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub status: PaymentStatus,
    pub paid: Option<Money>,
    pub paid_on: Option<NaiveDate>,
    pub reference: Option<String>,
    pub partial_reason: Option<String>,
}

/// Adds amounts up per currency, in the order currencies first appear.
pub fn totals<'a>(amounts: impl IntoIterator<Item = &'a Money>) -> Vec<Money> {
    let mut out: Vec<Money> = Vec::new();
    for m in amounts {
        match out.iter_mut().find(|t| t.currency == m.currency) {
            Some(t) => t.minor = t.minor.saturating_add(m.minor),
            None => out.push(m.clone()),
        }
    }
    out
}
