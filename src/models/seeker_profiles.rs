//! A seeker's profile: the jobs they want, where, how far they can go, and
//! what they bring. It is written as a whole (from the form, or imported
//! from a JSON or one-row CSV file), checked field by field against the
//! national nomenclatures, and stored with every change audited.
//!
//! `docs/profile.md` describes the document and the CSV columns.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use loco_rs::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::_entities::seeker_profiles::{self, ActiveModel, Column, Entity, Model};
use super::{catalog::Catalog, csv_input::sniff_delimiter, json_input::read_json};
use crate::domain::{
    typed_text, Coordinates, HeadcountBracket, InseeCode, Mobility, NafCode, Postcode,
};

impl ActiveModelBehavior for ActiveModel {}

pub const MAX_TARGET_JOBS: usize = 5;
pub const MIN_DISTANCE_KM: f64 = 1.0;
pub const MAX_DISTANCE_KM: f64 = 100.0;
pub const DEFAULT_DISTANCE_KM: f64 = 10.0;
const MAX_SKILLS: usize = 30;
const MAX_SKILL_CHARS: usize = 80;
const MAX_AVOIDED_SECTORS: usize = 20;
const MAX_ASPIRATIONS_CHARS: usize = 2_000;

/// A profile as sent: every field optional, so that each missing or wrong
/// one gets its own error. Unknown fields are refused, so a misspelled one
/// is not silently dropped.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// 1 to 5 jobs, each a job title's OGR code (`"10571"`) or a ROME code
    /// (`"K2204"`), as the jobs autocomplete gives them.
    pub target_jobs: Option<Vec<String>>,
    /// The place, as an INSEE commune code…
    pub commune: Option<String>,
    /// …or as a postcode (one of the two).
    pub postcode: Option<String>,
    /// How far the seeker can go, in km: more than 0, at most 100 (default 10).
    pub max_distance_km: Option<f64>,
    /// `car` (default), `public_transport` (caps the reach at 30 km) or
    /// `none` (5 km).
    pub mobility: Option<String>,
    /// Smallest company size wanted, as an INSEE headcount bracket code.
    pub headcount_min: Option<String>,
    /// Largest company size wanted.
    pub headcount_max: Option<String>,
    /// Sectors to avoid: NAF codes (`"5610A"`) or NAF divisions (`"56"`).
    pub avoided_sectors: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
    pub aspirations: Option<String>,
    /// `YYYY-MM-DD`.
    pub available_from: Option<String>,
}

/// A job the seeker wants, as stored in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TargetJob {
    #[schema(example = "K2204")]
    pub rome: String,
    /// The job title picked (or the ROME label).
    pub label: String,
    pub ogr_code: Option<String>,
}

/// A checked profile, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub target_jobs: Vec<TargetJob>,
    pub commune: InseeCode,
    pub postcode: Option<Postcode>,
    pub place_name: String,
    pub centre: Coordinates,
    pub max_distance_km: f64,
    pub mobility: Mobility,
    pub headcount_min: Option<HeadcountBracket>,
    pub headcount_max: Option<HeadcountBracket>,
    pub avoided_sectors: Vec<String>,
    pub skills: Vec<String>,
    pub aspirations: Option<String>,
    pub available_from: Option<NaiveDate>,
}

/// What is wrong with a profile: the field (or document path, or CSV
/// column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub field: String,
    pub message: String,
    /// The value names a code no nomenclature knows.
    pub unknown_code: bool,
}

impl ProfileError {
    fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            unknown_code: false,
        }
    }

    fn unknown(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            unknown_code: true,
            ..Self::invalid(field, message)
        }
    }
}

type Checked<T> = Result<T, ProfileError>;

impl ProfileInput {
    /// Checks every field against the nomenclatures, in the order of the
    /// form, and answers the first error.
    ///
    /// # Errors
    /// The first field that is missing, malformed or unknown.
    pub fn check(&self, catalog: &Catalog) -> Checked<Profile> {
        let target_jobs = self.check_jobs(catalog)?;
        let (commune, postcode, place_name, centre) = self.check_place(catalog)?;
        let max_distance_km = match self.max_distance_km {
            None => DEFAULT_DISTANCE_KM,
            Some(km) if (MIN_DISTANCE_KM..=MAX_DISTANCE_KM).contains(&km) => km,
            Some(km) => {
                return Err(ProfileError::invalid(
                    "max_distance_km",
                    format!("max_distance_km must be between 1 and 100 km, got {km}"),
                ))
            }
        };
        let mobility = match present(self.mobility.as_deref()) {
            None => Mobility::Car,
            Some(text) => Mobility::parse(text)
                .map_err(|err| ProfileError::invalid("mobility", err.message))?,
        };
        let headcount_min = bracket(self.headcount_min.as_deref(), "headcount_min")?;
        let headcount_max = bracket(self.headcount_max.as_deref(), "headcount_max")?;
        if let (Some(min), Some(max)) = (headcount_min, headcount_max) {
            if min > max {
                return Err(ProfileError::invalid(
                    "headcount_max",
                    format!(
                        "headcount_max ({}) is smaller than headcount_min ({})",
                        max.code(),
                        min.code()
                    ),
                ));
            }
        }
        Ok(Profile {
            target_jobs,
            commune,
            postcode,
            place_name,
            centre,
            max_distance_km,
            mobility,
            headcount_min,
            headcount_max,
            avoided_sectors: self.check_sectors(catalog)?,
            skills: self.check_skills()?,
            aspirations: self.check_aspirations()?,
            available_from: self.check_available_from()?,
        })
    }

    fn check_jobs(&self, catalog: &Catalog) -> Checked<Vec<TargetJob>> {
        let codes = self.target_jobs.as_deref().unwrap_or_default();
        if codes.is_empty() {
            return Err(ProfileError::invalid(
                "target_jobs",
                "target_jobs needs at least one job (a ROME or job title code)",
            ));
        }
        if codes.len() > MAX_TARGET_JOBS {
            return Err(ProfileError::invalid(
                "target_jobs",
                format!(
                    "target_jobs holds at most {MAX_TARGET_JOBS} jobs, got {}",
                    codes.len()
                ),
            ));
        }
        let mut jobs: Vec<TargetJob> = Vec::new();
        for (position, code) in codes.iter().enumerate() {
            let field = format!("target_jobs[{position}]");
            let code = code.trim();
            if code.is_empty() {
                return Err(ProfileError::invalid(field, "a job code cannot be empty"));
            }
            let job = catalog.job(code).ok_or_else(|| {
                ProfileError::unknown(
                    &field,
                    format!("{code:?} is neither a ROME code nor a job title code"),
                )
            })?;
            let job = TargetJob {
                rome: job.rome.to_string(),
                label: job.label,
                ogr_code: job.ogr_code,
            };
            if jobs.contains(&job) {
                return Err(ProfileError::invalid(
                    field,
                    format!("{code:?} is listed twice"),
                ));
            }
            jobs.push(job);
        }
        Ok(jobs)
    }

    fn check_place(
        &self,
        catalog: &Catalog,
    ) -> Checked<(InseeCode, Option<Postcode>, String, Coordinates)> {
        let commune = present(self.commune.as_deref());
        let postcode = present(self.postcode.as_deref());
        let place = match (commune, postcode) {
            (Some(_), Some(_)) => {
                return Err(ProfileError::invalid(
                    "place",
                    "give the place as a commune or as a postcode, not both",
                ))
            }
            (None, None) => {
                return Err(ProfileError::invalid(
                    "place",
                    "a place is required: a commune (INSEE code) or a postcode",
                ))
            }
            (Some(code), None) => {
                let code = InseeCode::parse(code)
                    .map_err(|err| ProfileError::invalid("commune", err.message))?;
                catalog.commune(code).ok_or_else(|| {
                    ProfileError::unknown("commune", format!("no commune has the code {code}"))
                })?
            }
            (None, Some(postcode)) => {
                let postcode = Postcode::parse(postcode)
                    .map_err(|err| ProfileError::invalid("postcode", err.message))?;
                catalog.postcode(postcode).ok_or_else(|| {
                    ProfileError::unknown(
                        "postcode",
                        format!("no commune has the postcode {postcode}"),
                    )
                })?
            }
        };
        let field = if commune.is_some() {
            "commune"
        } else {
            "postcode"
        };
        let centre = place.centre.ok_or_else(|| {
            ProfileError::invalid(
                field,
                format!("{} has no known position to search around", place.name),
            )
        })?;
        Ok((place.insee_code, place.postcode, place.name, centre))
    }

    fn check_sectors(&self, catalog: &Catalog) -> Checked<Vec<String>> {
        let sectors = self.avoided_sectors.as_deref().unwrap_or_default();
        if sectors.len() > MAX_AVOIDED_SECTORS {
            return Err(ProfileError::invalid(
                "avoided_sectors",
                format!("avoided_sectors holds at most {MAX_AVOIDED_SECTORS} sectors"),
            ));
        }
        let mut checked = BTreeSet::new();
        for (position, sector) in sectors.iter().enumerate() {
            let field = format!("avoided_sectors[{position}]");
            let sector = sector.trim();
            let is_division = sector.len() == 2 && sector.bytes().all(|b| b.is_ascii_digit());
            if is_division {
                if !catalog.knows_division(sector) {
                    return Err(ProfileError::unknown(
                        field,
                        format!("no activity is in the NAF division {sector}"),
                    ));
                }
                checked.insert(sector.to_string());
                continue;
            }
            let naf = NafCode::parse(sector).map_err(|_| {
                ProfileError::invalid(
                    &field,
                    format!("{sector:?} is neither a NAF code (5610A) nor a NAF division (56)"),
                )
            })?;
            if !catalog.knows_naf(naf) {
                return Err(ProfileError::unknown(
                    field,
                    format!("no activity has the NAF code {naf}"),
                ));
            }
            checked.insert(naf.to_string());
        }
        Ok(checked.into_iter().collect())
    }

    fn check_skills(&self) -> Checked<Vec<String>> {
        let skills = self.skills.as_deref().unwrap_or_default();
        if skills.len() > MAX_SKILLS {
            return Err(ProfileError::invalid(
                "skills",
                format!("skills holds at most {MAX_SKILLS} skills"),
            ));
        }
        let mut checked: Vec<String> = Vec::new();
        for (position, skill) in skills.iter().enumerate() {
            let skill = typed_text(skill, MAX_SKILL_CHARS, false).map_err(|err| {
                ProfileError::invalid(
                    format!("skills[{position}]"),
                    format!(
                        "a skill is 1 to {MAX_SKILL_CHARS} characters on one line: {}",
                        err.message
                    ),
                )
            })?;
            if !checked.contains(&skill) {
                checked.push(skill);
            }
        }
        Ok(checked)
    }

    fn check_aspirations(&self) -> Checked<Option<String>> {
        let Some(text) = present(self.aspirations.as_deref()) else {
            return Ok(None);
        };
        typed_text(text, MAX_ASPIRATIONS_CHARS, true)
            .map(Some)
            .map_err(|err| ProfileError::invalid("aspirations", err.message))
    }

    fn check_available_from(&self) -> Checked<Option<NaiveDate>> {
        let Some(text) = present(self.available_from.as_deref()) else {
            return Ok(None);
        };
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|date| (2000..=2100).contains(&date.year()))
            .ok_or_else(|| {
                ProfileError::invalid(
                    "available_from",
                    format!(
                        "available_from is a date written YYYY-MM-DD, between 2000 and 2100, got {text:?}"
                    ),
                )
            })?;
        Ok(Some(date))
    }
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

fn bracket(value: Option<&str>, field: &str) -> Checked<Option<HeadcountBracket>> {
    present(value)
        .map(|code| {
            HeadcountBracket::parse(code).map_err(|err| ProfileError::invalid(field, err.message))
        })
        .transpose()
}

/// The columns a profile CSV may have; `jobs` and one of `commune` or
/// `postcode` are required. Lists are separated by `|`.
const CSV_COLUMNS: [&str; 11] = [
    "jobs",
    "commune",
    "postcode",
    "max_distance_km",
    "mobility",
    "headcount_min",
    "headcount_max",
    "avoided_sectors",
    "skills",
    "aspirations",
    "available_from",
];

/// Reads a profile document: JSON (the same fields as the API) or a CSV
/// with a header row and exactly one data row.
///
/// # Errors
/// When the document cannot be read; the message names the line, column
/// or field.
pub fn read_document(bytes: &[u8], is_csv: bool) -> Checked<ProfileInput> {
    if is_csv {
        return read_csv(bytes);
    }
    read_json(bytes, "file").map_err(|err| {
        ProfileError::invalid(
            err.field,
            format!("not a profile document: {}", err.message),
        )
    })
}

fn read_csv(bytes: &[u8]) -> Checked<ProfileInput> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ProfileError::invalid("file", "the CSV file is not UTF-8 text"))?;
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(first_line))
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|err| ProfileError::invalid("file", format!("unreadable header row: {err}")))?
        .iter()
        .map(|name| name.trim().to_lowercase())
        .collect();
    for (position, name) in headers.iter().enumerate() {
        if headers[..position].contains(name) {
            return Err(ProfileError::invalid(
                format!("column {name}"),
                format!("the column {name:?} appears twice"),
            ));
        }
        if !CSV_COLUMNS.contains(&name.as_str()) {
            return Err(ProfileError::invalid(
                format!("column {name}"),
                format!(
                    "unknown column {name:?}; the columns are {}",
                    CSV_COLUMNS.join(", ")
                ),
            ));
        }
    }
    let mut records = reader.records();
    let record = records
        .next()
        .ok_or_else(|| ProfileError::invalid("file", "the CSV file has no data row"))?
        .map_err(|err| ProfileError::invalid("row 2", format!("unreadable row: {err}")))?;
    if records.next().is_some() {
        return Err(ProfileError::invalid(
            "file",
            "a profile CSV has one data row; this one has more",
        ));
    }
    let cell = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .and_then(|column| record.get(column))
            .and_then(|value| present(Some(value)))
            .map(str::to_string)
    };
    let list = |name: &str| {
        cell(name).map(|value| {
            value
                .split('|')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    };
    let max_distance_km = cell("max_distance_km")
        .map(|text| {
            text.replace(',', ".").parse::<f64>().map_err(|_| {
                ProfileError::invalid(
                    "row 2, column max_distance_km",
                    format!("max_distance_km is a number of km, got {text:?}"),
                )
            })
        })
        .transpose()?;
    Ok(ProfileInput {
        target_jobs: list("jobs"),
        commune: cell("commune"),
        postcode: cell("postcode"),
        max_distance_km,
        mobility: cell("mobility"),
        headcount_min: cell("headcount_min"),
        headcount_max: cell("headcount_max"),
        avoided_sectors: list("avoided_sectors"),
        skills: list("skills"),
        aspirations: cell("aspirations"),
        available_from: cell("available_from"),
    })
}

/// Names a CSV field the way the file does: `target_jobs[1]` is in the
/// `jobs` column of row 2.
#[must_use]
pub fn csv_field(field: &str) -> String {
    let column = field.split('[').next().unwrap_or(field);
    let column = if column == "target_jobs" {
        "jobs"
    } else {
        column
    };
    if CSV_COLUMNS.contains(&column) {
        format!("row 2, column {column}")
    } else {
        field.to_string()
    }
}

/// The stored lists, read back.
impl Model {
    #[must_use]
    pub fn target_jobs(&self) -> Vec<TargetJob> {
        serde_json::from_str(&self.target_jobs).unwrap_or_default()
    }

    #[must_use]
    pub fn avoided_sectors(&self) -> Vec<String> {
        serde_json::from_str(&self.avoided_sectors).unwrap_or_default()
    }

    #[must_use]
    pub fn skills(&self) -> Vec<String> {
        serde_json::from_str(&self.skills).unwrap_or_default()
    }

    /// How far the shortlist reaches: the distance asked, capped by the
    /// seeker's mobility.
    #[must_use]
    pub fn reach_km(&self) -> f64 {
        let cap = Mobility::parse(&self.mobility).map_or(MAX_DISTANCE_KM, Mobility::reach_km);
        self.max_distance_km.min(cap)
    }

    #[must_use]
    pub fn centre(&self) -> Option<Coordinates> {
        Coordinates::new(self.latitude, self.longitude).ok()
    }

    /// The seeker's profile, if they have one.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn of_seeker(db: &impl ConnectionTrait, seeker_id: i32) -> ModelResult<Option<Self>> {
        Ok(Entity::find()
            .filter(Column::SeekerId.eq(seeker_id))
            .one(db)
            .await?)
    }

    /// Writes `profile` as the seeker's profile and answers the stored
    /// profile with the names of the fields that changed (all of them for
    /// a first profile).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn save(
        db: &impl ConnectionTrait,
        seeker: &super::seekers::Model,
        profile: &Profile,
        author_id: i32,
    ) -> ModelResult<(Self, Vec<&'static str>)> {
        let now: DateTimeWithTimeZone = chrono::Utc::now().into();
        let new = StoredFields::of(profile);
        let existing = Self::of_seeker(db, seeker.id).await?;
        let changed = new.changed_from(existing.as_ref());
        let mut model = match existing {
            Some(existing) => existing.into_active_model(),
            None => ActiveModel {
                seeker_id: Set(seeker.id),
                organisation_id: Set(seeker.organisation_id),
                created_at: Set(now),
                ..Default::default()
            },
        };
        model.target_jobs = Set(new.target_jobs);
        model.commune_code = Set(new.commune_code);
        model.postcode = Set(new.postcode);
        model.place_name = Set(profile.place_name.clone());
        model.latitude = Set(profile.centre.latitude());
        model.longitude = Set(profile.centre.longitude());
        model.max_distance_km = Set(profile.max_distance_km);
        model.mobility = Set(new.mobility);
        model.headcount_min = Set(new.headcount_min);
        model.headcount_max = Set(new.headcount_max);
        model.avoided_sectors = Set(new.avoided_sectors);
        model.skills = Set(new.skills);
        model.aspirations = Set(profile.aspirations.clone());
        model.available_from = Set(profile.available_from);
        model.updated_by_id = Set(Some(author_id));
        model.updated_at = Set(now);
        let saved = if model.id.is_not_set() {
            model.insert(db).await?
        } else {
            model.update(db).await?
        };
        Ok((saved, changed))
    }
}

/// A profile's values as the table holds them, to store and to compare.
struct StoredFields {
    target_jobs: String,
    commune_code: String,
    postcode: Option<String>,
    max_distance_km: f64,
    mobility: String,
    headcount_min: Option<String>,
    headcount_max: Option<String>,
    avoided_sectors: String,
    skills: String,
    aspirations: Option<String>,
    available_from: Option<NaiveDate>,
}

impl StoredFields {
    fn of(profile: &Profile) -> Self {
        Self {
            target_jobs: json(&profile.target_jobs),
            commune_code: profile.commune.to_string(),
            postcode: profile.postcode.map(|code| code.to_string()),
            max_distance_km: profile.max_distance_km,
            mobility: profile.mobility.to_string(),
            headcount_min: profile.headcount_min.map(|b| b.code().to_string()),
            headcount_max: profile.headcount_max.map(|b| b.code().to_string()),
            avoided_sectors: json(&profile.avoided_sectors),
            skills: json(&profile.skills),
            aspirations: profile.aspirations.clone(),
            available_from: profile.available_from,
        }
    }

    /// The API names of the fields that differ from `old`.
    fn changed_from(&self, old: Option<&Model>) -> Vec<&'static str> {
        let Some(old) = old else {
            return PROFILE_FIELDS.to_vec();
        };
        let differs = [
            old.target_jobs != self.target_jobs,
            old.commune_code != self.commune_code || old.postcode != self.postcode,
            (old.max_distance_km - self.max_distance_km).abs() > f64::EPSILON,
            old.mobility != self.mobility,
            old.headcount_min != self.headcount_min,
            old.headcount_max != self.headcount_max,
            old.avoided_sectors != self.avoided_sectors,
            old.skills != self.skills,
            old.aspirations != self.aspirations,
            old.available_from != self.available_from,
        ];
        PROFILE_FIELDS
            .into_iter()
            .zip(differs)
            .filter_map(|(name, differs)| differs.then_some(name))
            .collect()
    }
}

/// The fields of a profile, as the audit log names them.
const PROFILE_FIELDS: [&str; 10] = [
    "target_jobs",
    "place",
    "max_distance_km",
    "mobility",
    "headcount_min",
    "headcount_max",
    "avoided_sectors",
    "skills",
    "aspirations",
    "available_from",
];

fn json<T: Serialize>(values: &[T]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_string())
}
