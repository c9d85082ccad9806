//! Who may do what: a casbin enforcer with RBAC with domains, the domain
//! being an organisation. The model (`config/authz_model.conf`) and the
//! role permissions (`config/authz_policy.csv`) are part of the code; the
//! role grants (`g` lines) are built from the memberships, seekers and
//! platform admins in the database.
//!
//! The enforcer is rebuilt in this process right after a role changes
//! ([`AuthzStore::reload`]), and other processes notice within
//! `authz_refresh_check_seconds` by comparing a fingerprint of the grant
//! tables.

pub mod guard;
pub mod rules;

use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use casbin::{CoreApi, DefaultModel, Enforcer, MgmtApi, StringAdapter};
use loco_rs::prelude::*;
use sea_orm::{FromQueryResult, QuerySelect};

use crate::{
    domain::Role,
    models::_entities::{memberships, seekers, users},
    settings::Settings,
};

const MODEL: &str = include_str!("../../config/authz_model.conf");
const POLICY: &str = include_str!("../../config/authz_policy.csv");

/// The casbin subject of a user.
#[must_use]
pub fn subject(user_id: i32) -> String {
    format!("user:{user_id}")
}

/// The casbin domain of an organisation.
#[must_use]
pub fn domain(organisation_id: i32) -> String {
    format!("org:{organisation_id}")
}

/// The domain of platform-wide actions (creating organisations…).
pub const PLATFORM: &str = "platform";

/// A summary of the grant tables; when it changes, the grants changed.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
struct Fingerprint {
    rows: i64,
    latest: Option<DateTimeWithTimeZone>,
}

async fn fingerprint(db: &DatabaseConnection) -> ModelResult<Vec<Option<Fingerprint>>> {
    let memberships = memberships::Entity::find()
        .select_only()
        .column_as(memberships::Column::Id.count(), "rows")
        .column_as(memberships::Column::UpdatedAt.max(), "latest")
        .into_model::<Fingerprint>()
        .one(db)
        .await?;
    let seekers = seekers::Entity::find()
        .select_only()
        .column_as(seekers::Column::Id.count(), "rows")
        .column_as(seekers::Column::UpdatedAt.max(), "latest")
        .into_model::<Fingerprint>()
        .one(db)
        .await?;
    let admins = users::Entity::find()
        .filter(users::Column::IsPlatformAdmin.eq(true))
        .select_only()
        .column_as(users::Column::Id.count(), "rows")
        .column_as(users::Column::UpdatedAt.max(), "latest")
        .into_model::<Fingerprint>()
        .one(db)
        .await?;
    Ok(vec![memberships, seekers, admins])
}

/// The grant lines: `g, user:<id>, <role>, <domain>`.
async fn grants(db: &DatabaseConnection) -> ModelResult<Vec<Vec<String>>> {
    let mut lines = Vec::new();
    for membership in memberships::Entity::find()
        .filter(memberships::Column::DeactivatedAt.is_null())
        .all(db)
        .await?
    {
        if let Ok(role) = Role::parse(&membership.role) {
            lines.push(vec![
                subject(membership.user_id),
                role.to_string(),
                domain(membership.organisation_id),
            ]);
        }
    }
    for seeker in seekers::Entity::find()
        .filter(seekers::Column::DeactivatedAt.is_null())
        .all(db)
        .await?
    {
        lines.push(vec![
            subject(seeker.user_id),
            Role::Seeker.to_string(),
            domain(seeker.organisation_id),
        ]);
    }
    for admin in users::Entity::find()
        .filter(users::Column::IsPlatformAdmin.eq(true))
        .filter(users::Column::DeactivatedAt.is_null())
        .all(db)
        .await?
    {
        lines.push(vec![
            subject(admin.id),
            "platform_admin".to_string(),
            PLATFORM.to_string(),
        ]);
    }
    Ok(lines)
}

async fn build_enforcer(db: &DatabaseConnection) -> Result<Enforcer> {
    let model = DefaultModel::from_str(MODEL).await.map_err(Error::wrap)?;
    let mut enforcer = Enforcer::new(model, StringAdapter::new(POLICY))
        .await
        .map_err(Error::wrap)?;
    // Grants live in the database tables they are built from; the adapter
    // only supplies the role permissions and stores nothing.
    enforcer.enable_auto_save(false);
    let grants = grants(db).await?;
    if !grants.is_empty() {
        enforcer
            .add_grouping_policies(grants)
            .await
            .map_err(Error::wrap)?;
    }
    Ok(enforcer)
}

struct Current {
    enforcer: Arc<Enforcer>,
    fingerprint: Vec<Option<Fingerprint>>,
    checked_at: Instant,
}

/// Holds the enforcer; lives in the app's shared store.
#[derive(Clone)]
pub struct AuthzStore {
    current: Arc<RwLock<Option<Current>>>,
    rebuild: Arc<tokio::sync::Mutex<()>>,
    check_every: Duration,
}

impl AuthzStore {
    /// The store of `ctx`, created on first use.
    ///
    /// # Errors
    /// When the settings cannot be read.
    pub fn of(ctx: &AppContext) -> Result<Self> {
        if let Some(store) = ctx.shared_store.get::<Self>() {
            return Ok(store);
        }
        let settings = Settings::from_context(ctx)?;
        let store = Self {
            current: Arc::new(RwLock::new(None)),
            rebuild: Arc::new(tokio::sync::Mutex::new(())),
            check_every: Duration::from_secs(settings.authz_refresh_check_seconds),
        };
        ctx.shared_store.insert(store.clone());
        Ok(store)
    }

    /// The enforcer, rebuilt first when the grants changed elsewhere.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn enforcer(&self, db: &DatabaseConnection) -> Result<Arc<Enforcer>> {
        let (enforcer, known, due) = {
            let current = self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match current.as_ref() {
                Some(current) => (
                    Some(current.enforcer.clone()),
                    Some(current.fingerprint.clone()),
                    current.checked_at.elapsed() >= self.check_every,
                ),
                None => (None, None, true),
            }
        };
        if let (Some(enforcer), false) = (&enforcer, due) {
            return Ok(enforcer.clone());
        }
        let now = fingerprint(db).await?;
        if let (Some(enforcer), Some(known)) = (enforcer, known) {
            if known == now {
                if let Some(current) = self
                    .current
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .as_mut()
                {
                    current.checked_at = Instant::now();
                }
                return Ok(enforcer);
            }
        }
        self.reload(db).await
    }

    /// Rebuilds the enforcer from the database now: call it right after
    /// changing a membership, a seeker or a platform admin.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn reload(&self, db: &DatabaseConnection) -> Result<Arc<Enforcer>> {
        let _guard = self.rebuild.lock().await;
        let fingerprint = fingerprint(db).await?;
        let enforcer = Arc::new(build_enforcer(db).await?);
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Current {
            enforcer: enforcer.clone(),
            fingerprint,
            checked_at: Instant::now(),
        });
        Ok(enforcer)
    }

    /// Whether `user_id` may do `action` on `object` in `domain`.
    ///
    /// # Errors
    /// When the enforcer cannot be built or evaluated.
    pub async fn allows(
        &self,
        db: &DatabaseConnection,
        user_id: i32,
        domain: &str,
        object: &str,
        action: &str,
    ) -> Result<bool> {
        let enforcer = self.enforcer(db).await?;
        enforcer
            .enforce((subject(user_id), domain, object, action))
            .map_err(Error::wrap)
    }

    /// The roles `user_id` holds in `domain` (platform admins hold none).
    ///
    /// # Errors
    /// When the enforcer cannot be built.
    pub async fn roles_in(
        &self,
        db: &DatabaseConnection,
        user_id: i32,
        domain: &str,
    ) -> Result<Vec<Role>> {
        let enforcer = self.enforcer(db).await?;
        Ok(enforcer
            .get_filtered_grouping_policy(0, vec![subject(user_id)])
            .into_iter()
            .filter(|line| line.get(2).map(String::as_str) == Some(domain))
            .filter_map(|line| line.get(1).and_then(|role| Role::parse(role).ok()))
            .collect())
    }

    /// Whether `user_id` is a platform admin.
    ///
    /// # Errors
    /// When the enforcer cannot be built.
    pub async fn is_platform_admin(&self, db: &DatabaseConnection, user_id: i32) -> Result<bool> {
        let enforcer = self.enforcer(db).await?;
        Ok(enforcer.has_grouping_policy(vec![
            subject(user_id),
            "platform_admin".to_string(),
            PLATFORM.to_string(),
        ]))
    }
}

#[cfg(test)]
fn _assert_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Enforcer>();
    check::<AuthzStore>();
}
