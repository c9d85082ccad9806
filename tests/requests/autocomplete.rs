use serde_json::Value;

use crate::support::seeded_app;

#[tokio::test]
async fn job_titles_are_found_by_their_beginning_without_accents() {
    let app = seeded_app().await;

    let bakers: Value = app
        .server
        .get("/api/v1/jobs")
        .add_query_param("q", "boulang")
        .await
        .json();
    let electricians: Value = app
        .server
        .get("/api/v1/jobs")
        .add_query_param("q", "electricien")
        .await
        .json();

    let jobs = bakers["jobs"].as_array().unwrap();
    assert!(!jobs.is_empty());
    assert!(jobs.iter().any(|job| job["rome"] == "D1102"), "{bakers}");
    assert!(
        jobs[0]["label"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("boulang"),
        "{bakers}"
    );
    assert!(
        electricians["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|job| job["label"].as_str().unwrap().starts_with("Électricien")),
        "{electricians}"
    );
}

#[tokio::test]
async fn a_rome_code_typed_as_such_comes_first() {
    let app = seeded_app().await;

    let body: Value = app
        .server
        .get("/api/v1/jobs")
        .add_query_param("q", "k2204")
        .await
        .json();

    assert_eq!(body["jobs"][0]["rome"], "K2204");
    assert_eq!(body["jobs"][0]["ogr_code"], Value::Null);
}

#[tokio::test]
async fn places_are_found_by_name_and_by_postcode() {
    let app = seeded_app().await;

    let by_name: Value = app
        .server
        .get("/api/v1/places")
        .add_query_param("q", "metz")
        .await
        .json();
    let by_postcode: Value = app
        .server
        .get("/api/v1/places")
        .add_query_param("q", "57000")
        .await
        .json();
    let corsica: Value = app
        .server
        .get("/api/v1/places")
        .add_query_param("q", "ajaccio")
        .await
        .json();

    assert_eq!(by_name["places"][0]["commune"], "57463");
    assert_eq!(by_name["places"][0]["label"], "METZ (57000)");
    assert_eq!(by_postcode["places"][0]["commune"], "57463");
    assert!(
        (by_postcode["places"][0]["latitude"].as_f64().unwrap() - 49.108_113_327_9).abs() < 1e-9
    );
    assert_eq!(corsica["places"][0]["commune"], "2A004");
}

#[tokio::test]
async fn a_missing_or_too_short_query_is_400() {
    let app = seeded_app().await;

    let missing = app.server.get("/api/v1/jobs").await;
    let short = app
        .server
        .get("/api/v1/places")
        .add_query_param("q", "m")
        .await;
    let bad_limit = app
        .server
        .get("/api/v1/places")
        .add_query_params([("q", "metz"), ("limit", "0")])
        .await;

    assert_eq!(missing.status_code(), 400);
    assert_eq!(missing.json::<Value>()["field"], "q");
    assert_eq!(short.status_code(), 400);
    assert_eq!(short.json::<Value>()["error"], "invalid_parameter");
    assert_eq!(bad_limit.status_code(), 400);
    assert_eq!(bad_limit.json::<Value>()["field"], "limit");
}

#[tokio::test]
async fn saint_is_found_as_la_poste_abbreviates_it_and_a_whole_word_ranks_first() {
    let app = seeded_app().await;

    let saint: Value = app
        .server
        .get("/api/v1/places")
        .add_query_param("q", "Saint-Avold")
        .await
        .json();
    let paris: Value = app
        .server
        .get("/api/v1/places")
        .add_query_param("q", "paris")
        .await
        .json();

    assert_eq!(saint["places"][0]["name"], "ST AVOLD");
    assert!(
        paris["places"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with("PARIS "),
        "{paris}"
    );
}
