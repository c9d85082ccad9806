//! Cost of the matching index on real data: build time, memory per
//! establishment, and query latency for representative searches.
//!
//! Two indexes are measured. "moselle" is the real file (about 17,000
//! establishments, nearly all within a few kilometres of Metz). "france"
//! repeats that file 117 times on a grid of tiles 1.2° × 1.8° apart (about
//! 130 km), the original tile in place: about 2 million establishments, the
//! size of France, as 117 Metz-sized cities. The same queries on both show
//! that latency depends on what lies inside the search circle, not on the
//! size of the country; the 200 km query reaches the neighbouring tiles.
//!
//! The shortlist bench builds one seeker's candidates (five jobs) on the
//! Moselle index: the engine's share of a profile write.
//!
//! Data is read from `RELAIS_DATA_DIR`, or `../shared/data` next to the
//! crate. Run with `cargo bench --bench matching`.

use std::collections::HashSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use relais::domain::{Coordinates, RomeCode, Siret};
use relais::matching::{
    IndexedEstablishment, MatchingIndex, RomeNafHirings, SearchQuery, SortOrder,
};
use relais::models::{
    establishments::snapshot,
    seeker_profiles::{self, TargetJob},
    shortlists,
};

const METZ: (f64, f64) = (49.1081133279, 6.1955245421);

/// Tiles of the synthetic France-size data: rows × columns of the Moselle file.
const TILE_ROWS: u32 = 9;
const TILE_COLUMNS: u32 = 13;
/// Tile size in degrees, larger than the extent of the Moselle file so that
/// tiles do not overlap.
const TILE_HEIGHT: f64 = 1.2;
const TILE_WIDTH: f64 = 1.8;

fn data_dir() -> PathBuf {
    std::env::var_os("RELAIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}

fn load_establishments(dir: &Path) -> Vec<IndexedEstablishment> {
    snapshot::read_establishments(&dir.join("establishments/moselle-57.csv"))
        .expect("the Moselle establishments")
}

fn load_hirings(dir: &Path) -> Vec<RomeNafHirings> {
    snapshot::read_rome_naf(&dir.join("referentials/rome_naf_mapping.csv"))
        .expect("the ROME × NAF table")
}

/// The Moselle file repeated on a grid of tiles; the middle tile keeps the
/// real positions and SIRETs, the others get shifted positions and
/// synthetic SIRETs starting with 99.
fn tile_france(moselle: &[IndexedEstablishment]) -> Vec<IndexedEstablishment> {
    let (middle_row, middle_column) = (TILE_ROWS / 2, TILE_COLUMNS / 2);
    let mut tiled = Vec::with_capacity(moselle.len() * (TILE_ROWS * TILE_COLUMNS) as usize);
    for row in 0..TILE_ROWS {
        for column in 0..TILE_COLUMNS {
            let tile = u64::from(row * TILE_COLUMNS + column);
            let shift_latitude = (f64::from(row) - f64::from(middle_row)) * TILE_HEIGHT;
            let shift_longitude = (f64::from(column) - f64::from(middle_column)) * TILE_WIDTH;
            let is_middle = (row, column) == (middle_row, middle_column);
            for (number, establishment) in (0_u64..).zip(moselle) {
                let mut copy = *establishment;
                if !is_middle {
                    copy.siret = Siret::from_u64(99_000_000_000_000 + tile * 100_000 + number)
                        .expect("a 14-digit SIRET");
                    copy.position = Coordinates::new(
                        establishment.position.latitude() + shift_latitude,
                        establishment.position.longitude() + shift_longitude,
                    )
                    .expect("a tile inside the globe");
                }
                tiled.push(copy);
            }
        }
    }
    tiled
}

/// The searches measured, with a name for the report.
fn queries() -> Vec<(&'static str, SearchQuery)> {
    let metz = Coordinates::new(METZ.0, METZ.1).expect("Metz");
    let rome = |code: &str| RomeCode::parse(code).expect("a ROME code");
    let mut by_distance = SearchQuery::new(rome("K2204"), metz, 10.0);
    by_distance.sort = SortOrder::Distance;
    vec![
        ("K2204 10 km", SearchQuery::new(rome("K2204"), metz, 10.0)),
        (
            "H2805 (rare) 30 km",
            SearchQuery::new(rome("H2805"), metz, 30.0),
        ),
        (
            "M1607 (broad) 30 km",
            SearchQuery::new(rome("M1607"), metz, 30.0),
        ),
        ("K2204 10 km by distance", by_distance),
        ("K2204 200 km", SearchQuery::new(rome("K2204"), metz, 200.0)),
    ]
}

/// The published reference result, checked before anything is timed.
fn check_reference(index: &MatchingIndex) {
    let (_, query) = &queries()[0];
    let page = index.search(query);
    let first: Vec<String> = page.hits[..4]
        .iter()
        .map(|hit| hit.siret.to_string())
        .collect();
    assert_eq!(
        first,
        [
            "48186978200013",
            "49513624400011",
            "42242078600036",
            "44311888000030"
        ]
    );
    assert!((page.hits[0].expected_hirings - 263.0).abs() < 0.01);
    assert!((page.hits[0].distance_km - 2.2).abs() < 0.01);
}

fn report_memory(name: &str, index: &MatchingIndex) {
    println!(
        "{name}: {} establishments, {:.1} MiB of heap, {:.1} bytes per establishment",
        index.len(),
        index.heap_bytes() as f64 / (1024.0 * 1024.0),
        index.heap_bytes() as f64 / index.len() as f64
    );
}

fn bench_searches(c: &mut Criterion, name: &str, index: &MatchingIndex) {
    for (label, query) in queries() {
        let total = index.search(&query).total;
        c.bench_function(&format!("search/{name}/{label} ({total} matches)"), |b| {
            b.iter(|| index.search(black_box(&query)))
        });
    }
}

fn moselle(c: &mut Criterion) {
    let dir = data_dir();
    let establishments = load_establishments(&dir);
    let hirings = load_hirings(&dir);

    c.bench_function("build/moselle", |b| {
        b.iter_batched(
            || establishments.clone(),
            |establishments| MatchingIndex::build(establishments, &hirings),
            BatchSize::LargeInput,
        )
    });

    let index = MatchingIndex::build(establishments, &hirings);
    check_reference(&index);
    report_memory("moselle", &index);
    bench_searches(c, "moselle", &index);
    bench_shortlist(c, &index);
}

/// A seeker's shortlist: five jobs within 10 km of Metz, the best 20 of
/// each, merged by SIRET.
fn bench_shortlist(c: &mut Criterion, index: &MatchingIndex) {
    let jobs: Vec<TargetJob> = ["K2204", "G1602", "D1102", "N1103", "J1501"]
        .into_iter()
        .map(|rome| TargetJob {
            rome: rome.to_string(),
            label: rome.to_string(),
            ogr_code: None,
        })
        .collect();
    let now = chrono::Utc::now().into();
    let profile = seeker_profiles::Model {
        id: 1,
        seeker_id: 1,
        organisation_id: 1,
        target_jobs: serde_json::to_string(&jobs).unwrap(),
        commune_code: "57463".to_string(),
        postcode: Some("57000".to_string()),
        place_name: "METZ".to_string(),
        latitude: METZ.0,
        longitude: METZ.1,
        max_distance_km: 10.0,
        mobility: "car".to_string(),
        headcount_min: None,
        headcount_max: None,
        avoided_sectors: "[\"56\"]".to_string(),
        skills: "[]".to_string(),
        aspirations: None,
        available_from: None,
        shortlist_data_version: None,
        shortlist_refreshed_at: None,
        shortlist_first_built_at: None,
        updated_by_id: None,
        created_at: now,
        updated_at: now,
    };
    let excluded = HashSet::new();
    let found = shortlists::candidates(index, &profile, &excluded).len();
    c.bench_function(
        &format!("shortlist/moselle/5 jobs, 10 km, avoiding division 56 ({found} companies)"),
        |b| b.iter(|| shortlists::candidates(index, black_box(&profile), &excluded)),
    );
}

fn france(c: &mut Criterion) {
    let dir = data_dir();
    let establishments = tile_france(&load_establishments(&dir));
    let hirings = load_hirings(&dir);

    let started = Instant::now();
    let index = MatchingIndex::build(establishments, &hirings);
    println!("build/france: {:.2} s", started.elapsed().as_secs_f64());
    check_reference(&index);
    report_memory("france", &index);
    bench_searches(c, "france", &index);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    targets = moselle, france
}
criterion_main!(benches);
