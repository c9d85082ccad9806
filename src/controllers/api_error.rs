//! The one error type of the HTTP API. Every variant maps, in one exhaustive
//! match, to a status and a stable code, so a new kind of failure cannot fall
//! into a 500 by accident. Bodies are `{"error", "field", "message"}`.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use loco_rs::model::ModelError;

use crate::views::error::ErrorBody;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// A required parameter is absent.
    #[error("{message}")]
    MissingParameter {
        field: &'static str,
        message: String,
    },
    /// A parameter is malformed or out of range.
    #[error("{message}")]
    InvalidParameter {
        field: &'static str,
        message: String,
    },
    /// A well-formed code that no nomenclature knows (ROME, NAF, commune).
    #[error("{message}")]
    UnknownCode {
        field: &'static str,
        message: String,
    },
    /// The resource does not exist (or is not visible to the caller).
    #[error("{message}")]
    NotFound { message: String },
    /// Anything unexpected: logged, and answered without details.
    #[error(transparent)]
    Internal(#[from] loco_rs::Error),
}

impl ApiError {
    pub fn missing(field: &'static str, message: impl Into<String>) -> Self {
        Self::MissingParameter {
            field,
            message: message.into(),
        }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidParameter {
            field,
            message: message.into(),
        }
    }

    pub fn unknown(field: &'static str, message: impl Into<String>) -> Self {
        Self::UnknownCode {
            field,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound {
            message: message.into(),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, Option<&'static str>) {
        match self {
            Self::MissingParameter { field, .. } => {
                (StatusCode::BAD_REQUEST, "missing_parameter", Some(field))
            }
            Self::InvalidParameter { field, .. } => {
                (StatusCode::BAD_REQUEST, "invalid_parameter", Some(field))
            }
            Self::UnknownCode { field, .. } => {
                (StatusCode::BAD_REQUEST, "unknown_code", Some(field))
            }
            Self::NotFound { .. } => (StatusCode::NOT_FOUND, "not_found", None),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error", None),
        }
    }
}

impl From<ModelError> for ApiError {
    fn from(err: ModelError) -> Self {
        Self::Internal(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, field) = self.parts();
        let message = if let Self::Internal(err) = &self {
            tracing::error!(error = %err, "request failed");
            "an unexpected error occurred; it has been logged".to_string()
        } else {
            self.to_string()
        };
        let body = ErrorBody {
            error,
            field: field.map(str::to_string),
            message,
        };
        (status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
