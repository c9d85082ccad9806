//! The record of the national data imports, for the platform admin: each
//! run with its counts, and the CSV report of the rows it rejected or
//! corrected. Imports themselves run from the command line (docs/data.md).

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use loco_rs::prelude::{get, AppContext, Routes};
use serde::Serialize;
use utoipa::ToSchema;

use super::{
    api_error::{ApiError, ApiResult},
    params::ApiPath,
};
use crate::models::import_runs;

/// Runs listed, newest first.
pub const LISTED_RUNS: u64 = 200;

/// One import run.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRunView {
    pub id: i32,
    /// `referentials`, `establishments` or `offers`.
    #[schema(example = "establishments")]
    pub kind: String,
    /// The file or folder imported.
    pub source: String,
    /// `running`, `succeeded` or `failed`.
    pub status: String,
    pub started_at: chrono::DateTime<Utc>,
    pub finished_at: Option<chrono::DateTime<Utc>>,
    pub rows_read: i64,
    pub rows_inserted: i64,
    pub rows_updated: i64,
    pub rows_unchanged: i64,
    /// Distinct rows rejected.
    pub rows_rejected: i64,
    /// Nomenclature rows the new files no longer have; offers past their end.
    pub rows_removed: i64,
    /// Why a failed run stopped.
    pub error: Option<String>,
    /// Where to download the report of rejected and corrected rows, when
    /// the run wrote one.
    pub report_url: Option<String>,
}

impl From<import_runs::Model> for ImportRunView {
    fn from(run: import_runs::Model) -> Self {
        Self {
            report_url: run
                .report_path
                .as_ref()
                .map(|_| format!("/api/v1/imports/{}/report", run.id)),
            id: run.id,
            kind: run.kind,
            source: run.source,
            status: run.status,
            started_at: run.started_at.into(),
            finished_at: run.finished_at.map(Into::into),
            rows_read: run.rows_read,
            rows_inserted: run.rows_inserted,
            rows_updated: run.rows_updated,
            rows_unchanged: run.rows_unchanged,
            rows_rejected: run.rows_rejected,
            rows_removed: run.rows_removed,
            error: run.error,
        }
    }
}

/// The latest import runs, newest first.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports",
    responses((status = 200, description = "The latest 200 import runs, newest first", body = [ImportRunView]),
              (status = 403, description = "Only the platform admin reads the imports", body = crate::views::error::ErrorBody)))]
pub async fn list(State(ctx): State<AppContext>) -> ApiResult<axum::Json<Vec<ImportRunView>>> {
    let runs = import_runs::Model::imports(&ctx.db, LISTED_RUNS).await?;
    Ok(axum::Json(runs.into_iter().map(Into::into).collect()))
}

/// The CSV report of one run: `file;line;field;value;reason;outcome`.
#[utoipa::path(get, path = "/api/v1/imports/{id}/report", tag = "imports",
    params(("id" = i32, Path, description = "Import run id")),
    responses((status = 200, description = "The run's report of rejected and corrected rows, `;`-separated",
               content_type = "text/csv", body = String),
              (status = 404, description = "No such run, the run wrote no report, or its file is gone", body = crate::views::error::ErrorBody)))]
pub async fn report(
    State(ctx): State<AppContext>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let Ok(id) = id.trim().parse::<i32>() else {
        return Err(ApiError::not_found(format!("no import run {id:?}")));
    };
    let run = import_runs::Model::find_import(&ctx.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no import run {id}")))?;
    let Some(path) = run.report_path else {
        return Err(ApiError::not_found(format!(
            "import run {id} rejected and corrected no row: it has no report"
        )));
    };
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(ApiError::not_found(format!(
                "the report of import run {id} is no longer on this server"
            )))
        }
        Err(err) => {
            return Err(ApiError::Internal(loco_rs::Error::string(&format!(
                "reading the report {path}: {err}"
            ))))
        }
    };
    let name = std::path::Path::new(&path).file_name().map_or_else(
        || format!("run{id}-report.csv"),
        |name| name.to_string_lossy().into_owned(),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .prefix("/api/v1/imports")
        .add("/", get(list))
        .add("/{id}/report", get(report))
}
