//! The OpenAPI 3 description of the API, generated from the handlers'
//! annotations. A test compares it with the routes the app really serves.

use axum::Json;
use loco_rs::prelude::{get, Routes};
use utoipa::OpenApi;

use super::{companies, places};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Relais API",
        description = "Companies likely to hire for a job near a place, predicted from hiring data."
    ),
    paths(companies::search, companies::show, places::jobs, places::places, document),
    tags(
        (name = "companies", description = "Search companies likely to hire"),
        (name = "autocomplete", description = "Jobs and places for a search form"),
        (name = "meta", description = "This description"),
    )
)]
pub struct ApiDoc;

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3 document of this API"))
)]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn routes() -> Routes {
    Routes::new().add("/api/v1/openapi.json", get(document))
}
