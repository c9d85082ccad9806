//! Job offers published by establishments, linked by SIRET.

use std::collections::{HashMap, HashSet};

use loco_rs::prelude::*;
use sea_orm::QueryOrder;

pub use super::_entities::offers::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}

const SIRETS_PER_QUERY: usize = 500;

/// The offers still open on `today` of each of these establishments, newest first.
///
/// # Errors
/// When the database fails.
pub async fn open_by_siret(
    db: &impl ConnectionTrait,
    sirets: &[String],
    today: chrono::NaiveDate,
) -> ModelResult<HashMap<String, Vec<Model>>> {
    // A SIRET asked twice must not land in two chunks and get its offers twice.
    let unique: Vec<&String> = sirets.iter().collect::<HashSet<_>>().into_iter().collect();
    let mut by_siret: HashMap<String, Vec<Model>> = HashMap::new();
    for chunk in unique.chunks(SIRETS_PER_QUERY) {
        let offers = Entity::find()
            .filter(Column::Siret.is_in(chunk.iter().map(|siret| siret.as_str())))
            .filter(Column::PublishedOn.lte(today))
            .filter(Column::EndsOn.gte(today))
            .order_by_desc(Column::PublishedOn)
            .order_by_desc(Column::Id)
            .all(db)
            .await?;
        for offer in offers {
            by_siret.entry(offer.siret.clone()).or_default().push(offer);
        }
    }
    Ok(by_siret)
}
