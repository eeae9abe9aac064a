//! How sign-in attempts are slowed, so that guessing is slow while a stranger's guesses
//! never lock an account's owner out of the places they sign in from:
//! - per account and address: the first failures cost nothing, then each next attempt
//!   waits twice as long as the one before, up to the window;
//! - per address, across accounts: past [`ADDRESS_MAX`] failures in the window the
//!   address waits (a sweep over many accounts);
//! - per account, from addresses it has not signed in from lately: past [`STRANGERS_MAX`]
//!   failures in the window such addresses wait.
//!
//! An address the account signed in from within [`USUAL_DAYS`] is its owner's: only its own
//! failures on that account slow it.

use chrono::{DateTime, Duration, Utc};

/// The window failures are counted in, and the longest wait.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures of one account from one address before attempts wait.
pub const FREE_FAILURES: usize = 3;
/// Failures from one address, across accounts, before it waits.
pub const ADDRESS_MAX: usize = 50;
/// Failures of one account from unfamiliar addresses before those wait.
pub const STRANGERS_MAX: usize = 10;
/// How long a successful sign-in makes an address the account's own.
pub const USUAL_DAYS: i64 = 30;

/// The failures that bear on one attempt, each list newest first and within the window.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// This account's failures from this address, since its last success from there.
    pub pair: Vec<DateTime<Utc>>,
    /// Failures from this address on any account.
    pub address: Vec<DateTime<Utc>>,
    /// This account's failures from addresses that are not its own.
    pub strangers: Vec<DateTime<Utc>>,
    /// The account signed in from this address within [`USUAL_DAYS`].
    pub usual: bool,
}

fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

/// The wait before the next failure-free attempt of this pair: none for the first
/// [`FREE_FAILURES`], then 1 s, 2 s, 4 s … up to the window.
pub fn pair_delay(failures: usize) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::zero();
    }
    let doublings = (failures - FREE_FAILURES).min(20) as u32;
    Duration::seconds(1i64 << doublings).min(window())
}

/// How long this attempt must wait, if it must.
pub fn wait(r: &Record, now: DateTime<Utc>) -> Option<Duration> {
    let mut until = Vec::new();
    if let Some(last) = r.pair.first() {
        until.push(*last + pair_delay(r.pair.len()));
    }
    // A full list: the count falls below the limit when its oldest leaves the window.
    if !r.usual {
        if r.address.len() >= ADDRESS_MAX {
            until.push(r.address[ADDRESS_MAX - 1] + window());
        }
        if r.strangers.len() >= STRANGERS_MAX {
            until.push(r.strangers[STRANGERS_MAX - 1] + window());
        }
    }
    until
        .into_iter()
        .map(|t| t - now)
        .filter(|w| *w > Duration::zero())
        .max()
}

/// A wait as people say it: "8 seconds", "3 minutes".
pub fn describe(seconds: u32) -> String {
    match seconds {
        0..=1 => "a second".into(),
        2..=59 => format!("{seconds} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(minute: i64, second: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minute * 60 + second, 0).unwrap()
    }

    #[test]
    fn a_pair_waits_twice_as_long_after_each_failure_past_the_free_ones() {
        let delays: Vec<i64> = (0..8).map(|n| pair_delay(n).num_seconds()).collect();
        assert_eq!(delays, [0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(pair_delay(40), Duration::minutes(WINDOW_MINUTES));
        let r = Record {
            pair: vec![at(0, 10), at(0, 5), at(0, 0), at(0, 0), at(0, 0)],
            ..Record::default()
        };
        // Five failures: 4 s after the last.
        assert_eq!(wait(&r, at(0, 11)), Some(Duration::seconds(3)));
        assert_eq!(wait(&r, at(0, 14)), None);
    }

    #[test]
    fn strangers_and_sweeps_wait_but_the_owners_usual_address_does_not() {
        let many = |n: usize| (0..n).map(|i| at(0, 59 - i as i64)).collect::<Vec<_>>();
        let stranger = Record {
            strangers: many(STRANGERS_MAX),
            ..Record::default()
        };
        let w = wait(&stranger, at(1, 0)).unwrap();
        assert!(w > Duration::minutes(14) && w <= window(), "{w}");
        let owner = Record {
            usual: true,
            ..stranger.clone()
        };
        assert_eq!(wait(&owner, at(1, 0)), None);
        let sweep = Record {
            address: many(ADDRESS_MAX),
            ..Record::default()
        };
        assert!(wait(&sweep, at(1, 0)).is_some());
        let below = Record {
            address: many(ADDRESS_MAX - 1),
            strangers: many(STRANGERS_MAX - 1),
            ..Record::default()
        };
        assert_eq!(wait(&below, at(1, 0)), None);
    }

    #[test]
    fn waits_are_said_as_people_say_them() {
        assert_eq!(describe(1), "a second");
        assert_eq!(describe(8), "8 seconds");
        assert_eq!(describe(60), "a minute");
        assert_eq!(describe(61), "a minute");
        assert_eq!(describe(600), "10 minutes");
        assert_eq!(describe(601), "11 minutes");
    }

    proptest! {
        /// Never longer than the window, and a wait once passed is passed.
        #[test]
        fn waits_are_bounded_and_end(pair in 0usize..60, address in 0usize..80, strangers in 0usize..30, usual: bool, later in 0i64..2_000) {
            let many = |n: usize| (0..n).map(|i| at(10, 0) - Duration::seconds(i as i64)).collect::<Vec<_>>();
            let r = Record { pair: many(pair), address: many(address), strangers: many(strangers), usual };
            let now = at(10, 0) + Duration::seconds(later);
            if let Some(w) = wait(&r, now) {
                prop_assert!(w <= window());
                prop_assert_eq!(wait(&r, now + w), None);
            }
            if usual {
                prop_assert!(wait(&r, now).is_none_or(|w| w <= pair_delay(pair)));
            }
        }
    }
}
