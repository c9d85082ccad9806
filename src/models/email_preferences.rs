//! What each person wants from the coach: a pause, a snooze until a date,
//! no coach emails at all, and (counsellors) how often the digest comes.
//! A person without a row gets the defaults: every email, a weekly digest.

use chrono::{DateTime, Duration, Utc};
use loco_rs::prelude::*;
use sea_orm::TryIntoModel;
use serde::Serialize;

pub use super::_entities::email_preferences::{self, ActiveModel, Column, Entity, Model};
use crate::domain::DigestFrequency;

impl ActiveModelBehavior for ActiveModel {}

/// A person's preferences, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Preferences {
    /// Paused since (until the person resumes).
    pub paused_since: Option<DateTime<Utc>>,
    /// Snoozed until.
    pub snoozed_until: Option<DateTime<Utc>>,
    /// Unsubscribed from the coach's emails since.
    pub unsubscribed_since: Option<DateTime<Utc>>,
    /// `daily`, `weekly` or `off`.
    #[schema(value_type = String)]
    pub digest_frequency: DigestFrequency,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            paused_since: None,
            snoozed_until: None,
            unsubscribed_since: None,
            digest_frequency: DigestFrequency::Weekly,
        }
    }
}

impl Preferences {
    /// Whether the coach may write to this person at `now`.
    #[must_use]
    pub fn allows_coaching(&self, now: DateTime<Utc>) -> bool {
        self.paused_since.is_none()
            && self.unsubscribed_since.is_none()
            && self.snoozed_until.is_none_or(|until| until <= now)
    }
}

impl From<&Model> for Preferences {
    fn from(row: &Model) -> Self {
        Self {
            paused_since: row.paused_at.map(Into::into),
            snoozed_until: row.snoozed_until.map(Into::into),
            unsubscribed_since: row.unsubscribed_at.map(Into::into),
            digest_frequency: DigestFrequency::parse(&row.digest_frequency)
                .unwrap_or(DigestFrequency::Weekly),
        }
    }
}

/// A change a person asks for. Each changes one state only, except
/// `Resume`, the page's "receive the emails again", which lifts the pause,
/// the snooze and the unsubscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Pause,
    Unpause,
    Snooze { days: i64 },
    Unsnooze,
    Unsubscribe,
    Resubscribe,
    Resume,
    Digest(DigestFrequency),
}

/// The preferences of `user_id`.
///
/// # Errors
/// When the database fails.
pub async fn of(db: &impl ConnectionTrait, user_id: i32) -> ModelResult<Preferences> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .one(db)
        .await?
        .as_ref()
        .map(Preferences::from)
        .unwrap_or_default())
}

/// The preferences of many people at once (those without a row are left
/// out: they have the defaults).
///
/// # Errors
/// When the database fails.
pub async fn of_many(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> ModelResult<std::collections::HashMap<i32, Preferences>> {
    let mut found = std::collections::HashMap::new();
    for chunk in user_ids.chunks(500) {
        for row in Entity::find()
            .filter(Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            found.insert(row.user_id, Preferences::from(&row));
        }
    }
    Ok(found)
}

/// Applies changes, in order, in one write, and returns the preferences
/// after them.
///
/// # Errors
/// When the database fails.
pub async fn apply(
    db: &impl ConnectionTrait,
    user_id: i32,
    changes: &[Change],
    now: DateTime<Utc>,
) -> ModelResult<Preferences> {
    let stamp: DateTimeWithTimeZone = now.into();
    let mut row = match Entity::find()
        .filter(Column::UserId.eq(user_id))
        .one(db)
        .await?
    {
        Some(row) => row.into_active_model(),
        None => ActiveModel {
            user_id: Set(user_id),
            paused_at: Set(None),
            snoozed_until: Set(None),
            unsubscribed_at: Set(None),
            digest_frequency: Set(DigestFrequency::Weekly.to_string()),
            created_at: Set(stamp),
            ..Default::default()
        },
    };
    for change in changes {
        match *change {
            Change::Pause => row.paused_at = Set(Some(stamp)),
            Change::Unpause => row.paused_at = Set(None),
            Change::Snooze { days } => {
                row.snoozed_until = Set(Some((now + Duration::days(days)).into()));
            }
            Change::Unsnooze => row.snoozed_until = Set(None),
            Change::Unsubscribe => row.unsubscribed_at = Set(Some(stamp)),
            Change::Resubscribe => row.unsubscribed_at = Set(None),
            Change::Resume => {
                row.paused_at = Set(None);
                row.snoozed_until = Set(None);
                row.unsubscribed_at = Set(None);
            }
            Change::Digest(frequency) => row.digest_frequency = Set(frequency.to_string()),
        }
    }
    row.updated_at = Set(stamp);
    let saved = row.save(db).await?.try_into_model()?;
    Ok(Preferences::from(&saved))
}
