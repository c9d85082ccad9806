//! The platform admin's corrections of the imported companies: hide one
//! from every search and shortlist, replace its name or contacts where
//! people see them, boost it for a job. Kept in a table of their own, keyed
//! by SIRET, so that a new import of the establishments never overwrites
//! them; each change makes a new data version (see
//! [`import_runs::record_correction`]) and is written to the audit log.

use std::collections::{HashMap, HashSet};

use loco_rs::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use super::_entities::company_corrections::{self, ActiveModel, Column, Entity, Model};
use super::{audit_events::AuditEntry, catalog::Catalog, establishments, import_runs};
use crate::{
    domain::{is_web_address, typed_text, Email, Phone, RomeCode, Siret},
    matching::JobBoost,
};

impl ActiveModelBehavior for ActiveModel {}

/// Jobs one company may be boosted for.
pub const MAX_BOOSTS: usize = 20;
/// The range of a boost's factor: below 1 it lowers the company.
pub const MIN_FACTOR: f64 = 0.1;
pub const MAX_FACTOR: f64 = 10.0;
const MAX_NAME_CHARS: usize = 200;
const MAX_REASON_CHARS: usize = 500;
const MAX_WEBSITE_CHARS: usize = 500;

/// A job the company is boosted for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BoostEntry {
    #[schema(example = "K2204")]
    pub rome: String,
    /// Multiplies the company's expected hirings for the job, 0.1 to 10.
    #[schema(example = 2.0)]
    pub factor: f64,
}

/// A boost as sent: both fields are checked and named when wrong.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoostInput {
    pub rome: Option<String>,
    pub factor: Option<f64>,
}

/// A company's correction as the platform admin sends it; it replaces the
/// previous one as a whole. Empty texts count as absent.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    /// Removes the company from every search and shortlist.
    #[serde(default)]
    pub hidden: bool,
    /// Why it is hidden: required when `hidden`.
    pub hidden_reason: Option<String>,
    /// Shown instead of the imported name (and trade name).
    pub name: Option<String>,
    /// Shown instead of the imported phone: `03 87 12 34 56` or `+…`.
    pub phone: Option<String>,
    /// Shown instead of the imported email.
    pub email: Option<String>,
    /// Shown instead of the imported website: an `http(s)://` address.
    pub website: Option<String>,
    /// Jobs to boost, each ROME code once.
    #[serde(default)]
    pub boosts: Vec<BoostInput>,
}

/// What is wrong with one field of a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    Missing,
    Invalid,
    /// A well-formed code no nomenclature knows.
    Unknown,
}

impl Problem {
    fn new(field: impl Into<String>, kind: ProblemKind, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            kind,
            message: message.into(),
        }
    }
}

/// A checked correction, ready to store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Correction {
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub boosts: Vec<BoostEntry>,
}

fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|value| !value.trim().is_empty())
}

impl CorrectionInput {
    /// Checks every field and names each one that is wrong, so that one
    /// answer lists them all.
    ///
    /// # Errors
    /// Every problem found, in the order of the fields.
    pub fn check(&self, catalog: &Catalog) -> Result<Correction, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut checked =
            |field: &str, value: Option<&str>, check: &dyn Fn(&str) -> Result<String, String>| {
                present(value).and_then(|value| match check(value) {
                    Ok(value) => Some(value),
                    Err(message) => {
                        problems.push(Problem::new(
                            field,
                            ProblemKind::Invalid,
                            format!("{field}: {message}"),
                        ));
                        None
                    }
                })
            };

        let hidden_reason = checked("hidden_reason", self.hidden_reason.as_deref(), &|reason| {
            typed_text(reason, MAX_REASON_CHARS, true).map_err(|err| err.message)
        });
        let name = checked("name", self.name.as_deref(), &|name| {
            typed_text(name, MAX_NAME_CHARS, false).map_err(|err| err.message)
        });
        let phone = checked("phone", self.phone.as_deref(), &|phone| {
            Phone::parse(phone)
                .map(|phone| phone.as_str().to_string())
                .map_err(|err| err.message)
        });
        let email = checked("email", self.email.as_deref(), &|email| {
            Email::parse(email)
                .map(|email| email.to_string())
                .map_err(|err| err.message)
        });
        let website = checked("website", self.website.as_deref(), &|website| {
            let website = website.trim();
            if website.chars().count() > MAX_WEBSITE_CHARS {
                return Err(format!("at most {MAX_WEBSITE_CHARS} characters"));
            }
            if is_web_address(website) && validator::ValidateUrl::validate_url(&website) {
                Ok(website.to_string())
            } else {
                Err(format!(
                    "{website:?} is not a web address: give a full http:// or https:// address"
                ))
            }
        });

        if self.hidden && present(self.hidden_reason.as_deref()).is_none() {
            problems.push(Problem::new(
                "hidden_reason",
                ProblemKind::Missing,
                "hidden_reason: say why the company is hidden",
            ));
        }
        if !self.hidden && present(self.hidden_reason.as_deref()).is_some() {
            problems.push(Problem::new(
                "hidden_reason",
                ProblemKind::Invalid,
                "hidden_reason is kept only for a hidden company: set hidden to true or leave \
                 the reason empty",
            ));
        }
        let boosts = check_boosts(&self.boosts, catalog, &mut problems);

        let correction = Correction {
            hidden: self.hidden,
            hidden_reason: hidden_reason.filter(|_| self.hidden),
            name,
            phone,
            email,
            website,
            boosts,
        };
        if problems.is_empty() && correction == Correction::default() {
            problems.push(Problem::new(
                "body",
                ProblemKind::Missing,
                "the correction changes nothing: hide the company, correct a field or boost \
                 it for a job (or DELETE the correction)",
            ));
        }
        if problems.is_empty() {
            Ok(correction)
        } else {
            Err(problems)
        }
    }
}

fn check_boosts(
    boosts: &[BoostInput],
    catalog: &Catalog,
    problems: &mut Vec<Problem>,
) -> Vec<BoostEntry> {
    if boosts.len() > MAX_BOOSTS {
        problems.push(Problem::new(
            "boosts",
            ProblemKind::Invalid,
            format!("boosts: at most {MAX_BOOSTS} jobs, got {}", boosts.len()),
        ));
        return Vec::new();
    }
    let mut checked: Vec<BoostEntry> = Vec::new();
    for (i, boost) in boosts.iter().enumerate() {
        let field = |name: &str| format!("boosts[{i}].{name}");
        let rome = match present(boost.rome.as_deref()) {
            None => {
                problems.push(Problem::new(
                    field("rome"),
                    ProblemKind::Missing,
                    format!("{}: give the job as a ROME code, e.g. K2204", field("rome")),
                ));
                None
            }
            Some(code) => match RomeCode::parse(code) {
                Err(err) => {
                    problems.push(Problem::new(
                        field("rome"),
                        ProblemKind::Invalid,
                        format!("{}: {err}", field("rome")),
                    ));
                    None
                }
                Ok(rome) if catalog.rome_label(rome).is_none() => {
                    problems.push(Problem::new(
                        field("rome"),
                        ProblemKind::Unknown,
                        format!("{}: {rome} is not a known ROME code", field("rome")),
                    ));
                    None
                }
                Ok(rome) if checked.iter().any(|seen| seen.rome == rome.to_string()) => {
                    problems.push(Problem::new(
                        field("rome"),
                        ProblemKind::Invalid,
                        format!("{}: {rome} is boosted twice", field("rome")),
                    ));
                    None
                }
                Ok(rome) => Some(rome),
            },
        };
        let factor = match boost.factor {
            None => {
                problems.push(Problem::new(
                    field("factor"),
                    ProblemKind::Missing,
                    format!(
                        "{}: give the factor, from {MIN_FACTOR} to {MAX_FACTOR}",
                        field("factor")
                    ),
                ));
                None
            }
            Some(factor) if factor.is_finite() && (MIN_FACTOR..=MAX_FACTOR).contains(&factor) => {
                Some(factor)
            }
            Some(factor) => {
                problems.push(Problem::new(
                    field("factor"),
                    ProblemKind::Invalid,
                    format!(
                        "{}: the factor goes from {MIN_FACTOR} to {MAX_FACTOR}, got {factor}",
                        field("factor")
                    ),
                ));
                None
            }
        };
        if let (Some(rome), Some(factor)) = (rome, factor) {
            checked.push(BoostEntry {
                rome: rome.to_string(),
                factor,
            });
        }
    }
    checked
}

impl Model {
    /// The correction of `siret`, if there is one.
    ///
    /// # Errors
    /// When the query fails.
    pub async fn of(db: &impl ConnectionTrait, siret: Siret) -> ModelResult<Option<Self>> {
        Ok(Entity::find_by_id(siret.to_string()).one(db).await?)
    }

    /// The corrections of those of `sirets` that have one, by SIRET.
    ///
    /// # Errors
    /// When the query fails.
    pub async fn of_sirets(
        db: &impl ConnectionTrait,
        sirets: &[String],
    ) -> ModelResult<HashMap<String, Self>> {
        let mut found = HashMap::new();
        for chunk in sirets.chunks(500) {
            let rows = Entity::find()
                .filter(Column::Siret.is_in(chunk.iter().cloned()))
                .all(db)
                .await?;
            found.extend(rows.into_iter().map(|row| (row.siret.clone(), row)));
        }
        Ok(found)
    }

    /// The boosts stored with the correction.
    #[must_use]
    pub fn boosts(&self) -> Vec<BoostEntry> {
        serde_json::from_str(&self.boosts).unwrap_or_default()
    }

    /// The correction as checked values.
    #[must_use]
    pub fn correction(&self) -> Correction {
        Correction {
            hidden: self.hidden,
            hidden_reason: self.hidden_reason.clone(),
            name: self.name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            boosts: self.boosts(),
        }
    }

    /// Replaces the imported values people see by the corrected ones. A
    /// corrected name replaces the trade name too, which views show first.
    pub fn apply_to(&self, company: &mut establishments::Model) {
        if let Some(name) = &self.name {
            company.name.clone_from(name);
            company.trade_name = None;
        }
        if let Some(phone) = &self.phone {
            company.phone = Some(phone.clone());
        }
        if let Some(email) = &self.email {
            company.email = Some(email.clone());
        }
        if let Some(website) = &self.website {
            company.website = Some(website.clone());
        }
    }
}

impl Correction {
    /// The correction as the audit log and the API show it.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "hidden": self.hidden,
            "hidden_reason": self.hidden_reason,
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "boosts": self.boosts,
        })
    }
}

/// Who makes a change, for the audit log.
#[derive(Debug, Clone)]
pub struct Author {
    pub user_id: i32,
    pub ip: Option<String>,
}

/// Stores `correction` for `siret` in place of any previous one, with a
/// new data version and its audit entry, all in one transaction.
///
/// # Errors
/// When the database fails; then nothing is stored.
pub async fn save(
    db: &DatabaseConnection,
    siret: Siret,
    correction: &Correction,
    author: &Author,
) -> ModelResult<Model> {
    let txn = db.begin().await?;
    let previous = Model::of(&txn, siret).await?;
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();
    let boosts =
        serde_json::to_string(&correction.boosts).map_err(|err| ModelError::Any(err.into()))?;
    let row = ActiveModel {
        siret: Set(siret.to_string()),
        hidden: Set(correction.hidden),
        hidden_reason: Set(correction.hidden_reason.clone()),
        name: Set(correction.name.clone()),
        phone: Set(correction.phone.clone()),
        email: Set(correction.email.clone()),
        website: Set(correction.website.clone()),
        boosts: Set(boosts),
        updated_by_id: Set(Some(author.user_id)),
        created_at: Set(previous
            .as_ref()
            .map_or(now, |previous| previous.created_at)),
        updated_at: Set(now),
    };
    let saved = if previous.is_some() {
        row.update(&txn).await?
    } else {
        row.insert(&txn).await?
    };
    import_runs::record_correction(&txn, &saved.siret).await?;
    AuditEntry::new("company_corrected")
        .actor(author.user_id)
        .subject("company", siret)
        .details(serde_json::json!({
            "correction": correction.to_json(),
            "previous": previous.as_ref().map(|previous| previous.correction().to_json()),
        }))
        .ip(author.ip.clone())
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Removes the correction of `siret`, with a new data version and its
/// audit entry, in one transaction; `None` when there was none.
///
/// # Errors
/// When the database fails; then nothing is removed.
pub async fn remove(
    db: &DatabaseConnection,
    siret: Siret,
    author: &Author,
) -> ModelResult<Option<Model>> {
    let txn = db.begin().await?;
    let Some(previous) = Model::of(&txn, siret).await? else {
        return Ok(None);
    };
    Entity::delete_by_id(previous.siret.clone())
        .exec(&txn)
        .await?;
    import_runs::record_correction(&txn, &previous.siret).await?;
    AuditEntry::new("company_correction_removed")
        .actor(author.user_id)
        .subject("company", siret)
        .details(serde_json::json!({ "previous": previous.correction().to_json() }))
        .ip(author.ip.clone())
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(previous))
}

/// What the matching index needs from the corrections: the hidden SIRETs,
/// left out of it, and the boosts.
///
/// # Errors
/// When the query fails.
pub async fn for_index(db: &impl ConnectionTrait) -> ModelResult<(HashSet<Siret>, Vec<JobBoost>)> {
    let mut hidden = HashSet::new();
    let mut boosts = Vec::new();
    for row in Entity::find().all(db).await? {
        let Ok(siret) = Siret::parse(&row.siret) else {
            continue;
        };
        if row.hidden {
            hidden.insert(siret);
            continue;
        }
        boosts.extend(row.boosts().into_iter().filter_map(|boost| {
            Some(JobBoost {
                siret,
                rome: RomeCode::parse(&boost.rome).ok()?,
                factor: boost.factor,
            })
        }));
    }
    Ok((hidden, boosts))
}
