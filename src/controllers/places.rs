//! Autocompletion of what a search needs: a job and a place.

use axum::extract::State;
use loco_rs::prelude::{get, AppContext, Routes};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiQuery},
};
use crate::{
    models::{catalog::search_key, national_data::NationalDataStore},
    views::places::{JobView, JobsView, PlaceView, PlacesView},
};

const DEFAULT_SUGGESTIONS: usize = 10;
const MAX_SUGGESTIONS: usize = 50;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What the user typed: at least 2 letters or digits.
    #[param(example = "boulang")]
    pub q: Option<String>,
    /// Suggestions to return, 1 to 50 (default 10).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
}

impl SuggestParams {
    fn parse(&self) -> ApiResult<(&str, usize)> {
        let q = self.q.as_deref().unwrap_or_default();
        if search_key(q).len() < 2 {
            return Err(if q.is_empty() {
                ApiError::missing("q", "q is required: type at least 2 letters or digits")
            } else {
                ApiError::invalid("q", "q needs at least 2 letters or digits")
            });
        }
        let limit = params::bounded_usize(
            self.limit.as_deref(),
            "limit",
            DEFAULT_SUGGESTIONS,
            1,
            MAX_SUGGESTIONS,
        )?;
        Ok((q, limit))
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/jobs",
    tag = "autocomplete",
    params(SuggestParams),
    responses(
        (status = 200, description = "Job titles and ROME jobs matching the text", body = JobsView),
        (status = 400, description = "q is missing or too short", body = crate::views::error::ErrorBody),
    )
)]
pub async fn jobs(
    State(ctx): State<AppContext>,
    ApiQuery(params): ApiQuery<SuggestParams>,
) -> ApiResult<axum::Json<JobsView>> {
    let (q, limit) = params.parse()?;
    let data = NationalDataStore::of(&ctx)?.get(&ctx.db).await?;
    let jobs = data
        .catalog
        .search_jobs(q, limit)
        .into_iter()
        .map(JobView::from)
        .collect();
    Ok(axum::Json(JobsView { jobs }))
}

#[utoipa::path(
    get,
    path = "/api/v1/places",
    tag = "autocomplete",
    params(SuggestParams),
    responses(
        (status = 200, description = "Communes whose name or postcode matches the text", body = PlacesView),
        (status = 400, description = "q is missing or too short", body = crate::views::error::ErrorBody),
    )
)]
pub async fn places(
    State(ctx): State<AppContext>,
    ApiQuery(params): ApiQuery<SuggestParams>,
) -> ApiResult<axum::Json<PlacesView>> {
    let (q, limit) = params.parse()?;
    let data = NationalDataStore::of(&ctx)?.get(&ctx.db).await?;
    let places = data
        .catalog
        .search_places(q, limit)
        .into_iter()
        .map(PlaceView::from)
        .collect();
    Ok(axum::Json(PlacesView { places }))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1")
        .add("/jobs", get(jobs))
        .add("/places", get(places))
}
