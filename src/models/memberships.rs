//! Staff of an organisation: a user's role (org admin or counsellor) in it.
//! A deactivated membership is kept, for the history, and grants nothing.

use loco_rs::prelude::*;
use sea_orm::{DatabaseBackend, DatabaseTransaction, PaginatorTrait, QueryOrder, QuerySelect};

pub use super::_entities::memberships::{self, ActiveModel, Column, Entity, Model};
use crate::domain::Role;

impl ActiveModelBehavior for ActiveModel {}

/// A change to a membership that could remove an org admin.
#[derive(Debug, Clone, Copy)]
pub enum MembershipChange {
    Role(Role),
    Deactivate,
    Reactivate,
}

/// Holds the organisation's row until the transaction ends, so that two
/// changes to its admins run one after the other. (SQLite already runs
/// writing transactions one at a time.)
async fn lock_organisation(txn: &DatabaseTransaction, organisation_id: i32) -> ModelResult<()> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        super::_entities::organisations::Entity::find_by_id(organisation_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    Ok(())
}

impl Model {
    /// The membership of `user_id` in `organisation_id`, active or not.
    ///
    /// # Errors
    /// `EntityNotFound` when the user was never a member there.
    pub async fn find(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        user_id: i32,
    ) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::OrganisationId.eq(organisation_id))
            .filter(Column::UserId.eq(user_id))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// Every membership of an organisation, the oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list(db: &impl ConnectionTrait, organisation_id: i32) -> ModelResult<Vec<Self>> {
        Ok(Entity::find()
            .filter(Column::OrganisationId.eq(organisation_id))
            .order_by_asc(Column::Id)
            .all(db)
            .await?)
    }

    /// The active memberships of a user, in every organisation.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn active_for_user(
        db: &impl ConnectionTrait,
        user_id: i32,
    ) -> ModelResult<Vec<Self>> {
        Ok(Entity::find()
            .filter(Column::UserId.eq(user_id))
            .filter(Column::DeactivatedAt.is_null())
            .all(db)
            .await?)
    }

    /// Makes `user_id` a member with `role`, reactivating an old membership.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn grant(
        db: &impl ConnectionTrait,
        organisation_id: i32,
        user_id: i32,
        role: Role,
    ) -> ModelResult<Self> {
        let now = chrono::Utc::now();
        match Self::find(db, organisation_id, user_id).await {
            Ok(existing) => {
                let mut membership = existing.into_active_model();
                membership.role = Set(role.to_string());
                membership.deactivated_at = Set(None);
                membership.updated_at = Set(now.into());
                Ok(membership.update(db).await?)
            }
            Err(ModelError::EntityNotFound) => Ok(ActiveModel {
                organisation_id: Set(organisation_id),
                user_id: Set(user_id),
                role: Set(role.to_string()),
                deactivated_at: Set(None),
                created_at: Set(now.into()),
                updated_at: Set(now.into()),
                ..Default::default()
            }
            .insert(db)
            .await?),
            Err(err) => Err(err),
        }
    }

    #[must_use]
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role).ok()
    }

    #[must_use]
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
}

impl Model {
    /// Applies `change` unless it would leave the organisation without an
    /// active org admin: `None` then, and nothing changes. The change and
    /// the count run in one transaction that holds the organisation, so two
    /// admins demoting each other at the same time cannot both succeed.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn change_keeping_an_admin(
        self,
        db: &DatabaseConnection,
        change: MembershipChange,
    ) -> ModelResult<Option<Self>> {
        let organisation_id = self.organisation_id;
        let txn = db.begin().await?;
        lock_organisation(&txn, organisation_id).await?;
        let changed = match change {
            MembershipChange::Role(role) => self.into_active_model().with_role(&txn, role).await?,
            MembershipChange::Deactivate => {
                self.into_active_model().deactivated(&txn, true).await?
            }
            MembershipChange::Reactivate => {
                self.into_active_model().deactivated(&txn, false).await?
            }
        };
        let admins = Entity::find()
            .filter(Column::OrganisationId.eq(organisation_id))
            .filter(Column::Role.eq(Role::OrgAdmin.as_str()))
            .filter(Column::DeactivatedAt.is_null())
            .count(&txn)
            .await?;
        if admins == 0 {
            txn.rollback().await?;
            return Ok(None);
        }
        txn.commit().await?;
        Ok(Some(changed))
    }
}

impl ActiveModel {
    /// # Errors
    /// When the database fails.
    pub async fn with_role(mut self, db: &impl ConnectionTrait, role: Role) -> ModelResult<Model> {
        self.role = Set(role.to_string());
        self.updated_at = Set(chrono::Utc::now().into());
        Ok(self.update(db).await?)
    }

    /// Deactivates (`true`) or reactivates (`false`) the membership.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn deactivated(
        mut self,
        db: &impl ConnectionTrait,
        deactivate: bool,
    ) -> ModelResult<Model> {
        let now = chrono::Utc::now();
        self.deactivated_at = Set(deactivate.then(|| now.into()));
        self.updated_at = Set(now.into());
        Ok(self.update(db).await?)
    }
}
