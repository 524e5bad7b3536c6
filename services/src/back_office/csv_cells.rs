//! Spreadsheet-safe CSV cells. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` in a product
//! name or an order's email would run on the machine of the staff member who opens the
//! export). Exports prefix such a cell — and any cell that already starts with `'` — with one
//! `'`, which spreadsheets show as text; the importer removes exactly that prefix, so an export
//! imports back unchanged.

use std::borrow::Cow;

fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
}

/// The cell as written to an exported CSV file.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if is_trigger(c) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The value of a cell read from an imported CSV file (undoes [`neutralise`]).
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(is_trigger) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for cell in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'quoted",
            "''=",
            "'Tis the season",
        ] {
            let out = neutralise(cell);
            assert!(out.starts_with('\''), "{cell:?} was not neutralised");
            assert_eq!(restore(&out), cell);
        }
    }

    #[test]
    fn plain_cells_are_untouched() {
        for cell in ["Merino tee", "12.50", "", "a=b"] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
        // A hand-written leading quote before an ordinary character stays.
        assert_eq!(restore("'Tis"), "'Tis");
    }
}
