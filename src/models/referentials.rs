//! The national nomenclatures: ROME jobs, OGR job titles, NAF activities,
//! the ROME × NAF hirings table, communes and postcodes, contact modes and
//! jobs in short supply ("métiers en tension").
//!
//! An import reads and checks every file first, then replaces all the tables
//! in one transaction: a missing file or column, or a file without a single
//! good row, leaves the previous data as it was. Tables whose rows did not
//! change are not written, so running it twice gives the same tables and
//! the second run reports everything unchanged.

use std::{
    collections::{BTreeMap, BTreeSet, HashSet},
    path::Path,
};

use loco_rs::prelude::*;
use sea_orm::{DatabaseTransaction, EntityTrait, IntoActiveModel, TryIntoModel};

use super::{
    _entities::{
        communes, contact_modes, job_tensions, naf_codes, ogr_titles, postcodes, rome_codes,
        rome_naf_hirings,
    },
    csv_input::{CsvInput, FileError, Outcome, RejectedRow, Row},
    import_runs::{ImportError, ImportSummary},
};
use crate::domain::{Coordinates, InseeCode, NafCode, Postcode, RomeCode};

impl ActiveModelBehavior for rome_codes::ActiveModel {}
impl ActiveModelBehavior for ogr_titles::ActiveModel {}
impl ActiveModelBehavior for naf_codes::ActiveModel {}
impl ActiveModelBehavior for rome_naf_hirings::ActiveModel {}
impl ActiveModelBehavior for communes::ActiveModel {}
impl ActiveModelBehavior for postcodes::ActiveModel {}
impl ActiveModelBehavior for contact_modes::ActiveModel {}
impl ActiveModelBehavior for job_tensions::ActiveModel {}

/// Rows per multi-row `INSERT`, well under SQLite's and PostgreSQL's
/// limits on bound parameters.
const INSERT_CHUNK: usize = 1_000;

/// Every nomenclature, read and checked, ready to be written.
#[derive(Debug, Default)]
struct Nomenclatures {
    romes: BTreeMap<RomeCode, String>,
    ogr_titles: Vec<ogr_titles::ActiveModel>,
    nafs: BTreeMap<NafCode, String>,
    hirings: Vec<rome_naf_hirings::ActiveModel>,
    communes: BTreeMap<InseeCode, communes::ActiveModel>,
    postcodes: BTreeMap<(Postcode, InseeCode), postcodes::ActiveModel>,
    contact_modes: Vec<contact_modes::ActiveModel>,
    tensions: Vec<job_tensions::ActiveModel>,
}

/// Collects the problems found while reading one file.
struct Rejections<'a> {
    file: String,
    rows: &'a mut Vec<RejectedRow>,
}

impl Rejections<'_> {
    fn reject(&mut self, row: &Row, field: &str, value: Option<&str>, reason: impl Into<String>) {
        self.rows.push(RejectedRow {
            file: self.file.clone(),
            line: row.line,
            field: field.to_string(),
            value: value.unwrap_or_default().to_string(),
            reason: reason.into(),
            outcome: Outcome::Rejected,
        });
    }

    /// The value of a required cell, or a rejection naming the column.
    fn required<'r>(&mut self, row: &'r Row, column: usize, field: &str) -> Option<&'r str> {
        let value = row.get(column);
        if value.is_none() {
            self.reject(row, field, None, format!("`{field}` is required"));
        }
        value
    }

    /// Parses a required cell with `parse`, rejecting the row on failure.
    fn parse<T, E: std::fmt::Display>(
        &mut self,
        row: &Row,
        column: usize,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = self.required(row, column, field)?;
        match parse(value) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.reject(row, field, Some(value), err.to_string());
                None
            }
        }
    }
}

/// Reads every file of `dir` and replaces the nomenclature tables.
///
/// # Errors
/// When a file or a column is missing, or the database fails; nothing is
/// changed then.
pub async fn import(db: &DatabaseConnection, dir: &Path) -> Result<ImportSummary, ImportError> {
    let mut summary = ImportSummary::default();
    let nomenclatures = read_all(dir, &mut summary)?;
    let txn = db.begin().await?;
    write_all(&txn, nomenclatures, &mut summary).await?;
    txn.commit().await?;
    Ok(summary)
}

fn read_all(dir: &Path, summary: &mut ImportSummary) -> Result<Nomenclatures, FileError> {
    let mut data = Nomenclatures::default();
    read_romes(dir, &mut data, summary)?;
    read_ogr_titles(dir, &mut data, summary)?;
    read_nafs(dir, &mut data, summary)?;
    read_hirings(dir, &mut data, summary)?;
    read_places(dir, &mut data, summary)?;
    read_contact_modes(dir, &mut data, summary)?;
    read_tensions(dir, &mut data, summary)?;
    Ok(data)
}

/// Reads every row of `dir/file`: `columns` finds the columns it needs in
/// the header, then `each` handles one row.
fn read_file<C>(
    dir: &Path,
    file: &str,
    summary: &mut ImportSummary,
    columns: impl FnOnce(&CsvInput) -> Result<C, FileError>,
    mut each: impl FnMut(&C, &Row, &mut Rejections<'_>),
) -> Result<(), FileError> {
    let mut input = CsvInput::open(&dir.join(file))?;
    let columns = columns(&input)?;
    let rejected_before = summary.rejected.len();
    let mut read = 0;
    {
        let mut rejections = Rejections {
            file: input.file_name(),
            rows: &mut summary.rejected,
        };
        while let Some(row) = input.next_row()? {
            read += 1;
            each(&columns, &row, &mut rejections);
        }
    }
    summary.read += read;
    let mut rejected_lines: Vec<u64> = summary.rejected[rejected_before..]
        .iter()
        .map(|row| row.line)
        .collect();
    rejected_lines.dedup();
    // A nomenclature without a single good row would empty its table.
    if read == rejected_lines.len() as u64 {
        return Err(FileError::NoRows {
            path: dir.join(file),
        });
    }
    Ok(())
}

fn read_romes(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    read_file(
        dir,
        "rome_labels.csv",
        summary,
        |input| Ok((input.required("rome_id")?, input.required("rome_label")?)),
        |&(code, label), row, rejections| {
            let rome = rejections.parse(row, code, "rome_id", RomeCode::parse);
            let label = rejections.required(row, label, "rome_label");
            if let (Some(rome), Some(label)) = (rome, label) {
                data.romes.insert(rome, label.to_string());
            }
        },
    )
}

/// Job titles come in two files: the labels, and the ROME of each title.
fn read_ogr_titles(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    let mut rome_of_title = BTreeMap::new();
    read_file(
        dir,
        "ogr_rome_mapping.csv",
        summary,
        |input| Ok((input.required("ogr_id")?, input.required("rome_id")?)),
        |&(ogr, rome), row, rejections| {
            let ogr = rejections.parse(row, ogr, "ogr_id", parse_ogr_code);
            let rome = rejections.parse(row, rome, "rome_id", RomeCode::parse);
            let Some(rome) = rome else { return };
            if !data.romes.contains_key(&rome) {
                rejections.reject(row, "rome_id", Some(rome.as_str()), "unknown ROME code");
            } else if let Some(ogr) = ogr {
                rome_of_title.insert(ogr, rome);
            }
        },
    )?;
    read_file(
        dir,
        "ogr_labels.csv",
        summary,
        |input| Ok((input.required("ogr_id")?, input.required("ogr_label")?)),
        |&(ogr, label), row, rejections| {
            let ogr = rejections.parse(row, ogr, "ogr_id", parse_ogr_code);
            let label = rejections.required(row, label, "ogr_label");
            let (Some(ogr), Some(label)) = (ogr, label) else {
                return;
            };
            match rome_of_title.get(&ogr) {
                Some(rome) => data.ogr_titles.push(ogr_titles::ActiveModel {
                    code: Set(ogr),
                    label: Set(label.to_string()),
                    rome_code: Set(rome.to_string()),
                }),
                None => rejections.reject(
                    row,
                    "ogr_id",
                    Some(&ogr),
                    "no ROME code for this job title in ogr_rome_mapping.csv",
                ),
            }
        },
    )
}

fn parse_ogr_code(value: &str) -> Result<String, String> {
    if !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_string())
    } else {
        Err(format!("an OGR code has 1 to 10 digits, got {value:?}"))
    }
}

fn read_nafs(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    read_file(
        dir,
        "naf_labels.csv",
        summary,
        |input| Ok((input.required("naf_id")?, input.required("naf_label")?)),
        |&(code, label), row, rejections| {
            let naf = rejections.parse(row, code, "naf_id", NafCode::parse);
            let label = rejections.required(row, label, "naf_label");
            if let (Some(naf), Some(label)) = (naf, label) {
                data.nafs.insert(naf, label.to_string());
            }
        },
    )
}

fn read_hirings(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    let mut seen = BTreeSet::new();
    read_file(
        dir,
        "rome_naf_mapping.csv",
        summary,
        |input| {
            Ok((
                input.required("rome_id")?,
                input.required("naf_id")?,
                input.required("hirings")?,
            ))
        },
        |&(rome, naf, hirings), row, rejections| {
            let rome = rejections.parse(row, rome, "rome_id", RomeCode::parse);
            let naf = rejections.parse(row, naf, "naf_id", NafCode::parse);
            let hirings = rejections.parse(row, hirings, "hirings", |value| {
                value
                    .parse::<u32>()
                    .map_err(|_| "a count of hirings, a whole number ≥ 0")
            });
            let (Some(rome), Some(naf), Some(hirings)) = (rome, naf, hirings) else {
                return;
            };
            if !data.romes.contains_key(&rome) {
                rejections.reject(row, "rome_id", Some(rome.as_str()), "unknown ROME code");
            } else if !data.nafs.contains_key(&naf) {
                rejections.reject(row, "naf_id", Some(naf.as_str()), "unknown NAF code");
            } else if !seen.insert((rome, naf)) {
                rejections.reject(
                    row,
                    "naf_id",
                    Some(naf.as_str()),
                    "this ROME × NAF pair is repeated",
                );
            } else {
                data.hirings.push(rome_naf_hirings::ActiveModel {
                    rome_code: Set(rome.to_string()),
                    naf_code: Set(naf.to_string()),
                    hirings: Set(i32::try_from(hirings).unwrap_or(i32::MAX)),
                });
            }
        },
    )
}

/// Communes and postcodes come from La Poste's table, one row per
/// (commune, postcode, locality) with the commune's centre as "lat, lon".
/// A commune's centre is taken from its main row (no `Ligne_5`) when that
/// row has coordinates, else from its first row that has some.
fn read_places(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    let mut main_row_centre = BTreeSet::new();
    read_file(
        dir,
        "laposte_hexasmal.csv",
        summary,
        |input| {
            Ok((
                input.required("code_commune_insee")?,
                input.required("nom_commune")?,
                input.required("code_postal")?,
                input.required("libelle_acheminement")?,
                input.optional("ligne_5"),
                input.required("coordonnees_gps")?,
            ))
        },
        |&(insee, name, postcode, locality, line_5, gps), row, rejections| {
            let insee = rejections.parse(row, insee, "code_commune_insee", InseeCode::parse);
            let postcode = rejections.parse(row, postcode, "code_postal", Postcode::parse);
            let name = rejections.required(row, name, "nom_commune");
            let centre = match row.get(gps).map(parse_gps) {
                Some(Ok(centre)) => Some(centre),
                Some(Err(reason)) => {
                    rejections.reject(row, "coordonnees_gps", row.get(gps), reason);
                    return;
                }
                None => None,
            };
            let (Some(insee), Some(postcode), Some(name)) = (insee, postcode, name) else {
                return;
            };
            let is_main_row = row.get_opt(line_5).is_none();

            let commune = data
                .communes
                .entry(insee)
                .or_insert_with(|| communes::ActiveModel {
                    insee_code: Set(insee.to_string()),
                    name: Set(name.to_string()),
                    latitude: Set(None),
                    longitude: Set(None),
                });
            let has_centre = commune.latitude.as_ref().is_some();
            if let Some(centre) = centre {
                if !has_centre || (is_main_row && !main_row_centre.contains(&insee)) {
                    commune.latitude = Set(Some(centre.latitude()));
                    commune.longitude = Set(Some(centre.longitude()));
                    if is_main_row {
                        main_row_centre.insert(insee);
                    }
                }
            }
            data.postcodes
                .entry((postcode, insee))
                .or_insert_with(|| postcodes::ActiveModel {
                    postcode: Set(postcode.to_string()),
                    insee_code: Set(insee.to_string()),
                    locality: Set(row.get(locality).unwrap_or(name).to_string()),
                });
        },
    )
}

/// Reads La Poste's `"latitude, longitude"` centre of a commune.
pub(crate) fn parse_gps(value: &str) -> Result<Coordinates, String> {
    let (latitude, longitude) = value
        .split_once(',')
        .ok_or_else(|| format!("expected \"latitude, longitude\", got {value:?}"))?;
    let parse = |part: &str| {
        part.trim()
            .parse::<f64>()
            .map_err(|_| format!("not a number: {:?}", part.trim()))
    };
    Coordinates::new(parse(latitude)?, parse(longitude)?).map_err(|err| err.to_string())
}

fn read_contact_modes(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    let mut seen = BTreeSet::new();
    read_file(
        dir,
        "contact_modes.csv",
        summary,
        |input| {
            Ok((
                input.required("naf_prefix")?,
                input.required("rome")?,
                input.required("contact_mode")?,
            ))
        },
        |&(prefix, rome, mode), row, rejections| {
            let prefix = rejections.parse(row, prefix, "naf_prefix", |value| {
                if value.len() == 2 && value.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(value.to_string())
                } else {
                    Err(format!("a NAF division has 2 digits, got {value:?}"))
                }
            });
            let rome = rejections.parse(row, rome, "rome", RomeCode::parse);
            let mode = rejections.required(row, mode, "contact_mode");
            let (Some(prefix), Some(rome), Some(mode)) = (prefix, rome, mode) else {
                return;
            };
            if seen.insert((prefix.clone(), rome)) {
                data.contact_modes.push(contact_modes::ActiveModel {
                    naf_division: Set(prefix),
                    rome_code: Set(rome.to_string()),
                    mode: Set(mode.to_string()),
                });
            } else {
                rejections.reject(
                    row,
                    "rome",
                    Some(rome.as_str()),
                    "this NAF division × ROME pair is repeated",
                );
            }
        },
    )
}

fn read_tensions(
    dir: &Path,
    data: &mut Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), FileError> {
    let mut seen = BTreeSet::new();
    read_file(
        dir,
        "metiers_tension.csv",
        summary,
        |input| {
            Ok((
                input.required("fap_code")?,
                input.required("fap")?,
                input.required("tension_pct")?,
                input.required("rome_code")?,
            ))
        },
        |&(fap_code, fap, pct, rome), row, rejections| {
            let fap_code = rejections.required(row, fap_code, "fap_code");
            let fap = rejections.required(row, fap, "fap");
            let pct = rejections.parse(row, pct, "tension_pct", |value| {
                match value.replace(',', ".").parse::<f64>() {
                    Ok(pct) if (0.0..=100.0).contains(&pct) => Ok(pct),
                    _ => Err("a percentage between 0 and 100"),
                }
            });
            let rome = rejections.parse(row, rome, "rome_code", RomeCode::parse);
            let (Some(fap_code), Some(fap), Some(pct), Some(rome)) = (fap_code, fap, pct, rome)
            else {
                return;
            };
            if seen.insert((rome, fap_code.to_string())) {
                data.tensions.push(job_tensions::ActiveModel {
                    rome_code: Set(rome.to_string()),
                    fap_code: Set(fap_code.to_string()),
                    fap_label: Set(fap.to_string()),
                    tension_pct: Set(pct),
                });
            } else {
                rejections.reject(
                    row,
                    "fap_code",
                    Some(fap_code),
                    "this ROME × FAP pair is repeated",
                );
            }
        },
    )
}

/// What replacing one table changed.
#[derive(Debug, Default, Clone, Copy)]
struct TableChange {
    inserted: u64,
    unchanged: u64,
    removed: u64,
}

/// Replaces every nomenclature table; tables whose rows did not change are
/// not written.
async fn write_all(
    txn: &DatabaseTransaction,
    data: Nomenclatures,
    summary: &mut ImportSummary,
) -> Result<(), DbErr> {
    let romes = data
        .romes
        .into_iter()
        .map(|(code, label)| rome_codes::ActiveModel {
            code: Set(code.to_string()),
            label: Set(label),
        });
    let nafs = data
        .nafs
        .into_iter()
        .map(|(code, label)| naf_codes::ActiveModel {
            code: Set(code.to_string()),
            label: Set(label),
        });

    let changes = [
        replace(txn, romes.collect()).await?,
        replace(txn, data.ogr_titles).await?,
        replace(txn, nafs.collect()).await?,
        replace(txn, data.hirings).await?,
        replace(txn, data.communes.into_values().collect()).await?,
        replace(txn, data.postcodes.into_values().collect()).await?,
        replace(txn, data.contact_modes).await?,
        replace(txn, data.tensions).await?,
    ];
    for change in changes {
        summary.inserted += change.inserted;
        summary.unchanged += change.unchanged;
        summary.removed += change.removed;
    }
    Ok(())
}

/// Replaces the rows of `A`'s table with `rows`, unless they are the same.
async fn replace<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<TableChange, DbErr>
where
    A: ActiveModelTrait + TryIntoModel<<A::Entity as EntityTrait>::Model> + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A> + std::fmt::Debug,
{
    let stored: HashSet<String> = A::Entity::find()
        .all(txn)
        .await?
        .iter()
        .map(|model| format!("{model:?}"))
        .collect();
    let mut new = HashSet::with_capacity(rows.len());
    for row in &rows {
        new.insert(format!("{:?}", row.clone().try_into_model()?));
    }
    let unchanged = new.intersection(&stored).count() as u64;
    let change = TableChange {
        inserted: new.len() as u64 - unchanged,
        unchanged,
        removed: stored.len() as u64 - unchanged,
    };
    if change.inserted == 0 && change.removed == 0 {
        return Ok(change);
    }

    A::Entity::delete_many().exec(txn).await?;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(INSERT_CHUNK).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(change)
}
