use loco_rs::prelude::*;
use relais::{
    models::{
        _entities::{establishments, import_runs, naf_codes, postcodes, rome_naf_hirings},
        csv_input::Outcome,
        establishments::import_csv,
        import_runs::ImportError,
        referentials,
    },
    tasks::imports,
};
use sea_orm::{PaginatorTrait, QueryOrder};

use crate::support::{boot, create_db, data_dir, import_real_data, moselle_csv, seeded_db};

async fn all_establishments(db: &DatabaseConnection) -> Vec<establishments::Model> {
    establishments::Entity::find()
        .order_by_asc(establishments::Column::Siret)
        .all(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn importing_moselle_twice_gives_the_same_rows() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    import_real_data(ctx, false).await;

    let first = import_csv(&ctx.db, &moselle_csv(ctx)).await.unwrap();
    let after_first = all_establishments(&ctx.db).await;
    let second = import_csv(&ctx.db, &moselle_csv(ctx)).await.unwrap();
    let after_second = all_establishments(&ctx.db).await;

    assert_eq!(first.read, 17_091);
    assert_eq!(first.rejected_rows(), 52, "{:?}", &first.rejected[..3]);
    assert!(first
        .rejected
        .iter()
        .filter(|row| row.outcome == Outcome::Rejected)
        .all(|row| row.field == "codenaf" && row.value == "0000Z"));
    let corrected: Vec<&str> = first
        .rejected
        .iter()
        .filter(|row| row.outcome == Outcome::Corrected)
        .map(|row| row.field.as_str())
        .collect();
    assert_eq!(
        corrected,
        ["coordinates"],
        "one company of Metz geocoded near Amiens"
    );
    assert_eq!(first.inserted, 17_091 - 52);
    assert_eq!((first.updated, first.unchanged), (0, 0));
    assert_eq!(
        (second.inserted, second.updated, second.unchanged),
        (0, 0, 17_091 - 52)
    );
    assert_eq!(after_first.len(), 17_039);
    assert!(
        after_first == after_second,
        "the second import changed stored rows"
    );

    let approximate = after_first
        .iter()
        .filter(|row| row.approximate_location)
        .count();
    assert_eq!(
        approximate, 222,
        "the 221 rows at 0,0 and the one geocoded far away"
    );
    let far = after_first
        .iter()
        .find(|row| row.siret == "40486907500014")
        .unwrap();
    assert!(far.approximate_location && (far.latitude - 49.108_113_327_9).abs() < 1e-9);
    let zeros = after_first
        .iter()
        .find(|row| row.siret == "01625043300220")
        .unwrap();
    assert_eq!(zeros.name, "CHAUSSURES CENDRY");
}

#[tokio::test]
async fn a_file_with_broken_rows_imports_the_good_ones_and_reports_the_bad() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.csv");
    std::fs::write(
        &file,
        "siret;raisonsociale;codenaf;trancheeffectif;codecommune;coordinates_x;coordinates_y;hiring\n\
         \"12345678900011\";\"NOUVELLE BOULANGERIE\";1071C;02;57463;6.18;49.12;12\n\
         1234567890001;TROP COURT;1071C;02;57463;6.18;49.12;3\n\
         98765432100019;SANS NAF CONNU;9999Z;02;57463;6.18;49.12;3\n\
         98765432100027;LOIN;1071C;02;57463;6.18;91;3\n\
         98765432100035;SANS COORDONNEES;1071C;NULL;57463;NULL;NULL;4\n\
         12345678900011;DOUBLON;1071C;02;57463;6.18;49.12;3\n\
         48186978200013;PASCAL REIBEL;8121Z;;57463;6.1768;49.1002;270\n",
    )
    .unwrap();
    let before = establishments::Entity::find().count(&ctx.db).await.unwrap();

    imports::import_establishments(ctx, &file).await.unwrap();

    let run = import_runs::Entity::find()
        .order_by_desc(import_runs::Column::Id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.status, "succeeded");
    assert_eq!(
        (
            run.rows_read,
            run.rows_inserted,
            run.rows_updated,
            run.rows_rejected
        ),
        (7, 2, 1, 4)
    );
    let after = establishments::Entity::find().count(&ctx.db).await.unwrap();
    assert_eq!(after, before + 2);
    let approximate = establishments::Entity::find_by_id("98765432100035")
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(approximate.approximate_location);
    let updated = establishments::Entity::find_by_id("48186978200013")
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!((updated.hiring - 270.0).abs() < f64::EPSILON);

    let report = std::fs::read_to_string(run.report_path.unwrap()).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines[0], "file;line;field;value;reason;outcome");
    assert!(
        lines[1].starts_with("broken.csv;3;siret;1234567890001;"),
        "{report}"
    );
    assert!(
        lines[2].starts_with("broken.csv;4;codenaf;9999Z;unknown NAF code"),
        "{report}"
    );
    assert!(
        lines[3].starts_with("broken.csv;5;coordinates;"),
        "{report}"
    );
    assert!(
        lines[4].starts_with(
            "broken.csv;7;siret;12345678900011;duplicate SIRET: already imported from line 2"
        ),
        "{report}"
    );
    assert_eq!(lines.len(), 5, "{report}");
}

/// Quotes, separators, line breaks and accents in text reach the table as
/// written, and a later file changes them, on SQLite's statements as on
/// PostgreSQL's COPY.
#[tokio::test]
async fn text_with_quotes_separators_and_line_breaks_is_stored_as_written() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("odd.csv");
    let write = |name: &str, hiring: u32| {
        std::fs::write(
            &file,
            format!(
                "siret;raisonsociale;enseigne;codenaf;codecommune;coordinates_x;coordinates_y;hiring\n\
                 12345678900011;\"{name}\";;1071C;57463;6.18;49.12;{hiring}\n"
            ),
        )
        .unwrap();
    };
    let stored = || async {
        establishments::Entity::find_by_id("12345678900011")
            .one(&ctx.db)
            .await
            .unwrap()
            .unwrap()
    };

    write("L'ÉPI\"\" D'OR, boulangerie; pâtisserie\nMetz \\ Nord", 12);
    let first = import_csv(&ctx.db, &file).await.unwrap();
    assert_eq!((first.inserted, first.updated), (1, 0));
    let row = stored().await;
    assert_eq!(
        row.name,
        "L'ÉPI\" D'OR, boulangerie; pâtisserie\nMetz \\ Nord"
    );
    assert_eq!(row.trade_name, None);

    write("AU \"\"PAIN\"\" CHAUD", 7);
    let second = import_csv(&ctx.db, &file).await.unwrap();
    assert_eq!((second.inserted, second.updated), (0, 1));
    let row = stored().await;
    assert_eq!(row.name, "AU \"PAIN\" CHAUD");
    assert!((row.hiring - 7.0).abs() < f64::EPSILON);
}

#[tokio::test]
async fn a_failed_import_changes_nothing_and_is_recorded() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let dir = tempfile::tempdir().unwrap();
    let no_siret = dir.path().join("no_siret.csv");
    std::fs::write(&no_siret, "raisonsociale,codenaf\nACME,4771Z\n").unwrap();
    // A good row first, then bytes that are not UTF-8 (a Latin-1 export):
    // the import stops at line 3 and the good row must not stay imported.
    let not_utf8 = dir.path().join("latin1.csv");
    let mut content =
        b"siret,raisonsociale,codenaf,codecommune,coordinates_x,coordinates_y,hiring\n".to_vec();
    content.extend_from_slice(b"48186978200013,CHANGED,8121Z,57463,6.17,49.1,1\n");
    content.extend_from_slice(b"49513624400011,SOCI\xc9T\xc9,8121Z,57463,6.17,49.1,1\n");
    std::fs::write(&not_utf8, content).unwrap();
    let before = all_establishments(&ctx.db).await;

    let missing_column = imports::import_establishments(ctx, &no_siret)
        .await
        .unwrap_err();
    let malformed = imports::import_establishments(ctx, &not_utf8)
        .await
        .unwrap_err();
    let missing_file = imports::import_establishments(ctx, &dir.path().join("absent.csv"))
        .await
        .unwrap_err();

    assert!(
        missing_column.to_string().contains("no `siret` column"),
        "{missing_column}"
    );
    assert!(
        missing_file.to_string().contains("absent.csv"),
        "{missing_file}"
    );
    assert!(malformed.to_string().contains("line 3"), "{malformed}");
    assert!(
        all_establishments(&ctx.db).await == before,
        "a failed import changed stored rows"
    );
    let failed = import_runs::Entity::find()
        .filter(import_runs::Column::Status.eq("failed"))
        .count(&ctx.db)
        .await
        .unwrap();
    assert_eq!(failed, 3);
}

#[tokio::test]
async fn establishments_before_referentials_are_refused_with_the_reason() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;

    let err = import_csv(&ctx.db, &moselle_csv(ctx)).await.unwrap_err();

    assert!(matches!(err, ImportError::Precondition(_)), "{err}");
    assert!(err.to_string().contains("import_referentials"), "{err}");
}

#[tokio::test]
async fn referentials_import_twice_to_the_same_tables_and_a_broken_folder_changes_nothing() {
    let db = create_db(None).await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let dir = data_dir(ctx).join("referentials");

    let first = referentials::import(&ctx.db, &dir).await.unwrap();
    let counts = |db: DatabaseConnection| async move {
        (
            naf_codes::Entity::find().count(&db).await.unwrap(),
            rome_naf_hirings::Entity::find().count(&db).await.unwrap(),
            postcodes::Entity::find().count(&db).await.unwrap(),
        )
    };
    let after_first = counts(ctx.db.clone()).await;
    let second = referentials::import(&ctx.db, &dir).await.unwrap();
    let partial = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.join("rome_labels.csv"),
        partial.path().join("rome_labels.csv"),
    )
    .unwrap();
    let broken = referentials::import(&ctx.db, partial.path())
        .await
        .unwrap_err();

    assert_eq!((second.inserted, second.removed), (0, 0), "{second}");
    assert_eq!(second.unchanged, first.inserted);
    assert_eq!(second.read, first.read);
    assert_eq!(after_first.0, 732);
    assert_eq!(after_first.1, 5_071);
    assert_eq!(counts(ctx.db.clone()).await, after_first);
    assert!(
        broken.to_string().contains("ogr_rome_mapping.csv"),
        "{broken}"
    );
    let rejected: Vec<_> = first
        .rejected
        .iter()
        .map(|row| (row.file.as_str(), row.line))
        .collect();
    assert_eq!(
        rejected,
        [
            ("contact_modes.csv", 54),
            ("contact_modes.csv", 98),
            ("contact_modes.csv", 995)
        ]
    );
}

#[tokio::test]
async fn a_nomenclature_file_without_rows_changes_nothing() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let source = data_dir(ctx).join("referentials");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("naf_labels.csv"), "naf_id|naf_label\n").unwrap();
    let before = naf_codes::Entity::find().count(&ctx.db).await.unwrap();

    let err = imports::import_referentials(ctx, dir.path())
        .await
        .unwrap_err();

    assert!(
        err.to_string().contains("naf_labels.csv: no valid row"),
        "{err}"
    );
    assert_eq!(
        naf_codes::Entity::find().count(&ctx.db).await.unwrap(),
        before
    );
}

#[tokio::test]
async fn an_unchanged_import_does_not_make_a_new_data_version() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;
    let before = relais::models::import_runs::Model::data_version(&ctx.db)
        .await
        .unwrap();

    imports::import_establishments(ctx, &moselle_csv(ctx))
        .await
        .unwrap();
    imports::import_referentials(ctx, &data_dir(ctx).join("referentials"))
        .await
        .unwrap();

    assert!(before.is_some());
    assert_eq!(
        relais::models::import_runs::Model::data_version(&ctx.db)
            .await
            .unwrap(),
        before
    );
}
