use super::*;
use proptest::prelude::*;

#[test]
fn parses_what_people_type() {
    assert_eq!(parse_amount("12500", "EUR"), Ok(1_250_000));
    assert_eq!(parse_amount("12,500.5", "EUR"), Ok(1_250_050));
    assert_eq!(parse_amount(" 12 500.50 ", "USD"), Ok(1_250_050));
    assert_eq!(parse_amount(".5", "EUR"), Ok(50));
    assert_eq!(parse_amount("250000", "JPY"), Ok(250_000));
}

#[test]
fn refuses_what_is_not_an_amount() {
    for bad in [
        "", "-5", "abc", "1.2.3", "1e5", ".", "12.345", "12,50", "1,5", "1,2345", "12.5,0", ",500",
    ] {
        assert!(parse_amount(bad, "EUR").is_err(), "{bad}");
    }
    assert_eq!(
        parse_amount("x", "JPY"),
        Err("Enter an amount like 12500.".into())
    );
    assert_eq!(parse_amount("1,250,000", "JPY"), Ok(1_250_000));
    assert_eq!(
        parse_amount("10.5", "JPY"),
        Err("JPY has no decimals.".into())
    );
    assert!(parse_amount("10", "XXX").is_err());
    assert!(parse_amount("2000000000000", "EUR").is_err());
}

#[test]
fn formats_with_grouping_and_the_currencys_decimals() {
    let m = Money {
        minor: 1_250_050,
        currency: "EUR".into(),
    };
    assert_eq!(m.display(), "12,500.50 EUR");
    assert_eq!(
        Money {
            minor: 250_000,
            currency: "JPY".into()
        }
        .display(),
        "250,000 JPY"
    );
    assert_eq!(format_minor(-5, 2), "-0.05");
    assert_eq!(format_minor(0, 2), "0.00");
}

#[test]
fn percentages_are_basis_points() {
    assert_eq!(parse_percent("3.25"), Ok(325));
    assert_eq!(parse_percent("3.5%"), Ok(350));
    assert_eq!(parse_percent("100"), Ok(10_000));
    for bad in ["", "101", "3.255", "-1", "x", ".", "%"] {
        assert!(parse_percent(bad).is_err(), "{bad}");
    }
    assert_eq!(format_percent(325), "3.25 %");
    assert_eq!(format_percent(5), "0.05 %");
}

proptest! {
    // Parsing is cheap, and the amounts that matter (a decimal with a zero, a group of
    // thousands) are a small share of any draw.
    #![proptest_config(ProptestConfig::with_cases(2_048))]

    #[test]
    fn formatting_then_parsing_gives_the_amount_back(minor in 0i64..1_000_000_000_000, pick in 0usize..CURRENCIES.len()) {
        let (currency, exp) = CURRENCIES[pick];
        let text = format_minor(minor, exp);
        prop_assert_eq!(parse_amount(&text, currency), Ok(minor));
    }

    // The property is the fuzz target's (`app::fuzz`, built with the server), on any
    // text and on text made of what amounts are made of (any text rarely parses).
    #[cfg(feature = "ssr")]
    #[test]
    fn what_parses_reads_back_from_its_formatting(s in prop_oneof![
        ".*",
        "[-+0-9., _%]{0,14}",
        "[0-9]{1,3}(,[0-9]{3}){0,2}(\\.[0-9]{1,2})?",
        "[0-9]{1,9}(\\.[0-9]{1,3})? ?%?",
    ]) {
        crate::fuzz::money(s.as_bytes());
    }
}
