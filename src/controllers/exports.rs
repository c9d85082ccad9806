//! CSV exports of the caseload and of its contacts, for French spreadsheets
//! (see `reports::spreadsheet`). They carry personal data, so each one is
//! written in the audit log with what it held.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    Extension,
};
use chrono::{DateTime, Utc};
use loco_rs::prelude::{get, AppContext, Error, Routes};

use super::{
    api_error::{ApiError, ApiResult},
    caseload::{self, CaseloadParams, Selection},
    params::ApiQuery,
};
use crate::{
    authz::guard::{Actor, ClientIp, OrgAccess},
    models::{audit_events::AuditEntry, reports},
    reports::{caseload::SeekerLine, exports, spreadsheet},
};

/// A file of personal data as a download named `<stem>-<date>.<extension>`,
/// kept out of caches.
pub(super) fn download(
    bytes: Vec<u8>,
    content_type: &'static str,
    stem: &str,
    extension: &str,
    now: DateTime<Utc>,
) -> Response {
    let disposition = format!(
        "attachment; filename=\"{stem}-{}.{extension}\"",
        now.date_naive()
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The CSV file as a download named `<stem>-<date>.csv`.
fn attachment(bytes: Vec<u8>, stem: &str, now: DateTime<Utc>) -> Response {
    download(bytes, "text/csv; charset=utf-8", stem, "csv", now)
}

fn csv_failed(err: &csv::Error) -> ApiError {
    ApiError::Internal(Error::string(&format!("writing the CSV failed: {err}")))
}

async fn audit(
    ctx: &AppContext,
    action: &'static str,
    actor: &Actor,
    access: &OrgAccess,
    ip: String,
    details: serde_json::Value,
) -> ApiResult<()> {
    AuditEntry::new(action)
        .organisation(access.organisation.id)
        .actor(actor.user.id)
        .details(details)
        .ip(Some(ip))
        .record(&ctx.db)
        .await?;
    Ok(())
}

async fn selected(
    ctx: &AppContext,
    actor: &Actor,
    access: &OrgAccess,
    params: &CaseloadParams,
    now: DateTime<Utc>,
) -> ApiResult<(Selection, Vec<SeekerLine>)> {
    let selection = caseload::selection(ctx, actor, access, params).await?;
    let lines = caseload::lines(ctx, access, &selection, now).await?;
    Ok((selection, lines))
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/exports/caseload.csv", tag = "exports",
    params(("org" = String, Path, description = "Organisation id"), CaseloadParams),
    responses((status = 200, description = "The caseload as CSV: UTF-8 with BOM, `;`-separated, French headers",
               content_type = "text/csv", body = String),
              (status = 400, description = "A parameter is invalid", body = crate::views::error::ErrorBody)))]
pub async fn caseload_csv(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiQuery(params): ApiQuery<CaseloadParams>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let (selection, lines) = selected(&ctx, &actor, &access, &params, now).await?;
    let stalled_after_days = access.organisation.stalled_after_days;
    let bytes = spreadsheet::write(
        &exports::CASELOAD_HEADER,
        lines
            .iter()
            .map(|line| exports::caseload_row(line, now, stalled_after_days)),
    )
    .map_err(|err| csv_failed(&err))?;

    let details = selection.audit_details(lines.len());
    audit(&ctx, "caseload_exported", &actor, &access, ip, details).await?;
    Ok(attachment(bytes, "relais-portefeuille", now))
}

#[utoipa::path(get, path = "/api/v1/orgs/{org}/exports/contacts.csv", tag = "exports",
    params(("org" = String, Path, description = "Organisation id"), CaseloadParams),
    responses((status = 200, description = "Every contact of the caseload's seekers as CSV: UTF-8 with BOM, `;`-separated, French headers",
               content_type = "text/csv", body = String),
              (status = 400, description = "A parameter is invalid", body = crate::views::error::ErrorBody)))]
pub async fn contacts_csv(
    State(ctx): State<AppContext>,
    Extension(actor): Extension<Actor>,
    Extension(access): Extension<OrgAccess>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    ApiQuery(params): ApiQuery<CaseloadParams>,
) -> ApiResult<Response> {
    let now = Utc::now();
    let (selection, lines) = selected(&ctx, &actor, &access, &params, now).await?;
    let contacts = reports::contacts_of(&ctx.db, selection.scope(&access), &lines).await?;
    let bytes = spreadsheet::write(
        &exports::CONTACTS_HEADER,
        contacts.iter().map(exports::contact_row),
    )
    .map_err(|err| csv_failed(&err))?;

    let details = selection.audit_details(contacts.len());
    audit(&ctx, "contacts_exported", &actor, &access, ip, details).await?;
    Ok(attachment(bytes, "relais-contacts", now))
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/orgs/{org}/exports")
        .add("/caseload.csv", get(caseload_csv))
        .add("/contacts.csv", get(contacts_csv))
}
