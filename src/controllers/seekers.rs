//! An organisation's seekers: the caseload list, and transfers between
//! counsellors.

use axum::{extract::State, Extension};
use loco_rs::prelude::{get, post, AppContext, IntoActiveModel, ModelError, Routes};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiJson, ApiPath, ApiQuery},
};
use crate::{
    authz::guard::{Actor, ClientIp, OrgAccess},
    domain::Role,
    models::{audit_events::AuditEntry, seekers, users},
    views::accounts::{SeekerSummaryView, SeekersView},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `mine` (a counsellor's default: the seekers they are referent of) or
    /// `all` (an org admin's default).
    pub scope: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers", tag = "seekers",
    params(("org" = String, Path, description = "Organisation id"), ListParams),
    responses((status = 200, description = "The seekers", body = SeekersView)))]
pub async fn list(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<axum::Json<SeekersView>> {
    let mine = match params.scope.as_deref() {
        None => !access.has(Role::OrgAdmin) && !actor.is_platform_admin,
        Some("mine") => true,
        Some("all") => false,
        Some(other) => {
            return Err(ApiError::invalid(
                "scope",
                format!("unknown scope {other:?}: use mine or all"),
            ))
        }
    };
    let referent = mine.then_some(actor.user.id);
    let mut views = Vec::new();
    for seeker in seekers::Model::list(&ctx.db, access.organisation.id, referent).await? {
        let user = users::Model::find_by_id(&ctx.db, seeker.user_id).await?;
        let referent = match seeker.referent_id {
            Some(id) => Some(users::Model::find_by_id(&ctx.db, id).await?),
            None => None,
        };
        views.push(SeekerSummaryView::new(&seeker, &user, referent.as_ref()));
    }
    Ok(axum::Json(SeekersView { seekers: views }))
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
    let seeker_pid = params::pid(&seeker_pid, "seeker")?;
    let seeker = match seekers::Model::find_in(&ctx.db, access.organisation.id, seeker_pid).await {
        Ok(seeker) => seeker,
        Err(ModelError::EntityNotFound) => return Err(ApiError::not_found("no such seeker")),
        Err(err) => return Err(err.into()),
    };
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

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/seekers")
        .add("/", get(list))
        .add("/{seeker}/transfer", post(transfer))
}
