//! The demo's invented readings (labelled as simulated wherever they show): a first
//! reading from a channel's audience, then each next one a little above the last, with
//! some noise so the dashboard looks alive. Deterministic for a given seed.

use crate::domain::metrics::{Counts, MAX_COUNT};

/// A post's first reading, from its channel's followers.
pub fn first_reading(followers: i64, video: bool, seed: u64) -> Counts {
    let mut noise = Noise(seed);
    let reach = (followers.clamp(0, MAX_COUNT) / 12).max(50) * noise.between(90, 110) / 100;
    let likes = reach * noise.between(30, 70) / 1_000;
    let clicks = reach * noise.between(5, 15) / 1_000;
    let conversions = clicks * noise.between(3, 8) / 100;
    Counts {
        impressions: reach * noise.between(140, 170) / 100,
        reach,
        views: if video { reach * 11 / 10 } else { 0 },
        likes,
        comments: likes * noise.between(2, 6) / 100,
        shares: likes * noise.between(1, 4) / 100,
        saves: likes * noise.between(3, 9) / 100,
        clicks,
        conversions,
        revenue_minor: conversions * noise.between(6_000, 11_000),
    }
}

/// The next reading: every count up by about `pace_bp` basis points (noise of ±50 %),
/// never down, and revenue following conversions at the average order seen so far.
pub fn next_reading(c: &Counts, pace_bp: i64, seed: u64) -> Counts {
    let mut noise = Noise(seed);
    let mut next = *c;
    for field in Counts::FIELDS {
        if field == "revenue_minor" {
            continue;
        }
        let now = c.get(field).unwrap_or(0);
        let pace = pace_bp * noise.between(50, 150) / 100;
        let added = (i128::from(now) * i128::from(pace) / 10_000) as i64;
        // Small counts still move now and then.
        let added = if added == 0 && now > 0 && noise.between(0, 3) == 0 {
            1
        } else {
            added
        };
        next.set(field, now.saturating_add(added).min(MAX_COUNT));
    }
    let order = if c.conversions > 0 {
        c.revenue_minor / c.conversions
    } else {
        8_500
    };
    let more = next.conversions - c.conversions;
    next.revenue_minor = c
        .revenue_minor
        .saturating_add(more.saturating_mul(order))
        .min(MAX_COUNT);
    next
}

/// splitmix64: good enough noise, no dependency.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number from `low` to `high`, both included.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_plausible_and_only_grow() {
        for seed in 0..200 {
            let first = first_reading(120_000, seed % 2 == 0, seed);
            assert!(first.check().is_ok());
            assert!((9_000..=11_000).contains(&first.reach), "{first:?}");
            assert!(first.likes < first.reach && first.clicks < first.reach);
            assert!(first.conversions <= first.clicks);
            let mut c = first;
            for step in 0..50 {
                let next = next_reading(&c, 40, seed * 100 + step);
                for field in Counts::FIELDS {
                    assert!(next.get(field) >= c.get(field), "{field} went down");
                }
                assert!(next.check().is_ok());
                c = next;
            }
            assert!(c.reach > first.reach);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_reading() {
        let c = first_reading(50_000, false, 7);
        assert_eq!(next_reading(&c, 100, 9), next_reading(&c, 100, 9));
        assert_eq!(first_reading(50_000, false, 7), c);
    }

    #[test]
    fn huge_counts_stay_in_range() {
        let c = Counts {
            reach: MAX_COUNT,
            likes: MAX_COUNT,
            conversions: MAX_COUNT - 1,
            revenue_minor: MAX_COUNT,
            ..Counts::default()
        };
        assert!(next_reading(&c, 10_000, 1).check().is_ok());
    }
}
