//! CSV files that French spreadsheets open as they are: UTF-8 with a byte
//! order mark (without it Excel reads Windows-1252 and mangles accents),
//! cells separated by `;` (the `,` is the French decimal separator).

use std::borrow::Cow;

/// The byte order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// Writes the header line and the rows, each cell neutralised.
///
/// # Errors
/// When a row has not as many cells as the header.
pub fn write<I, R>(header: &[&str], rows: I) -> Result<Vec<u8>, csv::Error>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.as_bytes().to_vec());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.into_iter().map(|cell| neutralise(&cell).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// tab or carriage return before one) gets a leading `'`, so a company
/// named `=HYPERLINK(…)` shows as text instead of running.
#[must_use]
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_start_with_the_bom_and_separate_cells_with_semicolons() {
        let bytes = write(
            &["Nom", "Métier"],
            [vec![
                "Élise".to_string(),
                "Boulanger; pâtissier".to_string(),
            ]],
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{FEFF}Nom;Métier\nÉlise;\"Boulanger; pâtissier\"\n");
    }

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_left_alone() {
        for formula in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        for text in ["Boulangerie", "2026-12-01", "", " =1", "a=b"] {
            assert_eq!(neutralise(text), text);
        }
    }

    #[test]
    fn a_row_of_the_wrong_width_is_an_error() {
        assert!(write(&["a", "b"], [vec!["1".to_string()]]).is_err());
    }
}
