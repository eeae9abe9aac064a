//! The draft itself on the review page: media with comment pins, and the caption with its
//! comment highlights. Staff select text (or click an image) to start a thread; a version
//! can be compared word by word with another.

use super::state::{Pending, ReviewState};
use crate::deliverables::types::ReviewView;
use crate::deliverables::types::{DraftVersionView, MediaView};
use crate::domain::anchor::{Span, segments};
use crate::domain::text_diff::{Change, words};
use leptos::prelude::*;

/// The thread's number as people refer to it ("#2"): its place on the page.
pub fn thread_number(r: &ReviewView, thread_id: i32) -> usize {
    r.threads
        .iter()
        .position(|t| t.id == thread_id)
        .map_or(0, |i| i + 1)
}

/// Links to compare the shown version with each other one.
#[component]
pub fn Compare(
    base: String,
    shown: i32,
    other: Option<i32>,
    versions: Vec<(i32, String)>,
) -> impl IntoView {
    let others: Vec<(i32, String)> = versions.into_iter().filter(|(n, _)| *n != shown).collect();
    (!others.is_empty()).then(|| {
        view! {
            <span class="compare-links">
                <span class="muted">"Compare with"</span>
                {others.into_iter().map(|(n, label)| {
                    let current = other == Some(n);
                    view! {
                        <a href=format!("{base}?v={shown}&compare={n}") class="version-link"
                            aria-label=format!("Compare with {label}") aria-current=current.then_some("true")>{label.clone()}</a>
                    }
                }).collect_view()}
                {other.is_some().then(|| view! {
                    <a href=format!("{base}?v={shown}") class="version-link">"Stop comparing"</a>
                })}
            </span>
        }
    })
}

/// The caption of a version with its comments highlighted, or its differences from
/// another version.
#[component]
pub fn CaptionView(version: DraftVersionView, other: Option<DraftVersionView>) -> impl IntoView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let state = expect_context::<ReviewState>();
    if let Some(other) = other {
        let (older, newer) = if other.number < version.number {
            (&other, &version)
        } else {
            (&version, &other)
        };
        let pieces = words(&older.caption, &newer.caption);
        return view! {
            <section class="card caption-card" aria-labelledby="caption-title">
                <h2 id="caption-title">"Changes from v"{older.number}" to v"{newer.number}</h2>
                <p class="pre caption diff">
                    {pieces.into_iter().map(|p| match p.change {
                        Change::Same => view! { <span>{p.text}</span> }.into_any(),
                        Change::Added => view! { <ins>{p.text}</ins> }.into_any(),
                        Change::Removed => view! { <del>{p.text}</del> }.into_any(),
                    }).collect_view()}
                </p>
            </section>
        }
        .into_any();
    }
    let spans: Vec<(i32, Span)> = r.with_value(|r| {
        r.threads
            .iter()
            .filter(|t| !t.resolved)
            .filter_map(|t| t.span_on(version.id).map(|s| (t.id, s)))
            .collect()
    });
    let parts = segments(&version.caption, &spans);
    let caption = NodeRef::<leptos::html::P>::new();
    let version_id = version.id;
    let is_staff = r.with_value(|r| r.is_staff);
    let pick = move || {
        if let Some((start, end, quote)) = caption.get().and_then(|el| selection_in(&el)) {
            state.pending.set(Some(Pending::Text {
                version_id,
                start,
                end,
                quote,
            }));
        }
    };
    view! {
        <section class="card caption-card" aria-labelledby="caption-title">
            <h2 id="caption-title">"Caption or script · v"{version.number}</h2>
            {is_staff.then(|| view! { <p class="hint">"Select words to comment on them."</p> })}
            {version.caption.is_empty().then(|| view! { <p class="muted">"No caption in this version."</p> })}
            <p class="pre caption" node_ref=caption data-version=version_id
                on:mouseup=move |_| if is_staff { pick() }
                on:keyup=move |_| if is_staff { pick() }>
                {parts.into_iter().map(|seg| {
                    if seg.comments.is_empty() {
                        return view! { <span>{seg.text}</span> }.into_any();
                    }
                    let ids = seg.comments.clone();
                    let first = ids[0];
                    let on = ids.clone();
                    let threads = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
                    view! {
                        <mark class="anchor" data-threads=threads
                            class:active=move || state.active.get().is_some_and(|a| on.contains(&a))
                            tabindex="0" role="button" aria-describedby=format!("thread-{first}-title")
                            on:click=move |_| state.active.set(Some(first))
                            on:keydown=move |ev| if ev.key() == "Enter" { state.active.set(Some(first)) }>
                            {seg.text}
                        </mark>
                    }.into_any()
                }).collect_view()}
            </p>
        </section>
    }
    .into_any()
}

/// The browser's selection inside `el`, in UTF-16 units from its start, with its text.
#[cfg(feature = "hydrate")]
fn selection_in(el: &web_sys::HtmlElement) -> Option<(usize, usize, String)> {
    let selection = window().get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let node: &web_sys::Node = el.as_ref();
    let (from, to) = (range.start_container().ok()?, range.end_container().ok()?);
    if !node.contains(Some(&from)) || !node.contains(Some(&to)) {
        return None;
    }
    let before = document().create_range().ok()?;
    before.select_node_contents(node).ok()?;
    before.set_end(&from, range.start_offset().ok()?).ok()?;
    let start = before.to_string().length() as usize;
    let quote = range.to_string();
    let end = start + quote.length() as usize;
    Some((start, end, String::from(quote)))
}

#[cfg(not(feature = "hydrate"))]
fn selection_in(_el: &web_sys::HtmlElement) -> Option<(usize, usize, String)> {
    None
}

/// A version's media: images take comment pins, videos play.
#[component]
pub fn MediaReview(version: DraftVersionView) -> impl IntoView {
    (!version.media.is_empty()).then(|| {
        let version_id = version.id;
        view! {
            <section class="card" aria-label="Media">
                <div class="media-grid review-media">
                    {version.media.into_iter().enumerate().map(|(i, m)| view! { <Medium m index=i + 1 version_id/> }).collect_view()}
                </div>
            </section>
        }
    })
}

#[component]
fn Medium(m: MediaView, index: usize, version_id: i32) -> impl IntoView {
    let r = expect_context::<StoredValue<ReviewView>>();
    let state = expect_context::<ReviewState>();
    let url = m.url();
    if m.is_video() {
        return view! { <video controls preload="metadata" src=url aria-label=m.name.clone()></video> }.into_any();
    }
    let upload_id = m.id;
    let is_staff = r.with_value(|r| r.is_staff);
    let pins: Vec<(i32, usize, i32, i32)> = r.with_value(|r| {
        r.threads
            .iter()
            .filter(|t| !t.resolved)
            .filter_map(|t| {
                t.point_on(upload_id)
                    .map(|(x, y)| (t.id, thread_number(r, t.id), x, y))
            })
            .collect()
    });
    let place = move |ev: leptos::ev::MouseEvent| {
        if !is_staff {
            return;
        }
        let Some(img) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
        else {
            return;
        };
        let (w, h) = (img.client_width().max(1), img.client_height().max(1));
        let x = (ev.offset_x() * 1000 / w).clamp(0, 1000);
        let y = (ev.offset_y() * 1000 / h).clamp(0, 1000);
        state.pending.set(Some(Pending::Image {
            version_id,
            upload_id,
            x,
            y,
        }));
    };
    let name = m.name.clone();
    view! {
        <figure class="pin-box">
            // Pins are placed in fractions of the image alone, not of the figure and its caption.
            <div class="pin-area">
                <img src=url.clone() alt=m.name.clone() class:pickable=is_staff on:click=place/>
                {pins.into_iter().map(|(id, n, x, y)| view! {
                    <button type="button" class="pin" class:active=move || state.active.get() == Some(id)
                        style=format!("left: {}%; top: {}%", f64::from(x) / 10.0, f64::from(y) / 10.0)
                        aria-label=format!("Comment #{n} on this image") on:click=move |_| state.active.set(Some(id))>{n}</button>
                }).collect_view()}
            </div>
            <figcaption class="small">
                {format!("Image {index}")}" · "<a href=url target="_blank">"Full size"</a>
                {is_staff.then(|| view! {
                    " · "<button type="button" class="link-button" aria-label=format!("Comment on {name}")
                        on:click=move |_| state.pending.set(Some(Pending::Image { version_id, upload_id, x: 500, y: 500 }))>"Comment on it"</button>
                })}
            </figcaption>
        </figure>
    }
    .into_any()
}
