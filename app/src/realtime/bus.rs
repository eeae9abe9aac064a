//! The in-process event bus: a broadcast channel for live subscribers and a bounded buffer
//! of recent events for catch-up after a reconnect.

use super::{Event, RESYNC};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Recent events kept for catch-up.
const KEPT: usize = 2_000;

/// An event with the organization it belongs to (never sent to the browser).
#[derive(Debug, Clone)]
pub struct Envelope {
    pub organization_id: i32,
    pub event: Event,
}

#[derive(Clone)]
pub struct EventBus {
    inner: Arc<Inner>,
}

struct Inner {
    next_id: AtomicU64,
    recent: Mutex<VecDeque<Envelope>>,
    live: broadcast::Sender<Envelope>,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus").finish_non_exhaustive()
    }
}

impl EventBus {
    /// Ids start from the clock's milliseconds × 1000, so they keep increasing across
    /// restarts and a page never mistakes a new event for one it has seen.
    pub fn new(start_millis: u64) -> Self {
        let (live, _) = broadcast::channel(1_024);
        EventBus {
            inner: Arc::new(Inner {
                next_id: AtomicU64::new(start_millis.saturating_mul(1_000)),
                recent: Mutex::new(VecDeque::with_capacity(KEPT)),
                live,
            }),
        }
    }

    /// Publishes an event. Call it after the change's transaction has committed.
    pub fn publish(
        &self,
        organization_id: i32,
        kind: &str,
        campaign_id: Option<i32>,
        entity_id: Option<i32>,
    ) -> Event {
        let mut recent = self.inner.recent.lock().unwrap_or_else(|e| e.into_inner());
        // Taken under the lock, so the buffer is in id order.
        let id = self.inner.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let event = Event {
            id,
            kind: kind.to_string(),
            campaign_id,
            entity_id,
        };
        let envelope = Envelope {
            organization_id,
            event: event.clone(),
        };
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back(envelope.clone());
        // No subscriber is fine: nobody is looking.
        let _ = self.inner.live.send(envelope);
        event
    }

    /// A subscription from now on, plus what the organization missed since `last_seen`
    /// (a single "resync" event if that is older than what is kept).
    pub fn subscribe(
        &self,
        organization_id: i32,
        last_seen: Option<u64>,
    ) -> (Vec<Event>, broadcast::Receiver<Envelope>) {
        let recent = self.inner.recent.lock().unwrap_or_else(|e| e.into_inner());
        let live = self.inner.live.subscribe();
        let Some(last) = last_seen else {
            return (Vec::new(), live);
        };
        let oldest = recent.front().map(|e| e.event.id);
        let current = self.inner.next_id.load(Ordering::SeqCst);
        let missed: Vec<Event> = recent
            .iter()
            .filter(|e| e.organization_id == organization_id && e.event.id > last)
            .map(|e| e.event.clone())
            .collect();
        let too_old = match oldest {
            Some(oldest) => last + 1 < oldest,
            None => last < current,
        };
        if too_old || last > current {
            return (vec![self.resync()], live);
        }
        (missed, live)
    }

    /// Tells a page to reload everything (it missed more than can be replayed).
    pub fn resync(&self) -> Event {
        Event {
            id: self.inner.next_id.load(Ordering::SeqCst),
            kind: RESYNC.into(),
            campaign_id: None,
            entity_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catch_up_gives_what_was_missed_in_the_organization_only() {
        let bus = EventBus::new(1);
        let first = bus.publish(1, "pipeline.moved", Some(7), Some(1));
        let (missed, _) = bus.subscribe(1, Some(first.id));
        assert!(missed.is_empty());
        let second = bus.publish(1, "pipeline.moved", Some(7), Some(2));
        bus.publish(2, "pipeline.moved", Some(9), Some(3));
        let (missed, _) = bus.subscribe(1, Some(first.id));
        assert_eq!(missed, vec![second]);
        let (fresh, _) = bus.subscribe(1, None);
        assert!(fresh.is_empty(), "a first connection needs no catch-up");
    }

    #[test]
    fn a_page_away_too_long_is_told_to_reload() {
        let bus = EventBus::new(1);
        let first = bus.publish(1, "x", None, None);
        for _ in 0..KEPT {
            bus.publish(1, "x", None, None);
        }
        let (missed, _) = bus.subscribe(1, Some(first.id - 1));
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].kind, RESYNC);
        // An id from before a restart (or from nowhere) too.
        let restarted = EventBus::new(2);
        let (missed, _) = restarted.subscribe(1, Some(first.id));
        assert_eq!(missed[0].kind, RESYNC);
    }

    #[tokio::test]
    async fn live_subscribers_get_new_events() {
        let bus = EventBus::new(1);
        let (_, mut live) = bus.subscribe(1, None);
        let sent = bus.publish(1, "pipeline.moved", Some(7), Some(1));
        assert_eq!(live.recv().await.unwrap().event, sent);
    }
}
