use serde::Serialize;
use utoipa::ToSchema;

use super::places::PlaceView;
use crate::{
    domain::{NafCode, RomeCode},
    models::{catalog::Catalog, establishments},
};

/// The size of a company, as an INSEE headcount bracket.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadcountView {
    #[schema(example = "11")]
    pub code: &'static str,
    #[schema(example = "10 à 19 salariés")]
    pub label: &'static str,
}

/// A company: an establishment, one SIRET.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyInfo {
    #[schema(example = "48186978200013")]
    pub siret: String,
    pub name: String,
    pub trade_name: Option<String>,
    #[schema(example = "8121Z")]
    pub naf: String,
    pub naf_label: Option<String>,
    pub headcount: Option<HeadcountView>,
    /// Street address, postcode and commune on one line.
    pub address: String,
    pub postcode: Option<String>,
    /// INSEE code of the commune.
    pub commune: String,
    pub commune_name: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// The company was not geocoded and is placed at its commune's centre.
    pub approximate_location: bool,
    /// The recommended way to apply for the searched job.
    pub contact_mode: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// Open to: `junior`, `senior`, `handicap`, `alternance`, `poe_afpr`, `pmsmp`.
    pub flags: Vec<&'static str>,
}

/// A company as found by a search, with why it ranks where it does.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyView {
    #[serde(flatten)]
    pub company: CompanyInfo,
    /// Great-circle distance from the searched place, in km.
    pub distance_km: f64,
    /// Hirings expected in the next six months for the searched job.
    pub expected_hirings: f64,
    /// 0–100, derived from the expected hirings (see docs/ranking.md).
    pub score: u8,
    /// 0–5, derived from the expected hirings (see docs/ranking.md).
    pub stars: u8,
}

/// How a found company relates to the search that found it.
pub struct Match {
    pub distance_km: f64,
    pub expected_hirings: f64,
    pub score: u8,
    pub stars: u8,
}

impl CompanyView {
    #[must_use]
    pub fn new(
        company: establishments::Model,
        found: &Match,
        rome: RomeCode,
        catalog: &Catalog,
    ) -> Self {
        Self {
            company: CompanyInfo::new(company, Some(rome), catalog),
            distance_km: round(found.distance_km, 3),
            expected_hirings: round(found.expected_hirings, 3),
            score: found.score,
            stars: found.stars,
        }
    }
}

impl CompanyInfo {
    /// `rome`, when known, chooses the recommended way to apply.
    #[must_use]
    pub fn new(company: establishments::Model, rome: Option<RomeCode>, catalog: &Catalog) -> Self {
        let naf = NafCode::parse(&company.naf_code).ok();
        let commune_name = crate::domain::InseeCode::parse(&company.commune_code)
            .ok()
            .and_then(|code| catalog.commune_name(code))
            .map(str::to_string);
        let contact_mode = company.contact_mode.clone().or_else(|| {
            naf.zip(rome)
                .and_then(|(naf, rome)| catalog.contact_mode(naf, rome))
                .map(str::to_string)
        });
        let headcount = company.headcount_bracket().map(|bracket| HeadcountView {
            code: bracket.code(),
            label: bracket.label(),
        });
        let address = [
            company.street_number.as_deref(),
            company.street_name.as_deref(),
            company.postcode.as_deref(),
            commune_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        Self {
            flags: company.flags().names(),
            siret: company.siret,
            name: company.name,
            trade_name: company.trade_name,
            naf_label: naf
                .and_then(|naf| catalog.naf_label(naf))
                .map(str::to_string),
            naf: company.naf_code,
            headcount,
            address,
            postcode: company.postcode,
            commune: company.commune_code,
            commune_name,
            latitude: company.latitude,
            longitude: company.longitude,
            approximate_location: company.approximate_location,
            contact_mode,
            phone: company.phone,
            email: company.email,
            website: company.website,
        }
    }
}

/// Rounds to `decimals` places, for answers that read well.
#[must_use]
pub fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10_f64.powi(decimals);
    (value * factor).round() / factor
}

/// One page of a company search.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanySearchView {
    /// How many companies match, over all pages.
    pub total: usize,
    pub page: usize,
    pub limit: usize,
    /// The place searched around, when given as a postcode or commune.
    pub place: Option<PlaceView>,
    pub companies: Vec<CompanyView>,
}

/// A job a company is likely to hire for.
#[derive(Debug, Serialize, ToSchema)]
pub struct LikelyJobView {
    #[schema(example = "K2204")]
    pub rome: String,
    pub rome_label: String,
    pub expected_hirings: f64,
    pub stars: u8,
}

/// One company with the jobs it is most likely to hire for.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDetailView {
    #[serde(flatten)]
    pub company: CompanyInfo,
    /// Up to ten jobs, most expected hirings first.
    pub likely_jobs: Vec<LikelyJobView>,
}
