//! The audit log: who did what to whom, and when. Org admins read their
//! organisation's entries; the platform admin reads all.

use loco_rs::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

pub use super::_entities::audit_events::{self, ActiveModel, Column, Entity, Model};
use super::_entities::{memberships, seekers};

impl ActiveModelBehavior for ActiveModel {}

/// One thing to write in the log.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub organisation_id: Option<i32>,
    pub actor_id: Option<i32>,
    pub action: &'static str,
    pub subject_type: Option<&'static str>,
    pub subject: Option<String>,
    pub details: serde_json::Value,
    pub ip: Option<String>,
}

impl AuditEntry {
    #[must_use]
    pub fn new(action: &'static str) -> Self {
        Self {
            action,
            details: serde_json::json!({}),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn organisation(mut self, organisation_id: i32) -> Self {
        self.organisation_id = Some(organisation_id);
        self
    }

    #[must_use]
    pub fn actor(mut self, actor_id: i32) -> Self {
        self.actor_id = Some(actor_id);
        self
    }

    #[must_use]
    pub fn subject(mut self, subject_type: &'static str, subject: impl ToString) -> Self {
        self.subject_type = Some(subject_type);
        self.subject = Some(subject.to_string());
        self
    }

    #[must_use]
    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }

    #[must_use]
    pub fn ip(mut self, ip: Option<String>) -> Self {
        self.ip = ip;
        self
    }

    /// # Errors
    /// When the database fails.
    pub async fn record(self, db: &impl ConnectionTrait) -> ModelResult<Model> {
        Ok(ActiveModel {
            organisation_id: Set(self.organisation_id),
            actor_id: Set(self.actor_id),
            action: Set(self.action.to_string()),
            subject_type: Set(self.subject_type.map(str::to_string)),
            subject: Set(self.subject),
            details: Set(self.details.to_string()),
            ip: Set(self.ip),
            created_at: Set(chrono::Utc::now().into()),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }
}

impl AuditEntry {
    /// Records the entry in the log of each organisation the person belongs
    /// to, as staff or seeker, active or not (so each organisation sees its
    /// people's sign-ins); once, without organisation, when there is none.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_for_person(
        self,
        db: &impl ConnectionTrait,
        user_id: i32,
    ) -> ModelResult<()> {
        let mut organisations: Vec<i32> = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user_id))
            .all(db)
            .await?
            .into_iter()
            .map(|membership| membership.organisation_id)
            .collect();
        organisations.extend(
            seekers::Entity::find()
                .filter(seekers::Column::UserId.eq(user_id))
                .all(db)
                .await?
                .into_iter()
                .map(|seeker| seeker.organisation_id),
        );
        organisations.sort_unstable();
        organisations.dedup();
        if organisations.is_empty() {
            self.record(db).await?;
            return Ok(());
        }
        for organisation_id in organisations {
            self.clone()
                .organisation(organisation_id)
                .record(db)
                .await?;
        }
        Ok(())
    }
}

impl Model {
    /// The newest entries first; with `organisation_id`, only that
    /// organisation's. `before` pages backwards by id.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list(
        db: &impl ConnectionTrait,
        organisation_id: Option<i32>,
        before: Option<i32>,
        limit: u64,
    ) -> ModelResult<Vec<Self>> {
        let mut query = Entity::find();
        if let Some(organisation_id) = organisation_id {
            query = query.filter(Column::OrganisationId.eq(organisation_id));
        }
        if let Some(before) = before {
            query = query.filter(Column::Id.lt(before));
        }
        Ok(query.order_by_desc(Column::Id).limit(limit).all(db).await?)
    }
}
