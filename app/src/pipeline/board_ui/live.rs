//! Follows the campaign on the real-time channel: any change to its pipeline (by anyone,
//! in any tab) reloads the board. Reconnecting reloads it too, so nothing is missed.

use super::state::BoardState;

/// Event kinds that change what the board shows.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const FOLLOWED: [&str; 4] = [
    "pipeline.moved",
    "pipeline.shortlisted",
    "task.closed",
    crate::realtime::RESYNC,
];

#[cfg(feature = "hydrate")]
pub fn follow(state: BoardState) {
    use futures::StreamExt;
    use futures::channel::oneshot;
    use futures::future::{Either, select};
    use gloo_net::eventsource::futures::EventSource;
    use leptos::prelude::*;

    let (stop, stopped) = oneshot::channel::<()>();
    on_cleanup(move || drop(stop));
    leptos::task::spawn_local(async move {
        let url = format!("/events?campaign={}", state.campaign_id);
        let Ok(mut source) = EventSource::new(&url) else {
            return;
        };
        // "open" and "error" are the connection's own events: the browser reconnects by
        // itself, sending the last event id; the board reloads once it is back.
        let streams: Vec<_> = ["open", "error"]
            .into_iter()
            .chain(FOLLOWED)
            .filter_map(|kind| source.subscribe(kind).ok())
            .collect();
        let mut events = futures::stream::select_all(streams);
        let listen = async move {
            while let Some(Ok((kind, _))) = events.next().await {
                match kind.as_str() {
                    "error" => state.live.set(false),
                    "open" => {
                        state.live.set(true);
                        state.reload();
                    }
                    _ => state.reload(),
                }
            }
            state.live.set(false);
        };
        if let Either::Right(_) = select(Box::pin(listen), stopped).await {
            source.close();
        }
    });
}

#[cfg(not(feature = "hydrate"))]
pub fn follow(_state: BoardState) {}
