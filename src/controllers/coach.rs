//! The coach seen from outside: the pages its email links open (answer
//! about a contact, pause or stop the emails; no sign-in, the link's token
//! is the key), a person's email settings in the API, and the outbox for
//! platform admins.

use std::collections::HashMap;

use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use chrono::Utc;
use loco_rs::prelude::{get, post, AppContext, EntityTrait, Routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    params::{ApiJson, ApiQuery},
};
use crate::{
    authz::guard::Actor,
    coach::answers::{self, AnswerPage, ManagePage},
    domain::{CoachAnswer, DigestFrequency, OutboxState, SNOOZE_DAYS},
    models::{
        email_preferences::{self, Change, Preferences},
        outbox,
    },
    views::pages,
};

/// A server-rendered page: never cached, never leaking its address (which
/// holds a token) to another site.
fn page(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

fn render_answer(ctx: &AppContext, shown: &AnswerPage) -> ApiResult<Response> {
    let host = ctx.config.server.host.trim_end_matches('/');
    let mut locals = serde_json::to_value(shown).map_err(loco_rs::Error::wrap)?;
    locals["app_url"] = format!("{host}/").into();
    let html = pages::render("answer", &shown.locale, &locals)?;
    Ok(page(shown.status(), html))
}

/// The answer's confirmation page: the page submits itself, so one click
/// in the email records the answer, while a mail scanner that fetches the
/// link without running the page changes nothing.
async fn confirm_answer(
    State(ctx): State<AppContext>,
    Path((token, answer)): Path<(String, String)>,
) -> ApiResult<Response> {
    let shown =
        answers::preview(&ctx, &token, CoachAnswer::parse(&answer).ok(), Utc::now()).await?;
    render_answer(&ctx, &shown)
}

async fn record_answer(
    State(ctx): State<AppContext>,
    Path((token, answer)): Path<(String, String)>,
) -> ApiResult<Response> {
    let shown = answers::record(&ctx, &token, CoachAnswer::parse(&answer).ok(), Utc::now()).await?;
    render_answer(&ctx, &shown)
}

fn render_manage(ctx: &AppContext, shown: &ManagePage) -> ApiResult<Response> {
    let host = ctx.config.server.host.trim_end_matches('/');
    let mut locals = serde_json::to_value(shown).map_err(loco_rs::Error::wrap)?;
    locals["app_url"] = format!("{host}/").into();
    let html = pages::render("emails", &shown.locale, &locals)?;
    Ok(page(shown.status(), html))
}

async fn manage_emails(
    State(ctx): State<AppContext>,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    let shown = answers::manage(&ctx, &token, None, Utc::now()).await?;
    render_manage(&ctx, &shown)
}

/// A choice from the page, or a mail client's one-click unsubscribe
/// (RFC 8058: a POST whose body holds `List-Unsubscribe=One-Click`, as
/// `multipart/form-data` or `application/x-www-form-urlencoded`).
async fn change_emails(
    State(ctx): State<AppContext>,
    Path(token): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let form = form_fields(&headers, &body);
    let change = if form.get("List-Unsubscribe").map(String::as_str) == Some("One-Click") {
        Change::Unsubscribe
    } else {
        let action = form.get("action").map(String::as_str).unwrap_or_default();
        page_change(action).ok_or_else(|| {
            ApiError::invalid(
                "action",
                format!(
                    "action must be one of pause, resume, snooze_7, snooze_14, snooze_30, \
                     unsubscribe, digest_daily, digest_weekly, digest_off; got {action:?}"
                ),
            )
        })?
    };
    let shown = answers::manage(&ctx, &token, Some(change), Utc::now()).await?;
    render_manage(&ctx, &shown)
}

/// The fields of a form body, urlencoded (also when no type is given) or
/// multipart.
fn form_fields(headers: &axum::http::HeaderMap, body: &[u8]) -> HashMap<String, String> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("boundary="))
        .map(|boundary| boundary.trim_matches('"'));
    match boundary {
        Some(boundary) if content_type.starts_with("multipart/form-data") => {
            multipart_fields(&String::from_utf8_lossy(body), boundary)
        }
        _ => form_urlencoded::parse(body).into_owned().collect(),
    }
}

/// The text fields of a `multipart/form-data` body.
fn multipart_fields(body: &str, boundary: &str) -> HashMap<String, String> {
    body.split(&format!("--{boundary}"))
        .filter_map(|part| {
            let (head, value) = part
                .split_once("\r\n\r\n")
                .or_else(|| part.split_once("\n\n"))?;
            let name = head
                .split(';')
                .map(str::trim)
                .find_map(|item| item.strip_prefix("name="))?
                .lines()
                .next()?
                .trim_matches('"')
                .to_string();
            Some((name, value.trim_end_matches(['\r', '\n']).to_string()))
        })
        .collect()
}

fn page_change(action: &str) -> Option<Change> {
    Some(match action {
        "pause" => Change::Pause,
        "resume" => Change::Resume,
        "unsubscribe" => Change::Unsubscribe,
        "snooze_7" => Change::Snooze { days: 7 },
        "snooze_14" => Change::Snooze { days: 14 },
        "snooze_30" => Change::Snooze { days: 30 },
        "digest_daily" => Change::Digest(DigestFrequency::Daily),
        "digest_weekly" => Change::Digest(DigestFrequency::Weekly),
        "digest_off" => Change::Digest(DigestFrequency::Off),
        _ => return None,
    })
}

/// My email settings.
#[utoipa::path(get, path = "/api/v1/me/emails", tag = "coach",
    responses((status = 200, body = Preferences), (status = 401, body = crate::views::error::ErrorBody)))]
pub async fn my_emails(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<axum::Json<Preferences>> {
    Ok(axum::Json(
        email_preferences::of(&ctx.db, actor.user.id).await?,
    ))
}

/// Changes to my email settings; each field is optional.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailSettingsInput {
    /// Pause the coach's emails until set back to false.
    pub paused: Option<bool>,
    /// Pause them for 7, 14 or 30 days; 0 ends a snooze.
    pub snooze_days: Option<i64>,
    /// false: stop the coach's emails; true: receive them again.
    pub subscribed: Option<bool>,
    /// `daily`, `weekly` or `off` (counsellors' digest).
    pub digest_frequency: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/me/emails", tag = "coach", request_body = EmailSettingsInput,
    responses((status = 200, body = Preferences), (status = 400, body = crate::views::error::ErrorBody)))]
pub async fn update_my_emails(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<EmailSettingsInput>,
) -> ApiResult<axum::Json<Preferences>> {
    // Every field is checked before anything is saved; each changes its
    // own state only, and all are saved in one write.
    let mut changes = Vec::new();
    match input.paused {
        Some(true) => changes.push(Change::Pause),
        Some(false) => changes.push(Change::Unpause),
        None => {}
    }
    match input.snooze_days {
        Some(0) => changes.push(Change::Unsnooze),
        Some(days) if SNOOZE_DAYS.contains(&days) => changes.push(Change::Snooze { days }),
        Some(days) => {
            return Err(ApiError::invalid(
                "snooze_days",
                format!("snooze_days must be 7, 14 or 30 (or 0 to end a snooze), got {days}"),
            ))
        }
        None => {}
    }
    match input.subscribed {
        Some(false) => changes.push(Change::Unsubscribe),
        Some(true) => changes.push(Change::Resubscribe),
        None => {}
    }
    if let Some(frequency) = &input.digest_frequency {
        let frequency = DigestFrequency::parse(frequency).map_err(|err| {
            ApiError::invalid("digest_frequency", format!("digest_frequency: {err}"))
        })?;
        changes.push(Change::Digest(frequency));
    }
    let preferences = if changes.is_empty() {
        email_preferences::of(&ctx.db, actor.user.id).await?
    } else {
        email_preferences::apply(&ctx.db, actor.user.id, &changes, Utc::now()).await?
    };
    Ok(axum::Json(preferences))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OutboxQuery {
    /// `pending`, `sending`, `sent` or `failed`; all when absent.
    pub state: Option<String>,
}

/// A message of the outbox, without its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMessageView {
    pub id: i32,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: chrono::DateTime<Utc>,
    pub sent_at: Option<chrono::DateTime<Utc>>,
    pub created_at: chrono::DateTime<Utc>,
}

impl From<outbox::Model> for OutboxMessageView {
    fn from(message: outbox::Model) -> Self {
        Self {
            id: message.id,
            kind: message.kind,
            recipient: message.recipient,
            subject: message.subject,
            state: message.state,
            attempts: message.attempts,
            last_error: message.last_error,
            next_attempt_at: message.next_attempt_at.into(),
            sent_at: message.sent_at.map(Into::into),
            created_at: message.created_at.into(),
        }
    }
}

/// The latest 200 messages of the outbox, failed ones with their error.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "coach", params(("state" = Option<String>, Query)),
    responses((status = 200, body = [OutboxMessageView]), (status = 403, body = crate::views::error::ErrorBody)))]
pub async fn list_outbox(
    State(ctx): State<AppContext>,
    ApiQuery(query): ApiQuery<OutboxQuery>,
) -> ApiResult<axum::Json<Vec<OutboxMessageView>>> {
    let state = match query
        .state
        .as_deref()
        .filter(|state| !state.trim().is_empty())
    {
        Some(state) => Some(
            OutboxState::parse(state)
                .map_err(|err| ApiError::invalid("state", format!("state: {err}")))?,
        ),
        None => None,
    };
    let messages = outbox::Model::list(&ctx.db, state, 200).await?;
    Ok(axum::Json(messages.into_iter().map(Into::into).collect()))
}

/// Puts a failed message back in the queue and tries it at once.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "coach",
    responses((status = 200, body = OutboxMessageView), (status = 404, body = crate::views::error::ErrorBody), (status = 409, body = crate::views::error::ErrorBody)))]
pub async fn retry_message(
    State(ctx): State<AppContext>,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<OutboxMessageView>> {
    let id: i32 = id
        .trim()
        .parse()
        .map_err(|_| ApiError::not_found(format!("no message {id:?} in the outbox")))?;
    let not_found = || ApiError::not_found(format!("no message {id} in the outbox"));
    let found = outbox::Entity::find_by_id(id)
        .one(&ctx.db)
        .await
        .map_err(loco_rs::prelude::ModelError::from)?
        .ok_or_else(not_found)?;
    if found.state != OutboxState::Failed.as_str() {
        return Err(ApiError::Conflict {
            code: "not_failed",
            message: format!(
                "message {id} is {}: only failed messages can be retried",
                found.state
            ),
        });
    }
    let message = answers::retry(&ctx, id).await?;
    Ok(axum::Json(message.into()))
}

pub fn routes() -> Routes {
    Routes::new()
        .add(
            "/coach/answers/{token}/{answer}",
            get(confirm_answer).post(record_answer),
        )
        .add(
            "/coach/emails/{token}",
            get(manage_emails).post(change_emails),
        )
        .add("/api/v1/me/emails", get(my_emails).patch(update_my_emails))
        .add("/api/v1/outbox", get(list_outbox))
        .add("/api/v1/outbox/{id}/retry", post(retry_message))
}
