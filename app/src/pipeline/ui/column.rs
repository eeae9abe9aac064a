//! A stage's column: its header figures and its cards in order.

use super::card::Card;
use super::state::BoardState;
use crate::domain::creator::compact_count;
use crate::domain::pipeline::Stage;
use crate::pipeline::board;
use leptos::prelude::*;

#[component]
pub fn Column(stage: Stage) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let cards = Memo::new(move |_| state.entries.with(|all| board::column(all, stage)));
    let order = Memo::new(move |_| cards.with(|c| c.iter().map(|e| e.id).collect::<Vec<_>>()));
    let summary = Memo::new(move |_| {
        cards.with(|c| {
            state
                .currency
                .with_value(|currency| board::summary(c, currency))
        })
    });
    let target = move || {
        state
            .drag
            .with(|d| d.filter(|d| d.active() && d.to.0 == stage))
    };
    // The drop indicator after the last card.
    let drop_at_end = move || target().is_some_and(|d| d.to.1 >= state.places_in(stage, d.id));
    let title_id = format!("column-{}", stage.as_str());
    let heading_id = title_id.clone();
    view! {
        <section
            class="column"
            class:closed=!stage.on_board()
            class:drop-target=move || target().is_some()
            data-stage=stage.as_str()
            aria-labelledby=heading_id
        >
            <header class="column-header">
                <h2 id=title_id>
                    {stage.label()}" "
                    <span class="count">{move || summary.with(|s| s.count)}</span>
                    <span class="visually-hidden">" creators"</span>
                </h2>
                <p class="column-stats">
                    <span title="Agreed fees">{move || summary.with(|s| s.fees.display())}</span>
                    " · "
                    <span title="Potential reach: followers across their channels">
                        {move || summary.with(|s| compact_count(s.reach))}" reach"
                    </span>
                </p>
            </header>
            <ol class="cards" class:drop-end=drop_at_end>
                <For each=move || order.get() key=|id| *id let:id>
                    <Card id stage order/>
                </For>
            </ol>
            {move || order.with(Vec::is_empty).then(|| view! { <p class="column-empty muted">"No creators"</p> })}
        </section>
    }
}
