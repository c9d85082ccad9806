//! Partner organisations: created, renamed and archived by a platform admin;
//! their settings tuned by their org admins.

use axum::{extract::State, http::StatusCode, Extension};
use loco_rs::prelude::{get, post, put, AppContext, IntoActiveModel, Routes};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiJson},
};
use crate::{
    authz::guard::{Actor, ClientIp, OrgAccess},
    domain::{OrganisationKind, Siret},
    models::{
        audit_events::AuditEntry,
        organisations::{
            self, check_name, parse_departments, NewOrganisation, OrganisationSettings,
        },
        seekers,
    },
    views::accounts::{OrganisationView, OrganisationsView},
};

#[utoipa::path(get, path = "/api/v1/orgs", tag = "organisations",
    responses((status = 200, description = "Every organisation for a platform admin; otherwise those the caller belongs to", body = OrganisationsView)))]
pub async fn list(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<axum::Json<OrganisationsView>> {
    let mut found = if actor.is_platform_admin {
        organisations::Model::list_all(&ctx.db).await?
    } else {
        organisations::Model::list_for_member(&ctx.db, actor.user.id).await?
    };
    if !actor.is_platform_admin {
        if let Some(seeker) = seekers::Model::find_by_user(&ctx.db, actor.user.id).await? {
            let organisation =
                organisations::Model::find_by_id(&ctx.db, seeker.organisation_id).await?;
            if !organisation.is_archived() && found.iter().all(|known| known.id != organisation.id)
            {
                found.push(organisation);
            }
        }
    }
    Ok(axum::Json(OrganisationsView {
        organisations: found.iter().map(OrganisationView::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateParams {
    pub name: Option<String>,
    /// `mission_locale`, `conseil_departemental`, `association`,
    /// `france_travail`, `csp` or `other`.
    pub kind: Option<String>,
    pub siret: Option<String>,
    /// Department codes covered: `57`, `2A`, `974`…
    #[serde(default)]
    pub departments: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs", tag = "organisations", request_body = CreateParams,
    responses(
        (status = 201, description = "Created", body = OrganisationView),
        (status = 400, description = "A field is missing or invalid", body = crate::views::error::ErrorBody),
        (status = 403, description = "Only a platform admin creates organisations", body = crate::views::error::ErrorBody),
    ))]
pub async fn create(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiJson(params): ApiJson<CreateParams>,
) -> ApiResult<(StatusCode, axum::Json<OrganisationView>)> {
    let name = params::required_text(params.name.as_deref(), "name")?;
    let name = params::parse(name, "name", check_name)?;
    let kind = params::required_text(params.kind.as_deref(), "kind")?;
    let kind = params::parse(kind, "kind", OrganisationKind::parse)?;
    let siret = params
        .siret
        .as_deref()
        .filter(|siret| !siret.trim().is_empty())
        .map(|siret| params::parse(siret, "siret", Siret::parse))
        .transpose()?;
    let departments = parse_departments(&params.departments)
        .map_err(|err| ApiError::invalid("departments", format!("departments: {err}")))?;

    let organisation = organisations::Model::create(
        &ctx.db,
        NewOrganisation {
            name,
            kind,
            siret,
            departments,
        },
    )
    .await?;
    AuditEntry::new("organisation_created")
        .organisation(organisation.id)
        .actor(actor.user.id)
        .subject("organisation", organisation.pid)
        .details(serde_json::json!({ "name": organisation.name, "kind": organisation.kind }))
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(OrganisationView::from(&organisation)),
    ))
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}", tag = "organisations",
    params(("org" = String, Path, description = "Organisation id")),
    responses((status = 200, description = "The organisation", body = OrganisationView),
              (status = 404, description = "No such organisation, or not yours", body = crate::views::error::ErrorBody)))]
pub async fn show(Extension(access): Extension<OrgAccess>) -> axum::Json<OrganisationView> {
    axum::Json(OrganisationView::from(&access.organisation))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RenameParams {
    pub name: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/orgs/{org}", tag = "organisations", request_body = RenameParams,
    params(("org" = String, Path, description = "Organisation id")),
    responses((status = 200, description = "Renamed", body = OrganisationView),
              (status = 403, description = "Only a platform admin renames", body = crate::views::error::ErrorBody)))]
pub async fn rename(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiJson(params): ApiJson<RenameParams>,
) -> ApiResult<axum::Json<OrganisationView>> {
    let name = params::required_text(params.name.as_deref(), "name")?;
    let name = params::parse(name, "name", check_name)?;
    let previous = access.organisation.name.clone();
    let organisation = access
        .organisation
        .into_active_model()
        .renamed(&ctx.db, name)
        .await?;
    AuditEntry::new("organisation_renamed")
        .organisation(organisation.id)
        .actor(actor.user.id)
        .subject("organisation", organisation.pid)
        .details(serde_json::json!({ "from": previous, "to": organisation.name }))
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(OrganisationView::from(&organisation)))
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/archive", tag = "organisations",
    params(("org" = String, Path, description = "Organisation id")),
    responses((status = 200, description = "Archived: its members no longer reach it", body = OrganisationView)))]
pub async fn archive(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
) -> ApiResult<axum::Json<OrganisationView>> {
    if access.organisation.is_archived() {
        return Err(ApiError::conflict(
            "already_archived",
            "this organisation is already archived",
        ));
    }
    let organisation = access
        .organisation
        .into_active_model()
        .archived(&ctx.db)
        .await?;
    AuditEntry::new("organisation_archived")
        .organisation(organisation.id)
        .actor(actor.user.id)
        .subject("organisation", organisation.pid)
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(OrganisationView::from(&organisation)))
}

#[utoipa::path(put, path = "/api/v1/orgs/{org}/settings", tag = "organisations", request_body = OrganisationSettings,
    params(("org" = String, Path, description = "Organisation id")),
    responses((status = 200, description = "Settings saved", body = OrganisationView),
              (status = 400, description = "A setting is out of range", body = crate::views::error::ErrorBody)))]
pub async fn update_settings(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiJson(settings): ApiJson<OrganisationSettings>,
) -> ApiResult<axum::Json<OrganisationView>> {
    settings
        .check()
        .map_err(|(field, message)| ApiError::invalid(field, message))?;
    let organisation = access
        .organisation
        .into_active_model()
        .with_settings(&ctx.db, settings)
        .await?;
    AuditEntry::new("settings_updated")
        .organisation(organisation.id)
        .actor(actor.user.id)
        .subject("organisation", organisation.pid)
        .details(serde_json::to_value(organisation.settings()).unwrap_or_default())
        .record(&ctx.db)
        .await?;
    Ok(axum::Json(OrganisationView::from(&organisation)))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs")
        .add("/", get(list).post(create))
        .add("/{org}", get(show).patch(rename))
        .add("/{org}/archive", post(archive))
        .add("/{org}/settings", put(update_settings))
}
