//! The engine at the size of France, beside PostgreSQL + PostGIS.
//!
//! 1. A France-sized establishments file (`generate_establishments`: the
//!    Moselle rows over the communes of the postcode table, one in ten in
//!    Paris) is written once under `target/france/` and read back.
//! 2. The benchmarks' query mix (`workload::query_mix`: dense, medium and
//!    rural places, jobs by their hirings, 5–25 km, top 20, both orders).
//! 3. For each size (the first 0.25, 0.5, 1 and 2 million rows of the file):
//!    index build time (median of three), memory per establishment, and the
//!    latency of every search of the mix, repeated, as p50 / p99 / max per
//!    class.
//! 4. At the largest size, every search of the mix compared with a plain
//!    scan of every establishment (`matching::reference::scan`): the run
//!    stops at the first difference.
//! 5. criterion's estimate per class at the largest size.
//! 6. With `RELAIS_BENCH_PG_URL` (a database where `CREATE EXTENSION
//!    postgis` works): the same establishments loaded with COPY into a
//!    geography column with a GiST index, the ROME × NAF shares as a
//!    table, and the same mix as `ST_DWithin` + the same order and limit,
//!    with the ratio per class; pages that differ from the engine's are
//!    counted.
//!
//! Settings (environment): `RELAIS_DATA_DIR` (default `../shared/data`),
//! `FRANCE_ROWS` (2000000), `FRANCE_SIZES` (250000,500000,1000000,2000000),
//! `FRANCE_SEED` (2026), `FRANCE_QUERIES` (1500), `FRANCE_REPEATS` (5),
//! `RELAIS_BENCH_PG_URL` (none: PostGIS is skipped).
//! `benches/france.sh` runs this with PostGIS and the other measures.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use criterion::Criterion;
use relais::{
    matching::{reference, IndexedEstablishment, MatchingIndex, RomeNafHirings, SortOrder},
    models::establishments::{
        snapshot,
        synthetic::{self, Commune},
        workload::{self, MixQuery, PlaceClass},
    },
};

fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).map_or(default, |value| {
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a valid value"))
    })
}

fn data_dir() -> PathBuf {
    std::env::var_os("RELAIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}

/// The generated file, written on the first run and reused afterwards.
fn france_file(dir: &Path, communes: &[Commune], rows: u64, seed: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let folder = target.join("france");
    std::fs::create_dir_all(&folder).expect("target/france");
    let path = folder.join(format!("establishments-{rows}-seed{seed}.csv"));
    if !path.exists() {
        let started = Instant::now();
        let partial = path.with_extension("partial");
        let out = std::io::BufWriter::new(std::fs::File::create(&partial).expect("a new file"));
        let source = dir.join("establishments/moselle-57.csv");
        synthetic::generate(&source, communes, rows, seed, out).expect("generated file");
        std::fs::rename(&partial, &path).expect("rename the generated file");
        println!(
            "generated {} in {:.1} s",
            path.display(),
            started.elapsed().as_secs_f64()
        );
    }
    path
}

/// p50, p99 and max of `samples`, in microseconds.
fn percentiles(samples: &mut [Duration]) -> (f64, f64, f64) {
    samples.sort_unstable();
    let at = |fraction: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let rank = ((samples.len() as f64 * fraction).ceil() as usize).clamp(1, samples.len());
        samples[rank - 1].as_secs_f64() * 1e6
    };
    (at(0.50), at(0.99), at(1.0))
}

/// Latency of every search of `mix`, `repeats` times, per class.
fn engine_latencies(
    index: &MatchingIndex,
    mix: &[MixQuery],
    repeats: usize,
) -> BTreeMap<PlaceClass, Vec<Duration>> {
    let mut samples: BTreeMap<PlaceClass, Vec<Duration>> = BTreeMap::new();
    for _ in 0..repeats {
        for search in mix {
            let started = Instant::now();
            let page = index.search(std::hint::black_box(&search.query));
            let elapsed = started.elapsed();
            std::hint::black_box(page);
            samples.entry(search.class).or_default().push(elapsed);
        }
    }
    samples
}

fn print_latencies(label: &str, samples: &mut BTreeMap<PlaceClass, Vec<Duration>>) {
    let mut all: Vec<Duration> = samples.values().flatten().copied().collect();
    for (class, durations) in samples.iter_mut() {
        let (p50, p99, max) = percentiles(durations);
        println!(
            "{label} {:<6} p50 {p50:>9.1} µs  p99 {p99:>9.1} µs  max {max:>9.1} µs  ({} searches)",
            class.as_str(),
            durations.len()
        );
    }
    let (p50, p99, max) = percentiles(&mut all);
    println!(
        "{label} all    p50 {p50:>9.1} µs  p99 {p99:>9.1} µs  max {max:>9.1} µs  ({} searches)",
        all.len()
    );
}

fn median_build(establishments: &[IndexedEstablishment], table: &[RomeNafHirings]) -> Duration {
    let mut builds: Vec<Duration> = (0..3)
        .map(|_| {
            let copy = establishments.to_vec();
            let started = Instant::now();
            let index = MatchingIndex::build(copy, table);
            let elapsed = started.elapsed();
            drop(index);
            elapsed
        })
        .collect();
    builds.sort_unstable();
    builds[1]
}

/// Every search of the mix against the plain scan, on both cores.
fn check_against_scan(
    index: &MatchingIndex,
    establishments: &[IndexedEstablishment],
    table: &[RomeNafHirings],
    mix: &[MixQuery],
) {
    let started = Instant::now();
    let half = mix.len().div_ceil(2);
    std::thread::scope(|scope| {
        for part in mix.chunks(half.max(1)) {
            scope.spawn(move || {
                for search in part {
                    let expected = reference::scan(establishments, table, &search.query);
                    assert_eq!(
                        index.search(&search.query),
                        expected,
                        "the index and the scan differ on {search:?}"
                    );
                }
            });
        }
    });
    println!(
        "check: the {} searches of the mix give the same pages as a scan of all {} establishments ({:.0} s)",
        mix.len(),
        establishments.len(),
        started.elapsed().as_secs_f64()
    );
}

fn criterion_per_class(index: &MatchingIndex, mix: &[MixQuery], rows: usize) {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
        .configure_from_args();
    for class in PlaceClass::ALL {
        let searches: Vec<&MixQuery> = mix.iter().filter(|search| search.class == class).collect();
        let mut next = 0;
        criterion.bench_function(
            &format!("france/{rows}/{} (one search of the mix)", class.as_str()),
            |bencher| {
                bencher.iter(|| {
                    next = (next + 1) % searches.len();
                    index.search(std::hint::black_box(&searches[next].query))
                });
            },
        );
    }
    criterion.final_summary();
}

fn main() {
    let dir = data_dir();
    let rows: u64 = setting("FRANCE_ROWS", 2_000_000);
    let seed: u64 = setting("FRANCE_SEED", 2026);
    let queries: usize = setting("FRANCE_QUERIES", 1_500);
    let repeats: usize = setting("FRANCE_REPEATS", 5);
    let sizes: Vec<usize> = setting("FRANCE_SIZES", "250000,500000,1000000,2000000".to_string())
        .split(',')
        .map(|size| size.trim().parse().expect("FRANCE_SIZES: whole numbers"))
        .collect();

    let communes = synthetic::communes(&dir.join("referentials/laposte_hexasmal.csv"))
        .expect("the postcode table");
    let table = snapshot::read_rome_naf(&dir.join("referentials/rome_naf_mapping.csv"))
        .expect("the ROME × NAF table");
    let file = france_file(&dir, &communes, rows, seed);
    let started = Instant::now();
    let establishments = snapshot::read_establishments(&file).expect("the generated file");
    println!(
        "read {} geocoded establishments of {} in {:.1} s",
        establishments.len(),
        file.display(),
        started.elapsed().as_secs_f64()
    );
    let mix = workload::query_mix(&communes, &table, queries, seed).expect("a query mix");
    let by_distance = mix
        .iter()
        .filter(|search| search.query.sort == SortOrder::Distance)
        .count();
    println!(
        "mix: {} searches ({} per class, {by_distance} by distance), repeated {repeats} times",
        mix.len(),
        mix.len() / 3
    );

    let urls = file.with_file_name(format!("searches-{queries}-seed{seed}.txt"));
    let paths: String = mix.iter().map(|search| search.api_path() + "\n").collect();
    std::fs::write(&urls, paths).expect("the searches as API paths");
    println!("mix: written as API paths to {}", urls.display());

    let mut largest = None;
    for &size in &sizes {
        let size = size.min(establishments.len());
        let slice = &establishments[..size];
        let build = median_build(slice, &table);
        let index = MatchingIndex::build(slice.to_vec(), &table);
        #[allow(clippy::cast_precision_loss)]
        let per_establishment = index.heap_bytes() as f64 / index.len() as f64;
        println!(
            "engine {size}: build {:.2} s (median of 3), {:.1} MiB, {per_establishment:.1} bytes per establishment",
            build.as_secs_f64(),
            index.heap_bytes() as f64 / (1024.0 * 1024.0),
        );
        let matches: usize = mix
            .iter()
            .map(|search| index.search(&search.query).total)
            .sum();
        println!(
            "engine {size}: {:.0} matches per search on average",
            matches as f64 / mix.len() as f64
        );
        let mut latencies = engine_latencies(&index, &mix, repeats);
        print_latencies(&format!("engine {size}"), &mut latencies);
        largest = Some((size, index, latencies));
    }
    let (size, index, mut latencies) = largest.expect("at least one size");
    check_against_scan(&index, &establishments[..size], &table, &mix);
    criterion_per_class(&index, &mix, size);

    match std::env::var("RELAIS_BENCH_PG_URL") {
        Ok(url) => {
            let engine = PlaceClass::ALL.map(|class| {
                percentiles(latencies.get_mut(&class).expect("searches of every class"))
            });
            postgis::compare(&url, &establishments[..size], &table, &index, &mix, engine);
        }
        Err(_) => println!("postgis: skipped (set RELAIS_BENCH_PG_URL)"),
    }
}

mod postgis {
    //! The same searches as an operator would write them on PostgreSQL +
    //! PostGIS.

    use std::{
        collections::BTreeMap,
        fmt::Write as _,
        time::{Duration, Instant},
    };

    use relais::{
        matching::{IndexedEstablishment, MatchingIndex, RomeNafHirings, SortOrder},
        models::establishments::workload::{MixQuery, PlaceClass},
    };
    use sea_orm::sqlx::{
        self,
        postgres::{PgPoolCopyExt, PgPoolOptions},
        AssertSqlSafe, PgPool, Row,
    };

    const SCHEMA: &str = "
        CREATE EXTENSION IF NOT EXISTS postgis;
        DROP TABLE IF EXISTS bench_establishments;
        DROP TABLE IF EXISTS bench_rome_naf;
        CREATE TABLE bench_establishments (
            siret bigint PRIMARY KEY,
            naf text NOT NULL,
            hiring real NOT NULL,
            headcount smallint,
            flags smallint NOT NULL,
            position geography(Point, 4326) NOT NULL
        );
        CREATE TABLE bench_rome_naf (
            rome text NOT NULL,
            naf text NOT NULL,
            share double precision NOT NULL,
            PRIMARY KEY (rome, naf)
        );";

    /// The page: matches inside the circle with their expected hirings,
    /// the count of all matches, the order and the limit of the engine.
    fn search_sql(sort: SortOrder) -> String {
        let order = match sort {
            SortOrder::ExpectedHirings => "expected DESC, distance_km ASC, siret ASC",
            SortOrder::Distance => "distance_km ASC, expected DESC, siret ASC",
        };
        format!(
            "WITH origin AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography AS at)
             SELECT e.siret,
                    ST_Distance(e.position, origin.at, false) / 1000 AS distance_km,
                    e.hiring::float8 * s.share AS expected,
                    count(*) OVER () AS total
             FROM bench_establishments e
             JOIN bench_rome_naf s ON s.naf = e.naf AND s.rome = $1
             CROSS JOIN origin
             WHERE ST_DWithin(e.position, origin.at, $4, false)
               AND e.hiring::float8 * s.share > 0
             ORDER BY {order}
             LIMIT $5"
        )
    }

    async fn load(
        pool: &PgPool,
        establishments: &[IndexedEstablishment],
        table: &[RomeNafHirings],
        index: &MatchingIndex,
    ) -> Result<(), sqlx::Error> {
        sqlx::raw_sql(SCHEMA).execute(pool).await?;
        let started = Instant::now();
        let mut rows = String::with_capacity(establishments.len() * 64);
        for establishment in establishments {
            let headcount = establishment
                .headcount
                .map_or(String::new(), |bracket| bracket.rank().to_string());
            let _ = writeln!(
                rows,
                "{},{},{},{headcount},{},SRID=4326;POINT({} {})",
                establishment.siret,
                establishment.naf,
                establishment.hiring as f32,
                establishment.flags.bits(),
                establishment.position.longitude(),
                establishment.position.latitude(),
            );
        }
        let mut copy = pool
            .copy_in_raw("COPY bench_establishments FROM STDIN (FORMAT csv)")
            .await?;
        copy.send(rows.as_bytes()).await?;
        copy.finish().await?;
        let copied = started.elapsed();
        let mut shares = String::new();
        for row in table {
            if let Some(share) = index.share(row.rome, row.naf) {
                let _ = writeln!(shares, "{},{},{share}", row.rome, row.naf);
            }
        }
        let mut copy = pool
            .copy_in_raw("COPY bench_rome_naf FROM STDIN (FORMAT csv)")
            .await?;
        copy.send(dedup(&shares).as_bytes()).await?;
        copy.finish().await?;
        let indexing = Instant::now();
        sqlx::raw_sql(
            "CREATE INDEX bench_establishments_position ON bench_establishments USING gist (position);
             ANALYZE bench_establishments; ANALYZE bench_rome_naf;",
        )
        .execute(pool)
        .await?;
        println!(
            "postgis: {} rows copied in {:.1} s, GiST index and ANALYZE in {:.1} s",
            establishments.len(),
            copied.as_secs_f64(),
            indexing.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// The table may list a pair twice; the engine adds them up into one
    /// share, so one row per pair is kept.
    fn dedup(rows: &str) -> String {
        let mut seen = std::collections::BTreeSet::new();
        rows.lines()
            .filter(|line| {
                let key: Vec<&str> = line.splitn(3, ',').take(2).collect();
                seen.insert(key.join(","))
            })
            .map(|line| format!("{line}\n"))
            .collect()
    }

    pub fn compare(
        url: &str,
        establishments: &[IndexedEstablishment],
        table: &[RomeNafHirings],
        index: &MatchingIndex,
        mix: &[MixQuery],
        engine: [(f64, f64, f64); 3],
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect(url)
                .await
                .expect("PostgreSQL at RELAIS_BENCH_PG_URL");
            load(&pool, establishments, table, index)
                .await
                .expect("the PostGIS tables");
            let mut samples: BTreeMap<PlaceClass, Vec<Duration>> = BTreeMap::new();
            let mut same_pages = 0;
            let by_hirings = search_sql(SortOrder::ExpectedHirings);
            let by_distance = search_sql(SortOrder::Distance);
            for search in mix {
                let query = &search.query;
                let sql = match query.sort {
                    SortOrder::ExpectedHirings => &by_hirings,
                    SortOrder::Distance => &by_distance,
                };
                let started = Instant::now();
                // The text is one of the two above, the values are bound.
                let rows = sqlx::query(AssertSqlSafe(sql.as_str()))
                    .bind(query.rome.to_string())
                    .bind(query.origin.longitude())
                    .bind(query.origin.latitude())
                    .bind(query.radius_km * 1000.0)
                    .bind(i64::try_from(query.limit).expect("a small limit"))
                    .fetch_all(&pool)
                    .await
                    .expect("the PostGIS search");
                samples.entry(search.class).or_default().push(started.elapsed());

                let page = index.search(query);
                let sirets: Vec<u64> = rows
                    .iter()
                    .map(|row| row.get::<i64, _>("siret").unsigned_abs())
                    .collect();
                let total = rows.first().map_or(0, |row| row.get::<i64, _>("total"));
                let engine_sirets: Vec<u64> =
                    page.hits.iter().map(|hit| hit.siret.as_u64()).collect();
                if sirets == engine_sirets && usize::try_from(total) == Ok(page.total) {
                    same_pages += 1;
                }
            }
            println!(
                "postgis: {same_pages} of {} pages identical to the engine's (same companies in the same order, same total)",
                mix.len()
            );
            for (class, (e50, e99, _)) in PlaceClass::ALL.into_iter().zip(engine) {
                let (p50, p99, max) = super::percentiles(samples.get_mut(&class).expect("searches"));
                println!(
                    "postgis {:<6} p50 {p50:>9.1} µs  p99 {p99:>9.1} µs  max {max:>9.1} µs  ratio p50 {:>6.0}×  p99 {:>6.0}×",
                    class.as_str(),
                    p50 / e50,
                    p99 / e99
                );
            }
            sqlx::raw_sql("DROP TABLE bench_establishments; DROP TABLE bench_rome_naf;")
                .execute(&pool)
                .await
                .expect("drop the bench tables");
        });
    }
}
