//! The record of every data import: what was read, what changed, what was
//! rejected and where the report is. The newest successful run is also the
//! data version that tells a running server to rebuild its matching index.

use loco_rs::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

pub use super::_entities::import_runs::{self, ActiveModel, Column, Entity, Model};
use super::csv_input::{Outcome, RejectedRow};

impl ActiveModelBehavior for ActiveModel {}

/// What kind of data an import brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Referentials,
    Establishments,
    Offers,
    /// Not an import: a change of the platform admin's company
    /// corrections, recorded as a run so that it makes a new data version.
    Corrections,
}

impl ImportKind {
    /// The kinds of real imports, that the imports page lists.
    pub const ALL: [Self; 3] = [Self::Referentials, Self::Establishments, Self::Offers];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Referentials => "referentials",
            Self::Establishments => "establishments",
            Self::Offers => "offers",
            Self::Corrections => "corrections",
        }
    }
}

/// The counts an import reports when it finishes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows of a nomenclature that the new files no longer have; offers
    /// past their end date.
    pub removed: u64,
    /// Offers read that had already ended: not imported.
    pub expired: u64,
    /// Rows rejected, and rows imported with a value corrected or dropped.
    pub rejected: Vec<RejectedRow>,
}

impl ImportSummary {
    /// Counts a row by what is stored for it (`stored`, the stored row's
    /// content hash, if any), and says whether it must be written: not
    /// when it is stored unchanged.
    pub fn counts_write(&mut self, stored: Option<i64>, hash: i64) -> bool {
        match stored {
            Some(stored) if stored == hash => {
                self.unchanged += 1;
                return false;
            }
            Some(_) => self.updated += 1,
            None => self.inserted += 1,
        }
        true
    }

    /// Number of distinct rows rejected (a row may have several problems).
    #[must_use]
    pub fn rejected_rows(&self) -> u64 {
        self.rows_with(Outcome::Rejected)
    }

    /// Number of distinct rows imported with a value corrected or dropped.
    #[must_use]
    pub fn corrected_rows(&self) -> u64 {
        self.rows_with(Outcome::Corrected)
    }

    fn rows_with(&self, outcome: Outcome) -> u64 {
        let mut lines: Vec<(&str, u64)> = self
            .rejected
            .iter()
            .filter(|row| row.outcome == outcome)
            .map(|row| (row.file.as_str(), row.line))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        lines.len() as u64
    }

    /// Whether the import changed any stored row.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.inserted + self.updated + self.removed > 0
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} read, {} inserted, {} updated, {} unchanged, {} rejected",
            self.read,
            self.inserted,
            self.updated,
            self.unchanged,
            self.rejected_rows()
        )?;
        if self.removed > 0 {
            write!(f, ", {} removed", self.removed)?;
        }
        if self.corrected_rows() > 0 {
            write!(f, " ({} imported with a correction)", self.corrected_rows())?;
        }
        Ok(())
    }
}

/// FNV-1a of `text`: a fingerprint of a row's imported values that, unlike
/// the standard library's hasher, stays the same across runs and builds, so
/// it can be stored and compared at the next import.
#[must_use]
pub fn fingerprint(text: &str) -> i64 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    i64::from_ne_bytes(hash.to_ne_bytes())
}

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Model {
    /// Opens the record of an import that is starting.
    ///
    /// # Errors
    /// When the database refuses the insert.
    pub async fn start(
        db: &DatabaseConnection,
        kind: ImportKind,
        source: &str,
    ) -> ModelResult<Self> {
        let run = ActiveModel {
            kind: Set(kind.as_str().to_string()),
            source: Set(source.to_string()),
            status: Set("running".to_string()),
            rows_read: Set(0),
            rows_inserted: Set(0),
            rows_updated: Set(0),
            rows_unchanged: Set(0),
            rows_rejected: Set(0),
            rows_removed: Set(0),
            started_at: Set(chrono::Utc::now().into()),
            ..Default::default()
        };
        Ok(run.insert(db).await?)
    }

    /// The id of the newest import that changed data, which versions the
    /// data the matching index is built from; `None` before any import.
    /// Offers are not part of that data: their daily import must neither
    /// rebuild the index nor make every shortlist look out of date.
    ///
    /// # Errors
    /// When the query fails.
    pub async fn data_version(db: &impl ConnectionTrait) -> ModelResult<Option<i32>> {
        Ok(Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::Status.eq("succeeded"))
            .filter(Column::Kind.ne(ImportKind::Offers.as_str()))
            .filter(
                Condition::any()
                    .add(Column::RowsInserted.gt(0))
                    .add(Column::RowsUpdated.gt(0))
                    .add(Column::RowsRemoved.gt(0)),
            )
            .order_by_desc(Column::Id)
            .into_tuple::<i32>()
            .one(db)
            .await?)
    }

    /// Whether an import of `kind` ever succeeded.
    ///
    /// # Errors
    /// When the query fails.
    pub async fn has_succeeded(db: &DatabaseConnection, kind: ImportKind) -> ModelResult<bool> {
        Ok(Entity::find()
            .filter(Column::Kind.eq(kind.as_str()))
            .filter(Column::Status.eq("succeeded"))
            .one(db)
            .await?
            .is_some())
    }

    /// The newest import runs first.
    ///
    /// # Errors
    /// When the query fails.
    pub async fn imports(db: &DatabaseConnection, limit: u64) -> ModelResult<Vec<Self>> {
        Ok(Entity::find()
            .filter(Column::Kind.is_in(ImportKind::ALL.map(ImportKind::as_str)))
            .order_by_desc(Column::Id)
            .limit(limit)
            .all(db)
            .await?)
    }

    /// The import run `id`, if there is one.
    ///
    /// # Errors
    /// When the query fails.
    pub async fn find_import(db: &DatabaseConnection, id: i32) -> ModelResult<Option<Self>> {
        Ok(Entity::find_by_id(id)
            .filter(Column::Kind.is_in(ImportKind::ALL.map(ImportKind::as_str)))
            .one(db)
            .await?)
    }
}

/// Records a change of the company corrections of `siret` as a new data
/// version, so that every server rebuilds its matching index and every
/// shortlist is refreshed; inside the transaction of the change.
///
/// # Errors
/// When the database refuses the insert.
pub async fn record_correction(db: &impl ConnectionTrait, siret: &str) -> ModelResult<Model> {
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    let run = ActiveModel {
        kind: Set(ImportKind::Corrections.as_str().to_string()),
        source: Set(format!("company {siret}")),
        status: Set("succeeded".to_string()),
        rows_read: Set(1),
        rows_inserted: Set(0),
        rows_updated: Set(1),
        rows_unchanged: Set(0),
        rows_rejected: Set(0),
        rows_removed: Set(0),
        started_at: Set(now),
        finished_at: Set(Some(now)),
        ..Default::default()
    };
    Ok(run.insert(db).await?)
}

impl ActiveModel {
    /// Closes the record of a successful import.
    ///
    /// # Errors
    /// When the database refuses the update.
    pub async fn succeeded(
        mut self,
        db: &impl ConnectionTrait,
        summary: &ImportSummary,
        report_path: Option<String>,
    ) -> ModelResult<Model> {
        self.status = Set("succeeded".to_string());
        self.rows_read = Set(count(summary.read));
        self.rows_inserted = Set(count(summary.inserted));
        self.rows_updated = Set(count(summary.updated));
        self.rows_unchanged = Set(count(summary.unchanged));
        self.rows_removed = Set(count(summary.removed));
        self.rows_rejected = Set(count(summary.rejected_rows()));
        self.report_path = Set(report_path);
        self.finished_at = Set(Some(chrono::Utc::now().into()));
        Ok(self.update(db).await?)
    }

    /// Closes the record of an import that failed and changed nothing.
    ///
    /// # Errors
    /// When the database refuses the update.
    pub async fn failed(mut self, db: &DatabaseConnection, error: &str) -> ModelResult<Model> {
        self.status = Set("failed".to_string());
        self.error = Set(Some(error.to_string()));
        self.finished_at = Set(Some(chrono::Utc::now().into()));
        Ok(self.update(db).await?)
    }
}

/// Why an import stopped without changing anything.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] super::csv_input::FileError),
    #[error("{0}")]
    Precondition(String),
    #[error("cannot write the report {path}: {source}")]
    Report {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("database error: {0}")]
    Model(#[from] ModelError),
}

/// Runs `import` under a record in `import_runs`: the record says whether it
/// succeeded, with its counts, and where the report of rejected rows is.
///
/// # Errors
/// The import's own error, after the record says it failed.
pub async fn recorded<Fut>(
    db: &DatabaseConnection,
    kind: ImportKind,
    source: &std::path::Path,
    report_dir: &std::path::Path,
    import: Fut,
) -> Result<(Model, ImportSummary), ImportError>
where
    Fut: std::future::Future<Output = Result<ImportSummary, ImportError>>,
{
    let run = Model::start(db, kind, &source.display().to_string()).await?;
    let summary = match import.await {
        Ok(summary) => summary,
        Err(err) => {
            run.into_active_model().failed(db, &err.to_string()).await?;
            return Err(err);
        }
    };

    let report_path = if summary.rejected.is_empty() {
        None
    } else {
        let started = run.started_at.format("%Y%m%dT%H%M%S");
        let path = report_dir.join(format!(
            "{}-{started}-run{}-report.csv",
            kind.as_str(),
            run.id
        ));
        super::csv_input::write_report(&path, &summary.rejected).map_err(|source| {
            ImportError::Report {
                path: path.display().to_string(),
                source,
            }
        })?;
        Some(path.display().to_string())
    };
    let run = run
        .into_active_model()
        .succeeded(db, &summary, report_path)
        .await?;
    tracing::info!(
        kind = kind.as_str(),
        run = run.id,
        read = summary.read,
        inserted = summary.inserted,
        updated = summary.updated,
        unchanged = summary.unchanged,
        rejected = summary.rejected_rows(),
        "import finished"
    );
    Ok((run, summary))
}
