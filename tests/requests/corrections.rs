//! The platform admin's company corrections, on the real Moselle data:
//! hiding, display fields, boosts, and what a new import leaves alone.

use axum::http::Method;
use serde_json::{json, Value};

use crate::support::{
    moselle_csv,
    people::{send, Persona, World, METZ_COMPANY},
    seeded_app, SeededApp,
};

/// Second of K2204 around 57000, and among the seekers' proposals.
const SECOND: &str = "49513624400011";
const THIRD: &str = "42242078600036";

fn correction_path(siret: &str) -> String {
    format!("/api/v1/companies/{siret}/correction")
}

/// The cleaning companies around Metz, best first: (SIRET, expected hirings).
async fn search(app: &SeededApp, limit: usize) -> (Vec<(String, f64)>, u64) {
    let response = app
        .server
        .get("/api/v1/companies")
        .add_query_params([
            ("rome", "K2204"),
            ("postcode", "57000"),
            ("distance_km", "10"),
            ("limit", &limit.to_string()),
        ])
        .await;
    response.assert_status_ok();
    let body: Value = response.json();
    let companies = body["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|company| {
            (
                company["siret"].as_str().unwrap().to_string(),
                company["expected_hirings"].as_f64().unwrap(),
            )
        })
        .collect();
    (companies, body["total"].as_u64().unwrap())
}

fn sirets(found: &[(String, f64)]) -> Vec<&str> {
    found.iter().map(|(siret, _)| siret.as_str()).collect()
}

/// The SIRETs of the target seeker's shortlist, as their counsellor sees it.
async fn shortlist(app: &SeededApp, world: &World) -> Vec<String> {
    let path = format!(
        "/api/v1/orgs/{}/seekers/{}/shortlist",
        world.org.pid, world.target_seeker.pid
    );
    let response = send(
        &app.server,
        Method::GET,
        &path,
        Some(&world.counsellor),
        None,
    )
    .await;
    response.assert_status_ok();
    let body: Value = response.json();
    body["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["siret"].as_str().unwrap().to_string())
        .collect()
}

async fn put(app: &SeededApp, persona: &Persona, siret: &str, body: &Value) -> (u16, Value) {
    let response = send(
        &app.server,
        Method::PUT,
        &correction_path(siret),
        Some(persona),
        Some(body),
    )
    .await;
    let status = response.status_code().as_u16();
    let text = response.text();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn stored(app: &SeededApp, world: &World, siret: &str) -> Value {
    let response = send(
        &app.server,
        Method::GET,
        &correction_path(siret),
        Some(&world.platform_admin),
        None,
    )
    .await;
    response.assert_status_ok();
    response.json()
}

async fn detail(app: &SeededApp, siret: &str) -> (u16, Value) {
    let response = app.server.get(&format!("/api/v1/companies/{siret}")).await;
    let status = response.status_code().as_u16();
    (status, response.json())
}

#[tokio::test]
async fn a_hidden_company_leaves_the_search_and_the_shortlist_and_comes_back_when_the_correction_goes(
) {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let (before, total_before) = search(&app, 5).await;
    assert_eq!(sirets(&before)[1], SECOND);
    assert!(shortlist(&app, &world).await.contains(&SECOND.to_string()));

    let (status, body) = put(
        &app,
        &world.platform_admin,
        SECOND,
        &json!({"hidden": true, "hidden_reason": "Établissement fermé"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["correction"]["hidden"], true);
    assert_eq!(body["correction"]["hidden_reason"], "Établissement fermé");
    assert_eq!(body["imported"]["siret"], SECOND);

    let (during, total_during) = search(&app, 100).await;
    assert!(!sirets(&during).contains(&SECOND), "{during:?}");
    assert_eq!(total_during, total_before - 1);
    assert_eq!(
        sirets(&during)[..3],
        [METZ_COMPANY, THIRD, "44311888000030"]
    );
    assert!(!shortlist(&app, &world).await.contains(&SECOND.to_string()));
    assert_eq!(detail(&app, SECOND).await.0, 404);

    let response = send(
        &app.server,
        Method::DELETE,
        &correction_path(SECOND),
        Some(&world.platform_admin),
        None,
    )
    .await;
    assert_eq!(response.status_code().as_u16(), 204);

    let (after, total_after) = search(&app, 5).await;
    assert_eq!(sirets(&after), sirets(&before));
    assert_eq!(total_after, total_before);
    assert!(shortlist(&app, &world).await.contains(&SECOND.to_string()));
    assert_eq!(detail(&app, SECOND).await.0, 200);
    assert!(stored(&app, &world, SECOND).await["correction"].is_null());

    let again = send(
        &app.server,
        Method::DELETE,
        &correction_path(SECOND),
        Some(&world.platform_admin),
        None,
    )
    .await;
    assert_eq!(again.status_code().as_u16(), 404);
    assert!(again.text().contains("has no correction"));

    let audit: Value = send(
        &app.server,
        Method::GET,
        "/api/v1/audit",
        Some(&world.platform_admin),
        None,
    )
    .await
    .json();
    let actions: Vec<(&str, &str)> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["subject"] == SECOND)
        .map(|event| {
            (
                event["action"].as_str().unwrap(),
                event["actor"]["email"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("company_correction_removed", "plateforme@relais.test"),
            ("company_corrected", "plateforme@relais.test"),
        ]
    );
}

#[tokio::test]
async fn a_boost_moves_a_company_up_for_its_job() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let (before, total) = search(&app, 40).await;
    let (boosted, hirings) = before[30].clone();

    let (status, body) = put(
        &app,
        &world.platform_admin,
        &boosted,
        &json!({"boosts": [{"rome": "K2204", "factor": 10}]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["correction"]["boosts"],
        json!([{"rome": "K2204", "factor": 10.0}])
    );

    let (after, total_after) = search(&app, 40).await;
    assert_eq!(total_after, total);
    let position = after
        .iter()
        .position(|(siret, _)| *siret == boosted)
        .expect("still found");
    assert!(position < 30, "{boosted} at {position}");
    let (_, boosted_hirings) = &after[position];
    assert!(
        (boosted_hirings - hirings * 10.0).abs() < 0.01,
        "{hirings} → {boosted_hirings}"
    );
    let (_, company) = detail(&app, &boosted).await;
    let job = company["likely_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|job| job["rome"] == "K2204")
        .expect("K2204 among its jobs");
    assert!((job["expected_hirings"].as_f64().unwrap() - boosted_hirings).abs() < 0.01);
}

#[tokio::test]
async fn corrections_survive_a_new_import_of_the_establishments() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let (status, body) = put(
        &app,
        &world.platform_admin,
        THIRD,
        &json!({"hidden": true, "hidden_reason": "Doublon"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = put(
        &app,
        &world.platform_admin,
        METZ_COMPANY,
        &json!({"name": "Reibel Propreté", "phone": "03.87.12.34.56",
                "email": "Contact@Reibel.example", "website": "https://reibel.example/"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["correction"]["phone"], "03 87 12 34 56");
    assert_eq!(body["correction"]["email"], "contact@reibel.example");
    assert_eq!(body["imported"]["name"], "REIBEL PASCAL");

    // The whole file again, then a file where the company changed its name.
    relais::tasks::imports::import_establishments(&app.ctx, &moselle_csv(&app.ctx))
        .await
        .unwrap();
    import_renamed_metz_company(&app).await;

    let (found, _) = search(&app, 20).await;
    assert!(!sirets(&found).contains(&THIRD), "{found:?}");
    assert_eq!(sirets(&found)[0], METZ_COMPANY);
    let (_, company) = detail(&app, METZ_COMPANY).await;
    assert_eq!(company["name"], "Reibel Propreté");
    assert!(company["trade_name"].is_null());
    assert_eq!(company["phone"], "03 87 12 34 56");
    assert_eq!(company["email"], "contact@reibel.example");
    assert_eq!(company["website"], "https://reibel.example/");
    let first: Value = app
        .server
        .get("/api/v1/companies")
        .add_query_params([("rome", "K2204"), ("postcode", "57000"), ("limit", "1")])
        .await
        .json();
    assert_eq!(first["companies"][0]["name"], "Reibel Propreté");
    let kept = stored(&app, &world, METZ_COMPANY).await;
    assert_eq!(kept["imported"]["name"], "REIBEL PASCAL SARL");
    assert_eq!(kept["correction"]["name"], "Reibel Propreté");
    assert_eq!(
        stored(&app, &world, THIRD).await["correction"]["hidden"],
        true
    );
}

#[tokio::test]
async fn bad_fields_are_each_named_and_nothing_is_stored() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let (status, _) = put(
        &app,
        &world.platform_admin,
        METZ_COMPANY,
        &json!({"name": "Reibel Propreté"}),
    )
    .await;
    assert_eq!(status, 200);

    let (status, body) = put(
        &app,
        &world.platform_admin,
        METZ_COMPANY,
        &json!({"hidden": true, "name": "Nouveau nom", "phone": "abc", "email": "contact@",
                "website": "ftp://reibel.example",
                "boosts": [{"rome": "Z9999", "factor": 2}, {"rome": "K2204", "factor": 0}]}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_parameter");
    assert_eq!(
        body["fields"],
        json!([
            "phone",
            "email",
            "website",
            "hidden_reason",
            "boosts[0].rome",
            "boosts[1].factor"
        ])
    );
    assert_eq!(body["field"], "phone");
    let message = body["message"].as_str().unwrap();
    for part in [
        "\"abc\"",
        "\"contact@\"",
        "ftp://",
        "Z9999 is not a known ROME code",
        "got 0",
    ] {
        assert!(message.contains(part), "{part}: {message}");
    }

    for (bad, error, field) in [
        (
            json!({"boosts": [{"rome": "Z9999", "factor": 2}]}),
            "unknown_code",
            "boosts[0].rome",
        ),
        (
            json!({"boosts": [{"rome": "K22", "factor": 2}]}),
            "invalid_parameter",
            "boosts[0].rome",
        ),
        (
            json!({"boosts": [{"rome": "K2204"}]}),
            "missing_parameter",
            "boosts[0].factor",
        ),
        (
            json!({"hidden": true}),
            "missing_parameter",
            "hidden_reason",
        ),
        (
            json!({"hidden_reason": "fermé"}),
            "invalid_parameter",
            "hidden_reason",
        ),
        (
            json!({"website": "reibel.example"}),
            "invalid_parameter",
            "website",
        ),
        (json!({}), "missing_parameter", "body"),
        (json!({"nom": "x"}), "invalid_parameter", "body"),
    ] {
        let (status, body) = put(&app, &world.platform_admin, METZ_COMPANY, &bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"], error, "{bad}: {body}");
        if field != "body" {
            assert_eq!(body["field"], field, "{bad}: {body}");
        }
    }

    let kept = stored(&app, &world, METZ_COMPANY).await;
    assert_eq!(kept["correction"]["name"], "Reibel Propreté");
    assert_eq!(kept["correction"]["phone"], Value::Null);
    assert_eq!(kept["correction"]["boosts"], json!([]));
    assert_eq!(kept["correction"]["hidden"], false);

    let (status, body) = put(
        &app,
        &world.platform_admin,
        "12345678901234",
        &json!({"name": "X"}),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = put(
        &app,
        &world.platform_admin,
        "4818697820001",
        &json!({"name": "X"}),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("siret")),
        "{body}"
    );
}

#[tokio::test]
async fn only_the_platform_admin_corrects_companies() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    let hide = json!({"hidden": true, "hidden_reason": "fermé"});

    for (persona, expected) in [
        (None, 401),
        (Some(&world.seeker), 403),
        (Some(&world.counsellor), 403),
        (Some(&world.admin), 403),
    ] {
        for method in [Method::GET, Method::PUT, Method::DELETE] {
            let body = (method == Method::PUT).then_some(&hide);
            let response = send(
                &app.server,
                method.clone(),
                &correction_path(SECOND),
                persona,
                body,
            )
            .await;
            assert_eq!(response.status_code().as_u16(), expected, "{method}");
        }
    }
    assert!(stored(&app, &world, SECOND).await["correction"].is_null());
    assert_eq!(sirets(&search(&app, 5).await.0)[1], SECOND);
}

/// Imports a file of one row: `METZ_COMPANY` as in the Moselle file, but
/// named "REIBEL PASCAL SARL".
async fn import_renamed_metz_company(app: &SeededApp) {
    let source = std::fs::read_to_string(moselle_csv(&app.ctx)).unwrap();
    let header = source.lines().next().unwrap();
    let line = source
        .lines()
        .find(|line| line.starts_with(METZ_COMPANY))
        .unwrap()
        .replace("REIBEL PASCAL,", "REIBEL PASCAL SARL,");
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("changed.csv");
    std::fs::write(&changed, format!("{header}\n{line}\n")).unwrap();
    relais::tasks::imports::import_establishments(&app.ctx, &changed)
        .await
        .unwrap();
}

/// The name the public search shows for `siret` among the first 20.
async fn shown_name(app: &SeededApp, siret: &str) -> Value {
    let body: Value = app
        .server
        .get("/api/v1/companies")
        .add_query_params([
            ("rome", "K2204"),
            ("postcode", "57000"),
            ("distance_km", "10"),
            ("limit", "20"),
        ])
        .await
        .json();
    body["companies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|company| company["siret"] == siret)
        .map_or(Value::Null, |company| company["name"].clone())
}

#[tokio::test]
async fn a_company_the_search_showed_shows_its_correction_and_its_new_name_at_once() {
    let app = seeded_app().await;
    let world = World::build(&app.ctx).await;
    // Shown once: the server keeps its details for the next searches.
    assert_eq!(shown_name(&app, METZ_COMPANY).await, "REIBEL PASCAL");
    assert_eq!(shown_name(&app, METZ_COMPANY).await, "REIBEL PASCAL");

    let (status, body) = put(
        &app,
        &world.platform_admin,
        METZ_COMPANY,
        &json!({"name": "Reibel Propreté"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(shown_name(&app, METZ_COMPANY).await, "Reibel Propreté");

    let removed = send(
        &app.server,
        Method::DELETE,
        &correction_path(METZ_COMPANY),
        Some(&world.platform_admin),
        None,
    )
    .await;
    assert_eq!(removed.status_code(), 204);
    assert_eq!(shown_name(&app, METZ_COMPANY).await, "REIBEL PASCAL");

    // A new import that renames it.
    import_renamed_metz_company(&app).await;
    assert_eq!(shown_name(&app, METZ_COMPANY).await, "REIBEL PASCAL SARL");
}
