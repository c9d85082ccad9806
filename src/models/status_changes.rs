//! The dated history of each kept company's status.

use loco_rs::prelude::*;
use sea_orm::QueryOrder;

pub use super::_entities::status_changes::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// A seeker's status changes, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn of_seeker(db: &impl ConnectionTrait, seeker_id: i32) -> ModelResult<Vec<Self>> {
        Ok(Entity::find()
            .filter(Column::SeekerId.eq(seeker_id))
            .order_by_asc(Column::Id)
            .all(db)
            .await?)
    }
}
