//! Job offers published by establishments, linked by SIRET.
//!
//! Offers come from an external source (a job board) as a JSON document
//! (see `docs/offers.md`); they are kept until their end date and shown on
//! the shortlist cards of the establishments that published them.

mod import;

use std::collections::{HashMap, HashSet};

use loco_rs::prelude::*;
use sea_orm::QueryOrder;

pub use self::import::import_json;
pub use super::_entities::offers::{self, ActiveModel, Column, Entity, Model};

impl ActiveModelBehavior for ActiveModel {}

/// SIRETs per `IN (...)` list: SQLite allows at most 32,766 bound values
/// in one statement.
const SIRETS_PER_QUERY: usize = 500;

/// The offers still open on `today` of each of these establishments, newest first.
///
/// An offer is open from its publication date to its end date, both
/// included. Establishments without an open offer have no key.
///
/// # Errors
/// When a query fails.
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
