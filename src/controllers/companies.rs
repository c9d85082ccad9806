//! Public company search: which companies near a place are likely to hire
//! for a job. No sign-in: this is the same service the public gets.

use std::sync::Arc;

use axum::extract::State;
use loco_rs::prelude::{get, AppContext, Routes};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiPath, ApiQuery},
};
use crate::{
    domain::{Coordinates, Flags, HeadcountBracket, NafCode, RomeCode, Siret},
    matching::{self, Filters, SearchQuery, SortOrder},
    models::{
        establishments,
        national_data::{NationalData, NationalDataStore},
    },
    views::{
        companies::{
            round, CompanyDetailView, CompanyInfo, CompanySearchView, CompanyView, LikelyJobView,
            Match,
        },
        places::PlaceView,
    },
};

pub const DEFAULT_DISTANCE_KM: f64 = 10.0;
pub const MAX_DISTANCE_KM: f64 = 100.0;
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// Deep pages are refused: nobody reads past them, and they cost a sort.
pub const MAX_PAGE: usize = 1_000;

/// Parameters of a company search. Give the place as `latitude` and
/// `longitude`, or as `postcode`, or as `commune` (INSEE code).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// ROME job code, e.g. `K2204`.
    #[param(required = true, example = "K2204")]
    pub rome: Option<String>,
    #[param(value_type = Option<f64>, example = 49.1081)]
    pub latitude: Option<String>,
    #[param(value_type = Option<f64>, example = 6.1955)]
    pub longitude: Option<String>,
    /// A postcode; when several communes share it, the search is centred
    /// on the one the postcode's mail is addressed to.
    #[param(example = "57000")]
    pub postcode: Option<String>,
    /// INSEE commune code (`57463`, `2A004`).
    pub commune: Option<String>,
    /// Search radius in km, greater than 0 and at most 100 (default 10).
    #[param(value_type = Option<f64>)]
    pub distance_km: Option<String>,
    /// `expected_hirings` (default) or `distance`.
    pub sort: Option<String>,
    /// Page number, from 1 (default 1).
    #[param(value_type = Option<u32>)]
    pub page: Option<String>,
    /// Companies per page, 1 to 100 (default 20).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// Smallest headcount bracket, as an INSEE code (`00` … `53`).
    pub headcount_min: Option<String>,
    /// Largest headcount bracket, as an INSEE code (`00` … `53`).
    pub headcount_max: Option<String>,
    /// Comma-separated NAF codes the companies must have.
    pub naf: Option<String>,
    /// Comma-separated flags the companies must all have: `junior`,
    /// `senior`, `handicap`, `alternance`, `poe_afpr`, `pmsmp`.
    pub flags: Option<String>,
}

/// Where a search is centred, and the place it was named by, if any.
struct Origin {
    position: Coordinates,
    place: Option<PlaceView>,
}

fn parse_origin(params: &SearchParams, data: &NationalData) -> ApiResult<Origin> {
    let by_coordinates = params.latitude.is_some() || params.longitude.is_some();
    let given = [
        by_coordinates,
        params.postcode.is_some(),
        params.commune.is_some(),
    ];
    if given.iter().filter(|given| **given).count() > 1 {
        return Err(ApiError::invalid(
            "place",
            "give the place one way only: latitude and longitude, or postcode, or commune",
        ));
    }

    if by_coordinates {
        let latitude =
            params::required_f64(params::present(params.latitude.as_deref()), "latitude")?;
        let longitude =
            params::required_f64(params::present(params.longitude.as_deref()), "longitude")?;
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(ApiError::invalid(
                "latitude",
                "latitude must be between -90 and 90",
            ));
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(ApiError::invalid(
                "longitude",
                "longitude must be between -180 and 180",
            ));
        }
        let position = Coordinates::new(latitude, longitude)
            .map_err(|err| ApiError::invalid("latitude", err.to_string()))?;
        return Ok(Origin {
            position,
            place: None,
        });
    }

    let place = if let Some(postcode) = params::present(params.postcode.as_deref()) {
        let postcode = params::parse(postcode, "postcode", crate::domain::Postcode::parse)?;
        data.catalog.postcode(postcode).ok_or_else(|| {
            ApiError::unknown(
                "postcode",
                format!("no commune has the postcode {postcode}"),
            )
        })?
    } else if let Some(commune) = params::present(params.commune.as_deref()) {
        let commune = params::parse(commune, "commune", crate::domain::InseeCode::parse)?;
        data.catalog.commune(commune).ok_or_else(|| {
            ApiError::unknown(
                "commune",
                format!("no commune has the INSEE code {commune}"),
            )
        })?
    } else {
        return Err(ApiError::missing(
            "place",
            "give a place: latitude and longitude, or postcode, or commune",
        ));
    };
    let field = if params.postcode.is_some() {
        "postcode"
    } else {
        "commune"
    };
    let position = place.centre.ok_or_else(|| {
        ApiError::unknown(
            field,
            format!("the position of {} is not known", place.name),
        )
    })?;
    Ok(Origin {
        position,
        place: Some(place.into()),
    })
}

fn parse_rome(value: Option<&str>, data: &NationalData) -> ApiResult<RomeCode> {
    let value = value.ok_or_else(|| {
        ApiError::missing(
            "rome",
            "give the job to search for as a ROME code, e.g. rome=K2204",
        )
    })?;
    let rome = params::parse(value, "rome", RomeCode::parse)?;
    if data.catalog.rome_label(rome).is_none() {
        return Err(ApiError::unknown(
            "rome",
            format!("{rome} is not a known ROME code"),
        ));
    }
    Ok(rome)
}

fn parse_filters(params: &SearchParams, data: &NationalData) -> ApiResult<Filters> {
    let headcount = |value: Option<&str>, field| {
        value
            .map(|value| params::parse(value, field, HeadcountBracket::parse))
            .transpose()
    };
    let headcount_min = headcount(params.headcount_min.as_deref(), "headcount_min")?;
    let headcount_max = headcount(params.headcount_max.as_deref(), "headcount_max")?;
    if let (Some(min), Some(max)) = (headcount_min, headcount_max) {
        if min > max {
            return Err(ApiError::invalid(
                "headcount_max",
                format!(
                    "headcount_max ({}) is smaller than headcount_min ({})",
                    max.code(),
                    min.code()
                ),
            ));
        }
    }

    let mut nafs = Vec::new();
    for value in params::list(params.naf.as_deref()) {
        let naf = params::parse(value, "naf", NafCode::parse)?;
        if !data.catalog.knows_naf(naf) {
            return Err(ApiError::unknown(
                "naf",
                format!("{naf} is not a known NAF code"),
            ));
        }
        nafs.push(naf);
    }

    let mut required_flags = Flags::empty();
    for name in params::list(params.flags.as_deref()) {
        let flag = Flags::from_name(&name.to_ascii_lowercase()).ok_or_else(|| {
            ApiError::invalid(
                "flags",
                format!(
                    "unknown flag {name:?}: use junior, senior, handicap, alternance, poe_afpr \
                     or pmsmp"
                ),
            )
        })?;
        required_flags.insert(flag);
    }
    Ok(Filters {
        headcount_min,
        headcount_max,
        nafs,
        required_flags,
    })
}

fn parse_sort(value: Option<&str>) -> ApiResult<SortOrder> {
    match params::present(value)
        .map(|value| value.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("expected_hirings") => Ok(SortOrder::ExpectedHirings),
        Some("distance") => Ok(SortOrder::Distance),
        Some(other) => Err(ApiError::invalid(
            "sort",
            format!("unknown sort {other:?}: use expected_hirings or distance"),
        )),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/companies",
    tag = "companies",
    params(SearchParams),
    responses(
        (status = 200, description = "Companies likely to hire, best first", body = CompanySearchView),
        (status = 400, description = "A parameter is missing, malformed or unknown", body = crate::views::error::ErrorBody),
    )
)]
pub async fn search(
    State(ctx): State<AppContext>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<axum::Json<CompanySearchView>> {
    let data = NationalDataStore::of(&ctx)?.get(&ctx.db).await?;
    let rome = parse_rome(params.rome.as_deref(), &data)?;
    let origin = parse_origin(&params, &data)?;
    let radius_km = params::bounded_f64(
        params.distance_km.as_deref(),
        "distance_km",
        DEFAULT_DISTANCE_KM,
        MAX_DISTANCE_KM,
    )?;
    let limit = params::bounded_usize(
        params.limit.as_deref(),
        "limit",
        DEFAULT_LIMIT,
        1,
        MAX_LIMIT,
    )?;
    let page = params::bounded_usize(params.page.as_deref(), "page", 1, 1, MAX_PAGE)?;
    let query = SearchQuery {
        rome,
        origin: origin.position,
        radius_km,
        sort: parse_sort(params.sort.as_deref())?,
        filters: parse_filters(&params, &data)?,
        offset: (page - 1) * limit,
        limit,
    };

    let found = data.index.search(&query);
    let companies = company_views(&ctx, &data, &found.hits, rome).await?;
    Ok(axum::Json(CompanySearchView {
        total: found.total,
        page,
        limit,
        place: origin.place,
        companies,
    }))
}

/// The stored details of each hit, in the hits' order.
async fn company_views(
    ctx: &AppContext,
    data: &Arc<NationalData>,
    hits: &[matching::Hit],
    rome: RomeCode,
) -> ApiResult<Vec<CompanyView>> {
    let sirets: Vec<Siret> = hits.iter().map(|hit| hit.siret).collect();
    let mut stored = data.companies(&ctx.db, &sirets).await?;
    Ok(hits
        .iter()
        .filter_map(|hit| {
            let company = stored.remove(&hit.siret)?;
            let found = Match {
                distance_km: hit.distance_km,
                expected_hirings: hit.expected_hirings,
                score: hit.score,
                stars: hit.stars,
            };
            Some(CompanyView::new(
                Arc::unwrap_or_clone(company),
                &found,
                rome,
                &data.catalog,
            ))
        })
        .collect())
}

#[utoipa::path(
    get,
    path = "/api/v1/companies/{siret}",
    tag = "companies",
    params(("siret" = String, Path, description = "SIRET, 14 digits", example = "48186978200013")),
    responses(
        (status = 200, description = "The company and the jobs it is most likely to hire for", body = CompanyDetailView),
        (status = 400, description = "The SIRET is malformed", body = crate::views::error::ErrorBody),
        (status = 404, description = "No company has this SIRET", body = crate::views::error::ErrorBody),
    )
)]
pub async fn show(
    State(ctx): State<AppContext>,
    ApiPath(siret): ApiPath<String>,
) -> ApiResult<axum::Json<CompanyDetailView>> {
    let siret = params::parse(&siret, "siret", Siret::parse)?;
    let company = match establishments::Model::find_by_siret(&ctx.db, siret).await {
        Ok(company) => company,
        Err(loco_rs::model::ModelError::EntityNotFound) => {
            return Err(ApiError::not_found(format!(
                "no company has the SIRET {siret}"
            )))
        }
        Err(err) => return Err(err.into()),
    };
    let data = NationalDataStore::of(&ctx)?.get(&ctx.db).await?;

    let mut likely_jobs: Vec<LikelyJobView> = data
        .catalog
        .romes()
        .filter_map(|(rome, label)| {
            let expected = data.index.expected_hirings(siret, rome)?;
            (expected > 0.0).then(|| LikelyJobView {
                rome: rome.to_string(),
                rome_label: label.to_string(),
                expected_hirings: round(expected, 3),
                stars: matching::stars(expected),
            })
        })
        .collect();
    likely_jobs.sort_by(|a, b| b.expected_hirings.total_cmp(&a.expected_hirings));
    likely_jobs.truncate(10);

    let best_rome = likely_jobs
        .first()
        .and_then(|job| RomeCode::parse(&job.rome).ok());
    Ok(axum::Json(CompanyDetailView {
        company: CompanyInfo::new(company, best_rome, &data.catalog),
        likely_jobs,
    }))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/companies")
        .add("/", get(search))
        .add("/{siret}", get(show))
}
