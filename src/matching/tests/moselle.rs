//! Reference results on the real establishments of the Metz area
//! (`establishments/moselle-57.csv`, `referentials/rome_naf_mapping.csv`).
//!
//! The data directory is `RELAIS_DATA_DIR`, or `../shared/data` next to
//! the crate. When that directory does not exist the tests say so and
//! pass; when it exists, a missing or unreadable file fails them.

use std::path::{Path, PathBuf};

use crate::domain::Siret;
use crate::matching::{
    IndexedEstablishment, MatchingIndex, RomeNafHirings, SearchQuery, SortOrder,
};
use crate::models::establishments::snapshot;

use super::{at, rome, siret};

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("RELAIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: data directory {} not found (set RELAIS_DATA_DIR)",
            dir.display()
        );
        None
    }
}

fn load_establishments(dir: &Path) -> Vec<IndexedEstablishment> {
    snapshot::read_establishments(&dir.join("establishments/moselle-57.csv")).unwrap()
}

fn load_hirings(dir: &Path) -> Vec<RomeNafHirings> {
    snapshot::read_rome_naf(&dir.join("referentials/rome_naf_mapping.csv")).unwrap()
}

const METZ: (f64, f64) = (49.1081133279, 6.1955245421);

#[test]
fn cleaning_jobs_near_metz_rank_the_published_reference_first() {
    let Some(dir) = data_dir() else { return };
    let establishments = load_establishments(&dir);
    assert_eq!(establishments.len(), 17_091 - 221);
    let index = MatchingIndex::build(establishments, &load_hirings(&dir));

    let page = index.search(&SearchQuery::new(rome("K2204"), at(METZ.0, METZ.1), 10.0));
    assert_eq!(page.total, 2_262);

    let first = page.hits[0];
    assert_eq!(first.siret, siret(48_186_978_200_013));
    assert!((first.expected_hirings - 263.0).abs() < 0.01, "{first:?}");
    assert!((first.distance_km - 2.208).abs() < 0.001, "{first:?}");
    assert_eq!((first.score, first.stars), (100, 5));

    let next: Vec<Siret> = page.hits[1..4].iter().map(|hit| hit.siret).collect();
    let wanted = [49_513_624_400_011, 42_242_078_600_036, 44_311_888_000_030].map(siret);
    assert_eq!(next, wanted);
    for pair in page.hits[1..4].windows(2) {
        assert_eq!(pair[0].expected_hirings, pair[1].expected_hirings);
        assert!(pair[0].distance_km < pair[1].distance_km);
    }
    assert!((page.hits[1].expected_hirings - 208.14).abs() < 0.01);

    let expected = index.expected_hirings(first.siret, rome("K2204")).unwrap();
    assert_eq!(expected, first.expected_hirings);
}

#[test]
fn real_data_searches_match_a_full_scan() {
    let Some(dir) = data_dir() else { return };
    let establishments = load_establishments(&dir);
    let table = load_hirings(&dir);
    let index = MatchingIndex::build(establishments.clone(), &table);

    for rome_code in ["K2204", "M1607", "H2805", "D1106"] {
        for radius_km in [0.0, 1.0, 5.0, 10.0, 30.0, 100.0] {
            for sort in [SortOrder::ExpectedHirings, SortOrder::Distance] {
                let mut query = SearchQuery::new(rome(rome_code), at(METZ.0, METZ.1), radius_km);
                query.sort = sort;
                query.offset = 10;
                query.limit = 50;
                let expected = crate::matching::reference::scan(&establishments, &table, &query);
                assert_eq!(index.search(&query), expected, "{query:?}");
            }
        }
    }
}
