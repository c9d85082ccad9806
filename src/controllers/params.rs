//! Turning query-string values into typed values, with an error that names
//! the parameter and says what is expected.

use super::api_error::{ApiError, ApiResult};

/// An optional parameter given empty (`distance_km=`) counts as absent.
#[must_use]
pub fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|value| !value.trim().is_empty())
}

/// Parses a value with a domain type's parser.
pub fn parse<T, E: std::fmt::Display>(
    value: &str,
    field: &'static str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> ApiResult<T> {
    parse(value).map_err(|err| ApiError::invalid(field, format!("{field}: {err}")))
}

pub fn required_f64(value: Option<&str>, field: &'static str) -> ApiResult<f64> {
    let value = value.ok_or_else(|| {
        ApiError::missing(
            field,
            format!("{field} is required with the other coordinate"),
        )
    })?;
    number(value, field)
}

fn number(value: &str, field: &'static str) -> ApiResult<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|number| number.is_finite())
        .ok_or_else(|| ApiError::invalid(field, format!("{field} must be a number, got {value:?}")))
}

/// A number greater than 0 and at most `max`, or `default` when absent.
pub fn bounded_f64(
    value: Option<&str>,
    field: &'static str,
    default: f64,
    max: f64,
) -> ApiResult<f64> {
    let Some(value) = present(value) else {
        return Ok(default);
    };
    let number = number(value, field)?;
    if number > 0.0 && number <= max {
        Ok(number)
    } else {
        Err(ApiError::invalid(
            field,
            format!("{field} must be greater than 0 and at most {max}, got {value}"),
        ))
    }
}

/// A whole number between `min` and `max`, or `default` when absent.
pub fn bounded_usize(
    value: Option<&str>,
    field: &'static str,
    default: usize,
    min: usize,
    max: usize,
) -> ApiResult<usize> {
    let Some(value) = present(value) else {
        return Ok(default);
    };
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|number| (min..=max).contains(number))
        .ok_or_else(|| {
            ApiError::invalid(
                field,
                format!("{field} must be a whole number from {min} to {max}, got {value:?}"),
            )
        })
}

/// The non-empty items of a comma-separated list.
pub fn list(value: Option<&str>) -> impl Iterator<Item = &str> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// A JSON body whose rejection is answered like every other API error: a
/// value of the wrong type names its field (`max_distance_km`,
/// `target_jobs[0]`), anything else names `body`. An empty body reads as
/// `{}`, so that a request whose fields are all optional needs none.
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let media = media_type(request.headers());
        let is_json = media == "application/json" || media.ends_with("+json");
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| ApiError::invalid("body", rejection.body_text()))?;
        let bytes: &[u8] = if bytes.is_empty() { b"{}" } else { &bytes };
        if !is_json && bytes != b"{}" {
            return Err(ApiError::invalid(
                "body",
                "send the body as JSON, with Content-Type: application/json",
            ));
        }
        crate::models::json_input::read_json(bytes, "body")
            .map(Self)
            .map_err(|err| {
                ApiError::invalid(err.field, format!("invalid JSON body: {}", err.message))
            })
    }
}

/// The request's media type, lower case, without its parameters
/// (`text/csv` for `text/csv; charset=utf-8`); empty when there is none.
pub fn media_type(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A required text field of a body, trimmed and non-empty.
pub fn required_text<'a>(value: Option<&'a str>, field: &'static str) -> ApiResult<&'a str> {
    value
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| ApiError::missing(field, format!("{field} is required")))
}

/// A public id (UUID) from a path segment; an unknown form is simply not
/// found.
pub fn pid(value: &str, what: &str) -> ApiResult<uuid::Uuid> {
    uuid::Uuid::parse_str(value).map_err(|_| ApiError::not_found(format!("no such {what}")))
}

/// Query parameters whose rejection (a repeated parameter…) is answered
/// like every other API error.
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => {
                let message = rejection.body_text();
                let field = named_field(&message).unwrap_or("query").to_string();
                Err(ApiError::invalid(field, message))
            }
        }
    }
}

/// The parameter a query-string error is about: serde quotes it in
/// backticks ("duplicate field `page`").
fn named_field(message: &str) -> Option<&str> {
    let (_, after) = message.split_once("field `")?;
    let (name, _) = after.split_once('`')?;
    Some(name)
}

/// Path parameters whose rejection (bytes that are not UTF-8…) is
/// answered like every other API error.
pub struct ApiPath<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::invalid("path", rejection.body_text())),
        }
    }
}
