//! The OpenAPI 3 description of the API, generated from the handlers'
//! annotations. A test compares it with the routes the app really serves.

use axum::Json;
use loco_rs::prelude::{get, Routes};
use utoipa::OpenApi;

use super::{
    audit, auth, coach, companies, corrections, data_export, exports, figures, imports,
    invitations, journey, members, organisations, places, seekers,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Relais API",
        description = "Companies likely to hire for a job near a place, predicted from hiring \
                       data; organisations, their people and access. Writes made with a session \
                       cookie must send the session's CSRF token in the X-CSRF-Token header."
    ),
    paths(
        companies::search,
        companies::show,
        corrections::show,
        corrections::update,
        corrections::remove,
        places::jobs,
        places::places,
        document,
        auth::sign_in,
        auth::sign_out,
        auth::me,
        auth::forgot_password,
        auth::reset_password,
        auth::request_magic_link,
        auth::magic_link_sign_in,
        organisations::list,
        organisations::create,
        organisations::show,
        organisations::rename,
        organisations::archive,
        organisations::update_settings,
        members::list,
        members::change_role,
        members::deactivate,
        members::reactivate,
        invitations::list,
        invitations::create,
        invitations::resend,
        invitations::revoke,
        invitations::preview,
        invitations::accept,
        seekers::list,
        seekers::transfer,
        journey::detail,
        journey::profile,
        journey::update_profile,
        journey::import_profile,
        journey::shortlist,
        journey::keep,
        journey::dismiss,
        journey::applications,
        journey::change_status,
        journey::log_contact,
        journey::add_note,
        data_export::export,
        figures::show,
        exports::caseload_csv,
        exports::contacts_csv,
        audit::organisation_log,
        audit::platform_log,
        coach::my_emails,
        coach::update_my_emails,
        coach::list_outbox,
        coach::retry_message,
        imports::list,
        imports::report,
    ),
    tags(
        (name = "companies", description = "Search companies likely to hire"),
        (name = "autocomplete", description = "Jobs and places for a search form"),
        (name = "meta", description = "This description"),
        (name = "auth", description = "Sign in and out, password and magic links"),
        (name = "organisations", description = "Partner organisations and their settings"),
        (name = "members", description = "Staff of an organisation and their roles"),
        (name = "invitations", description = "Invitations to join an organisation"),
        (name = "seekers", description = "An organisation's seekers and their progress"),
        (name = "figures", description = "An organisation's funnel, by month and by counsellor"),
        (name = "exports", description = "CSV exports for spreadsheets, written in the audit log"),
        (name = "journey", description = "A seeker's profile, shortlist, applications and notes"),
        (name = "audit", description = "Who did what, when"),
        (name = "coach", description = "The coach's emails: a person's settings, the outbox"),
        (name = "corrections", description = "The platform admin's corrections of a company"),
        (name = "imports", description = "The national data imports and their reports"),
    )
)]
pub struct ApiDoc;

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3 document of this API"))
)]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn routes() -> Routes {
    Routes::new().add("/api/v1/openapi.json", get(document))
}
