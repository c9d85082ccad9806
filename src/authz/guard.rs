//! The one place that checks every API route: it finds the route's rule,
//! reads the session cookie, checks the CSRF token of writes, and asks
//! casbin. Handlers receive who is calling ([`Actor`]) and, for routes inside
//! an organisation, which one and with what roles ([`OrgAccess`]).
//!
//! Another organisation's resource answers 404, so its existence is not
//! revealed; a forbidden action in your own organisation answers 403.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use axum_extra::extract::CookieJar;
use loco_rs::prelude::*;

use super::{
    domain,
    rules::{rule_for, Access},
    AuthzStore, PLATFORM,
};
use crate::{
    controllers::api_error::ApiError,
    domain::Role,
    models::{organisations, sessions, tokens::same_secret, users},
};

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "relais_session";
/// The header a write must carry, echoing the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The signed-in person making the request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: users::Model,
    pub session: sessions::Model,
    pub is_platform_admin: bool,
}

/// The organisation a request acts in, and the caller's roles there (none
/// for a platform admin who is not a member).
#[derive(Debug, Clone)]
pub struct OrgAccess {
    pub organisation: organisations::Model,
    pub roles: Vec<Role>,
}

impl OrgAccess {
    #[must_use]
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The caller's address, for the audit log and sign-in limits.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

fn is_write(method: &axum::http::Method) -> bool {
    !matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS")
}

/// The session of the request's cookie, if it is valid and its user active.
async fn actor(ctx: &AppContext, jar: &CookieJar, store: &AuthzStore) -> Result<Option<Actor>> {
    let Some(token) = jar
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_string())
    else {
        return Ok(None);
    };
    let Some(session) = sessions::Model::find_valid(&ctx.db, &token).await? else {
        return Ok(None);
    };
    let user = users::Model::find_by_id(&ctx.db, session.user_id).await?;
    if !user.is_active() {
        return Ok(None);
    }
    let is_platform_admin = store.is_platform_admin(&ctx.db, user.id).await?;
    Ok(Some(Actor {
        user,
        session,
        is_platform_admin,
    }))
}

async fn check(ctx: &AppContext, request: &mut Request) -> Result<(), ApiError> {
    let Some(path) = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
    else {
        return Ok(());
    };
    if !path.starts_with("/api/v1/") {
        return Ok(());
    }
    let Some(rule) = rule_for(request.method(), &path) else {
        if super::rules::RULES.iter().any(|rule| rule.path == path) {
            return Err(ApiError::MethodNotAllowed {
                message: format!(
                    "{} does not answer {}",
                    request.uri().path(),
                    request.method()
                ),
            });
        }
        tracing::error!(method = %request.method(), path, "route has no access rule");
        return Err(ApiError::Internal(Error::string(
            "route has no access rule",
        )));
    };

    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string());
    request.extensions_mut().insert(ClientIp(ip));

    let store = AuthzStore::of(ctx)?;
    let jar = CookieJar::from_headers(request.headers());
    let actor = actor(ctx, &jar, &store).await?;
    if let Some(actor) = &actor {
        if is_write(request.method()) {
            let sent = request
                .headers()
                .get(CSRF_HEADER)
                .and_then(|value| value.to_str().ok());
            if !sent.is_some_and(|sent| same_secret(sent, &actor.session.csrf_token)) {
                return Err(ApiError::CsrfTokenInvalid);
            }
        }
        request.extensions_mut().insert(actor.clone());
    }

    match rule.access {
        Access::Public => Ok(()),
        Access::SignedIn => actor.map(|_| ()).ok_or(ApiError::Unauthenticated),
        Access::Platform { object, action } => {
            let actor = actor.ok_or(ApiError::Unauthenticated)?;
            // A platform action on an organisation: outsiders get 404 like
            // on any other route of an organisation they do not belong to.
            if path.starts_with("/api/v1/orgs/{org}") {
                let segment = request.uri().path().split('/').nth(4).map(str::to_string);
                let access = organisation_access(ctx, segment.as_deref(), &store, &actor).await?;
                request.extensions_mut().insert(access);
            }
            if store
                .allows(&ctx.db, actor.user.id, PLATFORM, object, action)
                .await?
            {
                Ok(())
            } else {
                Err(ApiError::forbidden("only a platform admin may do this"))
            }
        }
        Access::Organisation { object, action } => {
            let actor = actor.ok_or(ApiError::Unauthenticated)?;
            let segment = request.uri().path().split('/').nth(4).map(str::to_string);
            let access = organisation_access(ctx, segment.as_deref(), &store, &actor).await?;
            let allowed = store
                .allows(
                    &ctx.db,
                    actor.user.id,
                    &domain(access.organisation.id),
                    object,
                    action,
                )
                .await?;
            request.extensions_mut().insert(access);
            if allowed {
                Ok(())
            } else {
                Err(ApiError::forbidden(
                    "your role in this organisation does not allow this",
                ))
            }
        }
    }
}

/// The organisation of the `{org}` segment, if the caller belongs to it (or
/// is a platform admin); 404 otherwise, whether it exists or not.
///
/// Every organisation route starts with `/api/v1/orgs/{org}`: `segment` is
/// the fifth segment of the path.
async fn organisation_access(
    ctx: &AppContext,
    segment: Option<&str>,
    store: &AuthzStore,
    actor: &Actor,
) -> Result<OrgAccess, ApiError> {
    let not_found = || ApiError::not_found("no such organisation");
    let pid = segment
        .and_then(|segment| Uuid::parse_str(segment).ok())
        .ok_or_else(not_found)?;
    let organisation = match organisations::Model::find_by_pid(&ctx.db, pid).await {
        Ok(organisation) => organisation,
        Err(ModelError::EntityNotFound) => return Err(not_found()),
        Err(err) => return Err(err.into()),
    };
    let roles = store
        .roles_in(&ctx.db, actor.user.id, &domain(organisation.id))
        .await?;
    let visible = actor.is_platform_admin || (!roles.is_empty() && !organisation.is_archived());
    if visible {
        Ok(OrgAccess {
            organisation,
            roles,
        })
    } else {
        Err(not_found())
    }
}

/// The middleware: runs [`check`] before every routed request.
pub async fn guard(State(ctx): State<AppContext>, mut request: Request, next: Next) -> Response {
    match check(&ctx, &mut request).await {
        Ok(()) => next.run(request).await,
        Err(err) => err.into_response(),
    }
}
