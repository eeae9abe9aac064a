//! What the board holds in the browser, and the one way a card moves: shown at once,
//! confirmed by the server, rolled back with the server's reason if it refuses.

use crate::campaigns::Campaign;
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use crate::pipeline::api::{move_entry, pipeline_entries};
use crate::pipeline::{Entry, board};
use leptos::prelude::*;

/// A card being moved: where it came from, where it would land, and by what.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drag {
    pub id: i32,
    pub from: (Stage, usize),
    pub to: (Stage, usize),
    pub by: Gesture,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gesture {
    Keyboard,
    /// `active` once the pointer has moved far enough to be a drag rather than a click.
    Pointer {
        pointer_id: i32,
        start: (f64, f64),
        offset: (f64, f64),
        active: bool,
    },
}

impl Drag {
    pub fn active(&self) -> bool {
        match self.by {
            Gesture::Keyboard => true,
            Gesture::Pointer { active, .. } => active,
        }
    }
}

#[derive(Clone, Copy)]
pub struct BoardState {
    pub campaign_id: i32,
    pub currency: StoredValue<String>,
    pub can_move: bool,
    pub entries: RwSignal<Vec<Entry>>,
    pub show_closed: RwSignal<bool>,
    pub drag: RwSignal<Option<Drag>>,
    /// Cards whose move is sent and not yet answered.
    pub in_flight: RwSignal<Vec<i32>>,
    /// Someone else changed the board while this one was busy: reload when idle.
    pub stale: RwSignal<bool>,
    pub live: RwSignal<bool>,
    /// Why the last move was refused.
    pub notice: RwSignal<Option<String>>,
    /// Read out by screen readers.
    pub announcement: RwSignal<String>,
    /// A pointer drag just ended: the click that follows is not a click on a link.
    pub just_dropped: StoredValue<bool>,
}

impl BoardState {
    pub fn new(campaign: &Campaign, entries: Vec<Entry>, can_move: bool) -> Self {
        BoardState {
            campaign_id: campaign.id,
            currency: StoredValue::new(campaign.budget.currency.clone()),
            can_move,
            entries: RwSignal::new(entries),
            show_closed: RwSignal::new(false),
            drag: RwSignal::new(None),
            in_flight: RwSignal::new(Vec::new()),
            stale: RwSignal::new(false),
            live: RwSignal::new(false),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            just_dropped: StoredValue::new(false),
        }
    }

    pub fn stages(&self) -> Vec<Stage> {
        shown_stages(self.show_closed.get())
    }

    pub fn entry(&self, id: i32) -> Option<Entry> {
        self.entries
            .with_untracked(|all| all.iter().find(|e| e.id == id).cloned())
    }

    /// Cards in `stage`, not counting `id`: the places a card can be dropped.
    pub fn places_in(&self, stage: Stage, id: i32) -> usize {
        self.entries.with_untracked(|all| {
            all.iter()
                .filter(|e| e.stage == stage && e.id != id)
                .count()
        })
    }

    pub fn announce(&self, text: String) {
        // A repeated message must still change the live region to be read again.
        self.announcement.update(|a| {
            *a = if *a == text {
                format!("{text}\u{a0}")
            } else {
                text
            };
        });
    }

    /// Moves a card: the board changes at once, the server confirms (and answers the card
    /// as saved) or refuses, and then the board goes back and says why.
    pub fn request_move(self, id: i32, to: Stage, index: usize) {
        let Some(card) = self.entry(id) else { return };
        // Its version is about to change: a second move now would be refused as a conflict.
        if self.in_flight.with_untracked(|f| f.contains(&id)) {
            self.announce(format!(
                "{} is still being saved; move it again in a moment.",
                card.creator_name
            ));
            return;
        }
        let before = self.entries.get_untracked();
        if board::locate(&before, id) == Some((to, index)) {
            self.announce(format!("{} stays where it was.", card.creator_name));
            return;
        }
        // The server checks again; asking first saves a round trip and a flicker.
        if let Some(why) = card.stage.move_refusal(to, card.fee.is_some()) {
            self.refuse(why);
            return;
        }
        let after = board::place(&before, id, to, index);
        let places = self.places_in(to, id) + 1;
        self.entries.set(after);
        self.notice.set(None);
        self.announce(format!(
            "{} moved to {}, position {} of {places}.",
            card.creator_name,
            to.label(),
            index.min(places - 1) + 1
        ));
        self.in_flight.update(|f| f.push(id));
        leptos::task::spawn_local(async move {
            let answer = move_entry(id, card.version, to, index as u32).await;
            self.in_flight.update(|f| f.retain(|c| *c != id));
            match answer {
                Ok(saved) => self.entries.update(|all| board::settle(all, saved)),
                Err(e) => {
                    self.entries.set(before);
                    self.refuse(e.to_string());
                    // A conflict means the board is out of date: show where things are.
                    if matches!(e, AppError::Conflict(_) | AppError::NotFound(_)) {
                        self.stale.set(true);
                    }
                }
            }
            self.reload_if_stale();
        });
    }

    fn refuse(&self, why: String) {
        self.announce(format!("Not moved. {why}"));
        self.notice.set(Some(why));
    }

    /// Reads the board again, unless a card is in the air or on its way to the server:
    /// then once it lands.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn reload(self) {
        self.stale.set(true);
        self.reload_if_stale();
    }

    pub fn reload_if_stale(self) {
        let busy = self.in_flight.with_untracked(|f| !f.is_empty())
            || self.drag.with_untracked(|d| d.is_some_and(|d| d.active()));
        if busy || !self.stale.get_untracked() {
            return;
        }
        self.stale.set(false);
        leptos::task::spawn_local(async move {
            if let Ok(board) = pipeline_entries(self.campaign_id).await {
                if self.in_flight.with_untracked(Vec::is_empty) {
                    self.entries.set(board);
                } else {
                    // A move went out meanwhile; read again once it is answered.
                    self.stale.set(true);
                }
            }
        });
    }
}

/// The stages shown as columns: the board's, and the closed ones when asked for.
pub fn shown_stages(show_closed: bool) -> Vec<Stage> {
    Stage::ALL
        .into_iter()
        .filter(|s| show_closed || s.on_board())
        .collect()
}
