//! When an email that failed is tried again: soon at first, then less and less often, so a
//! mail server that is down for a while is neither hammered nor given up on.

use chrono::Duration;

/// How long a sender holds a message it is delivering; past it, the sender is taken to
/// have died and another may deliver the message.
pub fn lease() -> Duration {
    Duration::minutes(5)
}

/// The wait after the `attempts`-th failed attempt: 1 minute, doubling up to 4 hours.
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 9) - 1;
    Duration::minutes(1i64 << doublings).min(Duration::hours(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_a_minute_up_to_four_hours() {
        let waits: Vec<i64> = (1..=10).map(|a| retry_delay(a).num_minutes()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 240, 240]);
        assert_eq!(retry_delay(0), Duration::minutes(1));
        assert_eq!(retry_delay(i32::MAX), Duration::hours(4));
    }
}
