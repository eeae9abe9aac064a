//! The campaign's creators as a list, until the board replaces it.

use super::Entry;
use crate::domain::creator::compact_count;
use crate::domain::money::Money;
use crate::ui::format;
use leptos::prelude::*;
use leptos_router::components::A;

/// Rendered inside the campaign page's own suspense (a nested one would hydrate out of
/// order), so the entries arrive with the campaign.
#[component]
pub fn EntriesCard(entries: Vec<Entry>, can_shortlist: bool) -> impl IntoView {
    let list = if entries.is_empty() {
        view! {
            <p class="muted">"No creators yet. Filter the creator database, select creators and add them to this campaign."</p>
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">"Creator"</th><th scope="col">"Stage"</th>
                        <th scope="col" class="num">"Followers"</th><th scope="col" class="num">"Fee"</th>
                        <th scope="col" class="num">"Shipping + product"</th><th scope="col">"Owner"</th>
                        <th scope="col">"In stage since"</th>
                    </tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| {
                            let extra = Money {
                                minor: e.shipping.minor + e.product_cost.minor,
                                currency: e.shipping.currency.clone(),
                            };
                            view! {
                                <tr>
                                    <td><A href=format!("/creators/{}", e.creator_id)>{e.creator_name}</A></td>
                                    <td>{e.stage.label()}</td>
                                    <td class="num">{compact_count(e.followers)}</td>
                                    <td class="num">{e.fee.map(|f| f.display()).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num">{extra.display()}</td>
                                    <td>{e.owner.map(|o| o.name).unwrap_or_default()}</td>
                                    <td>{format::date(&e.stage_changed_at)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="creators-title">
            <header class="with-actions">
                <h2 id="creators-title">"Creators"</h2>
                {can_shortlist.then(|| view! { <a class="button" href="/creators">"Find creators to shortlist"</a> })}
            </header>
            {list}
        </section>
    }
}
