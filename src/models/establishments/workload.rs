//! The searches of the France-scale measurements: a fixed, seeded mix that
//! the engine, PostgreSQL + PostGIS and the HTTP API are all given.
//!
//! Each search is one of three place classes, in turn:
//!
//! - **dense**: the centre of a Paris arrondissement, where the generator
//!   puts one establishment in ten;
//! - **medium** and **rural**: the centre of another commune, medium when
//!   its surroundings (its 0.1° cell and the eight around it, about
//!   33 km × 22 km) hold at least as many communes as the median commune's
//!   do, rural otherwise. Establishments are spread evenly over communes,
//!   so the number of communes around is the density of establishments.
//!
//! The job is drawn in proportion to its hirings in the ROME × NAF table,
//! so common jobs are searched often and rare ones sometimes; the radius is
//! a whole number of kilometres from 5 to 25; the order is by expected
//! hirings or by distance, one in two; the page is the first 20.

use std::collections::{BTreeMap, HashMap};

use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};

use super::synthetic::{index, unit, Commune};
use crate::{
    domain::{Coordinates, RomeCode},
    matching::{RomeNafHirings, SearchQuery, SortOrder},
};

/// Radii drawn, in kilometres.
pub const RADII_KM: std::ops::RangeInclusive<u32> = 5..=25;

/// Results asked for.
pub const PAGE: usize = 20;

/// Side of the grid cells that measure how many communes are around.
const CELL_DEGREES: f64 = 0.1;

/// How built-up the place of a search is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceClass {
    Dense,
    Medium,
    Rural,
}

impl PlaceClass {
    pub const ALL: [Self; 3] = [Self::Dense, Self::Medium, Self::Rural];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Dense => "dense",
            Self::Medium => "medium",
            Self::Rural => "rural",
        }
    }
}

/// One search of the mix.
#[derive(Debug, Clone, PartialEq)]
pub struct MixQuery {
    pub class: PlaceClass,
    /// INSEE code of the commune searched around.
    pub commune: String,
    pub query: SearchQuery,
}

impl MixQuery {
    /// The same search as a request to the public API.
    #[must_use]
    pub fn api_path(&self) -> String {
        let sort = match self.query.sort {
            SortOrder::ExpectedHirings => "expected_hirings",
            SortOrder::Distance => "distance",
        };
        format!(
            "/api/v1/companies?rome={}&latitude={}&longitude={}&distance_km={}&sort={sort}&limit={}",
            self.query.rome,
            self.query.origin.latitude(),
            self.query.origin.longitude(),
            self.query.radius_km,
            self.query.limit,
        )
    }
}

/// The class of each commune, in the order given.
#[must_use]
pub fn classify(communes: &[Commune]) -> Vec<PlaceClass> {
    #[allow(clippy::cast_possible_truncation)]
    let cell = |commune: &Commune| {
        (
            (commune.latitude / CELL_DEGREES).floor() as i32,
            (commune.longitude / CELL_DEGREES).floor() as i32,
        )
    };
    let mut per_cell: HashMap<(i32, i32), u32> = HashMap::new();
    for commune in communes {
        *per_cell.entry(cell(commune)).or_default() += 1;
    }
    let around: Vec<u32> = communes
        .iter()
        .map(|commune| {
            let (row, column) = cell(commune);
            (-1..=1)
                .flat_map(|dr| (-1..=1).map(move |dc| (row + dr, column + dc)))
                .filter_map(|key| per_cell.get(&key))
                .sum()
        })
        .collect();
    let mut outside_paris: Vec<u32> = communes
        .iter()
        .zip(&around)
        .filter(|(commune, _)| !commune.is_paris())
        .map(|(_, &count)| count)
        .collect();
    outside_paris.sort_unstable();
    let median = outside_paris
        .get(outside_paris.len() / 2)
        .copied()
        .unwrap_or_default();
    communes
        .iter()
        .zip(around)
        .map(|(commune, count)| {
            if commune.is_paris() {
                PlaceClass::Dense
            } else if count >= median {
                PlaceClass::Medium
            } else {
                PlaceClass::Rural
            }
        })
        .collect()
}

/// Why no mix could be drawn.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MixError {
    #[error("no commune of the {0} class to search around")]
    NoPlace(&'static str),
    #[error("the ROME × NAF table records no hiring: no job to search")]
    NoJob,
}

/// `count` searches over `communes`, drawn with `seed`: the same inputs
/// give the same searches.
///
/// # Errors
/// When a class has no commune or the table has no hiring.
pub fn query_mix(
    communes: &[Commune],
    hirings: &[RomeNafHirings],
    count: usize,
    seed: u64,
) -> Result<Vec<MixQuery>, MixError> {
    let classes = classify(communes);
    let places: Vec<Vec<&Commune>> = PlaceClass::ALL
        .iter()
        .map(|class| {
            communes
                .iter()
                .zip(&classes)
                .filter(|(_, found)| *found == class)
                .map(|(commune, _)| commune)
                .collect()
        })
        .collect();
    for (class, found) in PlaceClass::ALL.iter().zip(&places) {
        if found.is_empty() {
            return Err(MixError::NoPlace(class.as_str()));
        }
    }

    // Jobs in code order with their running total of hirings.
    let mut per_rome: BTreeMap<RomeCode, u64> = BTreeMap::new();
    for row in hirings {
        *per_rome.entry(row.rome).or_default() += u64::from(row.hirings);
    }
    let mut jobs = Vec::with_capacity(per_rome.len());
    let mut total = 0;
    for (rome, hirings) in per_rome {
        if hirings > 0 {
            total += hirings;
            jobs.push((total, rome));
        }
    }
    if jobs.is_empty() {
        return Err(MixError::NoJob);
    }

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let radii: Vec<u32> = RADII_KM.collect();
    Ok((0..count)
        .map(|number| {
            let class = PlaceClass::ALL[number % PlaceClass::ALL.len()];
            let class_places = &places[number % PlaceClass::ALL.len()];
            let commune = class_places[index(&mut rng, class_places.len())];
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let drawn = (unit(&mut rng) * total as f64) as u64;
            let job = jobs.partition_point(|&(running, _)| running <= drawn);
            let rome = jobs[job.min(jobs.len() - 1)].1;
            let radius_km = radii[index(&mut rng, radii.len())];
            let origin = Coordinates::new(commune.latitude, commune.longitude)
                .expect("commune centres are valid coordinates");
            let mut query = SearchQuery::new(rome, origin, f64::from(radius_km));
            query.limit = PAGE;
            if unit(&mut rng) < 0.5 {
                query.sort = SortOrder::Distance;
            }
            MixQuery {
                class,
                commune: commune.insee.clone(),
                query,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NafCode;

    fn commune(insee: &str, latitude: f64, longitude: f64) -> Commune {
        Commune {
            insee: insee.to_string(),
            postcode: "00000".to_string(),
            latitude,
            longitude,
        }
    }

    fn hirings(rows: &[(&str, u32)]) -> Vec<RomeNafHirings> {
        rows.iter()
            .map(|&(rome, hirings)| RomeNafHirings {
                rome: RomeCode::parse(rome).unwrap(),
                naf: NafCode::parse("5610A").unwrap(),
                hirings,
            })
            .collect()
    }

    /// Paris, a cluster of five communes close together, three lone ones.
    fn communes() -> Vec<Commune> {
        vec![
            commune("75101", 48.86, 2.34),
            commune("59001", 50.61, 3.01),
            commune("59002", 50.62, 3.02),
            commune("59003", 50.63, 3.03),
            commune("59004", 50.64, 3.04),
            commune("59005", 50.65, 3.05),
            commune("40001", 44.0, -1.0),
            commune("05001", 44.9, 6.5),
            commune("48001", 44.5, 3.5),
        ]
    }

    #[test]
    fn communes_are_dense_in_paris_medium_where_many_are_around_rural_elsewhere() {
        let classes = classify(&communes());
        assert_eq!(classes[0], PlaceClass::Dense);
        assert!(classes[1..6]
            .iter()
            .all(|&class| class == PlaceClass::Medium));
        assert!(classes[6..].iter().all(|&class| class == PlaceClass::Rural));
    }

    #[test]
    fn the_mix_takes_classes_in_turn_jobs_by_their_hirings_and_radii_from_5_to_25() {
        let table = hirings(&[("K2204", 900), ("H2805", 100), ("A1101", 0)]);
        let mix = query_mix(&communes(), &table, 3_000, 7).unwrap();
        assert_eq!(mix.len(), 3_000);
        for (number, search) in mix.iter().enumerate() {
            assert_eq!(search.class, PlaceClass::ALL[number % 3]);
            assert_eq!(search.query.limit, PAGE);
            assert!((5.0..=25.0).contains(&search.query.radius_km));
            assert_eq!(search.query.radius_km.fract(), 0.0);
        }
        let count = |rome: &str| {
            mix.iter()
                .filter(|search| search.query.rome.to_string() == rome)
                .count()
        };
        // 90 % and 10 % of the draws, within a few standard deviations.
        assert!(
            (2_620..=2_780).contains(&count("K2204")),
            "{}",
            count("K2204")
        );
        assert_eq!(count("A1101"), 0);
        let by_distance = mix
            .iter()
            .filter(|search| search.query.sort == SortOrder::Distance)
            .count();
        assert!((1_400..=1_600).contains(&by_distance), "{by_distance}");
        for radius in [5.0, 25.0] {
            assert!(mix.iter().any(|search| search.query.radius_km == radius));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_mix_and_another_seed_another() {
        let table = hirings(&[("K2204", 900), ("H2805", 100)]);
        let first = query_mix(&communes(), &table, 50, 7).unwrap();
        assert_eq!(first, query_mix(&communes(), &table, 50, 7).unwrap());
        assert_ne!(first, query_mix(&communes(), &table, 50, 8).unwrap());
    }

    #[test]
    fn a_mix_without_a_class_or_a_job_says_which() {
        let table = hirings(&[("K2204", 900)]);
        assert_eq!(
            query_mix(&communes()[1..], &table, 10, 7),
            Err(MixError::NoPlace("dense"))
        );
        assert_eq!(
            query_mix(&communes(), &hirings(&[("K2204", 0)]), 10, 7),
            Err(MixError::NoJob)
        );
    }

    #[test]
    fn a_search_reads_as_the_public_api_request() {
        let table = hirings(&[("K2204", 900)]);
        let search = &query_mix(&communes(), &table, 1, 7).unwrap()[0];
        let path = search.api_path();
        assert!(
            path.starts_with(
                "/api/v1/companies?rome=K2204&latitude=48.86&longitude=2.34&distance_km="
            ),
            "{path}"
        );
        assert!(path.ends_with("&limit=20"), "{path}");
    }
}
