//! Response shapes of a seeker's journey: the profile, the shortlist cards,
//! the kept companies with their statuses and contacts, notes, and the
//! whole of it for a counsellor.

use serde::Serialize;
use utoipa::ToSchema;

use super::{
    accounts::{SeekerSummaryView, UserView},
    companies::{round, CompanyInfo},
};
use crate::{
    domain::{ApplicationStatus, RomeCode},
    matching,
    models::{
        _entities::{contacts, notes, offers, status_changes},
        catalog::Catalog,
        seeker_profiles::{self, TargetJob},
        shortlist_entries,
    },
};

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfilePlaceView {
    /// INSEE code of the commune.
    pub commune: String,
    pub postcode: Option<String>,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileView {
    pub target_jobs: Vec<TargetJob>,
    pub place: ProfilePlaceView,
    pub max_distance_km: f64,
    /// How far the shortlist reaches: the distance, capped by mobility.
    pub reach_km: f64,
    pub mobility: String,
    pub headcount_min: Option<String>,
    pub headcount_max: Option<String>,
    pub avoided_sectors: Vec<String>,
    pub skills: Vec<String>,
    pub aspirations: Option<String>,
    pub available_from: Option<String>,
    pub updated_at: String,
}

impl From<&seeker_profiles::Model> for ProfileView {
    fn from(profile: &seeker_profiles::Model) -> Self {
        Self {
            target_jobs: profile.target_jobs(),
            place: ProfilePlaceView {
                commune: profile.commune_code.clone(),
                postcode: profile.postcode.clone(),
                name: profile.place_name.clone(),
                latitude: profile.latitude,
                longitude: profile.longitude,
            },
            max_distance_km: profile.max_distance_km,
            reach_km: profile.reach_km(),
            mobility: profile.mobility.clone(),
            headcount_min: profile.headcount_min.clone(),
            headcount_max: profile.headcount_max.clone(),
            avoided_sectors: profile.avoided_sectors(),
            skills: profile.skills(),
            aspirations: profile.aspirations.clone(),
            available_from: profile.available_from.map(|date| date.to_string()),
            updated_at: profile.updated_at.to_rfc3339(),
        }
    }
}

/// A target job a company may hire for, and how likely.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardJobView {
    #[schema(example = "K2204")]
    pub rome: String,
    pub label: String,
    pub expected_hirings: f64,
    pub stars: u8,
    /// `high` (4–5 stars), `medium` (2–3) or `low` (0–1).
    pub band: &'static str,
    /// The recommended way to apply for this job here.
    pub contact_mode: Option<String>,
}

impl CardJobView {
    #[must_use]
    pub fn new(
        rome: RomeCode,
        expected_hirings: f64,
        naf: Option<crate::domain::NafCode>,
        labels: &[TargetJob],
        catalog: &Catalog,
    ) -> Self {
        let stars = matching::stars(expected_hirings);
        let label = labels
            .iter()
            .find(|job| job.rome == rome.as_str())
            .map(|job| job.label.clone())
            .or_else(|| catalog.rome_label(rome).map(str::to_string))
            .unwrap_or_else(|| rome.to_string());
        Self {
            rome: rome.to_string(),
            label,
            expected_hirings: round(expected_hirings, 3),
            stars,
            band: match stars {
                4.. => "high",
                2..=3 => "medium",
                _ => "low",
            },
            contact_mode: naf
                .and_then(|naf| catalog.contact_mode(naf, rome))
                .map(str::to_string),
        }
    }
}

/// A job offer a company published.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub id: String,
    pub title: String,
    pub rome: String,
    pub contract_type: String,
    pub place: String,
    pub published_on: String,
    pub ends_on: String,
    pub url: Option<String>,
}

impl From<&offers::Model> for OfferView {
    fn from(offer: &offers::Model) -> Self {
        Self {
            id: offer.source_id.clone(),
            title: offer.title.clone(),
            rome: offer.rome_code.clone(),
            contract_type: offer.contract_type.clone(),
            place: offer.place.clone(),
            published_on: offer.published_on.to_string(),
            ends_on: offer.ends_on.to_string(),
            url: offer.url.clone(),
        }
    }
}

/// A company of the shortlist, with why it is there and how to apply.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardView {
    #[serde(flatten)]
    pub company: CompanyInfo,
    /// From the seeker's place, in km.
    pub distance_km: f64,
    /// The seeker's target jobs this company may hire for, best first.
    pub jobs: Vec<CardJobView>,
    /// Its open job offers.
    pub offers: Vec<OfferView>,
    /// It came in at the last refresh.
    pub is_new: bool,
    /// How many seekers (all organisations) contacted it in the last 30
    /// days, when that is many: set from 3.
    pub recently_contacted_by: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShortlistView {
    /// `spread` (default), `expected_hirings` or `distance`.
    pub sort: &'static str,
    pub refreshed_at: Option<String>,
    pub place_name: String,
    pub reach_km: f64,
    pub cards: Vec<CardView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeView {
    pub from: Option<String>,
    pub to: String,
    pub at: String,
    /// The contact that moved the status, if one did.
    pub contact: Option<String>,
    /// `coach_answer` when the seeker answered one of the coach's emails,
    /// `coach` when the coach marked the company unanswered; null when
    /// made in the interface.
    pub via: Option<String>,
}

impl StatusChangeView {
    #[must_use]
    pub fn new(change: &status_changes::Model, contacts: &[contacts::Model]) -> Self {
        Self {
            from: change.from_status.clone(),
            to: change.to_status.clone(),
            at: change.created_at.to_rfc3339(),
            contact: change.contact_id.and_then(|id| {
                contacts
                    .iter()
                    .find(|contact| contact.id == id)
                    .map(|contact| contact.pid.to_string())
            }),
            via: change.via.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub id: String,
    pub method: String,
    /// The day of the contact, `YYYY-MM-DD`.
    pub date: String,
    pub note: Option<String>,
    pub outcome: String,
    pub logged_at: String,
}

impl From<&contacts::Model> for ContactView {
    fn from(contact: &contacts::Model) -> Self {
        Self {
            id: contact.pid.to_string(),
            method: contact.method.clone(),
            date: contact.contacted_on.to_string(),
            note: contact.note.clone(),
            outcome: contact.outcome.clone(),
            logged_at: contact.created_at.to_rfc3339(),
        }
    }
}

/// A kept company on the way to a job.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    #[schema(example = "48186978200013")]
    pub siret: String,
    /// The company; absent when it left the national data since.
    pub company: Option<CompanyInfo>,
    pub status: String,
    /// The statuses it may move to next.
    pub next_statuses: Vec<&'static str>,
    pub kept_at: Option<String>,
    pub status_changed_at: Option<String>,
    pub history: Vec<StatusChangeView>,
    /// Newest first.
    pub contacts: Vec<ContactView>,
}

impl ApplicationView {
    #[must_use]
    pub fn new(
        entry: &shortlist_entries::Model,
        company: Option<CompanyInfo>,
        history: &[status_changes::Model],
        contacts: &[contacts::Model],
    ) -> Self {
        let status = entry.status();
        let mut contact_views: Vec<ContactView> = contacts.iter().map(ContactView::from).collect();
        contact_views.reverse();
        Self {
            siret: entry.siret.clone(),
            company,
            status: entry.status.clone().unwrap_or_default(),
            next_statuses: status
                .map(|status| {
                    status
                        .next()
                        .iter()
                        .map(|next| ApplicationStatus::as_str(*next))
                        .collect()
                })
                .unwrap_or_default(),
            kept_at: entry.decided_at.map(|at| at.to_rfc3339()),
            status_changed_at: entry.status_changed_at.map(|at| at.to_rfc3339()),
            history: history
                .iter()
                .map(|change| StatusChangeView::new(change, contacts))
                .collect(),
            contacts: contact_views,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationsView {
    pub applications: Vec<ApplicationView>,
}

/// A company the seeker dismissed.
#[derive(Debug, Serialize, ToSchema)]
pub struct DismissedView {
    pub siret: String,
    pub reason: Option<String>,
    pub dismissed_at: Option<String>,
}

impl From<&shortlist_entries::Model> for DismissedView {
    fn from(entry: &shortlist_entries::Model) -> Self {
        Self {
            siret: entry.siret.clone(),
            reason: entry.dismiss_reason.clone(),
            dismissed_at: entry.decided_at.map(|at| at.to_rfc3339()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    pub id: String,
    pub body: String,
    /// `shared` with the seeker, or `private` to the organisation.
    pub visibility: String,
    pub author: Option<UserView>,
    pub created_at: String,
}

impl NoteView {
    #[must_use]
    pub fn new(note: &notes::Model, author: Option<&crate::models::users::Model>) -> Self {
        Self {
            id: note.pid.to_string(),
            body: note.body.clone(),
            visibility: note.visibility.clone(),
            author: author.map(UserView::from),
            created_at: note.created_at.to_rfc3339(),
        }
    }
}

/// Everything about one seeker: what a counsellor opens from the caseload,
/// and what the seeker sees of themself (without private notes).
#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerDetailView {
    pub seeker: SeekerSummaryView,
    pub profile: Option<ProfileView>,
    pub applications: Vec<ApplicationView>,
    pub dismissed: Vec<DismissedView>,
    /// Contacts of every kept company, newest first.
    pub timeline: Vec<TimelineItemView>,
    /// Newest first.
    pub notes: Vec<NoteView>,
}

/// One contact in a seeker's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineItemView {
    pub date: String,
    pub siret: String,
    pub company_name: Option<String>,
    pub method: String,
    pub outcome: String,
    pub note: Option<String>,
}
