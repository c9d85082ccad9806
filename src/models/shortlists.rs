//! A seeker's shortlist: for each target job, the companies in reach most
//! likely to hire for it, merged so that a company matching several jobs
//! appears once with all of them. Kept and dismissed companies are never
//! proposed again; proposals that no longer match go away at a refresh,
//! new ones come in marked as new.
//!
//! The default order spreads seekers over companies: a weighted shuffle,
//! stable for a given seeker, where a company's weight is its expected
//! hirings divided by how many seekers (of every organisation) contacted it
//! in the last 30 days.

use std::collections::{BTreeMap, HashMap, HashSet};

use loco_rs::prelude::*;
use sea_orm::{sea_query::Func, DatabaseTransaction, FromQueryResult, QuerySelect};
use sha2::{Digest, Sha256};

use super::{
    _entities::{contacts, seeker_profiles, shortlist_entries},
    national_data::NationalData,
    seekers,
};
use crate::{
    domain::{EntryState, HeadcountBracket, RomeCode, Siret},
    matching::{MatchingIndex, SearchQuery},
};

/// Companies proposed per target job.
pub const PER_JOB: usize = 20;
/// Seekers who contacted a company in the window before its card warns.
pub const CROWDED_AFTER: u32 = 3;
/// The window of the over-contact count, in days.
pub const CROWD_WINDOW_DAYS: i64 = 30;
/// How deep a search goes to find companies outside avoided sectors.
const MAX_SCAN: usize = 2_000;
const PAGE: usize = 100;

/// A company the profile reaches, with the target jobs it may hire for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub siret: Siret,
    pub distance_km: f64,
    /// Each target job it matches, with its expected hirings for it.
    pub jobs: Vec<(RomeCode, f64)>,
}

impl Candidate {
    /// The best expected hirings over its jobs.
    #[must_use]
    pub fn expected_hirings(&self) -> f64 {
        self.jobs
            .iter()
            .map(|(_, hirings)| *hirings)
            .fold(0.0, f64::max)
    }
}

/// The companies a profile reaches, by SIRET: the best `PER_JOB` of each
/// target job outside `excluded` and the avoided sectors.
#[must_use]
pub fn candidates(
    index: &MatchingIndex,
    profile: &seeker_profiles::Model,
    excluded: &HashSet<Siret>,
) -> BTreeMap<Siret, Candidate> {
    let mut found: BTreeMap<Siret, Candidate> = BTreeMap::new();
    let Some(centre) = profile.centre() else {
        return found;
    };
    let avoided = profile.avoided_sectors();
    let bracket = |code: &Option<String>| {
        code.as_deref()
            .and_then(|code| HeadcountBracket::parse(code).ok())
    };
    // Two job titles of one ROME job search the same companies once.
    let mut romes: Vec<RomeCode> = Vec::new();
    for job in profile.target_jobs() {
        if let Ok(rome) = RomeCode::parse(&job.rome) {
            if !romes.contains(&rome) {
                romes.push(rome);
            }
        }
    }
    for rome in romes {
        let mut query = SearchQuery::new(rome, centre, profile.reach_km());
        query.filters.headcount_min = bracket(&profile.headcount_min);
        query.filters.headcount_max = bracket(&profile.headcount_max);
        query.limit = PAGE;
        let mut taken = 0;
        while taken < PER_JOB && query.offset < MAX_SCAN {
            let page = index.search(&query);
            for hit in &page.hits {
                let avoided = index.get(hit.siret).is_some_and(|company| {
                    let naf = company.naf.to_string();
                    avoided
                        .iter()
                        .any(|sector| naf.starts_with(sector.as_str()))
                });
                if avoided || excluded.contains(&hit.siret) {
                    continue;
                }
                let candidate = found.entry(hit.siret).or_insert_with(|| Candidate {
                    siret: hit.siret,
                    distance_km: hit.distance_km,
                    jobs: Vec::new(),
                });
                candidate.jobs.push((rome, hit.expected_hirings));
                taken += 1;
                if taken == PER_JOB {
                    break;
                }
            }
            if page.hits.len() < PAGE {
                break;
            }
            query.offset += PAGE;
        }
    }
    found
}

/// Joins ROME codes for storage: `K2204,D1102`.
fn joined(jobs: &[(RomeCode, f64)]) -> String {
    jobs.iter()
        .map(|(rome, _)| rome.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether the shortlist must be rebuilt: never built, or built from
/// other national data.
#[must_use]
pub fn is_stale(profile: &seeker_profiles::Model, data: &NationalData) -> bool {
    profile.shortlist_refreshed_at.is_none() || profile.shortlist_data_version != data.version
}

/// Rebuilds the proposals of a seeker's shortlist from their profile and
/// the national data, inside a change of the seeker's journey
/// ([`seekers::begin_change`]). Kept and dismissed companies stay as they
/// are.
///
/// # Errors
/// When the database fails.
pub async fn refresh(
    txn: &DatabaseTransaction,
    data: &NationalData,
    seeker: &seekers::Model,
    profile: &seeker_profiles::Model,
) -> ModelResult<()> {
    let entries = shortlist_entries::Entity::find()
        .filter(shortlist_entries::Column::SeekerId.eq(seeker.id))
        .all(txn)
        .await?;
    let excluded: HashSet<Siret> = entries
        .iter()
        .filter(|entry| entry.state != EntryState::Proposed.as_str())
        .filter_map(|entry| Siret::parse(&entry.siret).ok())
        .collect();
    let mut found = candidates(&data.index, profile, &excluded);
    let first_build = profile.shortlist_first_built_at.is_none();
    let now: DateTimeWithTimeZone = chrono::Utc::now().into();

    for entry in entries
        .into_iter()
        .filter(|entry| entry.state == EntryState::Proposed.as_str())
    {
        let still = Siret::parse(&entry.siret)
            .ok()
            .and_then(|siret| found.remove(&siret));
        match still {
            None => {
                entry.delete(txn).await?;
            }
            Some(candidate) => {
                let romes = joined(&candidate.jobs);
                if entry.romes != romes || entry.is_new {
                    let mut entry = entry.into_active_model();
                    entry.romes = Set(romes);
                    entry.is_new = Set(false);
                    entry.updated_at = Set(now);
                    entry.update(txn).await?;
                }
            }
        }
    }
    let new_entries: Vec<shortlist_entries::ActiveModel> = found
        .values()
        .map(|candidate| shortlist_entries::ActiveModel {
            seeker_id: Set(seeker.id),
            organisation_id: Set(seeker.organisation_id),
            siret: Set(candidate.siret.to_string()),
            romes: Set(joined(&candidate.jobs)),
            state: Set(EntryState::Proposed.to_string()),
            is_new: Set(!first_build),
            proposed_at: Set(now),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !new_entries.is_empty() {
        shortlist_entries::Entity::insert_many(new_entries)
            .exec(txn)
            .await?;
    }

    let mut profile = profile.clone().into_active_model();
    profile.shortlist_data_version = Set(data.version);
    profile.shortlist_refreshed_at = Set(Some(now));
    if first_build {
        profile.shortlist_first_built_at = Set(Some(now));
    }
    profile.update(txn).await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct Crowd {
    siret: String,
    seekers: i64,
}

/// How many seekers, all organisations together, contacted each of these
/// companies in the last 30 days. Only counts cross organisations: no
/// seeker, note or organisation is read.
///
/// # Errors
/// When the database fails.
pub async fn recent_contact_counts(
    db: &impl ConnectionTrait,
    sirets: &[String],
    today: chrono::NaiveDate,
) -> ModelResult<HashMap<String, u32>> {
    let since = today - chrono::Duration::days(CROWD_WINDOW_DAYS);
    let mut counts = HashMap::new();
    for chunk in sirets.chunks(500) {
        let rows = contacts::Entity::find()
            .select_only()
            .column(contacts::Column::Siret)
            .column_as(
                Expr::expr(Func::count_distinct(Expr::col(contacts::Column::SeekerId))),
                "seekers",
            )
            .filter(contacts::Column::Siret.is_in(chunk.iter().cloned()))
            .filter(contacts::Column::ContactedOn.gte(since))
            .group_by(contacts::Column::Siret)
            .into_model::<Crowd>()
            .all(db)
            .await?;
        for row in rows {
            counts.insert(row.siret, u32::try_from(row.seekers).unwrap_or(u32::MAX));
        }
    }
    Ok(counts)
}

/// The sort key of a company in a seeker's spread order: a draw weighted
/// by `weight` (Efraimidis–Spirakis, larger first), from a hash of the
/// seeker and the company, so the same seeker always sees the same order.
#[must_use]
pub fn spread_key(seeker: Uuid, siret: &str, weight: f64) -> f64 {
    let digest = Sha256::new()
        .chain_update(seeker.as_bytes())
        .chain_update(siret.as_bytes())
        .finalize();
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    // A uniform draw in (0, 1): 53 random bits, never 0.
    #[allow(clippy::cast_precision_loss)]
    let draw = ((u64::from_le_bytes(bytes) >> 11) as f64 + 0.5) / (1_u64 << 53) as f64;
    if weight <= 0.0 {
        return f64::NEG_INFINITY;
    }
    draw.ln() / weight
}

/// A company's weight in the spread order: its expected hirings, shared
/// among the seekers who contacted it lately.
#[must_use]
pub fn spread_weight(expected_hirings: f64, recent_seekers: u32) -> f64 {
    expected_hirings / (1.0 + f64::from(recent_seekers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spread_order_is_stable_for_a_seeker_and_differs_between_seekers() {
        let alice = Uuid::from_u128(1);
        let bob = Uuid::from_u128(2);
        let sirets: Vec<String> = (0..50)
            .map(|i| format!("{:014}", 48_186_978_200_000_u64 + i))
            .collect();
        let order = |seeker| {
            let mut keyed: Vec<(f64, &String)> = sirets
                .iter()
                .map(|siret| (spread_key(seeker, siret, 1.0), siret))
                .collect();
            keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
            keyed
                .into_iter()
                .map(|(_, siret)| siret.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(alice), order(alice));
        assert_ne!(order(alice), order(bob));
    }

    #[test]
    fn heavier_companies_come_first_more_often() {
        // Two companies, one four times the weight of the other: over many
        // seekers the heavy one leads about 4 times in 5.
        let mut heavy_first = 0;
        for seeker in 0..2_000_u128 {
            let seeker = Uuid::from_u128(seeker);
            let heavy = spread_key(seeker, "11111111111111", 4.0);
            let light = spread_key(seeker, "22222222222222", 1.0);
            if heavy > light {
                heavy_first += 1;
            }
        }
        assert!((1_500..1_700).contains(&heavy_first), "{heavy_first}");
    }

    #[test]
    fn contacts_by_other_seekers_lower_the_weight() {
        assert!(spread_weight(2.0, 0) > spread_weight(2.0, 5));
        assert!((spread_weight(3.0, 2) - 1.0).abs() < 1e-12);
    }
}
