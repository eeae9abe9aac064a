//! Money as integer minor units with a currency, and rates as integer basis points:
//! never floats (docs/PRODUCT.md §7.1).

use serde::{Deserialize, Serialize};

/// The currencies Roster offers, with their minor-unit exponents (ISO 4217).
pub const CURRENCIES: &[(&str, u32)] = &[
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("CHF", 2),
    ("SEK", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("PLN", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("BRL", 2),
    ("MXN", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KRW", 0),
];

pub fn exponent(currency: &str) -> Option<u32> {
    CURRENCIES
        .iter()
        .find(|(code, _)| *code == currency)
        .map(|(_, e)| *e)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

impl Money {
    /// `12,500.50 EUR`: grouped thousands, the currency's own number of decimals.
    pub fn display(&self) -> String {
        let exp = exponent(&self.currency).unwrap_or(2);
        format!("{} {}", format_minor(self.minor, exp), self.currency)
    }
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn format_minor(minor: i64, exp: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let unit = 10u64.pow(exp);
    let whole = group(&(abs / unit).to_string());
    if exp == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{:0width$}", abs % unit, width = exp as usize)
    }
}

/// Removes spaces and thousands separators from a typed number. A comma is accepted only
/// as a thousands separator ("12,500"): "12,50" is refused rather than read as 1250.
pub fn clean_number(input: &str) -> Option<String> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .collect();
    let (whole, frac) = match compact.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (compact.as_str(), None),
    };
    if frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return None;
        }
    }
    let whole = groups.concat();
    Some(match frac {
        Some(f) => format!("{whole}.{f}"),
        None => whole,
    })
}

/// Parses an amount typed by a person ("12500", "12,500.5", "12 500.50") into minor units.
/// Refuses negatives, more decimals than the currency has, and amounts over a trillion.
pub fn parse_amount(input: &str, currency: &str) -> Result<i64, String> {
    let exp =
        exponent(currency).ok_or_else(|| format!("{currency} is not a supported currency."))?;
    let invalid = || {
        if exp == 0 {
            "Enter an amount like 12500.".to_string()
        } else {
            format!(
                "Enter an amount like 12500 or 12500.{}.",
                "0".repeat(exp as usize)
            )
        }
    };
    let cleaned = clean_number(input).ok_or_else(invalid)?;
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(invalid());
    }
    if frac.len() > exp as usize {
        return Err(if exp == 0 {
            format!("{currency} has no decimals.")
        } else {
            format!("{currency} has {exp} decimals at most.")
        });
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    if whole > 1_000_000_000_000 {
        return Err("That amount is too large.".into());
    }
    let frac_minor: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}", width = exp as usize)
            .parse()
            .map_err(|_| invalid())?
    };
    Ok(whole * 10i64.pow(exp) + frac_minor)
}

/// A percentage typed by a person ("3.25" or "3.25%") as basis points (325), 0–100 %.
pub fn parse_percent(input: &str) -> Result<i32, String> {
    let s = input.trim().trim_end_matches('%').trim();
    let invalid = || "Enter a percentage between 0 and 100, like 3.5.".to_string();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 3
    {
        return Err(invalid());
    }
    let whole: i32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let frac: i32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| invalid())?
    };
    let bp = whole * 100 + frac;
    if bp > 10_000 { Err(invalid()) } else { Ok(bp) }
}

/// Basis points as a plain decimal: 325 → "3.25" (what a form field shows).
pub fn format_bp(bp: i32) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// Basis points as a percentage: 325 → "3.25 %".
pub fn format_percent(bp: i32) -> String {
    format!("{} %", format_bp(bp))
}

#[cfg(test)]
mod tests;
