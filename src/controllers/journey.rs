//! A seeker's journey: their profile, their shortlist, the companies they
//! keep and follow up, and their counsellors' notes.
//!
//! The guard lets the organisation's staff and its seekers in; here a
//! seeker is further held to their own record: another seeker's answers
//! 404, as if it did not exist.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    Extension,
};
use loco_rs::prelude::{get, post, AppContext, ModelError, Routes};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    api_error::{ApiError, ApiResult},
    params::{self, ApiJson, ApiPath, ApiQuery},
};
use crate::{
    authz::guard::{Actor, ClientIp, OrgAccess},
    domain::{
        typed_text, ApplicationStatus, ContactMethod, ContactOutcome, EntryState, NoteVisibility,
        Role, Siret,
    },
    matching::haversine_km,
    models::{
        audit_events::AuditEntry,
        contacts, establishments,
        national_data::{NationalData, NationalDataStore},
        notes,
        seeker_profiles::{self, ProfileError, ProfileInput},
        seekers,
        shortlist_entries::{self, EntryError, NewContact},
        shortlists, status_changes, users,
    },
    views::{
        accounts::SeekerSummaryView,
        companies::{round, CompanyInfo},
        journey::{
            ApplicationView, ApplicationsView, CardJobView, CardView, DismissedView, NoteView,
            OfferView, ProfileView, SeekerDetailView, ShortlistView, TimelineItemView,
        },
    },
};

/// The seeker of the `{seeker}` segment, if the caller may reach them: the
/// organisation's staff reach every seeker of it, a seeker only themself.
pub(super) async fn reach_seeker(
    ctx: &AppContext,
    actor: &Actor,
    access: &OrgAccess,
    pid: &str,
) -> ApiResult<seekers::Model> {
    let seeker = super::seekers::seeker_in(ctx, access, pid).await?;
    if is_staff(actor, access) || seeker.user_id == actor.user.id {
        Ok(seeker)
    } else {
        Err(ApiError::not_found("no such seeker"))
    }
}

pub(super) fn is_staff(actor: &Actor, access: &OrgAccess) -> bool {
    actor.is_platform_admin || access.has(Role::OrgAdmin) || access.has(Role::Counsellor)
}

fn parse_siret(value: &str) -> ApiResult<Siret> {
    params::parse(value, "siret", Siret::parse)
}

fn profile_error(err: ProfileError) -> ApiError {
    if err.unknown_code {
        ApiError::unknown(err.field, err.message)
    } else {
        ApiError::invalid(err.field, err.message)
    }
}

fn entry_error(err: EntryError) -> ApiError {
    match err {
        EntryError::Conflict(message) => ApiError::conflict("invalid_transition", message),
        EntryError::Model(err) => err.into(),
    }
}

pub(super) async fn national_data(ctx: &AppContext) -> ApiResult<std::sync::Arc<NationalData>> {
    Ok(NationalDataStore::of(ctx)?.get(&ctx.db).await?)
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers/{seeker}/profile", tag = "journey",
    params(("org" = String, Path), ("seeker" = String, Path)),
    responses((status = 200, description = "The profile", body = ProfileView),
              (status = 404, description = "No such seeker, or no profile yet", body = crate::views::error::ErrorBody)))]
pub async fn profile(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<ProfileView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let profile = seeker_profiles::Model::of_seeker(&ctx.db, seeker.id)
        .await?
        .ok_or_else(|| ApiError::not_found("this seeker has no profile yet"))?;
    Ok(axum::Json(ProfileView::from(&profile)))
}

/// Checks, stores and audits a profile, and rebuilds the shortlist, in one
/// change of the seeker's journey: all of it or nothing.
async fn write_profile(
    ctx: &AppContext,
    actor: &Actor,
    ip: String,
    seeker: &seekers::Model,
    input: &ProfileInput,
    source: &'static str,
) -> ApiResult<ProfileView> {
    let data = national_data(ctx).await?;
    let profile = input.check(&data.catalog).map_err(profile_error)?;
    let txn = seekers::begin_change(&ctx.db, seeker.id).await?;
    let (stored, changed) =
        seeker_profiles::Model::save(&txn, seeker, &profile, actor.user.id).await?;
    if !changed.is_empty() {
        AuditEntry::new("profile_updated")
            .organisation(seeker.organisation_id)
            .actor(actor.user.id)
            .subject("seeker", seeker.pid)
            .details(serde_json::json!({ "fields": changed, "source": source }))
            .ip(Some(ip))
            .record(&txn)
            .await?;
        shortlist_entries::record_activity(&txn, seeker.id).await?;
    }
    shortlists::refresh(&txn, &data, seeker, &stored).await?;
    txn.commit().await.map_err(ModelError::from)?;
    Ok(ProfileView::from(&stored))
}

#[utoipa::path(put, path = "/api/v1/orgs/{org}/seekers/{seeker}/profile", tag = "journey",
    request_body = ProfileInput,
    params(("org" = String, Path), ("seeker" = String, Path)),
    responses((status = 200, description = "The profile is stored and the shortlist rebuilt", body = ProfileView),
              (status = 400, description = "A field is missing, malformed or unknown; `field` names it", body = crate::views::error::ErrorBody)))]
pub async fn update_profile(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<ProfileInput>,
) -> ApiResult<axum::Json<ProfileView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let view = write_profile(&ctx, &actor, ip, &seeker, &input, "form").await?;
    Ok(axum::Json(view))
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/profile/import", tag = "journey",
    request_body(content = String, description = "A profile document: JSON (`application/json`) or a one-row CSV (`text/csv`); see docs/profile.md"),
    params(("org" = String, Path), ("seeker" = String, Path)),
    responses((status = 200, description = "The profile is stored and the shortlist rebuilt", body = ProfileView),
              (status = 400, description = "The file or a field is wrong; `field` names the field, or the CSV row and column", body = crate::views::error::ErrorBody)))]
pub async fn import_profile(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<axum::Json<ProfileView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let content_type = params::media_type(&headers);
    let is_csv = if content_type == "text/csv" {
        true
    } else if content_type == "application/json" {
        false
    } else {
        return Err(ApiError::invalid(
            "content_type",
            "send the file as application/json or text/csv",
        ));
    };
    let in_csv = |err: ProfileError| {
        if is_csv {
            ProfileError {
                field: seeker_profiles::csv_field(&err.field),
                ..err
            }
        } else {
            err
        }
    };
    let input = seeker_profiles::read_document(&body, is_csv).map_err(profile_error)?;
    let data = national_data(&ctx).await?;
    if let Err(err) = input.check(&data.catalog) {
        return Err(profile_error(in_csv(err)));
    }
    let source = if is_csv { "csv" } else { "json" };
    let view = write_profile(&ctx, &actor, ip, &seeker, &input, source).await?;
    Ok(axum::Json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShortlistParams {
    /// `spread` (default: likely hirers first, shuffled so seekers do not
    /// all call the same companies), `expected_hirings` or `distance`.
    pub sort: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers/{seeker}/shortlist", tag = "journey",
    params(("org" = String, Path), ("seeker" = String, Path), ShortlistParams),
    responses((status = 200, description = "The companies proposed, with why and how to apply", body = ShortlistView),
              (status = 409, description = "The seeker has no profile yet", body = crate::views::error::ErrorBody)))]
pub async fn shortlist(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
    ApiQuery(params): ApiQuery<ShortlistParams>,
) -> ApiResult<axum::Json<ShortlistView>> {
    let sort = match params::present(params.sort.as_deref()) {
        None | Some("spread") => "spread",
        Some("expected_hirings") => "expected_hirings",
        Some("distance") => "distance",
        Some(other) => {
            return Err(ApiError::invalid(
                "sort",
                format!("unknown sort {other:?}: use spread, expected_hirings or distance"),
            ))
        }
    };
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let mut profile = seeker_profiles::Model::of_seeker(&ctx.db, seeker.id)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                "profile_missing",
                "fill in the profile first: the shortlist is built from it",
            )
        })?;
    let data = national_data(&ctx).await?;
    if shortlists::is_stale(&profile, &data) {
        profile = refreshed(&ctx, &data, &seeker).await?;
    }
    let entries =
        shortlist_entries::Model::in_state(&ctx.db, seeker.id, EntryState::Proposed).await?;
    let mut cards = cards(&ctx, &data, &profile, &entries).await?;
    order(&mut cards, sort, seeker.pid);
    Ok(axum::Json(ShortlistView {
        sort,
        refreshed_at: profile.shortlist_refreshed_at.map(|at| at.to_rfc3339()),
        place_name: profile.place_name.clone(),
        reach_km: profile.reach_km(),
        cards: cards.into_iter().map(|(_, card)| card).collect(),
    }))
}

/// Rebuilds a stale shortlist: checked again inside the change, since
/// another request may have rebuilt it meanwhile.
async fn refreshed(
    ctx: &AppContext,
    data: &NationalData,
    seeker: &seekers::Model,
) -> ApiResult<seeker_profiles::Model> {
    let missing = || ApiError::not_found("this seeker has no profile yet");
    let txn = seekers::begin_change(&ctx.db, seeker.id).await?;
    let profile = seeker_profiles::Model::of_seeker(&txn, seeker.id)
        .await?
        .ok_or_else(missing)?;
    if shortlists::is_stale(&profile, data) {
        shortlists::refresh(&txn, data, seeker, &profile).await?;
    }
    txn.commit().await.map_err(ModelError::from)?;
    seeker_profiles::Model::of_seeker(&ctx.db, seeker.id)
        .await?
        .ok_or_else(missing)
}

/// The cards of proposed entries, each with its spread weight.
pub(super) async fn cards(
    ctx: &AppContext,
    data: &NationalData,
    profile: &seeker_profiles::Model,
    entries: &[shortlist_entries::Model],
) -> ApiResult<Vec<(f64, CardView)>> {
    let sirets: Vec<Siret> = entries
        .iter()
        .filter_map(|entry| Siret::parse(&entry.siret).ok())
        .collect();
    let texts: Vec<String> = sirets.iter().map(ToString::to_string).collect();
    let mut companies = establishments::Model::find_by_sirets(&ctx.db, &sirets).await?;
    let today = chrono::Utc::now().date_naive();
    let crowds = shortlists::recent_contact_counts(&ctx.db, &texts, today).await?;
    let mut offers = crate::models::offers::open_by_siret(&ctx.db, &texts, today).await?;
    let targets = profile.target_jobs();
    let centre = profile.centre();
    let mut cards = Vec::new();
    for entry in entries {
        let Ok(siret) = Siret::parse(&entry.siret) else {
            continue;
        };
        let Some(company) = companies.remove(&siret) else {
            continue;
        };
        let naf = crate::domain::NafCode::parse(&company.naf_code).ok();
        let mut jobs: Vec<CardJobView> = entry
            .romes
            .split(',')
            .filter_map(|rome| crate::domain::RomeCode::parse(rome).ok())
            .map(|rome| {
                let hirings = data.index.expected_hirings(siret, rome).unwrap_or(0.0);
                CardJobView::new(rome, hirings, naf, &targets, &data.catalog)
            })
            .collect();
        jobs.sort_by(|a, b| b.expected_hirings.total_cmp(&a.expected_hirings));
        let best = jobs.first().map_or(0.0, |job| job.expected_hirings);
        let crowd = crowds.get(&entry.siret).copied().unwrap_or(0);
        let distance = centre.map_or(0.0, |centre| {
            haversine_km(
                centre,
                crate::domain::Coordinates::new(company.latitude, company.longitude)
                    .unwrap_or(centre),
            )
        });
        let first_rome = jobs
            .first()
            .and_then(|job| crate::domain::RomeCode::parse(&job.rome).ok());
        let card = CardView {
            company: CompanyInfo::new(company, first_rome, &data.catalog),
            distance_km: round(distance, 3),
            jobs,
            offers: offers
                .remove(&entry.siret)
                .unwrap_or_default()
                .iter()
                .map(OfferView::from)
                .collect(),
            is_new: entry.is_new,
            recently_contacted_by: (crowd >= shortlists::CROWDED_AFTER).then_some(crowd),
        };
        cards.push((shortlists::spread_weight(best, crowd), card));
    }
    Ok(cards)
}

pub(super) fn order(cards: &mut [(f64, CardView)], sort: &str, seeker: uuid::Uuid) {
    let best = |card: &CardView| card.jobs.first().map_or(0.0, |job| job.expected_hirings);
    match sort {
        "distance" => cards.sort_by(|(_, a), (_, b)| {
            a.distance_km
                .total_cmp(&b.distance_km)
                .then_with(|| a.company.siret.cmp(&b.company.siret))
        }),
        "expected_hirings" => cards.sort_by(|(_, a), (_, b)| {
            best(b)
                .total_cmp(&best(a))
                .then_with(|| a.distance_km.total_cmp(&b.distance_km))
                .then_with(|| a.company.siret.cmp(&b.company.siret))
        }),
        _ => {
            for (weight, card) in cards.iter_mut() {
                *weight = shortlists::spread_key(seeker, &card.company.siret, *weight);
            }
            cards.sort_by(|(a_key, a), (b_key, b)| {
                b_key
                    .total_cmp(a_key)
                    .then_with(|| a.company.siret.cmp(&b.company.siret))
            });
        }
    }
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/shortlist/{siret}/keep", tag = "journey",
    params(("org" = String, Path), ("seeker" = String, Path), ("siret" = String, Path)),
    responses((status = 200, description = "The company is kept, to contact", body = ApplicationView),
              (status = 404, description = "No such seeker or company", body = crate::views::error::ErrorBody)))]
pub async fn keep(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker, siret)): ApiPath<(String, String, String)>,
) -> ApiResult<axum::Json<ApplicationView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let siret = existing_company(&ctx, &siret).await?;
    let entry = shortlist_entries::Model::keep(&ctx.db, &seeker, &siret, actor.user.id)
        .await
        .map_err(entry_error)?;
    Ok(axum::Json(application(&ctx, &entry).await?))
}

/// A SIRET of the national data; 404 otherwise.
async fn existing_company(ctx: &AppContext, siret: &str) -> ApiResult<String> {
    let siret = parse_siret(siret)?;
    match establishments::Model::find_by_siret(&ctx.db, siret).await {
        Ok(company) => Ok(company.siret),
        Err(ModelError::EntityNotFound) => Err(ApiError::not_found("no such company")),
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DismissParams {
    /// Why, in a few words (optional, at most 200 characters).
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/shortlist/{siret}/dismiss", tag = "journey",
    request_body = DismissParams,
    params(("org" = String, Path), ("seeker" = String, Path), ("siret" = String, Path)),
    responses((status = 200, description = "The company is dismissed and not proposed again", body = DismissedView),
              (status = 409, description = "The company was already contacted", body = crate::views::error::ErrorBody)))]
pub async fn dismiss(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker, siret)): ApiPath<(String, String, String)>,
    ApiJson(params): ApiJson<DismissParams>,
) -> ApiResult<axum::Json<DismissedView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let reason = params::present(params.reason.as_deref())
        .map(|reason| {
            typed_text(reason, 200, false).map_err(|err| {
                ApiError::invalid(
                    "reason",
                    format!("a reason is at most 200 characters on one line: {err}"),
                )
            })
        })
        .transpose()?;
    let siret = existing_company(&ctx, &siret).await?;
    let entry = shortlist_entries::Model::dismiss(&ctx.db, &seeker, &siret, reason)
        .await
        .map_err(entry_error)?;
    Ok(axum::Json(DismissedView::from(&entry)))
}

/// The kept companies' views, with their history and contacts.
pub(super) async fn applications_of(
    ctx: &AppContext,
    entries: &[shortlist_entries::Model],
) -> ApiResult<Vec<ApplicationView>> {
    let Some(seeker_id) = entries.first().map(|entry| entry.seeker_id) else {
        return Ok(Vec::new());
    };
    let data = national_data(ctx).await?;
    let sirets: Vec<Siret> = entries
        .iter()
        .filter_map(|entry| Siret::parse(&entry.siret).ok())
        .collect();
    let mut companies = establishments::Model::find_by_sirets(&ctx.db, &sirets).await?;
    let history = grouped(
        status_changes::Model::of_seeker(&ctx.db, seeker_id).await?,
        |change| change.entry_id,
    );
    let contacts = grouped(
        contacts::Model::of_seeker(&ctx.db, seeker_id).await?,
        |contact| contact.entry_id,
    );
    Ok(entries
        .iter()
        .map(|entry| {
            let company = Siret::parse(&entry.siret)
                .ok()
                .and_then(|siret| companies.remove(&siret))
                .map(|company| {
                    let rome = entry
                        .romes
                        .split(',')
                        .find_map(|rome| crate::domain::RomeCode::parse(rome).ok());
                    CompanyInfo::new(company, rome, &data.catalog)
                });
            ApplicationView::new(
                entry,
                company,
                history.get(&entry.id).map_or(&[], Vec::as_slice),
                contacts.get(&entry.id).map_or(&[], Vec::as_slice),
            )
        })
        .collect())
}

fn grouped<T>(rows: Vec<T>, key: impl Fn(&T) -> i32) -> HashMap<i32, Vec<T>> {
    let mut groups: HashMap<i32, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}

async fn application(
    ctx: &AppContext,
    entry: &shortlist_entries::Model,
) -> ApiResult<ApplicationView> {
    let mut views = applications_of(ctx, std::slice::from_ref(entry)).await?;
    views
        .pop()
        .ok_or_else(|| ApiError::not_found("no such company in this shortlist"))
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers/{seeker}/applications", tag = "journey",
    params(("org" = String, Path), ("seeker" = String, Path)),
    responses((status = 200, description = "The kept companies with their statuses, history and contacts", body = ApplicationsView)))]
pub async fn applications(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<ApplicationsView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let kept = shortlist_entries::Model::in_state(&ctx.db, seeker.id, EntryState::Kept).await?;
    Ok(axum::Json(ApplicationsView {
        applications: applications_of(&ctx, &kept).await?,
    }))
}

/// The kept entry of a company; 404 when the company is not kept.
async fn kept_entry(
    ctx: &AppContext,
    seeker: &seekers::Model,
    siret: &str,
) -> ApiResult<shortlist_entries::Model> {
    let siret = parse_siret(siret)?;
    shortlist_entries::Model::find_for(&ctx.db, seeker.id, &siret.to_string())
        .await?
        .filter(|entry| entry.state() == Some(EntryState::Kept))
        .ok_or_else(|| ApiError::not_found("this company is not among the kept ones"))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusParams {
    /// `contacted`, `follow_up_due`, `interview`, `hired`, `declined` or
    /// `no_answer`, as the current status allows.
    pub status: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/applications/{siret}/status", tag = "journey",
    request_body = StatusParams,
    params(("org" = String, Path), ("seeker" = String, Path), ("siret" = String, Path)),
    responses((status = 200, description = "The company moved to the status", body = ApplicationView),
              (status = 409, description = "The current status does not allow this one", body = crate::views::error::ErrorBody)))]
pub async fn change_status(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker, siret)): ApiPath<(String, String, String)>,
    ApiJson(params): ApiJson<StatusParams>,
) -> ApiResult<axum::Json<ApplicationView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let status = params::required_text(params.status.as_deref(), "status")?;
    let status = params::parse(status, "status", ApplicationStatus::parse)?;
    let entry = kept_entry(&ctx, &seeker, &siret).await?;
    let entry = entry
        .move_to(&ctx.db, status, actor.user.id)
        .await
        .map_err(entry_error)?;
    Ok(axum::Json(application(&ctx, &entry).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactParams {
    /// `visit`, `phone`, `email`, `letter`, `online_form` or `other`.
    pub method: Option<String>,
    /// The day of the contact, `YYYY-MM-DD` (default today); not in the
    /// future.
    pub date: Option<String>,
    /// At most 2,000 characters.
    pub note: Option<String>,
    /// `no_answer_yet` (default), `positive_answer`, `interview`, `refused`
    /// or `hired`.
    pub outcome: Option<String>,
}

const MAX_CONTACT_NOTE_CHARS: usize = 2_000;

fn check_contact(params: &ContactParams, today: chrono::NaiveDate) -> ApiResult<NewContact> {
    let method = params::required_text(params.method.as_deref(), "method")?;
    let method = params::parse(method, "method", ContactMethod::parse)?;
    let contacted_on = match params::present(params.date.as_deref()) {
        None => today,
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            ApiError::invalid("date", format!("date is written YYYY-MM-DD, got {text:?}"))
        })?,
    };
    if contacted_on > today {
        return Err(ApiError::invalid(
            "date",
            format!("a contact cannot be dated in the future ({contacted_on})"),
        ));
    }
    if contacted_on < today - chrono::Duration::days(366) {
        return Err(ApiError::invalid(
            "date",
            format!("a contact is dated within the last year, got {contacted_on}"),
        ));
    }
    let note = params::present(params.note.as_deref())
        .map(|note| {
            typed_text(note, MAX_CONTACT_NOTE_CHARS, true)
                .map_err(|err| ApiError::invalid("note", err.to_string()))
        })
        .transpose()?;
    let outcome = match params::present(params.outcome.as_deref()) {
        None => ContactOutcome::NoAnswerYet,
        Some(text) => params::parse(text, "outcome", ContactOutcome::parse)?,
    };
    Ok(NewContact {
        method,
        contacted_on,
        note,
        outcome,
    })
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/applications/{siret}/contacts", tag = "journey",
    request_body = ContactParams,
    params(("org" = String, Path), ("seeker" = String, Path), ("siret" = String, Path)),
    responses((status = 201, description = "The contact is logged; its outcome moved the status", body = ApplicationView),
              (status = 400, description = "A field is wrong; `field` names it", body = crate::views::error::ErrorBody),
              (status = 409, description = "The company already hired the seeker", body = crate::views::error::ErrorBody)))]
pub async fn log_contact(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker, siret)): ApiPath<(String, String, String)>,
    ApiJson(params): ApiJson<ContactParams>,
) -> ApiResult<(StatusCode, axum::Json<ApplicationView>)> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let contact = check_contact(&params, chrono::Utc::now().date_naive())?;
    let entry = kept_entry(&ctx, &seeker, &siret).await?;
    let (entry, _) = entry
        .log_contact(&ctx.db, contact, actor.user.id)
        .await
        .map_err(entry_error)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(application(&ctx, &entry).await?),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NoteParams {
    /// 1 to 5,000 characters.
    pub body: Option<String>,
    /// `shared` with the seeker, or `private` to the organisation (default).
    pub visibility: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{org}/seekers/{seeker}/notes", tag = "journey",
    request_body = NoteParams,
    params(("org" = String, Path), ("seeker" = String, Path)),
    responses((status = 201, description = "The note is written", body = NoteView)))]
pub async fn add_note(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
    ApiJson(params): ApiJson<NoteParams>,
) -> ApiResult<(StatusCode, axum::Json<NoteView>)> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let body = params::required_text(params.body.as_deref(), "body")?;
    let body = typed_text(body, notes::MAX_NOTE_CHARS, true)
        .map_err(|err| ApiError::invalid("body", err.to_string()))?;
    let visibility = match params::present(params.visibility.as_deref()) {
        None => NoteVisibility::Private,
        Some(text) => params::parse(text, "visibility", NoteVisibility::parse)?,
    };
    let note = notes::Model::create(&ctx.db, &seeker, actor.user.id, visibility, &body).await?;
    AuditEntry::new("note_written")
        .organisation(seeker.organisation_id)
        .actor(actor.user.id)
        .subject("seeker", seeker.pid)
        .details(
            serde_json::json!({ "note": note.pid.to_string(), "visibility": visibility.as_str() }),
        )
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(NoteView::new(&note, Some(&actor.user))),
    ))
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers/{seeker}", tag = "journey",
    params(("org" = String, Path), ("seeker" = String, Path)),
    responses((status = 200, description = "The seeker's profile, kept companies, contacts and notes (the seeker sees only shared notes)", body = SeekerDetailView)))]
pub async fn detail(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
) -> ApiResult<axum::Json<SeekerDetailView>> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let staff = is_staff(&actor, &access);
    let SeekerRecord {
        user,
        referent,
        profile,
        kept,
        dismissed,
    } = SeekerRecord::load(&ctx, &seeker).await?;
    let applications = applications_of(&ctx, &kept).await?;
    let mut timeline: Vec<TimelineItemView> = applications
        .iter()
        .flat_map(|application| {
            application.contacts.iter().map(|contact| TimelineItemView {
                date: contact.date.clone(),
                siret: application.siret.clone(),
                company_name: application
                    .company
                    .as_ref()
                    .map(|company| company.name.clone()),
                method: contact.method.clone(),
                outcome: contact.outcome.clone(),
                note: contact.note.clone(),
            })
        })
        .collect();
    timeline.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(axum::Json(SeekerDetailView {
        seeker: SeekerSummaryView::new(&seeker, &user, referent.as_ref()),
        profile: profile.as_ref().map(ProfileView::from),
        applications,
        dismissed: dismissed.iter().map(DismissedView::from).collect(),
        timeline,
        notes: note_views(&ctx, &seeker, staff).await?,
    }))
}

/// What the seeker's page and their data download both show of a seeker.
pub(super) struct SeekerRecord {
    pub user: users::Model,
    pub referent: Option<users::Model>,
    pub profile: Option<seeker_profiles::Model>,
    pub kept: Vec<shortlist_entries::Model>,
    pub dismissed: Vec<shortlist_entries::Model>,
}

impl SeekerRecord {
    pub(super) async fn load(ctx: &AppContext, seeker: &seekers::Model) -> ApiResult<Self> {
        let user = users::Model::find_by_id(&ctx.db, seeker.user_id).await?;
        let referent = match seeker.referent_id {
            Some(id) => Some(users::Model::find_by_id(&ctx.db, id).await?),
            None => None,
        };
        Ok(Self {
            user,
            referent,
            profile: seeker_profiles::Model::of_seeker(&ctx.db, seeker.id).await?,
            kept: shortlist_entries::Model::in_state(&ctx.db, seeker.id, EntryState::Kept).await?,
            dismissed: shortlist_entries::Model::in_state(
                &ctx.db,
                seeker.id,
                EntryState::Dismissed,
            )
            .await?,
        })
    }
}

/// A seeker's notes with their authors, newest first; the private ones
/// only `with_private` (for staff).
pub(super) async fn note_views(
    ctx: &AppContext,
    seeker: &seekers::Model,
    with_private: bool,
) -> ApiResult<Vec<NoteView>> {
    let mut views = Vec::new();
    let mut authors: HashMap<i32, users::Model> = HashMap::new();
    for note in notes::Model::of_seeker(&ctx.db, seeker.id, with_private).await? {
        if let std::collections::hash_map::Entry::Vacant(slot) = authors.entry(note.author_id) {
            slot.insert(users::Model::find_by_id(&ctx.db, note.author_id).await?);
        }
        views.push(NoteView::new(&note, authors.get(&note.author_id)));
    }
    Ok(views)
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/seekers/{seeker}")
        .add("/", get(detail))
        .add("/profile", get(profile).put(update_profile))
        .add("/profile/import", post(import_profile))
        .add("/shortlist", get(shortlist))
        .add("/shortlist/{siret}/keep", post(keep))
        .add("/shortlist/{siret}/dismiss", post(dismiss))
        .add("/applications", get(applications))
        .add("/applications/{siret}/status", post(change_status))
        .add("/applications/{siret}/contacts", post(log_contact))
        .add("/notes", post(add_note))
}
