//! Importing job offers from a JSON document, upserted by their id in the
//! source.
//!
//! The document is `{"offers": [ {...}, ... ]}` (see `docs/offers.md`). One
//! that does not parse, or has no `offers` array, stops the import before
//! anything is written. Each offer is then parsed into domain types; an offer
//! with a bad value is rejected with its number in the array (1 for the
//! first), its id when readable, the field and the reason, and the good ones
//! are imported. Offers that have already ended are not imported, and stored
//! offers past their end date are deleted. Writes happen in one transaction.
//!
//! Limitation: an offer withdrawn from the source before its end date stays
//! until that date. The document lists offers, not withdrawals, and deleting
//! whatever it does not list would let a partial export wipe open offers.

use std::{
    collections::{hash_map::Entry, HashMap, HashSet},
    path::Path,
};

use chrono::NaiveDate;
use loco_rs::prelude::*;
use sea_orm::{sea_query::OnConflict, DatabaseTransaction, QuerySelect};
use serde_json::{Map, Value};

use super::{ActiveModel, Column, Entity};
use crate::{
    domain::{is_web_address, ContractType, RomeCode, Siret},
    models::{
        _entities::{establishments, rome_codes},
        csv_input::{FileError, Outcome, RejectedRow},
        import_runs::{fingerprint, ImportError, ImportSummary},
    },
};

const ID_MAX_CHARS: usize = 64;
const TITLE_MAX_CHARS: usize = 200;
const PLACE_MAX_CHARS: usize = 200;
const URL_MAX_CHARS: usize = 2_000;

/// Offers (or ids, or SIRETs) per statement: 12 columns × 500 offers stays
/// under SQLite's limit of 32,766 bound values.
const PER_STATEMENT: usize = 500;

/// What a document must look like, for the error that says it does not.
const EXPECTED_SHAPE: &str = r#"an object {"offers": [...]}"#;

/// The shape of a document. Offers stay JSON values so that a bad one is
/// reported field by field instead of failing the whole document.
#[derive(serde::Deserialize)]
struct Document {
    offers: Vec<Value>,
}

/// An offer whose every value is valid.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    /// Position in the `offers` array, 1 for the first.
    number: u64,
    source_id: String,
    title: String,
    rome: RomeCode,
    siret: Siret,
    contract_type: ContractType,
    place: String,
    published_on: NaiveDate,
    ends_on: NaiveDate,
    url: Option<String>,
}

/// A problem of offer `number`, as written in the report: the `line`
/// column holds the offer's number, and the reason ends with its id when
/// the id could be read.
fn problem(
    file: &str,
    number: u64,
    id: Option<&str>,
    field: &str,
    value: &str,
    reason: String,
) -> RejectedRow {
    RejectedRow {
        file: file.to_string(),
        line: number,
        field: field.to_string(),
        value: value.to_string(),
        reason: match id {
            Some(id) => format!("{reason} (offer id {id:?})"),
            None => reason,
        },
        outcome: Outcome::Rejected,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The problems of one offer, each naming its field.
struct OfferErrors<'a> {
    file: &'a str,
    number: u64,
    id: Option<String>,
    found: Vec<RejectedRow>,
}

impl OfferErrors<'_> {
    fn add(&mut self, field: &str, value: &str, reason: impl Into<String>) {
        let row = problem(
            self.file,
            self.number,
            self.id.as_deref(),
            field,
            value,
            reason.into(),
        );
        self.found.push(row);
    }

    /// The trimmed text of `field`; `None` when it is absent, null or empty.
    /// A value that is not a string or is too long is reported.
    fn optional_text(
        &mut self,
        offer: &Map<String, Value>,
        field: &str,
        max_chars: usize,
    ) -> Option<String> {
        let value = match offer.get(field)? {
            Value::Null => return None,
            Value::String(value) => value.trim(),
            other => {
                let reason = format!("`{field}` must be a string, got {}", json_kind(other));
                self.add(field, &other.to_string(), reason);
                return None;
            }
        };
        let chars = value.chars().count();
        if chars > max_chars {
            let reason = format!("at most {max_chars} characters, got {chars}");
            self.add(field, value, reason);
            return None;
        }
        Some(value)
            .filter(|value| !value.is_empty())
            .map(str::to_string)
    }

    fn text(
        &mut self,
        offer: &Map<String, Value>,
        field: &str,
        max_chars: usize,
    ) -> Option<String> {
        let found_before = self.found.len();
        let value = self.optional_text(offer, field, max_chars);
        if value.is_none() && self.found.len() == found_before {
            self.add(field, "", format!("`{field}` is required"));
        }
        value
    }

    fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        value: Option<String>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = value?;
        match parse(&value) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.add(field, &value, err.to_string());
                None
            }
        }
    }

    /// A required text field that `parse` turns into a value.
    fn parsed<T, E: std::fmt::Display>(
        &mut self,
        offer: &Map<String, Value>,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = self.text(offer, field, usize::MAX);
        self.check(field, value, parse)
    }
}

/// A calendar date written `YYYY-MM-DD`, nothing else.
fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|_| value.len() == "2026-12-03".len())
        .ok_or_else(|| {
            format!("a date that exists, written YYYY-MM-DD like \"2026-12-03\", got {value:?}")
        })
}

fn parse_url(value: &str) -> Result<String, String> {
    if is_web_address(value) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "an address starting with http:// or https://, got {value:?}"
        ))
    }
}

/// Parses offer `number` of the document. `known_romes` is the ROME
/// nomenclature: a code it does not have names no job.
fn parse_offer(
    value: &Value,
    number: u64,
    file: &str,
    known_romes: &HashSet<RomeCode>,
) -> Result<Parsed, Vec<RejectedRow>> {
    let Value::Object(offer) = value else {
        let reason = format!("an offer is a JSON object, got {}", json_kind(value));
        return Err(vec![problem(
            file,
            number,
            None,
            "offer",
            &value.to_string(),
            reason,
        )]);
    };
    let mut errors = OfferErrors {
        file,
        number,
        id: None,
        found: Vec::new(),
    };

    let source_id = errors.text(offer, "id", ID_MAX_CHARS);
    errors.id.clone_from(&source_id);
    let title = errors.text(offer, "title", TITLE_MAX_CHARS);
    let rome = errors.parsed(offer, "rome", RomeCode::parse);
    if let Some(rome) = rome.filter(|rome| !known_romes.contains(rome)) {
        errors.add(
            "rome",
            rome.as_str(),
            "unknown ROME code: not in the ROME nomenclature",
        );
    }
    let siret = errors.parsed(offer, "siret", Siret::parse);
    let contract_type = errors.parsed(offer, "contract_type", ContractType::parse);
    let place = errors.text(offer, "place", PLACE_MAX_CHARS);
    let published_on = errors.parsed(offer, "published_on", parse_date);
    let ends_on = errors.parsed(offer, "ends_on", parse_date);
    if let (Some(published_on), Some(ends_on)) = (published_on, ends_on) {
        if ends_on < published_on {
            let reason = format!("ends before it is published ({published_on})");
            errors.add("ends_on", &ends_on.to_string(), reason);
        }
    }
    let url = errors.optional_text(offer, "url", URL_MAX_CHARS);
    let url = errors.check("url", url, parse_url);

    match (
        source_id,
        title,
        rome,
        siret,
        contract_type,
        place,
        published_on,
        ends_on,
    ) {
        (
            Some(source_id),
            Some(title),
            Some(rome),
            Some(siret),
            Some(contract_type),
            Some(place),
            Some(published_on),
            Some(ends_on),
        ) if errors.found.is_empty() => Ok(Parsed {
            number,
            source_id,
            title,
            rome,
            siret,
            contract_type,
            place,
            published_on,
            ends_on,
            url,
        }),
        _ => Err(errors.found),
    }
}

/// Reads the offers of the document at `path`.
fn read_document(path: &Path) -> Result<Vec<Value>, FileError> {
    let text = std::fs::read_to_string(path).map_err(|source| FileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str::<Document>(&text)
        .map(|document| document.offers)
        .map_err(|source| FileError::Json {
            path: path.to_path_buf(),
            expected: EXPECTED_SHAPE,
            source,
        })
}

/// The ROME nomenclature, which offers are checked against.
async fn known_romes(db: &DatabaseConnection) -> Result<HashSet<RomeCode>, ImportError> {
    let codes: Vec<String> = rome_codes::Entity::find()
        .select_only()
        .column(rome_codes::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    if codes.is_empty() {
        return Err(ImportError::Precondition(
            "the ROME nomenclature is empty: run `import_referentials` before importing offers"
                .to_string(),
        ));
    }
    Ok(codes
        .iter()
        .filter_map(|code| RomeCode::parse(code).ok())
        .collect())
}

/// Without establishments every offer would be rejected, one by one, for
/// its SIRET: say what is missing instead.
async fn ensure_establishments(db: &DatabaseConnection) -> Result<(), ImportError> {
    if establishments::Entity::find().one(db).await?.is_none() {
        return Err(ImportError::Precondition(
            "no establishment is imported: run `import_establishments` before importing offers"
                .to_string(),
        ));
    }
    Ok(())
}

/// Keeps the offers whose SIRET an establishment has; the others are
/// rejected.
async fn with_known_establishment(
    db: &DatabaseConnection,
    offers: Vec<Parsed>,
    file: &str,
    rejected: &mut Vec<RejectedRow>,
) -> Result<Vec<Parsed>, DbErr> {
    let sirets: HashSet<String> = offers.iter().map(|offer| offer.siret.to_string()).collect();
    let sirets: Vec<String> = sirets.into_iter().collect();
    let mut known = HashSet::new();
    for chunk in sirets.chunks(PER_STATEMENT) {
        let found: Vec<String> = establishments::Entity::find()
            .select_only()
            .column(establishments::Column::Siret)
            .filter(establishments::Column::Siret.is_in(chunk.iter().map(String::as_str)))
            .into_tuple()
            .all(db)
            .await?;
        known.extend(found);
    }

    let (kept, unknown): (Vec<Parsed>, Vec<Parsed>) = offers
        .into_iter()
        .partition(|offer| known.contains(&offer.siret.to_string()));
    rejected.extend(unknown.iter().map(|offer| {
        problem(
            file,
            offer.number,
            Some(&offer.source_id),
            "siret",
            &offer.siret.to_string(),
            "no establishment has this SIRET".to_string(),
        )
    }));
    Ok(kept)
}

/// Keeps the first valid offer of each id; the later ones are rejected.
fn first_of_each_id(
    offers: Vec<Parsed>,
    file: &str,
    rejected: &mut Vec<RejectedRow>,
) -> Vec<Parsed> {
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    offers
        .into_iter()
        .filter(|offer| match first_seen.entry(offer.source_id.clone()) {
            Entry::Occupied(first) => {
                rejected.push(problem(
                    file,
                    offer.number,
                    None,
                    "id",
                    &offer.source_id,
                    format!("duplicate id: already given to offer {}", first.get()),
                ));
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(offer.number);
                true
            }
        })
        .collect()
}

fn content_hash(offer: &Parsed) -> i64 {
    fingerprint(&format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{:?}",
        offer.title,
        offer.rome,
        offer.siret,
        offer.contract_type,
        offer.place,
        offer.published_on,
        offer.ends_on,
        offer.url,
    ))
}

fn active_model(offer: Parsed, hash: i64, now: DateTimeWithTimeZone) -> ActiveModel {
    ActiveModel {
        source_id: Set(offer.source_id),
        title: Set(offer.title),
        rome_code: Set(offer.rome.to_string()),
        siret: Set(offer.siret.to_string()),
        contract_type: Set(offer.contract_type.to_string()),
        place: Set(offer.place),
        published_on: Set(offer.published_on),
        ends_on: Set(offer.ends_on),
        url: Set(offer.url),
        content_hash: Set(hash),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

async fn upsert(txn: &DatabaseTransaction, batch: &mut Vec<ActiveModel>) -> Result<(), DbErr> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut update = OnConflict::column(Column::SourceId);
    update.update_columns([
        Column::Title,
        Column::RomeCode,
        Column::Siret,
        Column::ContractType,
        Column::Place,
        Column::PublishedOn,
        Column::EndsOn,
        Column::Url,
        Column::ContentHash,
        Column::UpdatedAt,
    ]);
    Entity::insert_many(std::mem::take(batch))
        .on_conflict(update)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Deletes the stored offers past their end date, and those the document
/// says have ended (their stored end date may be later). Returns how many.
async fn delete_ended(
    txn: &DatabaseTransaction,
    today: NaiveDate,
    ended: &[Parsed],
) -> Result<u64, DbErr> {
    let mut removed = Entity::delete_many()
        .filter(Column::EndsOn.lt(today))
        .exec(txn)
        .await?
        .rows_affected;
    for chunk in ended.chunks(PER_STATEMENT) {
        removed += Entity::delete_many()
            .filter(Column::SourceId.is_in(chunk.iter().map(|offer| offer.source_id.as_str())))
            .exec(txn)
            .await?
            .rows_affected;
    }
    Ok(removed)
}

/// The stored offers among `offers`, with the hash of their values.
async fn stored_hashes(
    txn: &DatabaseTransaction,
    offers: &[Parsed],
) -> Result<HashMap<String, i64>, DbErr> {
    let mut stored = HashMap::new();
    for chunk in offers.chunks(PER_STATEMENT) {
        let rows: Vec<(String, i64)> = Entity::find()
            .select_only()
            .columns([Column::SourceId, Column::ContentHash])
            .filter(Column::SourceId.is_in(chunk.iter().map(|offer| offer.source_id.as_str())))
            .into_tuple()
            .all(txn)
            .await?;
        stored.extend(rows);
    }
    Ok(stored)
}

/// Inserts the new offers and updates the changed ones.
async fn write_open(
    txn: &DatabaseTransaction,
    open: Vec<Parsed>,
    summary: &mut ImportSummary,
) -> Result<(), DbErr> {
    let stored = stored_hashes(txn, &open).await?;
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    let mut batch = Vec::with_capacity(PER_STATEMENT);
    for offer in open {
        let hash = content_hash(&offer);
        if !summary.counts_write(stored.get(&offer.source_id).copied(), hash) {
            continue;
        }
        batch.push(active_model(offer, hash, now));
        if batch.len() == PER_STATEMENT {
            upsert(txn, &mut batch).await?;
        }
    }
    upsert(txn, &mut batch).await
}

/// Imports the offers of the JSON document at `path`, as of `today`: an
/// offer whose end date is before `today` has ended.
///
/// # Errors
/// When the ROME nomenclature or the establishments are not imported yet,
/// the file cannot be read, it is not an offers document, or the database
/// fails. The database is left as it was in every one of these cases.
pub async fn import_json(
    db: &DatabaseConnection,
    path: &Path,
    today: NaiveDate,
) -> Result<ImportSummary, ImportError> {
    let known_romes = known_romes(db).await?;
    ensure_establishments(db).await?;
    let document = read_document(path)?;
    let file = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();

    let mut summary = ImportSummary::default();
    let mut parsed = Vec::with_capacity(document.len());
    for (number, offer) in (1..).zip(&document) {
        summary.read += 1;
        match parse_offer(offer, number, &file, &known_romes) {
            Ok(offer) => parsed.push(offer),
            Err(rejected) => summary.rejected.extend(rejected),
        }
    }
    let parsed = with_known_establishment(db, parsed, &file, &mut summary.rejected).await?;
    let parsed = first_of_each_id(parsed, &file, &mut summary.rejected);
    // The checks above ran one after the other: put the report back in the
    // document's order (the sort is stable, so each offer's fields keep
    // theirs).
    summary.rejected.sort_by_key(|row| row.line);
    let (ended, open): (Vec<Parsed>, Vec<Parsed>) =
        parsed.into_iter().partition(|offer| offer.ends_on < today);
    summary.expired = ended.len() as u64;

    let txn = db.begin().await?;
    summary.removed = delete_ended(&txn, today, &ended).await?;
    write_open(&txn, open, &mut summary).await?;
    txn.commit().await?;
    tracing::info!(
        file,
        read = summary.read,
        already_ended = summary.expired,
        removed = summary.removed,
        "offers imported"
    );
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn known_romes() -> HashSet<RomeCode> {
        ["D1102", "K2204"]
            .into_iter()
            .map(|code| RomeCode::parse(code).unwrap())
            .collect()
    }

    fn good_offer() -> Value {
        json!({
            "id": " 201QKZT ",
            "title": "Boulanger / Boulangère (H/F)",
            "rome": "d1102",
            "siret": "397 627 530 00017",
            "contract_type": "CDI",
            "place": "Metz (57)",
            "published_on": "2026-11-20",
            "ends_on": "2027-01-20",
            "url": "https://candidat.francetravail.fr/offres/recherche/detail/201QKZT",
            "salary": "ignored: not a field of the format"
        })
    }

    fn parse(value: &Value) -> Result<Parsed, Vec<RejectedRow>> {
        parse_offer(value, 3, "offers.json", &known_romes())
    }

    fn with(field: &str, value: Value) -> Value {
        let mut offer = good_offer();
        offer[field] = value;
        offer
    }

    fn only_problem(value: &Value) -> RejectedRow {
        let mut problems = parse(value).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.remove(0)
    }

    #[test]
    fn a_good_offer_is_parsed_into_domain_values_and_trimmed() {
        let offer = parse(&good_offer()).unwrap();

        assert_eq!(offer.number, 3);
        assert_eq!(offer.source_id, "201QKZT");
        assert_eq!(offer.title, "Boulanger / Boulangère (H/F)");
        assert_eq!(offer.rome.as_str(), "D1102");
        assert_eq!(offer.siret.to_string(), "39762753000017");
        assert_eq!(offer.contract_type, ContractType::Permanent);
        assert_eq!(offer.place, "Metz (57)");
        assert_eq!(offer.published_on.to_string(), "2026-11-20");
        assert_eq!(offer.ends_on.to_string(), "2027-01-20");
        assert_eq!(
            offer.url.as_deref(),
            Some("https://candidat.francetravail.fr/offres/recherche/detail/201QKZT")
        );
    }

    #[test]
    fn the_url_may_be_absent_null_or_empty() {
        let mut offer = good_offer();
        offer.as_object_mut().unwrap().remove("url");
        assert_eq!(parse(&offer).unwrap().url, None);
        assert_eq!(parse(&with("url", Value::Null)).unwrap().url, None);
        assert_eq!(parse(&with("url", json!(""))).unwrap().url, None);
    }

    #[test]
    fn a_problem_names_the_offer_number_field_value_and_id() {
        let problem = only_problem(&with("rome", json!("K22O4")));

        assert_eq!(problem.file, "offers.json");
        assert_eq!(problem.line, 3);
        assert_eq!(problem.field, "rome");
        assert_eq!(problem.value, "K22O4");
        assert_eq!(
            problem.reason,
            "a ROME code is a letter and 4 digits, like \"K2204\", got \"K22O4\" \
             (offer id \"201QKZT\")"
        );
        assert_eq!(problem.outcome, Outcome::Rejected);
    }

    #[test]
    fn a_rome_code_outside_the_nomenclature_is_rejected() {
        let problem = only_problem(&with("rome", json!("Z9999")));

        assert_eq!(problem.field, "rome");
        assert!(
            problem.reason.starts_with("unknown ROME code"),
            "{}",
            problem.reason
        );
    }

    #[test]
    fn every_bad_field_of_an_offer_is_reported_in_the_order_of_the_format() {
        let offer = json!({
            "title": "",
            "rome": 1102,
            "siret": 39762753000017_u64,
            "contract_type": "Intérim",
            "published_on": "20/11/2026",
            "ends_on": "2026-02-30",
            "url": "www.example.org/offre"
        });

        let problems = parse(&offer).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|row| row.field.as_str()).collect();

        assert_eq!(
            fields,
            [
                "id",
                "title",
                "rome",
                "siret",
                "contract_type",
                "place",
                "published_on",
                "ends_on",
                "url"
            ]
        );
        assert_eq!(problems[0].reason, "`id` is required");
        assert_eq!(problems[2].reason, "`rome` must be a string, got a number");
        assert_eq!(problems[3].value, "39762753000017");
        assert_eq!(
            problems[4].reason,
            "unknown contract type \"Intérim\": use CDI, CDD, MIS, SAI, ALT, LIB"
        );
        assert!(
            problems[7].reason.contains("YYYY-MM-DD"),
            "{}",
            problems[7].reason
        );
        assert!(
            problems[8].reason.contains("http:// or https://"),
            "{}",
            problems[8].reason
        );
    }

    #[test]
    fn an_offer_cannot_end_before_it_is_published() {
        let problem = only_problem(&with("ends_on", json!("2026-11-19")));

        assert_eq!(problem.field, "ends_on");
        assert_eq!(problem.value, "2026-11-19");
        assert!(
            problem
                .reason
                .starts_with("ends before it is published (2026-11-20)"),
            "{}",
            problem.reason
        );
    }

    #[test]
    fn an_offer_may_end_the_day_it_is_published() {
        let offer = parse(&with("ends_on", json!("2026-11-20"))).unwrap();
        assert_eq!(offer.ends_on, offer.published_on);
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert!(parse(&with("id", json!("é".repeat(64)))).is_ok());
        let problem = only_problem(&with("id", json!("é".repeat(65))));
        assert_eq!(problem.reason, "at most 64 characters, got 65");

        let problem = only_problem(&with("title", json!("x".repeat(201))));
        assert!(problem.reason.ends_with("(offer id \"201QKZT\")"));
    }

    #[test]
    fn dates_must_be_written_in_full() {
        assert!(parse_date("2026-12-03").is_ok());
        for bad in [
            "2026-12-3",
            "2026-1-03",
            "03/12/2026",
            "2026-12-03T10:00:00",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn an_offer_that_is_not_an_object_is_one_problem() {
        let problem = only_problem(&json!(["201QKZT"]));

        assert_eq!(problem.field, "offer");
        assert_eq!(problem.reason, "an offer is a JSON object, got an array");
    }

    #[test]
    fn a_later_offer_with_the_same_id_is_rejected() {
        let first = parse(&good_offer()).unwrap();
        let mut second = parse(&good_offer()).unwrap();
        second.number = 7;
        let mut rejected = Vec::new();

        let kept = first_of_each_id(vec![first, second], "offers.json", &mut rejected);

        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].number, 3);
        assert_eq!(rejected.len(), 1);
        assert_eq!((rejected[0].line, rejected[0].field.as_str()), (7, "id"));
        assert_eq!(rejected[0].reason, "duplicate id: already given to offer 3");
    }

    #[test]
    fn a_change_of_any_value_changes_the_hash() {
        let offer = parse(&good_offer()).unwrap();
        let longer = parse(&with("ends_on", json!("2027-01-21"))).unwrap();
        let without_url = parse(&with("url", Value::Null)).unwrap();

        assert_eq!(
            content_hash(&offer),
            content_hash(&parse(&good_offer()).unwrap())
        );
        assert_ne!(content_hash(&offer), content_hash(&longer));
        assert_ne!(content_hash(&offer), content_hash(&without_url));
    }

    fn read(text: &str) -> Result<Vec<Value>, FileError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offers.json");
        std::fs::write(&path, text).unwrap();
        read_document(&path)
    }

    #[test]
    fn a_document_that_does_not_parse_names_the_line_and_column() {
        let err = read("{\"offers\": [\n  {\"id\": \"A\"},\n  {\"id\": \"B\",}\n]}\n")
            .unwrap_err()
            .to_string();

        assert!(err.contains("offers.json: not a valid document"), "{err}");
        assert!(err.contains("trailing comma at line 3 column 14"), "{err}");
    }

    #[test]
    fn a_document_without_an_offers_array_is_refused() {
        let missing = read("{\"jobs\": []}").unwrap_err().to_string();
        let not_array = read("{\"offers\": {\"id\": \"A\"}}")
            .unwrap_err()
            .to_string();
        let bare_array = read("[{\"id\": \"A\"}]").unwrap_err().to_string();

        assert!(missing.contains("missing field `offers`"), "{missing}");
        assert!(not_array.contains("expected a sequence"), "{not_array}");
        assert!(
            bare_array.contains(r#"expected an object {"offers": [...]}"#),
            "{bare_array}"
        );
    }

    #[test]
    fn a_document_with_no_offers_is_valid() {
        assert!(read("{\"offers\": [], \"generated_at\": \"2026-12-03\"}")
            .unwrap()
            .is_empty());
    }
}
