//! The platform admin's corrections of a company: hidden, its name and
//! contacts replaced, boosted for some jobs (docs/data.md, docs/ranking.md).

use axum::{extract::State, http::StatusCode, Extension};
use loco_rs::prelude::{get, AppContext, ModelError, Routes};
use serde::Serialize;
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiJson, ApiPath},
};
use crate::{
    authz::guard::{Actor, ClientIp},
    domain::Siret,
    models::{
        company_corrections::{self, Author, BoostEntry, CorrectionInput, Problem, ProblemKind},
        establishments,
        national_data::NationalDataStore,
    },
    views::companies::CompanyInfo,
};

/// A stored correction.
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionView {
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub boosts: Vec<BoostEntry>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<&company_corrections::Model> for CorrectionView {
    fn from(row: &company_corrections::Model) -> Self {
        Self {
            hidden: row.hidden,
            hidden_reason: row.hidden_reason.clone(),
            name: row.name.clone(),
            phone: row.phone.clone(),
            email: row.email.clone(),
            website: row.website.clone(),
            boosts: row.boosts(),
            updated_at: row.updated_at.into(),
        }
    }
}

/// A company as imported, and its correction if it has one.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCorrectionView {
    #[schema(example = "48186978200013")]
    pub siret: String,
    /// The company as imported, without the correction; absent when the
    /// establishments file no longer has it.
    pub imported: Option<CompanyInfo>,
    pub correction: Option<CorrectionView>,
}

fn parse_siret(siret: &str) -> ApiResult<Siret> {
    params::parse(siret, "siret", Siret::parse)
}

async fn view(
    ctx: &AppContext,
    siret: Siret,
    correction: Option<&company_corrections::Model>,
) -> ApiResult<CompanyCorrectionView> {
    let imported = match establishments::Model::find_imported(&ctx.db, siret).await {
        Ok(company) => Some(company),
        Err(ModelError::EntityNotFound) => None,
        Err(err) => return Err(err.into()),
    };
    let data = NationalDataStore::of(ctx)?.get(&ctx.db).await?;
    Ok(CompanyCorrectionView {
        siret: siret.to_string(),
        imported: imported.map(|company| CompanyInfo::new(company, None, &data.catalog)),
        correction: correction.map(CorrectionView::from),
    })
}

fn author(actor: &Actor, ip: String) -> Author {
    Author {
        user_id: actor.user.id,
        ip: Some(ip),
    }
}

/// One problem keeps its own code; several answer `invalid_parameter`
/// naming every field.
fn refused(mut problems: Vec<Problem>) -> ApiError {
    if problems.len() == 1 {
        let problem = problems.remove(0);
        return match problem.kind {
            ProblemKind::Missing => ApiError::missing(problem.field, problem.message),
            ProblemKind::Invalid => ApiError::invalid(problem.field, problem.message),
            ProblemKind::Unknown => ApiError::unknown(problem.field, problem.message),
        };
    }
    ApiError::InvalidFields {
        message: problems
            .iter()
            .map(|problem| problem.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        fields: problems.into_iter().map(|problem| problem.field).collect(),
    }
}

/// Rebuilds this server's index at once; the others notice the new data
/// version within `index_refresh_check_seconds`. The change is stored
/// already: a failure here is logged, and the next check rebuilds.
async fn rebuild_index(ctx: &AppContext) -> ApiResult<()> {
    if let Err(err) = NationalDataStore::of(ctx)?.reload(&ctx.db).await {
        tracing::error!(error = %err, "rebuilding the matching index after a correction failed");
    }
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/companies/{siret}/correction", tag = "corrections",
    params(("siret" = String, Path, description = "SIRET, 14 digits", example = "48186978200013")),
    responses((status = 200, description = "The company as imported and its correction (null when none)", body = CompanyCorrectionView),
              (status = 400, description = "The SIRET is malformed", body = crate::views::error::ErrorBody),
              (status = 403, description = "Only the platform admin corrects companies", body = crate::views::error::ErrorBody),
              (status = 404, description = "No company and no correction has this SIRET", body = crate::views::error::ErrorBody)))]
pub async fn show(
    State(ctx): State<AppContext>,
    ApiPath(siret): ApiPath<String>,
) -> ApiResult<axum::Json<CompanyCorrectionView>> {
    let siret = parse_siret(&siret)?;
    let correction = company_corrections::Model::of(&ctx.db, siret).await?;
    let found = view(&ctx, siret, correction.as_ref()).await?;
    if found.imported.is_none() && found.correction.is_none() {
        return Err(ApiError::not_found(format!(
            "no company has the SIRET {siret}"
        )));
    }
    Ok(axum::Json(found))
}

#[utoipa::path(put, path = "/api/v1/companies/{siret}/correction", tag = "corrections",
    request_body = CorrectionInput,
    params(("siret" = String, Path, description = "SIRET, 14 digits", example = "48186978200013")),
    responses((status = 200, description = "Saved in place of the previous correction; searches and shortlists follow at once", body = CompanyCorrectionView),
              (status = 400, description = "A field is missing, malformed or unknown: each one is named (`fields`), and nothing is stored", body = crate::views::error::ErrorBody),
              (status = 403, description = "Only the platform admin corrects companies", body = crate::views::error::ErrorBody),
              (status = 404, description = "No company has this SIRET", body = crate::views::error::ErrorBody)))]
pub async fn update(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath(siret): ApiPath<String>,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> ApiResult<axum::Json<CompanyCorrectionView>> {
    let siret = parse_siret(&siret)?;
    match establishments::Model::find_imported(&ctx.db, siret).await {
        Ok(_) => {}
        Err(ModelError::EntityNotFound) => {
            return Err(ApiError::not_found(format!(
                "no company has the SIRET {siret}"
            )))
        }
        Err(err) => return Err(err.into()),
    }
    let data = NationalDataStore::of(&ctx)?.get(&ctx.db).await?;
    let correction = input.check(&data.catalog).map_err(refused)?;

    let saved = company_corrections::save(&ctx.db, siret, &correction, &author(&actor, ip)).await?;
    tracing::info!(%siret, hidden = saved.hidden, "company corrected");
    rebuild_index(&ctx).await?;
    Ok(axum::Json(view(&ctx, siret, Some(&saved)).await?))
}

#[utoipa::path(delete, path = "/api/v1/companies/{siret}/correction", tag = "corrections",
    params(("siret" = String, Path, description = "SIRET, 14 digits", example = "48186978200013")),
    responses((status = 204, description = "Removed: the company is shown and ranked as imported"),
              (status = 403, description = "Only the platform admin corrects companies", body = crate::views::error::ErrorBody),
              (status = 404, description = "The company has no correction", body = crate::views::error::ErrorBody)))]
pub async fn remove(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath(siret): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let siret = parse_siret(&siret)?;
    if company_corrections::remove(&ctx.db, siret, &author(&actor, ip))
        .await?
        .is_none()
    {
        return Err(ApiError::not_found(format!(
            "the company {siret} has no correction"
        )));
    }
    tracing::info!(%siret, "company correction removed");
    rebuild_index(&ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Routes {
    Routes::new().add(
        "/api/v1/companies/{siret}/correction",
        get(show).put(update).delete(remove),
    )
}
