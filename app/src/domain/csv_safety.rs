//! Spreadsheet formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is run as a formula by Excel and friends. Exported cells are neutralised
//! with a leading apostrophe, which spreadsheets show as plain text.

const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Would [`restore`] take an apostrophe off this cell? One that starts a formula, or
/// another apostrophe of ours.
fn guarded(cell: &str) -> bool {
    cell.strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA) || rest.starts_with('\''))
}

/// The cell as it is exported: an apostrophe before a formula, and before a cell that
/// already looks neutralised (`'=x` typed by someone), so importing gives it back whole.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA) || guarded(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`neutralize`] on import, so an exported file reads back as it was.
pub fn restore(cell: &str) -> &str {
    if guarded(cell) { &cell[1..] } else { cell }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_undoes_neutralize_only() {
        // `'=x` and `''a` were typed so: found by the fuzzer, they once came back changed.
        for cell in [
            "=SUM(A1)", "+1", "-2", "@x", "plain", "'quoted", "", "'", "'=x", "''a",
        ] {
            assert_eq!(restore(&neutralize(cell)), cell);
        }
    }

    #[test]
    fn formulas_become_text() {
        assert_eq!(neutralize("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralize("+1+1"), "'+1+1");
        assert_eq!(neutralize("-2"), "'-2");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("Ana"), "Ana");
        assert_eq!(neutralize(""), "");
    }
}
