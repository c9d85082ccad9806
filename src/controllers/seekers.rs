//! An organisation's seekers: the caseload, and transfers between
//! counsellors.

use axum::{extract::State, Extension};
use loco_rs::prelude::{get, post, AppContext, IntoActiveModel, ModelError, Routes};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    api_error::{ApiError, ApiResult},
    caseload::{self, CaseloadParams},
    params::{self, ApiJson, ApiPath, ApiQuery},
};
use crate::{
    authz::guard::{Actor, ClientIp, OrgAccess},
    models::{audit_events::AuditEntry, seekers, users},
    reports,
    views::{
        accounts::SeekerSummaryView,
        reports::{CaseloadSeekerView, CaseloadView},
    },
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// From 1 (default 1).
    pub page: Option<String>,
    /// 1 to 100 seekers per page (default 25).
    pub limit: Option<String>,
}

/// The caseload: the seekers with their progress, filtered, sorted and paged
/// (docs/caseload.md).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers", tag = "seekers",
    params(("org" = String, Path, description = "Organisation id"), CaseloadParams, PageParams),
    responses((status = 200, description = "One page of the caseload", body = CaseloadView),
              (status = 400, description = "A parameter is invalid", body = crate::views::error::ErrorBody)))]
pub async fn list(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiQuery(params): ApiQuery<CaseloadParams>,
    ApiQuery(paging): ApiQuery<PageParams>,
) -> ApiResult<axum::Json<CaseloadView>> {
    let selection = caseload::selection(&ctx, &actor, &access, &params).await?;
    let page = params::bounded_usize(paging.page.as_deref(), "page", 1, 1, 100_000)?;
    let limit = params::bounded_usize(paging.limit.as_deref(), "limit", 25, 1, 100)?;

    let now = chrono::Utc::now();
    let lines = caseload::lines(&ctx, &access, &selection, now).await?;
    let total = lines.len();
    let stalled_after_days = access.organisation.stalled_after_days;
    let seekers = reports::caseload::page(lines, page, limit)
        .iter()
        .map(|line| CaseloadSeekerView::new(line, now, stalled_after_days))
        .collect();
    Ok(axum::Json(CaseloadView {
        total,
        page,
        limit,
        stalled_after_days,
        seekers,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TransferParams {
    /// The new referent's user id: an active counsellor or org admin here.
    pub referent: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/transfer", tag = "seekers", request_body = TransferParams,
    params(("org" = String, Path, description = "Organisation id"), ("seeker" = String, Path, description = "Seeker id")),
    responses((status = 200, description = "The seeker has a new referent", body = SeekerSummaryView),
              (status = 400, description = "The referent is not active staff here", body = crate::views::error::ErrorBody)))]
pub async fn transfer(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, seeker_pid)): ApiPath<(String, String)>,
    ApiJson(params): ApiJson<TransferParams>,
) -> ApiResult<axum::Json<SeekerSummaryView>> {
    let seeker = seeker_in(&ctx, &access, &seeker_pid).await?;
    let referent = params::required_text(params.referent.as_deref(), "referent")?;
    let referent = super::members::active_staff(&ctx, access.organisation.id, referent).await?;

    let previous = seeker.referent_id;
    let seeker = seeker
        .into_active_model()
        .with_referent(&ctx.db, referent.id)
        .await?;
    let user = users::Model::find_by_id(&ctx.db, seeker.user_id).await?;
    let previous = match previous {
        Some(id) => Some(users::Model::find_by_id(&ctx.db, id).await?.pid.to_string()),
        None => None,
    };
    AuditEntry::new("seeker_transferred")
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .subject("seeker", seeker.pid)
        .details(serde_json::json!({ "from": previous, "to": referent.pid.to_string() }))
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(SeekerSummaryView::new(
        &seeker,
        &user,
        Some(&referent),
    )))
}

/// The organisation's seeker of a `{seeker}` path segment; 404 otherwise.
pub async fn seeker_in(
    ctx: &AppContext,
    access: &OrgAccess,
    pid: &str,
) -> ApiResult<seekers::Model> {
    let pid = params::pid(pid, "seeker")?;
    match seekers::Model::find_in(&ctx.db, access.organisation.id, pid).await {
        Ok(seeker) => Ok(seeker),
        Err(ModelError::EntityNotFound) => Err(ApiError::not_found("no such seeker")),
        Err(err) => Err(err.into()),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/seekers")
        .add("/", get(list))
        .add("/{seeker}/transfer", post(transfer))
}
