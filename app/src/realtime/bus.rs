//! The event bus of one process: a broadcast channel for live subscribers and a bounded
//! buffer of recent events for catch-up after a reconnect. With PostgreSQL, the relay
//! (`relay.rs`) carries events between the processes' buses.
//!
//! Events are numbered within what one page follows: an organization's events count on
//! their own, and so do one person's, so the ids a page sees tell it nothing of other
//! organizations' activity. A stream id is `<epoch>.<generation>.<number>`: the epoch
//! names this bus (another process, or this one before a restart, means "reload"), and the
//! generation changes when every page is told to reload (the relay lost touch).

use super::{Event, Kind, RESYNC};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::{broadcast, mpsc};

/// Recent events kept for catch-up.
const KEPT: usize = 2_000;
/// Events waiting to be relayed to the other processes.
const RELAY_QUEUE: usize = 8_192;

/// An event with whom it is for (never sent to the browser).
#[derive(Debug, Clone)]
pub struct Envelope {
    /// `None` for a resync, which every page hears, and for a personal event.
    pub organization_id: Option<i32>,
    /// Set when the event is for one person only (their notifications).
    pub user_id: Option<i32>,
    pub event: Event,
}

/// Who follows a stream: an organization's pages, or one person's own events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Viewer {
    Organization(i32),
    User(i32),
}

impl Envelope {
    pub fn reaches(&self, viewer: Viewer) -> bool {
        match (viewer, self.user_id) {
            // A resync.
            (_, None) if self.organization_id.is_none() => true,
            (Viewer::Organization(org), None) => self.organization_id == Some(org),
            (Viewer::User(user), Some(to)) => user == to,
            _ => false,
        }
    }

    /// Whose numbering the event's id belongs to (none for a resync).
    fn counted_for(&self) -> Option<Viewer> {
        match (self.organization_id, self.user_id) {
            (_, Some(user)) => Some(Viewer::User(user)),
            (Some(org), None) => Some(Viewer::Organization(org)),
            (None, None) => None,
        }
    }
}

#[derive(Clone)]
pub struct EventBus {
    inner: Arc<Inner>,
}

struct Inner {
    /// Names this bus's sequence of ids. An id from another sequence (another process, or
    /// this one before a restart) says nothing about what a page missed here.
    epoch: u64,
    /// Bumped when every page must reload.
    generation: AtomicU64,
    book: Mutex<Book>,
    live: broadcast::Sender<Envelope>,
    relay: OnceLock<mpsc::Sender<Envelope>>,
    /// The relay queue overflowed: the other processes must tell their pages to reload.
    relay_lost: AtomicBool,
}

/// The numbering and the recent events, under one lock so the buffer stays in order.
#[derive(Default)]
struct Book {
    /// The last number given, per organization and per person.
    last: HashMap<Viewer, u64>,
    /// The highest number that left the buffer, per organization and per person.
    dropped: HashMap<Viewer, u64>,
    recent: VecDeque<Envelope>,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus")
            .field("epoch", &self.inner.epoch)
            .finish_non_exhaustive()
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub fn new() -> Self {
        let (live, _) = broadcast::channel(1_024);
        EventBus {
            inner: Arc::new(Inner {
                epoch: rand::random::<u64>() >> 12,
                generation: AtomicU64::new(0),
                book: Mutex::new(Book::default()),
                live,
                relay: OnceLock::new(),
                relay_lost: AtomicBool::new(false),
            }),
        }
    }

    /// This bus's name; the relay uses it to skip its own events when they come back.
    pub fn epoch(&self) -> u64 {
        self.inner.epoch
    }

    /// Publishes an event of this process, here and (with a relay) in every other process.
    /// Call it after the change's transaction has committed.
    pub fn publish(
        &self,
        organization_id: i32,
        kind: Kind,
        campaign_id: Option<i32>,
        entity_id: Option<i32>,
    ) -> Event {
        self.send(
            Some(organization_id),
            None,
            kind.name(),
            campaign_id,
            entity_id,
        )
    }

    /// Publishes an event for one person only (staff or creator), after the change's
    /// transaction has committed.
    pub fn publish_to(&self, user_id: i32, kind: Kind) -> Event {
        self.send(None, Some(user_id), kind.name(), None, None)
    }

    fn send(
        &self,
        organization_id: Option<i32>,
        user_id: Option<i32>,
        kind: &str,
        campaign_id: Option<i32>,
        entity_id: Option<i32>,
    ) -> Event {
        let envelope = self.deliver(organization_id, user_id, kind, campaign_id, entity_id);
        if let Some(relay) = self.inner.relay.get()
            && relay.try_send(envelope.clone()).is_err()
        {
            self.inner.relay_lost.store(true, Ordering::SeqCst);
        }
        envelope.event
    }

    /// Delivers an event another process published, to the pages following this one.
    pub fn receive(
        &self,
        organization_id: Option<i32>,
        user_id: Option<i32>,
        kind: &str,
        campaign_id: Option<i32>,
        entity_id: Option<i32>,
    ) {
        self.deliver(organization_id, user_id, kind, campaign_id, entity_id);
    }

    /// Tells every page to reload: it may have missed events (the relay lost touch). A page
    /// that reconnects later, with an id of before, is told the same.
    pub fn resync_all(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        let _ = self.inner.live.send(Envelope {
            organization_id: None,
            user_id: None,
            event: self.resync(),
        });
    }

    fn deliver(
        &self,
        organization_id: Option<i32>,
        user_id: Option<i32>,
        kind: &str,
        campaign_id: Option<i32>,
        entity_id: Option<i32>,
    ) -> Envelope {
        let mut book = self.inner.book.lock().unwrap_or_else(|e| e.into_inner());
        let mut envelope = Envelope {
            organization_id,
            user_id,
            event: Event {
                id: 0,
                kind: kind.to_string(),
                campaign_id,
                entity_id,
            },
        };
        if let Some(counted) = envelope.counted_for() {
            let last = book.last.entry(counted).or_default();
            *last += 1;
            envelope.event.id = *last;
        }
        if book.recent.len() == KEPT
            && let Some(old) = book.recent.pop_front()
            && let Some(counted) = old.counted_for()
        {
            book.dropped.insert(counted, old.event.id);
        }
        book.recent.push_back(envelope.clone());
        // No subscriber is fine: nobody is looking.
        let _ = self.inner.live.send(envelope.clone());
        envelope
    }

    /// The queue of this process's events for the relay to send on; taken once.
    pub fn relay_queue(&self) -> Option<mpsc::Receiver<Envelope>> {
        let (sender, receiver) = mpsc::channel(RELAY_QUEUE);
        self.inner.relay.set(sender).ok().map(|_| receiver)
    }

    /// Whether events were dropped from the relay queue since the last call.
    pub fn take_relay_lost(&self) -> bool {
        self.inner.relay_lost.swap(false, Ordering::SeqCst)
    }

    /// The id a page sees (`<epoch>.<generation>.<number>`), and sends back when it
    /// reconnects; none for what is meant for one stream only (a resync, `signed_out`).
    pub fn stream_id(&self, event: &Event) -> Option<String> {
        (event.id > 0).then(|| {
            format!(
                "{:x}.{}.{}",
                self.inner.epoch,
                self.inner.generation.load(Ordering::SeqCst),
                event.id
            )
        })
    }

    /// A subscription from now on, plus what the viewer missed since `last_seen`
    /// (a stream id), or a single "resync" event if that cannot be told: older than what
    /// is kept, or from another process, from before a restart or before a resync.
    pub fn subscribe(
        &self,
        viewer: Viewer,
        last_seen: Option<&str>,
    ) -> (Vec<Event>, broadcast::Receiver<Envelope>) {
        let book = self.inner.book.lock().unwrap_or_else(|e| e.into_inner());
        let live = self.inner.live.subscribe();
        let Some(last_seen) = last_seen else {
            return (Vec::new(), live);
        };
        let Some(last) = self.ours(last_seen) else {
            return (vec![self.resync()], live);
        };
        let given = book.last.get(&viewer).copied().unwrap_or(0);
        let dropped = book.dropped.get(&viewer).copied().unwrap_or(0);
        if last > given || dropped > last {
            return (vec![self.resync()], live);
        }
        let missed = book
            .recent
            .iter()
            .filter(|e| e.counted_for() == Some(viewer) && e.event.id > last)
            .map(|e| e.event.clone())
            .collect();
        (missed, live)
    }

    /// The number in a stream id of this bus and of this generation.
    fn ours(&self, stream_id: &str) -> Option<u64> {
        let mut parts = stream_id.split('.');
        let (epoch, generation, id) = (parts.next()?, parts.next()?, parts.next()?);
        let same = parts.next().is_none()
            && u64::from_str_radix(epoch, 16).ok()? == self.inner.epoch
            && generation.parse::<u64>().ok()? == self.inner.generation.load(Ordering::SeqCst);
        same.then(|| id.parse().ok()).flatten()
    }

    /// Tells a page to reload everything (it missed more than can be replayed).
    pub fn resync(&self) -> Event {
        self.here(RESYNC)
    }

    /// The `signed_out` event that ends one stream whose session was found gone.
    pub fn signed_out(&self) -> Event {
        self.here(super::SIGNED_OUT)
    }

    /// An event for one stream only: it carries no id, so the page keeps the last one.
    fn here(&self, kind: &str) -> Event {
        Event {
            id: 0,
            kind: kind.into(),
            campaign_id: None,
            entity_id: None,
        }
    }
}

#[cfg(test)]
mod tests;
