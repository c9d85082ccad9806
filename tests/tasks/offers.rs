//! `import_offers` and the open offers of establishments.
//!
//! The import takes the day it runs as an argument; these tests pass the
//! day the fixtures were written for (`REFERENCE_DAY`), so what has ended
//! does not depend on when the tests run. `tests/fixtures/offers.json` holds
//! 27 real-looking offers of real Moselle establishments: 3 ended before
//! that day, one ends on it.

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use loco_rs::{prelude::*, task::Vars};
use relais::{
    models::{
        _entities::import_runs,
        import_runs::{ImportError, ImportSummary},
        offers::{self, import_json, open_by_siret},
    },
    tasks::offers::{import_offers, ImportOffers},
};
use sea_orm::{PaginatorTrait, QueryOrder};
use serde_json::{json, Value};

use crate::support::{boot, create_db, seeded_db};

const REFERENCE_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 12, 3) {
    Some(day) => day,
    None => panic!("a real date"),
};

/// The cleaning company with three offers in the sample: one open, one
/// ending on the reference day, one ended.
const REIBEL: &str = "48186978200013";

fn day_after(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn sample() -> PathBuf {
    fixture("offers.json")
}

/// Writes `offers` as a document in `dir`.
fn document(dir: &tempfile::TempDir, offers: &[Value]) -> PathBuf {
    let path = dir.path().join("offers.json");
    std::fs::write(&path, json!({ "offers": offers }).to_string()).unwrap();
    path
}

/// The offers of the sample, to change one and write them back.
fn sample_offers() -> Vec<Value> {
    let text = std::fs::read_to_string(sample()).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    document["offers"].as_array().unwrap().clone()
}

async fn all_offers(db: &DatabaseConnection) -> Vec<offers::Model> {
    offers::Entity::find()
        .order_by_asc(offers::Column::SourceId)
        .all(db)
        .await
        .unwrap()
}

async fn stored_ids(db: &DatabaseConnection) -> Vec<String> {
    all_offers(db)
        .await
        .into_iter()
        .map(|offer| offer.source_id)
        .collect()
}

async fn latest_run(db: &DatabaseConnection) -> import_runs::Model {
    import_runs::Entity::find()
        .order_by_desc(import_runs::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

fn counts(summary: &ImportSummary) -> [u64; 6] {
    [
        summary.read,
        summary.inserted,
        summary.updated,
        summary.unchanged,
        summary.expired,
        summary.removed,
    ]
}

#[tokio::test]
async fn importing_the_sample_stores_its_open_offers_and_counts_the_ended_ones() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let version_before = relais::models::import_runs::Model::data_version(&ctx.db)
        .await
        .unwrap();

    import_offers(ctx, &sample(), REFERENCE_DAY).await.unwrap();

    let run = latest_run(&ctx.db).await;
    assert_eq!(
        (run.kind.as_str(), run.status.as_str()),
        ("offers", "succeeded")
    );
    assert_eq!(
        (
            run.rows_read,
            run.rows_inserted,
            run.rows_updated,
            run.rows_unchanged,
            run.rows_removed,
            run.rows_rejected
        ),
        (27, 24, 0, 0, 0, 0)
    );
    assert_eq!(run.report_path, None);
    let stored = all_offers(&ctx.db).await;
    assert_eq!(stored.len(), 24);
    let ids: Vec<&str> = stored
        .iter()
        .map(|offer| offer.source_id.as_str())
        .collect();
    for ended in ["199TMRE", "200PQRB", "200RKWN"] {
        assert!(!ids.contains(&ended), "{ended} had ended");
    }
    assert!(ids.contains(&"200ZLKA"), "an offer is open on its end date");

    let baker = stored
        .iter()
        .find(|offer| offer.source_id == "201QKZT")
        .unwrap();
    assert_eq!(baker.title, "Boulanger / Boulangère (H/F)");
    assert_eq!(baker.rome_code, "D1102");
    assert_eq!(baker.siret, "39762753000017");
    assert_eq!(baker.contract_type, "CDI");
    assert_eq!(baker.place, "Metz (57)");
    assert_eq!(
        baker.published_on,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
    assert_eq!(baker.ends_on, NaiveDate::from_ymd_opt(2027, 1, 20).unwrap());
    assert_eq!(
        baker.url.as_deref(),
        Some("https://candidat.francetravail.fr/offres/recherche/detail/201QKZT")
    );
    let without_url = stored
        .iter()
        .find(|offer| offer.source_id == "201DGVN")
        .unwrap();
    assert_eq!(without_url.url, None);

    assert_eq!(
        relais::models::import_runs::Model::data_version(&ctx.db)
            .await
            .unwrap(),
        version_before,
        "offers do not feed the matching index"
    );
}

#[tokio::test]
async fn a_second_import_of_the_same_file_writes_nothing() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;

    let first = import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    let after_first = all_offers(&ctx.db).await;
    let second = import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();

    assert_eq!(counts(&first), [27, 24, 0, 0, 3, 0]);
    assert_eq!(counts(&second), [27, 0, 0, 24, 3, 0]);
    assert!(!second.changed());
    assert!(
        all_offers(&ctx.db).await == after_first,
        "the second import rewrote stored offers"
    );
}

#[tokio::test]
async fn a_changed_offer_is_updated_in_place() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    let before = all_offers(&ctx.db).await;
    let mut changed = sample_offers();
    changed[0]["title"] = json!("Boulanger / Boulangère de nuit (H/F)");
    let dir = tempfile::tempdir().unwrap();

    let summary = import_json(&ctx.db, &document(&dir, &changed), REFERENCE_DAY)
        .await
        .unwrap();

    assert_eq!(counts(&summary), [27, 0, 1, 23, 3, 0]);
    let after = all_offers(&ctx.db).await;
    let old = before
        .iter()
        .find(|offer| offer.source_id == "201QKZT")
        .unwrap();
    let new = after
        .iter()
        .find(|offer| offer.source_id == "201QKZT")
        .unwrap();
    assert_eq!(new.title, "Boulanger / Boulangère de nuit (H/F)");
    assert_eq!((new.id, new.created_at), (old.id, old.created_at));
    assert_ne!(new.content_hash, old.content_hash);
}

#[tokio::test]
async fn offers_past_their_end_date_are_dropped_at_the_next_import() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    // An offer of an earlier document, no longer in the sample, that ended
    // yesterday.
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    offers::ActiveModel {
        source_id: Set("198ZZQK".to_string()),
        title: Set("Plongeur / Plongeuse (H/F)".to_string()),
        rome_code: Set("G1602".to_string()),
        siret: Set("40887926000011".to_string()),
        contract_type: Set("CDD".to_string()),
        place: Set("Metz (57)".to_string()),
        published_on: Set(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
        ends_on: Set(REFERENCE_DAY),
        url: Set(None),
        content_hash: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await
    .unwrap();

    let next_day = import_json(&ctx.db, &sample(), day_after(REFERENCE_DAY))
        .await
        .unwrap();

    assert_eq!(
        counts(&next_day),
        [27, 0, 0, 23, 4, 2],
        "200ZLKA and 198ZZQK ended on the reference day"
    );
    let ids = stored_ids(&ctx.db).await;
    assert_eq!(ids.len(), 23);
    assert!(!ids.contains(&"200ZLKA".to_string()));
    assert!(!ids.contains(&"198ZZQK".to_string()));
}

#[tokio::test]
async fn an_offer_the_source_ends_early_is_dropped() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    let mut ended = sample_offers();
    assert_eq!(ended[0]["id"], "201QKZT");
    ended[0]["ends_on"] = json!("2026-12-02");
    let dir = tempfile::tempdir().unwrap();

    let summary = import_json(&ctx.db, &document(&dir, &ended), REFERENCE_DAY)
        .await
        .unwrap();

    assert_eq!(counts(&summary), [27, 0, 0, 23, 4, 1]);
    assert!(!stored_ids(&ctx.db).await.contains(&"201QKZT".to_string()));
}

#[tokio::test]
async fn bad_offers_are_reported_and_the_good_ones_imported() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;

    import_offers(ctx, &fixture("offers_with_errors.json"), REFERENCE_DAY)
        .await
        .unwrap();

    let run = latest_run(&ctx.db).await;
    assert_eq!(run.status, "succeeded");
    assert_eq!(
        (run.rows_read, run.rows_inserted, run.rows_rejected),
        (7, 2, 5)
    );
    assert_eq!(stored_ids(&ctx.db).await, ["202AKMB", "202GPVD"]);
    let first = offers::Entity::find()
        .filter(offers::Column::SourceId.eq("202AKMB"))
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        first.title, "Boulanger tourier / Boulangère tourière (H/F)",
        "the first offer of a repeated id is the one kept"
    );

    let mut report = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(run.report_path.unwrap())
        .unwrap();
    assert_eq!(
        report.headers().unwrap(),
        vec!["file", "line", "field", "value", "reason", "outcome"]
    );
    let rows: Vec<[String; 4]> = report
        .records()
        .map(|record| {
            let record = record.unwrap();
            assert_eq!(
                (&record[0], &record[5]),
                ("offers_with_errors.json", "rejected")
            );
            [1, 2, 3, 4].map(|column| record[column].to_string())
        })
        .collect();
    let id = |id: &str| format!(" (offer id \"{id}\")");
    assert_eq!(
        rows,
        [
            [
                "2",
                "siret",
                "44311888000031",
                &format!("no establishment has this SIRET{}", id("202BTRX")),
            ],
            [
                "3",
                "rome",
                "G18O3",
                &format!(
                    "a ROME code is a letter and 4 digits, like \"K2204\", got \"G18O3\"{}",
                    id("202CWQN")
                ),
            ],
            [
                "3",
                "contract_type",
                "Intérim",
                &format!(
                    "unknown contract type \"Intérim\": use CDI, CDD, MIS, SAI, ALT, LIB{}",
                    id("202CWQN")
                ),
            ],
            [
                "3",
                "ends_on",
                "2026-11-02",
                &format!("ends before it is published (2026-11-26){}", id("202CWQN")),
            ],
            [
                "4",
                "offer",
                "\"202DHLP\"",
                "an offer is a JSON object, got a string",
            ],
            [
                "5",
                "id",
                "202AKMB",
                "duplicate id: already given to offer 1",
            ],
            [
                "6",
                "title",
                "",
                &format!("`title` is required{}", id("202FNZS")),
            ],
            [
                "6",
                "siret",
                "35393398900017",
                &format!("`siret` must be a string, got a number{}", id("202FNZS")),
            ],
            [
                "6",
                "url",
                "www.maison-retraite-metz.fr/recrutement",
                &format!(
                    "an address starting with http:// or https://, got \
                     \"www.maison-retraite-metz.fr/recrutement\"{}",
                    id("202FNZS")
                ),
            ],
        ]
        .map(|row| row.map(str::to_string))
    );
}

#[tokio::test]
async fn an_offer_of_an_unknown_siret_is_rejected_with_that_reason() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let mut offer = sample_offers().remove(0);
    offer["siret"] = json!("39762753000025");
    let dir = tempfile::tempdir().unwrap();

    let summary = import_json(&ctx.db, &document(&dir, &[offer]), REFERENCE_DAY)
        .await
        .unwrap();

    assert_eq!(summary.rejected_rows(), 1);
    let problem = &summary.rejected[0];
    assert_eq!(
        (problem.line, problem.field.as_str(), problem.value.as_str()),
        (1, "siret", "39762753000025")
    );
    assert_eq!(
        problem.reason,
        "no establishment has this SIRET (offer id \"201QKZT\")"
    );
    assert_eq!(offers::Entity::find().count(&ctx.db).await.unwrap(), 0);
}

#[tokio::test]
async fn a_malformed_document_writes_nothing_and_keeps_the_stored_offers() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    let before = all_offers(&ctx.db).await;
    let text = std::fs::read_to_string(sample()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.json");
    // Cut after the first offer and its comma: the document ends on line 14.
    let first_offer_end = text.find("},\n").unwrap() + "},\n".len();
    std::fs::write(&cut, &text[..first_offer_end]).unwrap();
    let not_a_document = document(&dir, &[]);
    std::fs::write(&not_a_document, r#"{"offres": []}"#).unwrap();

    // The next day, so that an import that went through would drop 200ZLKA.
    let err = import_offers(ctx, &cut, day_after(REFERENCE_DAY))
        .await
        .unwrap_err()
        .to_string();
    let no_array = import_json(&ctx.db, &not_a_document, day_after(REFERENCE_DAY))
        .await
        .unwrap_err();

    assert!(err.contains("nothing was changed"), "{err}");
    assert!(err.contains("cut.json: not a valid document"), "{err}");
    assert!(err.contains("line 14 column 0"), "{err}");
    assert!(matches!(no_array, ImportError::File(_)), "{no_array:?}");
    assert!(
        no_array.to_string().contains("missing field `offers`"),
        "{no_array}"
    );
    assert!(all_offers(&ctx.db).await == before);
    let run = latest_run(&ctx.db).await;
    assert_eq!(run.status, "failed");
    assert!(
        run.error.unwrap().contains("line 14 column 0"),
        "the failed run says why"
    );
}

#[tokio::test]
async fn open_by_siret_returns_only_open_offers_newest_first() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    let asked = [
        REIBEL.to_string(),
        "40132758000064".to_string(),
        "01625043300220".to_string(),
    ];
    let ids = |open: &std::collections::HashMap<String, Vec<offers::Model>>, siret: &str| {
        open.get(siret).map(|offers| {
            offers
                .iter()
                .map(|offer| offer.source_id.clone())
                .collect::<Vec<_>>()
        })
    };

    let on_reference_day = open_by_siret(&ctx.db, &asked, REFERENCE_DAY).await.unwrap();
    let next_day = open_by_siret(&ctx.db, &asked, day_after(REFERENCE_DAY))
        .await
        .unwrap();
    let earlier = open_by_siret(
        &ctx.db,
        &asked,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    )
    .await
    .unwrap();

    assert_eq!(
        ids(&on_reference_day, REIBEL),
        Some(vec!["201WFHC".to_string(), "200ZLKA".to_string()])
    );
    assert_eq!(
        ids(&on_reference_day, "40132758000064"),
        Some(vec!["201YRDF".to_string()])
    );
    assert_eq!(
        ids(&on_reference_day, "01625043300220"),
        None,
        "a company without offers has no key"
    );
    assert_eq!(
        ids(&next_day, REIBEL),
        Some(vec!["201WFHC".to_string()]),
        "200ZLKA ended on the reference day"
    );
    assert_eq!(
        ids(&earlier, REIBEL),
        Some(vec!["200ZLKA".to_string()]),
        "201WFHC is not published yet on 20 November"
    );
}

#[tokio::test]
async fn open_by_siret_answers_for_more_establishments_than_one_query_holds() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_json(&ctx.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap();
    let mut sirets: Vec<String> = relais::models::_entities::establishments::Entity::find()
        .order_by_asc(relais::models::_entities::establishments::Column::Siret)
        .all(&ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|establishment| establishment.siret)
        .collect();
    sirets.push(REIBEL.to_string());

    let open = open_by_siret(&ctx.db, &sirets, REFERENCE_DAY)
        .await
        .unwrap();

    assert!(sirets.len() > 10_000);
    let mut publishers: Vec<String> = all_offers(&ctx.db)
        .await
        .into_iter()
        .map(|offer| offer.siret)
        .collect();
    publishers.sort();
    publishers.dedup();
    let mut found: Vec<String> = open.keys().cloned().collect();
    found.sort();
    assert_eq!(found, publishers);
    assert_eq!(open.values().map(Vec::len).sum::<usize>(), 24);
    assert_eq!(
        open[REIBEL].len(),
        2,
        "a SIRET asked twice gets its offers once"
    );
}

#[tokio::test]
async fn offers_need_the_national_data_first() {
    let db = create_db(None).await;
    let booted = boot(&db).await;

    let err = import_json(&booted.app_context.db, &sample(), REFERENCE_DAY)
        .await
        .unwrap_err();

    assert!(
        err.to_string().contains("run `import_referentials`"),
        "{err}"
    );
}

#[tokio::test]
async fn the_task_requires_a_file_and_refuses_unknown_arguments() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let vars = |args: &[(&str, &str)]| {
        Vars::from_cli_args(
            args.iter()
                .map(|(key, value)| ((*key).to_string(), (*value).to_string()))
                .collect(),
        )
    };

    let missing = ImportOffers.run(ctx, &vars(&[])).await.unwrap_err();
    let misspelled = ImportOffers
        .run(ctx, &vars(&[("fil", "offers.json")]))
        .await
        .unwrap_err();

    assert!(
        missing.to_string().contains("file is required"),
        "{missing}"
    );
    assert!(
        misspelled.to_string().contains("unknown argument `fil`"),
        "{misspelled}"
    );
}
