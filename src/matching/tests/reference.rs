//! The index must give exactly the answer of the obvious algorithm: compute
//! every establishment's expected hirings and distance, keep those that
//! pass, sort, cut the page. Thousands of pseudo-random establishments and
//! hundreds of queries (both orders, radii from 0 to 200 km, origins on and
//! off cell edges, filters, pages) are compared hit by hit.

use crate::domain::{Coordinates, Flags, HeadcountBracket};
use crate::matching::{
    reference, Filters, IndexedEstablishment, MatchingIndex, Ranked, RomeNafHirings, SearchQuery,
    SortOrder,
};

use super::{at, naf, rome, siret};

/// xorshift64*: a deterministic generator, enough to spread test data.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, values: &[T]) -> T {
        values[self.below(values.len() as u64) as usize]
    }
}

const NAFS: [&str; 8] = [
    "5610A", "5610C", "4711D", "4719B", "8810A", "4941A", "8121Z", "4520A",
];
const ROMES: [&str; 5] = ["K2204", "G1603", "D1106", "N4101", "K1304"];

/// Pairs for a random subset of ROME × NAF, some with zero hirings; "4520A"
/// never gets a row.
fn random_table(generator: &mut Generator) -> Vec<RomeNafHirings> {
    let mut rows = Vec::new();
    for rome_code in ROMES {
        for naf_code in &NAFS[..NAFS.len() - 1] {
            if generator.chance(55) {
                let hirings = if generator.chance(10) {
                    0
                } else {
                    1 + generator.below(80)
                };
                rows.push(RomeNafHirings {
                    rome: rome(rome_code),
                    naf: naf(naf_code),
                    hirings: hirings as u32,
                });
            }
        }
    }
    rows
}

/// A position in a 1° × 1.4° area around Metz, with 5 decimals as in the
/// published files.
fn random_position(generator: &mut Generator) -> Coordinates {
    let latitude = 4_860_000 + generator.below(100_000);
    let longitude = 580_000 + generator.below(140_000);
    at(latitude as f64 / 1e5, longitude as f64 / 1e5)
}

/// A position in a 0.3° × 0.4° area over Metz: a dozen cells of the grid,
/// each holding runs of hundreds of establishments of one activity.
fn crowded_position(generator: &mut Generator) -> Coordinates {
    let latitude = 4_900_000 + generator.below(30_000);
    let longitude = 600_000 + generator.below(40_000);
    at(latitude as f64 / 1e5, longitude as f64 / 1e5)
}

fn random_establishments(generator: &mut Generator, count: u64) -> Vec<IndexedEstablishment> {
    establishments_at(generator, count, random_position)
}

fn establishments_at(
    generator: &mut Generator,
    count: u64,
    place: fn(&mut Generator) -> Coordinates,
) -> Vec<IndexedEstablishment> {
    // A few shared addresses (shopping centres) create exact distance ties.
    let addresses: Vec<Coordinates> = (0..40).map(|_| place(generator)).collect();
    (0..count)
        .map(|number| {
            let position = if generator.chance(20) {
                generator.pick(&addresses)
            } else {
                place(generator)
            };
            let hiring = match generator.below(10) {
                0 | 1 => 0.0,
                2 => generator.below(40) as f64 + 0.5,
                _ => generator.below(12) as f64,
            };
            IndexedEstablishment {
                siret: siret(10_000_000_000_000 + number * 7_919 % 1_000_003 * 1_000 + number),
                naf: naf(generator.pick(&NAFS)),
                position,
                hiring,
                headcount: if generator.chance(30) {
                    None
                } else {
                    Some(generator.pick(&HeadcountBracket::ALL[..8]))
                },
                flags: Flags::from_bits_truncate(generator.below(64) as u8),
            }
        })
        .collect()
}

fn random_filters(generator: &mut Generator) -> Filters {
    let mut filters = Filters::default();
    if generator.chance(25) {
        filters.headcount_min = Some(generator.pick(&HeadcountBracket::ALL[..6]));
    }
    if generator.chance(25) {
        filters.headcount_max = Some(generator.pick(&HeadcountBracket::ALL[2..9]));
    }
    if generator.chance(20) {
        filters.nafs = (0..1 + generator.below(3))
            .map(|_| naf(generator.pick(&NAFS)))
            .collect();
    }
    if generator.chance(20) {
        let names = [
            Flags::JUNIOR,
            Flags::SENIOR,
            Flags::HANDICAP,
            Flags::ALTERNANCE,
        ];
        filters.required_flags = generator.pick(&names);
        if generator.chance(30) {
            filters.required_flags |= generator.pick(&names);
        }
    }
    filters
}

fn random_query(generator: &mut Generator) -> SearchQuery {
    let radii = [0.0, 0.3, 2.0, 5.0, 7.77, 9.99, 11.1, 17.5, 40.0, 200.0];
    let origin = if generator.chance(10) {
        // Exactly on a cell corner.
        at(
            49.0 + generator.below(5) as f64 / 10.0,
            6.0 + generator.below(8) as f64 / 10.0,
        )
    } else {
        let latitude = 48.5 + generator.next() as f64 / u64::MAX as f64 * 1.2;
        let longitude = 5.7 + generator.next() as f64 / u64::MAX as f64 * 1.6;
        at(latitude, longitude)
    };
    SearchQuery {
        rome: if generator.chance(5) {
            rome("A1101")
        } else {
            rome(generator.pick(&ROMES))
        },
        origin,
        radius_km: generator.pick(&radii),
        sort: if generator.chance(50) {
            SortOrder::ExpectedHirings
        } else {
            SortOrder::Distance
        },
        filters: random_filters(generator),
        offset: if generator.chance(60) {
            0
        } else {
            generator.below(60) as usize
        },
        limit: generator.pick(&[0, 1, 5, 20, 100, 10_000]),
    }
}

/// A query from inside the crowded area, over radii that hold whole cells.
fn crowded_query(generator: &mut Generator) -> SearchQuery {
    let mut query = random_query(generator);
    let origin = crowded_position(generator);
    query.origin = if generator.chance(10) {
        // Exactly on a cell corner.
        at(49.1, 6.2)
    } else {
        origin
    };
    query.radius_km = generator.pick(&[1.5, 5.0, 9.99, 17.5, 25.0, 40.0]);
    query
}

/// Compares `queries` random queries on `count` random establishments.
fn compare_with_full_scan(seed: u64, count: u64, queries: usize) -> usize {
    compare_on(seed, count, queries, random_position, random_query)
}

fn compare_on(
    seed: u64,
    count: u64,
    queries: usize,
    place: fn(&mut Generator) -> Coordinates,
    ask: fn(&mut Generator) -> SearchQuery,
) -> usize {
    let mut generator = Generator(seed);
    let table = random_table(&mut generator);
    let establishments = establishments_at(&mut generator, count, place);
    let index = MatchingIndex::build(establishments.clone(), &table);
    assert_eq!(index.len(), establishments.len());

    let mut non_empty = 0;
    for _ in 0..queries {
        let query = ask(&mut generator);
        let expected = reference::scan(&establishments, &table, &query);
        let actual = index.search(&query);
        assert_eq!(actual, expected, "{query:?}");
        non_empty += usize::from(!actual.hits.is_empty());
    }
    non_empty
}

/// Dense data: most NAFs have establishments in every cell, so the index
/// looks cells up by binary search.
#[test]
fn search_gives_the_same_pages_as_a_full_scan_on_dense_data() {
    let non_empty = compare_with_full_scan(0x9E37_79B9_7F4A_7C15, 4_000, 600);
    assert!(non_empty > 200, "too few queries with hits: {non_empty}");
}

/// Sparse data: few cells per NAF, so the index scans a NAF's cells instead.
#[test]
fn search_gives_the_same_pages_as_a_full_scan_on_sparse_data() {
    let non_empty = compare_with_full_scan(0x2545_F491_4F6C_DD1D, 120, 600);
    assert!(non_empty > 50, "too few queries with hits: {non_empty}");
}

/// Crowded cells: runs of hundreds of establishments of one activity in
/// one cell, so that searches answer cells wholly inside their circle from
/// the order by hiring, and skip those too far for a page by distance.
#[test]
fn search_gives_the_same_pages_as_a_full_scan_on_crowded_cells() {
    let non_empty = compare_on(
        0x5851_F42D_4C95_7F2D,
        40_000,
        300,
        crowded_position,
        crowded_query,
    );
    assert!(non_empty > 150, "too few queries with hits: {non_empty}");
}

/// A boost in a crowded cell wholly inside the circle moves its company up
/// as its boosted expected hirings say, the cell's order by hiring
/// notwithstanding.
#[test]
fn a_boost_in_a_crowded_cell_ranks_its_company_by_its_boosted_hirings() {
    let mut generator = Generator(0x5851_F42D_4C95_7F2D);
    let table = random_table(&mut generator);
    let establishments = establishments_at(&mut generator, 40_000, crowded_position);
    let index = MatchingIndex::build(establishments, &table);
    let mut query = crowded_query(&mut generator);
    query.rome = rome("K2204");
    query.origin = at(49.15, 6.2);
    query.radius_km = 25.0;
    query.sort = SortOrder::ExpectedHirings;
    query.filters = Filters::default();
    query.offset = 0;
    query.limit = 100_000;
    let all = index.search(&query).hits;
    assert!(all.len() > 1_000, "a crowded search: {}", all.len());

    // The 500th company, boosted tenfold.
    let chosen = all[499];
    let boosted = index.clone().with_boosts(&[crate::matching::JobBoost {
        siret: chosen.siret,
        rome: query.rome,
        factor: 10.0,
    }]);
    let mut expected: Vec<Ranked> = all
        .iter()
        .map(|hit| Ranked {
            siret: hit.siret,
            distance_km: hit.distance_km,
            expected_hirings: if hit.siret == chosen.siret {
                chosen.expected_hirings * 10.0
            } else {
                hit.expected_hirings
            },
        })
        .collect();
    expected.sort_by(|a, b| query.sort.compare(a, b));
    query.limit = 20;
    let page: Vec<_> = boosted
        .search(&query)
        .hits
        .iter()
        .map(|hit| hit.siret)
        .collect();
    let wanted: Vec<_> = expected[..20].iter().map(|ranked| ranked.siret).collect();
    assert_eq!(page, wanted);
    assert!(
        page.contains(&chosen.siret),
        "the boosted company reaches the page"
    );
}

#[test]
fn the_index_stays_compact() {
    let mut generator = Generator(42);
    let table = random_table(&mut generator);
    let index = MatchingIndex::build(random_establishments(&mut generator, 20_000), &table);
    let per_establishment = index.heap_bytes() / index.len();
    assert!(
        per_establishment < 40,
        "{per_establishment} bytes per establishment"
    );
}
