//! The browser's side of the channel: follow a campaign's events and react to the ones a
//! page shows. Reconnecting counts as a change too (the page reloads), so nothing is missed.

use leptos::prelude::*;

/// Follows `/events?campaign=<campaign_id>` while the calling component lives. `changed`
/// runs on each event of `kinds` (and on `resync`) and each time the connection opens;
/// `live` tells whether it is connected.
pub fn follow(
    campaign_id: i32,
    kinds: &'static [super::Kind],
    live: RwSignal<bool>,
    changed: impl Fn() + 'static,
) {
    follow_url(
        format!("/events?campaign={campaign_id}"),
        kinds,
        live,
        changed,
    );
}

/// Follows every campaign of the organization (`/events`), like [`follow`].
pub fn follow_all(
    kinds: &'static [super::Kind],
    live: RwSignal<bool>,
    changed: impl Fn() + 'static,
) {
    follow_url("/events".into(), kinds, live, changed);
}

/// Follows the signed-in person's own events (`/events/me`), like [`follow`].
pub fn follow_mine(kinds: &'static [super::Kind], changed: impl Fn() + 'static) {
    follow_url("/events/me".into(), kinds, RwSignal::new(false), changed);
}

#[cfg(feature = "hydrate")]
fn follow_url(
    url: String,
    kinds: &'static [super::Kind],
    live: RwSignal<bool>,
    changed: impl Fn() + 'static,
) {
    use futures::StreamExt;
    use futures::channel::oneshot;
    use futures::future::{Either, select};
    use gloo_net::eventsource::futures::EventSource;

    let (stop, stopped) = oneshot::channel::<()>();
    on_cleanup(move || drop(stop));
    leptos::task::spawn_local(async move {
        let Ok(mut source) = EventSource::new(&url) else {
            return;
        };
        // "open" and "error" are the connection's own events: the browser reconnects by
        // itself, sending the last event id it saw.
        let streams: Vec<_> = ["open", "error", super::RESYNC, super::SIGNED_OUT]
            .into_iter()
            .chain(kinds.iter().map(|kind| kind.name()))
            .filter_map(|kind| source.subscribe(kind).ok())
            .collect();
        let mut events = futures::stream::select_all(streams);
        let listen = async move {
            while let Some(Ok((kind, _))) = events.next().await {
                match kind.as_str() {
                    "error" => live.set(false),
                    "open" => {
                        live.set(true);
                        changed();
                    }
                    // The session ended elsewhere: nothing on this page may stay.
                    super::SIGNED_OUT => {
                        let _ = window().location().assign("/login");
                        break;
                    }
                    _ => changed(),
                }
            }
            live.set(false);
        };
        if let Either::Right(_) = select(Box::pin(listen), stopped).await {
            source.close();
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn follow_url(
    _url: String,
    _kinds: &'static [super::Kind],
    _live: RwSignal<bool>,
    _changed: impl Fn() + 'static,
) {
}

/// Follows the campaign a page learns only once its data has loaded: starts when
/// `campaign` first gives an id, and does not start again as the data reloads (a new
/// connection would reload the data again, for ever).
pub fn follow_once_known(
    campaign: impl Fn() -> Option<i32> + Send + Sync + 'static,
    kinds: &'static [super::Kind],
    changed: impl Fn() + Clone + 'static,
) {
    let known = Memo::new(move |before: Option<&Option<i32>>| {
        campaign().or_else(|| before.copied().flatten())
    });
    let live = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(id) = known.get() {
            follow(id, kinds, live, changed.clone());
        }
    });
}
