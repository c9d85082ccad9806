//! Signing in and out: password, password reset by email, and magic links
//! for seekers who have no password. The session lives in an HttpOnly,
//! SameSite cookie; writes echo the session's CSRF token in a header.

use axum::{extract::State, http::StatusCode, Extension};
use axum_extra::extract::{
    cookie::{Cookie, SameSite},
    CookieJar,
};
use loco_rs::prelude::{get, post, AppContext, IntoActiveModel, ModelError, Routes};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiJson},
};
use crate::{
    authz::{
        guard::{Actor, ClientIp, SESSION_COOKIE},
        AuthzStore,
    },
    domain::Email,
    mailers::account::AccountMailer,
    models::{
        audit_events::AuditEntry,
        auth_tokens::{self, Purpose},
        memberships, organisations, seekers, sessions,
        sign_in_attempts::{self, Throttle},
        users,
    },
    settings::Settings,
    views::accounts::{MeView, MessageView, MyOrganisationView},
};

/// The session cookie for `token`.
pub fn session_cookie(ctx: &AppContext, token: String) -> ApiResult<Cookie<'static>> {
    let settings = Settings::from_context(ctx)?;
    Ok(Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .secure(settings.secure_cookies)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(cookie::time::Duration::days(sessions::SESSION_DAYS))
        .build())
}

/// What `/auth/me` says about a signed-in person.
pub async fn me_view(ctx: &AppContext, user: &users::Model, csrf_token: &str) -> ApiResult<MeView> {
    let store = AuthzStore::of(ctx)?;
    let mut organisations = Vec::new();
    for membership in memberships::Model::active_for_user(&ctx.db, user.id).await? {
        let organisation =
            organisations::Model::find_by_id(&ctx.db, membership.organisation_id).await?;
        if !organisation.is_archived() {
            organisations.push(MyOrganisationView {
                id: organisation.pid.to_string(),
                name: organisation.name,
                role: membership.role,
                seeker_id: None,
            });
        }
    }
    if let Some(seeker) = seekers::Model::find_by_user(&ctx.db, user.id).await? {
        let organisation =
            organisations::Model::find_by_id(&ctx.db, seeker.organisation_id).await?;
        if !organisation.is_archived() && seeker.deactivated_at.is_none() {
            organisations.push(MyOrganisationView {
                id: organisation.pid.to_string(),
                name: organisation.name,
                role: "seeker".to_string(),
                seeker_id: Some(seeker.pid.to_string()),
            });
        }
    }
    Ok(MeView {
        user: user.into(),
        is_platform_admin: store.is_platform_admin(&ctx.db, user.id).await?,
        organisations,
        csrf_token: csrf_token.to_string(),
    })
}

/// Opens a session for `user` and answers with its cookie.
pub async fn open_session(
    ctx: &AppContext,
    jar: CookieJar,
    user: &users::Model,
    ip: &str,
) -> ApiResult<(CookieJar, MeView)> {
    let (session, token) = sessions::Model::open(&ctx.db, user.id, Some(ip.to_string())).await?;
    let me = me_view(ctx, user, &session.csrf_token).await?;
    Ok((jar.add(session_cookie(ctx, token)?), me))
}

/// Whether a person may sign in at all: active, and holding some access.
async fn may_sign_in(ctx: &AppContext, user: &users::Model) -> ApiResult<bool> {
    if !user.is_active() {
        return Ok(false);
    }
    let store = AuthzStore::of(ctx)?;
    Ok(has_staff_role(ctx, user).await?
        || active_seeker(ctx, user).await?
        || store.is_platform_admin(&ctx.db, user.id).await?)
}

/// Whether the person is active staff of an organisation that is not
/// archived.
async fn has_staff_role(ctx: &AppContext, user: &users::Model) -> ApiResult<bool> {
    for membership in memberships::Model::active_for_user(&ctx.db, user.id).await? {
        if !organisations::Model::find_by_id(&ctx.db, membership.organisation_id)
            .await?
            .is_archived()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the person is an active seeker of an organisation that is not
/// archived.
async fn active_seeker(ctx: &AppContext, user: &users::Model) -> ApiResult<bool> {
    let Some(seeker) = seekers::Model::find_by_user(&ctx.db, user.id).await? else {
        return Ok(false);
    };
    let organisation = organisations::Model::find_by_id(&ctx.db, seeker.organisation_id).await?;
    Ok(seeker.deactivated_at.is_none() && !organisation.is_archived())
}

/// Whether a person may get a magic link: a seeker with no staff role and
/// not a platform admin (those sign in with their password).
async fn magic_link_allowed(ctx: &AppContext, user: &users::Model) -> ApiResult<bool> {
    Ok(active_seeker(ctx, user).await?
        && !has_staff_role(ctx, user).await?
        && !AuthzStore::of(ctx)?
            .is_platform_admin(&ctx.db, user.id)
            .await?)
}

/// Links of one purpose emailed to one person per hour, at most.
const LINKS_PER_HOUR: u64 = 3;

/// Emails a one-time link unless the person already got enough lately. A
/// failure to send is logged, not answered: the answer must not depend on
/// whether the account exists.
async fn send_link(ctx: &AppContext, user: &users::Model, purpose: Purpose) -> ApiResult<()> {
    if auth_tokens::Model::issued_since(&ctx.db, user.id, purpose, chrono::Duration::hours(1))
        .await?
        >= LINKS_PER_HOUR
    {
        tracing::warn!(user = %user.pid, purpose = purpose.as_str(), "link not sent: hourly limit reached");
        return Ok(());
    }
    let token = auth_tokens::Model::issue(&ctx.db, user.id, purpose).await?;
    let sent = match purpose {
        Purpose::SetPassword => AccountMailer::password_reset(ctx, user, &token).await,
        Purpose::MagicLink => AccountMailer::magic_link(ctx, user, &token).await,
    };
    if let Err(err) = sent {
        tracing::error!(user = %user.pid, purpose = purpose.as_str(), error = %err, "link email not sent");
    }
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignInParams {
    pub email: Option<String>,
    pub password: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/auth/sign_in", tag = "auth", request_body = SignInParams,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = MeView),
        (status = 401, description = "Wrong email or password", body = crate::views::error::ErrorBody),
        (status = 429, description = "Too many failed attempts for this account or address", body = crate::views::error::ErrorBody),
    ))]
pub async fn sign_in(
    State(ctx): State<AppContext>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    jar: CookieJar,
    ApiJson(params): ApiJson<SignInParams>,
) -> ApiResult<(CookieJar, axum::Json<MeView>)> {
    let email = params::required_text(params.email.as_deref(), "email")?;
    let email = params::parse(email, "email", Email::parse)?;
    let password = params::required_text(params.password.as_deref(), "password")?;

    if let Some(throttle) = sign_in_attempts::Model::throttled(&ctx.db, email.as_str(), &ip).await?
    {
        let (count, window) = match throttle {
            Throttle::Account => (
                sign_in_attempts::MAX_FAILURES_PER_ACCOUNT,
                "for this account",
            ),
            Throttle::Address => (sign_in_attempts::MAX_FAILURES_PER_IP, "from this address"),
        };
        return Err(ApiError::TooManyAttempts {
            message: format!(
                "{count} failed sign-ins {window} in the last {} minutes: try again later, or \
                 reset your password",
                sign_in_attempts::WINDOW_MINUTES
            ),
        });
    }

    let user = match users::Model::find_by_email(&ctx.db, &email).await {
        Ok(user) => Some(user),
        Err(ModelError::EntityNotFound) => None,
        Err(err) => return Err(err.into()),
    };
    let accepted = match &user {
        Some(user) => user.verify_password(password) && may_sign_in(&ctx, user).await?,
        None => {
            // As long as for a known account, so the time does not tell.
            users::burn_password_check(password);
            false
        }
    };
    sign_in_attempts::Model::record(&ctx.db, email.as_str(), &ip, accepted).await?;
    let Some(user) = user.clone().filter(|_| accepted) else {
        let failed = AuditEntry::new("sign_in_failed")
            .details(serde_json::json!({ "email": email.as_str() }))
            .ip(Some(ip));
        match user {
            Some(user) => {
                failed
                    .subject("user", user.pid)
                    .record_for_person(&ctx.db, user.id)
                    .await?;
            }
            None => {
                failed.record(&ctx.db).await?;
            }
        }
        return Err(ApiError::InvalidCredentials);
    };

    let signed_in = AuditEntry::new("signed_in")
        .actor(user.id)
        .subject("user", user.pid)
        .ip(Some(ip.clone()));
    signed_in.record_for_person(&ctx.db, user.id).await?;
    let (jar, me) = open_session(&ctx, jar, &user, &ip).await?;
    Ok((jar, axum::Json(me)))
}

#[utoipa::path(post, path = "/api/v1/auth/sign_out", tag = "auth",
    responses((status = 204, description = "Signed out; the session is revoked")))]
pub async fn sign_out(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    actor.session.into_active_model().revoked(&ctx.db).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
    ))
}

#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, description = "The signed-in person", body = MeView),
              (status = 401, description = "Not signed in", body = crate::views::error::ErrorBody)))]
pub async fn me(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<axum::Json<MeView>> {
    Ok(axum::Json(
        me_view(&ctx, &actor.user, &actor.session.csrf_token).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailParams {
    pub email: Option<String>,
}

/// The answer to a request for a link: the same whether the account
/// exists or not.
fn link_sent() -> (StatusCode, axum::Json<MessageView>) {
    (
        StatusCode::ACCEPTED,
        axum::Json(MessageView {
            message: "if an account has this address, a link has been sent to it".to_string(),
        }),
    )
}

/// A one-time link that no longer works (or never did).
fn link_expired() -> ApiError {
    ApiError::Gone {
        code: "link_expired",
        message: "this link was already used or has expired: ask for a new one".to_string(),
    }
}

/// The active user with this address, if any.
async fn active_user(ctx: &AppContext, email: &Email) -> ApiResult<Option<users::Model>> {
    match users::Model::find_by_email(&ctx.db, email).await {
        Ok(user) if may_sign_in(ctx, &user).await? => Ok(Some(user)),
        Ok(_) | Err(ModelError::EntityNotFound) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

#[utoipa::path(post, path = "/api/v1/auth/password/forgot", tag = "auth", request_body = EmailParams,
    responses((status = 202, description = "A link is emailed if the account exists", body = MessageView)))]
pub async fn forgot_password(
    State(ctx): State<AppContext>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiJson(params): ApiJson<EmailParams>,
) -> ApiResult<(StatusCode, axum::Json<MessageView>)> {
    let email = params::required_text(params.email.as_deref(), "email")?;
    let email = params::parse(email, "email", Email::parse)?;
    if let Some(user) = active_user(&ctx, &email).await? {
        send_link(&ctx, &user, Purpose::SetPassword).await?;
        AuditEntry::new("password_reset_requested")
            .actor(user.id)
            .subject("user", user.pid)
            .ip(Some(ip))
            .record_for_person(&ctx.db, user.id)
            .await?;
    }
    Ok(link_sent())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetPasswordParams {
    pub token: Option<String>,
    pub password: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/auth/password/reset", tag = "auth", request_body = ResetPasswordParams,
    responses(
        (status = 200, description = "Password changed, other sessions signed out, and this one signed in", body = MeView),
        (status = 400, description = "The password is too short or too common", body = crate::views::error::ErrorBody),
        (status = 410, description = "The link is used, expired or unknown", body = crate::views::error::ErrorBody),
    ))]
pub async fn reset_password(
    State(ctx): State<AppContext>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    jar: CookieJar,
    ApiJson(params): ApiJson<ResetPasswordParams>,
) -> ApiResult<(CookieJar, axum::Json<MeView>)> {
    let token = params::required_text(params.token.as_deref(), "token")?;
    let password = params::required_text(params.password.as_deref(), "password")?;
    let user_id = auth_tokens::Model::peek(&ctx.db, token, Purpose::SetPassword)
        .await?
        .ok_or_else(link_expired)?;
    let user = users::Model::find_by_id(&ctx.db, user_id).await?;
    // A link sent before the person lost every role opens nothing.
    if !may_sign_in(&ctx, &user).await? {
        return Err(link_expired());
    }
    users::check_password(password, &user.email, &user.name)
        .map_err(|message| ApiError::invalid("password", message))?;
    match auth_tokens::Model::consume(&ctx.db, token, Purpose::SetPassword).await {
        Ok(_) => {}
        Err(ModelError::EntityNotFound) => return Err(link_expired()),
        Err(err) => return Err(err.into()),
    }

    let user = user
        .into_active_model()
        .set_password(&ctx.db, password)
        .await?;
    sessions::Model::revoke_all(&ctx.db, user.id).await?;
    auth_tokens::Model::retire_all(&ctx.db, user.id, Purpose::SetPassword).await?;
    AuditEntry::new("password_changed")
        .actor(user.id)
        .subject("user", user.pid)
        .ip(Some(ip.clone()))
        .record_for_person(&ctx.db, user.id)
        .await?;
    let (jar, me) = open_session(&ctx, jar, &user, &ip).await?;
    Ok((jar, axum::Json(me)))
}

#[utoipa::path(post, path = "/api/v1/auth/magic_link", tag = "auth", request_body = EmailParams,
    responses((status = 202, description = "A sign-in link is emailed if the address is a seeker's", body = MessageView)))]
pub async fn request_magic_link(
    State(ctx): State<AppContext>,
    ApiJson(params): ApiJson<EmailParams>,
) -> ApiResult<(StatusCode, axum::Json<MessageView>)> {
    let email = params::required_text(params.email.as_deref(), "email")?;
    let email = params::parse(email, "email", Email::parse)?;
    if let Some(user) = active_user(&ctx, &email).await? {
        // Magic links are for seekers; staff sign in with their password.
        if magic_link_allowed(&ctx, &user).await? {
            send_link(&ctx, &user, Purpose::MagicLink).await?;
        }
    }
    Ok(link_sent())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenParams {
    pub token: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/auth/magic_link/sign_in", tag = "auth", request_body = TokenParams,
    responses(
        (status = 200, description = "Signed in", body = MeView),
        (status = 410, description = "The link is used, expired or unknown", body = crate::views::error::ErrorBody),
    ))]
pub async fn magic_link_sign_in(
    State(ctx): State<AppContext>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    jar: CookieJar,
    ApiJson(params): ApiJson<TokenParams>,
) -> ApiResult<(CookieJar, axum::Json<MeView>)> {
    let token = params::required_text(params.token.as_deref(), "token")?;
    let user_id = match auth_tokens::Model::consume(&ctx.db, token, Purpose::MagicLink).await {
        Ok(user_id) => user_id,
        Err(ModelError::EntityNotFound) => return Err(link_expired()),
        Err(err) => return Err(err.into()),
    };
    let user = users::Model::find_by_id(&ctx.db, user_id).await?;
    if !magic_link_allowed(&ctx, &user).await? {
        return Err(link_expired());
    }
    let signed_in = AuditEntry::new("signed_in")
        .actor(user.id)
        .subject("user", user.pid)
        .details(serde_json::json!({"by": "magic_link"}))
        .ip(Some(ip.clone()));
    signed_in.record_for_person(&ctx.db, user.id).await?;
    let (jar, me) = open_session(&ctx, jar, &user, &ip).await?;
    Ok((jar, axum::Json(me)))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/auth")
        .add("/sign_in", post(sign_in))
        .add("/sign_out", post(sign_out))
        .add("/me", get(me))
        .add("/password/forgot", post(forgot_password))
        .add("/password/reset", post(reset_password))
        .add("/magic_link", post(request_magic_link))
        .add("/magic_link/sign_in", post(magic_link_sign_in))
}
