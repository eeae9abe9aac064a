//! KPI tiles and goal bars. Every figure carries its formula as a tooltip.

use crate::dashboard::{CampaignGoals, Dashboard, MoneyLine};
use crate::domain::creator::compact_count;
use crate::domain::metrics::{format_rate, format_times, formula};
use crate::domain::money::Money;
use crate::ui::format;
use leptos::prelude::*;

#[component]
fn Tile(label: &'static str, value: String, formula: &'static str) -> impl IntoView {
    view! {
        <div class="tile">
            <dt><abbr title=formula>{label}</abbr></dt>
            <dd>{value}</dd>
        </div>
    }
}

#[component]
pub fn Tiles(d: Dashboard) -> impl IntoView {
    let c = d.counts;
    view! {
        <section aria-labelledby="kpi-title">
            <h2 id="kpi-title" class="visually-hidden">"Key figures"</h2>
            <dl class="tiles" data-testid="tiles">
                <Tile label="Potential reach" value=compact_count(d.potential_reach) formula=formula::POTENTIAL_REACH/>
                <Tile label="Measured reach" value=format::count(c.reach) formula=formula::MEASURED_REACH/>
                <Tile label="Engagements" value=format::count(d.engagements) formula=formula::ENGAGEMENTS/>
                <Tile label="Engagement rate" value=format_rate(d.er_bp) formula=formula::ER/>
                <Tile label="Clicks" value=format::count(c.clicks) formula=formula::LATEST/>
                <Tile label="Conversions" value=format::count(c.conversions) formula=formula::LATEST/>
            </dl>
            {d.money.into_iter().map(|m| view! { <MoneyTiles m/> }).collect_view()}
        </section>
    }
}

#[component]
fn MoneyTiles(m: MoneyLine) -> impl IntoView {
    let cur = m.currency.clone();
    let money = move |minor: i64| {
        Money {
            minor,
            currency: cur.clone(),
        }
        .display()
    };
    let maybe = {
        let money = money.clone();
        move |minor: Option<i64>| minor.map(&money).unwrap_or_else(|| "—".into())
    };
    let k = m.kpis;
    view! {
        <dl class="tiles money" data-currency=m.currency.clone()>
            <Tile label="Revenue" value=money(m.revenue_minor) formula=formula::LATEST/>
            <Tile label="Total cost" value=money(m.cost_minor) formula=formula::COST/>
            <Tile label="Paid" value=money(m.paid_minor) formula=formula::PAID/>
            <Tile label="CPM" value=maybe(k.cpm_minor) formula=formula::CPM/>
            <Tile label="CPE" value=maybe(k.cpe_minor) formula=formula::CPE/>
            <Tile label="CPA" value=maybe(k.cpa_minor) formula=formula::CPA/>
            <Tile label="ROAS" value=format_times(k.roas_centi) formula=formula::ROAS/>
            <Tile label="ROI" value=format_rate(k.roi_bp) formula=formula::ROI/>
            <Tile label="Spend vs budget" value=format!("{} of {}", format_rate(k.spend_bp), money(m.budget_minor)) formula=formula::SPEND/>
        </dl>
    }
}

#[component]
pub fn Goals(campaigns: Vec<CampaignGoals>, named: bool) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="goals-title">
            <h2 id="goals-title">"Goals"</h2>
            {campaigns.into_iter().map(|c| {
                let empty = c.goals.is_empty();
                view! {
                    <div class="goal-group">
                        {named.then(|| view! { <h3><a href=format!("/campaigns/{}/dashboard", c.id)>{c.name.clone()}</a></h3> })}
                        {empty.then(|| view! { <p class="muted">"No goals set: edit the campaign's plan to add them."</p> })}
                        <ul class="goals">
                            {c.goals.into_iter().map(|g| {
                                let pct = (g.progress_bp / 100).clamp(0, 100);
                                view! {
                                    <li>
                                        <span class="goal-label"><abbr title=g.formula>{g.label.clone()}</abbr></span>
                                        <progress max="100" value=pct aria-label=format!("{} goal", g.label)></progress>
                                        <span class="goal-figures">{format!("{} of {} ({})", g.actual, g.target, format_rate(Some(g.progress_bp)))}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}
