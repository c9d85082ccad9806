//! Counsellors' notes on a seeker, shared with the seeker or private to the
//! organisation.

use loco_rs::prelude::*;
use sea_orm::QueryOrder;

pub use super::_entities::notes::{self, ActiveModel, Column, Entity, Model};
use crate::domain::NoteVisibility;

impl ActiveModelBehavior for ActiveModel {}

/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 5_000;

impl Model {
    /// # Errors
    /// When the database fails.
    pub async fn create(
        db: &impl ConnectionTrait,
        seeker: &super::seekers::Model,
        author_id: i32,
        visibility: NoteVisibility,
        body: &str,
    ) -> ModelResult<Self> {
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        Ok(ActiveModel {
            pid: Set(Uuid::new_v4()),
            seeker_id: Set(seeker.id),
            organisation_id: Set(seeker.organisation_id),
            author_id: Set(author_id),
            visibility: Set(visibility.to_string()),
            body: Set(body.to_string()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }

    /// A seeker's notes, newest first; the private ones only when
    /// `with_private`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn of_seeker(
        db: &impl ConnectionTrait,
        seeker_id: i32,
        with_private: bool,
    ) -> ModelResult<Vec<Self>> {
        let mut query = Entity::find().filter(Column::SeekerId.eq(seeker_id));
        if !with_private {
            query = query.filter(Column::Visibility.eq(NoteVisibility::Shared.as_str()));
        }
        Ok(query
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Id)
            .all(db)
            .await?)
    }
}
