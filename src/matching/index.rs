//! The in-memory index that answers "who is likely to hire for this job
//! near here", built once from the national data and then read-only.
//!
//! Layout. Establishments live in parallel arrays (struct of arrays), one
//! entry per establishment, sorted by activity code (NAF), then grid cell,
//! then hiring (highest first), then SIRET:
//!
//! | array        | type  | bytes |
//! |--------------|-------|-------|
//! | SIRET        | `u64` | 8     |
//! | latitude     | `i32` | 4     |
//! | longitude    | `i32` | 4     |
//! | hiring       | `f32` | 4     |
//! | headcount    | `u8`  | 1     |
//! | flags        | `u8`  | 1     |
//! | SIRET lookup | `u32` | 4     |
//!
//! The NAF of an establishment is not stored: it is implied by the position
//! in the array, through one offset per NAF. Within a NAF, each grid cell is
//! a contiguous run described by a cell key and a start offset (8 bytes per
//! non-empty (NAF, cell) pair). Measured with the cell table: 26 to 31
//! bytes per establishment, about 50 MB for the 2 million establishments of
//! France, so every application server can keep its own copy.
//!
//! Query. A job (ROME) hires through a known set of NAFs, usually a few
//! dozen. For each of them, the cells overlapping the search circle's
//! bounding box are found by binary search on the sorted cell keys (or by a
//! scan of the NAF's cells in the rows covered, when that is cheaper), and
//! only the establishments of those cells are read. A cheap chord test
//! comes before the haversine distance, and only the requested page is
//! sorted (a selection puts the first `offset + limit` results in front).
//! A cell wholly inside the circle, when no filter looks at the
//! establishments themselves, is counted by one binary search (its matches
//! are those with a hiring above zero, first in the cell), read by hiring
//! only until the page can take no more, and for an order by distance
//! skipped once even its nearest possible point is too far for the page.
//! The cost is at most proportional to the establishments of the job's
//! NAFs in the box, never to the size of the country.

use std::ops::Range;

use crate::domain::{Coordinates, Flags, HeadcountBracket, NafCode, RomeCode, Siret};

use super::geo::{chord_of_km, unit_vector, BoundingBox, Radians};
use super::grid::{self, SearchArea};
use super::query::{Filters, Hit, Ranked, SearchPage, SearchQuery, SortOrder};

/// An establishment as the index receives it: only what ranking and
/// filtering need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexedEstablishment {
    pub siret: Siret,
    pub naf: NafCode,
    /// Where distances are measured from. Callers replace the "not geocoded"
    /// placeholder (0, 0) by the commune centre before indexing.
    pub position: Coordinates,
    /// Predicted hirings in the next six months, all jobs together. Stored
    /// as `f32` (7 significant digits); a negative or NaN value counts as 0.
    pub hiring: f64,
    pub headcount: Option<HeadcountBracket>,
    pub flags: Flags,
}

/// One row of the ROME × NAF table: how many hirings for job `rome` were
/// observed in activity `naf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RomeNafHirings {
    pub rome: RomeCode,
    pub naf: NafCode,
    pub hirings: u32,
}

/// A correction of the ranking for one job: the establishment's expected
/// hirings for `rome` are multiplied by `factor`. It changes nothing where
/// the establishment does not already match the job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobBoost {
    pub siret: Siret,
    pub rome: RomeCode,
    pub factor: f64,
}

/// A [`JobBoost`] resolved to a position of the arrays.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Boost {
    rome: RomeCode,
    position: u32,
    factor: f32,
}

/// Whether a boost of one job (sorted by position) falls in `run`: its
/// order by hiring is then not its order by expected hirings.
fn boosted(boosts: &[Boost], run: &Range<usize>) -> bool {
    let first = boosts.partition_point(|boost| (boost.position as usize) < run.start);
    boosts
        .get(first)
        .is_some_and(|boost| (boost.position as usize) < run.end)
}

/// The factor of `position` among the boosts of one job (sorted by
/// position); 1 when it has none. Free when the job has no boost at all.
fn boost_factor(boosts: &[Boost], position: usize) -> f64 {
    if boosts.is_empty() {
        return 1.0;
    }
    boosts
        .binary_search_by_key(&position, |boost| boost.position as usize)
        .map_or(1.0, |found| f64::from(boosts[found].factor))
}

/// Slack of the chord radius test on the unit sphere (about 6 m), well
/// above the error of the `f32` vectors (about 1e-7).
const CHORD_MARGIN: f64 = 1e-6;

/// A match before ranking: where it is in the arrays and the value its
/// order selects on first (expected hirings, or the squared chord for the
/// distance order).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    key: f64,
    position: u32,
}

impl Candidate {
    fn at(key: f64, position: usize) -> Self {
        Self {
            key,
            position: to_u32(position),
        }
    }
}

/// Runs shorter than this are read point by point: deciding whether their
/// cell lies wholly inside the circle would cost more than it saves.
const WHOLE_CELL_MIN: usize = 32;

/// How near and how far a cell's points can be from a search's origin, in
/// chords of the unit sphere (exact, from `f64` vectors).
#[derive(Debug, Clone, Copy)]
struct CellReach {
    /// Squared chord to the farthest point: the farthest corner, since on
    /// a cell far smaller than the globe the distance from a point grows
    /// towards the corners.
    farthest: f64,
    /// A lower bound of the chord to the nearest point: the chord to the
    /// cell's centre less the chord from the centre to its farthest
    /// corner (the chord is a distance, so the triangle inequality holds).
    nearest: f64,
}

impl CellReach {
    fn of(origin: [f64; 3], cell: u32) -> Self {
        let corners = grid::cell_corners(cell);
        let (south, west) = corners[0];
        let (north, east) = corners[3];
        let centre = unit_vector((south + north) / 2.0, (west + east) / 2.0);
        let mut farthest: f64 = 0.0;
        let mut radius: f64 = 0.0;
        for (latitude, longitude) in corners {
            let corner = unit_vector(latitude, longitude);
            farthest = farthest.max(squared_distance(origin, corner));
            radius = radius.max(squared_distance(centre, corner));
        }
        let nearest = (squared_distance(origin, centre).sqrt() - radius.sqrt()).max(0.0);
        Self { farthest, nearest }
    }

    /// The squared lower bound of the chord to any stored point of the
    /// cell: the stored `f32` vectors may come nearer by [`CHORD_MARGIN`].
    fn nearest_squared(&self) -> f64 {
        (self.nearest - CHORD_MARGIN).max(0.0).powi(2)
    }
}

fn squared_distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// The reach of each cell of a search's area, computed when first needed.
struct CellReaches<'a> {
    area: &'a SearchArea,
    origin: [f64; 3],
    known: Vec<Option<CellReach>>,
}

impl<'a> CellReaches<'a> {
    fn new(area: &'a SearchArea, origin: [f64; 3]) -> Self {
        Self {
            area,
            origin,
            known: Vec::new(),
        }
    }

    fn of(&mut self, cell: u32) -> CellReach {
        let Some(slot) = self.area.cell_slot(cell) else {
            return CellReach::of(self.origin, cell);
        };
        if self.known.is_empty() {
            self.known = vec![None; self.area.cell_count()];
        }
        *self.known[slot].get_or_insert_with(|| CellReach::of(self.origin, cell))
    }
}

/// The bar a match must pass to be kept for the page, raised as matches
/// come: once `offset + limit` have been kept, a match whose key is worse
/// than the worst of the best so far cannot reach the page (for
/// distances, by more than twice [`CHORD_MARGIN`]). The kept matches
/// always include every one of the final page.
struct Bar {
    wanted: usize,
    by_distance: bool,
    /// Keys of the best `wanted` matches so far, as "badness" (the
    /// squared chord, or minus the expected hirings): the worst on top.
    best: std::collections::BinaryHeap<Badness>,
    /// The largest badness that passes.
    limit: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Badness(f64);

impl Eq for Badness {}

impl PartialOrd for Badness {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Badness {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Bar {
    fn new(query: &SearchQuery) -> Self {
        let wanted = query.offset.saturating_add(query.limit);
        Self {
            wanted,
            by_distance: query.sort == SortOrder::Distance,
            best: std::collections::BinaryHeap::with_capacity(wanted.min(1 << 16)),
            limit: if wanted == 0 {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
        }
    }

    /// Whether no match with a key of at least `squared_chord` (by
    /// distance) can reach the page any more.
    fn rejects(&self, squared_chord: f64) -> bool {
        self.by_distance && squared_chord > self.limit
    }

    /// Whether a match with this key may reach the page; raises the bar.
    fn passes(&mut self, key: f64) -> bool {
        let badness = if self.by_distance { key } else { -key };
        if badness > self.limit {
            return false;
        }
        if self.best.len() < self.wanted {
            self.best.push(Badness(badness));
        } else if self.best.peek().is_some_and(|worst| badness < worst.0) {
            self.best.pop();
            self.best.push(Badness(badness));
        } else {
            return true;
        }
        if self.best.len() == self.wanted {
            let worst = self.best.peek().map_or(f64::INFINITY, |worst| worst.0);
            self.limit = if self.by_distance {
                (worst.sqrt() + 2.0 * CHORD_MARGIN).powi(2)
            } else {
                worst
            };
        }
        true
    }
}

thread_local! {
    /// The matches of the search running on this thread, kept from one
    /// search to the next so that a large one neither allocates its list
    /// nor copies it as it grows.
    static CANDIDATES: std::cell::RefCell<Vec<Candidate>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Matches a thread keeps room for between searches (16 bytes each); a
/// larger list is freed after its search.
const KEPT_CANDIDATES: usize = 1 << 20;

/// Headcount code stored for an establishment whose bracket is unknown.
const UNKNOWN_HEADCOUNT: u8 = u8::MAX;

/// Read-only ranking index over establishments and the ROME × NAF table.
#[derive(Clone, Default)]
pub struct MatchingIndex {
    /// Activity codes met in either input, sorted; "NAF i" below is `nafs[i]`.
    nafs: Vec<NafCode>,
    /// Establishments of NAF i are at positions `naf_starts[i]..naf_starts[i + 1]`.
    naf_starts: Vec<u32>,
    /// Cells of NAF i are `naf_cells[i]..naf_cells[i + 1]`.
    naf_cells: Vec<u32>,
    /// Grid cell key of each (NAF, cell) run, sorted within a NAF.
    cell_keys: Vec<u32>,
    /// Run c covers positions `cell_starts[c]..cell_starts[c + 1]`.
    cell_starts: Vec<u32>,

    sirets: Vec<Siret>,
    latitudes: Vec<i32>,
    longitudes: Vec<i32>,
    hirings: Vec<f32>,
    /// `HeadcountBracket::rank`, or `UNKNOWN_HEADCOUNT`.
    headcounts: Vec<u8>,
    flags: Vec<Flags>,
    /// Each position as a point of the unit sphere, for the radius test.
    vectors: Vec<[f32; 3]>,
    /// Positions sorted by SIRET, for lookups by identifier.
    by_siret: Vec<u32>,

    /// Jobs with at least one ROME × NAF row, sorted.
    romes: Vec<RomeCode>,
    /// Pairs of job j are `rome_pairs[j]..rome_pairs[j + 1]`, sorted by NAF.
    rome_pairs: Vec<u32>,
    pair_nafs: Vec<u32>,
    /// hirings(R, N) / Σ_r hirings(r, N) of each pair.
    pair_shares: Vec<f64>,
    /// The platform admin's boosts, sorted by job then position: a handful,
    /// so a job without any costs its searches one binary search.
    boosts: Vec<Boost>,
}

impl MatchingIndex {
    /// Builds the index. When a SIRET appears more than once, the last
    /// occurrence wins; rows of the table with the same ROME and NAF add up.
    ///
    /// Panics when given 2³² establishments or more.
    pub fn build(establishments: Vec<IndexedEstablishment>, hirings: &[RomeNafHirings]) -> Self {
        let establishments = keep_last_per_siret(establishments);
        let mut index = Self {
            nafs: activity_codes(&establishments, hirings),
            ..Self::default()
        };
        index.load_hirings(hirings);
        index.load_establishments(establishments);
        index.shrink_to_fit();
        index
    }

    /// The index with `boosts` applied: each multiplies the expected
    /// hirings of one establishment for one job, in searches and in
    /// [`Self::expected_hirings`]. Boosts of SIRETs not indexed are
    /// ignored; a job boosted twice for one SIRET keeps the last factor.
    #[must_use]
    pub fn with_boosts(mut self, boosts: &[JobBoost]) -> Self {
        let mut resolved: Vec<Boost> = boosts
            .iter()
            .filter(|boost| boost.factor.is_finite() && boost.factor > 0.0)
            .filter_map(|boost| {
                #[allow(clippy::cast_possible_truncation)]
                Some(Boost {
                    rome: boost.rome,
                    position: to_u32(self.position_of(boost.siret)?),
                    factor: boost.factor as f32,
                })
            })
            .collect();
        resolved.reverse();
        resolved.sort_by_key(|boost| (boost.rome, boost.position));
        resolved.dedup_by_key(|boost| (boost.rome, boost.position));
        resolved.shrink_to_fit();
        self.boosts = resolved;
        self
    }

    /// Number of establishments indexed (distinct SIRETs).
    pub fn len(&self) -> usize {
        self.sirets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sirets.is_empty()
    }

    /// Whether the job has at least one ROME × NAF row.
    pub fn knows_rome(&self, rome: RomeCode) -> bool {
        self.romes.binary_search(&rome).is_ok()
    }

    /// hirings(R, N) / Σ_r hirings(r, N), or `None` when the pair is not in
    /// the table. A NAF whose rows are all zero gives shares of 0.
    pub fn share(&self, rome: RomeCode, naf: NafCode) -> Option<f64> {
        let naf = self.naf_position(naf)?;
        self.pair_share(rome, naf)
    }

    /// hiring(E) × share(R, E.naf): `None` when the SIRET is not indexed or
    /// its NAF has no row for the job. The value may be 0, in which case the
    /// establishment is not a match for the job.
    pub fn expected_hirings(&self, siret: Siret, rome: RomeCode) -> Option<f64> {
        let position = self.position_of(siret)?;
        let share = self.pair_share(rome, self.naf_at(position))?;
        Some(
            f64::from(self.hirings[position])
                * share
                * boost_factor(self.boosts_of(rome), position),
        )
    }

    /// An indexed establishment as stored: coordinates rounded to 1e-7
    /// degree, hiring to `f32` precision.
    pub fn get(&self, siret: Siret) -> Option<IndexedEstablishment> {
        let position = self.position_of(siret)?;
        let latitude = grid::decode_degrees(self.latitudes[position]);
        let longitude = grid::decode_degrees(self.longitudes[position]);
        Some(IndexedEstablishment {
            siret,
            naf: self.nafs[self.naf_at(position)],
            position: Coordinates::new(latitude, longitude).ok()?,
            hiring: f64::from(self.hirings[position]),
            headcount: HeadcountBracket::ALL
                .get(usize::from(self.headcounts[position]))
                .copied(),
            flags: self.flags[position],
        })
    }

    /// Establishments likely to hire for the query's job inside its radius,
    /// filtered, ranked, and cut to the requested page.
    pub fn search(&self, query: &SearchQuery) -> SearchPage {
        CANDIDATES.with_borrow_mut(|candidates| {
            candidates.clear();
            let total = self.collect_matches(query, candidates);
            let mut ranked = self.contenders(query, candidates);
            if candidates.capacity() > KEPT_CANDIDATES {
                *candidates = Vec::new();
            }
            let hits = page(&mut ranked, query.sort, query.offset, query.limit)
                .iter()
                .map(|ranked| Hit::from(*ranked))
                .collect();
            SearchPage { total, hits }
        })
    }

    /// Bytes of heap memory held by the index.
    pub fn heap_bytes(&self) -> usize {
        heap(&self.nafs)
            + heap(&self.naf_starts)
            + heap(&self.naf_cells)
            + heap(&self.cell_keys)
            + heap(&self.cell_starts)
            + heap(&self.sirets)
            + heap(&self.latitudes)
            + heap(&self.longitudes)
            + heap(&self.hirings)
            + heap(&self.headcounts)
            + heap(&self.flags)
            + heap(&self.vectors)
            + heap(&self.by_siret)
            + heap(&self.romes)
            + heap(&self.rome_pairs)
            + heap(&self.pair_nafs)
            + heap(&self.pair_shares)
            + heap(&self.boosts)
    }

    fn load_hirings(&mut self, rows: &[RomeNafHirings]) {
        let mut pairs: Vec<(RomeCode, usize, u64)> = rows
            .iter()
            .filter_map(|row| {
                Some((
                    row.rome,
                    self.naf_position(row.naf)?,
                    u64::from(row.hirings),
                ))
            })
            .collect();
        pairs.sort_unstable_by_key(|(rome, naf, _)| (*rome, *naf));
        pairs.dedup_by(|later, kept| {
            let same = (later.0, later.1) == (kept.0, kept.1);
            if same {
                kept.2 += later.2;
            }
            same
        });

        let mut naf_totals = vec![0_u64; self.nafs.len()];
        for (_, naf, hirings) in &pairs {
            naf_totals[*naf] += hirings;
        }

        self.rome_pairs.push(0);
        for (rome, naf, hirings) in pairs {
            if self.romes.last() != Some(&rome) {
                if !self.romes.is_empty() {
                    self.rome_pairs.push(to_u32(self.pair_nafs.len()));
                }
                self.romes.push(rome);
            }
            let total = naf_totals[naf];
            let share = if total == 0 {
                0.0
            } else {
                hirings as f64 / total as f64
            };
            self.pair_nafs.push(to_u32(naf));
            self.pair_shares.push(share);
        }
        if !self.romes.is_empty() {
            self.rome_pairs.push(to_u32(self.pair_nafs.len()));
        }
    }

    fn load_establishments(&mut self, establishments: Vec<IndexedEstablishment>) {
        // Within a cell, the highest hiring first: a search stops reading a
        // cell wholly inside its circle once the page cannot take more.
        type Order = (u32, u32, std::cmp::Reverse<u32>, Siret, u32);
        let mut order: Vec<Order> = establishments
            .iter()
            .enumerate()
            .map(|(input, establishment)| {
                let naf = self.naf_position(establishment.naf).map_or(0, to_u32);
                let latitude = grid::encode_degrees(establishment.position.latitude());
                let longitude = grid::encode_degrees(establishment.position.longitude());
                let cell = grid::cell_key(latitude, longitude);
                // The bits of a non-negative f32 sort as the number does.
                let hiring = std::cmp::Reverse(stored_hiring(establishment.hiring).to_bits());
                (naf, cell, hiring, establishment.siret, to_u32(input))
            })
            .collect();
        order.sort_unstable();

        let mut naf_sizes = vec![0_u32; self.nafs.len()];
        let mut naf_cell_counts = vec![0_u32; self.nafs.len()];
        let mut current_run = None;
        for (position, (naf, cell, _, _, input)) in order.iter().enumerate() {
            let establishment = &establishments[*input as usize];
            self.push_establishment(establishment);
            naf_sizes[*naf as usize] += 1;

            if current_run != Some((*naf, *cell)) {
                current_run = Some((*naf, *cell));
                naf_cell_counts[*naf as usize] += 1;
                self.cell_keys.push(*cell);
                self.cell_starts.push(to_u32(position));
            }
        }
        self.cell_starts.push(to_u32(order.len()));
        self.naf_starts = offsets(&naf_sizes);
        self.naf_cells = offsets(&naf_cell_counts);

        let mut by_siret: Vec<u32> = (0..to_u32(self.sirets.len())).collect();
        by_siret.sort_unstable_by_key(|position| self.sirets[*position as usize]);
        self.by_siret = by_siret;
    }

    fn push_establishment(&mut self, establishment: &IndexedEstablishment) {
        let hiring = stored_hiring(establishment.hiring);
        self.sirets.push(establishment.siret);
        self.latitudes
            .push(grid::encode_degrees(establishment.position.latitude()));
        self.longitudes
            .push(grid::encode_degrees(establishment.position.longitude()));
        self.hirings.push(hiring);
        self.headcounts.push(
            establishment
                .headcount
                .map_or(UNKNOWN_HEADCOUNT, |bracket| bracket.rank()),
        );
        self.flags.push(establishment.flags);
        let [x, y, z] = unit_vector(
            grid::decode_degrees(grid::encode_degrees(establishment.position.latitude())),
            grid::decode_degrees(grid::encode_degrees(establishment.position.longitude())),
        );
        #[allow(clippy::cast_possible_truncation)]
        self.vectors.push([x as f32, y as f32, z as f32]);
    }

    fn shrink_to_fit(&mut self) {
        self.nafs.shrink_to_fit();
        self.cell_keys.shrink_to_fit();
        self.cell_starts.shrink_to_fit();
        self.sirets.shrink_to_fit();
        self.latitudes.shrink_to_fit();
        self.longitudes.shrink_to_fit();
        self.hirings.shrink_to_fit();
        self.headcounts.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.vectors.shrink_to_fit();
        self.by_siret.shrink_to_fit();
        self.romes.shrink_to_fit();
        self.rome_pairs.shrink_to_fit();
        self.pair_nafs.shrink_to_fit();
        self.pair_shares.shrink_to_fit();
        self.boosts.shrink_to_fit();
    }

    fn naf_position(&self, naf: NafCode) -> Option<usize> {
        self.nafs.binary_search(&naf).ok()
    }

    fn position_of(&self, siret: Siret) -> Option<usize> {
        let found = self
            .by_siret
            .binary_search_by_key(&siret, |position| self.sirets[*position as usize])
            .ok()?;
        Some(self.by_siret[found] as usize)
    }

    /// The NAF of the establishment at `position`: the last NAF starting at
    /// or before it (NAFs without establishments share their successor's
    /// start and come before it).
    fn naf_at(&self, position: usize) -> usize {
        self.naf_starts
            .partition_point(|start| *start as usize <= position)
            - 1
    }

    /// The (NAF position, share) pairs of a job.
    fn pairs_of(&self, rome: RomeCode) -> impl Iterator<Item = (usize, f64)> + '_ {
        let pairs = match self.romes.binary_search(&rome) {
            Ok(job) => self.rome_pairs[job] as usize..self.rome_pairs[job + 1] as usize,
            Err(_) => 0..0,
        };
        self.pair_nafs[pairs.clone()]
            .iter()
            .zip(&self.pair_shares[pairs])
            .map(|(naf, share)| (*naf as usize, *share))
    }

    /// The boosts of a job, sorted by position.
    fn boosts_of(&self, rome: RomeCode) -> &[Boost] {
        let start = self.boosts.partition_point(|boost| boost.rome < rome);
        let end = self.boosts.partition_point(|boost| boost.rome <= rome);
        &self.boosts[start..end]
    }

    fn pair_share(&self, rome: RomeCode, naf: usize) -> Option<f64> {
        let job = self.romes.binary_search(&rome).ok()?;
        let pairs = self.rome_pairs[job] as usize..self.rome_pairs[job + 1] as usize;
        let found = self.pair_nafs[pairs.clone()]
            .binary_search(&to_u32(naf))
            .ok()?;
        Some(self.pair_shares[pairs.start + found])
    }

    /// Counts the establishments matching the query, and adds to `found`,
    /// unordered and with the key its order selects on, those that can
    /// still reach the page when they are met (see [`Bar`]).
    ///
    /// The radius test compares the chord between the origin and each
    /// point with the radius's chord: the stored `f32` vectors are within
    /// about 1e-7 of the exact ones, so a point clearly inside or outside
    /// (by more than [`CHORD_MARGIN`], about 6 m) is decided by three
    /// products, and only the points near the circle get the haversine
    /// distance, the one every result and the reference use.
    fn collect_matches(&self, query: &SearchQuery, found: &mut Vec<Candidate>) -> usize {
        let Some(bounding_box) = BoundingBox::around(query.origin, query.radius_km) else {
            return 0;
        };
        let area = SearchArea::covering(&bounding_box);
        let origin = Radians::of(query.origin.latitude(), query.origin.longitude());
        let [ox, oy, oz] = unit_vector(query.origin.latitude(), query.origin.longitude());
        let chord = chord_of_km(query.radius_km);
        let inside = (chord - CHORD_MARGIN).max(0.0).powi(2);
        let outside = (chord + CHORD_MARGIN).powi(2);
        let headcounts = headcount_ranks(&query.filters);
        let required_flags = query.filters.required_flags;
        // Without filters on the establishments themselves, a cell wholly
        // inside the circle is answered from its order by hiring.
        let unfiltered = required_flags.is_empty() && headcounts == (0..=UNKNOWN_HEADCOUNT);
        let by_distance = query.sort == SortOrder::Distance;
        let mut reaches = CellReaches::new(&area, [ox, oy, oz]);
        let mut bar = Bar::new(query);
        let mut total = 0;
        let boosts = self.boosts_of(query.rome);

        for (naf, share) in self.pairs_of(query.rome) {
            if share <= 0.0 || !query.filters.accepts_naf(self.nafs[naf]) {
                continue;
            }
            self.for_each_run(naf, &area, |run, cell| {
                if unfiltered && run.len() >= WHOLE_CELL_MIN && !boosted(boosts, &run) {
                    let reach = reaches.of(cell);
                    if reach.farthest <= inside {
                        // Hirings are sorted, highest first: the matches
                        // (hiring above zero) come first.
                        let matches = self.hirings[run.clone()].partition_point(|h| *h > 0.0);
                        total += matches;
                        let matches = run.start..run.start + matches;
                        if by_distance {
                            if bar.rejects(reach.nearest_squared()) {
                                return;
                            }
                            for position in matches {
                                let key = self.squared_chord(ox, oy, oz, position);
                                if bar.passes(key) {
                                    found.push(Candidate::at(key, position));
                                }
                            }
                        } else {
                            for position in matches {
                                let key = f64::from(self.hirings[position]) * share;
                                if !bar.passes(key) {
                                    break;
                                }
                                found.push(Candidate::at(key, position));
                            }
                        }
                        return;
                    }
                }
                for position in run {
                    if !self.flags[position].contains(required_flags)
                        || !headcounts.contains(&self.headcounts[position])
                    {
                        continue;
                    }
                    let expected_hirings =
                        f64::from(self.hirings[position]) * share * boost_factor(boosts, position);
                    if expected_hirings <= 0.0 {
                        continue;
                    }
                    let squared_chord = self.squared_chord(ox, oy, oz, position);
                    if squared_chord > outside
                        || (squared_chord > inside
                            && self.distance_km(&origin, position) > query.radius_km)
                    {
                        continue;
                    }
                    total += 1;
                    let key = if by_distance {
                        squared_chord
                    } else {
                        expected_hirings
                    };
                    if bar.passes(key) {
                        found.push(Candidate::at(key, position));
                    }
                }
            });
        }
        total
    }

    /// The squared chord between the origin `(ox, oy, oz)` and the stored
    /// vector of `position`.
    fn squared_chord(&self, ox: f64, oy: f64, oz: f64, position: usize) -> f64 {
        let [x, y, z] = self.vectors[position];
        (f64::from(x) - ox).powi(2) + (f64::from(y) - oy).powi(2) + (f64::from(z) - oz).powi(2)
    }

    fn distance_km(&self, origin: &Radians, position: usize) -> f64 {
        origin.distance_km(
            grid::decode_degrees(self.latitudes[position]),
            grid::decode_degrees(self.longitudes[position]),
        )
    }

    /// The matches that can be in the page, with their exact distance and
    /// expected hirings: every match when the page reaches the end, else
    /// those whose key is at least as good as the last place's (distances
    /// widened by twice [`CHORD_MARGIN`], so that points the `f32` vectors
    /// put in the wrong order stay in).
    fn contenders(&self, query: &SearchQuery, candidates: &mut [Candidate]) -> Vec<Ranked> {
        let wanted = query.offset.saturating_add(query.limit);
        if wanted == 0 || query.offset >= candidates.len() {
            // Every match at or before the page's end is a candidate, so
            // fewer candidates than the offset means fewer matches too.
            return Vec::new();
        }
        let mut end = candidates.len();
        if wanted < candidates.len() {
            let last = match query.sort {
                SortOrder::ExpectedHirings => {
                    candidates.select_nth_unstable_by(wanted - 1, |a, b| b.key.total_cmp(&a.key));
                    candidates[wanted - 1].key
                }
                SortOrder::Distance => {
                    candidates.select_nth_unstable_by(wanted - 1, |a, b| a.key.total_cmp(&b.key));
                    (candidates[wanted - 1].key.sqrt() + 2.0 * CHORD_MARGIN).powi(2)
                }
            };
            let contends = |candidate: &Candidate| match query.sort {
                SortOrder::ExpectedHirings => candidate.key >= last,
                SortOrder::Distance => candidate.key <= last,
            };
            // The selection put the first `wanted` in front; ties and
            // near-ties of the last place may be anywhere after them.
            end = wanted;
            for index in wanted..candidates.len() {
                if contends(&candidates[index]) {
                    candidates.swap(end, index);
                    end += 1;
                }
            }
        }
        let kept = &candidates[..end];
        let origin = Radians::of(query.origin.latitude(), query.origin.longitude());
        let boosts = self.boosts_of(query.rome);
        kept.iter()
            .map(|candidate| {
                let position = candidate.position as usize;
                let share = self
                    .pair_share(query.rome, self.naf_at(position))
                    .unwrap_or_default();
                Ranked {
                    siret: self.sirets[position],
                    distance_km: self.distance_km(&origin, position),
                    expected_hirings: f64::from(self.hirings[position])
                        * share
                        * boost_factor(boosts, position),
                }
            })
            .collect()
    }

    /// Calls `visit` with the positions and the cell key of every cell run
    /// of NAF `naf` that overlaps `area`.
    fn for_each_run(
        &self,
        naf: usize,
        area: &SearchArea,
        mut visit: impl FnMut(Range<usize>, u32),
    ) {
        let cells = self.naf_cells[naf] as usize..self.naf_cells[naf + 1] as usize;
        let keys = &self.cell_keys[cells.clone()];
        let (low, high) = area.key_span();
        let band_start = keys.partition_point(|key| *key < low);
        let band_end = keys.partition_point(|key| *key <= high);
        let band = &keys[band_start..band_end];
        let first = cells.start + band_start;
        let runs = |from: usize, to: usize| {
            self.cell_starts[first + from] as usize..self.cell_starts[first + to] as usize
        };

        // Reading the band's keys costs one comparison each; looking each
        // (row, column interval) up costs two binary searches. Pick the cheaper.
        if band.len() <= 2 * area.key_range_count() {
            for (offset, key) in band.iter().enumerate() {
                if area.covers_column(*key) {
                    visit(runs(offset, offset + 1), *key);
                }
            }
        } else {
            for (low, high) in area.key_ranges() {
                let from = band.partition_point(|key| *key < low);
                let to = band.partition_point(|key| *key <= high);
                for (offset, key) in band.iter().enumerate().take(to).skip(from) {
                    visit(runs(offset, offset + 1), *key);
                }
            }
        }
    }
}

/// Sizes only: the arrays hold millions of entries.
impl std::fmt::Debug for MatchingIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatchingIndex")
            .field("establishments", &self.len())
            .field("romes", &self.romes.len())
            .field("nafs", &self.nafs.len())
            .field("cells", &self.cell_keys.len())
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

/// Keeps, for each SIRET, its last occurrence in the input.
fn keep_last_per_siret(mut establishments: Vec<IndexedEstablishment>) -> Vec<IndexedEstablishment> {
    establishments.reverse();
    establishments.sort_by_key(|establishment| establishment.siret);
    establishments.dedup_by_key(|establishment| establishment.siret);
    establishments
}

/// Every NAF of the establishments and of the table, sorted and distinct.
fn activity_codes(
    establishments: &[IndexedEstablishment],
    hirings: &[RomeNafHirings],
) -> Vec<NafCode> {
    let mut nafs: Vec<NafCode> = establishments
        .iter()
        .map(|establishment| establishment.naf)
        .chain(hirings.iter().map(|row| row.naf))
        .collect();
    nafs.sort_unstable();
    nafs.dedup();
    nafs
}

/// The stored headcount codes that pass the filters. Unknown headcount is
/// stored as `u8::MAX`, above every bracket, so any bound excludes it.
fn headcount_ranks(filters: &Filters) -> std::ops::RangeInclusive<u8> {
    let largest = HeadcountBracket::ALL[HeadcountBracket::ALL.len() - 1];
    match (filters.headcount_min, filters.headcount_max) {
        (None, None) => 0..=UNKNOWN_HEADCOUNT,
        (min, max) => {
            let min = min.map_or(0, |bracket| bracket.rank());
            let max = max.unwrap_or(largest).rank();
            min..=max
        }
    }
}

/// Sorts the results at positions `offset..offset + limit` of the ranking
/// into place and returns them, without sorting the rest.
fn page(matches: &mut [Ranked], sort: SortOrder, offset: usize, limit: usize) -> &[Ranked] {
    let end = offset.saturating_add(limit).min(matches.len());
    let start = offset.min(end);
    if start == end {
        return &[];
    }
    let compare = |a: &Ranked, b: &Ranked| sort.compare(a, b);

    if end < matches.len() {
        matches.select_nth_unstable_by(end - 1, compare);
    }
    let top = &mut matches[..end];
    if start > 0 {
        top.select_nth_unstable_by(start, compare);
    }
    top[start..].sort_unstable_by(compare);
    &top[start..]
}

/// The hiring the index keeps: never negative (nor NaN).
#[allow(clippy::cast_possible_truncation)]
fn stored_hiring(hiring: f64) -> f32 {
    if hiring > 0.0 {
        hiring as f32
    } else {
        0.0
    }
}

/// Start offsets from sizes, with a final entry for the end.
fn offsets(sizes: &[u32]) -> Vec<u32> {
    let mut offsets = Vec::with_capacity(sizes.len() + 1);
    let mut start = 0;
    offsets.push(start);
    for size in sizes {
        start += size;
        offsets.push(start);
    }
    offsets
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).expect("the index holds fewer than 2^32 establishments")
}

fn heap<T>(values: &Vec<T>) -> usize {
    values.capacity() * std::mem::size_of::<T>()
}
