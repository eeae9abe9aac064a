//! The right-hand panels that judge a version: the automatic compliance checklist (a
//! failing check becomes a comment in one click) and the marketing and legal lanes.

use super::state::{ReviewState, note_key, waited};
use super::threads::TextBox;
use crate::deliverables::api::{AddComment, Decide};
use crate::deliverables::types::{CommentTarget, DecisionView, LaneView, ReviewView};
use crate::domain::review::{CHECKLIST, Lane, Verdict};
use crate::ui::feedback::FormError;
use crate::ui::form::general;
use crate::ui::format;
use crate::ui::icon::{Icon, IconName};
use leptos::prelude::*;

#[component]
pub fn Checks(version_id: i32) -> AnyView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let state = expect_context::<ReviewState>();
    let (checks, caption, is_staff) = r.with_value(|r| {
        let caption = r
            .deliverable
            .versions
            .iter()
            .find(|v| v.id == version_id)
            .map(|v| v.caption.clone())
            .unwrap_or_default();
        (r.checks_of(version_id).to_vec(), caption, r.is_staff)
    });
    let failing = checks.iter().filter(|c| !c.passed).count();
    view! {
        <section class="card checks" aria-labelledby="checks-title">
            <h2 id="checks-title">"Automatic checks"</h2>
            <p class="muted small">{if failing == 0 { "Everything the brief asks for is there.".to_string() } else { format!("{failing} to fix") }}</p>
            <ul class="checklist">
                {checks.into_iter().map(|c| {
                    let to_comment = (!c.passed && is_staff).then(|| {
                        // Offsets go to the server in UTF-16 units, as a selection would.
                        let utf16 = |b: usize| caption.get(..b).map(|s| s.encode_utf16().count());
                        let (start, end) = c.span.map_or((None, None), |s| (utf16(s.start), utf16(s.end)));
                        let quote = c.span.map(|s| s.of(&caption).to_string());
                        let body = format!("{}: {}", c.title, c.detail);
                        view! {
                            <button type="button" class="link-button" disabled=state.flag.pending()
                                aria-label=format!("Comment: {}", c.title)
                                on:click=move |_| { state.flag.dispatch(AddComment { version_id, body: body.clone(), target: CommentTarget { start, end, quote: quote.clone(), ..Default::default() } }); }>
                                "Comment"
                            </button>
                        }
                    });
                    view! {
                        <li class=if c.passed { "check pass" } else { "check fail" }>
                            <span class="check-mark"><Icon name=if c.passed { IconName::Check } else { IconName::Cross }/></span>
                            <span class="visually-hidden">{if c.passed { "Passed: " } else { "Failed: " }}</span>
                            <span class="check-text"><strong>{c.title.clone()}</strong><br/><span class="small">{c.detail.clone()}</span></span>
                            {to_comment}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <FormError error=Signal::derive(move || state.flag.value().get().and_then(|r| r.err()))/>
        </section>
    }
    .into_any()
}

#[component]
pub fn Lanes(version_id: i32, version_number: i32, is_latest: bool) -> AnyView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let (lanes, history, my_lane, approved, newest) = r.with_value(|r| {
        (
            r.lanes.clone(),
            r.history.clone(),
            r.my_lane,
            r.approved_version.is_some(),
            r.deliverable.versions.first().map_or(0, |v| v.number),
        )
    });
    let history = StoredValue::new(history);
    view! {
        <section class="card lanes" aria-labelledby="lanes-title">
            <h2 id="lanes-title">"Approval of v"{newest}</h2>
            {(!is_latest).then(|| view! { <p class="muted small">"Only the newest version is decided on."</p> })}
            {lanes.into_iter().map(|l| {
                let mine = my_lane == Some(l.lane) && is_latest && !approved;
                view! { <LanePanel l mine version_id version_number/> }
            }).collect_view()}
            {move || history.with_value(|h| (!h.is_empty()).then(|| view! {
                <details class="decision-history">
                    <summary>"All decisions ("{h.len()}")"</summary>
                    <ul>{h.iter().map(|d| view! { <li><DecisionLine d=d.clone()/></li> }).collect_view()}</ul>
                </details>
            }))}
        </section>
    }
    .into_any()
}

#[component]
fn DecisionLine(d: DecisionView) -> impl IntoView {
    view! {
        <span class=if d.verdict == Verdict::Approved { "verdict approved" } else { "verdict changes" }>{d.verdict.label()}</span>
        " · "{d.lane.label()}" · v"{d.version_number}" · "{d.by}" · "<span class="muted small">{format::date_time(&d.at)}</span>
        {(!d.note.is_empty()).then(|| view! { <p class="pre small">{d.note.clone()}</p> })}
    }
}

#[component]
fn LanePanel(l: LaneView, mine: bool, version_id: i32, version_number: i32) -> AnyView {
    let lane = l.lane;
    let head = match (&l.current, l.wait) {
        (Some(d), w) => view! {
            <DecisionLine d=d.clone()/>
            {w.filter(|w| w.breached).map(|w| view! {
                " "<span class="badge danger">{format!("Decided late, after {}", waited(w.minutes, w.target_hours))}</span>
            })}
        }
        .into_any(),
        (None, Some(w)) => view! {
            <span class="muted">"Waiting "{waited(w.minutes, w.target_hours)}</span>
            {w.breached.then(|| view! { " "<span class="badge danger">"Past the turnaround target"</span> })}
        }
        .into_any(),
        (None, None) => view! { <span class="muted">"Nothing to review yet"</span> }.into_any(),
    };
    view! {
        <div class="lane" data-lane=lane.as_str()>
            <h3>{lane.label()}</h3>
            <div class="lane-state">{head}</div>
            {mine.then(|| view! { <DecisionForm lane version_id version_number/> })}
        </div>
    }
    .into_any()
}

#[component]
fn DecisionForm(lane: Lane, version_id: i32, version_number: i32) -> AnyView {
    let state = expect_context::<ReviewState>();
    let error = Signal::derive(move || state.decide.value().get().and_then(|r| r.err()));
    let note_key = note_key(lane);
    let deliverable_id =
        expect_context::<StoredValue<ReviewView>>().with_value(|r| r.deliverable.summary.id);
    let send = {
        let note_key = note_key.clone();
        move |verdict: Verdict| {
            state.decide.dispatch(Decide {
                deliverable_id,
                version_id,
                lane: lane.as_str().into(),
                verdict: verdict.as_str().into(),
                checked: state.checked.get_untracked().join(","),
                note: state.text(&note_key),
            });
        }
    };
    let (approve, changes) = (send.clone(), send);
    view! {
        <fieldset class="decision-form">
            <legend>{format!("Your decision on v{version_number}")}</legend>
            {CHECKLIST.iter().map(|(key, label)| {
                let key = *key;
                let id = format!("check-{}-{key}", lane.as_str());
                view! {
                    <label class="checkbox" for=id.clone()>
                        <input type="checkbox" id=id.clone()
                            prop:checked=move || state.checked.with(|c| c.iter().any(|k| k == key))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.checked.update(|c| {
                                    c.retain(|k| k != key);
                                    if on { c.push(key.to_string()); }
                                });
                            }/>
                        {*label}
                    </label>
                }
            }).collect_view()}
            <p class="field-error">{move || error.get().and_then(|e| e.field("checked"))}</p>
            <TextBox key=note_key.clone() label="Note to the creator".into()/>
            <p class="field-error">{move || error.get().and_then(|e| e.field("note"))}</p>
            <FormError error=general(error)/>
            <div class="actions">
                <button type="button" class="button" disabled=state.decide.pending() on:click=move |_| approve(Verdict::Approved)>
                    {format!("Approve v{version_number}")}
                </button>
                <button type="button" class="button secondary" disabled=state.decide.pending() on:click=move |_| changes(Verdict::ChangesRequested)>
                    "Request changes"
                </button>
            </div>
        </fieldset>
    }
    .into_any()
}
