//! Unknown API paths answer a JSON 404, not the web interface's page that
//! the static files fallback would serve.

use axum::routing::any;
use loco_rs::prelude::Routes;

use super::api_error::ApiError;

async fn unknown_path(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint at {}", uri.path()))
}

pub fn routes() -> Routes {
    Routes::new().add("/api/{*path}", any(unknown_path))
}
