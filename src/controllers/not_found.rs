//! Unknown API paths answer a JSON 404, not the web interface's page that
//! the static files fallback would serve.

use axum::routing::any;
use loco_rs::prelude::Routes;

use super::api_error::ApiError;

async fn unknown_path(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint at {}", uri.path()))
}

/// A known API path called with a method it does not serve.
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::MethodNotAllowed {
        message: format!("{} does not answer {method}", uri.path()),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .add("/api", any(unknown_path))
        .add("/api/{*path}", any(unknown_path))
}
