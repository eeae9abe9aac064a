//! Time series and the funnel, drawn as SVG by the app: no charting dependency, and the
//! page stays light on a wall screen.

use crate::dashboard::{FunnelStep, TrendPoint};
use crate::domain::creator::compact_count;
use crate::ui::format;
use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;

/// The highest value, the top of the chart (1 for none, so nothing divides by zero).
fn peak(points: &[(chrono::NaiveDate, i64)]) -> i64 {
    points.iter().map(|p| p.1).max().unwrap_or(0).max(1)
}

/// Where each point lies in the chart: spaced by date (a gap between readings shows as
/// one), 0 on the bottom edge and the peak 10 units below the top. One day of readings is a
/// level, drawn across the whole width.
fn plot(points: &[(chrono::NaiveDate, i64)]) -> Vec<(f64, f64)> {
    let max = peak(points) as f64;
    let first = points.first().map(|p| p.0).unwrap_or_default();
    let span = points.last().map(|p| (p.0 - first).num_days()).unwrap_or(0);
    let x = |day: chrono::NaiveDate| {
        if span == 0 {
            0.0
        } else {
            (day - first).num_days() as f64 * WIDTH / span as f64
        }
    };
    let y = |v: i64| HEIGHT - v as f64 / max * (HEIGHT - 10.0);
    let mut out: Vec<(f64, f64)> = points.iter().map(|p| (x(p.0), y(p.1))).collect();
    if let [only] = points {
        out.push((WIDTH, y(only.1)));
    }
    out
}

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
    let max = peak(&points);
    let line = plot(&points)
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
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
            <figcaption><abbr title=formula>{title}</abbr>" · peak "{compact_count(max)}</figcaption>
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, d).unwrap()
    }

    #[test]
    fn points_are_spaced_by_date_from_zero_to_the_peak() {
        // The 11th and 12th have no reading: the line's second step is three times the first.
        let at = plot(&[(day(9), 0), (day(10), 50), (day(13), 100)]);
        assert_eq!(at, [(0.0, HEIGHT), (150.0, 95.0), (WIDTH, 10.0)]);
    }

    #[test]
    fn one_day_is_a_level_and_nothing_is_no_line() {
        assert_eq!(plot(&[(day(9), 7)]), [(0.0, 10.0), (WIDTH, 10.0)]);
        assert_eq!(plot(&[(day(9), 0)]), [(0.0, HEIGHT), (WIDTH, HEIGHT)]);
        assert!(plot(&[]).is_empty());
    }
}
