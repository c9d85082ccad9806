//! Reading the CSV files that national data comes in.
//!
//! Published files differ in separator (`,`, `;`, `|`), quoting, line ends and
//! the way they spell a missing value (`NULL` or nothing). This module hides
//! those differences: columns are found by name, cells come back trimmed, and
//! missing values are `None`.

use std::{
    collections::HashMap,
    fs::File,
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
};

use csv::StringRecord;
use indicatif::{ProgressBar, ProgressStyle};

use crate::reports::spreadsheet::neutralise;

/// Why a whole file could not be imported. Row-level problems are reported
/// as [`RejectedRow`]s instead and never stop an import.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: malformed CSV: {source}")]
    Csv {
        path: PathBuf,
        line: u64,
        source: csv::Error,
    },
    #[error("{path}: the file is empty, a header row is expected")]
    Empty { path: PathBuf },
    #[error(
        "{path}: line {line}: a quoted field is never closed (the row would run on for {lines} \
         lines): nothing was imported"
    )]
    UnclosedQuote {
        path: PathBuf,
        line: u64,
        lines: u64,
    },
    #[error("{path}: no valid row: the file has a header but no data")]
    NoRows { path: PathBuf },
    #[error("{path}: the header row has no `{column}` column (found: {found})")]
    MissingColumn {
        path: PathBuf,
        column: String,
        found: String,
    },
    /// A JSON document that does not parse, or whose shape is not the one
    /// expected; `source` names the line and column.
    #[error("{path}: not a valid document (expected {expected}): {source}")]
    Json {
        path: PathBuf,
        expected: &'static str,
        source: serde_json::Error,
    },
}

/// What an import did about a problem in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Outcome {
    /// The row was not imported.
    #[default]
    Rejected,
    /// The row was imported with the value corrected or dropped.
    Corrected,
}

impl Outcome {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Rejected => "rejected",
            Self::Corrected => "corrected",
        }
    }
}

/// One problem found in one row of an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RejectedRow {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub value: String,
    pub reason: String,
    pub outcome: Outcome,
}

/// An open CSV file whose header row has been read.
pub struct CsvInput {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read + Send>>,
    columns: HashMap<String, usize>,
    header_names: Vec<String>,
    progress: ProgressBar,
}

/// A row of a [`CsvInput`], with its line number for reports.
#[derive(Debug)]
pub struct Row {
    pub line: u64,
    record: StringRecord,
}

impl CsvInput {
    /// Opens `path`, detects its separator from the header row and reads the
    /// header. The separator is the most frequent of `,`, `;`, `|` and tab in
    /// the first line.
    ///
    /// # Errors
    /// When the file cannot be read or has no header row.
    pub fn open(path: &Path) -> Result<Self, FileError> {
        let io_error = |source| FileError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io_error)?;
        let size = file.metadata().map_err(io_error)?.len();
        let mut buffered = BufReader::new(file);
        let mut first_line = String::new();
        buffered.read_line(&mut first_line).map_err(io_error)?;
        if first_line.trim().is_empty() {
            return Err(FileError::Empty {
                path: path.to_path_buf(),
            });
        }
        let delimiter = sniff_delimiter(&first_line);

        let progress = ProgressBar::new(size);
        progress.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        progress.set_message(
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let counted = progress.wrap_read(std::io::Cursor::new(first_line).chain(buffered));

        // Records end at `\n` only: with the default CRLF terminator the csv
        // crate numbers the lines of CRLF files one too low. Cells are trimmed,
        // so a `\r` left at the end of a line is dropped with the spaces.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_reader(Box::new(counted) as Box<dyn Read + Send>);
        let headers = reader.headers().map_err(|source| FileError::Csv {
            path: path.to_path_buf(),
            line: 1,
            source,
        })?;
        let header_names: Vec<String> = headers.iter().map(normalize_header).collect();
        let columns = header_names
            .iter()
            .enumerate()
            .rev()
            .map(|(index, name)| (name.clone(), index))
            .collect();
        Ok(Self {
            path: path.to_path_buf(),
            reader,
            columns,
            header_names,
            progress,
        })
    }

    /// The file name, as written in reports.
    #[must_use]
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The position of a column that the file must have.
    ///
    /// # Errors
    /// When the header row has no such column.
    pub fn required(&self, name: &str) -> Result<usize, FileError> {
        self.optional(name).ok_or_else(|| FileError::MissingColumn {
            path: self.path.clone(),
            column: name.to_string(),
            found: self.header_names.join(", "),
        })
    }

    /// The position of a column that the file may have.
    #[must_use]
    pub fn optional(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// Reads the next row, or `None` at the end of the file.
    ///
    /// # Errors
    /// When the CSV itself is malformed (for example an unclosed quote).
    pub fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        let mut record = StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => {
                    self.progress.finish_and_clear();
                    return Ok(None);
                }
                Err(source) => {
                    let line = source.position().map_or(0, csv::Position::line);
                    return Err(FileError::Csv {
                        path: self.path.clone(),
                        line,
                        source,
                    });
                }
            }
            // A line of nothing but separators and spaces (or the `\r` of a
            // blank CRLF line) is a blank line, not a row.
            if record.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            // The reader stands at the start of the next line; the record
            // began as many lines earlier as it holds line breaks, plus one.
            // (The record's own start position counts the blank lines skipped
            // before it, so it cannot be used.)
            // (When a never-closed quote ran to the end of the file, the last
            // line break is inside the field rather than after the record.)
            let breaks = record
                .iter()
                .map(|field| field.matches('\n').count() as u64)
                .sum::<u64>();
            let ends_inside = record
                .iter()
                .next_back()
                .is_some_and(|field| field.ends_with('\n'));
            let line = self
                .reader
                .position()
                .line()
                .saturating_sub(breaks + u64::from(!ends_inside));
            if breaks > 0 && record.len() != self.header_names.len() {
                return Err(FileError::UnclosedQuote {
                    path: self.path.clone(),
                    line,
                    lines: breaks + 1,
                });
            }
            return Ok(Some(Row { line, record }));
        }
    }
}

impl Row {
    /// The trimmed cell at `column`; `None` when absent, empty or `NULL`.
    #[must_use]
    pub fn get(&self, column: usize) -> Option<&str> {
        self.record
            .get(column)
            .map(str::trim)
            .filter(|value| !value.is_empty() && !value.eq_ignore_ascii_case("null"))
    }

    /// Like [`Row::get`] for a column that may not exist in the file.
    #[must_use]
    pub fn get_opt(&self, column: Option<usize>) -> Option<&str> {
        column.and_then(|column| self.get(column))
    }
}

fn normalize_header(name: &str) -> String {
    name.trim_start_matches('\u{feff}').trim().to_lowercase()
}

pub fn sniff_delimiter(first_line: &str) -> u8 {
    [b',', b';', b'|', b'\t']
        .into_iter()
        .max_by_key(|&candidate| first_line.bytes().filter(|&b| b == candidate).count())
        .unwrap_or(b',')
}

/// Writes the rows with problems to a `;`-separated CSV report with a
/// header row. Values come from outside files and the report is downloaded
/// into spreadsheets, so a cell a spreadsheet would run as a formula is
/// neutralised.
///
/// # Errors
/// When the report file cannot be created or written.
pub fn write_report(path: &Path, rows: &[RejectedRow]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_path(path)?;
    writer.write_record(["file", "line", "field", "value", "reason", "outcome"])?;
    for row in rows {
        writer.write_record([
            neutralise(&row.file).as_ref(),
            &row.line.to_string(),
            &neutralise(&row.field),
            &neutralise(&row.value),
            &neutralise(&row.reason),
            row.outcome.as_str(),
        ])?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_cell_a_spreadsheet_would_run_is_written_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        let row = RejectedRow {
            file: "moselle.csv".to_string(),
            line: 3,
            field: "siret".to_string(),
            value: "=HYPERLINK(\"http://example.org\")".to_string(),
            reason: "a SIRET has 14 digits".to_string(),
            outcome: Outcome::Rejected,
        };
        write_report(&path, &[row]).unwrap();
        let report = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            report.lines().nth(1),
            Some("moselle.csv;3;siret;\"'=HYPERLINK(\"\"http://example.org\"\")\";a SIRET has 14 digits;rejected")
        );
    }

    #[test]
    fn sniffs_the_separator_from_the_header_row() {
        assert_eq!(sniff_delimiter("siret,raisonsociale,codenaf\n"), b',');
        assert_eq!(
            sniff_delimiter("Code_commune_INSEE;Nom_commune;Code_postal\r\n"),
            b';'
        );
        assert_eq!(sniff_delimiter("rome_id|rome_label\n"), b'|');
    }

    #[test]
    fn reads_cells_by_column_name_with_null_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.csv");
        std::fs::write(
            &path,
            "\u{feff}Siret;Name;Enseigne\r\n\"001\";\" ACME \";NULL\r\n",
        )
        .unwrap();

        let mut input = CsvInput::open(&path).unwrap();
        let siret = input.required("siret").unwrap();
        let name = input.required("name").unwrap();
        let trade_name = input.optional("enseigne");
        let row = input.next_row().unwrap().unwrap();

        assert_eq!(row.line, 2);
        assert_eq!(row.get(siret), Some("001"));
        assert_eq!(row.get(name), Some("ACME"));
        assert_eq!(row.get_opt(trade_name), None);
        assert!(input.next_row().unwrap().is_none());
    }

    #[test]
    fn line_numbers_are_physical_lines_across_blank_lines_crlf_and_multiline_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.csv");
        std::fs::write(
            &path,
            "a;b\r\n1;x\r\n\r\n;\r\n2;\"two\r\nlines\"\r\n3;z\r\n",
        )
        .unwrap();

        let mut input = CsvInput::open(&path).unwrap();
        let mut lines = Vec::new();
        while let Some(row) = input.next_row().unwrap() {
            lines.push((row.line, row.get(0).unwrap().to_string()));
        }

        assert_eq!(lines, [(2, "1".into()), (5, "2".into()), (7, "3".into())]);
    }

    #[test]
    fn an_unclosed_quote_stops_the_file_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.csv");
        std::fs::write(&path, "a;b;c\n1;x;y\n2;\"open;y\n3;x;y\n4;x;y\n").unwrap();

        let mut input = CsvInput::open(&path).unwrap();
        assert!(input.next_row().unwrap().is_some());
        let err = input.next_row().unwrap_err().to_string();

        assert!(
            err.contains("line 3: a quoted field is never closed"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_column_names_the_column_and_the_header_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();

        let input = CsvInput::open(&path).unwrap();
        let message = input.required("siret").unwrap_err().to_string();

        assert!(message.contains("no `siret` column"), "{message}");
        assert!(message.contains("found: a, b"), "{message}");
    }
}
