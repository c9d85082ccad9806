//! A France-sized establishments file made from the real Moselle rows, to
//! measure the engine, the imports and the API at national scale.
//!
//! Row `i` of the output copies Moselle row `i mod len` (its names, NAF,
//! headcount, flags and predicted hirings) with a place of its own:
//!
//! - every tenth row is in Paris, in one of its twenty arrondissements, so
//!   that one city is dense;
//! - the others go to communes of the postcode table drawn evenly among
//!   those with a centre, Paris aside;
//! - the coordinates are drawn evenly within [`JITTER_KM`] of the commune's
//!   centre, and the postcode, INSEE code and department follow the commune.
//!
//! Each row gets a SIRET of its own, `1` followed by its number on 13
//! digits: unique in the file, standing for no real establishment.
//! The draws come from ChaCha8 seeded with the given seed, whose output is
//! fixed by its specification: the same inputs, row count and seed give
//! the same file, byte for byte, on every machine.

use std::{collections::BTreeMap, io::Write, path::Path};

use rand_chacha::{
    rand_core::{RngCore, SeedableRng},
    ChaCha8Rng,
};

use crate::{
    domain::InseeCode,
    matching::EARTH_RADIUS_KM,
    models::{
        csv_input::{CsvInput, FileError},
        referentials::parse_gps,
    },
};

/// How far from its commune's centre a generated establishment may be.
pub const JITTER_KM: f64 = 2.0;

/// One row in this many is in Paris.
const PARIS_EVERY: u64 = 10;

/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// The first generated SIRET.
const FIRST_SIRET: u64 = 10_000_000_000_000;

/// A commune to place establishments in.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub insee: String,
    pub postcode: String,
    pub latitude: f64,
    pub longitude: f64,
}

impl Commune {
    fn department(&self) -> String {
        InseeCode::parse(&self.insee).map_or_else(
            |_| self.insee[..2].to_string(),
            |code| code.department().to_string(),
        )
    }

    pub(super) fn is_paris(&self) -> bool {
        self.insee.starts_with("751")
    }
}

/// Why [`generate`] wrote nothing usable.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("the postcode table has {0}: nowhere to place the establishments")]
    NoCommunes(&'static str),
    #[error("{0}: no establishment to copy")]
    NoSource(std::path::PathBuf),
    #[error("cannot write the generated file: {0}")]
    Write(#[source] csv::Error),
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub rows: u64,
    pub in_paris: u64,
    /// Communes that could receive establishments.
    pub communes: usize,
}

/// The communes of La Poste's postcode table that have a centre, one per
/// INSEE code (its main postcode row, else its first), in code order.
///
/// # Errors
/// When the file cannot be read or lacks a column.
pub fn communes(postcode_table: &Path) -> Result<Vec<Commune>, FileError> {
    let mut input = CsvInput::open(postcode_table)?;
    let insee = input.required("code_commune_insee")?;
    let postcode = input.required("code_postal")?;
    let gps = input.required("coordonnees_gps")?;
    let line_5 = input.optional("ligne_5");
    let mut communes: BTreeMap<String, (bool, Commune)> = BTreeMap::new();
    while let Some(row) = input.next_row()? {
        let (Some(code), Some(postcode), Some(gps)) =
            (row.get(insee), row.get(postcode), row.get(gps))
        else {
            continue;
        };
        let Ok(centre) = parse_gps(gps) else {
            continue;
        };
        let is_main = row.get_opt(line_5).is_none();
        let commune = Commune {
            insee: code.to_string(),
            postcode: postcode.to_string(),
            latitude: centre.latitude(),
            longitude: centre.longitude(),
        };
        match communes.get(code) {
            Some((true, _)) => {}
            Some((false, _)) if !is_main => {}
            _ => {
                communes.insert(code.to_string(), (is_main, commune));
            }
        }
    }
    Ok(communes.into_values().map(|(_, commune)| commune).collect())
}

/// A uniform draw in `[0, 1)` from the top 53 bits of the generator.
pub(super) fn unit(rng: &mut ChaCha8Rng) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let value = (rng.next_u64() >> 11) as f64;
    value / (1_u64 << 53) as f64
}

/// A draw in `0..len`.
pub(super) fn index(rng: &mut ChaCha8Rng, len: usize) -> usize {
    #[allow(clippy::cast_possible_truncation)]
    let drawn = (rng.next_u64() % len as u64) as usize;
    drawn
}

/// A point drawn evenly within `radius_km` of `commune`'s centre.
fn jitter(rng: &mut ChaCha8Rng, commune: &Commune, radius_km: f64) -> (f64, f64) {
    let distance = radius_km * unit(rng).sqrt();
    let bearing = std::f64::consts::TAU * unit(rng);
    let north = distance * bearing.cos() / KM_PER_DEGREE;
    let east = distance * bearing.sin() / (KM_PER_DEGREE * commune.latitude.to_radians().cos());
    (commune.latitude + north, commune.longitude + east)
}

/// Writes `rows` establishments made from `source` (a file in the Moselle
/// export's format) over `communes`, drawn with `seed`.
///
/// # Errors
/// When the source cannot be read, lacks a column or has no row, when
/// `communes` holds no Paris arrondissement or nothing else, and when the
/// output fails.
pub fn generate(
    source: &Path,
    communes: &[Commune],
    rows: u64,
    seed: u64,
    out: impl Write,
) -> Result<Generated, GenerateError> {
    let (header, templates) = read_source(source)?;
    let column = |name: &str| {
        header
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| FileError::MissingColumn {
                path: source.to_path_buf(),
                column: name.to_string(),
                found: header.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let siret = column("siret")?;
    let postcode = column("codepostal")?;
    let insee = column("codecommune")?;
    let longitude = column("coordinates_x")?;
    let latitude = column("coordinates_y")?;
    let department = column("departement")?;
    let (paris, elsewhere): (Vec<&Commune>, Vec<&Commune>) =
        communes.iter().partition(|commune| commune.is_paris());
    if templates.is_empty() {
        return Err(GenerateError::NoSource(source.to_path_buf()));
    }
    if paris.is_empty() {
        return Err(GenerateError::NoCommunes("no Paris arrondissement (751xx)"));
    }
    if elsewhere.is_empty() {
        return Err(GenerateError::NoCommunes("no commune outside Paris"));
    }

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&header).map_err(GenerateError::Write)?;
    let mut in_paris = 0;
    for n in 0..rows {
        #[allow(clippy::cast_possible_truncation)]
        let template = &templates[(n % templates.len() as u64) as usize];
        let commune = if n % PARIS_EVERY == 0 {
            in_paris += 1;
            paris[index(&mut rng, paris.len())]
        } else {
            elsewhere[index(&mut rng, elsewhere.len())]
        };
        let (lat, lon) = jitter(&mut rng, commune, JITTER_KM);
        let mut record: Vec<String> = template.iter().map(str::to_string).collect();
        record[siret] = format!("{:014}", FIRST_SIRET + n);
        record[postcode].clone_from(&commune.postcode);
        record[insee].clone_from(&commune.insee);
        record[latitude] = format!("{lat:.6}");
        record[longitude] = format!("{lon:.6}");
        record[department] = commune.department();
        writer.write_record(&record).map_err(GenerateError::Write)?;
    }
    writer
        .flush()
        .map_err(|err| GenerateError::Write(err.into()))?;
    Ok(Generated {
        rows,
        in_paris,
        communes: communes.len(),
    })
}

/// The header and every row of the source file, as written.
fn read_source(path: &Path) -> Result<(csv::StringRecord, Vec<csv::StringRecord>), FileError> {
    let csv_error = |source: csv::Error| FileError::Csv {
        path: path.to_path_buf(),
        line: source.position().map_or(0, csv::Position::line),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let header = reader.headers().map_err(csv_error)?.clone();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_error)?;
    Ok((header, rows))
}
