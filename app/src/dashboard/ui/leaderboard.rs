//! The creators ranked by engagements, with what to do with each next time.

use crate::dashboard::CreatorResult;
use crate::domain::metrics::{format_rate, formula};
use crate::domain::money::Money;
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn Leaderboard(rows: Vec<CreatorResult>, total: usize, across: bool) -> impl IntoView {
    let shown = rows.len();
    view! {
        <section class="card" aria-labelledby="leaders-title">
            <h2 id="leaders-title">"Creators"</h2>
            <p class="muted">
                {if shown < total { format!("The best {shown} of {total} by engagements.") } else { format!("{total} creators, by engagements.") }}
                " "<abbr title=formula::SUGGESTION>"How suggestions are made"</abbr>
            </p>
            <div class="table-wrap">
                <table class="leaderboard" data-testid="leaderboard">
                    <thead><tr>
                        <th scope="col">"Creator"</th>
                        {across.then(|| view! { <th scope="col">"Campaign"</th> })}
                        <th scope="col">"Stage"</th>
                        <th scope="col" class="num"><abbr title=formula::MEASURED_REACH>"Reach"</abbr></th>
                        <th scope="col" class="num"><abbr title=formula::ENGAGEMENTS>"Engagements"</abbr></th>
                        <th scope="col" class="num"><abbr title=formula::ER>"ER"</abbr></th>
                        <th scope="col" class="num">"Conversions"</th>
                        <th scope="col" class="num"><abbr title=formula::COST>"Cost"</abbr></th>
                        <th scope="col" class="num"><abbr title=formula::CPE>"CPE"</abbr></th>
                        <th scope="col"><abbr title=formula::SUGGESTION>"Next time"</abbr></th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let money = |minor| Money { minor, currency: r.currency.clone() }.display();
                            view! {
                                <tr>
                                    <th scope="row"><a href=format!("/entries/{}", r.entry_id)>{r.name.clone()}</a></th>
                                    {across.then(|| view! { <td>{r.campaign.clone()}</td> })}
                                    <td>{r.stage.label()}</td>
                                    <td class="num">{format::count(r.counts.reach)}</td>
                                    <td class="num">{format::count(r.kpis.engagements)}</td>
                                    <td class="num">{format_rate(r.kpis.er_bp)}</td>
                                    <td class="num">{format::count(r.counts.conversions)}</td>
                                    <td class="num">{money(r.cost_minor)}</td>
                                    <td class="num">{r.kpis.cpe_minor.map(money).unwrap_or_else(|| "—".into())}</td>
                                    <td>{match r.suggestion {
                                        Some(s) => view! { <span class=format!("badge suggestion-{}", s.label().to_lowercase())>{s.label()}</span> }.into_any(),
                                        None if !r.stage.on_board() => view! { <span class="muted">"Left the campaign"</span> }.into_any(),
                                        None => view! { <span class="muted">"Not live yet"</span> }.into_any(),
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
