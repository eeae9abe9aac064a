//! Spreadsheet formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is run as a formula by Excel and friends. Exported cells are neutralised
//! with a leading apostrophe, which spreadsheets show as plain text.

pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Undoes [`neutralize`] on import, so an exported file reads back as it was.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_undoes_neutralize_only() {
        for cell in ["=SUM(A1)", "+1", "-2", "@x", "plain", "'quoted", "", "'"] {
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
