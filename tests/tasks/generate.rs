//! The France-scale generator: the same file for the same seed, one row in
//! ten in Paris, every row near its commune and importable like its source.

use loco_rs::{prelude::*, task::Task};
use relais::{
    domain::{Coordinates, InseeCode},
    matching::{haversine_km, reference, MatchingIndex},
    models::{
        _entities::establishments,
        establishments::{
            import_csv, snapshot,
            synthetic::{self, JITTER_KM},
            workload::{self, PlaceClass},
        },
    },
    tasks::generate::GenerateEstablishments,
};
use sea_orm::PaginatorTrait;

use super::vars;
use crate::support::{boot, create_db, data_dir, import_real_data, moselle_csv};

fn read(path: &std::path::Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_file_and_rows_import_like_their_source() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let dir = tempfile::tempdir().unwrap();
    let (first, second, other) = (
        dir.path().join("a.csv"),
        dir.path().join("b.csv"),
        dir.path().join("c.csv"),
    );
    for (file, seed) in [(&first, "7"), (&second, "7"), (&other, "8")] {
        GenerateEstablishments
            .run(
                ctx,
                &vars(&[
                    ("rows", "20000"),
                    ("seed", seed),
                    ("file", file.to_str().unwrap()),
                ]),
            )
            .await
            .unwrap();
    }
    let bytes = std::fs::read(&first).unwrap();
    assert_eq!(bytes, std::fs::read(&second).unwrap());
    assert_ne!(bytes, std::fs::read(&other).unwrap());

    let rows = read(&first);
    assert_eq!(rows.len(), 20_000);
    let source = read(&moselle_csv(ctx));
    let communes =
        synthetic::communes(&data_dir(ctx).join("referentials/laposte_hexasmal.csv")).unwrap();
    let centre = |insee: &str| {
        let commune = communes.iter().find(|c| c.insee == insee).unwrap();
        Coordinates::new(commune.latitude, commune.longitude).unwrap()
    };
    let mut sirets = std::collections::HashSet::new();
    for (n, row) in rows.iter().enumerate() {
        // siret 0, raisonsociale 1, codenaf 3, codepostal 7, codecommune 16,
        // coordinates_x 17, coordinates_y 18, departement 19, hiring 28.
        let template = &source[n % source.len()];
        assert!(sirets.insert(row[0].to_string()), "row {n}: SIRET repeated");
        for column in [1, 3, 28] {
            assert_eq!(row[column], template[column], "row {n}, column {column}");
        }
        assert_eq!(
            row[16].starts_with("751"),
            n % 10 == 0,
            "row {n}: {}",
            &row[16]
        );
        let insee = InseeCode::parse(&row[16]).unwrap();
        assert_eq!(&row[19], insee.department(), "row {n}");
        let at = Coordinates::new(row[18].parse().unwrap(), row[17].parse().unwrap()).unwrap();
        let off = haversine_km(at, centre(&row[16]));
        assert!(
            off <= JITTER_KM + 0.01,
            "row {n}: {off} km from its commune"
        );
    }
    let departments: std::collections::HashSet<&str> = rows.iter().map(|row| &row[19]).collect();
    assert!(departments.len() > 90, "{} departments", departments.len());

    // The rows import as their source does: only the NAF code 0000Z of a
    // few Moselle rows is refused.
    import_real_data(ctx, false).await;
    let summary = import_csv(&ctx.db, &first).await.unwrap();
    assert_eq!(summary.read, 20_000);
    let refused_naf = rows.iter().filter(|row| &row[3] == "0000Z").count() as u64;
    assert!(refused_naf > 0);
    assert_eq!(summary.rejected_rows(), refused_naf);
    assert_eq!(summary.inserted, 20_000 - refused_naf);
    assert_eq!(
        establishments::Entity::find().count(&ctx.db).await.unwrap(),
        20_000 - refused_naf
    );
}

#[tokio::test]
async fn a_bad_row_count_or_seed_is_named_and_writes_nothing() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.csv");
    for (args, expected) in [
        (vec![("rows", "abc")], "rows: expected a whole number"),
        (vec![("rows", "0")], "rows: expected a whole number"),
        (vec![("seed", "-1")], "seed: expected a whole number"),
        (vec![("row", "10")], "unknown argument `row`"),
    ] {
        let mut args = args;
        args.push(("file", file.to_str().unwrap()));
        let err = GenerateEstablishments
            .run(ctx, &vars(&args))
            .await
            .unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
        assert!(!file.exists());
    }
}

/// The engine on a generated France (small, so that the full scan stays
/// quick) answers every search of the benchmarks' mix exactly as a scan of
/// every establishment does; `cargo bench --bench france` checks the same
/// at 2 million.
#[tokio::test]
async fn every_search_of_the_mix_gives_on_a_generated_france_what_a_full_scan_gives() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let referentials = data_dir(ctx).join("referentials");
    let communes = synthetic::communes(&referentials.join("laposte_hexasmal.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("france.csv");
    synthetic::generate(
        &moselle_csv(ctx),
        &communes,
        40_000,
        2026,
        std::fs::File::create(&file).unwrap(),
    )
    .unwrap();
    let establishments = snapshot::read_establishments(&file).unwrap();
    let table = snapshot::read_rome_naf(&referentials.join("rome_naf_mapping.csv")).unwrap();
    let index = MatchingIndex::build(establishments.clone(), &table);
    let mix = workload::query_mix(&communes, &table, 900, 2026).unwrap();

    let mut with_hits = std::collections::BTreeMap::<PlaceClass, usize>::new();
    for search in &mix {
        let page = index.search(&search.query);
        assert_eq!(
            page,
            reference::scan(&establishments, &table, &search.query),
            "{search:?}"
        );
        if !page.hits.is_empty() {
            *with_hits.entry(search.class).or_default() += 1;
        }
    }
    // Paris finds companies for most jobs; elsewhere 40,000 rows are
    // thin, yet every class has searches with results to compare.
    assert!(with_hits[&PlaceClass::Dense] > 200, "{with_hits:?}");
    assert!(with_hits[&PlaceClass::Medium] > 50, "{with_hits:?}");
    assert!(with_hits[&PlaceClass::Rural] > 20, "{with_hits:?}");
}
