use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

/// `got` is `num × scale / den` to the nearest unit (`None` when `den` is 0), or the end of
/// `i64` it saturates to: `|got × den − num × scale| ≤ den / 2`, in 128 bits.
fn nearest(got: Option<i64>, num: i64, den: i64, scale: i64) -> bool {
    let Some(got) = got else {
        return den == 0;
    };
    if den == 0 {
        return false;
    }
    let (exact, den) = (num as i128 * scale as i128, den as i128);
    let within_half = (got as i128 * den - exact)
        .checked_mul(2)
        .is_some_and(|twice| twice.abs() <= den.abs());
    let saturated = (got == i64::MAX && exact > i64::MAX as i128 * den)
        || (got == i64::MIN && exact < i64::MIN as i128 * den);
    within_half || saturated
}

fn counts(reach: i64, likes: i64, comments: i64, clicks: i64, conversions: i64) -> Counts {
    Counts {
        reach,
        likes,
        comments,
        clicks,
        conversions,
        ..Counts::default()
    }
}

#[test]
fn a_hand_computed_campaign() {
    // Reach 200,000; engagements 6,000 + 400 + 100 + 250 + 1,250 = 8,000; 120 conversions,
    // 9,600.00 revenue; cost 4,800.00 of a 6,000.00 budget.
    let c = Counts {
        reach: 200_000,
        likes: 6_000,
        comments: 400,
        shares: 100,
        saves: 250,
        clicks: 1_250,
        conversions: 120,
        revenue_minor: 960_000,
        ..Counts::default()
    };
    let k = Kpis::of(&c, 480_000, 600_000);
    assert_eq!(k.engagements, 8_000);
    assert_eq!(k.er_bp, Some(400)); // 4.00 %
    assert_eq!(k.cpm_minor, Some(2_400)); // 24.00 per thousand reached
    assert_eq!(k.cpe_minor, Some(60)); // 0.60 per engagement
    assert_eq!(k.cpa_minor, Some(4_000)); // 40.00 per conversion
    assert_eq!(k.roas_centi, Some(200)); // 2.00×
    assert_eq!(k.roi_bp, Some(10_000)); // 100.00 %
    assert_eq!(k.spend_bp, Some(8_000)); // 80.00 %
    assert_eq!(format_rate(k.er_bp), "4.00 %");
    assert_eq!(format_times(k.roas_centi), "2.00×");
}

#[test]
fn nothing_divides_by_zero() {
    let k = Kpis::of(&Counts::default(), 0, 0);
    assert_eq!(k.engagements, 0);
    for figure in [
        k.er_bp,
        k.cpm_minor,
        k.cpe_minor,
        k.cpa_minor,
        k.roas_centi,
        k.roi_bp,
        k.spend_bp,
    ] {
        assert_eq!(figure, None);
    }
    assert_eq!(format_rate(None), "—");
    // Revenue at no cost has no return on a cost.
    let free = Kpis::of(&counts(10, 1, 0, 0, 1), 0, 100);
    assert_eq!(
        (free.roas_centi, free.roi_bp, free.cpe_minor),
        (None, None, Some(0))
    );
}

#[test]
fn losses_are_negative_returns() {
    let c = Counts {
        revenue_minor: 25_000,
        ..Counts::default()
    };
    let k = Kpis::of(&c, 100_000, 0);
    assert_eq!(k.roi_bp, Some(-7_500));
    assert_eq!(format_rate(k.roi_bp), "−75.00 %");
    assert_eq!(k.roas_centi, Some(25));
}

#[test]
fn ratios_round_half_away_from_zero() {
    assert_eq!(ratio(1, 3, 1), Some(0));
    assert_eq!(ratio(2, 3, 1), Some(1));
    assert_eq!(ratio(5, 2, 1), Some(3));
    assert_eq!(ratio(-5, 2, 1), Some(-3));
    assert_eq!(ratio(5, -2, 1), Some(-3));
    assert_eq!(ratio(1, 0, 1), None);
    assert_eq!(ratio(i64::MAX, 1, 10_000), Some(i64::MAX));
    assert_eq!(ratio(i64::MIN, 1, 10_000), Some(i64::MIN));
}

#[test]
fn counts_refuse_negative_and_absurd_numbers() {
    assert!(Counts::default().check().is_ok());
    let mut c = Counts::default();
    assert!(c.set("likes", -1));
    assert_eq!(c.check().unwrap_err().0, "likes");
    c.likes = MAX_COUNT + 1;
    assert_eq!(c.check().unwrap_err().0, "likes");
    assert!(!c.set("followers", 1));
    assert_eq!(c.get("likes"), Some(MAX_COUNT + 1));
    for field in Counts::FIELDS {
        assert!(c.get(field).is_some(), "{field}");
    }
}

#[test]
fn goals_progress_only_with_a_target() {
    assert_eq!(progress_bp(50, Some(200)), Some(2_500));
    assert_eq!(progress_bp(300, Some(200)), Some(15_000));
    assert_eq!(progress_bp(300, None), None);
    assert_eq!(progress_bp(300, Some(0)), None);
}

#[test]
fn suggestions_follow_their_rule() {
    let creator =
        |reach, engagements: i64, cost| Kpis::of(&counts(reach, engagements, 0, 0, 0), cost, 0);
    // Goal 4 %, campaign CPE 0.50.
    let (goal, cpe) = (Some(400), Some(50));
    // 5 % at 0.40 an engagement.
    assert_eq!(
        suggest(&creator(10_000, 500, 20_000), goal, cpe),
        Some(Suggestion::Rebook)
    );
    // 5 % but at 0.80: dearer than the campaign, not twice as dear.
    assert_eq!(
        suggest(&creator(10_000, 500, 40_000), goal, cpe),
        Some(Suggestion::Test)
    );
    // 3 %: under the goal, over half of it.
    assert_eq!(
        suggest(&creator(10_000, 300, 10_000), goal, cpe),
        Some(Suggestion::Test)
    );
    // 1.5 %: under half the goal.
    assert_eq!(
        suggest(&creator(10_000, 150, 1_000), goal, cpe),
        Some(Suggestion::Pause)
    );
    // 5 % at 1.20: over twice the campaign's cost per engagement.
    assert_eq!(
        suggest(&creator(10_000, 500, 60_000), goal, cpe),
        Some(Suggestion::Pause)
    );
    // Reach but no engagement at a cost.
    assert_eq!(
        suggest(&creator(10_000, 0, 60_000), goal, cpe),
        Some(Suggestion::Pause)
    );
    // Not live yet.
    assert_eq!(suggest(&creator(0, 0, 60_000), goal, cpe), None);
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, day, hour, 0, 0).unwrap()
}

#[test]
fn a_late_snapshot_counts_until_the_next_one() {
    let r = |reach| Counts {
        reach,
        ..Counts::default()
    };
    // Day 1: 100. Day 3: 300. Then a late reading of day 2: 200.
    let mut changes = trend_changes(&r(100), at(1, 9), None, None);
    changes.extend(trend_changes(&r(300), at(3, 9), Some(&r(100)), None));
    changes.extend(trend_changes(
        &r(200),
        at(2, 9),
        Some(&r(100)),
        Some(at(3, 9)),
    ));
    let days: Vec<(u32, i64)> = running(&changes)
        .into_iter()
        .map(|(d, c)| (chrono::Datelike::day(&d), c.reach))
        .collect();
    assert_eq!(days, vec![(1, 100), (2, 200), (3, 300)]);
}

/// The reference: each day's total is the sum of each deliverable's latest reading at the
/// end of that day, in (time, recording order).
fn totals_by_day(readings: &[(usize, DateTime<Utc>, i64)], day: NaiveDate) -> i64 {
    let mut latest: std::collections::BTreeMap<usize, (DateTime<Utc>, usize, i64)> =
        Default::default();
    for (seq, (d, t, reach)) in readings.iter().enumerate() {
        if t.date_naive() <= day {
            let e = latest.entry(*d).or_insert((*t, seq, *reach));
            if (*t, seq) >= (e.0, e.1) {
                *e = (*t, seq, *reach);
            }
        }
    }
    latest.values().map(|(_, _, r)| r).sum()
}

proptest! {
    /// However late snapshots arrive, the running totals equal the sum of each
    /// deliverable's latest reading by day's end.
    #[test]
    fn trends_do_not_depend_on_arrival_order(
        raw in proptest::collection::vec((0usize..3, 1u32..6, 0u32..24, 0i64..1_000), 1..25)
    ) {
        let readings: Vec<(usize, DateTime<Utc>, i64)> =
            raw.iter().map(|(d, day, h, r)| (*d, at(*day, *h), *r)).collect();
        let mut changes = Vec::new();
        for (seq, (d, t, reach)) in readings.iter().enumerate() {
            let earlier = &readings[..seq];
            let mine = || earlier.iter().enumerate().filter(|(_, (x, _, _))| x == d);
            let before = mine().filter(|(_, (_, u, _))| u <= t).max_by_key(|(i, (_, u, _))| (*u, *i));
            let next_at = mine().filter(|(_, (_, u, _))| u > t).map(|(_, (_, u, _))| *u).min();
            let before = before.map(|(_, (_, _, r))| Counts { reach: *r, ..Counts::default() });
            let reading = Counts { reach: *reach, ..Counts::default() };
            changes.extend(trend_changes(&reading, *t, before.as_ref(), next_at));
        }
        for (day, total) in running(&changes) {
            prop_assert_eq!(total.reach, totals_by_day(&readings, day));
        }
        let last = readings.iter().map(|(_, t, _)| t.date_naive()).max().unwrap();
        let end = running(&changes).last().map(|(_, c)| c.reach).unwrap_or(0);
        prop_assert_eq!(end, totals_by_day(&readings, last));
    }

    /// Every formula is its definition rounded to the nearest unit, for any counts, cost,
    /// budget and revenue (each drawn on its own): checked by multiplying back, so it
    /// shares no arithmetic with `ratio`; and the signs a reader relies on hold.
    #[test]
    fn formulas_are_their_definitions_to_the_nearest_unit(
        reach in 0i64..=MAX_COUNT,
        likes in 0i64..=MAX_COUNT,
        clicks in 0i64..=MAX_COUNT,
        conversions in 0i64..=MAX_COUNT,
        cost in prop_oneof![0i64..=1_000_000_000, 0i64..=i64::MAX],
        budget in prop_oneof![0i64..=1_000_000_000, 0i64..=i64::MAX],
        revenue in prop_oneof![0i64..=1_000_000_000, 0i64..=i64::MAX],
    ) {
        let c = Counts {
            reach, likes, clicks, conversions, revenue_minor: revenue, ..Counts::default()
        };
        let k = Kpis::of(&c, cost, budget);
        prop_assert_eq!(k.engagements, likes + clicks);
        prop_assert!(nearest(k.er_bp, k.engagements, reach, 10_000), "{:?}", k);
        prop_assert!(nearest(k.cpm_minor, cost, reach, 1_000), "{:?}", k);
        prop_assert!(nearest(k.cpe_minor, cost, k.engagements, 1), "{:?}", k);
        prop_assert!(nearest(k.cpa_minor, cost, conversions, 1), "{:?}", k);
        prop_assert!(nearest(k.roas_centi, revenue, cost, 100), "{:?}", k);
        prop_assert!(nearest(k.roi_bp, revenue - cost, cost, 10_000), "{:?}", k);
        prop_assert!(nearest(k.spend_bp, cost, budget, 10_000), "{:?}", k);
        if budget > 0 {
            // Over budget shows as 100 % or more, under it as 100 % or less.
            let spend = k.spend_bp.unwrap();
            let fits = if cost >= budget { spend >= 10_000 } else { spend <= 10_000 };
            prop_assert!(fits, "spend {} for cost {} of {}", spend, cost, budget);
        }
        if cost > 0 {
            let roi = k.roi_bp.unwrap();
            prop_assert!(roi >= -10_000, "revenue is never negative: {}", roi);
            let fits = if revenue >= cost { roi >= 0 } else { roi <= 0 };
            prop_assert!(fits, "ROI {} for revenue {} at cost {}", roi, revenue, cost);
        }
    }

    /// Sums saturate rather than wrap.
    #[test]
    fn sums_saturate(a in any::<i64>(), b in any::<i64>()) {
        let x = Counts { likes: a, ..Counts::default() };
        let y = Counts { likes: b, ..Counts::default() };
        prop_assert_eq!(x.plus(&y).likes, a.saturating_add(b));
        prop_assert_eq!(x.minus(&y).likes, a.saturating_sub(b));
    }
}

#[test]
fn values_are_in_the_order_of_the_field_names() {
    let counts = Counts::from_values([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (field, value) in Counts::FIELDS.iter().zip(counts.values()) {
        assert_eq!(counts.get(field), Some(value), "{field}");
    }
    assert_eq!((counts.impressions, counts.revenue_minor), (1, 10));
}
