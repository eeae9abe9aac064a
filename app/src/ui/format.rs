//! How dates read in the UI: in the organization's time zone (the signed-in person's
//! `CurrentUser::time_zone`), written the same on the server (chrono-tz) and in the browser
//! (the browser's own time zone database, through `Intl`), so a hydrated page reads as the
//! server wrote it.

use chrono::{DateTime, NaiveDateTime, Utc};

/// The zone dates are shown in: the signed-in person's organization's, else UTC.
fn zone() -> String {
    leptos::prelude::use_context::<crate::platform::user::CurrentUser>()
        .map_or_else(|| "UTC".to_string(), |u| u.time_zone)
}

/// A zone as people say it: "UTC", or its place ("Oslo time", "New York time").
pub fn zone_label(zone: &str) -> String {
    if zone == "UTC" || zone == "Etc/UTC" {
        return "UTC".into();
    }
    let place = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    format!("{place} time")
}

/// The wall-clock time in `zone` at `at`.
#[cfg(feature = "ssr")]
pub fn wall_clock(at: &DateTime<Utc>, zone: &str) -> NaiveDateTime {
    at.with_timezone(&zone.parse().unwrap_or(chrono_tz::UTC))
        .naive_local()
}

/// The wall-clock time in `zone` at `at`, as the browser's `Intl` tells it (UTC should the
/// browser not know the zone).
#[cfg(not(feature = "ssr"))]
pub fn wall_clock(at: &DateTime<Utc>, zone: &str) -> NaiveDateTime {
    browser::wall_clock(at, zone).unwrap_or_else(|| at.naive_utc())
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
    use js_sys::{Array, Date, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    pub fn wall_clock(at: &DateTime<Utc>, zone: &str) -> Option<NaiveDateTime> {
        let options = Object::new();
        let set = |key: &str, value: &str| Reflect::set(&options, &key.into(), &value.into());
        set("timeZone", zone).ok()?;
        set("hourCycle", "h23").ok()?;
        for key in ["year", "month", "day", "hour", "minute"] {
            set(key, "numeric").ok()?;
        }
        // Constructed through Reflect, so a zone the browser does not know is an error
        // here, not an exception through the app.
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let class: Function = Reflect::get(&intl, &"DateTimeFormat".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let args = Array::of2(&"en-GB".into(), &options);
        let format: js_sys::Intl::DateTimeFormat =
            Reflect::construct(&class, &args).ok()?.dyn_into().ok()?;
        let date = Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
        let parts = format.format_to_parts(&date);
        let part = |kind: &str| -> Option<u32> {
            parts.iter().find_map(|p| {
                let is = Reflect::get(&p, &"type".into()).ok()?.as_string()? == kind;
                is.then(|| {
                    Reflect::get(&p, &"value".into())
                        .ok()?
                        .as_string()?
                        .parse()
                        .ok()
                })
                .flatten()
            })
        };
        let (year, month, day) = (part("year")?, part("month")?, part("day")?);
        let (hour, minute) = (part("hour")?, part("minute")?);
        NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_opt(hour, minute, 0)
    }
}

pub fn date(at: &DateTime<Utc>) -> String {
    wall_clock(at, &zone()).format("%-d %b %Y").to_string()
}

pub fn date_time(at: &DateTime<Utc>) -> String {
    let zone = zone();
    format!(
        "{} {}",
        wall_clock(at, &zone).format("%-d %b %Y, %H:%M"),
        zone_label(&zone)
    )
}

pub fn date_range(from: &chrono::NaiveDate, to: &chrono::NaiveDate) -> String {
    format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
}

/// A whole number with thousands separators: 1250000 → "1,250,000".
pub fn count(n: i64) -> String {
    crate::domain::money::format_minor(n, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_short_and_unambiguous() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T09:07:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(date(&at), "5 Mar 2026");
        assert_eq!(date_time(&at), "5 Mar 2026, 09:07 UTC");
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            date_range(&d("2026-03-01"), &d("2026-04-30")),
            "1 Mar 2026 – 30 Apr 2026"
        );
        assert_eq!(count(1_250_000), "1,250,000");
    }

    #[test]
    fn times_read_on_the_organizations_wall_clock_with_daylight_saving() {
        let at = |s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let oslo = |s| {
            wall_clock(&at(s), "Europe/Oslo")
                .format("%-d %b %Y, %H:%M")
                .to_string()
        };
        assert_eq!(oslo("2026-01-15T23:30:00Z"), "16 Jan 2026, 00:30");
        assert_eq!(oslo("2026-07-15T23:30:00Z"), "16 Jul 2026, 01:30");
        assert_eq!(zone_label("America/New_York"), "New York time");
        assert_eq!(zone_label("UTC"), "UTC");
    }
}
