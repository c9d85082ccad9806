//! Establishments: the companies (one row per SIRET) that the matching engine
//! ranks. National data, shared by every organisation.

mod import;
pub mod snapshot;
pub mod synthetic;
pub mod workload;

use std::collections::HashMap;

use futures_util::TryStreamExt;
use loco_rs::prelude::*;
use sea_orm::QuerySelect;

pub use self::import::import_csv;
pub use super::_entities::establishments::{self, ActiveModel, Column, Entity, Model};
use super::company_corrections;
use crate::{
    domain::{Coordinates, Flags, HeadcountBracket, NafCode, Siret},
    matching::IndexedEstablishment,
};

impl ActiveModelBehavior for ActiveModel {}

/// Values the source data uses instead of leaving a contact field empty.
const PLACEHOLDER_CONTACTS: [&str; 3] = [
    "0123456789",
    "dummyemail@gmail.com",
    "http://www.dummywebsite.com",
];

/// Whether a phone, email or website is a known placeholder, not a contact.
#[must_use]
pub fn is_placeholder_contact(value: &str) -> bool {
    PLACEHOLDER_CONTACTS
        .iter()
        .any(|placeholder| value.eq_ignore_ascii_case(placeholder))
}

impl Model {
    /// The establishment as people see it: with the platform admin's
    /// corrections of its name and contacts (docs/data.md).
    ///
    /// # Errors
    /// `ModelError::EntityNotFound` when no establishment has this SIRET, or
    /// when the platform admin hid it.
    pub async fn find_by_siret(db: &DatabaseConnection, siret: Siret) -> ModelResult<Self> {
        let mut company = Self::find_imported(db, siret).await?;
        match company_corrections::Model::of(db, siret).await? {
            Some(correction) if correction.hidden => Err(ModelError::EntityNotFound),
            Some(correction) => {
                correction.apply_to(&mut company);
                Ok(company)
            }
            None => Ok(company),
        }
    }

    /// The establishment as imported, without corrections.
    ///
    /// # Errors
    /// `ModelError::EntityNotFound` when no establishment has this SIRET.
    pub async fn find_imported(db: &DatabaseConnection, siret: Siret) -> ModelResult<Self> {
        Entity::find_by_id(siret.to_string())
            .one(db)
            .await?
            .ok_or_else(|| ModelError::EntityNotFound)
    }

    /// The establishments of `sirets` that exist and are not hidden, keyed
    /// by SIRET, as people see them (with their corrections).
    ///
    /// # Errors
    /// When the query fails.
    pub async fn find_by_sirets(
        db: &DatabaseConnection,
        sirets: &[Siret],
    ) -> ModelResult<HashMap<Siret, Self>> {
        let mut found = HashMap::new();
        // In chunks, to stay far below the bound-parameter limits.
        for chunk in sirets.chunks(500) {
            let texts: Vec<String> = chunk.iter().map(ToString::to_string).collect();
            let rows = Entity::find()
                .filter(Column::Siret.is_in(texts.iter().cloned()))
                .all(db)
                .await?;
            let corrections = company_corrections::Model::of_sirets(db, &texts).await?;
            found.extend(rows.into_iter().filter_map(|mut row| {
                if let Some(correction) = corrections.get(&row.siret) {
                    if correction.hidden {
                        return None;
                    }
                    correction.apply_to(&mut row);
                }
                Siret::parse(&row.siret).ok().map(|siret| (siret, row))
            }));
        }
        Ok(found)
    }

    /// The flags set on this establishment.
    #[must_use]
    pub fn flags(&self) -> Flags {
        flags_from([
            self.flag_junior,
            self.flag_senior,
            self.flag_handicap,
            self.flag_alternance,
            self.flag_poe_afpr,
            self.flag_pmsmp,
        ])
    }

    #[must_use]
    pub fn headcount_bracket(&self) -> Option<HeadcountBracket> {
        self.headcount
            .as_deref()
            .and_then(|code| HeadcountBracket::parse(code).ok())
    }
}

/// The flags in the order of the `flag_*` columns: junior, senior,
/// handicap, alternance, POE/AFPR, PMSMP.
const FLAG_COLUMNS: [Flags; 6] = [
    Flags::JUNIOR,
    Flags::SENIOR,
    Flags::HANDICAP,
    Flags::ALTERNANCE,
    Flags::POE_AFPR,
    Flags::PMSMP,
];

/// The flags whose column is set, the columns given in [`FLAG_COLUMNS`] order.
#[must_use]
pub fn flags_from(columns: [bool; 6]) -> Flags {
    FLAG_COLUMNS
        .into_iter()
        .zip(columns)
        .filter(|(_, set)| *set)
        .fold(Flags::empty(), |flags, (flag, _)| flags | flag)
}

/// The columns the matching index needs, read as plain tuples so loading
/// two million rows allocates no model structs.
type IndexColumns = (
    String,
    String,
    f64,
    f64,
    f64,
    Option<String>,
    bool,
    bool,
    bool,
    bool,
    bool,
    bool,
);

/// Every establishment, in the compact form the matching index is built
/// from; read as a stream, so that the database's rows are never all in
/// memory at once beside the result.
///
/// # Errors
/// When the query fails or a stored value no longer parses (which the import
/// prevents).
pub async fn load_for_index(db: &DatabaseConnection) -> ModelResult<Vec<IndexedEstablishment>> {
    let mut rows = Entity::find()
        .select_only()
        .columns([
            Column::Siret,
            Column::NafCode,
            Column::Latitude,
            Column::Longitude,
            Column::Hiring,
            Column::Headcount,
            Column::FlagJunior,
            Column::FlagSenior,
            Column::FlagHandicap,
            Column::FlagAlternance,
            Column::FlagPoeAfpr,
            Column::FlagPmsmp,
        ])
        .into_tuple::<IndexColumns>()
        .stream(db)
        .await?;

    let mut establishments = Vec::new();
    while let Some((
        siret,
        naf,
        latitude,
        longitude,
        hiring,
        headcount,
        junior,
        senior,
        handicap,
        alternance,
        poe_afpr,
        pmsmp,
    )) = rows.try_next().await?
    {
        let stored = |err: crate::domain::ParseError| {
            ModelError::msg(&format!("stored establishment {siret}: {err}"))
        };
        establishments.push(IndexedEstablishment {
            siret: Siret::parse(&siret).map_err(stored)?,
            naf: NafCode::parse(&naf).map_err(stored)?,
            position: Coordinates::new(latitude, longitude).map_err(stored)?,
            hiring,
            headcount: headcount
                .as_deref()
                .map(HeadcountBracket::parse)
                .transpose()
                .map_err(stored)?,
            flags: flags_from([junior, senior, handicap, alternance, poe_afpr, pmsmp]),
        });
    }
    Ok(establishments)
}
