//! Importing establishments from a CSV file, upserted by SIRET.
//!
//! Columns are found by name (as in the public `moselle-57.csv` export), so
//! their order does not matter and unknown columns are ignored. Every row is
//! parsed into domain types; a row with a bad value is rejected with its line,
//! field and reason, and the good rows are imported. The whole import runs in
//! one transaction: if the file turns out to be unreadable half-way, nothing
//! changes.

use std::{
    collections::{hash_map::Entry, HashMap, HashSet},
    path::Path,
};

use futures_util::TryStreamExt;
use loco_rs::prelude::*;
use sea_orm::{
    sea_query::OnConflict,
    sqlx::{self, AssertSqlSafe},
    DatabaseTransaction, DbBackend, IdenStatic, Iterable, QuerySelect, Value,
};

use super::{is_placeholder_contact, ActiveModel, Column, Entity};
use crate::{
    domain::{
        is_web_address, Coordinates, Flags, HeadcountBracket, InseeCode, NafCode, Postcode, Siret,
    },
    models::{
        _entities::{communes, naf_codes},
        csv_input::{CsvInput, FileError, Outcome, RejectedRow, Row},
        import_runs::{fingerprint, ImportError, ImportSummary},
    },
};

/// Headcount codes of older exports that mean "unknown", read as no value:
/// `NN` (INSEE's non-employing units) and `99`.
const UNKNOWN_HEADCOUNT_CODES: [&str; 2] = ["NN", "99"];

/// A predicted number of hirings above this is a data error (the largest in
/// the real data is 465).
const MAX_HIRING: f64 = 10_000.0;

/// Coordinates further than this from the centre of the row's commune are
/// taken for a geocoding error. The largest French communes span about
/// 40 km.
const MAX_KM_FROM_COMMUNE: f64 = 50.0;

/// Rows per upsert statement: 30 columns × 500 rows stays under the bound
/// parameter limits of SQLite (32,766) and PostgreSQL (65,535).
const UPSERT_CHUNK: usize = 500;

/// Where each field is in the file being imported.
struct Columns {
    siret: usize,
    name: usize,
    trade_name: Option<usize>,
    naf: usize,
    headcount: Option<usize>,
    street_number: Option<usize>,
    street_name: Option<usize>,
    postcode: Option<usize>,
    commune: usize,
    longitude: Option<usize>,
    latitude: Option<usize>,
    phone: Option<usize>,
    email: Option<usize>,
    website: Option<usize>,
    contact_mode: Option<usize>,
    flags: [(Option<usize>, &'static str, Flags); 6],
    hiring: usize,
}

impl Columns {
    fn find(input: &CsvInput) -> Result<Self, FileError> {
        let flag = |name: &'static str, flag| (input.optional(name), name, flag);
        Ok(Self {
            siret: input.required("siret")?,
            name: input.required("raisonsociale")?,
            trade_name: input.optional("enseigne"),
            naf: input.required("codenaf")?,
            headcount: input.optional("trancheeffectif"),
            street_number: input.optional("numerorue"),
            street_name: input.optional("libellerue"),
            postcode: input.optional("codepostal"),
            commune: input.required("codecommune")?,
            longitude: input.optional("coordinates_x"),
            latitude: input.optional("coordinates_y"),
            phone: input.optional("tel"),
            email: input.optional("email"),
            website: input.optional("website"),
            contact_mode: input.optional("contact_mode"),
            flags: [
                flag("flag_junior", Flags::JUNIOR),
                flag("flag_senior", Flags::SENIOR),
                flag("flag_handicap", Flags::HANDICAP),
                flag("flag_alternance", Flags::ALTERNANCE),
                flag("flag_poe_afpr", Flags::POE_AFPR),
                flag("flag_pmsmp", Flags::PMSMP),
            ],
            hiring: input.required("hiring")?,
        })
    }
}

/// The national data a row is checked against.
struct Reference {
    nafs: HashSet<NafCode>,
    commune_centres: HashMap<InseeCode, Option<Coordinates>>,
}

impl Reference {
    async fn load(db: &DatabaseConnection) -> Result<Self, ImportError> {
        let nafs: Vec<String> = naf_codes::Entity::find()
            .select_only()
            .column(naf_codes::Column::Code)
            .into_tuple()
            .all(db)
            .await?;
        if nafs.is_empty() {
            return Err(ImportError::Precondition(
                "the NAF nomenclature is empty: run `import_referentials` before importing \
                 establishments"
                    .to_string(),
            ));
        }
        let communes: Vec<(String, Option<f64>, Option<f64>)> = communes::Entity::find()
            .select_only()
            .columns([
                communes::Column::InseeCode,
                communes::Column::Latitude,
                communes::Column::Longitude,
            ])
            .into_tuple()
            .all(db)
            .await?;
        Ok(Self {
            nafs: nafs
                .iter()
                .filter_map(|code| NafCode::parse(code).ok())
                .collect(),
            commune_centres: communes
                .into_iter()
                .filter_map(|(code, latitude, longitude)| {
                    let centre = latitude
                        .zip(longitude)
                        .and_then(|(lat, lon)| Coordinates::new(lat, lon).ok());
                    InseeCode::parse(&code).ok().map(|code| (code, centre))
                })
                .collect(),
        })
    }
}

/// A row that parsed: every value is valid.
#[derive(Debug)]
struct Parsed {
    siret: Siret,
    name: String,
    trade_name: Option<String>,
    naf: NafCode,
    headcount: Option<HeadcountBracket>,
    street_number: Option<String>,
    street_name: Option<String>,
    postcode: Option<Postcode>,
    commune: InseeCode,
    position: Coordinates,
    approximate_location: bool,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    contact_mode: Option<String>,
    flags: Flags,
    hiring: f64,
}

/// The problems of one row, each naming its field.
struct RowErrors<'a> {
    file: &'a str,
    row: &'a Row,
    found: Vec<RejectedRow>,
    corrected: Vec<RejectedRow>,
}

impl RowErrors<'_> {
    fn report(
        &self,
        field: &str,
        value: Option<&str>,
        reason: String,
        outcome: Outcome,
    ) -> RejectedRow {
        RejectedRow {
            file: self.file.to_string(),
            line: self.row.line,
            field: field.to_string(),
            value: value.unwrap_or_default().to_string(),
            reason,
            outcome,
        }
    }

    fn add(&mut self, field: &str, value: Option<&str>, reason: impl Into<String>) {
        self.found
            .push(self.report(field, value, reason.into(), Outcome::Rejected));
    }

    /// A value the row is imported without, or with corrected.
    fn correct(&mut self, field: &str, value: Option<&str>, reason: impl Into<String>) {
        self.corrected
            .push(self.report(field, value, reason.into(), Outcome::Corrected));
    }

    fn required(&mut self, column: usize, field: &str) -> Option<&str> {
        let value = self.row.get(column);
        if value.is_none() {
            self.add(field, None, format!("`{field}` is required"));
        }
        value
    }

    fn parse<T, E: std::fmt::Display>(
        &mut self,
        value: Option<&str>,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = value?;
        match parse(value) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.add(field, Some(value), err.to_string());
                None
            }
        }
    }
}

fn text(row: &Row, column: Option<usize>) -> Option<String> {
    row.get_opt(column).map(ToString::to_string)
}

fn contact(row: &Row, column: Option<usize>) -> Option<String> {
    row.get_opt(column)
        .filter(|value| !is_placeholder_contact(value))
        .map(ToString::to_string)
}

/// An email address or website that is not one is dropped (and reported):
/// they are shown to seekers as links.
fn checked_contact(
    row: &Row,
    column: Option<usize>,
    field: &str,
    errors: &mut RowErrors<'_>,
    valid: impl Fn(&str) -> bool,
) -> Option<String> {
    let value = contact(row, column)?;
    if valid(&value) {
        Some(value)
    } else {
        errors.correct(
            field,
            Some(&value),
            format!("not a valid {field}: imported without it"),
        );
        None
    }
}

fn is_email(value: &str) -> bool {
    crate::domain::Email::parse(value).is_ok()
}

fn parse_row(
    columns: &Columns,
    reference: &Reference,
    file: &str,
    row: &Row,
) -> Result<(Parsed, Vec<RejectedRow>), Vec<RejectedRow>> {
    let mut errors = RowErrors {
        file,
        row,
        found: Vec::new(),
        corrected: Vec::new(),
    };

    let siret = errors.required(columns.siret, "siret").map(str::to_string);
    let siret = errors.parse(siret.as_deref(), "siret", Siret::parse);
    let name = errors
        .required(columns.name, "raisonsociale")
        .map(str::to_string);
    let naf = errors.required(columns.naf, "codenaf").map(str::to_string);
    let naf = errors.parse(naf.as_deref(), "codenaf", NafCode::parse);
    if let Some(code) = naf.filter(|code| !reference.nafs.contains(code)) {
        errors.add(
            "codenaf",
            Some(code.as_str()),
            "unknown NAF code: not in the NAF nomenclature",
        );
    }
    let headcount = row
        .get_opt(columns.headcount)
        .filter(|code| !UNKNOWN_HEADCOUNT_CODES.contains(code));
    let headcount = errors.parse(headcount, "trancheeffectif", HeadcountBracket::parse);
    let postcode = errors.parse(row.get_opt(columns.postcode), "codepostal", Postcode::parse);
    let commune = errors
        .required(columns.commune, "codecommune")
        .map(str::to_string);
    let commune = errors.parse(commune.as_deref(), "codecommune", InseeCode::parse);
    let hiring = errors
        .required(columns.hiring, "hiring")
        .map(str::to_string);
    let hiring = errors.parse(hiring.as_deref(), "hiring", |value| {
        match value.parse::<f64>() {
            Ok(hiring) if (0.0..=MAX_HIRING).contains(&hiring) => Ok(hiring),
            _ => Err("a predicted number of hirings, from 0 to 10,000"),
        }
    });

    let mut flags = Flags::empty();
    for (column, field, flag) in columns.flags {
        let value = row.get_opt(column).unwrap_or("0");
        if errors.parse(Some(value), field, Flags::parse_bit) == Some(true) {
            flags.insert(flag);
        }
    }

    let position = position(columns, reference, row, commune, &mut errors);
    let email = checked_contact(row, columns.email, "email", &mut errors, is_email);
    let website = checked_contact(row, columns.website, "website", &mut errors, is_web_address);

    match (siret, name, naf, commune, hiring, position) {
        (
            Some(siret),
            Some(name),
            Some(naf),
            Some(commune),
            Some(hiring),
            Some((position, approximate_location)),
        ) if errors.found.is_empty() => Ok((
            Parsed {
                siret,
                name,
                trade_name: text(row, columns.trade_name),
                naf,
                headcount,
                street_number: text(row, columns.street_number),
                street_name: text(row, columns.street_name),
                postcode,
                commune,
                position,
                approximate_location,
                phone: contact(row, columns.phone),
                email,
                website,
                contact_mode: text(row, columns.contact_mode),
                flags,
                hiring,
            },
            errors.corrected,
        )),
        _ => Err(errors.found),
    }
}

/// The row's own coordinates, or its commune's centre (marked approximate)
/// when the row has none or has the "not geocoded" 0,0.
fn position(
    columns: &Columns,
    reference: &Reference,
    row: &Row,
    commune: Option<InseeCode>,
    errors: &mut RowErrors<'_>,
) -> Option<(Coordinates, bool)> {
    let longitude = row.get_opt(columns.longitude);
    let latitude = row.get_opt(columns.latitude);
    let number = |value: &str| {
        value
            .replace(',', ".")
            .parse::<f64>()
            .map_err(|_| "not a number")
    };
    let longitude_value = errors.parse(longitude, "coordinates_x", number);
    let latitude_value = errors.parse(latitude, "coordinates_y", number);

    let centre =
        commune.and_then(|commune| reference.commune_centres.get(&commune).copied().flatten());
    if let (Some(lat), Some(lon)) = (latitude_value, longitude_value) {
        match Coordinates::new(lat, lon) {
            Ok(position) if !position.is_null_island() => {
                // Far from its own commune, the position is a geocoding
                // error (or swapped coordinates): use the commune's centre.
                if let Some(centre) = centre {
                    let off_km = crate::matching::haversine_km(position, centre);
                    if off_km > MAX_KM_FROM_COMMUNE {
                        errors.correct(
                            "coordinates",
                            Some(&format!("{lat}, {lon}")),
                            format!("{off_km:.0} km from the centre of its commune: placed at the centre"),
                        );
                        return Some((centre, true));
                    }
                }
                return Some((position, false));
            }
            Ok(_) => {}
            Err(err) => {
                errors.add(
                    "coordinates",
                    Some(&format!("{lat}, {lon}")),
                    err.to_string(),
                );
                return None;
            }
        }
    } else if latitude.is_some() != longitude.is_some() {
        let field = if latitude.is_none() {
            "coordinates_y"
        } else {
            "coordinates_x"
        };
        errors.add(
            field,
            None,
            "latitude and longitude go together: one of them is missing",
        );
        return None;
    }

    let commune = commune?;
    match reference.commune_centres.get(&commune) {
        Some(Some(centre)) => Some((*centre, true)),
        Some(None) => {
            errors.add(
                "coordinates",
                None,
                format!("not geocoded, and commune {commune} has no known centre"),
            );
            None
        }
        None => {
            errors.add(
                "codecommune",
                Some(commune.as_str()),
                "unknown commune: not in the postcode table, and the row has no coordinates",
            );
            None
        }
    }
}

/// The fingerprint of the imported values, to tell a changed row from an
/// unchanged one.
fn content_hash(parsed: &Parsed) -> i64 {
    let fields = format!(
        "{}\u{1f}{}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{}",
        parsed.siret,
        parsed.name,
        parsed.trade_name,
        parsed.naf,
        parsed.headcount.map(|bracket| bracket.code()),
        parsed.street_number,
        parsed.street_name,
        parsed.postcode.map(|postcode| postcode.to_string()),
        parsed.commune,
        parsed.position.latitude(),
        parsed.position.longitude(),
        parsed.approximate_location,
        parsed.phone,
        parsed.email,
        parsed.website,
        parsed.contact_mode,
        parsed.flags.names(),
        parsed.hiring,
    );
    fingerprint(&fields)
}

fn active_model(parsed: Parsed, hash: i64, now: DateTimeWithTimeZone) -> ActiveModel {
    ActiveModel {
        siret: Set(parsed.siret.to_string()),
        name: Set(parsed.name),
        trade_name: Set(parsed.trade_name),
        naf_code: Set(parsed.naf.to_string()),
        headcount: Set(parsed.headcount.map(|bracket| bracket.code().to_string())),
        street_number: Set(parsed.street_number),
        street_name: Set(parsed.street_name),
        postcode: Set(parsed.postcode.map(|postcode| postcode.to_string())),
        commune_code: Set(parsed.commune.to_string()),
        latitude: Set(parsed.position.latitude()),
        longitude: Set(parsed.position.longitude()),
        approximate_location: Set(parsed.approximate_location),
        phone: Set(parsed.phone),
        email: Set(parsed.email),
        website: Set(parsed.website),
        contact_mode: Set(parsed.contact_mode),
        flag_junior: Set(parsed.flags.contains(Flags::JUNIOR)),
        flag_senior: Set(parsed.flags.contains(Flags::SENIOR)),
        flag_handicap: Set(parsed.flags.contains(Flags::HANDICAP)),
        flag_alternance: Set(parsed.flags.contains(Flags::ALTERNANCE)),
        flag_poe_afpr: Set(parsed.flags.contains(Flags::POE_AFPR)),
        flag_pmsmp: Set(parsed.flags.contains(Flags::PMSMP)),
        hiring: Set(parsed.hiring),
        content_hash: Set(hash),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Columns written again when an imported SIRET is already stored: all but
/// the SIRET and the creation time.
fn updated_columns() -> Vec<Column> {
    Column::iter()
        .filter(|column| !matches!(column, Column::Siret | Column::CreatedAt))
        .collect()
}

/// Where parsed rows go, all inside one transaction: multi-row upserts on
/// SQLite; on PostgreSQL, COPY into a temporary table and one upsert from
/// it at the end, several times faster for a national file, or straight
/// into the table when it holds no establishment yet (nothing can
/// conflict: repeated SIRETs of the file are rejected before).
enum Sink {
    Statements {
        txn: DatabaseTransaction,
        batch: Vec<ActiveModel>,
    },
    Copy {
        txn: sqlx::Transaction<'static, sqlx::Postgres>,
        /// The table the rows are copied into.
        into: &'static str,
        rows: String,
        buffered: usize,
    },
}

/// The establishments table, and the staging table of a COPY import,
/// dropped with its transaction.
const TABLE: &str = "establishments";
const STAGING: &str = "establishments_import";

/// Rows sent to PostgreSQL per COPY statement.
const COPY_CHUNK: usize = 20_000;

impl Sink {
    async fn begin(db: &DatabaseConnection, table_is_empty: bool) -> Result<Self, DbErr> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Self::Statements {
                txn: db.begin().await?,
                batch: Vec::with_capacity(UPSERT_CHUNK),
            });
        }
        let mut txn = db
            .get_postgres_connection_pool()
            .begin()
            .await
            .map_err(sql_error)?;
        let into = if table_is_empty {
            TABLE
        } else {
            sqlx::raw_sql(AssertSqlSafe(format!(
                "CREATE TEMPORARY TABLE {STAGING} (LIKE {TABLE} INCLUDING DEFAULTS) ON COMMIT DROP"
            )))
            .execute(&mut *txn)
            .await
            .map_err(sql_error)?;
            STAGING
        };
        Ok(Self::Copy {
            txn,
            into,
            rows: String::with_capacity(COPY_CHUNK * 200),
            buffered: 0,
        })
    }

    async fn push(&mut self, model: ActiveModel) -> Result<(), DbErr> {
        match self {
            Self::Statements { txn, batch } => {
                batch.push(model);
                if batch.len() == UPSERT_CHUNK {
                    upsert(txn, batch).await?;
                }
            }
            Self::Copy { rows, buffered, .. } => {
                copy_row(&model, rows)?;
                *buffered += 1;
                if *buffered == COPY_CHUNK {
                    self.send().await?;
                }
            }
        }
        Ok(())
    }

    /// Sends the buffered rows to the staging table.
    async fn send(&mut self) -> Result<(), DbErr> {
        let Self::Copy {
            txn,
            into,
            rows,
            buffered,
        } = self
        else {
            return Ok(());
        };
        if *buffered == 0 {
            return Ok(());
        }
        let columns = column_names(Column::iter());
        let mut copy = txn
            .copy_in_raw(&format!("COPY {into} ({columns}) FROM STDIN (FORMAT csv)"))
            .await
            .map_err(sql_error)?;
        copy.send(rows.as_bytes()).await.map_err(sql_error)?;
        copy.finish().await.map_err(sql_error)?;
        rows.clear();
        *buffered = 0;
        Ok(())
    }

    async fn commit(mut self) -> Result<(), DbErr> {
        self.send().await?;
        match self {
            Self::Statements { txn, mut batch } => {
                upsert(&txn, &mut batch).await?;
                txn.commit().await
            }
            Self::Copy { txn, into, .. } if into == TABLE => txn.commit().await.map_err(sql_error),
            Self::Copy { mut txn, .. } => {
                let columns = column_names(Column::iter());
                let updates = updated_columns()
                    .into_iter()
                    .map(|column| {
                        let name = column.as_str();
                        format!("{name} = EXCLUDED.{name}")
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                sqlx::raw_sql(AssertSqlSafe(format!(
                    "INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {STAGING} \
                     ON CONFLICT (siret) DO UPDATE SET {updates}"
                )))
                .execute(&mut *txn)
                .await
                .map_err(sql_error)?;
                txn.commit().await.map_err(sql_error)
            }
        }
    }
}

fn sql_error(error: sqlx::Error) -> DbErr {
    DbErr::Custom(format!("PostgreSQL import: {error}"))
}

fn column_names(columns: impl Iterator<Item = Column>) -> String {
    columns
        .map(|column| column.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `model` as one CSV line for COPY, its columns in `Column::iter()` order.
/// An empty unquoted field is NULL; text is always quoted, so an empty
/// string stays one.
fn copy_row(model: &ActiveModel, out: &mut String) -> Result<(), DbErr> {
    use std::fmt::Write as _;
    for (number, column) in Column::iter().enumerate() {
        if number > 0 {
            out.push(',');
        }
        let value = model.get(column).into_value().ok_or_else(|| {
            DbErr::Custom(format!(
                "PostgreSQL import: column {} has no value",
                column.as_str()
            ))
        })?;
        match value {
            Value::String(Some(text)) => {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            }
            Value::Double(Some(number)) => {
                let _ = write!(out, "{number}");
            }
            Value::BigInt(Some(number)) => {
                let _ = write!(out, "{number}");
            }
            Value::Bool(Some(flag)) => out.push(if flag { 't' } else { 'f' }),
            Value::ChronoDateTimeWithTimeZone(Some(at)) => out.push_str(&at.to_rfc3339()),
            Value::String(None)
            | Value::Double(None)
            | Value::BigInt(None)
            | Value::Bool(None)
            | Value::ChronoDateTimeWithTimeZone(None) => {}
            other => {
                return Err(DbErr::Custom(format!(
                    "PostgreSQL import: column {}: no COPY form for {other:?}",
                    column.as_str()
                )))
            }
        }
    }
    out.push('\n');
    Ok(())
}

async fn upsert(txn: &DatabaseTransaction, batch: &mut Vec<ActiveModel>) -> Result<(), DbErr> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut update = OnConflict::column(Column::Siret);
    update.update_columns(updated_columns());
    Entity::insert_many(std::mem::take(batch))
        .on_conflict(update)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The SIRETs already stored, with the hash of their imported values; read
/// as a stream, so that a national table is never held twice in memory.
async fn stored_hashes(db: &DatabaseConnection) -> Result<HashMap<Siret, i64>, DbErr> {
    let mut rows = Entity::find()
        .select_only()
        .columns([Column::Siret, Column::ContentHash])
        .into_tuple::<(String, i64)>()
        .stream(db)
        .await?;
    let mut stored = HashMap::new();
    while let Some((siret, hash)) = rows.try_next().await? {
        if let Ok(siret) = Siret::parse(&siret) {
            stored.insert(siret, hash);
        }
    }
    Ok(stored)
}

/// Imports the establishments of the CSV file at `path`.
///
/// # Errors
/// When the referentials are not imported yet, the file or one of its
/// required columns is missing, the CSV is malformed, or the database fails.
/// The database is left as it was in every one of these cases.
pub async fn import_csv(
    db: &DatabaseConnection,
    path: &Path,
) -> Result<ImportSummary, ImportError> {
    let reference = Reference::load(db).await?;
    let stored = stored_hashes(db).await?;
    let mut input = CsvInput::open(path)?;
    let columns = Columns::find(&input)?;
    let file = input.file_name();

    let mut summary = ImportSummary::default();
    let mut first_seen: HashMap<Siret, u64> = HashMap::new();
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    let mut sink = Sink::begin(db, stored.is_empty()).await?;

    while let Some(row) = input.next_row()? {
        summary.read += 1;
        let parsed = match parse_row(&columns, &reference, &file, &row) {
            Ok((parsed, corrected)) => {
                summary.rejected.extend(corrected);
                parsed
            }
            Err(rejected) => {
                summary.rejected.extend(rejected);
                continue;
            }
        };
        if let Entry::Occupied(first) = first_seen.entry(parsed.siret) {
            summary.rejected.push(RejectedRow {
                file: file.clone(),
                line: row.line,
                field: "siret".to_string(),
                value: parsed.siret.to_string(),
                reason: format!(
                    "duplicate SIRET: already imported from line {}",
                    first.get()
                ),
                outcome: Outcome::Rejected,
            });
            continue;
        }
        first_seen.insert(parsed.siret, row.line);

        let hash = content_hash(&parsed);
        if !summary.counts_write(stored.get(&parsed.siret).copied(), hash) {
            continue;
        }
        sink.push(active_model(parsed, hash, now)).await?;
    }
    sink.commit().await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(csv: &str) -> Result<Parsed, Vec<RejectedRow>> {
        parse_with_corrections(csv).map(|(parsed, _)| parsed)
    }

    fn parse_with_corrections(csv: &str) -> Result<(Parsed, Vec<RejectedRow>), Vec<RejectedRow>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, csv).unwrap();
        let mut input = CsvInput::open(&path).unwrap();
        let columns = Columns::find(&input).unwrap();
        let reference = Reference {
            nafs: [NafCode::parse("4771Z").unwrap()].into_iter().collect(),
            commune_centres: [
                (
                    InseeCode::parse("57463").unwrap(),
                    Some(Coordinates::new(49.108, 6.195).unwrap()),
                ),
                (InseeCode::parse("2A004").unwrap(), None),
            ]
            .into_iter()
            .collect(),
        };
        let row = input.next_row().unwrap().unwrap();
        parse_row(&columns, &reference, "rows.csv", &row)
    }

    const HEADER: &str = "siret;raisonsociale;codenaf;trancheeffectif;codecommune;coordinates_x;coordinates_y;tel;hiring;flag_junior\n";

    #[test]
    fn coordinates_far_from_the_commune_are_replaced_by_its_centre_and_reported() {
        let (parsed, corrected) = parse_with_corrections(&format!(
            "{HEADER}01926094200016;SWAPPED;4771Z;;57463;49.1;6.19;;9;0\n"
        ))
        .unwrap();

        assert!(parsed.approximate_location);
        assert!((parsed.position.latitude() - 49.108).abs() < 1e-9);
        assert_eq!(corrected.len(), 1);
        assert_eq!(corrected[0].outcome, Outcome::Corrected);
        assert!(
            corrected[0].reason.contains("km from the centre"),
            "{}",
            corrected[0].reason
        );
    }

    #[test]
    fn an_absurd_hiring_count_is_rejected() {
        let errors = parse_one(&format!(
            "{HEADER}01926094200016;BIG;4771Z;;57463;6.1;49.1;;1e300;0\n"
        ))
        .unwrap_err();

        assert_eq!(errors[0].field, "hiring");
    }

    #[test]
    fn legacy_unknown_headcount_codes_read_as_unknown() {
        let parsed = parse_one(&format!(
            "{HEADER}01926094200016;MARIUS;4771Z;99;57463;6.1;49.1;;9;0\n"
        ))
        .unwrap();

        assert_eq!(parsed.headcount, None);
    }

    #[test]
    fn a_good_row_keeps_leading_zeros_and_drops_placeholder_contacts() {
        let parsed = parse_one(&format!(
            "{HEADER}01625043300220;CENDRY;4771z;11;57463;6.17528;49.1187;0123456789;141;1\n"
        ))
        .unwrap();

        assert_eq!(parsed.siret.to_string(), "01625043300220");
        assert_eq!(parsed.naf.as_str(), "4771Z");
        assert_eq!(parsed.headcount.map(|bracket| bracket.code()), Some("11"));
        assert!((parsed.position.latitude() - 49.1187).abs() < 1e-9);
        assert!(!parsed.approximate_location);
        assert_eq!(parsed.phone, None);
        assert!(parsed.flags.contains(Flags::JUNIOR));
        assert!((parsed.hiring - 141.0).abs() < f64::EPSILON);
    }

    #[test]
    fn a_row_at_zero_zero_is_placed_at_its_commune_centre_and_marked_approximate() {
        let parsed = parse_one(&format!(
            "{HEADER}01926094200016;MARIUS;4771Z;;57463;0;0;;9;0\n"
        ))
        .unwrap();

        assert!(parsed.approximate_location);
        assert!((parsed.position.latitude() - 49.108).abs() < 1e-9);
        assert_eq!(parsed.headcount, None);
    }

    #[test]
    fn a_row_without_coordinates_nor_commune_centre_is_rejected_with_that_reason() {
        let errors = parse_one(&format!(
            "{HEADER}01926094200016;MARIUS;4771Z;;2A004;NULL;NULL;;9;0\n"
        ))
        .unwrap_err();

        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[0].field, "coordinates");
        assert!(
            errors[0].reason.contains("no known centre"),
            "{}",
            errors[0].reason
        );
    }

    #[test]
    fn every_bad_field_of_a_row_is_reported() {
        let errors = parse_one(&format!("{HEADER}123;;0000Z;13;5746;6.1;91;;-3;2\n")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();

        assert_eq!(
            fields,
            [
                "siret",
                "raisonsociale",
                "codenaf",
                "trancheeffectif",
                "codecommune",
                "hiring",
                "flag_junior",
                "coordinates"
            ]
        );
        assert!(errors.iter().all(|error| error.line == 2));
        assert!(
            errors[2].reason.contains("unknown NAF"),
            "{}",
            errors[2].reason
        );
    }
}
