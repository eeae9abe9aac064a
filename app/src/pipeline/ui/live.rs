//! Follows the campaign on the real-time channel: any change to its pipeline (by anyone,
//! in any tab) reloads the board.

use super::state::BoardState;
use crate::realtime::Kind;

/// Event kinds that change what the board shows.
const FOLLOWED: &[Kind] = &[
    Kind::PipelineMoved,
    Kind::PipelineShortlisted,
    Kind::TaskClosed,
];

pub fn follow(state: BoardState) {
    crate::realtime::client::follow(state.campaign_id, FOLLOWED, state.live, move || {
        state.reload()
    });
}
