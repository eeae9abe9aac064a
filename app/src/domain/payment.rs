//! Creator payments: a collaboration's fee is paid in one or more payments, each pending,
//! then approved, then paid. A payment may be paid short (a late post, say), with a reason.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Pending,
    Approved,
    Paid,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 3] = [
        PaymentStatus::Pending,
        PaymentStatus::Approved,
        PaymentStatus::Paid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Approved => "approved",
            PaymentStatus::Paid => "paid",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "Pending",
            PaymentStatus::Approved => "Approved",
            PaymentStatus::Paid => "Paid",
        }
    }

    /// The status an action leads to, or why the action is not possible now.
    pub fn next(self, action: PaymentAction) -> Result<PaymentStatus, &'static str> {
        match (self, action) {
            (PaymentStatus::Pending, PaymentAction::Approve) => Ok(PaymentStatus::Approved),
            (PaymentStatus::Approved, PaymentAction::Pay) => Ok(PaymentStatus::Paid),
            (PaymentStatus::Pending, PaymentAction::Pay) => {
                Err("A payment is approved before it is paid.")
            }
            (PaymentStatus::Approved, PaymentAction::Approve) => {
                Err("This payment is already approved.")
            }
            (PaymentStatus::Paid, _) => Err("This payment is already paid."),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentAction {
    Approve,
    Pay,
}

/// What was actually paid against the `amount` planned: more than nothing, no more than
/// the amount, and a reason when it is less. Answers the field at fault and why.
pub fn check_paid(
    amount: i64,
    paid: i64,
    reason: Option<&str>,
) -> Result<(), (&'static str, &'static str)> {
    if paid <= 0 {
        return Err(("paid", "Enter the amount paid."));
    }
    if paid > amount {
        return Err(("paid", "More than the payment's amount cannot be paid."));
    }
    if paid < amount && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err((
            "reason",
            "Say why less than the amount is paid (a late post, say).",
        ));
    }
    Ok(())
}

/// Where an unpaid payment stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    Overdue,
    /// Within the next seven days (today included).
    ThisWeek,
    Later,
    Settled,
}

pub fn due(status: PaymentStatus, due_on: NaiveDate, today: NaiveDate) -> Due {
    if status == PaymentStatus::Paid {
        Due::Settled
    } else if due_on < today {
        Due::Overdue
    } else if due_on < today + Duration::days(7) {
        Due::ThisWeek
    } else {
        Due::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentAction::*;
    use PaymentStatus::*;

    #[test]
    fn pending_then_approved_then_paid_and_nothing_else() {
        assert_eq!(Pending.next(Approve), Ok(Approved));
        assert_eq!(Approved.next(Pay), Ok(Paid));
        for (from, action) in [
            (Pending, Pay),
            (Approved, Approve),
            (Paid, Pay),
            (Paid, Approve),
        ] {
            assert!(from.next(action).is_err(), "{from:?} {action:?}");
        }
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_short_payment_needs_a_reason() {
        assert_eq!(check_paid(500, 500, None), Ok(()));
        assert_eq!(check_paid(500, 400, Some("Posted 5 days late")), Ok(()));
        assert_eq!(check_paid(500, 400, Some("  ")).unwrap_err().0, "reason");
        assert_eq!(check_paid(500, 400, None).unwrap_err().0, "reason");
        assert_eq!(check_paid(500, 501, Some("tip")).unwrap_err().0, "paid");
        assert_eq!(check_paid(500, 0, Some("x")).unwrap_err().0, "paid");
    }

    #[test]
    fn due_dates_are_judged_by_the_day() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 6, d).unwrap();
        assert_eq!(due(Pending, day(9), today), Due::Overdue);
        assert_eq!(due(Approved, day(10), today), Due::ThisWeek);
        assert_eq!(due(Pending, day(16), today), Due::ThisWeek);
        assert_eq!(due(Pending, day(17), today), Due::Later);
        assert_eq!(due(Paid, day(1), today), Due::Settled);
    }
}
