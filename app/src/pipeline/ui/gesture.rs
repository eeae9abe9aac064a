//! How a card is picked up and dropped: a pointer (mouse, pen or finger) or the keyboard.
//! Both end in `BoardState::request_move`. Mouse drags start anywhere on a card; touch
//! drags start on the handle, so the rest of the card still scrolls the page.

use super::state::{BoardState, Drag, Gesture};
use crate::domain::pipeline::Stage;
use crate::pipeline::board;
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::Element;

/// How far (in CSS pixels) a pointer moves before a press becomes a drag.
const DRAG_THRESHOLD: f64 = 5.0;
/// How close to the board's edge a drag scrolls it.
const SCROLL_EDGE: f64 = 48.0;

fn element(target: Option<leptos::web_sys::EventTarget>) -> Option<Element> {
    target?.dyn_into::<Element>().ok()
}

pub fn pointer_down(state: BoardState, id: i32, ev: &PointerEvent) {
    state.just_dropped.set_value(false);
    // A press that never became a drag (released off the card) is simply replaced.
    let carrying = state.drag.with_untracked(|d| d.is_some_and(|d| d.active()));
    if !state.can_move || ev.button() != 0 || carrying {
        return;
    }
    let Some(target) = element(ev.target()) else {
        return;
    };
    let on_handle = target.closest(".grip").ok().flatten().is_some();
    let on_control = target
        .closest("a, select, input, button:not(.grip)")
        .ok()
        .flatten()
        .is_some();
    if on_control || (ev.pointer_type() != "mouse" && !on_handle) {
        return;
    }
    let Some(from) = state.entries.with_untracked(|all| board::locate(all, id)) else {
        return;
    };
    state.drag.set(Some(Drag {
        id,
        from,
        to: from,
        by: Gesture::Pointer {
            pointer_id: ev.pointer_id(),
            start: (ev.client_x() as f64, ev.client_y() as f64),
            offset: (0.0, 0.0),
            active: false,
        },
    }));
}

pub fn pointer_move(state: BoardState, ev: &PointerEvent) {
    let Some(mut drag) = state.drag.get_untracked() else {
        return;
    };
    let Gesture::Pointer {
        pointer_id,
        start,
        active,
        ..
    } = drag.by
    else {
        return;
    };
    if pointer_id != ev.pointer_id() {
        return;
    }
    let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
    let offset = (x - start.0, y - start.1);
    if !active {
        if offset.0.hypot(offset.1) < DRAG_THRESHOLD {
            return;
        }
        // From here on the card follows this pointer wherever it goes.
        if let Some(card) = element(ev.current_target()) {
            let _ = card.set_pointer_capture(pointer_id);
        }
        if let Some(card) = state.entry(drag.id) {
            state.announce(format!("Picked up {}.", card.creator_name));
        }
    }
    ev.prevent_default();
    scroll_near_edges(ev, x);
    drag.to = drop_place(x, y, drag.id).unwrap_or(drag.to);
    drag.by = Gesture::Pointer {
        pointer_id,
        start,
        offset,
        active: true,
    };
    state.drag.set(Some(drag));
}

pub fn pointer_up(state: BoardState, ev: &PointerEvent) {
    let Some(drag) = state.drag.get_untracked() else {
        return;
    };
    if !matches!(drag.by, Gesture::Pointer { pointer_id, .. } if pointer_id == ev.pointer_id()) {
        return;
    }
    state.drag.set(None);
    if drag.active() {
        state.just_dropped.set_value(true);
        state.request_move(drag.id, drag.to.0, drag.to.1);
    }
    state.reload_if_stale();
}

pub fn pointer_cancel(state: BoardState) {
    if let Some(drag) = state.drag.get_untracked()
        && matches!(drag.by, Gesture::Pointer { .. })
    {
        state.drag.set(None);
        if drag.active() {
            state.announce("Move cancelled.".into());
        }
        state.reload_if_stale();
    }
}

/// The click that ends a drag over a link is part of the drag.
pub fn click(state: BoardState, ev: &leptos::ev::MouseEvent) {
    if state.just_dropped.get_value() {
        state.just_dropped.set_value(false);
        ev.prevent_default();
        ev.stop_propagation();
    }
}

/// The column under (or nearest to) the pointer and the place in it: before the first
/// card whose middle is below the pointer.
fn drop_place(x: f64, y: f64, dragged: i32) -> Option<(Stage, usize)> {
    let columns = document().query_selector_all("[data-stage]").ok()?;
    let mut nearest: Option<(f64, Element)> = None;
    for i in 0..columns.length() {
        let Some(column) = columns.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let r = column.get_bounding_client_rect();
        let distance = (r.left() - x).max(x - r.right()).max(0.0);
        if nearest.as_ref().is_none_or(|(d, _)| distance < *d) {
            nearest = Some((distance, column));
        }
    }
    let (_, column) = nearest?;
    let stage = Stage::parse(&column.get_attribute("data-stage")?)?;
    let cards = column.query_selector_all("[data-entry]").ok()?;
    let dragged = dragged.to_string();
    let mut index = 0;
    for i in 0..cards.length() {
        let Some(card) = cards.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if card.get_attribute("data-entry").as_deref() == Some(dragged.as_str()) {
            continue;
        }
        let r = card.get_bounding_client_rect();
        if y < r.top() + r.height() / 2.0 {
            break;
        }
        index += 1;
    }
    Some((stage, index))
}

/// On a narrow screen the columns scroll sideways; a drag near an edge scrolls them.
fn scroll_near_edges(ev: &PointerEvent, x: f64) {
    let Some(board) =
        element(ev.current_target()).and_then(|card| card.closest(".board").ok().flatten())
    else {
        return;
    };
    let r = board.get_bounding_client_rect();
    if x > r.right() - SCROLL_EDGE {
        board.scroll_by_with_x_and_y(SCROLL_EDGE / 2.0, 0.0);
    } else if x < r.left() + SCROLL_EDGE {
        board.scroll_by_with_x_and_y(-SCROLL_EDGE / 2.0, 0.0);
    }
}

/// Space picks a card up; arrows choose a column and a place; Space or Enter drops it;
/// Escape puts it back.
pub fn key_down(state: BoardState, id: i32, ev: &KeyboardEvent) {
    if !state.can_move {
        return;
    }
    let carried = state
        .drag
        .get_untracked()
        .filter(|d| d.id == id && d.by == Gesture::Keyboard);
    let Some(card) = state.entry(id) else {
        return;
    };
    let key = ev.key();
    let Some(mut drag) = carried else {
        if key == " " || key == "Enter" {
            let Some(from) = state.entries.with_untracked(|all| board::locate(all, id)) else {
                return;
            };
            ev.prevent_default();
            state.drag.set(Some(Drag {
                id,
                from,
                to: from,
                by: Gesture::Keyboard,
            }));
            state.announce(format!(
                "Picked up {}. {}. Arrow keys move it, Space or Enter drops it, Escape cancels.",
                card.creator_name,
                where_is(state, from, id)
            ));
        }
        return;
    };
    let stages = state.stages();
    let column = stages.iter().position(|s| *s == drag.to.0).unwrap_or(0);
    let (stage, index) = drag.to;
    match key.as_str() {
        "ArrowLeft" | "ArrowRight" => {
            let next = if key == "ArrowLeft" {
                column.checked_sub(1)
            } else {
                Some(column + 1).filter(|c| *c < stages.len())
            };
            if let Some(to) = next.map(|c| stages[c]) {
                drag.to = (to, index.min(state.places_in(to, id)));
            }
        }
        "ArrowUp" => drag.to = (stage, index.saturating_sub(1)),
        "ArrowDown" => drag.to = (stage, (index + 1).min(state.places_in(stage, id))),
        " " | "Enter" => {
            ev.prevent_default();
            state.drag.set(None);
            state.request_move(id, stage, index);
            focus_handle_soon(id);
            state.reload_if_stale();
            return;
        }
        "Escape" => {
            ev.prevent_default();
            cancel_keyboard(state, id);
            return;
        }
        _ => return,
    }
    ev.prevent_default();
    state.drag.set(Some(drag));
    state.announce(where_is(state, drag.to, id));
}

/// Leaving the handle while carrying the card puts it back.
pub fn blur(state: BoardState, id: i32) {
    if state
        .drag
        .get_untracked()
        .is_some_and(|d| d.id == id && d.by == Gesture::Keyboard)
    {
        cancel_keyboard(state, id);
    }
}

fn cancel_keyboard(state: BoardState, id: i32) {
    state.drag.set(None);
    if let Some(card) = state.entry(id) {
        state.announce(format!(
            "Move cancelled. {} stays in {}.",
            card.creator_name,
            card.stage.label()
        ));
    }
    state.reload_if_stale();
}

fn where_is(state: BoardState, (stage, index): (Stage, usize), id: i32) -> String {
    format!(
        "{}, position {} of {}",
        stage.label(),
        index + 1,
        state.places_in(stage, id) + 1
    )
}

/// The card is drawn again in its new column; keep the keyboard on it.
fn focus_handle_soon(id: i32) {
    request_animation_frame(move || {
        let selector = format!("[data-entry=\"{id}\"] .grip");
        if let Ok(Some(handle)) = document().query_selector(&selector)
            && let Ok(handle) = handle.dyn_into::<leptos::web_sys::HtmlElement>()
        {
            let _ = handle.focus();
        }
    });
}
