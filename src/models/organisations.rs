//! Partner organisations: the tenants of Relais. Each works with its own
//! people and sees nothing of the others'.

use loco_rs::prelude::*;
use sea_orm::QueryOrder;
use serde::{Deserialize, Serialize};

use super::_entities::memberships;
pub use super::_entities::organisations::{self, ActiveModel, Column, Entity, Model};
use crate::domain::{parse_department, OrganisationKind, ParseError, Siret};

impl ActiveModelBehavior for ActiveModel {}

/// What an organisation can tune: how the coach writes and how soon, when a
/// seeker counts as stalled, and how long data is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrganisationSettings {
    /// Name shown as the sender of the coach's emails.
    pub sender_name: Option<String>,
    /// Days after a contact without news before the coach asks (1–60).
    pub reminder_delay_days: i32,
    /// Days before asking again after "not yet" (1–60).
    pub follow_up_delay_days: i32,
    /// Times the coach asks before marking the company as no answer (1–10).
    pub reminder_max_rounds: i32,
    /// Days without activity after which a seeker shows as stalled (1–365).
    pub stalled_after_days: i32,
    /// Months a seeker's data is kept after their last activity (1–120).
    pub retention_months: i32,
    /// Whether the coach asks seekers about their contacts (absent in an
    /// update: unchanged).
    #[serde(default)]
    pub coach_reminders: Option<bool>,
    /// Whether the coach nudges seekers who kept companies but contacted
    /// none (absent in an update: unchanged).
    #[serde(default)]
    pub coach_nudges: Option<bool>,
    /// Whether counsellors receive the digest of their caseload (absent in
    /// an update: unchanged).
    #[serde(default)]
    pub coach_digests: Option<bool>,
}

impl Default for OrganisationSettings {
    fn default() -> Self {
        Self {
            sender_name: None,
            reminder_delay_days: 7,
            follow_up_delay_days: 7,
            reminder_max_rounds: 3,
            stalled_after_days: 21,
            retention_months: 24,
            coach_reminders: Some(true),
            coach_nudges: Some(true),
            coach_digests: Some(true),
        }
    }
}

impl OrganisationSettings {
    /// The first setting out of range, as (field, message).
    ///
    /// # Errors
    /// When a value is outside its range.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let ranges = [
            ("reminder_delay_days", self.reminder_delay_days, 1, 60),
            ("follow_up_delay_days", self.follow_up_delay_days, 1, 60),
            ("reminder_max_rounds", self.reminder_max_rounds, 1, 10),
            ("stalled_after_days", self.stalled_after_days, 1, 365),
            ("retention_months", self.retention_months, 1, 120),
        ];
        for (field, value, min, max) in ranges {
            if !(min..=max).contains(&value) {
                return Err((
                    field,
                    format!("{field} must be between {min} and {max}, got {value}"),
                ));
            }
        }
        if let Some(name) = self.sender_name.as_deref() {
            if name.trim().chars().count() > 80 {
                return Err((
                    "sender_name",
                    "sender_name is at most 80 characters".to_string(),
                ));
            }
            // It becomes the name in the From header of the coach's emails.
            if name.chars().any(char::is_control) {
                return Err((
                    "sender_name",
                    "sender_name cannot hold control characters (line breaks, tabs…)".to_string(),
                ));
            }
        }
        Ok(())
    }
}

/// A new organisation, as a platform admin describes it.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub siret: Option<Siret>,
    pub departments: Vec<String>,
}

/// Checks an organisation name: 2 to 120 characters.
///
/// # Errors
/// When the trimmed name is too short or too long.
pub fn check_name(name: &str) -> Result<String, ParseError> {
    let name = name.trim();
    let length = name.chars().count();
    if !(2..=120).contains(&length) {
        return Err(ParseError::new("a name has 2 to 120 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(ParseError::new("a name cannot hold control characters"));
    }
    Ok(name.to_string())
}

/// Parses a list of department codes, sorted and without repeats.
///
/// # Errors
/// On the first code that is not a department.
pub fn parse_departments(codes: &[String]) -> Result<Vec<String>, ParseError> {
    let mut departments = codes
        .iter()
        .map(|code| parse_department(code))
        .collect::<Result<Vec<_>, _>>()?;
    departments.sort();
    departments.dedup();
    Ok(departments)
}

impl Model {
    /// # Errors
    /// When the database fails.
    pub async fn create(db: &impl ConnectionTrait, new: NewOrganisation) -> ModelResult<Self> {
        let now = chrono::Utc::now();
        let settings = OrganisationSettings::default();
        let organisation = ActiveModel {
            pid: Set(Uuid::new_v4()),
            name: Set(new.name),
            kind: Set(new.kind.to_string()),
            siret: Set(new.siret.map(|siret| siret.to_string())),
            departments: Set(new.departments.join(",")),
            sender_name: Set(settings.sender_name),
            reminder_delay_days: Set(settings.reminder_delay_days),
            follow_up_delay_days: Set(settings.follow_up_delay_days),
            reminder_max_rounds: Set(settings.reminder_max_rounds),
            stalled_after_days: Set(settings.stalled_after_days),
            retention_months: Set(settings.retention_months),
            archived_at: Set(None),
            created_at: Set(now.into()),
            updated_at: Set(now.into()),
            ..Default::default()
        };
        Ok(organisation.insert(db).await?)
    }

    /// # Errors
    /// `EntityNotFound` when no organisation has this public id.
    pub async fn find_by_pid(db: &impl ConnectionTrait, pid: Uuid) -> ModelResult<Self> {
        Entity::find()
            .filter(Column::Pid.eq(pid))
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// # Errors
    /// `EntityNotFound` when no organisation has this id.
    pub async fn find_by_id(db: &impl ConnectionTrait, id: i32) -> ModelResult<Self> {
        Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(ModelError::EntityNotFound)
    }

    /// Every organisation, by name.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list_all(db: &impl ConnectionTrait) -> ModelResult<Vec<Self>> {
        Ok(Entity::find().order_by_asc(Column::Name).all(db).await?)
    }

    /// The organisations where `user_id` has an active staff membership.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list_for_member(
        db: &impl ConnectionTrait,
        user_id: i32,
    ) -> ModelResult<Vec<Self>> {
        let ids: Vec<i32> = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user_id))
            .filter(memberships::Column::DeactivatedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|membership| membership.organisation_id)
            .collect();
        Ok(Entity::find()
            .filter(Column::Id.is_in(ids))
            .filter(Column::ArchivedAt.is_null())
            .order_by_asc(Column::Name)
            .all(db)
            .await?)
    }

    #[must_use]
    pub fn settings(&self) -> OrganisationSettings {
        OrganisationSettings {
            sender_name: self.sender_name.clone(),
            reminder_delay_days: self.reminder_delay_days,
            follow_up_delay_days: self.follow_up_delay_days,
            reminder_max_rounds: self.reminder_max_rounds,
            stalled_after_days: self.stalled_after_days,
            retention_months: self.retention_months,
            coach_reminders: Some(self.coach_reminders),
            coach_nudges: Some(self.coach_nudges),
            coach_digests: Some(self.coach_digests),
        }
    }

    #[must_use]
    pub fn departments(&self) -> Vec<String> {
        self.departments
            .split(',')
            .filter(|code| !code.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[must_use]
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

impl ActiveModel {
    /// # Errors
    /// When the database fails.
    pub async fn renamed(mut self, db: &impl ConnectionTrait, name: String) -> ModelResult<Model> {
        self.name = Set(name);
        self.updated_at = Set(chrono::Utc::now().into());
        Ok(self.update(db).await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn with_settings(
        mut self,
        db: &impl ConnectionTrait,
        settings: OrganisationSettings,
    ) -> ModelResult<Model> {
        self.sender_name = Set(settings
            .sender_name
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty()));
        self.reminder_delay_days = Set(settings.reminder_delay_days);
        self.follow_up_delay_days = Set(settings.follow_up_delay_days);
        self.reminder_max_rounds = Set(settings.reminder_max_rounds);
        self.stalled_after_days = Set(settings.stalled_after_days);
        self.retention_months = Set(settings.retention_months);
        if let Some(on) = settings.coach_reminders {
            self.coach_reminders = Set(on);
        }
        if let Some(on) = settings.coach_nudges {
            self.coach_nudges = Set(on);
        }
        if let Some(on) = settings.coach_digests {
            self.coach_digests = Set(on);
        }
        self.updated_at = Set(chrono::Utc::now().into());
        Ok(self.update(db).await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn archived(mut self, db: &impl ConnectionTrait) -> ModelResult<Model> {
        let now = chrono::Utc::now();
        self.archived_at = Set(Some(now.into()));
        self.updated_at = Set(now.into());
        Ok(self.update(db).await?)
    }
}
