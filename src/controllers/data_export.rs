//! "Download my data": everything Relais holds about a seeker in one
//! organisation, as one JSON file (the seeker's right of access).
//!
//! The seeker gets what they see in their space: the notes shared with
//! them, not the private ones. Staff get what they see on the seeker's
//! page, private notes included and marked so: they check them before
//! handing the file over. Each download is written in the audit log, like
//! the CSV exports: the file carries personal data.

use axum::{extract::State, response::Response, Extension};
use chrono::Utc;
use loco_rs::prelude::{get, AppContext, Error, Routes};

use super::{
    api_error::{ApiError, ApiResult},
    exports::download,
    journey::{
        applications_of, cards, is_staff, national_data, note_views, order, reach_seeker,
        SeekerRecord,
    },
    params::ApiPath,
};
use crate::{
    authz::guard::{Actor, ClientIp, OrgAccess},
    domain::EntryState,
    models::{
        audit_events::AuditEntry, email_preferences, outbox, seeker_profiles, seekers,
        shortlist_entries,
    },
    views::{
        data_export::{ExportOrganisationView, SeekerAccountView, SeekerDataView, SentMessageView},
        journey::{CardView, DismissedView, ProfileView},
    },
};

/// The proposed companies, in the seeker's own order, as they were last
/// built: downloading changes nothing, so a stale shortlist is not rebuilt.
async fn current_shortlist(
    ctx: &AppContext,
    seeker: &seekers::Model,
    profile: Option<&seeker_profiles::Model>,
) -> ApiResult<Vec<CardView>> {
    let Some(profile) = profile else {
        return Ok(Vec::new());
    };
    let data = national_data(ctx).await?;
    let proposed =
        shortlist_entries::Model::in_state(&ctx.db, seeker.id, EntryState::Proposed).await?;
    let mut cards = cards(ctx, &data, profile, &proposed).await?;
    order(&mut cards, "spread", seeker.pid);
    Ok(cards.into_iter().map(|(_, card)| card).collect())
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/seekers/{seeker}/export", tag = "journey",
    params(("org" = String, Path, description = "Organisation id"), ("seeker" = String, Path, description = "Seeker id")),
    responses((status = 200, description = "Everything Relais holds about the seeker in this organisation, as a JSON \
                                            download named `relais-mes-donnees-<date>.json` (the seeker gets only the \
                                            notes shared with them); written in the audit log",
               body = SeekerDataView),
              (status = 404, description = "No such seeker here, or another seeker's", body = crate::views::error::ErrorBody)))]
pub async fn export(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiPath((_, seeker)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let seeker = reach_seeker(&ctx, &actor, &access, &seeker).await?;
    let with_private = is_staff(&actor, &access);
    let now = Utc::now();

    let SeekerRecord {
        user,
        referent,
        profile,
        kept,
        dismissed,
    } = SeekerRecord::load(&ctx, &seeker).await?;
    let messages =
        outbox::Model::sent_to_in(&ctx.db, access.organisation.id, seeker.user_id).await?;
    let document = SeekerDataView {
        exported_at: now.to_rfc3339(),
        organisation: ExportOrganisationView::from(&access.organisation),
        notes_included: if with_private { "all" } else { "shared" },
        account: SeekerAccountView::new(&seeker, &user, referent.as_ref()),
        shortlist: current_shortlist(&ctx, &seeker, profile.as_ref()).await?,
        profile: profile.as_ref().map(ProfileView::from),
        applications: applications_of(&ctx, &kept).await?,
        dismissed: dismissed.iter().map(DismissedView::from).collect(),
        notes: note_views(&ctx, &seeker, with_private).await?,
        email_preferences: email_preferences::of(&ctx.db, seeker.user_id).await?,
        messages: messages.iter().map(SentMessageView::from).collect(),
    };
    let bytes = serde_json::to_vec_pretty(&document).map_err(|err| {
        ApiError::Internal(Error::string(&format!("writing the export failed: {err}")))
    })?;

    AuditEntry::new("seeker_data_exported")
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .subject("seeker", seeker.pid)
        .details(serde_json::json!({
            "notes_included": document.notes_included,
            "applications": document.applications.len(),
            "notes": document.notes.len(),
            "messages": document.messages.len(),
        }))
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok(download(
        bytes,
        "application/json; charset=utf-8",
        "relais-mes-donnees",
        "json",
        now,
    ))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/seekers/{seeker}")
        .add("/export", get(export))
}
