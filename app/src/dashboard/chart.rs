//! Time series and the funnel, drawn as SVG by the app: no charting dependency, and the
//! page stays light on a wall screen.

use super::{FunnelStep, TrendPoint};
use crate::domain::creator::compact_count;
use crate::ui::format;
use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;

/// A line over time, from 0 to its highest value.
#[component]
pub fn LineChart(
    title: &'static str,
    formula: &'static str,
    points: Vec<(chrono::NaiveDate, i64)>,
) -> impl IntoView {
    let summary = match (points.first(), points.last()) {
        (Some(first), Some(last)) => format!(
            "{title}: {} on {} to {} on {}.",
            format::count(first.1),
            first.0.format("%-d %b"),
            format::count(last.1),
            last.0.format("%-d %b")
        ),
        _ => format!("{title}: no readings yet."),
    };
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    // Spaced by date, so a gap between readings shows as one.
    let first = points.first().map(|p| p.0).unwrap_or_default();
    let span = points.last().map(|p| (p.0 - first).num_days()).unwrap_or(0);
    let x = move |day: chrono::NaiveDate| {
        if span == 0 {
            0.0
        } else {
            (day - first).num_days() as f64 * WIDTH / span as f64
        }
    };
    let y = move |v: i64| HEIGHT - v as f64 / max * (HEIGHT - 10.0);
    let mut line: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
        .collect();
    // One day of readings is a level, drawn across the chart.
    if let [only] = points.as_slice() {
        line.push(format!("{WIDTH:.1},{:.1}", y(only.1)));
    }
    let line = line.join(" ");
    // The line runs from the left edge to the right one.
    let area = if points.is_empty() {
        String::new()
    } else {
        format!("0,{HEIGHT} {line} {WIDTH},{HEIGHT}")
    };
    let ends = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (
            a.0.format("%-d %b").to_string(),
            b.0.format("%-d %b").to_string(),
        ),
        _ => (String::new(), String::new()),
    };
    view! {
        <figure class="chart">
            <figcaption><abbr title=formula>{title}</abbr>" · peak "{compact_count(max as i64)}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=summary>
                <title>{summary.clone()}</title>
                <polygon class="chart-area" points=area/>
                <polyline class="chart-line" points=line/>
            </svg>
            <div class="chart-axis"><span>{ends.0}</span><span>{ends.1}</span></div>
        </figure>
    }
}

#[component]
pub fn Trends(trend: Vec<TrendPoint>) -> impl IntoView {
    let reach = trend.iter().map(|p| (p.day, p.reach)).collect();
    let engagements = trend.iter().map(|p| (p.day, p.engagements)).collect();
    view! {
        <section class="card" aria-labelledby="trend-title">
            <h2 id="trend-title">"Over time"</h2>
            <div class="chart-pair">
                <LineChart title="Measured reach" formula=crate::domain::metrics::formula::MEASURED_REACH points=reach/>
                <LineChart title="Engagements" formula=crate::domain::metrics::formula::ENGAGEMENTS points=engagements/>
            </div>
        </section>
    }
}

#[component]
pub fn Funnel(steps: Vec<FunnelStep>, left: Vec<FunnelStep>) -> impl IntoView {
    let top = steps.first().map(|s| s.reached).unwrap_or(0).max(1);
    view! {
        <section class="card" aria-labelledby="funnel-title">
            <h2 id="funnel-title"><abbr title="Creators who reached each stage or went further (Declined and Dropped apart)">"Pipeline funnel"</abbr></h2>
            <ol class="funnel" data-testid="funnel">
                {steps.into_iter().map(|s| {
                    let width = format!("width: {}%", (s.reached * 100 / top).max(1));
                    view! {
                        <li>
                            <span class="funnel-stage">{s.stage.label()}</span>
                            <span class="funnel-bar"><span style=width></span></span>
                            <span class="funnel-count">{s.reached}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="muted">
                {left.into_iter().map(|s| format!("{} {}", s.reached, s.stage.label().to_lowercase())).collect::<Vec<_>>().join(" · ")}
            </p>
        </section>
    }
}
