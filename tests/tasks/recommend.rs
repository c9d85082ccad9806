use relais::tasks::recommend::recommend;

use super::vars;
use crate::support::{boot, seeded_db};

#[tokio::test]
async fn recommend_prints_the_ranked_table() {
    let db = seeded_db().await;
    let booted = boot(&db).await;

    let table = recommend(
        &booted.app_context,
        &vars(&[
            ("rome", "K2204"),
            ("place", "57000"),
            ("distance_km", "10"),
            ("limit", "4"),
        ]),
    )
    .await
    .unwrap();

    let rows: Vec<&str> = table.lines().filter(|line| line.contains("┆")).collect();
    assert!(
        table.starts_with("K2204 Nettoyage de locaux — 10 km around METZ (57000)"),
        "{table}"
    );
    assert_eq!(rows.len(), 5, "header and 4 companies:\n{table}");
    assert!(
        rows[1].contains("48186978200013") && rows[1].contains("263.0"),
        "{table}"
    );
    assert!(rows[4].contains("44311888000030"), "{table}");
}

#[tokio::test]
async fn recommend_names_the_bad_argument() {
    let db = seeded_db().await;
    let booted = boot(&db).await;
    let ctx = &booted.app_context;

    let no_rome = recommend(ctx, &vars(&[("place", "57000")]))
        .await
        .unwrap_err();
    let bad_place = recommend(
        ctx,
        &vars(&[("rome", "K2204"), ("place", "nowhere-at-all")]),
    )
    .await
    .unwrap_err();
    let bad_radius = recommend(
        ctx,
        &vars(&[("rome", "K2204"), ("place", "57000"), ("distance_km", "-1")]),
    )
    .await
    .unwrap_err();

    assert!(no_rome.to_string().contains("rome"), "{no_rome}");
    assert!(bad_place.to_string().contains("place"), "{bad_place}");
    assert!(
        bad_radius.to_string().contains("distance_km"),
        "{bad_radius}"
    );
}
