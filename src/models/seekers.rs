//! Job seekers: each belongs to one organisation and has a referent
//! counsellor there. Acceptance of the terms and consent to share progress
//! are recorded with their date and the version of the text.

use loco_rs::prelude::*;
use sea_orm::{DatabaseTransaction, TransactionTrait};

pub use super::_entities::seekers::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}

/// The versions of the texts a seeker accepts when joining.
pub const TERMS_VERSION: &str = "2026-12";
pub const CONSENT_VERSION: &str = "2026-12";

impl Model {
    /// # Errors
    /// `EntityNotFound` when the organisation has no seeker with this id.
    pub async fn find_in(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        pid: Uuid,
    ) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::OrganisationId.eq(organisation_id))
            .filter(Column::Pid.eq(pid))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// The seeker record of a user, if they are a seeker somewhere.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn find_by_user(
        db: &impl ConnectionTrait,
        user_id: i32,
    ) -> ModelResult<Option<Self>> {
        Ok(Entity::find()
            .filter(Column::UserId.eq(user_id))
            .one(db)
            .await?)
    }

    /// Records a new seeker who accepted the terms and the consent now.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        user_id: i32,
        referent_id: Option<i32>,
    ) -> ModelResult<Self> {
        let now = chrono::Utc::now();
        Ok(ActiveModel {
            pid: Set(Uuid::new_v4()),
            organisation_id: Set(organisation_id),
            user_id: Set(user_id),
            referent_id: Set(referent_id),
            terms_accepted_at: Set(now.into()),
            terms_version: Set(TERMS_VERSION.to_string()),
            consent_at: Set(now.into()),
            consent_version: Set(CONSENT_VERSION.to_string()),
            deactivated_at: Set(None),
            created_at: Set(now.into()),
            updated_at: Set(now.into()),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }
}

/// Begins a change to a seeker's journey: a transaction that first writes
/// the seeker's row, so that two changes at once apply one after the other
/// (PostgreSQL holds the row lock until the end; SQLite gives the
/// transaction the database's write lock before it reads anything).
///
/// # Errors
/// When the database fails.
pub async fn begin_change(
    db: &DatabaseConnection,
    seeker_id: i32,
) -> ModelResult<DatabaseTransaction> {
    let txn = db.begin().await?;
    Entity::update_many()
        .col_expr(Column::LastActivityAt, Expr::col(Column::LastActivityAt))
        .filter(Column::Id.eq(seeker_id))
        .exec(&txn)
        .await?;
    Ok(txn)
}

impl ActiveModel {
    /// # Errors
    /// When the database fails.
    pub async fn with_referent(
        mut self,
        db: &impl ConnectionTrait,
        referent_id: i32,
    ) -> ModelResult<Model> {
        self.referent_id = Set(Some(referent_id));
        self.updated_at = Set(chrono::Utc::now().into());
        Ok(self.update(db).await?)
    }
}
