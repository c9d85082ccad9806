use serde_json::Value;

use crate::support::seeded_app;

/// An OpenAPI path template for an axum route: `{siret}` is written the same
/// way in both.
fn documented(doc: &Value, uri: &str, method: &str) -> bool {
    doc["paths"][uri][method.to_lowercase()].is_object()
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = seeded_app().await;

    let response = app.server.get("/api/v1/openapi.json").await;
    response.assert_status_ok();
    let doc: Value = response.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );

    let routes = loco_rs::boot::list_endpoints::<relais::app::App>(&app.ctx);
    let mut checked = 0;
    for route in routes
        .iter()
        .filter(|route| route.uri.starts_with("/api/v1/"))
    {
        for method in &route.actions {
            assert!(
                documented(&doc, &route.uri, method.as_str()),
                "{method} {} is served but not in /api/v1/openapi.json",
                route.uri
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} API routes found");
}
