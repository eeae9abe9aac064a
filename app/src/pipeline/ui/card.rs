//! One creator on the board: who, where they publish, what they cost, who owns them, how
//! long they have waited, and what is due next. The handle moves it; so does "Move to…".

use super::gesture;
use super::state::{BoardState, Gesture};
use crate::domain::creator::compact_count;
use crate::domain::pipeline::Stage;
use crate::domain::task::Urgency;
use crate::pipeline::{Entry, NextTask};
use crate::ui::format;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Card(id: i32, stage: Stage, order: Memo<Vec<i32>>) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let entry = Memo::new(move |_| {
        state
            .entries
            .with(|all| all.iter().find(|e| e.id == id).cloned())
    });
    let Some(first) = entry.get_untracked() else {
        return ().into_any();
    };
    let name = first.creator_name.clone();
    let initial = name
        .chars()
        .next()
        .unwrap_or('?')
        .to_uppercase()
        .to_string();
    let drag = move || state.drag.get().filter(|d| d.id == id && d.active());
    // The drop indicator before this card: its place among the others in the column.
    let drop_before = move || {
        state.drag.with(|d| {
            d.filter(|d| d.active() && d.id != id && d.to.0 == stage)
                .is_some_and(|d| {
                    order.with(|o| o.iter().filter(|c| **c != d.id).position(|c| *c == id))
                        == Some(d.to.1)
                })
        })
    };
    let transform = move || match drag().map(|d| d.by) {
        Some(Gesture::Pointer { offset, .. }) => {
            Some(format!("translate({}px, {}px)", offset.0, offset.1))
        }
        _ => None,
    };
    let move_to = move |ev: leptos::ev::Event| {
        let select = event_target::<leptos::web_sys::HtmlSelectElement>(&ev);
        if let Some(to) = Stage::parse(&select.value()) {
            state.request_move(id, to, state.places_in(to, id));
        }
        select.set_value("");
    };
    let label = name.clone();
    let menu_label = format!("Move {name} to…");
    view! {
        <li
            class="pipeline-card"
            class:lifted=move || drag().is_some()
            class:drop-before=drop_before
            style:transform=transform
            data-entry=id
            on:pointerdown=move |ev| gesture::pointer_down(state, id, &ev)
            on:pointermove=move |ev| gesture::pointer_move(state, &ev)
            on:pointerup=move |ev| gesture::pointer_up(state, &ev)
            on:pointercancel=move |_| gesture::pointer_cancel(state)
            on:click=move |ev| gesture::click(state, &ev)
        >
            <div class="card-head">
                {state.can_move.then(|| view! {
                    <button
                        class="grip"
                        type="button"
                        aria-label=format!("Move {label}")
                        aria-describedby="board-help"
                        on:keydown=move |ev| gesture::key_down(state, id, &ev)
                        on:blur=move |_| gesture::blur(state, id)
                    >
                        <span aria-hidden="true">"⠿"</span>
                    </button>
                })}
                <span class="avatar" aria-hidden="true">{initial}</span>
                <A href=format!("/entries/{id}") attr:class="card-name">{name}</A>
            </div>
            {move || entry.get().map(|e| view! { <CardFacts entry=e/> })}
            {state.can_move.then(|| view! {
                <select class="move-to" aria-label=menu_label on:change=move_to>
                    <option value="" selected>"Move to…"</option>
                    {Stage::ALL.into_iter().filter(|s| *s != stage).map(|s| view! {
                        <option value=s.as_str()>{s.label()}</option>
                    }).collect_view()}
                </select>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn CardFacts(entry: Entry) -> impl IntoView {
    let e = entry;
    let days = match e.days_in_stage {
        0 => "Today".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    };
    view! {
        <p class="card-channel">
            {match &e.channel {
                Some(c) => format!("{} @{} · {}", c.platform.label(), c.handle, compact_count(c.followers)),
                None => "No channel yet".into(),
            }}
        </p>
        <dl class="card-facts">
            <div><dt>"Fee"</dt><dd>{e.fee.map(|f| f.display()).unwrap_or_else(|| "—".into())}</dd></div>
            <div><dt>"Owner"</dt><dd>{e.owner.map(|o| o.name).unwrap_or_else(|| "—".into())}</dd></div>
            <div><dt>"In stage"</dt><dd>{days}</dd></div>
        </dl>
        {e.next_task.map(|t| view! { <NextTaskLine task=t/> })}
    }
}

#[component]
fn NextTaskLine(task: NextTask) -> impl IntoView {
    let when = match task.urgency {
        Urgency::Upcoming => format!("due {}", format::date(&task.due_at)),
        Urgency::Due => "due now".into(),
        Urgency::Overdue => format!("overdue since {}", format::date(&task.due_at)),
    };
    view! {
        <p class=format!("card-task {}", task.urgency.class())>
            {task.kind.label()}" · "{when}
        </p>
    }
}
