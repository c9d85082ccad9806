//! Reading the audit log: an org admin reads their organisation's, the
//! platform admin reads everything.

use std::collections::HashMap;

use axum::{extract::State, Extension};
use loco_rs::prelude::{get, AppContext, Routes};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    api_error::ApiResult,
    params::{self, ApiQuery},
};
use crate::{
    authz::guard::OrgAccess,
    models::{audit_events, organisations, users},
    views::accounts::{AuditEventView, AuditView},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Entries older than this id (the last id of the previous page).
    #[param(value_type = Option<i32>)]
    pub before: Option<String>,
    /// Entries per page, 1 to 200 (default 50).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
}

async fn events(
    ctx: &AppContext,
    organisation_id: Option<i32>,
    params: &AuditParams,
) -> ApiResult<AuditView> {
    let before = params
        .before
        .as_deref()
        .map(|before| params::bounded_usize(Some(before), "before", 0, 1, i32::MAX as usize))
        .transpose()?
        .and_then(|before| i32::try_from(before).ok());
    let limit = params::bounded_usize(params.limit.as_deref(), "limit", 50, 1, 200)?;
    let found = audit_events::Model::list(&ctx.db, organisation_id, before, limit as u64).await?;

    let mut people: HashMap<i32, users::Model> = HashMap::new();
    let mut organisations: HashMap<i32, organisations::Model> = HashMap::new();
    let mut views = Vec::with_capacity(found.len());
    for event in &found {
        if let Some(id) = event.actor_id.filter(|id| !people.contains_key(id)) {
            people.insert(id, users::Model::find_by_id(&ctx.db, id).await?);
        }
        if let Some(id) = event
            .organisation_id
            .filter(|id| !organisations.contains_key(id))
        {
            organisations.insert(id, organisations::Model::find_by_id(&ctx.db, id).await?);
        }
        views.push(AuditEventView::new(
            event,
            event.actor_id.and_then(|id| people.get(&id)),
            event.organisation_id.and_then(|id| organisations.get(&id)),
        ));
    }
    Ok(AuditView { events: views })
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/audit", tag = "audit",
    params(("org" = String, Path, description = "Organisation id"), AuditParams),
    responses((status = 200, description = "The organisation's audit log, newest first", body = AuditView)))]
pub async fn organisation_log(
    State(ctx): State<AppContext>,
    Extension(access): Extension<OrgAccess>,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> ApiResult<axum::Json<AuditView>> {
    Ok(axum::Json(
        events(&ctx, Some(access.organisation.id), &params).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit",
    params(AuditParams),
    responses((status = 200, description = "The whole audit log, newest first", body = AuditView)))]
pub async fn platform_log(
    State(ctx): State<AppContext>,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> ApiResult<axum::Json<AuditView>> {
    Ok(axum::Json(events(&ctx, None, &params).await?))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1")
        .add("/audit", get(platform_log))
        .add("/orgs/{org}/audit", get(organisation_log))
}
