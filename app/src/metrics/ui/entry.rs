//! A deliverable's readings on its staff page: the latest ones, and a form for marketing
//! to type a new one in (from the platform's insights screen, say).

use crate::domain::metrics::{Counts, format_rate, formula};
use crate::domain::money::{Money, exponent, format_minor};
use crate::domain::reading::{TYPED, label};
use crate::metrics::api::{RecordReading, get_readings};
use crate::metrics::{DeliverableResults, SnapshotView};
use crate::ui::feedback::FormError;
use crate::ui::form::{general, successes};
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn DeliverableReadings(#[prop(into)] deliverable_id: Signal<i32>) -> impl IntoView {
    let record = ServerAction::<RecordReading>::new();
    let saved = successes(record.value());
    let data = Resource::new(
        move || (deliverable_id.get(), saved.get()),
        |(id, _)| get_readings(id),
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.map(|r| view! { <Readings r record/> })
            })}
        </Transition>
    }
}

#[component]
fn Readings(r: DeliverableResults, record: ServerAction<RecordReading>) -> impl IntoView {
    let latest = r.snapshots.first().map(|s| s.counts);
    let currency = r.currency.clone();
    let shown = r.snapshots.len() as u64;
    view! {
        <section class="card readings" aria-labelledby="readings-title">
            <h2 id="readings-title">"Results"</h2>
            {match latest {
                None => view! { <p class="muted">"No readings yet. Type one in below, import a sheet on the campaign's results, or send them through the ingest API."</p> }.into_any(),
                Some(c) => view! {
                    <p>
                        <abbr title=formula::LATEST>"Latest reading"</abbr>": "
                        {format::count(c.reach)}" reached, "
                        <abbr title=formula::ENGAGEMENTS>{format::count(c.engagements())}" engagements"</abbr>
                        " (ER "<abbr title=formula::ER>{format_rate(crate::domain::metrics::Kpis::of(&c, 0, 0).er_bp)}</abbr>")"
                    </p>
                }.into_any(),
            }}
            {(!r.snapshots.is_empty()).then(|| view! {
                <History snapshots=r.snapshots.clone() currency=currency.clone()/>
                {(r.total > shown).then(|| view! {
                    <p class="muted small">{format!("The latest {shown} of {} readings.", r.total)}</p>
                })}
            })}
            {match (&r.closed, r.can_record) {
                (Some(why), _) => view! { <p class="muted">{why.clone()}</p> }.into_any(),
                (None, true) => view! {
                    <ReadingForm deliverable_id=r.deliverable_id currency=currency.clone() latest=latest.unwrap_or_default() record/>
                }.into_any(),
                (None, false) => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn History(snapshots: Vec<SnapshotView>, currency: String) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="group" aria-label="Readings, scrolls sideways">
            <table class="readings-table">
                <caption class="visually-hidden">"Readings, newest first"</caption>
                <thead><tr>
                    <th scope="col">"Captured (UTC)"</th>
                    <th scope="col">"From"</th>
                    {TYPED.into_iter().map(|t| view! { <th scope="col" class="num">{label(t)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {snapshots.into_iter().map(|s| {
                        let by = s.recorded_by.clone().map(|n| format!(" · {n}")).unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row">{format::date_time(&s.captured_at)}</th>
                                <td>{s.source.label()}{by}</td>
                                {cells(&s.counts, &currency).into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The figures of a reading in [`TYPED`] order, as shown.
pub(crate) fn cells(c: &Counts, currency: &str) -> Vec<String> {
    Counts::FIELDS
        .into_iter()
        .map(|f| {
            let v = c.get(f).unwrap_or(0);
            if f == "revenue_minor" {
                Money {
                    minor: v,
                    currency: currency.to_string(),
                }
                .display()
            } else {
                format::count(v)
            }
        })
        .collect()
}

/// A new reading, starting from the latest one's figures: most readings only grow.
#[component]
fn ReadingForm(
    deliverable_id: i32,
    currency: String,
    latest: Counts,
    record: ServerAction<RecordReading>,
) -> impl IntoView {
    let error = Signal::derive(move || record.value().get().and_then(|r| r.err()));
    let done = move || matches!(record.value().get(), Some(Ok(_)));
    let exp = exponent(&currency).unwrap_or(2);
    let value = move |t: &str| {
        let stored = latest.get(crate::domain::reading::stored_field(t).unwrap_or(t));
        match (t, stored) {
            (_, None | Some(0)) => String::new(),
            ("revenue", Some(v)) => format_minor(v, exp).replace(',', ""),
            (_, Some(v)) => v.to_string(),
        }
    };
    view! {
        <ActionForm action=record attr:class="stack reading-form" attr:novalidate=true>
            <h3>"Add a reading"</h3>
            <input type="hidden" name="deliverable_id" value=deliverable_id/>
            <div class="field">
                <label for="reading-captured-at">"Captured at (UTC)"</label>
                <input id="reading-captured-at" name="captured_at" type="datetime-local"
                    aria-describedby="reading-captured-at-hint reading-captured-at-error"/>
                <p class="hint" id="reading-captured-at-hint">"Leave blank for now."</p>
                <p class="field-error" id="reading-captured-at-error">{move || error.get().and_then(|e| e.field("captured_at"))}</p>
            </div>
            <div class="reading-grid">
                {TYPED.into_iter().map(|t| {
                    let id = format!("reading-{t}");
                    let error_id = format!("{id}-error");
                    let text = if t == "revenue" { format!("Revenue ({currency})") } else { label(t).to_string() };
                    view! {
                        <div class="field">
                            <label for=id.clone()>{text}</label>
                            <input id=id name=format!("counts[{t}]") type="text" value=value(t)
                                inputmode=if t == "revenue" { "decimal" } else { "numeric" }
                                aria-describedby=error_id.clone()
                                aria-invalid=move || error.get().and_then(|e| e.field(t)).is_some().then_some("true")/>
                            <p class="field-error" id=error_id>{move || error.get().and_then(|e| e.field(t))}</p>
                        </div>
                    }
                }).collect_view()}
            </div>
            <FormError error=general(error)/>
            <p class="notice success" role="status" class:visually-hidden=move || !done()>
                {move || done().then_some("Reading saved. The dashboards have it.")}
            </p>
            <button class="button primary" type="submit" disabled=record.pending()>"Save the reading"</button>
        </ActionForm>
    }
}
