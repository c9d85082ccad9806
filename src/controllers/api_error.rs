//! The one error type of the HTTP API. Every variant maps, in one exhaustive
//! match, to a status and a stable code, so a new kind of failure cannot fall
//! into a 500 by accident. Bodies are `{"error", "field", "message"}`.

use std::borrow::Cow;

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
        field: Cow<'static, str>,
        message: String,
    },
    /// A parameter is malformed or out of range.
    #[error("{message}")]
    InvalidParameter {
        field: Cow<'static, str>,
        message: String,
    },
    /// A well-formed code that no nomenclature knows (ROME, NAF, commune).
    #[error("{message}")]
    UnknownCode {
        field: Cow<'static, str>,
        message: String,
    },
    /// Several fields of a body are wrong: `fields` names each of them, the
    /// message says what is wrong with each.
    #[error("{message}")]
    InvalidFields {
        fields: Vec<String>,
        message: String,
    },
    /// The request needs a signed-in person.
    #[error("sign in first")]
    Unauthenticated,
    /// Wrong email or password (which of the two is not said).
    #[error("wrong email or password")]
    InvalidCredentials,
    /// Signed in, but this role may not do this here.
    #[error("{message}")]
    Forbidden { message: String },
    /// A write without the session's CSRF token.
    #[error("the X-CSRF-Token header is missing or does not match the session")]
    CsrfTokenInvalid,
    /// The resource does not exist (or is not visible to the caller).
    #[error("{message}")]
    NotFound { message: String },
    /// The path exists, not with this method.
    #[error("{message}")]
    MethodNotAllowed { message: String },
    /// The request clashes with the current state (a taken address…).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// A link that worked once and no longer does (used, revoked, expired).
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    /// Too many attempts; try again later.
    #[error("{message}")]
    TooManyAttempts { message: String },
    /// Anything unexpected: logged, and answered without details.
    #[error(transparent)]
    Internal(#[from] loco_rs::Error),
}

impl ApiError {
    /// `field` names the parameter, or a path in a document (`target_jobs[1].rome`).
    pub fn missing(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::MissingParameter {
            field: field.into(),
            message: message.into(),
        }
    }

    /// `field` names the parameter, or a path in a document (`target_jobs[1].rome`).
    pub fn invalid(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::InvalidParameter {
            field: field.into(),
            message: message.into(),
        }
    }

    /// `field` names the parameter, or a path in a document (`target_jobs[1].rome`).
    pub fn unknown(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::UnknownCode {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound {
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden {
            message: message.into(),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, Option<&str>) {
        match self {
            Self::MissingParameter { field, .. } => (
                StatusCode::BAD_REQUEST,
                "missing_parameter",
                Some(field.as_ref()),
            ),
            Self::InvalidParameter { field, .. } => (
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                Some(field.as_ref()),
            ),
            Self::UnknownCode { field, .. } => (
                StatusCode::BAD_REQUEST,
                "unknown_code",
                Some(field.as_ref()),
            ),
            Self::InvalidFields { fields, .. } => (
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                fields.first().map(String::as_str),
            ),
            Self::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", None),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials", None),
            Self::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden", None),
            Self::CsrfTokenInvalid => (StatusCode::FORBIDDEN, "csrf_token_invalid", None),
            Self::NotFound { .. } => (StatusCode::NOT_FOUND, "not_found", None),
            Self::MethodNotAllowed { .. } => {
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None)
            }
            Self::Conflict { code, .. } => (StatusCode::CONFLICT, code, None),
            Self::Gone { code, .. } => (StatusCode::GONE, code, None),
            Self::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", None)
            }
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
        let fields = match &self {
            Self::InvalidFields { fields, .. } => Some(fields.clone()),
            _ => None,
        };
        let body = ErrorBody {
            error,
            field: field.map(str::to_string),
            fields,
            message,
        };
        (status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
