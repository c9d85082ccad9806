//! An establishments file and the ROME × NAF table read straight into the
//! engine's input, without the database: for the engine's tests and
//! benchmarks at sizes where going through an import would measure the
//! import instead.
//!
//! Rows at (0, 0) are not geocoded and are left out (the import places
//! them at their commune centre; the engine alone cannot). A headcount code
//! that is not an INSEE bracket ("99" in the published file) counts as
//! unknown, as in the import.

use std::path::{Path, PathBuf};

use crate::{
    domain::{Coordinates, Flags, HeadcountBracket, NafCode, RomeCode, Siret},
    matching::{IndexedEstablishment, RomeNafHirings},
};

/// Why a file could not be read into the engine's input.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{path}: the header row has no `{column}` column")]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("{path}: line {line}: `{column}` = {value:?}: {reason}")]
    Value {
        path: PathBuf,
        line: u64,
        column: &'static str,
        value: String,
        reason: String,
    },
}

const FLAG_COLUMNS: [(&str, Flags); 6] = [
    ("flag_junior", Flags::JUNIOR),
    ("flag_senior", Flags::SENIOR),
    ("flag_handicap", Flags::HANDICAP),
    ("flag_alternance", Flags::ALTERNANCE),
    ("flag_poe_afpr", Flags::POE_AFPR),
    ("flag_pmsmp", Flags::PMSMP),
];

/// A CSV file whose columns are looked up by name.
struct Table {
    path: PathBuf,
    reader: csv::Reader<std::fs::File>,
    header: csv::StringRecord,
}

impl Table {
    fn open(path: &Path) -> Result<Self, SnapshotError> {
        let csv_error = |source| SnapshotError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
        let header = reader.headers().map_err(csv_error)?.clone();
        Ok(Self {
            path: path.to_path_buf(),
            reader,
            header,
        })
    }

    fn column(&self, name: &'static str) -> Result<usize, SnapshotError> {
        self.header
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| SnapshotError::MissingColumn {
                path: self.path.clone(),
                column: name,
            })
    }

    /// Calls `row` on every record with a reader of its fields.
    fn each(
        mut self,
        mut row: impl FnMut(&Fields<'_>) -> Result<(), SnapshotError>,
    ) -> Result<(), SnapshotError> {
        let mut record = csv::StringRecord::new();
        loop {
            let more =
                self.reader
                    .read_record(&mut record)
                    .map_err(|source| SnapshotError::Csv {
                        path: self.path.clone(),
                        source,
                    })?;
            if !more {
                return Ok(());
            }
            row(&Fields {
                path: &self.path,
                record: &record,
            })?;
        }
    }
}

struct Fields<'a> {
    path: &'a Path,
    record: &'a csv::StringRecord,
}

impl Fields<'_> {
    fn parse<T, E: std::fmt::Display>(
        &self,
        column: usize,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, SnapshotError> {
        let value = self.record.get(column).unwrap_or_default();
        parse(value).map_err(|error| SnapshotError::Value {
            path: self.path.to_path_buf(),
            line: self.record.position().map_or(0, csv::Position::line),
            column: name,
            value: value.to_string(),
            reason: error.to_string(),
        })
    }

    fn raw(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or_default()
    }
}

/// The geocoded establishments of a file in the published format.
///
/// # Errors
/// When the file cannot be read, lacks a column, or a value does not parse
/// (the error names the line, the column and the value).
pub fn read_establishments(path: &Path) -> Result<Vec<IndexedEstablishment>, SnapshotError> {
    let table = Table::open(path)?;
    let siret = table.column("siret")?;
    let naf = table.column("codenaf")?;
    let headcount = table.column("trancheeffectif")?;
    let longitude = table.column("coordinates_x")?;
    let latitude = table.column("coordinates_y")?;
    let hiring = table.column("hiring")?;
    let mut flag_columns = Vec::with_capacity(FLAG_COLUMNS.len());
    for (name, flag) in FLAG_COLUMNS {
        flag_columns.push((table.column(name)?, name, flag));
    }

    let mut establishments = Vec::new();
    table.each(|fields| {
        let latitude = fields.parse(latitude, "coordinates_y", str::parse::<f64>)?;
        let longitude = fields.parse(longitude, "coordinates_x", str::parse::<f64>)?;
        let position =
            Coordinates::new(latitude, longitude).map_err(|error| SnapshotError::Value {
                path: fields.path.to_path_buf(),
                line: fields.record.position().map_or(0, csv::Position::line),
                column: "coordinates_y",
                value: format!("{latitude}, {longitude}"),
                reason: error.to_string(),
            })?;
        if position.is_null_island() {
            return Ok(());
        }
        let mut flags = Flags::empty();
        for &(column, name, flag) in &flag_columns {
            if fields.parse(column, name, Flags::parse_bit)? {
                flags.insert(flag);
            }
        }
        establishments.push(IndexedEstablishment {
            siret: fields.parse(siret, "siret", Siret::parse)?,
            naf: fields.parse(naf, "codenaf", NafCode::parse)?,
            position,
            hiring: fields.parse(hiring, "hiring", str::parse::<f64>)?,
            headcount: HeadcountBracket::parse(fields.raw(headcount)).ok(),
            flags,
        });
        Ok(())
    })?;
    Ok(establishments)
}

/// The ROME × NAF hirings table (`referentials/rome_naf_mapping.csv`).
///
/// # Errors
/// When the file cannot be read, lacks a column, or a value does not parse.
pub fn read_rome_naf(path: &Path) -> Result<Vec<RomeNafHirings>, SnapshotError> {
    let table = Table::open(path)?;
    let rome = table.column("rome_id")?;
    let naf = table.column("naf_id")?;
    let hirings = table.column("hirings")?;
    let mut rows = Vec::new();
    table.each(|fields| {
        rows.push(RomeNafHirings {
            rome: fields.parse(rome, "rome_id", RomeCode::parse)?,
            naf: fields.parse(naf, "naf_id", NafCode::parse)?,
            hirings: fields.parse(hirings, "hirings", str::parse::<u32>)?,
        });
        Ok(())
    })?;
    Ok(rows)
}
