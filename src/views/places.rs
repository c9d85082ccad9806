use serde::Serialize;
use utoipa::ToSchema;

use crate::models::catalog::{JobChoice, Place};

/// A commune, with the postcode it was found by and its centre.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceView {
    /// INSEE commune code (a code, not a number: `2A004`).
    #[schema(example = "57463")]
    pub commune: String,
    #[schema(example = "METZ")]
    pub name: String,
    #[schema(example = "57000")]
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// What to show in a list of suggestions: "METZ (57000)".
    pub label: String,
}

impl From<Place> for PlaceView {
    fn from(place: Place) -> Self {
        let label = match place.postcode {
            Some(postcode) => format!("{} ({postcode})", place.name),
            None => place.name.clone(),
        };
        Self {
            commune: place.insee_code.to_string(),
            name: place.name,
            postcode: place.postcode.map(|postcode| postcode.to_string()),
            latitude: place.centre.map(|centre| centre.latitude()),
            longitude: place.centre.map(|centre| centre.longitude()),
            label,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacesView {
    pub places: Vec<PlaceView>,
}

/// A job a seeker can look for: a job title and the ROME job it belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    #[schema(example = "Boulanger / Boulangère")]
    pub label: String,
    /// OGR code of the job title; absent when the choice is the ROME job itself.
    pub ogr_code: Option<String>,
    #[schema(example = "D1102")]
    pub rome: String,
    #[schema(example = "Boulangerie - viennoiserie")]
    pub rome_label: String,
}

impl From<JobChoice> for JobView {
    fn from(job: JobChoice) -> Self {
        Self {
            label: job.label,
            ogr_code: job.ogr_code,
            rome: job.rome.to_string(),
            rome_label: job.rome_label,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobsView {
    pub jobs: Vec<JobView>,
}
