//! The national data a server answers searches from: the matching index and
//! the catalog of nomenclatures, held in memory as one immutable snapshot.
//!
//! Imports run in another process (a task), so a server learns of them from
//! the database: at most every `index_refresh_check_seconds` a request reads
//! the data version (the newest successful import) and, when it changed,
//! rebuilds the snapshot. Requests that arrive meanwhile keep answering from
//! the previous snapshot.
//!
//! A snapshot also keeps the stored details of the companies its searches
//! showed last (up to [`COMPANIES_KEPT`]), so that a page of results reads
//! the database only for companies not shown lately. They go with the
//! snapshot: an import or a correction, which changes the data version,
//! starts from an empty set.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use loco_rs::prelude::*;
use tokio::sync::Mutex;

use super::{
    _entities::rome_naf_hirings, catalog::Catalog, company_corrections, establishments, import_runs,
};
use crate::{
    domain::{NafCode, RomeCode, Siret},
    matching::{MatchingIndex, RomeNafHirings},
    settings::Settings,
};

/// Companies whose stored details a snapshot keeps at most: a few hundred
/// bytes each, some tens of megabytes in all.
pub const COMPANIES_KEPT: u64 = 100_000;

/// One consistent view of the national data.
pub struct NationalData {
    pub index: MatchingIndex,
    pub catalog: Catalog,
    /// The import this snapshot was built after (`None`: before any import).
    pub version: Option<i32>,
    /// Stored details of the companies shown lately, as the database gave
    /// them (corrections applied, hidden companies absent).
    companies: moka::future::Cache<Siret, Arc<establishments::Model>>,
}

impl NationalData {
    /// Builds a snapshot from the database.
    ///
    /// # Errors
    /// When a query fails.
    pub async fn load(db: &DatabaseConnection) -> ModelResult<Self> {
        let started = Instant::now();
        let version = import_runs::Model::data_version(db).await?;
        let catalog = Catalog::load(db).await?;
        let hirings: Vec<RomeNafHirings> = rome_naf_hirings::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|row| {
                Some(RomeNafHirings {
                    rome: RomeCode::parse(&row.rome_code).ok()?,
                    naf: NafCode::parse(&row.naf_code).ok()?,
                    hirings: u32::try_from(row.hirings).ok()?,
                })
            })
            .collect();
        // Hidden companies are left out of the index, so no search or
        // shortlist can find them; boosts apply to its expected hirings.
        let (hidden, boosts) = company_corrections::for_index(db).await?;
        let mut establishments = establishments::load_for_index(db).await?;
        if !hidden.is_empty() {
            establishments.retain(|establishment| !hidden.contains(&establishment.siret));
        }
        let index = MatchingIndex::build(establishments, &hirings).with_boosts(&boosts);
        tracing::info!(
            establishments = index.len(),
            heap_bytes = index.heap_bytes(),
            elapsed_ms = started.elapsed().as_millis(),
            ?version,
            "matching index built"
        );
        Ok(Self {
            index,
            catalog,
            version,
            companies: moka::future::Cache::new(COMPANIES_KEPT),
        })
    }

    /// The stored details of the companies of `sirets` that exist and are
    /// not hidden: those shown lately from memory, the others read from the
    /// database (and kept).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn companies(
        &self,
        db: &DatabaseConnection,
        sirets: &[Siret],
    ) -> ModelResult<HashMap<Siret, Arc<establishments::Model>>> {
        let mut found = HashMap::with_capacity(sirets.len());
        let mut missing = Vec::new();
        for siret in sirets {
            match self.companies.get(siret).await {
                Some(company) => {
                    found.insert(*siret, company);
                }
                None => missing.push(*siret),
            }
        }
        if !missing.is_empty() {
            for (siret, company) in establishments::Model::find_by_sirets(db, &missing).await? {
                let company = Arc::new(company);
                self.companies.insert(siret, company.clone()).await;
                found.insert(siret, company);
            }
        }
        Ok(found)
    }
}

struct Current {
    data: Arc<NationalData>,
    checked_at: Instant,
}

/// Holds the current snapshot; lives in the app's shared store.
#[derive(Clone)]
pub struct NationalDataStore {
    current: Arc<RwLock<Option<Current>>>,
    rebuild: Arc<Mutex<()>>,
    check_every: Duration,
}

impl NationalDataStore {
    #[must_use]
    pub fn new(check_every: Duration) -> Self {
        Self {
            current: Arc::new(RwLock::new(None)),
            rebuild: Arc::new(Mutex::new(())),
            check_every,
        }
    }

    /// The store of `ctx`, created on first use.
    ///
    /// # Errors
    /// When the settings cannot be read.
    pub fn of(ctx: &AppContext) -> Result<Self> {
        if let Some(store) = ctx.shared_store.get::<Self>() {
            return Ok(store);
        }
        let settings = Settings::from_context(ctx)?;
        let store = Self::new(Duration::from_secs(settings.index_refresh_check_seconds));
        ctx.shared_store.insert(store.clone());
        Ok(store)
    }

    /// The current snapshot, rebuilt first if an import happened since it
    /// was built and the check interval has passed.
    ///
    /// # Errors
    /// When the database cannot be read and there is no snapshot yet.
    pub async fn get(&self, db: &DatabaseConnection) -> ModelResult<Arc<NationalData>> {
        let (snapshot, due) = self.peek();
        match snapshot {
            Some(snapshot) if !due => Ok(snapshot),
            Some(snapshot) => {
                let Ok(_guard) = self.rebuild.try_lock() else {
                    return Ok(snapshot);
                };
                let version = import_runs::Model::data_version(db).await?;
                if version == snapshot.version {
                    self.touch();
                    return Ok(snapshot);
                }
                self.rebuild_locked(db).await
            }
            None => {
                let _guard = self.rebuild.lock().await;
                if let (Some(snapshot), _) = self.peek() {
                    return Ok(snapshot);
                }
                self.rebuild_locked(db).await
            }
        }
    }

    /// Rebuilds the snapshot now, whatever the interval.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn reload(&self, db: &DatabaseConnection) -> ModelResult<Arc<NationalData>> {
        let _guard = self.rebuild.lock().await;
        self.rebuild_locked(db).await
    }

    fn peek(&self) -> (Option<Arc<NationalData>>, bool) {
        let current = self
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        current.as_ref().map_or((None, true), |current| {
            (
                Some(current.data.clone()),
                current.checked_at.elapsed() >= self.check_every,
            )
        })
    }

    fn touch(&self) {
        let mut current = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(current) = current.as_mut() {
            current.checked_at = Instant::now();
        }
    }

    async fn rebuild_locked(&self, db: &DatabaseConnection) -> ModelResult<Arc<NationalData>> {
        let data = Arc::new(NationalData::load(db).await?);
        let mut current = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *current = Some(Current {
            data: data.clone(),
            checked_at: Instant::now(),
        });
        Ok(data)
    }
}
