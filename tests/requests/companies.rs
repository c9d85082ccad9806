use loco_rs::prelude::EntityTrait;
use serde_json::Value;

use crate::support::seeded_app;

fn sirets(body: &Value) -> Vec<&str> {
    body["companies"]
        .as_array()
        .expect("companies is a list")
        .iter()
        .map(|company| company["siret"].as_str().expect("siret"))
        .collect()
}

fn assert_error(body: &Value, error: &str, field: &str) {
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["field"], field, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{body}"
    );
}

#[tokio::test]
async fn k2204_around_postcode_57000_ranks_the_published_example_first() {
    let app = seeded_app().await;

    let response = app
        .server
        .get("/api/v1/companies")
        .add_query_params([
            ("rome", "K2204"),
            ("postcode", "57000"),
            ("distance_km", "10"),
            ("limit", "20"),
        ])
        .await;

    response.assert_status_ok();
    let body: Value = response.json();
    assert_eq!(
        sirets(&body)[..4],
        [
            "48186978200013",
            "49513624400011",
            "42242078600036",
            "44311888000030"
        ]
    );
    let first = &body["companies"][0];
    assert!(
        (first["expected_hirings"].as_f64().unwrap() - 263.0).abs() < 0.05,
        "{first}"
    );
    assert!(
        (first["distance_km"].as_f64().unwrap() - 2.2).abs() < 0.05,
        "{first}"
    );
    assert_eq!(first["naf"], "8121Z");
    assert_eq!(first["naf_label"], "Nettoyage courant des bâtiments");
    assert_eq!(first["stars"], 5);
    assert_eq!(first["score"], 100);
    assert_eq!(first["contact_mode"], "Se présenter spontanément");
    assert_eq!(first["commune"], "57463");
    assert_eq!(first["approximate_location"], false);
    let tied: Vec<f64> = (1..4)
        .map(|i| body["companies"][i]["expected_hirings"].as_f64().unwrap())
        .collect();
    assert!(
        tied.iter().all(|hirings| (hirings - 208.1).abs() < 0.05),
        "{tied:?}"
    );
    let distances: Vec<f64> = (1..4)
        .map(|i| body["companies"][i]["distance_km"].as_f64().unwrap())
        .collect();
    assert!(
        distances.windows(2).all(|pair| pair[0] <= pair[1]),
        "{distances:?}"
    );
    assert_eq!(body["companies"].as_array().unwrap().len(), 20);
    assert!(body["total"].as_u64().unwrap() > 1_000, "{}", body["total"]);
    assert_eq!(body["place"]["commune"], "57463");
    assert_eq!(body["place"]["name"], "METZ");
}

#[tokio::test]
async fn coordinates_commune_and_postcode_of_the_same_centre_give_the_same_ranking() {
    let app = seeded_app().await;
    let search = |place: [(&'static str, &'static str); 2]| {
        let mut params = vec![("rome", "K2204"), ("limit", "50")];
        params.extend(place.into_iter().filter(|(name, _)| !name.is_empty()));
        app.server.get("/api/v1/companies").add_query_params(params)
    };

    let by_postcode: Value = search([("postcode", "57000"), ("", "")]).await.json();
    let by_commune: Value = search([("commune", "57463"), ("", "")]).await.json();
    let by_coordinates: Value =
        search([("latitude", "49.1081133279"), ("longitude", "6.1955245421")])
            .await
            .json();

    assert_eq!(sirets(&by_postcode), sirets(&by_commune));
    assert_eq!(sirets(&by_postcode), sirets(&by_coordinates));
    assert_eq!(by_postcode["total"], by_coordinates["total"]);
    assert_eq!(by_coordinates["place"], Value::Null);
}

#[tokio::test]
async fn sort_by_distance_orders_by_distance_then_expected_hirings() {
    let app = seeded_app().await;

    let body: Value = app
        .server
        .get("/api/v1/companies")
        .add_query_params([
            ("rome", "D1102"),
            ("postcode", "57000"),
            ("sort", "distance"),
            ("limit", "100"),
        ])
        .await
        .json();

    let companies = body["companies"].as_array().unwrap();
    assert!(companies.len() > 10, "{body}");
    for pair in companies.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (da, db) = (
            a["distance_km"].as_f64().unwrap(),
            b["distance_km"].as_f64().unwrap(),
        );
        assert!(da <= db, "{a} before {b}");
        // Same place, same distance: the tie goes to expected hirings.
        if a["latitude"] == b["latitude"] && a["longitude"] == b["longitude"] {
            assert!(
                a["expected_hirings"].as_f64() >= b["expected_hirings"].as_f64(),
                "{a} before {b}"
            );
        }
    }
}

#[tokio::test]
async fn pages_follow_each_other_without_overlap() {
    let app = seeded_app().await;
    let page = |number: &'static str| {
        app.server.get("/api/v1/companies").add_query_params([
            ("rome", "K2204"),
            ("postcode", "57000"),
            ("limit", "10"),
            ("page", number),
        ])
    };

    let all: Value = app
        .server
        .get("/api/v1/companies")
        .add_query_params([("rome", "K2204"), ("postcode", "57000"), ("limit", "20")])
        .await
        .json();
    let first: Value = page("1").await.json();
    let second: Value = page("2").await.json();
    let far: Value = page("1000").await.json();

    let mut both = sirets(&first);
    both.extend(sirets(&second));
    assert_eq!(both, sirets(&all));
    assert_eq!(first["total"], all["total"]);
    assert_eq!(second["page"], 2);
    assert_eq!(far["companies"], serde_json::json!([]));
    assert_eq!(far["total"], all["total"]);
}

#[tokio::test]
async fn filters_keep_only_matching_companies() {
    let app = seeded_app().await;
    let search = |extra: (&'static str, &'static str)| {
        app.server.get("/api/v1/companies").add_query_params([
            ("rome", "K2204"),
            ("postcode", "57000"),
            ("limit", "100"),
            extra,
        ])
    };

    let all: Value = search(("distance_km", "10")).await.json();
    let sized: Value = search(("headcount_min", "11")).await.json();
    let capped: Value = search(("headcount_max", "02")).await.json();
    let by_naf: Value = search(("naf", "8121z")).await.json();
    let junior: Value = search(("flags", "junior")).await.json();

    let total = |body: &Value| body["total"].as_u64().unwrap();
    for filtered in [&sized, &capped, &by_naf, &junior] {
        assert!(
            total(filtered) > 0 && total(filtered) < total(&all),
            "{}",
            filtered["total"]
        );
    }
    for company in sized["companies"].as_array().unwrap() {
        let code = company["headcount"]["code"]
            .as_str()
            .expect("a known headcount");
        assert!(code >= "11", "{company}");
    }
    for company in capped["companies"].as_array().unwrap() {
        let code = company["headcount"]["code"]
            .as_str()
            .expect("a known headcount");
        assert!(code <= "02", "{company}");
    }
    assert!(by_naf["companies"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["naf"] == "8121Z"));
    assert!(junior["companies"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("junior"))));
}

#[tokio::test]
async fn a_place_without_companies_answers_an_empty_list() {
    let app = seeded_app().await;

    let response = app
        .server
        .get("/api/v1/companies")
        .add_query_params([("rome", "K2204"), ("commune", "2A004")])
        .await;

    response.assert_status_ok();
    let body: Value = response.json();
    assert_eq!(body["total"], 0);
    assert_eq!(body["companies"], serde_json::json!([]));
    assert_eq!(body["place"]["commune"], "2A004");
}

/// Query parameters, then the error code and field the answer must name.
type BadRequestCase = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

#[tokio::test]
async fn bad_parameters_get_400_naming_the_field() {
    let app = seeded_app().await;
    let cases: &[BadRequestCase] = &[
        (&[("postcode", "57000")], "missing_parameter", "rome"),
        (
            &[("rome", "Z9999"), ("postcode", "57000")],
            "unknown_code",
            "rome",
        ),
        (
            &[("rome", "K22"), ("postcode", "57000")],
            "invalid_parameter",
            "rome",
        ),
        (&[("rome", "K2204")], "missing_parameter", "place"),
        (
            &[("rome", "K2204"), ("latitude", "91"), ("longitude", "6.19")],
            "invalid_parameter",
            "latitude",
        ),
        (
            &[("rome", "K2204"), ("latitude", "49.1")],
            "missing_parameter",
            "longitude",
        ),
        (
            &[
                ("rome", "K2204"),
                ("latitude", "north"),
                ("longitude", "6.19"),
            ],
            "invalid_parameter",
            "latitude",
        ),
        (
            &[
                ("rome", "K2204"),
                ("latitude", "49.1"),
                ("longitude", "6.19"),
                ("postcode", "57000"),
            ],
            "invalid_parameter",
            "place",
        ),
        (
            &[("rome", "K2204"), ("postcode", "5700")],
            "invalid_parameter",
            "postcode",
        ),
        (
            &[("rome", "K2204"), ("postcode", "99999")],
            "unknown_code",
            "postcode",
        ),
        (
            &[("rome", "K2204"), ("commune", "57999")],
            "unknown_code",
            "commune",
        ),
        (
            &[
                ("rome", "K2204"),
                ("postcode", "57000"),
                ("distance_km", "-5"),
            ],
            "invalid_parameter",
            "distance_km",
        ),
        (
            &[
                ("rome", "K2204"),
                ("postcode", "57000"),
                ("distance_km", "0"),
            ],
            "invalid_parameter",
            "distance_km",
        ),
        (
            &[
                ("rome", "K2204"),
                ("postcode", "57000"),
                ("distance_km", "10000"),
            ],
            "invalid_parameter",
            "distance_km",
        ),
        (
            &[("rome", "K2204"), ("postcode", "57000"), ("limit", "0")],
            "invalid_parameter",
            "limit",
        ),
        (
            &[("rome", "K2204"), ("postcode", "57000"), ("limit", "10000")],
            "invalid_parameter",
            "limit",
        ),
        (
            &[("rome", "K2204"), ("postcode", "57000"), ("page", "0")],
            "invalid_parameter",
            "page",
        ),
        (
            &[("rome", "K2204"), ("postcode", "57000"), ("sort", "name")],
            "invalid_parameter",
            "sort",
        ),
        (
            &[
                ("rome", "K2204"),
                ("postcode", "57000"),
                ("headcount_min", "13"),
            ],
            "invalid_parameter",
            "headcount_min",
        ),
        (
            &[
                ("rome", "K2204"),
                ("postcode", "57000"),
                ("headcount_min", "21"),
                ("headcount_max", "11"),
            ],
            "invalid_parameter",
            "headcount_max",
        ),
        (
            &[("rome", "K2204"), ("postcode", "57000"), ("naf", "0000Z")],
            "unknown_code",
            "naf",
        ),
        (
            &[("rome", "K2204"), ("postcode", "57000"), ("flags", "young")],
            "invalid_parameter",
            "flags",
        ),
    ];

    for (params, error, field) in cases {
        let response = app
            .server
            .get("/api/v1/companies")
            .add_query_params(params.to_vec())
            .await;
        assert_eq!(
            response.status_code(),
            400,
            "{params:?}: {}",
            response.text()
        );
        assert_error(&response.json(), error, field);
    }
}

#[tokio::test]
async fn a_company_shows_its_details_and_likely_jobs() {
    let app = seeded_app().await;

    let response = app.server.get("/api/v1/companies/48186978200013").await;

    response.assert_status_ok();
    let body: Value = response.json();
    assert_eq!(body["siret"], "48186978200013");
    assert_eq!(body["name"], "REIBEL PASCAL");
    assert_eq!(body["likely_jobs"][0]["rome"], "K2204");
    assert!((body["likely_jobs"][0]["expected_hirings"].as_f64().unwrap() - 263.0).abs() < 0.05);
    let hirings: Vec<f64> = body["likely_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["expected_hirings"].as_f64().unwrap())
        .collect();
    assert!(
        hirings.windows(2).all(|pair| pair[0] >= pair[1]),
        "{hirings:?}"
    );
}

#[tokio::test]
async fn a_siret_with_leading_zeros_keeps_them() {
    let app = seeded_app().await;

    let body: Value = app
        .server
        .get("/api/v1/companies/01625043300220")
        .await
        .json();

    assert_eq!(body["siret"], "01625043300220");
    assert_eq!(body["name"], "CHAUSSURES CENDRY");
    assert_eq!(body["phone"], Value::Null);
}

#[tokio::test]
async fn a_malformed_siret_is_400_and_an_unknown_one_404() {
    let app = seeded_app().await;

    let malformed = app.server.get("/api/v1/companies/4818697820").await;
    let unknown = app.server.get("/api/v1/companies/00000000000000").await;
    let no_endpoint = app.server.get("/api/v1/nowhere").await;

    assert_eq!(malformed.status_code(), 400);
    assert_error(&malformed.json(), "invalid_parameter", "siret");
    assert_eq!(unknown.status_code(), 404);
    assert_eq!(unknown.json::<Value>()["error"], "not_found");
    assert_eq!(no_endpoint.status_code(), 404);
    assert_eq!(no_endpoint.json::<Value>()["error"], "not_found");
}

#[tokio::test]
async fn a_running_server_answers_from_new_data_after_an_import() {
    let app = seeded_app().await;
    let search = || {
        app.server.get("/api/v1/companies").add_query_params([
            ("rome", "D1102"),
            ("latitude", "49.2"),
            ("longitude", "6.5"),
            ("distance_km", "1"),
        ])
    };
    let before: Value = search().await.json();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.csv");
    std::fs::write(
        &file,
        "siret,raisonsociale,codenaf,codecommune,coordinates_x,coordinates_y,hiring\n\
         12345678900011,BOULANGERIE NOUVELLE,1071C,57463,6.5,49.2,12\n",
    )
    .unwrap();

    relais::tasks::imports::import_establishments(&app.ctx, &file)
        .await
        .unwrap();
    let after: Value = search().await.json();

    assert_eq!(before["total"], 0, "{before}");
    assert_eq!(after["total"], 1, "{after}");
    assert_eq!(after["companies"][0]["siret"], "12345678900011");
    assert_eq!(after["companies"][0]["distance_km"], 0.0);
}

#[tokio::test]
async fn malformed_requests_get_json_errors_too() {
    let app = seeded_app().await;

    let repeated = app
        .server
        .get("/api/v1/companies?rome=K2204&rome=A1101&postcode=57000")
        .await;
    let not_utf8 = app.server.get("/api/v1/companies/%FF").await;
    let wrong_method = app.server.post("/api/v1/companies").await;
    let bare_api = app.server.get("/api").await;
    let empty_means_default: Value = app
        .server
        .get("/api/v1/companies?rome=K2204&postcode=57000&distance_km=&limit=&sort=DISTANCE&flags=JUNIOR")
        .await
        .json();

    assert_eq!(repeated.status_code(), 400);
    assert_eq!(repeated.json::<Value>()["field"], "rome");
    assert_eq!(not_utf8.status_code(), 400);
    assert_eq!(not_utf8.json::<Value>()["field"], "path");
    assert_eq!(wrong_method.status_code(), 405);
    assert_eq!(wrong_method.json::<Value>()["error"], "method_not_allowed");
    assert_eq!(bare_api.status_code(), 404);
    assert_eq!(bare_api.json::<Value>()["error"], "not_found");
    assert_eq!(empty_means_default["limit"], 20);
    assert!(empty_means_default["total"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn a_shared_postcode_is_centred_on_the_town_it_divides() {
    let app = seeded_app().await;

    let body: Value = app
        .server
        .get("/api/v1/companies")
        .add_query_params([("rome", "K2204"), ("postcode", "57070")])
        .await
        .json();

    assert_eq!(body["place"]["name"], "METZ");
    assert_eq!(body["place"]["postcode"], "57070");
}

#[tokio::test]
async fn looking_up_more_companies_than_one_query_holds_finds_them_all() {
    let app = seeded_app().await;
    let sirets: Vec<relais::domain::Siret> =
        relais::models::_entities::establishments::Entity::find()
            .all(&app.ctx.db)
            .await
            .unwrap()
            .into_iter()
            .take(1_234)
            .map(|row| relais::domain::Siret::parse(&row.siret).unwrap())
            .collect();
    assert_eq!(sirets.len(), 1_234);
    let found = relais::models::establishments::Model::find_by_sirets(&app.ctx.db, &sirets)
        .await
        .unwrap();
    assert_eq!(found.len(), 1_234);
    assert!(sirets.iter().all(|siret| found.contains_key(siret)));
}
