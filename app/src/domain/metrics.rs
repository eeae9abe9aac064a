//! The metric formulas of docs/PRODUCT.md §7.3, one definition each, in integers: counts as `i64`, money in
//! minor units, rates in basis points (hundredths of a percent). A figure whose divisor is
//! zero is undefined (`None`, shown as "—"), never zero and never a panic.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What one snapshot reads, or what several add up to. Revenue is in the campaign's
/// currency's minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub impressions: i64,
    pub reach: i64,
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub clicks: i64,
    pub conversions: i64,
    pub revenue_minor: i64,
}

/// The largest count a snapshot may carry: sums of a million of them stay far from overflow.
pub const MAX_COUNT: i64 = 1_000_000_000_000;

impl Counts {
    /// The fields, as the ingest API and the CSV import name them.
    pub const FIELDS: [&'static str; 10] = [
        "impressions",
        "reach",
        "views",
        "likes",
        "comments",
        "shares",
        "saves",
        "clicks",
        "conversions",
        "revenue_minor",
    ];

    pub fn get(&self, field: &str) -> Option<i64> {
        Some(*self.fields().into_iter().find(|(f, _)| *f == field)?.1)
    }

    pub fn set(&mut self, field: &str, value: i64) -> bool {
        match self.fields_mut().into_iter().find(|(f, _)| *f == field) {
            Some((_, slot)) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// The counts in [`Counts::FIELDS`]' order.
    pub fn values(&self) -> [i64; 10] {
        self.fields().map(|(_, v)| *v)
    }

    /// Counts from values in [`Counts::FIELDS`]' order.
    pub fn from_values(values: [i64; 10]) -> Counts {
        let mut counts = Counts::default();
        for ((_, slot), value) in counts.fields_mut().into_iter().zip(values) {
            *slot = value;
        }
        counts
    }

    fn fields(&self) -> [(&'static str, &i64); 10] {
        [
            ("impressions", &self.impressions),
            ("reach", &self.reach),
            ("views", &self.views),
            ("likes", &self.likes),
            ("comments", &self.comments),
            ("shares", &self.shares),
            ("saves", &self.saves),
            ("clicks", &self.clicks),
            ("conversions", &self.conversions),
            ("revenue_minor", &self.revenue_minor),
        ]
    }

    fn fields_mut(&mut self) -> [(&'static str, &mut i64); 10] {
        [
            ("impressions", &mut self.impressions),
            ("reach", &mut self.reach),
            ("views", &mut self.views),
            ("likes", &mut self.likes),
            ("comments", &mut self.comments),
            ("shares", &mut self.shares),
            ("saves", &mut self.saves),
            ("clicks", &mut self.clicks),
            ("conversions", &mut self.conversions),
            ("revenue_minor", &mut self.revenue_minor),
        ]
    }

    /// The first field out of range, with why: counts are whole numbers from 0 to
    /// [`MAX_COUNT`].
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        match self
            .fields()
            .into_iter()
            .find(|(_, v)| !(0..=MAX_COUNT).contains(*v))
        {
            Some((field, _)) => Err((
                field,
                format!("{field} must be a whole number from 0 to {MAX_COUNT}."),
            )),
            None => Ok(()),
        }
    }

    fn zip(&self, other: &Counts, f: impl Fn(i64, i64) -> i64) -> Counts {
        let mut out = *self;
        for ((_, slot), (_, theirs)) in out.fields_mut().into_iter().zip(other.fields()) {
            *slot = f(*slot, *theirs);
        }
        out
    }

    pub fn plus(&self, other: &Counts) -> Counts {
        self.zip(other, i64::saturating_add)
    }

    pub fn minus(&self, other: &Counts) -> Counts {
        self.zip(other, i64::saturating_sub)
    }

    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }

    /// engagements = likes + comments + shares + saves + clicks
    pub fn engagements(&self) -> i64 {
        [
            self.likes,
            self.comments,
            self.shares,
            self.saves,
            self.clicks,
        ]
        .into_iter()
        .fold(0i64, i64::saturating_add)
    }
}

/// `num × scale / den`, rounded half away from zero; `None` when `den` is zero. Computed
/// in 128 bits, so no `i64` input overflows; a result beyond `i64` saturates.
pub fn ratio(num: i64, den: i64, scale: i64) -> Option<i64> {
    if den == 0 {
        return None;
    }
    let (mut n, mut d) = (num as i128 * scale as i128, den as i128);
    if d < 0 {
        (n, d) = (-n, -d);
    }
    let (q, r) = (n / d, n % d);
    let q = if 2 * r.abs() >= d { q + n.signum() } else { q };
    Some(q.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// The figures a campaign (or a creator in it, or several campaigns in one currency) is
/// judged by, derived from what its deliverables' latest snapshots add up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpis {
    pub engagements: i64,
    /// Engagement rate in basis points.
    pub er_bp: Option<i64>,
    pub cpm_minor: Option<i64>,
    pub cpe_minor: Option<i64>,
    pub cpa_minor: Option<i64>,
    /// Revenue per unit of cost, in hundredths (235 = 2.35×).
    pub roas_centi: Option<i64>,
    pub roi_bp: Option<i64>,
    /// Cost as a share of the budget, in basis points.
    pub spend_bp: Option<i64>,
}

impl Kpis {
    pub fn of(counts: &Counts, cost_minor: i64, budget_minor: i64) -> Kpis {
        let engagements = counts.engagements();
        Kpis {
            engagements,
            er_bp: ratio(engagements, counts.reach, 10_000),
            cpm_minor: ratio(cost_minor, counts.reach, 1_000),
            cpe_minor: ratio(cost_minor, engagements, 1),
            cpa_minor: ratio(cost_minor, counts.conversions, 1),
            roas_centi: ratio(counts.revenue_minor, cost_minor, 100),
            roi_bp: ratio(
                counts.revenue_minor.saturating_sub(cost_minor),
                cost_minor,
                10_000,
            ),
            spend_bp: ratio(cost_minor, budget_minor, 10_000),
        }
    }
}

/// How far `actual` is towards `target`, in basis points (10,000 = reached); `None`
/// without a target.
pub fn progress_bp(actual: i64, target: Option<i64>) -> Option<i64> {
    target
        .filter(|t| *t > 0)
        .and_then(|t| ratio(actual, t, 10_000))
}

/// Every formula as the UI shows it next to its figure.
pub mod formula {
    pub const ENGAGEMENTS: &str = "Engagements = likes + comments + shares + saves + clicks";
    pub const POTENTIAL_REACH: &str = "Potential reach = Σ followers of the campaign's creators on the channels of their contracted deliverables";
    pub const MEASURED_REACH: &str =
        "Measured reach = Σ latest reach of each deliverable (only its latest snapshot counts)";
    pub const ER: &str = "Engagement rate = engagements / measured reach × 100";
    pub const COST: &str = "Total cost = Σ fees + shipping + product costs of the creators from Contracted on (Declined and Dropped excluded)";
    pub const CPM: &str = "CPM = total cost / measured reach × 1,000";
    pub const CPE: &str = "CPE = total cost / engagements";
    pub const CPA: &str = "CPA = total cost / conversions";
    pub const ROAS: &str = "ROAS = revenue / total cost";
    pub const ROI: &str = "ROI = (revenue − total cost) / total cost × 100";
    pub const SPEND: &str = "Spend vs budget = total cost / budget × 100";
    pub const PAID: &str = "Paid = Σ amounts paid to the campaign's creators";
    pub const LATEST: &str = "Σ of each deliverable's latest snapshot";
    pub const SUGGESTION: &str = "Rebook: engagement rate at or above the goal (the campaign's own rate without a goal) and cost per engagement at or below the campaign's. Pause: engagement rate under half the goal, or cost per engagement over twice the campaign's. Test: anything in between. No suggestion before a measured reach.";
}

/// What to do with a creator next time, from how they did in this campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Suggestion {
    Rebook,
    Test,
    Pause,
}

impl Suggestion {
    pub fn label(self) -> &'static str {
        match self {
            Suggestion::Rebook => "Rebook",
            Suggestion::Test => "Test",
            Suggestion::Pause => "Pause",
        }
    }
}

/// The rule in [`formula::SUGGESTION`]. `goal_er_bp` is the campaign's target engagement
/// rate, or its measured one without a target.
pub fn suggest(
    creator: &Kpis,
    goal_er_bp: Option<i64>,
    campaign_cpe_minor: Option<i64>,
) -> Option<Suggestion> {
    let er = creator.er_bp?;
    let cpe_over = |times: i64| match (creator.cpe_minor, campaign_cpe_minor) {
        (Some(mine), Some(theirs)) => mine > theirs.saturating_mul(times),
        // Engagement at no cost is never too dear; cost with no engagement always is.
        (None, _) => creator.engagements == 0,
        (Some(_), None) => false,
    };
    let goal = goal_er_bp.unwrap_or(0);
    if er.saturating_mul(2) < goal || cpe_over(2) {
        Some(Suggestion::Pause)
    } else if er >= goal && !cpe_over(1) {
        Some(Suggestion::Rebook)
    } else {
        Some(Suggestion::Test)
    }
}

/// How a new snapshot changes what its campaign's latest readings add up to, per day: on
/// its own day, by what it adds over the reading before it (`before`, if any); and, when
/// it lands before a later reading (`next_at`, a late or backfilled snapshot), back again
/// on that reading's day, where the later reading takes over.
pub fn trend_changes(
    reading: &Counts,
    at: DateTime<Utc>,
    before: Option<&Counts>,
    next_at: Option<DateTime<Utc>>,
) -> Vec<(NaiveDate, Counts)> {
    let change = reading.minus(&before.copied().unwrap_or_default());
    let mut out = vec![(at.date_naive(), change)];
    if let Some(next) = next_at {
        out.push((next.date_naive(), Counts::default().minus(&change)));
    }
    out.retain(|(_, c)| !c.is_zero());
    out
}

/// Running totals of per-day changes, in day order: the chart's points.
pub fn running(changes: &[(NaiveDate, Counts)]) -> Vec<(NaiveDate, Counts)> {
    let mut sorted = changes.to_vec();
    sorted.sort_by_key(|(day, _)| *day);
    let mut total = Counts::default();
    let mut out: Vec<(NaiveDate, Counts)> = Vec::new();
    for (day, change) in sorted {
        total = total.plus(&change);
        match out.last_mut() {
            Some((last, sum)) if *last == day => *sum = total,
            _ => out.push((day, total)),
        }
    }
    out
}

/// A rate in basis points as a percentage: 352 → "3.52 %".
pub fn format_rate(bp: Option<i64>) -> String {
    match bp {
        Some(bp) => {
            let sign = if bp < 0 { "−" } else { "" };
            let abs = bp.unsigned_abs();
            format!("{sign}{}.{:02} %", abs / 100, abs % 100)
        }
        None => "—".into(),
    }
}

/// Hundredths as a multiple: 235 → "2.35×".
pub fn format_times(centi: Option<i64>) -> String {
    match centi {
        Some(c) => {
            let sign = if c < 0 { "−" } else { "" };
            let abs = c.unsigned_abs();
            format!("{sign}{}.{:02}×", abs / 100, abs % 100)
        }
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests;
