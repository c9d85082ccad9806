//! An organisation's staff: list, change role, deactivate and reactivate.
//! An organisation always keeps at least one active org admin.

use axum::{extract::State, Extension};
use loco_rs::prelude::{get, patch, post, AppContext, ModelError, Routes};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiJson, ApiPath},
};
use crate::{
    authz::{
        guard::{Actor, ClientIp, OrgAccess},
        AuthzStore,
    },
    domain::Role,
    models::{
        audit_events::AuditEntry,
        memberships::{self, MembershipChange},
        users,
    },
    views::accounts::{MemberView, MembersView},
};

#[utoipa::path(get, path = "/api/v1/orgs/{org}/members", tag = "members",
    params(("org" = String, Path, description = "Organisation id")),
    responses((status = 200, description = "Staff, active and deactivated", body = MembersView)))]
pub async fn list(
    State(ctx): State<AppContext>,
    Extension(access): Extension<OrgAccess>,
) -> ApiResult<axum::Json<MembersView>> {
    let mut members = Vec::new();
    for membership in memberships::Model::list(&ctx.db, access.organisation.id).await? {
        let user = users::Model::find_by_id(&ctx.db, membership.user_id).await?;
        members.push(MemberView::new(&membership, &user));
    }
    Ok(axum::Json(MembersView { members }))
}

/// The membership of the user named in the path, in this organisation.
async fn member(
    ctx: &AppContext,
    access: &OrgAccess,
    user_pid: &str,
) -> ApiResult<(memberships::Model, users::Model)> {
    let not_found = || ApiError::not_found("no such member in this organisation");
    let pid = params::pid(user_pid, "member")?;
    let user = match users::Model::find_by_pid(&ctx.db, pid).await {
        Ok(user) => user,
        Err(ModelError::EntityNotFound) => return Err(not_found()),
        Err(err) => return Err(err.into()),
    };
    match memberships::Model::find(&ctx.db, access.organisation.id, user.id).await {
        Ok(membership) => Ok((membership, user)),
        Err(ModelError::EntityNotFound) => Err(not_found()),
        Err(err) => Err(err.into()),
    }
}

/// The person a `referent` field names (a user id), who must be active
/// staff of the organisation; 400 naming `referent` otherwise.
pub async fn active_staff(
    ctx: &AppContext,
    organisation_id: i32,
    named: &str,
) -> ApiResult<users::Model> {
    let invalid = || {
        ApiError::invalid(
            "referent",
            "the referent must be an active counsellor or org admin of this organisation",
        )
    };
    let pid = uuid::Uuid::parse_str(named.trim()).map_err(|_| invalid())?;
    let user = match users::Model::find_by_pid(&ctx.db, pid).await {
        Ok(user) => user,
        Err(ModelError::EntityNotFound) => return Err(invalid()),
        Err(err) => return Err(err.into()),
    };
    match memberships::Model::find(&ctx.db, organisation_id, user.id).await {
        Ok(membership) if membership.is_active() => Ok(user),
        Ok(_) | Err(ModelError::EntityNotFound) => Err(invalid()),
        Err(err) => Err(err.into()),
    }
}

fn last_admin() -> ApiError {
    ApiError::conflict(
        "last_org_admin",
        "this is the organisation's last active org admin: make someone else org admin first",
    )
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleParams {
    /// `org_admin` or `counsellor`.
    pub role: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/orgs/{org}/members/{user}", tag = "members", request_body = RoleParams,
    params(("org" = String, Path, description = "Organisation id"), ("user" = String, Path, description = "User id")),
    responses((status = 200, description = "Role changed", body = MemberView),
              (status = 409, description = "It would leave no active org admin", body = crate::views::error::ErrorBody)))]
pub async fn change_role(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, user_pid)): ApiPath<(String, String)>,
    ApiJson(params): ApiJson<RoleParams>,
) -> ApiResult<axum::Json<MemberView>> {
    let role = params::required_text(params.role.as_deref(), "role")?;
    let role = params::parse(role, "role", Role::parse)?;
    if !role.is_staff() {
        return Err(ApiError::invalid(
            "role",
            "a member is org_admin or counsellor; seekers join by invitation",
        ));
    }
    let (membership, user) = member(&ctx, &access, &user_pid).await?;
    if membership.role() == Some(role) {
        return Ok(axum::Json(MemberView::new(&membership, &user)));
    }
    let previous = membership.role.clone();
    let membership = membership
        .change_keeping_an_admin(&ctx.db, MembershipChange::Role(role))
        .await?
        .ok_or_else(last_admin)?;
    AuthzStore::of(&ctx)?.reload(&ctx.db).await?;
    AuditEntry::new("role_changed")
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .subject("user", user.pid)
        .details(serde_json::json!({ "from": previous, "to": role.as_str() }))
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(MemberView::new(&membership, &user)))
}

async fn set_active(
    ctx: &AppContext,
    actor: &Actor,
    access: &OrgAccess,
    ip: String,
    user_pid: &str,
    deactivate: bool,
) -> ApiResult<axum::Json<MemberView>> {
    let (membership, user) = member(ctx, access, user_pid).await?;
    if membership.is_active() != deactivate {
        return Ok(axum::Json(MemberView::new(&membership, &user)));
    }
    let change = if deactivate {
        MembershipChange::Deactivate
    } else {
        MembershipChange::Reactivate
    };
    let membership = membership
        .change_keeping_an_admin(&ctx.db, change)
        .await?
        .ok_or_else(last_admin)?;
    AuthzStore::of(ctx)?.reload(&ctx.db).await?;
    AuditEntry::new(if deactivate {
        "member_deactivated"
    } else {
        "member_reactivated"
    })
    .organisation(access.organisation.id)
    .actor(actor.user.id)
    .subject("user", user.pid)
    .ip(Some(ip))
    .record(&ctx.db)
    .await?;
    Ok(axum::Json(MemberView::new(&membership, &user)))
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/members/{user}/deactivate", tag = "members",
    params(("org" = String, Path, description = "Organisation id"), ("user" = String, Path, description = "User id")),
    responses((status = 200, description = "Deactivated: the history stays, access goes", body = MemberView)))]
pub async fn deactivate(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, user_pid)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<MemberView>> {
    set_active(&ctx, &actor, &access, ip, &user_pid, true).await
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/members/{user}/reactivate", tag = "members",
    params(("org" = String, Path, description = "Organisation id"), ("user" = String, Path, description = "User id")),
    responses((status = 200, description = "Reactivated", body = MemberView)))]
pub async fn reactivate(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, user_pid)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<MemberView>> {
    set_active(&ctx, &actor, &access, ip, &user_pid, false).await
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/members")
        .add("/", get(list))
        .add("/{user}", patch(change_role))
        .add("/{user}/deactivate", post(deactivate))
        .add("/{user}/reactivate", post(reactivate))
}
